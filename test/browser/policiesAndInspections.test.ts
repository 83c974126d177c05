// The 帮扶 pages of the console in real Chromium against the real API and PostgreSQL: a department drafts
// a policy and another city administrator publishes it; the drafter publishing is refused in Chinese; a
// household sees the matched policy and why, and grants 授信 consent; a city administrator creates,
// freezes and draws an inspection plan and the page's counts per segment are the API's. No workflow is
// involved: the matching batch's data steps (what its activities call) run in the test, and Temporal is a
// connection that reaches nothing. One server, one browser.
import type { Server } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { copyRows } from '../../data/bulkCopy';
import { finishMatchBatch, matchPage, policiesInForce, runToMatch, startMatchBatch, todayInShanghai } from '../../data/policies';
import { CONSOLE_DIST } from '../../scripts/buildConsole';
import { POPULATION_COLUMNS, syntheticUscc } from '../../scripts/syntheticPopulation';
import { launchChromium, screenshot, serve, signIn } from '../support/browser';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { unreachableConnection } from '../support/unreachableTemporal';

const YEAR = 2046; // this file's own typing year and inspection period
const ZENGDU = '421303';
const SUIXIAN = '421321';
let db: IsolatedDatabase;
let connection: Connection;
let app: Express;
let server: Server;
let base: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let commerce: TestPrincipal, cityA: TestPrincipal, cityB: TestPrincipal, household: TestPrincipal;
let growthSuixian: string; // a 随县 成长型 food household: the policy reaches it
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', console: { distDir: CONSOLE_DIST } });
  ({ server, base } = await serve(app));
  ({ browser, close: closeBrowser } = await launchChromium());

  // 120 households of two counties, typed D/G/S by index (a finished run), food (62) or retail (52);
  // every 12th holds a 名特优新 label, every 20th is abnormal-marked (the RISK segment).
  const business: unknown[][] = [];
  const results: unknown[][] = [];
  const labels: unknown[][] = [];
  for (let i = 0; i < 120; i++) {
    const county = i % 2 ? SUIXIAN : ZENGDU;
    const uscc = syntheticUscc(9_100_000 + i, county);
    const type = i % 5 === 0 ? 'D' : i % 3 === 0 ? 'G' : 'S';
    business.push([uscc, `帮扶测试${i}号`, `测试${i}`, null, '个人经营', `${YEAR - 4}-01-01`, county, i % 4 === 1 ? '6210' : '5211', 'ACTIVE', [], '市场监管', `${YEAR}-06-30`]);
    results.push([`typing-${YEAR}-ANNUAL`, uscc, type, null, '{}', '']);
    if (i % 12 === 7) labels.push([uscc, YEAR - 1, 'TE', 'SELF', `${YEAR - 1}-11-30`, `${YEAR + 2}-11-30`, 'b', 'ACTIVE']);
    if (!growthSuixian && county === SUIXIAN && type === 'G' && i % 4 === 1 && i % 12 !== 7) growthSuixian = uscc;
  }
  const client = await db.pool.connect();
  try {
    await copyRows(client, 'business', POPULATION_COLUMNS.business, business as never);
    await copyRows(client, 'typing_result', ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'], results as never);
    await copyRows(client, 'category_label', ['uscc', 'year', 'category', 'channel', 'designated_on', 'valid_until', 'batch', 'status'], labels as never);
  } finally {
    client.release();
  }
  await db.prisma.typingRun.create({ data: { id: `typing-${YEAR}-ANNUAL`, year: YEAR, kind: 'ANNUAL', rulesetId: 'x', referenceDate: new Date(`${YEAR}-06-30`), status: 'DONE', finishedAt: new Date() } });
  const today = todayInShanghai();
  for (let i = 0; i < 120; i += 20) {
    await db.pool.query(`INSERT INTO abnormal_mark (uscc, reason, marked_on, department, as_of) VALUES ($1, '未按期年报', $2, '市场监管', $2)`, [business[i]![0], today]);
  }
  commerce = await createPrincipal(db.prisma, 'SECTOR_DEPARTMENT', { department: '商务', name: '市商务局' });
  cityA = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局甲' });
  cityB = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局乙' });
  household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: growthSuixian });
});

afterAll(async () => {
  await closeBrowser?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await db?.drop();
  await connection?.close();
});

async function signedIn(principal: TestPrincipal, viewport = { width: 1360, height: 900 }): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const { context, page, errors } = await signIn(browser, base, principal.token, { viewport });
  return { page, errors, close: () => context.close() };
}

/** Form controls without an accessible name (as console.test.ts checks): none expected. */
function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), textarea, select, [role=switch]')]
    .filter((el) => !el.closest('[aria-hidden="true"]') && el.offsetParent !== null)
    .filter((el) => !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))))
    .map((el) => el.outerHTML.slice(0, 160))`);
}

/** Picks options of an antd select found by its label (several for a multiple select). */
async function choose(page: Page, label: string, ...options: string[]): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  for (const option of options) await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  await page.keyboard.press('Escape');
}

/** The matching batch's data steps, as its activities run them, for the policies in force today. */
async function matchNow(batchId: string): Promise<void> {
  const date = todayInShanghai();
  const run = (await runToMatch(db.prisma, null))!;
  const { ranges } = await startMatchBatch(db.prisma, db.pool, { batchId, runId: run.runId, year: run.year, trigger: 'TEST', date, rangeSize: 1_000 });
  const policies = await policiesInForce(db.prisma, date);
  for (const range of ranges) {
    for (let after = range.after; ;) {
      const page = await matchPage(db.pool, policies, { batchId, runId: run.runId, date, range, after, pageSize: 500 });
      if (page.last === null) break;
      after = page.last;
    }
  }
  await finishMatchBatch(db.pool, batchId);
}

const POLICY_TITLE = '随县成长型餐饮个体户数字化经营补贴';
let policyId: string;

describe('the policy catalogue', () => {
  it('lets a department draft a policy that another city administrator publishes; the catalogue lists it as published', async () => {
    const drafter = await signedIn(commerce);
    const { page } = drafter;
    // A department lands on the catalogue (its only page besides the public ones).
    await page.getByRole('heading', { name: '扶持政策库' }).waitFor();
    await page.getByRole('button', { name: '起草政策' }).click();
    const form = page.getByRole('form', { name: '政策草稿' });
    await form.getByLabel('政策名称').fill(POLICY_TITLE);
    await form.getByLabel('政策编码（字母、数字、- 或 _）').fill('SX-FOOD-G-DIGITAL');
    await choose(page, '措施领域', '经营服务');
    await form.getByLabel('政策依据').fill('随县商务局关于支持餐饮业发展的通知（测试）');
    await choose(page, '分型', '成长型');
    await form.getByLabel('行业（GB/T 4754 代码前缀，如 62 餐饮业）').fill('62');
    await page.keyboard.press('Enter');
    await choose(page, '县（市、区）', '随县');
    await form.getByLabel('扶持内容').fill('数字化经营改造补贴，最高 5000 元');
    await form.getByLabel('咨询联系（部门、电话）').fill('随县商务局 0722-0000000');
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, 'policy-draft');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.getByTestId('policy-title').waitFor();
    expect(await page.getByTestId('policy-title').innerText()).toBe(POLICY_TITLE);
    expect(await page.getByTestId('policy-status').innerText()).toContain('草稿');
    expect(await page.getByTestId('policy-target').innerText()).toBe('分型：成长型\n行业（GB/T 4754 代码前缀）：62*\n县（市、区）：随县');
    // The department cannot publish: no publish form for it.
    expect(await page.getByRole('form', { name: '发布政策' }).count()).toBe(0);
    const draft = await db.prisma.policy.findFirstOrThrow({ where: { code: 'SX-FOOD-G-DIGITAL' } });
    expect(draft).toMatchObject({ status: 'DRAFT', department: '商务', createdBy: commerce.id });
    policyId = draft.id;
    expect(drafter.errors).toEqual([]);
    await drafter.close();

    const approver = await signedIn(cityA);
    await approver.page.getByRole('menuitem', { name: '扶持政策' }).click();
    await choose(approver.page, '状态', '草稿');
    await approver.page.getByRole('link', { name: POLICY_TITLE }).click();
    const publish = approver.page.getByRole('form', { name: '发布政策' });
    await publish.getByRole('button', { name: '审核发布' }).click();
    await approver.page.getByTestId('policy-done').waitFor();
    await expect.poll(() => approver.page.getByTestId('policy-status').innerText()).toContain('已发布');
    expect(await db.prisma.policy.findUniqueOrThrow({ where: { id: policyId } })).toMatchObject({ status: 'PUBLISHED', approvedBy: cityA.id });
    // The catalogue, filtered to published policies, lists it.
    await approver.page.getByRole('link', { name: '← 返回政策库' }).click();
    await choose(approver.page, '状态', '已发布');
    const row = approver.page.getByRole('row', { name: new RegExp(POLICY_TITLE) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/商务[\s\S]*经营服务[\s\S]*申请[\s\S]*已发布/);
    expect(await approver.page.getByTestId('policy-list').getByRole('row').count()).toBe(2); // header and this one
    await screenshot(approver.page, 'policy-catalogue');
    expect(approver.errors).toEqual([]);
    await approver.close();
  });

  it('refuses the drafter publishing their own policy, with the API\'s Chinese message, and nothing changes', async () => {
    const created = await request(app).post('/api/v1/policies').set(bearer(cityB)).send({
      code: 'CITY-SELF', version: '1', title: '市局自拟政策', legalBasis: '测试', area: '经营服务', target: {}, benefit: '测试', mode: 'AUTO', contact: '市局',
      conditions: { params: { MIN_REVENUE: 150_000 }, when: { all: [{ feature: 'revenue', op: '>=', param: 'MIN_REVENUE' }, { not: { flag: 'abnormal_marked_now' } }] } },
    });
    expect(created.status).toBe(201);
    const { page, errors, close } = await signedIn(cityB);
    await page.goto(`${base}/policies/${encodeURIComponent(created.body.id)}`);
    // The target and the conditions, in Chinese, with the parameters' values.
    expect(await page.getByTestId('policy-target').innerText()).toBe('面向全部个体工商户');
    expect(await page.getByTestId('policy-conditions').innerText()).toBe('以下全部满足：\n  营业收入（元） ≥ 150,000\n  不存在以下情形：\n    经营异常状态标记');
    await page.getByRole('form', { name: '发布政策' }).getByRole('button', { name: '审核发布' }).click();
    await expect.poll(() => page.getByTestId('policy-problem').innerText()).toBe('起草人不能审核发布自己起草的政策');
    expect((await db.prisma.policy.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe('DRAFT');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('my policies (household)', () => {
  it('shows the matched policy with why, mode and contact, and grants 授信 consent the API then reports', async () => {
    await matchNow('browser-match-1');
    const { page, errors, close } = await signedIn(household, { width: 390, height: 844 }); // on a phone
    await page.goto(`${base}/my/policies`); // the menu folds on a phone
    const item = page.getByRole('listitem', { name: POLICY_TITLE });
    await item.waitFor();
    const why = await item.getByTestId('policy-why').innerText();
    expect(why).toContain('✓ 分型为成长型（政策面向：成长型）');
    expect(why).toContain('✓ 所在地：随县（政策面向：随县）');
    expect(why).toMatch(/✓ 行业代码 6210（政策面向 GB\/T 4754：62\*）/);
    expect(await item.getByTestId('policy-mode').innerText()).toBe('申请');
    expect(await item.getByTestId('policy-contact').innerText()).toBe('随县商务局 0722-0000000');

    expect(await page.getByTestId('credit-consent-state').innerText()).toBe('未授权');
    const toggle = page.getByRole('switch', { name: '授权金融机构查看本户分型和名特优新结果用于授信' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await expect.poll(() => page.getByTestId('credit-consent-state').innerText()).toMatch(/^已授权/);
    expect(await unlabelledInputs(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390); // nothing wider than the phone
    await screenshot(page, 'my-policies');
    const consent = await request(app).get(`/api/v1/businesses/${growthSuixian}/credit-consent`).set(bearer(household));
    expect(consent.body).toMatchObject({ uscc: growthSuixian, consent: true });
    const credit = await request(app).get('/api/v1/credit/households').set(bearer(cityA));
    expect(credit.body.items.map((i: { uscc: string }) => i.uscc)).toEqual([growthSuixian]);
    expect(errors).toEqual([]);
    await close();

    // A bank lands on its 授信 list and finds the household there; any other page shows the API's refusal.
    const bank = await signedIn(await createPrincipal(db.prisma, 'FINANCIAL_INSTITUTION', { department: '金融', name: '某银行' }));
    await bank.page.getByRole('heading', { name: '授信名单' }).waitFor();
    expect(await bank.page.getByRole('menuitem').allInnerTexts()).toEqual(['授信名单', '公示']);
    await bank.page.getByTestId('credit-list').getByRole('row', { name: new RegExp(growthSuixian) }).getByText('成长型').waitFor();
    expect(await bank.page.getByTestId('credit-list').getByRole('row').count()).toBe(2);
    await bank.page.goto(`${base}/policies`);
    await expect.poll(() => bank.page.getByRole('alert').innerText()).toBe('当前角色无权执行此操作');
    await bank.close();
  });

  it('shows a city administrator the policy\'s reach by type as the API counts it, and withdraws it with a reason', async () => {
    const reach = (await request(app).get(`/api/v1/policies/${encodeURIComponent(policyId)}/reach`).set(bearer(cityA))).body.items as Array<{ uscc: string; type: string }>;
    expect(reach.length).toBeGreaterThan(1);
    expect(new Set(reach.map((r) => r.type))).toEqual(new Set(['G']));
    const { page, errors, close } = await signedIn(cityA);
    await page.goto(`${base}/policies/${encodeURIComponent(policyId)}`);
    await expect.poll(() => page.getByTestId('reach-total').innerText()).toBe(String(reach.length));
    expect(await page.getByTestId('reach-by-type').innerText()).toMatch(new RegExp(`成长型\\s+${reach.length}`));
    const withdraw = page.getByRole('form', { name: '撤回政策' });
    await withdraw.getByRole('button', { name: '撤回' }).click();
    await withdraw.getByText('请填写撤回理由').waitFor(); // the reason is required before anything is sent
    expect((await db.prisma.policy.findUniqueOrThrow({ where: { id: policyId } })).status).toBe('PUBLISHED');
    await withdraw.getByLabel('撤回理由').fill('资金来源调整');
    await withdraw.getByRole('button', { name: '撤回' }).click();
    await expect.poll(() => page.getByTestId('policy-status').innerText()).toContain('已撤回');
    expect(await page.getByTestId('policy-detail').innerText()).toContain('资金来源调整');
    expect(await db.prisma.policyMatch.count({ where: { policyId, endedAt: null } })).toBe(0);
    expect((await request(app).get(`/api/v1/businesses/${growthSuixian}/policies`).set(bearer(household))).body.items).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('inspection plans', () => {
  it('lets a city administrator create, freeze and draw a plan; the page shows the seed, the population and the API\'s counts per segment', async () => {
    const { page, errors, close } = await signedIn(cityA);
    await page.getByRole('menuitem', { name: '双随机抽查' }).click();
    const form = page.getByRole('form', { name: '新建抽查计划' });
    await form.getByLabel('期间（YYYY 或 YYYY-Qn）').fill(String(YEAR));
    await form.getByLabel('基础比例 r0（0–1）').fill('0.6');
    // The ratios the API enforces are shown before submission: 0.6 × 2 for the RISK segment exceeds 1.
    await form.getByText('以下分段的抽查比例超过 1，提交将被拒绝：风险（异常、近期处罚、投诉聚集）').waitFor();
    await form.getByLabel('基础比例 r0（0–1）').fill('0.3');
    await form.getByLabel('曾都区').fill('执法甲\n执法乙\n执法丙');
    await form.getByLabel('随县', { exact: true }).fill('执法丁\n执法戊');
    expect(await unlabelledInputs(page)).toEqual([]);
    await form.getByRole('button', { name: '创建计划' }).click();
    await page.getByTestId('plan-seed').waitFor();
    const plan = await db.prisma.inspectionPlan.findFirstOrThrow({ where: { period: String(YEAR) } });
    expect(await page.getByTestId('plan-seed').innerText()).toBe(plan.seed);

    await page.getByRole('button', { name: '冻结抽查对象名单' }).click();
    await page.getByTestId('plan-population').waitFor();
    const frozen = (await request(app).get(`/api/v1/inspection-plans/${plan.id}`).set(bearer(cityA))).body;
    expect(frozen.plan.populationSize).toBe(120);
    expect(await page.getByTestId('plan-population').innerText()).toBe('120');
    expect(await page.getByTestId('plan-digest').innerText()).toBe(frozen.plan.populationDigest);

    await page.getByRole('button', { name: '按公开种子抽取' }).click();
    await expect.poll(() => page.getByTestId('plan-status').innerText()).toBe('已抽取');
    const drawn = (await request(app).get(`/api/v1/inspection-plans/${plan.id}`).set(bearer(cityA))).body as { inspections: Array<{ uscc: string; county: string; segment: string }> };
    expect(drawn.inspections.length).toBeGreaterThan(0);
    for (const segment of ['CATEGORY', 'D', 'G', 'S', 'UNTYPED', 'RISK']) {
      expect(Number(await page.getByTestId(`count-${segment}`).innerText()), segment).toBe(drawn.inspections.filter((i) => i.segment === segment).length);
    }
    expect(new Set(drawn.inspections.map((i) => i.segment))).toEqual(new Set(['CATEGORY', 'D', 'G', 'S', 'RISK']));
    await screenshot(page, 'inspection-plan');
    expect(errors).toEqual([]);
    await close();

    // A 随县 officer sees the 随县 part of the list and records an outcome, which the public list shows.
    const officer = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: '随县局执法' });
    const county = await signedIn(officer);
    await county.page.goto(`${base}/inspections/${plan.id}`);
    const mine = drawn.inspections.filter((i) => i.county === SUIXIAN);
    await county.page.getByText(`抽取结果（共 ${mine.length} 户，本辖区 随县）`).waitFor();
    const target = mine[0]!.uscc;
    await choose(county.page, `${target} 检查结果`, '责令整改');
    await expect.poll(async () => (await request(app).get(`/api/v1/public/inspection-plans/${plan.id}`)).body.inspections.find((i: { uscc: string }) => i.uscc === target)?.outcome).toBe('责令整改');
    expect(county.errors).toEqual([]);
    await county.close();

    // The public page, without a token, shows the same seed and counts.
    const context = await browser.newContext({ locale: 'zh-CN' });
    const anonymous = await context.newPage();
    await anonymous.goto(`${base}/public/inspections`);
    await anonymous.getByRole('link', { name: String(YEAR) }).click();
    await anonymous.getByTestId('public-seed').waitFor();
    expect(await anonymous.getByTestId('public-seed').innerText()).toBe(plan.seed);
    const counts = await anonymous.getByTestId('public-segment-counts').getByRole('row').allInnerTexts();
    expect(counts.slice(1).map((r) => Number(r.trim().split(/\s+/).at(-1)))).toEqual(['CATEGORY', 'D', 'G', 'S', 'UNTYPED', 'RISK'].map((s) => drawn.inspections.filter((i) => i.segment === s).length));
    await anonymous.getByRole('row', { name: new RegExp(target) }).getByText('责令整改').waitFor();
    await context.close();
  });
});
