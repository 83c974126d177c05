// Batch task actions through the API on a real dev server and PostgreSQL: a county administrator
// completes the county's 30 reviews in one request; the two items their workflows refuse come back
// with their reasons and leave no trace (task row, audit); a repeat with the same Idempotency-Key does
// not decide twice; claims and assignments follow their own rules; a batch over the cap, or naming a
// task twice, is refused whole. The API writes claims' events through a pool of their own whose commits
// do not wait for the disk, as `npm start` does on PostgreSQL: what it answers is read at once elsewhere.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type pg from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { TASK_BATCH_MAX_ITEMS } from '../../api/contracts/tasks';
import { applicationViewQuery, reviewOpenedSignal } from '../../messages/applicationMessages';
import { createProgrammeWorker } from '../../worker';
import { createAsyncCommitPool, TASK_EVENT_SESSIONS } from '../../prisma/client';
import { FIXTURE_COUNTIES, loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { until } from '../support/until';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';

const YEAR = new Date(Date.now() - 200 * 86_400_000).getUTCFullYear();
const COUNTY = FIXTURE_COUNTIES[0];
const taskQueue = 'api-task-batch-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let taskEventPool: pg.Pool;
const onPostgres = inject('databaseKind') === 'postgresql'; // PGlite is one session: no pool of their own there
let population: KnownPopulation;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const applicationOf = (uscc: string) => env.client.workflow.getHandle(`application-${YEAR}-${uscc}`);

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  // 60 成长型 households alternate between the two counties: 30 in COUNTY (the court listing is the survival one).
  population = await loadKnownPopulation(db.pool, { year: YEAR, growth: 60, survival: 1 });
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
  taskEventPool = onPostgres ? createAsyncCommitPool(db.url, 2) : db.pool;
  app = createApp({ prisma: db.prisma, pool: db.pool, taskEventPool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  const cityAdmin = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(50), declarationClosesAt: at(60), rankingAt: at(70), reviewEndsAt: at(80), closesAt: at(90) };
  expect((await request(app).post('/api/v1/cycles').set(bearer(cityAdmin)).send({ year: YEAR, calendar })).status).toBe(201);
  await until('the recheck window', async () => (await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(cityAdmin))).body.readModel?.phase === 'RECHECK_WINDOW');
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  if (onPostgres) await taskEventPool?.end();
  await db?.drop();
  await env?.teardown();
});

/** The county's 30 households declare 知名; their reviews open as after the Sept 30 re-run. */
async function thirtyCountyReviews(admin: TestPrincipal): Promise<Array<{ id: string; uscc: string }>> {
  const households = population.growth.filter((h) => h.county === COUNTY);
  expect(households).toHaveLength(30);
  for (let i = 0; i < households.length; i += 10) {
    await Promise.all(households.slice(i, i + 10).map(async ({ uscc }) => {
      const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
      const declared = await request(app).post('/api/v1/applications').set(bearer(household)).send({ year: YEAR, category: 'MING', fields: { marketReputation: '县内知名' } });
      expect(declared.status).toBe(201);
      await until(`the gate of ${uscc}`, async () => (await applicationOf(uscc).query(applicationViewQuery)).status === 'GATE_PASSED', 120_000);
      await applicationOf(uscc).signal(reviewOpenedSignal);
    }));
  }
  return until('the 30 review tasks', async () => {
    const r = await request(app).get(`/api/v1/tasks?kind=APPLICATION_REVIEW&year=${YEAR}&limit=200`).set(bearer(admin));
    return r.body.items.length === 30 ? (r.body.items as Array<{ id: string; uscc: string }>) : null;
  }, 120_000);
}

describe('batch task actions', () => {
  it('completes 28 of 30 county reviews, refuses 2 with their reasons and records nothing for them', async () => {
    const admin = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: COUNTY, name: '县局甲' });
    const colleague = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: COUNTY, name: '县局乙' });
    const tasks = await thirtyCountyReviews(admin);

    const tooMany = await request(app).post('/api/v1/tasks/batch').set(bearer(admin))
      .send({ items: Array.from({ length: TASK_BATCH_MAX_ITEMS + 1 }, () => ({ action: 'claim', taskId: tasks[0]!.id })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
    expect(await db.prisma.task.count({ where: { kind: 'APPLICATION_REVIEW', assigneeId: { not: null } } })).toBe(0);

    // The colleague claims one review first: the administrator's completion of it is not theirs to make.
    const claimedByColleague = tasks[7]!;
    expect((await request(app).post(`/api/v1/tasks/${claimedByColleague.id}/claim`).set(bearer(colleague))).status).toBe(200);
    const noCriterion = tasks[19]!;

    const approve = { approve: true, reason: '县内知名度高', assessedCriteria: ['M3'] };
    const items = tasks.map((t) => ({ action: 'complete', taskId: t.id, payload: t === noCriterion ? { ...approve, assessedCriteria: [] } : approve }));
    const batch = await request(app).post('/api/v1/tasks/batch').set(bearer(admin)).set('Idempotency-Key', 'county-approval-1').send({ items });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ succeeded: 28, failed: 2 });
    expect(batch.body.results.map((r: { taskId: string }) => r.taskId)).toEqual(tasks.map((t) => t.id)); // in request order
    const byTask = new Map(batch.body.results.map((r: { taskId: string }) => [r.taskId, r]));
    expect(byTask.get(claimedByColleague.id)).toMatchObject({ status: 403, code: 'NOT_CLAIMANT', message: '该待办已由他人认领，只有认领人可以办理', task: null });
    expect(byTask.get(noCriterion.id)).toMatchObject({ status: 422, code: 'INVALID_TASK_PAYLOAD', message: '通过审核须至少满足所申报类别的一项条件', task: null });
    const done = tasks.filter((t) => t !== claimedByColleague && t !== noCriterion);
    for (const t of done) expect(byTask.get(t.id)).toMatchObject({ status: 200, code: 'OK', task: { taskId: t.id, status: 'COMPLETED' } });

    // Each done item went to its own workflow, which records it like a single completion.
    await until('28 completions recorded', async () =>
      (await db.prisma.task.count({ where: { id: { in: done.map((t) => t.id) }, status: 'COMPLETED', completedBy: admin.id } })) === 28
      && (await db.prisma.auditEntry.count({ where: { targetId: { in: done.map((t) => t.id) }, action: 'TASK_COMPLETED', actorId: admin.id } })) === 28);
    // The two refused items: unchanged rows, no audit entry, the applications still in county review.
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: claimedByColleague.id } })).toMatchObject({ status: 'OPEN', completedBy: null, assigneeId: colleague.id });
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: noCriterion.id } })).toMatchObject({ status: 'OPEN', completedBy: null, assigneeId: null });
    expect(await db.prisma.auditEntry.count({ where: { targetId: { in: [claimedByColleague.id, noCriterion.id] }, action: 'TASK_COMPLETED' } })).toBe(0);
    for (const t of [claimedByColleague, noCriterion]) expect((await applicationOf(t.uscc).query(applicationViewQuery)).status).toBe('COUNTY_REVIEW');

    // The same batch again with the same key decides nothing twice; without it, the closed tasks say so.
    const repeat = await request(app).post('/api/v1/tasks/batch').set(bearer(admin)).set('Idempotency-Key', 'county-approval-1').send({ items });
    expect(repeat.body).toMatchObject({ succeeded: 28, failed: 2 });
    expect(await db.prisma.auditEntry.count({ where: { targetId: { in: done.map((t) => t.id) }, action: 'TASK_COMPLETED' } })).toBe(28);
    const fresh = await request(app).post('/api/v1/tasks/batch').set(bearer(admin)).send({ items: [items[0]] });
    expect(fresh.body.results[0]).toMatchObject({ status: 409, code: 'TASK_NOT_OPEN' });

    // Claims and assignments follow the same rules: the free review is claimed, the colleague's is not
    // taken from them, an unknown task is named, and another county's administrator reaches none of them.
    const claims = await request(app).post('/api/v1/tasks/batch').set(bearer(admin)).send({ items: [
      { action: 'claim', taskId: noCriterion.id },
      { action: 'claim', taskId: claimedByColleague.id },
      { action: 'assign', taskId: 'no-such-task', mode: 'REASSIGN', assigneeId: colleague.id, note: '改派' },
    ] });
    expect(claims.body.results.map((r: { status: number; code: string }) => [r.status, r.code])).toEqual([[200, 'OK'], [409, 'TASK_ALREADY_CLAIMED'], [404, 'TASK_NOT_FOUND']]);
    expect(claims.body.results[0].task).not.toHaveProperty('event'); // the workflow's event is the API's to write, not to show
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: noCriterion.id } })).assigneeId).toBe(admin.id);
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: claimedByColleague.id } })).assigneeId).toBe(colleague.id);
    if (onPostgres) {
      // Those rows were written by the API through the task-event pool (its sessions are there; this test has
      // not used it), whose commits do not wait for the disk while the ordinary pool's do.
      const sessions = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [TASK_EVENT_SESSIONS]);
      expect(sessions.rows[0]!.n).toBeGreaterThan(0);
      const commits = async (pool: pg.Pool) => (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit;
      expect([await commits(taskEventPool), await commits(db.pool)]).toEqual(['off', 'on']);
    }
    const elsewhere = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: FIXTURE_COUNTIES[1] });
    const outOfReach = await request(app).post('/api/v1/tasks/batch').set(bearer(elsewhere)).send({ items: [{ action: 'unclaim', taskId: noCriterion.id }] });
    expect(outOfReach.body.results[0]).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: noCriterion.id } })).assigneeId).toBe(admin.id);
    const twice = await request(app).post('/api/v1/tasks/batch').set(bearer(admin)).send({ items: [{ action: 'unclaim', taskId: noCriterion.id }, { action: 'claim', taskId: noCriterion.id }] });
    expect(twice.status).toBe(400);
  }, 600_000);
});
