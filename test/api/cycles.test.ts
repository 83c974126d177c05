// The cycle endpoints against a real PostgreSQL and a real Temporal dev server with the worker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { CycleYear } from '../../messages/searchAttributes';
import { createProgrammeWorker } from '../../worker';
import { officialSchedule } from '../../domain/calendar/officialSchedule';
import { operatorHolidaySchedule } from '../../data/holidayScheduleFile';
import { createPrincipal, testDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { step } from '../support/step';
import { until } from '../support/until';

const taskQueue = 'api-cycles-test';
let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let pool: pg.Pool;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let admin: TestPrincipal;
let taxDept: TestPrincipal;
let household: TestPrincipal;
let grassroots: TestPrincipal;

beforeAll(async () => {
  let bundle;
  [env, bundle] = await Promise.all([devServerEnvironment(), bundleWorkflows()]);
  ({ prisma, pool } = testDatabase());
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma, pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-api-exports-')) });
  workerRun = worker.run();
  app = createApp({ prisma, pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  admin = await createPrincipal(prisma, 'CITY_AMR', { department: '市场监管' });
  taxDept = await createPrincipal(prisma, 'DATA_SOURCE', { department: '税务' });
  household = await createPrincipal(prisma, 'HOUSEHOLD', { uscc: '92421303MA4D123453' });
  grassroots = await createPrincipal(prisma, 'GRASSROOTS_STAFF', { county: '421321' });
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await prisma?.$disconnect();
  await pool?.end(); // the shared pool (Prisma leaves an external pool open)
  await env?.teardown();
});

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const countCycleWorkflows = () => env.client.workflow.count('WorkflowType = "annualCycleWorkflow"').then((c) => c.count);
/** Cycle 2030 with its 名特优新 settings, which the search-attribute and GET tests read back. */
const cycle2030Started = step(() => request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2030, category: { quotaRatio: 0.04, noticeWorkingDays: 7, quotaUnit: 'COUNTY' } }));
const auditCount = (targetId: string) => prisma.auditEntry.count({ where: { targetType: 'cycle', targetId, action: 'CYCLE_STARTED' } });

describe('authentication', () => {
  it('lets health and readiness through without a token', async () => {
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: { ok: true }, temporal: { ok: true } });
  });

  it('answers 401 without a token, with a malformed or unknown one, and with a revoked one', async () => {
    for (const headers of [{}, { Authorization: 'Token abc' }, { Authorization: 'Bearer gf_not-a-real-token' }]) {
      const res = await request(app).get('/api/v1/me').set(headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.message).toMatch(/未认证/);
    }
    const revoked = await createPrincipal(prisma, 'CITY_AMR');
    await prisma.apiToken.updateMany({ where: { principalId: revoked.id }, data: { revokedAt: new Date() } });
    expect((await request(app).get('/api/v1/me').set(bearer(revoked))).status).toBe(401);
  });

  it('maps a token to its principal', async () => {
    const res = await request(app).get('/api/v1/me').set(bearer(grassroots));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'GRASSROOTS_STAFF', roleLabel: '市场监管所工作人员', county: '421321' });
  });

  it('stores tokens only as hashes', async () => {
    const rows = await prisma.apiToken.findMany({ where: { principalId: admin.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(admin.token);
  });
});

describe('POST /api/v1/cycles', () => {
  it('refuses {"year":"abc"} with 400 naming the field, and starts nothing', async () => {
    const before = await countCycleWorkflows();
    const res = await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/请求参数不正确/);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'body.year', code: 'invalid_type' })]);
    expect(res.body.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(await countCycleWorkflows()).toBe(before);
  });

  it('refuses unknown fields and malformed JSON', async () => {
    const extra = await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2030, colour: 'red' });
    expect(extra.status).toBe(400);
    const malformed = await request(app).post('/api/v1/cycles').set(bearer(admin)).set('Content-Type', 'application/json').send('{"year":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });

  it('answers 401 without a token and 403 to a department or a household, starting nothing', async () => {
    const before = await countCycleWorkflows();
    expect((await request(app).post('/api/v1/cycles').send({ year: 2030 })).status).toBe(401);
    for (const who of [taxDept, household, grassroots]) {
      const res = await request(app).post('/api/v1/cycles').set(bearer(who)).send({ year: 2030 });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await countCycleWorkflows()).toBe(before);
    expect(await auditCount('2030')).toBe(0);
  });

  it('refuses a calendar out of order with 422 and starts nothing', async () => {
    const res = await request(app)
      .post('/api/v1/cycles')
      .set(bearer(admin))
      .send({ year: 2031, calendar: { rerunAt: '2031-12-31T00:00:00+08:00' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CALENDAR_OUT_OF_ORDER');
    expect(res.body.message).toContain('重新分型');
    await expect(env.client.workflow.getHandle('cycle-2031').describe()).rejects.toThrow();
  });

  it('starts cycle-{year} once: a second call returns the same run, audited once', async () => {
    const tooMany = await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2030, category: { quotaRatio: 0.08 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'body.category.quotaRatio', message: '入库比例不得超过 5%' })]);
    const first = await cycle2030Started();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ year: 2030, workflowId: 'cycle-2030', status: 'RUNNING' });
    const second = await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2030 });
    expect(second.status).toBe(200);
    expect(second.body.workflowId).toBe('cycle-2030');
    const { runId } = await env.client.workflow.getHandle('cycle-2030').describe();
    const runs = await until('cycle-2030 to appear in the workflow list (visibility)', async () => {
      const found: string[] = [];
      for await (const w of env.client.workflow.list({ query: 'WorkflowId = "cycle-2030"' })) found.push(w.runId);
      return found.length > 0 && found;
    }, 15_000);
    expect(runs).toEqual([runId]);
    expect(await auditCount('2030')).toBe(1);
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { targetId: '2030', action: 'CYCLE_STARTED' } });
    expect(audit).toMatchObject({ actorId: admin.id, actorRole: 'CITY_AMR' });
  });

  it('sets the CycleYear search attribute, so administrators can filter in the Web UI', async () => {
    await cycle2030Started();
    const ids = await until('a workflow with the search attribute CycleYear = 2030 in the list', async () => {
      const found: string[] = [];
      for await (const w of env.client.workflow.list({ query: 'CycleYear = 2030' })) found.push(w.workflowId);
      return found.length > 0 && found;
    }, 15_000);
    expect(ids).toEqual(['cycle-2030']);
    const description = await env.client.workflow.getHandle('cycle-2030').describe();
    expect(description.typedSearchAttributes.get(CycleYear)).toBe(2030);
  });
});

describe('GET /api/v1/cycles/{year}', () => {
  it('returns the phase from the workflow Query and the read model', async () => {
    await cycle2030Started();
    const res = await request(app).get('/api/v1/cycles/2030').set(bearer(grassroots));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2030, phase: 'PLANNED', phaseLabel: '待启动', source: 'workflow' });
    expect(res.body.calendar.opensAt).toBe('2030-06-30T16:00:00.000Z');
    // The year's 名特优新 settings are kept with the cycle: applications follow them.
    const cycle = await until('the worker to write the cycle 2030 read model row', () => prisma.cycle.findUnique({ where: { year: 2030 } }), 15_000);
    expect(cycle!.categoryConfig).toMatchObject({ quota: { ratio: 0.04, base: 'GROWTH_PLUS_DEVELOPMENT', unit: 'COUNTY' }, noticeWorkingDays: 7, scoreSheet: { passLine: 60 } });
  });

  it('shows the holiday schedule in force, and the years of the cycle without one (their deadlines will refuse)', async () => {
    await cycle2030Started();
    const res = await request(app).get('/api/v1/cycles/2030').set(bearer(admin));
    // chinese-days 1.5.7 knows up to 2026 and domain/calendar/holidays.json adds nothing yet.
    expect(res.body.holidays).toEqual({ source: 'chinese-days@1.5.7', years: [], missingYears: [2030], holidays: [], workdays: [] });
    const cycle = await until('the worker to write the cycle 2030 read model row', () => prisma.cycle.findUnique({ where: { year: 2030 } }), 15_000);
    expect(cycle!.holidays).toMatchObject({ years: [], source: 'chinese-days@1.5.7' });
  });

  it('follows a cycle whose dates have passed through to CLOSED', async () => {
    const started = await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2025 });
    expect(started.status).toBe(201);
    await env.client.workflow.getHandle('cycle-2025').result();
    const res = await request(app).get('/api/v1/cycles/2025').set(bearer(admin));
    expect(res.body).toMatchObject({ status: 'COMPLETED', phase: 'CLOSED', readModel: { phase: 'CLOSED' } });
    expect(res.body.history.map((h: { phase: string }) => h.phase)).toEqual(['TYPING', 'RECHECK_WINDOW', 'RERUN', 'CATEGORY_REVIEW', 'INGESTION', 'CLOSED']);
    expect(res.body.runs.map((r: { runId: string }) => r.runId)).toEqual(['typing-2025-ANNUAL', 'typing-2025-RERUN']);
    expect(res.body.statistics).toMatchObject({ runId: 'typing-2025-RERUN' });
    // The State Council's 2025 schedule (国办发明电〔2024〕12号), recorded as the cycle's input: National Day
    // and Mid-Autumn Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked; 2026 is known too (for SLAs that run over),
    // and 2027 (started now, its deadlines may reach it) when the tests' synthetic file supplies it.
    const expected = officialSchedule([2025, 2026, 2027], undefined, operatorHolidaySchedule());
    expect(expected.years).toEqual(expect.arrayContaining([2025, 2026]));
    expect(res.body.holidays).toMatchObject({ source: expected.source, years: expected.years, missingYears: [] });
    expect(res.body.holidays.holidays).toEqual(expect.arrayContaining(['2025-10-01', '2025-10-08', '2026-10-07']));
    expect(res.body.holidays.workdays).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11', '2026-10-10']));
    expect(res.body.holidays.holidays).not.toContain('2025-10-09');
    const list = await request(app).get('/api/v1/cycles').set(bearer(admin));
    expect(list.body.items).toContainEqual(expect.objectContaining({ year: 2025, phase: 'CLOSED' }));
  });

  it('answers 404 for a year without a cycle, 400 for a bad year, 403 to a department', async () => {
    expect((await request(app).get('/api/v1/cycles/2099').set(bearer(admin))).body.code).toBe('CYCLE_NOT_FOUND');
    const bad = await request(app).get('/api/v1/cycles/abc').set(bearer(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('params.year');
    expect((await request(app).get('/api/v1/cycles/2030').set(bearer(taxDept))).status).toBe(403);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app).get('/api/v1/nothing-here').set(bearer(admin));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('unreachable services', () => {
  it('readyz answers 503 when the database is unreachable', async () => {
    const deadDb = createPrismaClient('postgresql://postgres@127.0.0.1:1/none');
    const res = await request(createApp({ prisma: deadDb, pool, temporal: env.client, operatorIdKey: 'test-key' })).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.database.ok).toBe(false);
    expect(res.body.checks.temporal.ok).toBe(true);
    await deadDb.$disconnect();
  });

  it('starting a cycle answers 503 when Temporal is unreachable, and audits nothing', async () => {
    const connection = unreachableConnection(1_000);
    const deadTemporal = new Client({ connection });
    const res = await request(createApp({ prisma, pool, temporal: deadTemporal, operatorIdKey: 'test-key' })).post('/api/v1/cycles').set(bearer(admin)).send({ year: 2032 });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(await auditCount('2032')).toBe(0);
    const ready = await request(createApp({ prisma, pool, temporal: deadTemporal, operatorIdKey: 'test-key' })).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.temporal.ok).toBe(false);
  });
});
