// One authorization model, tested on a real dev server, worker and PostgreSQL with one small fixture:
// tax and social-insurance values hidden from 市场监管所 staff on every view (keyed by the feature,
// corrected values included), separation of duties on rechecks, the comment rule, concurrent ruleset
// activations and recommendations, and the matrix of every endpoint × role × own / other household /
// other county (authorizationMatrix.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { DEFAULT_ABUSE_LIMITS } from '../../api/abuseLimits';
import { ENDPOINTS } from '../../api/endpoints';
import { ROLE_CODES, type Role } from '../../domain/roles';
import { DEFAULT_TYPING_RULESET } from '../../domain/typing/ruleset';
import { decodeFeatures, encodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { until } from '../support/until';
import { MATRIX, type Caller, type MatrixRequest, type Scope, type Target } from './authorizationMatrix';

const YEAR = new Date(Date.now() - 200 * 86_400_000).getUTCFullYear();
const HERE = '421303';
const THERE = '421321';
const HIDDEN = '（受限）';
const taskQueue = 'api-authorization-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;

interface Business { uscc: string; county: string }
/** A: the household's own (HERE); B: another household HERE; C: a household THERE; D: for separation of duties; R1/R2: recommendations. */
let A: Business, B: Business, C: Business, D: Business, R1: Business, R2: Business;
/** One principal per role (county-scoped ones HERE, the household A's), and the fixture's other actors. */
const byRole = {} as Record<Role, TestPrincipal & Caller>;
let householdB: TestPrincipal, householdC: TestPrincipal, countyThere: TestPrincipal, staffThere: TestPrincipal, filer: TestPrincipal, cityAdmin: TestPrincipal;
const targets = {} as Record<Scope, Target>;

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const taskOf = (uscc: string, status = 'OPEN') => until(`the task of ${uscc}`, () => db.prisma.task.findFirst({ where: { uscc, status } }));
const DEPARTMENTS: Partial<Record<Role, string>> = { DATA_SOURCE: '税务', SECTOR_DEPARTMENT: '商务', CITY_AMR: '市场监管', PROVINCIAL_AMR: '市场监管', COUNTY_AMR: '市场监管', GRASSROOTS_STAFF: '市场监管', FINANCIAL_INSTITUTION: '金融' };

async function file(p: TestPrincipal, b: Business, disputed: Array<{ feature: string; claimedValue: number }>) {
  const res = await request(app).post('/api/v1/rechecks').set(bearer(p)).send({ year: YEAR, uscc: b.uscc, disputed });
  expect(res.status).toBe(201);
  return taskOf(b.uscc);
}

async function uploadEvidence(p: TestPrincipal): Promise<string> {
  const pdf = Buffer.from('%PDF-1.4\n授权矩阵测试材料');
  const res = await request(app).post(`/api/v1/evidence?year=${YEAR}&field=craftDescription&fileName=m.pdf`).set(bearer(p)).set('Content-Type', 'application/pdf').send(pdf);
  expect(res.status).toBe(201);
  return res.body.evidenceId as string;
}

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  const population = await loadKnownPopulation(db.pool, { year: YEAR, growth: 6, survival: 2 });
  [A, C, B, R1, D, R2] = population.growth as [Business, Business, Business, Business, Business, Business];
  expect([A.county, B.county, C.county, D.county]).toEqual([HERE, HERE, THERE, HERE]);
  // A's tax credit is D: the gate's N7 refusal is tax data too.
  await db.pool.query("UPDATE tax_record SET credit_rating = 'D' WHERE uscc = $1", [A.uscc]);
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
  // The matrix calls the public objection route once per role and reach from one address: the address
  // limit (tested in publicObjections.test.ts) is raised so that it does not answer for the contract.
  const limits = { ...DEFAULT_ABUSE_LIMITS, objectionsPerIp: { limit: 10_000, windowMs: 60_000 } };
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue, limits });

  for (const role of ROLE_CODES) {
    const department = DEPARTMENTS[role] ?? null;
    const p = await createPrincipal(db.prisma, role, { ...(department ? { department } : {}), ...(role === 'HOUSEHOLD' ? { uscc: A.uscc } : {}), ...(['GRASSROOTS_STAFF', 'COUNTY_AMR'].includes(role) ? { county: HERE } : {}) });
    byRole[role] = { ...p, role, department };
  }
  cityAdmin = byRole.CITY_AMR;
  householdB = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: B.uscc });
  householdC = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: C.uscc });
  countyThere = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: THERE, department: '市场监管' });
  staffThere = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: THERE, department: '市场监管' });
  filer = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: HERE, department: '市场监管', name: '代办人' });

  // A drill calendar: the labels are out, rechecks and declarations open for an hour.
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(50), declarationClosesAt: at(60), rankingAt: at(70), reviewEndsAt: at(80), closesAt: at(90) };
  expect((await request(app).post('/api/v1/cycles').set(bearer(cityAdmin)).send({ year: YEAR, calendar })).status).toBe(201);
  await until('the recheck window', async () => (await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(cityAdmin))).body.readModel?.phase === 'RECHECK_WINDOW');

  // A: an open recheck of tax and social-insurance values, an application (refused at the gate: N7), evidence.
  await file(byRole.HOUSEHOLD, A, [{ feature: 'revenue', claimedValue: 250_000 }, { feature: 'tax_paid', claimedValue: 8_888 }, { feature: 'employees', claimedValue: 6 }]);
  expect((await request(app).post('/api/v1/applications').set(bearer(byRole.HOUSEHOLD)).send({ year: YEAR, category: 'YOU', fields: { marketReputation: '县内知名' } })).status).toBe(201);
  // B: a recheck the county administrator verified, accepting the household's tax and insurance figures.
  const taskB = await file(householdB, B, [{ feature: 'tax_paid', claimedValue: 7_777 }, { feature: 'employees', claimedValue: 4 }]);
  const verified = await request(app).post(`/api/v1/rechecks/${YEAR}/${B.uscc}/verification`).set(bearer(byRole.COUNTY_AMR))
    .send({ decisions: [{ feature: 'tax_paid', accept: true, value: 7_777, reason: '核对完税证明' }, { feature: 'employees', accept: true, value: 4, reason: '核对参保证明' }] });
  expect(verified.status).toBe(200);
  // C: a recheck filed by its county's administrator, verified (no change) by its 市场监管所.
  const taskC = await file(countyThere, C, [{ feature: 'revenue', claimedValue: 90_000 }]);
  expect((await request(app).post(`/api/v1/rechecks/${YEAR}/${C.uscc}/verification`).set(bearer(staffThere)).send({ decisions: [{ feature: 'revenue', accept: false, reason: '无证据' }] })).status).toBe(200);
  await until('both verifications recorded', async () => (await db.prisma.task.count({ where: { id: { in: [taskB.id, taskC.id] }, status: 'COMPLETED' } })) === 2);
  await until('the gate', async () => (await db.prisma.application.findFirst({ where: { uscc: A.uscc } }))?.status === 'REJECTED_GATE');

  const [evidenceA, evidenceB, evidenceC] = [await uploadEvidence(byRole.HOUSEHOLD), await uploadEvidence(householdB), await uploadEvidence(householdC)];
  targets.own = { year: YEAR, ...A, closedTaskId: taskB.id, evidenceId: evidenceA, staffId: filer.id };
  targets.otherHousehold = { year: YEAR, ...B, closedTaskId: taskB.id, evidenceId: evidenceB, staffId: filer.id };
  targets.otherCounty = { year: YEAR, ...C, closedTaskId: taskC.id, evidenceId: evidenceC, staffId: staffThere.id };

  // A's typing as the Sept 30 re-run records verified corrections: relabelled 市场监管（复核更正）, still tax and insurance data.
  const runId = (await db.prisma.cycle.findUniqueOrThrow({ where: { year: YEAR } })).currentRunId!;
  const result = await db.prisma.typingResult.findUniqueOrThrow({ where: { runId_uscc: { runId, uscc: A.uscc } } });
  const features = decodeFeatures(result.features as unknown as StoredFeatures);
  const corrected = (value: number, feature: string) => ({ value, field: `CORRECTION.${feature}`, provenance: { department: '市场监管（复核更正）', asOf: `${YEAR}-08-10`, correctedBy: '县局甲' } });
  features.tax_paid = corrected(31_337, 'tax_paid');
  features.employees = corrected(13, 'employees');
  await db.prisma.typingResult.update({ where: { runId_uscc: { runId, uscc: A.uscc } }, data: { features: encodeFeatures(features) as object } });
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

// The rule, stated here independently of api/redaction.ts: what 市场监管所 staff must never be shown.
const RESTRICTED_FEATURES = ['tax_paid', 'tax_credit_rating', 'employees'];
const RESTRICTED_FORM_FIELDS = ['taxPaid', 'insuredEmployees'];
const RESTRICTED_LABELS = ['纳税总额（元）', '纳税信用等级', '雇员人数（不含经营者）'];
const SEES_TAX_DATA: Role[] = ['HOUSEHOLD', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'];

/** Every place in a response body where a tax or social-insurance value shows. */
function leaks(body: unknown, where = '$'): string[] {
  if (typeof body === 'string') {
    const shown = RESTRICTED_LABELS.some((label) => new RegExp(`${label}[^（]*（实际：(?!${HIDDEN})`).test(body));
    return shown || /参保\s*\d+\s*人|纳税信用等级为|税务非正常户/.test(body) ? [`${where}: ${body}`] : [];
  }
  if (Array.isArray(body)) return body.flatMap((x, i) => leaks(x, `${where}[${i}]`));
  if (!body || typeof body !== 'object') return [];
  const o = body as Record<string, unknown>;
  const restricted = RESTRICTED_FEATURES.includes(o.name as string) || RESTRICTED_FEATURES.includes(o.feature as string) || RESTRICTED_FORM_FIELDS.includes(o.field as string);
  const own = restricted ? (['value', 'claimedValue'] as const).filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== HIDDEN).map((k) => `${where}.${k} = ${String(o[k])}`) : [];
  // An evaluated Y6 carries insured-employee counts; Y6 as a catalogue entry (code, label, mode) carries none.
  if (o.code === 'Y6' && 'evidence' in o && o.evidence !== HIDDEN) own.push(`${where}.evidence (Y6)`);
  if (o.code === 'N7' && o.reason !== HIDDEN) own.push(`${where}.reason (N7)`);
  return [...own, ...Object.entries(o).flatMap(([k, v]) => leaks(v, `${where}.${k}`))];
}

describe('tax and social-insurance values are hidden from 市场监管所 staff on every view', () => {
  const staff = () => byRole.GRASSROOTS_STAFF;
  const county = () => byRole.COUNTY_AMR;

  it('the application form: shared values, the Y6 criterion and the N7 gate refusal', async () => {
    const url = `/api/v1/applications/${YEAR}/${A.uscc}/form?category=YOU`;
    const seen = await request(app).get(url).set(bearer(county()));
    expect(seen.body.shared).toContainEqual(expect.objectContaining({ field: 'taxPaid', value: 2000, department: '税务' }));
    expect(seen.body.shared).toContainEqual(expect.objectContaining({ field: 'insuredEmployees', value: 2, department: '人社' }));
    expect(seen.body.criteria.find((c: { code: string }) => c.code === 'Y6').evidence).toMatch(/参保 2 人/);
    expect(seen.body.gate.refusals).toContainEqual({ code: 'N7', reason: '纳税信用等级为 D 级' });

    const hidden = await request(app).get(url).set(bearer(staff()));
    expect(hidden.status).toBe(200);
    expect(hidden.body.shared).toContainEqual(expect.objectContaining({ field: 'taxPaid', value: HIDDEN, department: '税务' }));
    expect(hidden.body.shared).toContainEqual(expect.objectContaining({ field: 'insuredEmployees', value: HIDDEN }));
    expect(hidden.body.shared).toContainEqual(expect.objectContaining({ field: 'revenue', value: 200_000 })); // the annual report's
    expect(hidden.body.gate).toMatchObject({ passed: false, refusals: expect.arrayContaining([{ code: 'N7', reason: HIDDEN }]) });
    expect(leaks(hidden.body)).toEqual([]);
  });

  it('the application view: criteria, gate and the history note that quotes the gate', async () => {
    const url = `/api/v1/applications/${YEAR}/${A.uscc}`;
    const seen = await request(app).get(url).set(bearer(county()));
    expect(seen.body.status).toBe('REJECTED_GATE');
    expect(JSON.stringify(seen.body.history)).toContain('纳税信用等级为 D 级');
    expect(leaks(seen.body).length).toBeGreaterThan(0);
    const hidden = await request(app).get(url).set(bearer(staff()));
    expect(hidden.status).toBe(200);
    expect(hidden.body.status).toBe('REJECTED_GATE');
    expect(hidden.body.gate.refusals).toContainEqual({ code: 'N7', reason: HIDDEN });
    expect(leaks(hidden.body)).toEqual([]);
  });

  it('the recheck view: claimed values and verified decisions', async () => {
    const open = await request(app).get(`/api/v1/rechecks/${YEAR}/${A.uscc}`).set(bearer(staff()));
    expect(open.body.disputed).toEqual([
      { feature: 'revenue', claimedValue: 250_000 }, { feature: 'tax_paid', claimedValue: HIDDEN }, { feature: 'employees', claimedValue: HIDDEN },
    ]);
    const decided = await request(app).get(`/api/v1/rechecks/${YEAR}/${B.uscc}`).set(bearer(staff()));
    expect(decided.body.status).toBe('RESOLVED_CORRECTED');
    expect(decided.body.decisions).toEqual([
      { feature: 'tax_paid', accept: true, value: HIDDEN, reason: '核对完税证明' }, { feature: 'employees', accept: true, value: HIDDEN, reason: '核对参保证明' },
    ]);
    expect(leaks(decided.body)).toEqual([]);
    const seen = await request(app).get(`/api/v1/rechecks/${YEAR}/${B.uscc}`).set(bearer(county()));
    expect(seen.body.decisions.map((d: { value: number }) => d.value)).toEqual([7_777, 4]);
  });

  it('the business view: corrected values, relabelled 市场监管（复核更正）, are still tax and insurance data', async () => {
    const url = `/api/v1/businesses/${A.uscc}?year=${YEAR}`;
    const feature = (body: { typing: { explanation: { features: Array<{ name: string }> } } }, name: string) => body.typing.explanation.features.find((f) => f.name === name);
    const seen = await request(app).get(url).set(bearer(county()));
    expect(feature(seen.body, 'tax_paid')).toMatchObject({ value: 31_337, department: '市场监管（复核更正）', correctedBy: '县局甲' });
    const hidden = await request(app).get(url).set(bearer(staff()));
    expect(hidden.status).toBe(200);
    expect(feature(hidden.body, 'tax_paid')).toMatchObject({ value: HIDDEN, department: '市场监管（复核更正）' });
    expect(feature(hidden.body, 'employees')).toMatchObject({ value: HIDDEN, department: '市场监管（复核更正）' });
    expect(leaks(hidden.body)).toEqual([]);
    expect(JSON.stringify(hidden.body)).not.toMatch(/31,?337/);
  });
});

describe('separation of duties', () => {
  it('whoever filed a recheck for a household can neither claim nor verify it, on either route; nothing is recorded', async () => {
    const task = await file(filer, D, [{ feature: 'revenue', claimedValue: 120_000 }]);
    const decisions = [{ feature: 'revenue', accept: true, value: 120_000, reason: '核对' }];
    const claim = await request(app).post(`/api/v1/tasks/${task.id}/claim`).set(bearer(filer));
    expect(claim.status).toBe(403);
    const direct = await request(app).post(`/api/v1/rechecks/${YEAR}/${D.uscc}/verification`).set(bearer(filer)).send({ decisions });
    expect(direct.status).toBe(403);
    expect(direct.body.code).toBe('SELF_VERIFICATION');
    const viaTask = await request(app).post(`/api/v1/tasks/${task.id}/complete`).set(bearer(filer)).send({ payload: { decisions } });
    expect(viaTask.status).toBe(403);
    expect(viaTask.body.code).toBe('SELF_VERIFICATION');

    expect(await db.prisma.correction.count({ where: { uscc: D.uscc } })).toBe(0);
    expect(await db.prisma.recheck.findFirstOrThrow({ where: { uscc: D.uscc } })).toMatchObject({ status: 'AWAITING_VERIFICATION' });
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'OPEN', assigneeId: null, completedBy: null });
    expect(await db.prisma.auditEntry.count({ where: { actorId: filer.id, action: { not: 'RECHECK_SUBMITTED' } } })).toBe(0);

    // A colleague verifies it.
    const colleague = byRole.GRASSROOTS_STAFF;
    expect((await request(app).post(`/api/v1/rechecks/${YEAR}/${D.uscc}/verification`).set(bearer(colleague)).send({ decisions })).status).toBe(200);
  });
});

describe('task comments', () => {
  it('follow GET /tasks/{id} and the task\'s role, and answer 409 once the task is closed', async () => {
    const open = await taskOf(A.uscc);
    const comment = (p: TestPrincipal, id = open.id) => request(app).post(`/api/v1/tasks/${id}/comments`).set(bearer(p)).send({ text: '已电话联系经营者' });
    expect((await comment(byRole.GRASSROOTS_STAFF)).status).toBe(201);
    expect((await comment(byRole.COUNTY_AMR)).status).toBe(201); // the county's administrator
    const city = await comment(cityAdmin);
    expect(city.status).toBe(403); // reads the task, but neither works it nor administers it
    const elsewhere = await comment(staffThere);
    expect(elsewhere.status).toBe(404); // as GET /tasks/{id} answers it
    expect((await request(app).get(`/api/v1/tasks/${open.id}`).set(bearer(staffThere))).status).toBe(404);
    const closed = await comment(byRole.COUNTY_AMR, targets.own.closedTaskId);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('TASK_NOT_OPEN');
    expect(await db.prisma.taskComment.count({ where: { taskId: { in: [open.id, targets.own.closedTaskId] }, kind: 'COMMENT' } })).toBe(2);
  });
});

describe('concurrency', () => {
  it('two concurrent activations leave one ruleset ACTIVE and answer the other 409', async () => {
    const drafter = await createPrincipal(db.prisma, 'PROVINCIAL_AMR', { department: '市场监管' });
    const approver = byRole.PROVINCIAL_AMR;
    expect((await request(app).get('/api/v1/rulesets').set(bearer(approver))).status).toBe(200); // the default is ACTIVE
    const ids: string[] = [];
    for (const version of ['2026.1', '2026.2']) {
      const created = await request(app).post('/api/v1/rulesets').set(bearer(drafter)).send({ code: 'HB-CONC', version, definition: DEFAULT_TYPING_RULESET });
      expect(created.status).toBe(201);
      expect((await request(app).post(`/api/v1/rulesets/${created.body.id}/approve`).set(bearer(approver))).status).toBe(200);
      ids.push(created.body.id as string);
    }
    const activate = () => Promise.all(ids.map((id) => request(app).post(`/api/v1/rulesets/${id}/activate`).set(bearer(approver)).then((r) => r)));
    if (inject('databaseKind') === 'pglite') {
      // One connection: transactions cannot overlap, the second activation supersedes the first.
      expect((await activate()).every((r) => [200, 409].includes(r.status))).toBe(true);
    } else {
      // Make them overlap for certain: hold the ACTIVE row until both activations wait on it, then let go.
      const holder = await db.pool.connect();
      let results;
      try {
        await holder.query('BEGIN');
        await holder.query("SELECT id FROM ruleset WHERE status = 'ACTIVE' FOR UPDATE");
        const activations = activate();
        await until('both activations waiting', async () => Number((await db.pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n) >= 2);
        await holder.query('COMMIT');
        results = await activations;
      } finally {
        holder.release();
      }
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('CONCURRENT_ACTIVATION');
    }
    expect(await db.prisma.ruleset.count({ where: { family: 'TYPING', status: 'ACTIVE' } })).toBe(1);
    // The index itself (PGlite drops its one connection on a refused statement: checked on PostgreSQL).
    if (inject('databaseKind') === 'postgresql') {
      await expect(db.pool.query("UPDATE ruleset SET status = 'ACTIVE' WHERE status <> 'ACTIVE'")).rejects.toThrow(/ruleset_one_active_per_family/);
    }
  });

  const recommendation = (id: string, b: Business, reason = '本地知名') => ({
    recommendationId: id, year: YEAR, uscc: b.uscc, category: 'MING', reason,
    consent: { consented: true, recordedAt: new Date().toISOString(), method: '书面', reference: `推荐-${id.slice(0, 4)}` },
  });

  it('a recommendation id another department used answers 409 without naming its business', async () => {
    const culture = await createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '文旅' });
    const id = '7e1d3c2b-0000-4000-8000-000000000001';
    const first = await request(app).post('/api/v1/recommendations').set(bearer(byRole.SECTOR_DEPARTMENT)).send(recommendation(id, R1));
    expect(first.status).toBe(201);
    const taken = await request(app).post('/api/v1/recommendations').set(bearer(culture)).send(recommendation(id, R2));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('RECOMMENDATION_ID_TAKEN');
    expect(JSON.stringify(taken.body)).not.toContain(R1.uscc);
    const again = await request(app).post('/api/v1/recommendations').set(bearer(byRole.SECTOR_DEPARTMENT)).send(recommendation(id, R1));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recommendationId: id, uscc: R1.uscc, duplicate: true });
    expect(await db.prisma.recommendation.count({ where: { id } })).toBe(1);
  });

  it('two concurrent identical recommendations give one 201 and one 200, recorded once', async () => {
    const id = '7e1d3c2b-0000-4000-8000-000000000002';
    const body = recommendation(id, R2);
    const results = await Promise.all([0, 1].map(() => request(app).post('/api/v1/recommendations').set(bearer(byRole.SECTOR_DEPARTMENT)).send(body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(await db.prisma.recommendation.count({ where: { id } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'RECOMMENDATION_RECEIVED', targetId: id } })).toBe(1);
  });
});

describe('the authorization matrix', () => {
  const key = (e: { method: string; path: string }) => `${e.method.toUpperCase()} ${e.path}`;

  it('has exactly one row per endpoint of the contracts', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(ENDPOINTS.map(key).sort());
  });

  const send = (r: MatrixRequest, token?: string) => {
    let req = request(app)[r.method](r.path);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(r.headers ?? {})) req = req.set(k, v);
    return r.method === 'post' ? req.send(r.body as object) : req;
  };

  it('answers every endpoint × role × own / other household / other county as the contracts say, and shows no restricted value', async () => {
    const failures: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const row = MATRIX[key(endpoint)]!;
      const scopes: Scope[] = row.reach ? ['own', 'otherHousehold', 'otherCounty'] : ['own'];
      const allowed = (scope: Scope, caller: Caller) => (typeof row.allowed === 'function' ? row.allowed(scope, caller) : (row.allowed ?? 200));
      const anonymous = await send(row.request(targets.own));
      const anonymousExpected = endpoint.roles === null ? allowed('own', { role: 'HOUSEHOLD', department: null }) : 401;
      if (anonymous.status !== anonymousExpected) failures.push(`${key(endpoint)} without a token: ${anonymous.status}, expected ${anonymousExpected}`);
      for (const role of ROLE_CODES) {
        const caller = byRole[role];
        for (const scope of scopes) {
          let expected: number;
          if (endpoint.roles !== null && endpoint.roles.length > 0 && !endpoint.roles.includes(role)) expected = 403;
          else if (row.reach === 'business' && role === 'HOUSEHOLD' && scope !== 'own') expected = 403;
          else if (row.reach && ['GRASSROOTS_STAFF', 'COUNTY_AMR'].includes(role) && scope === 'otherCounty') expected = row.outOfReach ?? 403;
          else expected = allowed(scope, caller);
          const res = await send(row.request(targets[scope]), caller.token);
          const where = `${key(endpoint)} as ${role} (${scope})`;
          if (res.status !== expected) failures.push(`${where}: ${res.status}, expected ${expected} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (!SEES_TAX_DATA.includes(role) && res.type === 'application/json') failures.push(...leaks(res.body).map((l) => `${where} shows ${l}`));
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
