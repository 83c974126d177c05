// A whole 名特优新 year on the time-skipping test server: 62 applications across the four categories
// in August, refusals at the gate, county review and two-assessor visits in October (with a visit left
// overdue: reminder and escalation reach a real SMTP server), ranking on Oct 16 within the quota
// (base 1,000 成长型 at 5% → 50), an upheld objection replaced by the next-ranked, the city's
// confirmation, and every designation ingested by Nov 30.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { CATEGORY_CODES, type CategoryCode } from '../../domain/category/categories';
import { categoryConfigWith, DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { defaultCalendar } from '../../domain/programmeCalendar';
import { NO_HOLIDAYS } from '../../domain/workingDays';
import { annualCycleWorkflow } from '../../workflows/annualCycle';
import { applicationViewQuery, objectionSignal, withdrawUpdate, type ApplicationInput } from '../../messages/applicationMessages';
import { categoryApplicationWorkflow } from '../../workflows/categoryApplication';
import { cycleStateQuery } from '../../messages/cycleMessages';
import { designationViewQuery } from '../../workflows/designation';
import { confirmationSignatureTaskId } from '../../messages/ids';
import { completeTaskUpdate, type Actor } from '../../messages/taskMessages';
import { createProgrammeWorker } from '../../worker';
import { FIXTURE_COUNTIES, loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { startSmtpServer } from '../support/smtp';
import { until } from '../support/until';
import { recordHistory } from '../support/replayHistories';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let db: IsolatedDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let worker: Worker;
let population: KnownPopulation;
let year: number;
const taskQueue = 'category-selection';
const APPLICANTS = 60;

beforeAll(async () => {
  [env, bundle, db, smtp] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase(), startSmtpServer()]);
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  population = await loadKnownPopulation(db.pool, { year, growth: 1_000, survival: 50 });
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, mail: { smtpUrl: smtp.url, outboxDir: '/nonexistent' },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
  await smtp?.close();
});

/** Sections adding up to `total` on the default sheet (A 20, B 20, C 30, D 15, E 15). */
function sectionsFor(total: number): Record<string, number> {
  const sections: Record<string, number> = {};
  let left = total;
  for (const s of DEFAULT_CATEGORY_CONFIG.scoreSheet.sections) {
    sections[s.code] = Math.min(s.max, left);
    left -= sections[s.code]!;
  }
  return sections;
}

type Staff = Record<string, { admin: Actor; a: Actor; b: Actor }>;

/** A county administrator and two grassroots officers (the two assessors) in each fixture county, with e-mail. */
async function createStaff(on: IsolatedDatabase): Promise<Staff> {
  const staff: Staff = {};
  for (const county of FIXTURE_COUNTIES) {
    const make = async (role: string, name: string, email: string): Promise<Actor> => {
      const p = await on.prisma.principal.create({ data: { name, role, county, email } });
      return { id: p.id, name, role, county };
    };
    staff[county] = { admin: await make('COUNTY_AMR', `县局${county}`, `admin-${county}@amr.example`), a: await make('GRASSROOTS_STAFF', `甲${county}`, `a-${county}@amr.example`), b: await make('GRASSROOTS_STAFF', `乙${county}`, `b-${county}@amr.example`) };
  }
  return staff;
}

/** A self-declaration submitted `minute` minutes after Aug 10 02:00 UTC of `forYear`. */
function applicationInput(forYear: number, h: { uscc: string; county: string }, category: CategoryCode, minute: number, extra: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    applicationId: crypto.randomUUID(), year: forYear, uscc: h.uscc, county: h.county, category, channel: 'SELF', submittedBy: { id: crypto.randomUUID(), role: 'HOUSEHOLD' },
    submittedAt: new Date(Date.parse(`${forYear}-08-10T02:00:00Z`) + minute * 60_000).toISOString(), specialGroups: [], declared: { fields: {}, evidence: [] },
    calendar: defaultCalendar(forYear), config: DEFAULT_CATEGORY_CONFIG, holidays: NO_HOLIDAYS, cycleWorkflowId: `cycle-${forYear}`, ...extra,
  };
}

// Applicant i scores 95 − ⌊(i+1)/2⌋ (pairs tie: 1&2, 3&4, …); the last five fall below the pass line.
const scoreOf = (i: number) => (i >= 55 ? 50 : 95 - Math.floor((i + 1) / 2));
const categoryOf = (i: number): CategoryCode => CATEGORY_CODES[i % 4]!;

describe('名特优新 selection in the annual cycle', () => {
  it('ranks within the 5% quota, replaces an upheld objection with the next-ranked, designates everyone by Nov 30', async () => {
    const calendar = defaultCalendar(year);
    const cycleId = `cycle-${year}`;
    const staff = await createStaff(db);
    const city = await createPrincipal(db.prisma, 'CITY_AMR', { name: '市局' });
    const secondCity = await createPrincipal(db.prisma, 'CITY_AMR', { name: '市局复核' });
    const applicants = population.growth.slice(0, APPLICANTS);
    const refusedSurvival = population.survival[0]!;
    for (const h of [refusedSurvival, applicants[0]!, applicants[50]!]) {
      await db.prisma.principal.create({ data: { name: `经营者${h.uscc.slice(-4)}`, role: 'HOUSEHOLD', uscc: h.uscc, email: `${h.uscc}@household.example` } });
    }

    await worker.runUntil(async () => {
      const cycle = await env.client.workflow.start(annualCycleWorkflow, { workflowId: cycleId, taskQueue, args: [{ year, calendar }] });
      await env.sleep(Date.parse(`${year}-08-10T02:00:00Z`) - (await env.currentTimeMs()));
      await until('the recheck window', async () => (await cycle.query(cycleStateQuery)).phase === 'RECHECK_WINDOW');

      // August: 60 declarations in four categories, a 生存型 household without a recommendation, and a
      // recommended household whose operator is a 失信被执行人.
      const input = (h: { uscc: string; county: string }, category: CategoryCode, minute: number, extra: Partial<ApplicationInput> = {}) =>
        applicationInput(year, h, category, minute, { cycleWorkflowId: cycleId, ...extra });
      const start = (i: ApplicationInput) => env.client.workflow.start(categoryApplicationWorkflow, { workflowId: `application-${year}-${i.uscc}`, taskQueue, args: [i] });
      const handles: Array<Awaited<ReturnType<typeof start>>> = [];
      for (const [i, h] of applicants.entries()) handles.push(await start(input(h, categoryOf(i), i)));
      const survival = await start(input(refusedSurvival, 'TE', 100));
      const dishonest = await start(input(population.courtDishonest, 'MING', 101, {
        channel: 'RECOMMENDED', recommendation: { recommendationId: crypto.randomUUID(), department: '商务局', category: 'MING', reason: '老字号', receivedAt: new Date().toISOString() },
      }));

      const refusedView = await until('the gate refusal', async () => { const v = await survival.query(applicationViewQuery); return v.status === 'REJECTED_GATE' && v; });
      expect(refusedView.gate!.refusals).toEqual([{ code: 'NOT_IN_POOL', reason: expect.stringContaining('成长型或发展型') }]);
      const dishonestView = await until('the N2 refusal', async () => { const v = await dishonest.query(applicationViewQuery); return v.status === 'REJECTED_GATE' && v; });
      expect(dishonestView.gate).toMatchObject({ via: 'RECOMMENDATION', refusals: [{ code: 'N2', reason: '经营者被列为失信被执行人' }] });
      for (const h of handles) await until('the gate', async () => (await h.query(applicationViewQuery)).status === 'GATE_PASSED');

      // October 1: the re-run is done, declarations close, county review opens.
      await env.sleep(Date.parse(calendar.declarationClosesAt) + 3_600_000 - (await env.currentTimeMs()));
      await until('60 review tasks', async () => (await db.prisma.task.count({ where: { kind: 'APPLICATION_REVIEW', status: 'OPEN' } })) === APPLICANTS);
      const taskOf = (i: number, suffix: string) => `task-app-${handlesInput[i]!}-${suffix}`;
      const handlesInput = await Promise.all(handles.map(async (h) => (await h.query(applicationViewQuery)).applicationId));

      // A grassroots officer cannot decide a county review: refused, nothing recorded.
      const { a: officer } = staff[applicants[0]!.county]!;
      await expect(handles[0]!.executeUpdate(completeTaskUpdate, { args: [taskOf(0, 'review-1'), officer, { approve: true, reason: '好', assessedCriteria: ['M3'] }] }))
        .rejects.toMatchObject({ cause: { type: 'TASK_NOT_ELIGIBLE' } });
      expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskOf(0, 'review-1') } })).toMatchObject({ status: 'OPEN', completedBy: null });

      const assess: Record<CategoryCode, string[]> = { MING: ['M3'], TE: ['T3'], YOU: [], XIN: ['X1'] };
      for (const [i, h] of handles.entries()) {
        const county = applicants[i]!.county;
        await h.executeUpdate(completeTaskUpdate, { args: [taskOf(i, 'review-1'), staff[county]!.admin, { approve: true, reason: '材料属实，符合条件', assessedCriteria: assess[categoryOf(i)] }] });
      }

      // Visits: two different assessors; applicant 59's visit is left overdue.
      const LATE = 59;
      const visit = async (i: number) => {
        const { a, b } = staff[applicants[i]!.county]!;
        const sheet = { sections: sectionsFor(scoreOf(i)), veto: false, noConflictDeclared: true, notes: '' };
        await until('visit tasks', async () => (await db.prisma.task.count({ where: { id: { in: [taskOf(i, 'visit-1-1'), taskOf(i, 'visit-1-2')] } } })) === 2);
        await handles[i]!.executeUpdate(completeTaskUpdate, { args: [taskOf(i, 'visit-1-1'), a, sheet] });
        if (i === 0) {
          // The same officer cannot be the second assessor: refused, nothing recorded; scores stay hidden.
          await expect(handles[i]!.executeUpdate(completeTaskUpdate, { args: [taskOf(i, 'visit-1-2'), a, sheet] })).rejects.toMatchObject({ cause: { type: 'TASK_NOT_ELIGIBLE', message: expect.stringContaining('不同人员') } });
          expect((await db.prisma.task.findUniqueOrThrow({ where: { id: taskOf(i, 'visit-1-2') } })).status).toBe('OPEN');
          expect(await handles[i]!.query(applicationViewQuery)).toMatchObject({ scoresSubmitted: 1, score: null });
        }
        await handles[i]!.executeUpdate(completeTaskUpdate, { args: [taskOf(i, 'visit-1-2'), b, sheet] });
      };
      for (let i = 0; i < APPLICANTS; i++) if (i !== LATE) await visit(i);
      await env.sleep(10 * 86_400_000); // past the late visit's due date
      const lateTitle = `名特优新实地走访评分（评分人1）：${applicants[LATE]!.uscc}`;
      const lateCounty = applicants[LATE]!.county;
      await until('the escalation email', async () => smtp.received.some((m) => m.subject === `【已超期】${lateTitle}`));
      expect(smtp.received.filter((m) => m.subject === `【即将到期】${lateTitle}`).flatMap((m) => m.to).sort()).toEqual([`a-${lateCounty}@amr.example`, `b-${lateCounty}@amr.example`]);
      expect(smtp.received.filter((m) => m.subject === `【已超期】${lateTitle}`).flatMap((m) => m.to)).toEqual([`admin-${lateCounty}@amr.example`]);
      await visit(LATE);
      for (const h of handles) await until('scored', async () => (await h.query(applicationViewQuery)).status === 'SCORED');

      // October 16: ranking within the quota.
      await env.sleep(Date.parse(calendar.rankingAt) + 3_600_000 - (await env.currentTimeMs()));
      const state = await until('the ranking', async () => { const s = await cycle.query(cycleStateQuery); return s.selection.rankedAt ? s : null; });
      expect(state.selection).toMatchObject({ base: 1_000, cap: 50, registered: APPLICANTS + 2, scored: APPLICANTS });
      expect(state.selection.selected).toHaveLength(50);
      // Expected order, computed independently: score, then criteria verified from data (优质 applicants hold
      // a certification), then the earlier application.
      const expected = [...applicants.keys()].filter((i) => scoreOf(i) >= 60)
        .sort((x, y) => scoreOf(y) - scoreOf(x) || Number(categoryOf(y) === 'YOU') - Number(categoryOf(x) === 'YOU') || x - y);
      await until('ranks recorded', async () => (await db.prisma.application.count({ where: { year, rank: { not: null } } })) === 55);
      const ranked = await db.prisma.application.findMany({ where: { year, rank: { not: null } }, orderBy: { rank: 'asc' } });
      expect(ranked.map((a) => a.uscc)).toEqual(expected.map((i) => applicants[i]!.uscc));
      expect(expected.slice(0, 4)).toEqual([0, 2, 1, 3]); // 2 (优质, certified) ties with 1 and goes first
      expect(ranked[49]!.explanation).toMatch(/名额 50 名以内，入选/);
      expect(ranked[50]!.explanation).toMatch(/超出名额 50 名，未入选/);

      // October 17: a real-name objection against the top applicant is accepted, verified and upheld.
      await env.sleep(Date.parse(`${year}-10-17T02:00:00Z`) - (await env.currentTimeMs()));
      const topIndex = expected[0]!;
      const top = handles[topIndex]!;
      await until('in public notice', async () => (await top.query(applicationViewQuery)).status === 'IN_PUBLICITY');
      const objectionId = crypto.randomUUID();
      await db.prisma.objection.create({ data: { id: objectionId, year, uscc: applicants[topIndex]!.uscc, objectorName: '王五', objectorPhone: '13800001234', facts: '该店曾销售过期食品，有购物凭证为证', evidence: [], status: 'RECEIVED' } });
      await top.signal(objectionSignal, { objectionId, receivedAt: new Date(await env.currentTimeMs()).toISOString() });
      const topAdmin = staff[applicants[topIndex]!.county]!.admin;
      await until('the acceptance task', async () => db.prisma.task.findUnique({ where: { id: taskOf(topIndex, 'objections-1-accept') } }));
      await top.executeUpdate(completeTaskUpdate, { args: [taskOf(topIndex, 'objections-1-accept'), topAdmin, { decisions: [{ objectionId, accept: true, reason: '实名且有事实依据，予以受理' }] }] });
      await until('the verification task', async () => db.prisma.task.findUnique({ where: { id: taskOf(topIndex, 'objections-1-verify') } }));
      await top.executeUpdate(completeTaskUpdate, { args: [taskOf(topIndex, 'objections-1-verify'), topAdmin, { verdicts: [{ objectionId, upheld: true, findings: '现场核查属实', reason: '存在销售过期食品行为' }] }] });
      await until('removed', async () => (await top.query(applicationViewQuery)).status === 'OBJECTION_UPHELD');
      const nextIndex = expected[50]!;
      await until('the next-ranked in public notice', async () => (await handles[nextIndex]!.query(applicationViewQuery)).status === 'IN_PUBLICITY');
      expect((await cycle.query(cycleStateQuery)).selection.promoted).toEqual([applicants[nextIndex]!.uscc]);

      // October, once every notice has ended (the promoted applicant's too): four eyes on the list. One city
      // administrator prepares it (first signature: the list is frozen and hashed); the same administrator
      // cannot approve it; a second signature on another digest is refused; the second administrator signs
      // the frozen digest. The cycle closes on Nov 30 with everyone designated and reported for intake.
      await env.sleep(Date.parse(`${year}-10-28T02:00:00Z`) - (await env.currentTimeMs()));
      const prepare = confirmationSignatureTaskId(cycleId, 'prepare', 1);
      const approve = confirmationSignatureTaskId(cycleId, 'approve', 1);
      const prepareTask = await until('the first-signature task', async () => db.prisma.task.findUnique({ where: { id: prepare } }));
      expect(prepareTask).toMatchObject({ kind: 'CITY_CONFIRMATION_PREPARE', role: 'CITY_AMR', status: 'OPEN', dueAt: new Date(calendar.reviewEndsAt) });
      // Through the API: the first signer sees the list as it stands (50, with the digest it would be frozen under).
      const app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
      const api = (who: TestPrincipal) => ({ get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${who.token}`), post: (url: string, body: object) => request(app).post(url).set('Authorization', `Bearer ${who.token}`).send(body) });
      const before = await api(city).get(`/api/v1/tasks/${prepare}`);
      expect(before.status).toBe(200);
      expect(before.body.confirmationList).toMatchObject({ round: 1, frozen: false, hash: expect.stringMatching(/^[0-9a-f]{64}$/), pending: [], preparedBy: null });
      expect(before.body.confirmationList.entries).toHaveLength(50);
      expect((await api(city).post(`/api/v1/tasks/${prepare}/complete`, { payload: { prepared: true, note: '名单已核对' } })).status).toBe(200);
      const approveTask = await until('the second-signature task', async () => db.prisma.task.findUnique({ where: { id: approve } }));
      const frozen = ((await db.prisma.cycle.findUniqueOrThrow({ where: { year } })).selection as { frozenList: { hash: string; entries: Array<{ uscc: string; rank: number }>; pending: string[]; preparedBy: string } }).frozenList;
      expect(frozen).toMatchObject({ hash: before.body.confirmationList.hash, pending: [], preparedBy: city.id });
      expect(frozen.entries).toHaveLength(50);
      expect(approveTask).toMatchObject({ kind: 'CITY_CONFIRMATION_APPROVAL', status: 'OPEN' });
      expect([...approveTask.items].sort()).toEqual(frozen.entries.map((e) => e.uscc).sort());
      expect(approveTask.items).toContain(applicants[nextIndex]!.uscc);
      expect(approveTask.items).not.toContain(applicants[topIndex]!.uscc);
      // The second signer sees the frozen list, its digest and who prepared it.
      const shown = await api(secondCity).get(`/api/v1/tasks/${approve}`);
      expect(shown.body.confirmationList).toMatchObject({ round: 1, frozen: true, hash: frozen.hash, preparedBy: '市局' });
      // One administrator cannot sign twice; a second signature on another digest is refused; nothing recorded.
      const self = await api(city).post(`/api/v1/tasks/${approve}/complete`, { payload: { approve: true, listHash: frozen.hash } });
      expect(self.status).toBe(403);
      expect(self.body).toMatchObject({ code: 'TASK_NOT_ELIGIBLE', message: expect.stringContaining('不能同时审批') });
      const otherHash = await api(secondCity).post(`/api/v1/tasks/${approve}/complete`, { payload: { approve: true, listHash: 'f'.repeat(64) } });
      expect(otherHash.status).toBe(422);
      expect(otherHash.body.message).toContain('不一致');
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: approve } })).status).toBe('OPEN');
      expect((await api(secondCity).post(`/api/v1/tasks/${approve}/complete`, { payload: { approve: true, listHash: frozen.hash, note: '同意' } })).status).toBe(200);
      const confirmedAt = await until('the confirmation', async () => (await cycle.query(cycleStateQuery)).selection.confirmedAt);
      expect(Date.parse(confirmedAt)).toBeLessThan(Date.parse(calendar.reviewEndsAt)); // before November
      expect((await cycle.query(cycleStateQuery)).phase).toBe('CATEGORY_REVIEW');
      const final = await cycle.result();
      expect(final.selection.confirmed).toHaveLength(50);
      expect(final.history.map((h) => h.phase)).toEqual(['PLANNED', 'TYPING', 'RECHECK_WINDOW', 'RERUN', 'CATEGORY_REVIEW', 'INGESTION', 'CLOSED']);
      expect(Date.parse(final.history.find((h) => h.phase === 'INGESTION')!.at)).toBeGreaterThan(Date.parse(confirmedAt));
      // The intake report: written at the start of November (50 labels, WRITTEN: nothing acknowledged it), nothing new at the close.
      expect(final.intake).toEqual([{ submissionId: expect.any(String), rows: 50, status: 'WRITTEN' }, { submissionId: null, rows: 0, status: null }]);
      expect(Object.values(final.statistics!.designated).reduce((a, b) => a + b, 0)).toBe(50);
      // Each designation lives on in its own workflow, to be evaluated in its final year.
      const promoted = await env.client.workflow.getHandle(`designation-${year}-${applicants[nextIndex]!.uscc}`).query(designationViewQuery);
      expect(promoted).toMatchObject({ status: 'ACTIVE', validUntil: expect.stringMatching(new RegExp(`^${year + 3}-`)) });
      // Histories of the current code, under names of their own (committed ones are kept as recorded).
      await recordHistory('annualCycleFourEyes.json', () => cycle.fetchHistory());
      await recordHistory('categoryApplicationPromotedRegisterInDatabase.json', () => handles[nextIndex]!.fetchHistory());
      await recordHistory('categoryApplicationObjectionBatchUpheld.json', () => top.fetchHistory());
    });

    const labels = await db.prisma.categoryLabel.findMany({ where: { year } });
    expect(labels).toHaveLength(50);
    expect(labels.every((l) => l.designatedOn.toISOString().slice(0, 10) <= `${year}-10-31`)).toBe(true);
    // The intake report's records: one submission, WRITTEN, and one entry per label keyed (uscc, year, label_kind).
    const submissions = await db.prisma.directorySubmission.findMany({ where: { year, kind: 'CATEGORY_INTAKE' } });
    expect(submissions).toEqual([expect.objectContaining({ status: 'WRITTEN', rows: 50 })]);
    const entries = await db.prisma.directoryReportEntry.findMany({ where: { year, labelKind: 'CATEGORY' } });
    expect(entries.map((e) => e.uscc).sort()).toEqual(labels.map((l) => l.uscc).sort());
    expect(entries.every((e) => e.submissionId === submissions[0]!.id)).toBe(true);
    // Both signatures are kept with the confirmed list.
    expect((await db.prisma.cycle.findUniqueOrThrow({ where: { year } })).selection).toMatchObject({
      signatures: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preparedBy: city.id, approvedBy: secondCity.id },
    });
    expect(labels.every((l) => l.validUntil.getUTCFullYear() === l.designatedOn.getUTCFullYear() + 3)).toBe(true);
    const expectedLabels = new Set(labels.map((l) => l.uscc));
    const statusOf = async (uscc: string) => (await db.prisma.application.findFirstOrThrow({ where: { year, uscc } })).status;
    expect(expectedLabels.has(applicants[0]!.uscc)).toBe(false); // removed by the objection (applicant 0 ranks first)
    expect(await statusOf(applicants[0]!.uscc)).toBe('OBJECTION_UPHELD');
    const counts = await db.prisma.application.groupBy({ by: ['status'], where: { year }, _count: { _all: true } });
    expect(Object.fromEntries(counts.map((c) => [c.status, c._count._all]))).toEqual({ DESIGNATED: 50, OBJECTION_UPHELD: 1, NOT_DESIGNATED: 9, REJECTED_GATE: 2 });
    expect([...new Set(labels.map((l) => l.category))].sort()).toEqual([...CATEGORY_CODES].sort());

    // The households heard each outcome.
    const mailTo = (uscc: string) => smtp.received.filter((m) => m.to.includes(`${uscc}@household.example`)).map((m) => m.subject);
    expect(mailTo(refusedSurvival.uscc)).toEqual(['【名特优新】申请已受理', '【名特优新】申请未通过']);
    expect(mailTo(applicants[0]!.uscc)).toEqual(['【名特优新】申请已受理', '【名特优新】您已拟入选', '【名特优新】公示开始', '【名特优新】公示异议处理结果']);
    expect(mailTo(applicants[50]!.uscc)).toContain('【名特优新】认定结果');
    expect(await db.prisma.auditEntry.count({ where: { action: 'TASK_COMPLETED' } })).toBeGreaterThanOrEqual(APPLICANTS * 3 + 3);
  }, 600_000);
  it('with the county as the quota unit, each county ranks on its pro-rata share of the city cap', async () => {
    const unitYear = year + 1;
    const own = await isolatedDatabase();
    // A time-skipping server of its own: the first test's workflows (designations, policy matching) stay open
    // on a task queue nobody polls any more, and a timer of theirs firing while this test skips time can leave
    // a workflow task nobody completes, which holds the server's clock (a CI run once waited here in vain).
    const unitEnv = await timeSkippingEnvironment();
    try {
      // 100 成长型 households, 50 in each county: city cap 5, shared 2.5 / 2.5 → 3 (曾都区, by code) and 2 (随县).
      const pool100 = await loadKnownPopulation(own.pool, { year: unitYear, growth: 100, survival: 1 });
      const staff = await createStaff(own);
      const unitWorker = await createProgrammeWorker({ connection: unitEnv.nativeConnection, prisma: own.prisma, pool: own.pool, taskQueue: 'category-by-county', workflowBundle: bundle });
      const calendar = defaultCalendar(unitYear);
      await unitWorker.runUntil(async () => {
        const cycle = await unitEnv.client.workflow.start(annualCycleWorkflow, {
          workflowId: `cycle-${unitYear}`, taskQueue: 'category-by-county', args: [{ year: unitYear, calendar, category: categoryConfigWith({ quotaUnit: 'COUNTY' }) }],
        });
        await unitEnv.sleep(Date.parse(`${unitYear}-08-10T02:00:00Z`) - (await unitEnv.currentTimeMs()));
        await until('the recheck window', async () => (await cycle.query(cycleStateQuery)).phase === 'RECHECK_WINDOW');
        // Six applicants per county; 随县's score higher than any of 曾都区's.
        const applicants = pool100.growth.slice(0, 12);
        const score = (i: number) => (applicants[i]!.county === '421321' ? 90 : 75) - i;
        const handles = [];
        for (const [i, h] of applicants.entries()) {
          handles.push(await unitEnv.client.workflow.start(categoryApplicationWorkflow, {
            workflowId: `application-${unitYear}-${h.uscc}`, taskQueue: 'category-by-county', args: [applicationInput(unitYear, h, 'MING', i)],
          }));
        }
        for (const h of handles) await until('the gate', async () => (await h.query(applicationViewQuery)).status === 'GATE_PASSED');
        await unitEnv.sleep(Date.parse(calendar.declarationClosesAt) + 3_600_000 - (await unitEnv.currentTimeMs()));
        for (const [i, h] of handles.entries()) {
          const { applicationId } = await h.query(applicationViewQuery);
          const { admin, a, b } = staff[applicants[i]!.county]!;
          await until('the review task', async () => own.prisma.task.findUnique({ where: { id: `task-app-${applicationId}-review-1` } }));
          await h.executeUpdate(completeTaskUpdate, { args: [`task-app-${applicationId}-review-1`, admin, { approve: true, reason: '符合条件', assessedCriteria: ['M3'] }] });
          const sheet = { sections: sectionsFor(score(i)), veto: false, noConflictDeclared: true, notes: '' };
          await until('the visit tasks', async () => (await own.prisma.task.count({ where: { id: { startsWith: `task-app-${applicationId}-visit-1-` } } })) === 2);
          await h.executeUpdate(completeTaskUpdate, { args: [`task-app-${applicationId}-visit-1-1`, a, sheet] });
          await h.executeUpdate(completeTaskUpdate, { args: [`task-app-${applicationId}-visit-1-2`, b, sheet] });
        }
        await unitEnv.sleep(Date.parse(calendar.rankingAt) + 3_600_000 - (await unitEnv.currentTimeMs()));
        const state = await until('the ranking', async () => { const st = await cycle.query(cycleStateQuery); return st.selection.rankedAt ? st : null; });
        expect(state.selection).toMatchObject({ base: 100, cap: 5, capsByCounty: { '421303': 3, '421321': 2 } });
        const selected = applicants.filter((h) => state.selection.selected.includes(h.uscc));
        expect(selected.filter((h) => h.county === '421303').map((h) => applicants.indexOf(h))).toEqual([0, 2, 4]);
        expect(selected.filter((h) => h.county === '421321').map((h) => applicants.indexOf(h))).toEqual([1, 3]);
        await until('explanations', async () => (await own.prisma.application.count({ where: { year: unitYear, explanation: { not: null } } })) === 12);
        const notSelected = await own.prisma.application.findFirstOrThrow({ where: { uscc: applicants[5]!.uscc } });
        expect(notSelected.explanation).toMatch(/^随县：得分 85，排名第 3，超出名额 2 名，未入选/);

        // Four eyes, a list voided: a selected household withdraws between the two signatures; the approval
        // is withdrawn, the list is prepared again without it (too late in October for a promotion), and
        // only the new digest can be signed.
        const cityAdmin = async (name: string): Promise<Actor> => ({ id: (await own.prisma.principal.create({ data: { name, role: 'CITY_AMR' } })).id, role: 'CITY_AMR', county: null });
        const [preparer, approver] = [await cityAdmin('市局'), await cityAdmin('市局复核')];
        const cycleId = `cycle-${unitYear}`;
        const task = (step: 'prepare' | 'approve', round: number) => confirmationSignatureTaskId(cycleId, step, round);
        const frozenHash = async () => ((await own.prisma.cycle.findUniqueOrThrow({ where: { year: unitYear } })).selection as { frozenList: { hash: string } }).frozenList.hash;
        await unitEnv.sleep(Date.parse(`${unitYear}-10-28T02:00:00Z`) - (await unitEnv.currentTimeMs()));
        await until('the first signature', () => own.prisma.task.findUnique({ where: { id: task('prepare', 1) } }));
        await cycle.executeUpdate(completeTaskUpdate, { args: [task('prepare', 1), preparer, { prepared: true, note: '' }] });
        await until('the second signature', () => own.prisma.task.findUnique({ where: { id: task('approve', 1) } }));
        const firstHash = await frozenHash();
        const leaving = selected[0]!;
        await unitEnv.client.workflow.getHandle(`application-${unitYear}-${leaving.uscc}`)
          .executeUpdate(withdrawUpdate, { args: [{ id: crypto.randomUUID(), role: 'HOUSEHOLD', county: null, uscc: leaving.uscc }, '暂不参加'] });
        await until('the voided approval', async () => (await own.prisma.task.findUniqueOrThrow({ where: { id: task('approve', 1) } })).status === 'CANCELLED');
        await until('a new first signature', () => own.prisma.task.findUnique({ where: { id: task('prepare', 2) } }));
        await cycle.executeUpdate(completeTaskUpdate, { args: [task('prepare', 2), preparer, { prepared: true, note: '' }] });
        const approval = await until('the new second signature', () => own.prisma.task.findUnique({ where: { id: task('approve', 2) } }));
        expect([...approval.items].sort()).toEqual(selected.filter((h) => h !== leaving).map((h) => h.uscc).sort());
        const secondHash = await frozenHash();
        expect(secondHash).not.toBe(firstHash);
        await expect(cycle.executeUpdate(completeTaskUpdate, { args: [task('approve', 2), approver, { approve: true, listHash: firstHash, note: '' }] }))
          .rejects.toMatchObject({ cause: { type: 'TASK_INVALID_PAYLOAD' } });
        await cycle.executeUpdate(completeTaskUpdate, { args: [task('approve', 2), approver, { approve: true, listHash: secondHash, note: '' }] });
        const confirmed = await until('the confirmation', async () => { const st = await cycle.query(cycleStateQuery); return st.selection.confirmed.length ? st.selection.confirmed : null; });
        expect([...confirmed].sort()).toEqual(selected.filter((h) => h !== leaving).map((h) => h.uscc).sort());
      });
    } finally {
      await own.drop();
      await unitEnv.teardown();
    }
  }, 300_000);
});
