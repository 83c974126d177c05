// 名特优新 through the API on a real dev server and PostgreSQL: the prefilled form and the refusal of
// department-supplied values, gate refusals with reasons, recommendations as Signals with their own id,
// the task inbox (filters, concurrent claims, wrong person, reassign, comments, send back), withdrawal,
// the public notice list and objections without a token, and the cycle's summary.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { applicationViewQuery, reviewOpenedSignal, type ApplicationView } from '../../messages/applicationMessages';
import { applicationWorkflowId } from '../../messages/ids';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { step } from '../support/step';
import { until } from '../support/until';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';

// A programme year whose data (annual reports by June 30) lies in the past: the gate decides as of today.
const YEAR = new Date(Date.now() - 200 * 86_400_000).getUTCFullYear();
const taskQueue = 'api-applications-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let population: KnownPopulation;
let cityAdmin: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

const applicationOf = (uscc: string) => env.client.workflow.getHandle(`application-${YEAR}-${uscc}`);
const statusOf = async (uscc: string) => (await applicationOf(uscc).query(applicationViewQuery)).status;

// The year's four applications, which the summary and visibility tests count: each made once, by the
// test that is about it or by a later test run alone.
const growth4Household = step(() => createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[4]!.uscc }));
const craftPdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('随州泡泡青腌制技艺传承证明'.repeat(20))]);
const uploadEvidence = async (field: string, type = 'application/pdf', body: Buffer = craftPdf, who?: TestPrincipal) =>
  request(app).post(`/api/v1/evidence?year=${YEAR}&field=${field}&fileName=${encodeURIComponent('传承证明.pdf')}`).set(bearer(who ?? (await growth4Household()))).set('Content-Type', type).send(body);
const craftEvidenceStored = step(() => uploadEvidence('craftDescription'));
const growth4Declared = step(async () => {
  const stored = await craftEvidenceStored();
  return request(app).post('/api/v1/applications').set(bearer(await growth4Household()))
    .send({ year: YEAR, category: 'TE', fields: { craftDescription: '三代传承' }, evidence: [{ evidenceId: stored.body.evidenceId, field: 'craftDescription', title: '传承证明' }] });
});
const survival0Household = step(() => createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.survival[0]!.uscc }));
const survival0Applied = step(async () => request(app).post('/api/v1/applications').set(bearer(await survival0Household())).send({ year: YEAR, category: 'TE', fields: { specialtyDescription: '随州泡泡青腌制' } }));
const commerceBureau = step(() => createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '商务局' }));
let recommendationBody: Record<string, unknown> & { consent: Record<string, unknown> } | undefined;
/** One body, sent again as is by the duplicate check. */
const dishonestRecommendation = () => (recommendationBody ??= {
  recommendationId: '0b7c6f1e-7d1a-4a55-9a57-1f0c2a3b4c5d', year: YEAR, uscc: population.courtDishonest.uscc, category: 'MING', reason: '本地老字号',
  consent: { consented: true, recordedAt: new Date().toISOString(), method: '书面', reference: '商务-推荐-001' },
});
const dishonestRecommended = step(async () => request(app).post('/api/v1/recommendations').set(bearer(await commerceBureau())).send(dishonestRecommendation()));
const growth1Household = step(() => createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[1]!.uscc }));
const growth1Applied = step(async () => request(app).post('/api/v1/applications').set(bearer(await growth1Household())).send({ year: YEAR, category: 'MING', fields: { marketReputation: '县内知名' } }));
const growth1Withdrawn = step(async () => {
  await growth1Applied();
  return request(app).post(`/api/v1/applications/${YEAR}/${population.growth[1]!.uscc}/withdrawal`).set(bearer(await growth1Household())).send({ reason: '暂不申报' });
});

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  population = await loadKnownPopulation(db.pool, { year: YEAR, growth: 20, survival: 5 });
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  cityAdmin = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  // A drill calendar: the labels are out and declarations close in an hour.
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(50), declarationClosesAt: at(60), rankingAt: at(70), reviewEndsAt: at(80), closesAt: at(90) };
  expect((await request(app).post('/api/v1/cycles').set(bearer(cityAdmin)).send({ year: YEAR, calendar })).status).toBe(201);
  await until('the recheck window', async () => (await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(cityAdmin))).body.readModel?.phase === 'RECHECK_WINDOW');
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

describe('declaring', () => {
  it('prefills and locks what departments share, and refuses a household that posts such a value', async () => {
    const { uscc } = population.growth[0]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
    const form = await request(app).get(`/api/v1/applications/${YEAR}/${uscc}/form?category=YOU`).set(bearer(household));
    expect(form.status).toBe(200);
    expect(form.body.shared).toContainEqual({ field: 'taxPaid', label: '纳税额', value: 2000, department: '税务', asOf: `${YEAR}-06-20`, locked: true });
    expect(form.body.shared).toContainEqual(expect.objectContaining({ field: 'typingResult', value: 'G', locked: true }));
    expect(form.body.declarable.map((d: { field: string }) => d.field)).toContain('onlineFollowers');
    expect(form.body.gate).toMatchObject({ passed: true, via: 'TYPE' });

    const posted = await request(app).post('/api/v1/applications').set(bearer(household))
      .send({ year: YEAR, category: 'YOU', fields: { taxPaid: 50_000, onlineFollowers: 1200 } });
    expect(posted.status).toBe(422);
    expect(posted.body).toMatchObject({ code: 'DEPARTMENT_SUPPLIED_FIELD', details: [expect.objectContaining({ field: 'fields.taxPaid' })] });
    expect(posted.body.message).toBe('「纳税额」由税务部门共享提供，无需也不能由经营者填报或上传材料');
    const evidence = await request(app).post('/api/v1/applications').set(bearer(household))
      .send({ year: YEAR, category: 'YOU', evidence: [{ field: 'trademarks', title: '商标证', fileName: 'tm.pdf', sha256: 'a'.repeat(64), sizeBytes: 10 }] });
    expect(evidence.status).toBe(422);
    expect(evidence.body.message).toMatch(/注册商标.*知识产权/);
    expect(await db.prisma.application.count()).toBe(0); // nothing started, nothing written
    await expect(applicationOf(uscc).describe()).rejects.toThrow();
  });

  it('takes evidence files only for fields nobody shares, and lets the household and its county read them', async () => {
    const { uscc, county } = population.growth[4]!;
    const household = await growth4Household();
    const pdf = craftPdf;
    const upload = uploadEvidence;

    const shared = await upload('taxPaid');
    expect(shared.status).toBe(422);
    expect(shared.body).toMatchObject({ code: 'DEPARTMENT_SUPPLIED_FIELD', message: expect.stringContaining('税务') });
    expect((await upload('craftDescription', 'text/plain', Buffer.from('x'))).status).toBe(415);
    expect((await upload('craftDescription', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1))).status).toBe(413);
    expect(await db.prisma.evidenceFile.count()).toBe(0);

    const stored = await craftEvidenceStored();
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ field: 'craftDescription', fileName: '传承证明.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });

    // Another household cannot cite or read it; the county's staff can read it.
    const other = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[5]!.uscc });
    const borrowed = await request(app).post('/api/v1/applications').set(bearer(other)).send({ year: YEAR, category: 'TE', evidence: [{ evidenceId: stored.body.evidenceId, field: 'craftDescription', title: '传承证明' }] });
    expect(borrowed.status).toBe(422);
    expect(borrowed.body.code).toBe('EVIDENCE_NOT_FOUND');
    expect((await request(app).get(`/api/v1/evidence/${stored.body.evidenceId}`).set(bearer(other))).status).toBe(403);
    const staff = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county });
    const read = await request(app).get(`/api/v1/evidence/${stored.body.evidenceId}`).set(bearer(staff)).buffer(true).parse((r, done) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => done(null, Buffer.concat(parts)));
    });
    expect(read.status).toBe(200);
    expect(Buffer.compare(read.body as Buffer, pdf)).toBe(0);
    const elsewhere = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: county === '421303' ? '421321' : '421303' });
    expect((await request(app).get(`/api/v1/evidence/${stored.body.evidenceId}`).set(bearer(elsewhere))).status).toBe(403);

    const declared = await growth4Declared();
    expect(declared.status).toBe(201);
    await until('the application row', async () => db.prisma.application.findFirst({ where: { uscc } }));
    expect((await db.prisma.application.findFirstOrThrow({ where: { uscc } })).declared).toMatchObject({
      evidence: [{ evidenceId: stored.body.evidenceId, field: 'craftDescription', sha256: stored.body.sha256, fileName: '传承证明.pdf' }],
    });
    expect(await db.prisma.auditEntry.count({ where: { action: 'EVIDENCE_UPLOADED', actorId: household.id } })).toBe(1);
  });

  it('starts the application on the cycle\'s official holiday schedule, recorded in its history', async () => {
    expect((await growth4Declared()).status).toBe(201);
    const history = await env.client.workflow.getHandle(applicationWorkflowId(YEAR, population.growth[4]!.uscc)).fetchHistory();
    const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const input = JSON.parse(Buffer.from(payload.data!).toString('utf8')) as { holidays: { years: number[]; holidays: string[]; workdays: string[] } };
    const cycle = await db.prisma.cycle.findUniqueOrThrow({ where: { year: YEAR } });
    expect(input.holidays).toEqual(cycle.holidays);
    // The drill calendar is in 2026: the State Council's 2026 National Day days off and its Saturday worked.
    expect(input.holidays.years).toContain(2026);
    expect(input.holidays.holidays).toContain('2026-10-01');
    expect(input.holidays.workdays).toContain('2026-10-10');
  });

  it('refuses a 生存型 household without a recommendation at the gate, with the reason', async () => {
    const { uscc } = population.survival[0]!;
    const household = await survival0Household();
    const created = await survival0Applied();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'SUBMITTED', statusLabel: '已申报', category: 'TE', channel: 'SELF' });
    await until('the gate', async () => (await statusOf(uscc)) === 'REJECTED_GATE');
    const view = await request(app).get(`/api/v1/applications/${YEAR}/${uscc}`).set(bearer(household));
    expect(view.body.gate.refusals).toEqual([{ code: 'NOT_IN_POOL', reason: expect.stringContaining('不是成长型或发展型') }]);
    expect(view.body.history.at(-1)).toMatchObject({ status: 'REJECTED_GATE', note: expect.stringContaining('NOT_IN_POOL') });
    // The read model follows the workflow's view (an activity after the status change): wait for it.
    const recorded = await until('the read model', async () => { const a = await db.prisma.application.findFirstOrThrow({ where: { uscc } }); return a.status === 'REJECTED_GATE' && a; });
    expect(recorded).toMatchObject({ status: 'REJECTED_GATE', declared: { fields: { specialtyDescription: '随州泡泡青腌制' }, evidence: [] } });
    // Another household cannot look at it.
    const other = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.survival[1]!.uscc });
    expect((await request(app).get(`/api/v1/applications/${YEAR}/${uscc}`).set(bearer(other))).status).toBe(403);
  });

  it('takes a recommendation once per id, and still refuses a 失信被执行人 at the gate', async () => {
    const { uscc } = population.courtDishonest;
    const department = await commerceBureau();
    const body = dishonestRecommendation();
    const first = await dishonestRecommended();
    expect(first.status).toBe(201);
    expect(first.body.duplicate).toBe(false);
    const again = await request(app).post('/api/v1/recommendations').set(bearer(department)).send(body);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const noConsent = await request(app).post('/api/v1/recommendations').set(bearer(department)).send({ ...body, recommendationId: '1b7c6f1e-7d1a-4a55-9a57-1f0c2a3b4c5d', consent: { ...body.consent, consented: false } });
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body.details)).toContain('推荐须经经营者本人同意');
    await until('the gate', async () => (await statusOf(uscc)) === 'REJECTED_GATE');
    const view: ApplicationView = await applicationOf(uscc).query(applicationViewQuery);
    expect(view.recommendations).toHaveLength(1);
    expect(view).toMatchObject({ channel: 'RECOMMENDED', gate: { via: 'RECOMMENDATION', refusals: [{ code: 'N2', reason: '经营者被列为失信被执行人' }] } });
    expect(await db.prisma.recommendation.count()).toBe(1);
  });
});

describe('the task inbox', () => {
  it('lets one of two claimants win, refuses the other\'s completion, reassigns, comments and sends back', async () => {
    const { uscc, county } = population.growth[1]!;
    const household = await growth1Household();
    const adminA = await createPrincipal(db.prisma, 'COUNTY_AMR', { county, name: '县局甲' });
    const adminB = await createPrincipal(db.prisma, 'COUNTY_AMR', { county, name: '县局乙' });
    const officer = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county, name: '所里丙' });
    const elsewhere = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: county === '421303' ? '421321' : '421303' });
    expect((await growth1Applied()).status).toBe(201);
    await until('the gate', async () => (await statusOf(uscc)) === 'GATE_PASSED');
    await applicationOf(uscc).signal(reviewOpenedSignal); // what the cycle does after the Sept 30 re-run

    const inbox = await until('the review task', async () => {
      const r = await request(app).get(`/api/v1/tasks?kind=APPLICATION_REVIEW&year=${YEAR}`).set(bearer(adminA));
      return r.body.items.length ? r.body : null;
    });
    const taskId = inbox.items[0].id as string;
    expect(inbox.items[0]).toMatchObject({ kind: 'APPLICATION_REVIEW', county, role: 'COUNTY_AMR', status: 'OPEN', assigneeId: null, uscc, year: YEAR, overdue: false });
    expect((await request(app).get('/api/v1/tasks?kind=APPLICATION_REVIEW').set(bearer(elsewhere))).body.items).toEqual([]);
    expect((await request(app).get('/api/v1/tasks?kind=APPLICATION_REVIEW').set(bearer(officer))).body.items).toEqual([]);
    expect((await request(app).get(`/api/v1/tasks?dueBefore=${encodeURIComponent(new Date().toISOString())}`).set(bearer(adminA))).body.items).toEqual([]);

    const claims = await Promise.all([adminA, adminB].map((p) => request(app).post(`/api/v1/tasks/${taskId}/claim`).set(bearer(p))));
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const loser = claims[0]!.status === 409 ? adminA : adminB;
    const winner = loser === adminA ? adminB : adminA;
    expect(claims.find((c) => c.status === 409)!.body.code).toBe('TASK_ALREADY_CLAIMED');
    expect((await request(app).get(`/api/v1/tasks?assignee=me`).set(bearer(winner))).body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);
    // The loser is told who holds it, by name only (no id, email or token in the answer).
    const winnerName = winner === adminA ? '县局甲' : '县局乙';
    const conflict = claims.find((c) => c.status === 409)!.body;
    expect(conflict).toMatchObject({ message: `该待办已被${winnerName}认领`, details: [{ holderName: winnerName }] });
    expect(Object.keys(conflict.details[0])).toEqual(['holderName']);
    expect((await request(app).get(`/api/v1/tasks/${taskId}`).set(bearer(loser))).body).toMatchObject({ assigneeId: winner.id, assigneeName: winnerName });
    // The case view's filter: this business's tasks only; another business has none; a malformed code is a 400.
    const byBusiness = await request(app).get(`/api/v1/tasks?uscc=${uscc}&status=OPEN`).set(bearer(adminA));
    expect(byBusiness.body.items.map((t: { id: string; assigneeName: string }) => [t.id, t.assigneeName])).toEqual([[taskId, winnerName]]);
    expect((await request(app).get(`/api/v1/tasks?uscc=${population.growth[2]!.uscc}`).set(bearer(adminA))).body.items).toEqual([]);
    expect((await request(app).get('/api/v1/tasks?uscc=123').set(bearer(adminA))).status).toBe(400);

    const decision = { payload: { approve: true, reason: '县内知名度高', assessedCriteria: ['M3'] } };
    const byLoser = await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(loser)).send(decision);
    expect(byLoser.status).toBe(403);
    expect(byLoser.body.code).toBe('NOT_CLAIMANT');
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'OPEN', completedBy: null, assigneeId: winner.id });
    expect(await db.prisma.auditEntry.count({ where: { targetId: taskId, action: 'TASK_COMPLETED' } })).toBe(0);

    const malformed = await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(winner)).send({ payload: { approve: 'yes' } });
    expect(malformed.status).toBe(400);
    const noCriterion = await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(winner)).send({ payload: { approve: true, reason: '好', assessedCriteria: [] } });
    expect(noCriterion.status).toBe(422);
    expect(noCriterion.body.message).toBe('通过审核须至少满足所申报类别的一项条件');
    expect((await request(app).post(`/api/v1/tasks/${taskId}/send-back`).set(bearer(winner)).send({ reason: '退回' })).status).toBe(422);

    // The winner delegates to the loser with a note; comments are kept in order.
    const delegated = await request(app).post(`/api/v1/tasks/${taskId}/assign`).set(bearer(winner)).send({ mode: 'DELEGATE', assigneeId: loser.id, note: '本人回避，委托办理' });
    expect(delegated.status).toBe(200);
    expect(delegated.body.assigneeId).toBe(loser.id);
    expect((await request(app).post(`/api/v1/tasks/${taskId}/assign`).set(bearer(winner)).send({ mode: 'DELEGATE', assigneeId: officer.id, note: '再委托' })).status).toBe(403);
    expect((await request(app).post(`/api/v1/tasks/${taskId}/comments`).set(bearer(loser)).send({ text: '已电话核实经营情况' })).status).toBe(201);
    const detail = await request(app).get(`/api/v1/tasks/${taskId}`).set(bearer(adminA));
    expect(detail.body.comments.map((c: { kind: string; text: string }) => [c.kind, c.text])).toEqual([['DELEGATED', '本人回避，委托办理'], ['COMMENT', '已电话核实经营情况']]);

    expect((await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(loser)).send(decision)).status).toBe(200);
    expect((await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(loser)).send(decision)).status).toBe(409);

    // The visit: an assessor sends it back to county review with a reason; a new review task opens.
    const visit = await until('the visit tasks', async () => {
      const r = await request(app).get('/api/v1/tasks?kind=SITE_VISIT_SCORE').set(bearer(officer));
      return r.body.items.length === 2 ? r.body.items : null;
    });
    // Only the county administrator reassigns; the new assignee is told by mail and sees it as theirs.
    const colleague = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county, name: '所里丁' });
    const notAdmin = await request(app).post(`/api/v1/tasks/${visit[0].id}/assign`).set(bearer(officer)).send({ mode: 'REASSIGN', assigneeId: colleague.id, note: '改派' });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.code).toBe('NOT_ADMINISTRATOR');
    const reassigned = await request(app).post(`/api/v1/tasks/${visit[0].id}/assign`).set(bearer(adminA)).send({ mode: 'REASSIGN', assigneeId: colleague.id, note: '原评分人出差，改派' });
    expect(reassigned.body).toMatchObject({ assigneeId: colleague.id, status: 'OPEN' });
    expect((await request(app).get('/api/v1/tasks?assignee=me').set(bearer(colleague))).body.items.map((t: { id: string }) => t.id)).toEqual([visit[0].id]);
    expect(await db.prisma.auditEntry.count({ where: { targetId: visit[0].id, action: 'TASK_REASSIGNED', actorId: adminA.id } })).toBe(1);
    expect((await request(app).post(`/api/v1/tasks/${visit[0].id}/comments`).set(bearer(colleague)).send({ text: '经营者电话 13812345678 未接通' })).status).toBe(201);
    const back = await request(app).post(`/api/v1/tasks/${visit[0].id}/send-back`).set(bearer(colleague)).send({ reason: '现场发现经营地址与登记不符，请县局重新审核' });
    expect(back.status).toBe(200);

    // The case view's timeline: who did what and when, staff by name, the household not named, notes masked.
    const timeline = await until('the send-back in the timeline', async () => {
      const r = await request(app).get(`/api/v1/applications/${YEAR}/${uscc}/timeline`).set(bearer(adminA));
      return r.body.items?.some((e: { action: string }) => e.action === 'TASK_SENT_BACK') ? r.body.items : null;
    });
    type Entry = { action: string; actorRole: string; actorName: string | null; taskKind: string | null; note: string | null; at: string };
    const entries = timeline as Entry[];
    expect(entries.map((e) => e.at)).toEqual(entries.map((e) => e.at).sort());
    expect(entries.find((e) => e.action === 'APPLICATION_SUBMITTED')).toMatchObject({ actorRole: 'HOUSEHOLD', actorName: null });
    expect(entries.find((e) => e.action === 'TASK_CLAIMED')).toMatchObject({ actorName: winnerName, taskKind: 'APPLICATION_REVIEW' });
    expect(entries.filter((e) => e.action === 'TASK_COMMENTED').map((e) => [e.actorName, e.note])).toEqual([[loser === adminA ? '县局甲' : '县局乙', '已电话核实经营情况'], ['所里丁', '经营者电话 138****5678 未接通']]);
    expect(entries.find((e) => e.action === 'TASK_SENT_BACK')).toMatchObject({ actorName: '所里丁', taskKind: 'SITE_VISIT_SCORE', note: '现场发现经营地址与登记不符，请县局重新审核' });
    expect(JSON.stringify(entries)).not.toContain('13812345678');
    // The same reach as the application: another county's staff are refused, the household reads its own.
    expect((await request(app).get(`/api/v1/applications/${YEAR}/${uscc}/timeline`).set(bearer(elsewhere))).status).toBe(403);
    expect((await request(app).get(`/api/v1/applications/${YEAR}/${uscc}/timeline`).set(bearer(household))).status).toBe(200);
    await until('a second review', async () => db.prisma.task.findFirst({ where: { kind: 'APPLICATION_REVIEW', status: 'OPEN', uscc } }));
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: visit[1].id } })).status).toBe('CANCELLED');
    expect((await applicationOf(uscc).query(applicationViewQuery)).status).toBe('COUNTY_REVIEW');

    // The household withdraws; the open review task is closed with it.
    const intruder = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[2]!.uscc });
    const nothingToWithdraw = await request(app).post(`/api/v1/applications/${YEAR}/${population.growth[2]!.uscc}/withdrawal`).set(bearer(intruder)).send({});
    expect(nothingToWithdraw.status).toBe(404);
    expect(nothingToWithdraw.body.code).toBe('APPLICATION_NOT_FOUND');
    expect((await request(app).post(`/api/v1/applications/${YEAR}/${uscc}/withdrawal`).set(bearer(intruder)).send({})).status).toBe(403);
    const withdrawn = await growth1Withdrawn();
    expect(withdrawn.status).toBe(200);
    await until('withdrawn', async () => (await db.prisma.application.findFirstOrThrow({ where: { uscc } })).status === 'WITHDRAWN');
    expect(await db.prisma.task.count({ where: { uscc, status: 'OPEN' } })).toBe(0);
  });
});

describe('the public and the summary', () => {
  it('reads the notice list without a token and refuses anonymous or late objections', async () => {
    const list = await request(app).get(`/api/v1/public/notices?year=${YEAR}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const objection = { year: YEAR, uscc: population.survival[0]!.uscc, objector: { name: '王五', phone: '13800001234' }, facts: '该户存在虚假宣传行为，有录音为证' };
    const anonymous = await request(app).post('/api/v1/public/objections').send({ ...objection, objector: { name: '', phone: '' } });
    expect(anonymous.status).toBe(400);
    expect(JSON.stringify(anonymous.body.details)).toContain('异议须实名提出');
    // An application that never reached the notice answers as if there were none (publicObjections.test.ts).
    const notInNotice = await request(app).post('/api/v1/public/objections').send(objection);
    expect(notInNotice.status).toBe(404);
    expect(notInNotice.body).toMatchObject({ code: 'NOT_IN_NOTICE' });
    expect(await db.prisma.objection.count()).toBe(0);

    // The objector follows the outcome by the objection's id; nothing personal comes back.
    const id = '5a0f6c1e-0000-4000-8000-000000000001';
    await db.prisma.objection.create({
      data: { id, year: YEAR, uscc: objection.uscc, objectorName: '王五', objectorPhone: '13800001234', facts: objection.facts, evidence: [], status: 'DISMISSED', decision: { reason: '经核查，宣传内容属实' }, decidedAt: new Date() },
    });
    const status = await request(app).get(`/api/v1/public/objections/${id}`);
    expect(status.body).toMatchObject({ objectionId: id, status: 'DISMISSED', statusLabel: '异议不成立', reason: '经核查，宣传内容属实' });
    expect(JSON.stringify(status.body)).not.toMatch(/王五|13800001234/);
    expect((await request(app).get('/api/v1/public/objections/not-a-uuid')).status).toBe(400);
    await db.prisma.objection.delete({ where: { id } });
  });

  it('counts the year\'s applications per state and category', async () => {
    await Promise.all([growth4Declared(), survival0Applied(), dishonestRecommended(), growth1Withdrawn()]);
    await until('the four applications to settle: two refused at the gate, one passed, one withdrawn', async () =>
      (await db.prisma.application.findMany({ where: { year: YEAR } })).map((a) => a.status).sort().join() === 'GATE_PASSED,REJECTED_GATE,REJECTED_GATE,WITHDRAWN');
    const summary = await request(app).get(`/api/v1/cycles/${YEAR}/category-summary`).set(bearer(cityAdmin));
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ year: YEAR, quota: null, total: 4, byStatus: { REJECTED_GATE: { TE: 1, MING: 1 }, WITHDRAWN: { MING: 1 }, GATE_PASSED: { TE: 1 } } });
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: population.growth[3]!.uscc });
    expect((await request(app).get(`/api/v1/cycles/${YEAR}/category-summary`).set(bearer(household))).status).toBe(403);
  });

  it('lets an administrator find applications by year, status, category and county in Temporal visibility', async () => {
    await Promise.all([survival0Applied(), dishonestRecommended()]);
    const refused = [population.survival[0]!, population.courtDishonest];
    const query = `CycleYear = ${YEAR} AND ApplicationStatus = 'REJECTED_GATE'`;
    const found = await until('visibility', async () => {
      const ids: string[] = [];
      for await (const w of env.client.workflow.list({ query })) ids.push(w.workflowId);
      return ids.length === 2 ? ids : null;
    });
    expect(found.sort()).toEqual(refused.map((h) => `application-${YEAR}-${h.uscc}`).sort());
    const te: string[] = [];
    for await (const w of env.client.workflow.list({ query: `${query} AND Category = 'TE' AND County = '${refused[0]!.county}'` })) te.push(w.workflowId);
    expect(te).toEqual([`application-${YEAR}-${refused[0]!.uscc}`]);
  });
});
