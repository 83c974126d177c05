// Appeals against a refusal on the time-skipping test server, through the API: a county review refuses an
// application; the household appeals within the window; the city upholds it and the application resumes at
// the on-site visit. A gate refusal not appealed within 10 working days: the late appeal is refused. A
// household refused at the gate may still declare again instead of appealing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { applicationViewQuery, type ApplicationView } from '../../messages/applicationMessages';
import { applicationWorkflowId } from '../../messages/ids';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let newWorker: () => Promise<Worker>;
let app: Express;
let population: KnownPopulation;
let year: number;
const taskQueue = 'appeals';
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const DAY = 86_400_000;

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  // A worker runs once (runUntil shuts it down): each test has its own.
  newWorker = () => createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
    mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'getihu-outbox-')), from: 'test@example.com' },
  });
  worker = await newWorker();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  year = new Date(await env.currentTimeMs()).getUTCFullYear();
  population = await loadKnownPopulation(db.pool, { year, growth: 2, survival: 3 });
  // The cycle's read model: declarations open, review open, the ranking 40 days ahead (drill dates).
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(1), declarationClosesAt: at(2), rankingAt: at(40), reviewEndsAt: at(50), closesAt: at(60) };
  const runId = `typing-${year}-ANNUAL`;
  await db.prisma.cycle.create({
    data: { year, workflowId: `cycle-${year}`, phase: 'RECHECK_WINDOW', calendar, categoryConfig: JSON.parse(JSON.stringify(DEFAULT_CATEGORY_CONFIG)), currentRunId: runId, selection: { register: 'DATABASE', reviewOpenedAt: at(0) } },
  });
  await db.prisma.typingResult.createMany({
    data: [...population.growth.map((g) => ({ uscc: g.uscc, type: 'G' })), ...population.survival.map((s) => ({ uscc: s.uscc, type: 'S' }))].map((r) => ({ ...r, runId, features: {}, trace: '' })),
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

const viewOf = (uscc: string) => env.client.workflow.getHandle(applicationWorkflowId(year, uscc)).query(applicationViewQuery);
const statusIs = (uscc: string, status: string, ready: (v: ApplicationView) => boolean = () => true) => until(`${uscc} ${status}`, async () => {
  const v = await viewOf(uscc);
  return v.status === status && ready(v) ? v : null;
});
/** Refused, the refusal mailed and the appeal window open. */
const appealOpen = (v: ApplicationView) => v.appeal?.status === 'OPEN';

describe('appeal against a refusal', () => {
  it('an appeal upheld within the deadline resumes the application; a late one is refused', async () => {
    const [growth, survivor, redeclarer] = [population.growth[0]!, population.survival[0]!, population.survival[1]!];
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: growth.uscc });
    const neighbour = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[1]!.uscc });
    const refused = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: survivor.uscc });
    const again = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: redeclarer.uscc });
    const countyAdmin = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: growth.county, department: '市场监管' });
    const city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
    await db.prisma.principal.updateMany({ where: { id: { in: [household.id, refused.id] } }, data: { email: 'household@example.com' } });

    await worker.runUntil(async () => {
      // The county refuses the growth household's application.
      expect((await request(app).post('/api/v1/applications').set(bearer(household)).send({ year, category: 'MING', fields: { marketReputation: '县内知名' } })).status).toBe(201);
      await statusIs(growth.uscc, 'COUNTY_REVIEW');
      const review = await until('the review task', () => db.prisma.task.findFirst({ where: { uscc: growth.uscc, kind: 'APPLICATION_REVIEW', status: 'OPEN' } }));
      expect((await request(app).post(`/api/v1/tasks/${review.id}/complete`).set(bearer(countyAdmin)).send({ payload: { approve: false, reason: '知名度材料不足' } })).status).toBe(200);
      const rejected = await statusIs(growth.uscc, 'REJECTED_REVIEW', appealOpen);
      expect(rejected.appeal).toMatchObject({ refusal: 'REJECTED_REVIEW', status: 'OPEN' });

      // Only the household appeals, once, with reasons; the city reviews it.
      const url = `/api/v1/applications/${year}/${growth.uscc}/appeal`;
      expect((await request(app).post(url).set(bearer(neighbour)).send({ reasons: '代为申诉' })).status).toBe(403);
      expect((await request(app).post(url).set(bearer(household)).send({ reasons: '' })).status).toBe(400);
      const filed = await request(app).post(url).set(bearer(household)).send({ reasons: '本店为县消协推荐的放心消费商户，审核未看到补充材料' });
      expect(filed.status).toBe(200);
      expect(filed.body.appeal).toMatchObject({ status: 'FILED', reasons: '本店为县消协推荐的放心消费商户，审核未看到补充材料' });
      expect((await request(app).post(url).set(bearer(household)).send({ reasons: '再次申诉' })).body).toMatchObject({ code: 'APPEAL_ALREADY_FILED' });
      await statusIs(growth.uscc, 'APPEAL_REVIEW');
      const appealTask = await until('the appeal task', () => db.prisma.task.findFirst({ where: { uscc: growth.uscc, kind: 'APPEAL_REVIEW', status: 'OPEN' } }));
      expect(appealTask).toMatchObject({ role: 'CITY_AMR', county: null });
      expect((await request(app).post(`/api/v1/tasks/${appealTask.id}/complete`).set(bearer(city)).send({ payload: { upheld: 'yes' } })).status).toBe(400);
      expect((await request(app).post(`/api/v1/tasks/${appealTask.id}/complete`).set(bearer(city)).send({ payload: { upheld: true, reason: '补充材料可证明县内知名度' } })).status).toBe(200);

      // Resumed where it was refused: the on-site visit, with its two assessors' tasks.
      const resumed = await statusIs(growth.uscc, 'SITE_VISIT');
      expect(resumed.history.map((h) => h.status).slice(-4)).toEqual(['COUNTY_REVIEW', 'REJECTED_REVIEW', 'APPEAL_REVIEW', 'SITE_VISIT']);
      expect(resumed.appeal).toMatchObject({ status: 'UPHELD_RESUMED', decision: { upheld: true, by: city.id } });
      await until('the visit tasks', async () => (await db.prisma.task.count({ where: { uscc: growth.uscc, kind: 'SITE_VISIT_SCORE', status: 'OPEN' } })) === 2);
      await until('the read model', async () => (await db.prisma.application.findFirstOrThrow({ where: { uscc: growth.uscc } })).status === 'SITE_VISIT');
      const mails = await db.prisma.notification.findMany({ where: { principalId: household.id }, orderBy: { id: 'asc' } });
      expect(mails.map((m) => m.kind)).toEqual(['APPLICATION_RECEIVED', 'APPLICATION_REFUSED', 'APPEAL_RECEIVED', 'APPEAL_OUTCOME']);
      expect(mails.at(-1)!.body).toContain('申诉成立');
      expect(await db.prisma.auditEntry.count({ where: { action: 'APPEAL_FILED', actorId: household.id } })).toBe(1);

      // A household refused at the gate may declare again instead of appealing.
      expect((await request(app).post('/api/v1/applications').set(bearer(again)).send({ year, category: 'TE', fields: { specialtyDescription: '泡泡青' } })).status).toBe(201);
      await statusIs(redeclarer.uscc, 'REJECTED_GATE', appealOpen);
      expect((await request(app).post('/api/v1/applications').set(bearer(again)).send({ year, category: 'YOU', fields: {} })).status).toBe(201);
      await until('the second application', async () => (await viewOf(redeclarer.uscc)).category === 'YOU');

      // A gate refusal nobody appeals for 10 working days: the window closes, a late appeal is refused.
      expect((await request(app).post('/api/v1/applications').set(bearer(refused)).send({ year, category: 'TE', fields: { specialtyDescription: '香菇' } })).status).toBe(201);
      const gateRefused = await statusIs(survivor.uscc, 'REJECTED_GATE', appealOpen);
      expect(gateRefused.appeal).toMatchObject({ refusal: 'REJECTED_GATE', status: 'OPEN' });
      await env.sleep(Date.parse(gateRefused.appeal!.dueAt) + 60_000 - (await env.currentTimeMs()));
      const handle = env.client.workflow.getHandle(applicationWorkflowId(year, survivor.uscc));
      await until('the window closed', async () => (await handle.describe()).status.name === 'COMPLETED');
      expect((await handle.query(applicationViewQuery)).appeal).toMatchObject({ status: 'LAPSED' });
      const late = await request(app).post(`/api/v1/applications/${year}/${survivor.uscc}/appeal`).set(bearer(refused)).send({ reasons: '迟到的申诉' });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ code: 'APPEAL_LATE' });
      expect((await db.prisma.application.findFirstOrThrow({ where: { uscc: survivor.uscc } })).status).toBe('REJECTED_GATE');
      expect(await db.prisma.task.count({ where: { uscc: survivor.uscc, kind: 'APPEAL_REVIEW' } })).toBe(0);
    });
  }, 240_000);

  it('an appeal upheld after the year\'s ranking does not resume, and says why', async () => {
    const growth = population.growth[1]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: growth.uscc });
    const countyAdmin = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: growth.county, department: '市场监管' });
    const city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
    await (await newWorker()).runUntil(async () => {
      expect((await request(app).post('/api/v1/applications').set(bearer(household)).send({ year, category: 'MING', fields: { marketReputation: '县内知名' } })).status).toBe(201);
      await statusIs(growth.uscc, 'COUNTY_REVIEW');
      const review = await until('the review task', () => db.prisma.task.findFirst({ where: { uscc: growth.uscc, kind: 'APPLICATION_REVIEW', status: 'OPEN' } }));
      expect((await request(app).post(`/api/v1/tasks/${review.id}/complete`).set(bearer(countyAdmin)).send({ payload: { approve: false, reason: '材料不足' } })).status).toBe(200);
      await statusIs(growth.uscc, 'REJECTED_REVIEW', appealOpen);
      expect((await request(app).post(`/api/v1/applications/${year}/${growth.uscc}/appeal`).set(bearer(household)).send({ reasons: '有补充材料' })).status).toBe(200);
      const appealTask = await until('the appeal task', () => db.prisma.task.findFirst({ where: { uscc: growth.uscc, kind: 'APPEAL_REVIEW', status: 'OPEN' } }));
      // The city decides after the ranking (rankingAt): upheld, but the year's selection is made.
      const { calendar } = await db.prisma.cycle.findUniqueOrThrow({ where: { year } });
      await env.sleep(Date.parse((calendar as { rankingAt: string }).rankingAt) + 3_600_000 - (await env.currentTimeMs()));
      expect((await request(app).post(`/api/v1/tasks/${appealTask.id}/complete`).set(bearer(city)).send({ payload: { upheld: true, reason: '补充材料成立' } })).status).toBe(200);
      const handle = env.client.workflow.getHandle(applicationWorkflowId(year, growth.uscc));
      await until('the application ended', async () => (await handle.describe()).status.name === 'COMPLETED');
      const view = await handle.query(applicationViewQuery);
      expect(view.status).toBe('REJECTED_REVIEW');
      expect(view.appeal).toMatchObject({ status: 'UPHELD_TOO_LATE', decision: { upheld: true } });
      expect(view.history.at(-1)!.note).toMatch(/申诉成立，但本年度名特优新已于 .* 完成排名/);
      expect(await db.prisma.task.count({ where: { uscc: growth.uscc, kind: 'SITE_VISIT_SCORE' } })).toBe(0);
    });
  }, 240_000);
});
