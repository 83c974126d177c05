// Support policies end to end on a real dev server, worker, PostgreSQL and SMTP server: a department
// drafts, the city publishes; the typing run starts the matching batch, which reaches exactly the
// households an independent SQL query finds; the re-run that makes a 生存型 household 成长型 adds its
// match and mails it once; withdrawal ends the matches and keeps them as history; the tax department's
// list by type and credit rating; the bank sees consented 成长型/发展型 households only and 403 elsewhere.
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { ENDPOINTS } from '../../api/endpoints';
import { ensureDefaultRuleset } from '../../data/rulesets';
import { DEFAULT_POLICY_CATALOGUE } from '../../domain/policies/defaultCatalogue';
import { loadPopulation } from '../../scripts/syntheticPopulation';
import { policyMatchingAfterRunId } from '../../messages/ids';
import { policyMatchingWorkflow } from '../../workflows/policyMatching';
import type { PolicyMatchingSummary } from '../../messages/policyMatchingMessages';
import { typingRunWorkflow } from '../../workflows/typingRun';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { startSmtpServer, type ReceivedMail } from '../support/smtp';
import { recordHistory } from '../support/replayHistories';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';

const YEAR = 2043; // this file's own typing year
const SUIXIAN = '421321';
const taskQueue = 'policy-matching-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: ReceivedMail[];
let rulesetId: string;
let city: TestPrincipal, city2: TestPrincipal, commerce: TestPrincipal, tax: TestPrincipal, bank: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

const FOOD_G_SUIXIAN = {
  code: 'SX-FOOD-G', version: '1', title: '随县成长型餐饮食品个体户数字化经营补贴', legalBasis: '随县商务局关于支持餐饮业发展的通知（测试）', area: '经营服务',
  target: { types: ['G'], industries: ['62', '14'], counties: [SUIXIAN] }, benefit: '数字化经营改造补贴，最高 5000 元', mode: 'APPLY', contact: '随县商务局 0722-0000000',
};
const TAX_G = {
  code: 'TAX-G-RATING', version: '1', title: '成长型纳税人辅导', legalBasis: '税务部门纳税服务规范（测试）', area: '财税',
  target: { types: ['G', 'D'] }, benefit: '一对一办税辅导', mode: 'AUTO', contact: '随州市税务局 12366',
  conditions: { params: { MIN_REVENUE: 150_000 }, when: { feature: 'revenue', op: '>=', param: 'MIN_REVENUE' } },
};

async function typingRun(kind: 'ANNUAL' | 'RERUN'): Promise<PolicyMatchingSummary> {
  const runId = `typing-${YEAR}-${kind}`;
  await env.client.workflow.execute(typingRunWorkflow, {
    workflowId: runId, taskQueue, args: [{ runId, year: YEAR, kind, rulesetId, referenceDate: `${YEAR}-06-30`, rangeSize: 700, pageSize: 300 }],
  });
  // The run started its matching batch (a workflow of its own): wait for it.
  return env.client.workflow.getHandle<typeof policyMatchingWorkflow>(policyMatchingAfterRunId(runId)).result();
}

async function publish(draft: object, by: TestPrincipal): Promise<string> {
  const created = await request(app).post('/api/v1/policies').set(bearer(by)).send(draft);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const self = await request(app).post(`/api/v1/policies/${id}/publish`).set(bearer(city)).send({ validFrom: '2020-01-01', validTo: null });
  // The city drafter of a city policy may not publish it; anyone else of the city may.
  if (by === city) expect(self.body.code).toBe('SELF_APPROVAL');
  const published = by === city ? await request(app).post(`/api/v1/policies/${id}/publish`).set(bearer(city2)).send({ validFrom: '2020-01-01' }) : self;
  expect(published.status).toBe(200);
  expect(published.body.status).toBe('PUBLISHED');
  return id;
}

/** The independent query: the run's 成长型 households of 随县 in the food industry (GB/T 4754 62, 14). */
async function expectedFoodG(runId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ uscc: string }>(
    `SELECT r.uscc FROM typing_result r, business b WHERE b.uscc = r.uscc AND r.run_id = $1 AND r.type = 'G' AND b.county = $2
       AND (left(b.industry_code, 2) IN ('62', '14')) ORDER BY r.uscc`,
    [runId, SUIXIAN],
  );
  return rows.map((r) => r.uscc);
}
const currentMatches = async (policyId: string) =>
  (await db.prisma.policyMatch.findMany({ where: { policyId, endedAt: null }, orderBy: { uscc: 'asc' } })).map((m) => m.uscc);

let foodPolicy: string, taxPolicy: string;
let mover: string; // 随县 food household typed 生存型 in the annual run, 成长型 after the re-run
let moverHousehold: TestPrincipal;
let stayer: string; // 随县 food household typed 成长型 already in the annual run

beforeAll(async () => {
  smtp = await startSmtpServer();
  received = smtp.received;
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  rulesetId = await ensureDefaultRuleset(db.prisma);
  await loadPopulation(db.pool, { count: 4_000, seed: 11, year: YEAR, offset: 7_000_000 });
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, mail: { smtpUrl: smtp.url, outboxDir: '/nonexistent' },
  });
  workerRun = worker.run();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局甲' });
  city2 = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局乙' });
  commerce = await createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '商务' });
  tax = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '税务' });
  bank = await createPrincipal(db.prisma, 'FINANCIAL_INSTITUTION', { department: '金融', name: '某银行' });
}, 240_000);
afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
  await smtp?.close();
});

describe('policy catalogue', () => {
  it('seeds the default catalogue as placeholder drafts, and refuses a draft whose conditions do not parse', async () => {
    const list = await request(app).get('/api/v1/policies').set(bearer(commerce));
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(DEFAULT_POLICY_CATALOGUE.length);
    expect(list.body.items.every((p: { status: string; placeholder: boolean }) => p.status === 'DRAFT' && p.placeholder)).toBe(true);
    const bad = await request(app).post('/api/v1/policies').set(bearer(tax)).send({ ...TAX_G, code: 'BAD', conditions: { when: { feature: 'revenue', op: '>=', param: 'UNDEFINED' } } });
    expect(bad.status).toBe(400);
    expect(await db.prisma.auditEntry.count({ where: { action: 'POLICY_DEFAULTS_SEEDED' } })).toBe(1);
  });
});

describe('matching after typing runs', () => {
  it('reaches exactly the households the independent query finds, with the explanation', async () => {
    foodPolicy = await publish(FOOD_G_SUIXIAN, commerce);
    taxPolicy = await publish(TAX_G, tax);
    expect(await db.prisma.auditEntry.count({ where: { action: 'POLICY_PUBLISHED' } })).toBe(2);

    const annual = await typingRun('ANNUAL');
    expect(annual.policies.sort()).toEqual([foodPolicy, taxPolicy].sort());
    const expected = await expectedFoodG(`typing-${YEAR}-ANNUAL`);
    expect(expected.length).toBeGreaterThan(3);
    expect(await currentMatches(foodPolicy)).toEqual(expected);

    // The tax policy's extra condition (revenue ≥ 150,000 on the run's features), checked independently.
    const { rows: taxExpected } = await db.pool.query<{ uscc: string }>(
      `SELECT r.uscc FROM typing_result r WHERE r.run_id = $1 AND r.type IN ('G', 'D')
         AND coalesce((SELECT t.invoiced_sales FROM tax_record t WHERE t.uscc = r.uscc AND t.tax_year = $2), (SELECT a.revenue FROM annual_report a WHERE a.uscc = r.uscc AND a.report_year = $2)) >= 150000
       ORDER BY r.uscc`,
      [`typing-${YEAR}-ANNUAL`, YEAR - 1],
    );
    expect(await currentMatches(taxPolicy)).toEqual(taxExpected.map((r) => r.uscc));

    stayer = expected[0]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: stayer });
    const mine = await request(app).get(`/api/v1/businesses/${stayer}/policies`).set(bearer(household));
    expect(mine.status).toBe(200);
    const food = mine.body.items.find((i: { policy: { id: string } }) => i.policy.id === foodPolicy);
    expect(food.current).toBe(true);
    expect(food.why).toEqual(expect.arrayContaining([expect.stringContaining('成长型'), expect.stringContaining('随县'), expect.stringMatching(/行业代码 (62|14)\d\d/)]));
    // Another household's policies: 403.
    expect((await request(app).get(`/api/v1/businesses/${expected[1]}/policies`).set(bearer(household))).status).toBe(403);
  });

  it('a re-run that moves a household from 生存型 to 成长型 adds its match and mails it once', async () => {
    const { rows } = await db.pool.query<{ uscc: string }>(
      `SELECT r.uscc FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = $1 AND r.type = 'S' AND r.reason IS NULL
         AND b.county = $2 AND left(b.industry_code, 2) = '62' ORDER BY r.uscc LIMIT 1`,
      [`typing-${YEAR}-ANNUAL`, SUIXIAN],
    );
    mover = rows[0]!.uscc;
    moverHousehold = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: mover });
    await db.prisma.principal.update({ where: { id: moverHousehold.id }, data: { email: 'mover@example.com' } });
    // The departments' new data: three years old, ¥200k invoiced, two insured employees.
    await db.pool.query('UPDATE business SET established_on = $2 WHERE uscc = $1', [mover, `${YEAR - 3}-01-01`]);
    await db.pool.query(
      `INSERT INTO tax_record (uscc, tax_year, tax_paid_total, invoiced_sales, credit_rating, abnormal_taxpayer, department, as_of) VALUES ($1, $2, 2000, 200000, 'B', false, '税务', $3)
       ON CONFLICT (uscc, tax_year) DO UPDATE SET tax_paid_total = 2000, invoiced_sales = 200000, credit_rating = 'B'`,
      [mover, YEAR - 1, `${YEAR}-09-01`],
    );
    await db.pool.query(
      `INSERT INTO social_insurance (uscc, year, insured_employees, department, as_of) VALUES ($1, $2, 2, '人社', $3)
       ON CONFLICT (uscc, year) DO UPDATE SET insured_employees = 2`,
      [mover, YEAR - 1, `${YEAR}-09-01`],
    );
    expect(await db.prisma.policyMatch.count({ where: { uscc: mover, policyId: foodPolicy } })).toBe(0);

    const rerun = await typingRun('RERUN');
    expect((await db.prisma.typingResult.findUniqueOrThrow({ where: { runId_uscc: { runId: `typing-${YEAR}-RERUN`, uscc: mover } } })).type).toBe('G');
    expect(await currentMatches(foodPolicy)).toEqual(await expectedFoodG(`typing-${YEAR}-RERUN`));
    const match = await db.prisma.policyMatch.findUniqueOrThrow({ where: { policyId_uscc: { policyId: foodPolicy, uscc: mover } } });
    expect(match).toMatchObject({ firstBatch: rerun.batchId, endedAt: null });
    expect(match.notifiedAt).not.toBeNull();

    const toMover = () => received.filter((m) => m.to.includes('mover@example.com'));
    expect(toMover()).toHaveLength(1);
    expect(toMover()[0]!.subject).toMatch(/新匹配的扶持政策/);
    // The body arrives as sent on the wire (base64 for Chinese text).
    const body = Buffer.from(toMover()[0]!.text.replace(/\s/g, ''), 'base64').toString('utf8');
    expect(body).toContain(FOOD_G_SUIXIAN.title);
    expect(body).toContain(TAX_G.title); // one digest names both new matches

    // Another batch over the same labels: nothing new, no second mail.
    const again = await env.client.workflow.execute(policyMatchingWorkflow, {
      workflowId: `policy-matching-manual-${YEAR}`, taskQueue, args: [{ batchId: `policy-matching-manual-${YEAR}`, runId: `typing-${YEAR}-RERUN`, trigger: 'MANUAL' }],
    });
    expect(again.notified).toBe(0);
    expect(toMover()).toHaveLength(1);
    expect(await db.prisma.notification.count({ where: { principalId: moverHousehold.id } })).toBe(1);

    // New behaviour only: the typing run that starts its matching batch (patched) and that batch with its digest.
    await recordHistory('typingRunStartsPolicyMatching.json', () => env.client.workflow.getHandle(`typing-${YEAR}-RERUN`).fetchHistory());
    await recordHistory('policyMatchingWithDigest.json', () => env.client.workflow.getHandle(policyMatchingAfterRunId(`typing-${YEAR}-RERUN`)).fetchHistory());
  });

  it('the tax department lists its policy\'s households by type and credit rating; other departments may not', async () => {
    const list = await request(app).get(`/api/v1/policies/${taxPolicy}/reach?type=G&creditRating=B&limit=5000`).set(bearer(tax));
    expect(list.status).toBe(200);
    const { rows } = await db.pool.query<{ uscc: string }>(
      `SELECT m.uscc FROM policy_match m JOIN typing_result r ON r.uscc = m.uscc AND r.run_id = $2 JOIN tax_record t ON t.uscc = m.uscc AND t.tax_year = $3
       WHERE m.policy_id = $1 AND m.ended_at IS NULL AND r.type = 'G' AND t.credit_rating = 'B' ORDER BY m.uscc`,
      [taxPolicy, `typing-${YEAR}-RERUN`, YEAR - 1],
    );
    expect(list.body.items.map((i: { uscc: string }) => i.uscc)).toEqual(rows.map((r) => r.uscc));
    expect(rows.map((r) => r.uscc)).toContain(mover);
    const csv = await request(app).get(`/api/v1/policies/${taxPolicy}/reach?type=G&creditRating=B&format=csv&limit=5000`).set(bearer(tax));
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(rows.length + 1);
    expect((await request(app).get(`/api/v1/policies/${taxPolicy}/reach`).set(bearer(commerce))).status).toBe(403);
    expect((await request(app).get(`/api/v1/policies/${foodPolicy}/reach?creditRating=B`).set(bearer(commerce))).status).toBe(403);
  });

  it('uptake is recorded by the household (applied) and the issuing department (granted), audited', async () => {
    const applied = await request(app).post(`/api/v1/businesses/${mover}/policies/${foodPolicy}/uptake`).set(bearer(moverHousehold)).send({ status: 'APPLIED' });
    expect(applied.status).toBe(200);
    expect((await request(app).post(`/api/v1/businesses/${mover}/policies/${foodPolicy}/uptake`).set(bearer(moverHousehold)).send({ status: 'GRANTED' })).status).toBe(403);
    expect((await request(app).post(`/api/v1/businesses/${mover}/policies/${foodPolicy}/uptake`).set(bearer(tax)).send({ status: 'GRANTED' })).status).toBe(403);
    expect((await request(app).post(`/api/v1/businesses/${mover}/policies/${foodPolicy}/uptake`).set(bearer(commerce)).send({ status: 'GRANTED' })).status).toBe(200);
    expect((await db.prisma.policyMatch.findUniqueOrThrow({ where: { policyId_uscc: { policyId: foodPolicy, uscc: mover } } })).uptake).toBe('GRANTED');
    expect(await db.prisma.auditEntry.count({ where: { action: 'POLICY_UPTAKE_RECORDED', targetId: `${foodPolicy}:${mover}` } })).toBe(2);
  });

  it('withdrawing the policy ends its matches, keeps them as history, and later batches add none', async () => {
    const before = await currentMatches(foodPolicy);
    const withdrawn = await request(app).post(`/api/v1/policies/${foodPolicy}/withdraw`).set(bearer(city)).send({ reason: '资金用完' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.matchesEnded).toBe(before.length);
    expect(await currentMatches(foodPolicy)).toEqual([]);
    const history = await db.prisma.policyMatch.findMany({ where: { policyId: foodPolicy }, orderBy: { uscc: 'asc' } });
    expect(history.map((m) => m.uscc)).toEqual(before);
    expect(history.every((m) => m.endReason === 'WITHDRAWN')).toBe(true);

    const after = await env.client.workflow.execute(policyMatchingWorkflow, {
      workflowId: `policy-matching-after-withdrawal-${YEAR}`, taskQueue, args: [{ batchId: `policy-matching-after-withdrawal-${YEAR}`, runId: `typing-${YEAR}-RERUN`, trigger: 'MANUAL' }],
    });
    expect(after.policies).toEqual([taxPolicy]);
    expect(await currentMatches(foodPolicy)).toEqual([]);
    expect(await db.prisma.policyMatch.count({ where: { policyId: foodPolicy } })).toBe(before.length);

    const mine = await request(app).get(`/api/v1/businesses/${mover}/policies?history=true`).set(bearer(moverHousehold));
    const ended = mine.body.items.find((i: { policy: { id: string } }) => i.policy.id === foodPolicy);
    expect(ended).toMatchObject({ current: false, endReason: 'WITHDRAWN', uptake: 'GRANTED' });
    const current = await request(app).get(`/api/v1/businesses/${mover}/policies`).set(bearer(moverHousehold));
    expect(current.body.items.map((i: { policy: { id: string } }) => i.policy.id)).not.toContain(foodPolicy);
  });
});

describe('financial institutions', () => {
  it('see a consented 成长型 household, not an unconsented one, and nothing else (403)', async () => {
    const { rows } = await db.pool.query<{ uscc: string }>(`SELECT uscc FROM typing_result WHERE run_id = $1 AND type = 'G' AND uscc <> $2 ORDER BY uscc LIMIT 1`, [`typing-${YEAR}-RERUN`, mover]);
    const unconsented = rows[0]!.uscc;
    const { rows: survival } = await db.pool.query<{ uscc: string }>(`SELECT uscc FROM typing_result WHERE run_id = $1 AND type = 'S' ORDER BY uscc LIMIT 1`, [`typing-${YEAR}-RERUN`]);
    const survivalHousehold = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: survival[0]!.uscc });
    // Households that typing publishes are read from the cycle's published run; here, the re-run (no cycle: the latest run).
    expect((await request(app).post(`/api/v1/businesses/${mover}/credit-consent`).set(bearer(moverHousehold)).send({ consent: true })).status).toBe(200);
    expect((await request(app).post(`/api/v1/businesses/${survival[0]!.uscc}/credit-consent`).set(bearer(survivalHousehold)).send({ consent: true })).status).toBe(200);
    expect((await request(app).post(`/api/v1/businesses/${unconsented}/credit-consent`).set(bearer(moverHousehold)).send({ consent: true })).status).toBe(403);

    const list = await request(app).get('/api/v1/credit/households').set(bearer(bank));
    expect(list.status).toBe(200);
    const usccs = list.body.items.map((i: { uscc: string }) => i.uscc);
    expect(usccs).toEqual([mover]); // the consented 生存型 household is not a credit candidate
    expect(usccs).not.toContain(unconsented);
    expect(JSON.stringify(list.body)).not.toMatch(/credit_?rating|taxPaid|200000|insured/i);

    // Revoked consent: gone from the list.
    expect((await request(app).post(`/api/v1/businesses/${mover}/credit-consent`).set(bearer(moverHousehold)).send({ consent: false })).status).toBe(200);
    expect((await request(app).get('/api/v1/credit/households').set(bearer(bank))).body.items).toEqual([]);

    // Every endpoint that needs a token, other than its own list and /me, refuses the bank by contract…
    const open = ENDPOINTS.filter((e) => e.roles !== null && (e.roles.length === 0 || e.roles.includes('FINANCIAL_INSTITUTION'))).map((e) => `${e.method} ${e.path}`);
    expect(open.sort()).toEqual(['get /api/v1/credit/households', 'get /api/v1/me']);
    // …and in practice (the authorization matrix calls every endpoint as the bank).
    for (const path of [`/api/v1/businesses/${mover}`, `/api/v1/businesses/${mover}/policies`, '/api/v1/policies', `/api/v1/directory?year=${YEAR}`, `/api/v1/policies/${taxPolicy}/reach`]) {
      expect((await request(app).get(path).set(bearer(bank))).status, path).toBe(403);
    }
  });
});
