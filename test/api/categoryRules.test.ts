// 名特优新 rules as versioned data (docs/policy.md#p-category-rules) against a real PostgreSQL and a real
// Temporal dev server with the worker: the lifecycle with four eyes, invalid drafts changing nothing,
// concurrent activations leaving one ACTIVE, and a running cycle keeping the version it started with.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { DEFAULT_CATEGORY_RULES_ID } from '../../data/categoryRules';
import type { CategoryConfig } from '../../domain/category/categoryConfig';
import { categoryRulesSchema, DEFAULT_CATEGORY_RULES, type CategoryRulesDefinition } from '../../domain/category/categoryRules';
import { cycleStateQuery } from '../../messages/cycleMessages';
import { createProgrammeWorker } from '../../worker';
import { loadKnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { until } from '../support/until';

const taskQueue = 'category-rules-test';
const [FIRST_YEAR, NEXT_YEAR] = [2061, 2062];
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let drafter: TestPrincipal;
let approver: TestPrincipal;
let county: TestPrincipal;
let auditor: TestPrincipal;
let uscc: string;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

const base = (): CategoryRulesDefinition => structuredClone(categoryRulesSchema.parse(DEFAULT_CATEGORY_RULES));
/** Next year's rules: an eight-year Y1, a relabelled Y1, no Y3, a reweighted score sheet with a higher pass line, a 12-month N1 window. */
function nextYearsRules(): CategoryRulesDefinition {
  const d = base();
  d.criteria.minYearsOperating = 8;
  d.criteria.catalogue.YOU = d.criteria.catalogue.YOU.filter((c) => c.code !== 'Y3').map((c) => (c.code === 'Y1' ? { ...c, label: '在本地诚信经营满八年' } : c));
  d.scoreSheet = { version: '2027', passLine: 65, sections: d.scoreSheet.sections.map((s) => ({ ...s, max: s.code === 'C' ? 25 : s.code === 'E' ? 20 : s.max })) };
  d.gate.penaltyWindowMonths = 12;
  return d;
}

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-category-rules-')) });
  workerRun = worker.run();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  drafter = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  approver = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  county = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: '421303' });
  auditor = await createPrincipal(db.prisma, 'AUDITOR');
  uscc = (await loadKnownPopulation(db.pool, { year: 2026, growth: 1, survival: 0 })).growth[0]!.uscc;
});
afterAll(async () => {
  for (const year of [FIRST_YEAR, NEXT_YEAR]) await env?.client.workflow.getHandle(`cycle-${year}`).terminate('test over').catch(() => undefined);
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

const draft = (p: TestPrincipal, version: string, definition: unknown = base(), note?: string) =>
  request(app).post('/api/v1/category-rules').set(bearer(p)).send({ version, definition, ...(note ? { note } : {}) });
const act = (p: TestPrincipal, id: string, step: 'approve' | 'activate') => request(app).post(`/api/v1/category-rules/${id}/${step}`).set(bearer(p));
const audits = (action: string) => db.prisma.auditEntry.count({ where: { targetType: 'category_rules', action } });
const statuses = async () => Object.fromEntries((await db.prisma.categoryRuleSet.findMany()).map((r) => [r.version, r.status]));

describe('category rule versions', () => {
  it('a fresh system lists the seeded default as ACTIVE, readable by staff and auditors', async () => {
    const res = await request(app).get('/api/v1/category-rules').set(bearer(county));
    expect(res.status).toBe(200);
    expect(res.body.activeId).toBe(DEFAULT_CATEGORY_RULES_ID);
    expect(res.body.items).toEqual([expect.objectContaining({ id: DEFAULT_CATEGORY_RULES_ID, status: 'ACTIVE', statusLabel: '启用中' })]);
    expect(res.body.items[0].definition).toEqual(JSON.parse(JSON.stringify(DEFAULT_CATEGORY_RULES)));
    expect((await request(app).get(`/api/v1/category-rules/${DEFAULT_CATEGORY_RULES_ID}`).set(bearer(auditor))).body.version).toBe('2025-default');
  });

  it('refuses invalid definitions, with a stable code per problem, and writes nothing', async () => {
    const before = { rows: await db.prisma.categoryRuleSet.count(), audit: await db.prisma.auditEntry.count() };
    const incoherent = base();
    incoherent.scoreSheet.sections[0]!.max = 30; // 110 in all
    incoherent.criteria.catalogue.XIN.push({ code: 'M1', label: '重复代码', mode: 'ASSESS' }, { code: 'X8', label: '无法自动判定', mode: 'AUTO' });
    const res = await draft(drafter, '2027-bad', incoherent);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CATEGORY_RULES_INVALID');
    expect(res.body.details.map((d: { code: string }) => d.code)).toEqual(['DUPLICATE_CRITERION_CODE', 'UNKNOWN_AUTO_CRITERION', 'SCORE_SHEET_TOTAL']);
    expect(res.body.message).toMatch(/评分表各项满分之和须为 100 分，现为 110 分/);
    const negativeWindow = base();
    negativeWindow.gate.penaltyWindowMonths = -24;
    const shape = await draft(drafter, '2027-bad', negativeWindow);
    expect(shape.status).toBe(400);
    expect(shape.body.details[0]).toMatchObject({ field: 'body.definition.gate.penaltyWindowMonths', message: '窗口期至少 1 个月' });
    expect((await draft(county, '2027-bad')).status).toBe(403); // counties do not set the city's rules
    expect({ rows: await db.prisma.categoryRuleSet.count(), audit: await db.prisma.auditEntry.count() }).toEqual(before);
  });

  it('needs a second administrator to approve; activation retires the previous version; each step audited', async () => {
    const created = await draft(drafter, '2027', nextYearsRules(), '2027 年度修订：优质类经营年限改为 8 年');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'MTYX@2027', status: 'DRAFT', createdBy: drafter.id });
    expect((await draft(approver, '2027')).status).toBe(409); // the version exists

    const diff = await request(app).get('/api/v1/category-rules/MTYX@2027/diff').set(bearer(county));
    expect(diff.body.activeId).toBe(DEFAULT_CATEGORY_RULES_ID);
    expect(diff.body.changes).toContainEqual({ path: 'criteria.minYearsOperating', from: 10, to: 8 });
    expect(diff.body.changes).toContainEqual({ path: 'scoreSheet.passLine', from: 60, to: 65 });
    expect(diff.body.changes).toContainEqual({ path: 'gate.penaltyWindowMonths', from: 24, to: 12 });

    const self = await act(drafter, 'MTYX@2027', 'approve');
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'SELF_APPROVAL', message: expect.stringMatching(/起草人不能审批/) });
    const early = await act(approver, 'MTYX@2027', 'activate');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CATEGORY_RULES_NOT_APPROVED', message: expect.stringMatching(/当前状态为「草稿」/) });
    expect(await statuses()).toEqual({ '2025-default': 'ACTIVE', '2027': 'DRAFT' });

    expect((await act(approver, 'MTYX@2027', 'approve')).body).toMatchObject({ status: 'APPROVED', approvedBy: approver.id });
    expect((await act(approver, 'MTYX@2027', 'approve')).body.code).toBe('CATEGORY_RULES_NOT_DRAFT');
    expect(await statuses()).toEqual({ '2025-default': 'ACTIVE', '2027': 'APPROVED' }); // approved is not yet in force
    expect(await audits('CATEGORY_RULES_DRAFTED')).toBe(1);
    expect(await audits('CATEGORY_RULES_APPROVED')).toBe(1);
  });

  it('a cycle started under v1 keeps v1 after v2 is activated; the next cycle takes v2', async () => {
    // Cycle FIRST_YEAR starts under the seeded default (2027 is approved, not active).
    const first = await request(app).post('/api/v1/cycles').set(bearer(drafter)).send({ year: FIRST_YEAR, category: { noticeWorkingDays: 7 } });
    expect(first.status).toBe(201);
    expect(first.body.categoryRules).toEqual({ id: DEFAULT_CATEGORY_RULES_ID, version: '2025-default' });
    await until('the first cycle to record its settings', () => db.prisma.cycle.findUnique({ where: { year: FIRST_YEAR } }));

    const activated = await act(drafter, 'MTYX@2027', 'activate'); // any city administrator may activate an approved version
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'ACTIVE', activatedBy: drafter.id, retired: [DEFAULT_CATEGORY_RULES_ID] });
    expect(await statuses()).toEqual({ '2025-default': 'RETIRED', '2027': 'ACTIVE' });
    expect(await audits('CATEGORY_RULES_ACTIVATED')).toBe(2); // the default's installation, then 2027

    // The running cycle: its recorded rules, its workflow input, and the form its households see are v1's.
    const stillFirst = await request(app).get(`/api/v1/cycles/${FIRST_YEAR}`).set(bearer(county));
    expect(stillFirst.body.categoryRules).toEqual({ id: DEFAULT_CATEGORY_RULES_ID, version: '2025-default' });
    const firstConfig = (await db.prisma.cycle.findUniqueOrThrow({ where: { year: FIRST_YEAR } })).categoryConfig as unknown as CategoryConfig;
    expect(firstConfig).toMatchObject({ rules: { id: DEFAULT_CATEGORY_RULES_ID }, noticeWorkingDays: 7, scoreSheet: { version: '2025-default', passLine: 60 }, gate: { penaltyWindowMonths: 24 } });
    expect((await env.client.workflow.getHandle(`cycle-${FIRST_YEAR}`).query(cycleStateQuery)).categoryRules).toEqual({ id: DEFAULT_CATEGORY_RULES_ID, version: '2025-default' });
    const firstForm = await request(app).get(`/api/v1/applications/${FIRST_YEAR}/${uscc}/form?category=YOU`).set(bearer(approver));
    expect(firstForm.status).toBe(200);
    const firstY1 = firstForm.body.criteria.find((c: { code: string }) => c.code === 'Y1');
    expect(firstY1).toMatchObject({ label: '在本地长期诚信经营', evidence: expect.stringContaining('标准 10 年') });
    expect(firstForm.body.criteria.map((c: { code: string }) => c.code)).toContain('Y3');

    // The next cycle takes v2, with the per-cycle override on top.
    const next = await request(app).post('/api/v1/cycles').set(bearer(approver)).send({ year: NEXT_YEAR, category: { passLine: 70 } });
    expect(next.status).toBe(201);
    expect(next.body.categoryRules).toEqual({ id: 'MTYX@2027', version: '2027' });
    const nextRow = await until('the next cycle to record its settings', () => db.prisma.cycle.findUnique({ where: { year: NEXT_YEAR } }));
    expect(nextRow.categoryConfig).toMatchObject({ rules: { id: 'MTYX@2027' }, scoreSheet: { version: '2027', passLine: 70 }, gate: { penaltyWindowMonths: 12 }, criteria: { minYearsOperating: 8 } });
    const nextForm = await request(app).get(`/api/v1/applications/${NEXT_YEAR}/${uscc}/form?category=YOU`).set(bearer(approver));
    expect(nextForm.body.criteria.find((c: { code: string }) => c.code === 'Y1')).toMatchObject({ label: '在本地诚信经营满八年', evidence: expect.stringContaining('标准 8 年') });
    expect(nextForm.body.criteria.map((c: { code: string }) => c.code)).not.toContain('Y3');

    // Starting the first year again answers with the existing cycle and its v1 rules.
    const again = await request(app).post('/api/v1/cycles').set(bearer(drafter)).send({ year: FIRST_YEAR });
    expect(again.status).toBe(200);
    expect(again.body.categoryRules.id).toBe(DEFAULT_CATEGORY_RULES_ID);
    const started = await db.prisma.auditEntry.findFirstOrThrow({ where: { targetType: 'cycle', targetId: String(NEXT_YEAR), action: 'CYCLE_STARTED' } });
    expect(started.after).toMatchObject({ categoryRules: { id: 'MTYX@2027', version: '2027' } });
  });

  it('of concurrent activations, exactly one version ends ACTIVE and the others are retired', async () => {
    const versions = ['2028-a', '2028-b', '2028-c', '2028-d'];
    for (const v of versions) {
      expect((await draft(drafter, v)).status).toBe(201);
      expect((await act(approver, `MTYX@${v}`, 'approve')).status).toBe(200);
    }
    const results = await Promise.all(versions.map((v) => act(approver, `MTYX@${v}`, 'activate')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]); // serialised: each later one retires the earlier
    const rows = await db.prisma.categoryRuleSet.findMany({ where: { version: { in: [...versions, '2027'] } } });
    const active = rows.filter((r) => r.status === 'ACTIVE');
    expect(active).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'RETIRED').map((r) => r.version).sort()).toEqual(['2027', ...versions].filter((v) => v !== active[0]!.version).sort());
    expect(await db.prisma.categoryRuleSet.count({ where: { status: 'ACTIVE' } })).toBe(1);
    // The index refuses a second ACTIVE whatever the path.
    await expect(db.pool.query(`UPDATE category_rule_set SET status = 'ACTIVE' WHERE version = '2027'`)).rejects.toThrow(/category_rule_set_one_active/);
  });
});
