// The base list (基础名单) over a whole cycle on the time-skipping test server: after the Sept 30 re-run the
// households typed 成长型 that hold IP or honours and pass the gate become candidates, each with its
// suggested category and why; a sector department sees its sector's; each candidate is invited once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { createBaseListActivities } from '../../activities/baseListActivities';
import { createMailer } from '../../activities/mailer';
import { createNotificationActivities } from '../../activities/notificationActivities';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { annualCycleWorkflow } from '../../workflows/annualCycle';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let app: Express;
let population: KnownPopulation;
const taskQueue = 'base-list';
const outboxDir = mkdtempSync(path.join(tmpdir(), 'getihu-outbox-'));
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
    exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')), mail: { outboxDir, from: 'test@example.com' },
  });
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

describe('the base list', () => {
  it('lists a household with a registered trademark and a 市级老字号 as 知名, for its sector, and invites it once', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1; // a year still ahead
    population = await loadKnownPopulation(db.pool, { year, growth: 6, survival: 2 });
    const [brand, patented] = [population.growth[0]!.uscc, population.growth[1]!.uscc];
    const certified = population.growth[2]!.uscc; // the fixture's 管理体系认证 (优质 Y5)
    const [survivor, dishonest] = [population.survival[0]!.uscc, population.courtDishonest.uscc];
    const today = new Date().toISOString().slice(0, 10);

    // The data: IP from the IP office, honours from commerce.
    const ipOffice = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '知识产权' });
    const commerce = await createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '商务' });
    const culture = await createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '文旅' });
    const city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
    const ip = await request(app).post(`/api/v1/feeds/ip-assets?asOf=${today}`).set(bearer(ipOffice)).set('Content-Type', 'text/csv').send(csv([
      ['kind', 'regNo', 'uscc', 'holder', 'classes', 'status', 'giRelated'],
      ['TRADEMARK', '70000001', brand, 'HOUSEHOLD', '30', '有效', '否'],
      ['PATENT', 'ZL202310000001.1', patented, 'OPERATOR', '', '有效', '否'],
      ['TRADEMARK', '70000002', survivor, 'HOUSEHOLD', '30', '有效', '否'], // 生存型: not eligible
      ['TRADEMARK', '70000003', dishonest, 'HOUSEHOLD', '30', '有效', '否'], // operator on the court's list
    ]));
    expect(ip.body).toMatchObject({ inserted: 4, rejected: 0 });
    const honours = await request(app).post(`/api/v1/feeds/designations?asOf=${today}`).set(bearer(commerce))
      .send([{ uscc: brand, kind: '市级老字号', level: '市', authority: '随州市商务局', awardedOn: `${year - 2}-05-01`, title: '随州老字号' }]);
    expect(honours.body).toMatchObject({ inserted: 1, rejected: 0 });
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: brand });
    await db.prisma.principal.update({ where: { id: household.id }, data: { email: 'brand@example.com' } });

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(annualCycleWorkflow, { workflowId: `cycle-${year}`, taskQueue, args: [{ year, calendar: defaultCalendar(year) }] });
      await handle.result(); // time skips to the end of November
    });

    const candidates = await db.prisma.baseListCandidate.findMany({ where: { year }, orderBy: { uscc: 'asc' } });
    expect(candidates.map((c) => [c.uscc, c.suggestedCategory]).sort()).toEqual([[brand, 'MING'], [patented, 'XIN'], [certified, 'YOU']].sort());
    const built = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'BASE_LIST_BUILT', targetId: String(year) } });
    expect(built.after).toMatchObject({ runId: `typing-${year}-RERUN`, referenceDate: `${year}-09-30`, candidates: 3 });

    // Commerce (retail is its sector, and it awarded the 老字号) sees the candidate and why.
    const seen = await request(app).get(`/api/v1/base-list?year=${year}`).set(bearer(commerce));
    expect(seen.status).toBe(200);
    const item = seen.body.items.find((i: { uscc: string }) => i.uscc === brand);
    expect(item).toMatchObject({
      suggestedCategory: 'MING', suggestedCategoryLabel: '知名', typingType: 'G', sectors: ['商务'],
      reasons: [
        { category: 'MING', criteria: [{ code: 'M1', evidence: '注册商标 1 件' }, { code: 'M7', evidence: '市级市级老字号' }] },
        { category: 'YOU', criteria: [{ code: 'Y2', evidence: '市级市级老字号' }] },
      ],
      invitedAt: expect.any(String),
    });
    expect(item.explanation).toContain('建议申报知名类');
    // Culture & tourism has no candidate in retail; a county administrator sees only their county.
    expect((await request(app).get(`/api/v1/base-list?year=${year}`).set(bearer(culture))).body.items).toEqual([]);
    const county = population.growth[0]!.county;
    const countyAdmin = await createPrincipal(db.prisma, 'COUNTY_AMR', { county, department: '市场监管' });
    const countyItems = (await request(app).get(`/api/v1/base-list?year=${year}`).set(bearer(countyAdmin))).body.items as Array<{ county: string }>;
    expect(countyItems.length).toBeGreaterThan(0);
    expect(countyItems.every((i) => i.county === county)).toBe(true);
    expect((await request(app).get(`/api/v1/base-list?year=${year}&category=XIN`).set(bearer(city))).body.items.map((i: { uscc: string }) => i.uscc)).toEqual([patented]);
    expect((await request(app).get(`/api/v1/base-list?year=${year}`).set(bearer(household))).status).toBe(403);

    // One invitation; building and inviting again (a retried activity, a second run) sends nothing more.
    const invitations = () => db.prisma.notification.findMany({ where: { kind: 'BASE_LIST_INVITATION', principalId: household.id } });
    expect(await invitations()).toHaveLength(1);
    expect((await invitations())[0]!.body).toContain('建议申报类别：知名');
    const invitedAt = candidates.find((c) => c.uscc === brand)!.invitedAt;
    const again = createBaseListActivities(db.prisma, db.pool, createNotificationActivities(db.prisma, createMailer({ outboxDir, from: 'test@example.com' })).notify);
    await again.buildBaseList({ year, runId: `typing-${year}-RERUN`, referenceDate: `${year}-09-30` });
    expect(await again.inviteBaseList({ year, declarationClosesAt: defaultCalendar(year).declarationClosesAt })).toEqual({ invited: 0 });
    expect(await invitations()).toHaveLength(1);
    expect((await db.prisma.baseListCandidate.findUniqueOrThrow({ where: { year_uscc: { year, uscc: brand } } })).invitedAt).toEqual(invitedAt);
  }, 240_000);
});
