// The web console in real Chromium against the real API, a Temporal dev server and PostgreSQL. The
// fixture data are made through the API (as test/api/applications.test.ts does); every check reads
// what a person sees on the page. Screenshots of the main pages go to test-output/screenshots.
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { CONSOLE_DIST } from '../../scripts/buildConsole';
import { applicationViewQuery, reviewOpenedSignal } from '../../messages/applicationMessages';
import { createProgrammeWorker } from '../../worker';
import { launchChromium, screenshot, serve, signIn, watchErrors } from '../support/browser';
import { loadKnownPopulation, type KnownPopulation } from '../support/categoryPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { until } from '../support/until';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';

const YEAR = new Date(Date.now() - 200 * 86_400_000).getUTCFullYear();
const SUIXIAN = '421321';
const taskQueue = 'browser-console-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let server: Server;
let base: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let population: KnownPopulation;
let cityAdmin: TestPrincipal;
// A valid 1×1 PNG (so the preview's naturalWidth is 1).
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const applicationOf = (uscc: string) => env.client.workflow.getHandle(`application-${YEAR}-${uscc}`);
const statusOf = async (uscc: string) => (await applicationOf(uscc).query(applicationViewQuery)).status;

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  population = await loadKnownPopulation(db.pool, { year: YEAR, growth: 20, survival: 5 });
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue, console: { distDir: CONSOLE_DIST, temporalUiUrl: 'http://127.0.0.1:8233' } });
  ({ server, base } = await serve(app));
  ({ browser, close: closeBrowser } = await launchChromium());
  cityAdmin = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局管理员' });
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(50), declarationClosesAt: at(60), rankingAt: at(70), reviewEndsAt: at(80), closesAt: at(90) };
  expect((await request(app).post('/api/v1/cycles').set(bearer(cityAdmin)).send({ year: YEAR, calendar })).status).toBe(201);
  await until('the recheck window', async () => (await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(cityAdmin))).body.readModel?.phase === 'RECHECK_WINDOW');
});

afterAll(async () => {
  await closeBrowser?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

/** A fresh browser context signed in with `principal`'s token, as a person pastes it. */
async function signedIn(principal: TestPrincipal, viewport = { width: 1360, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { context, page, errors } = await signIn(browser, base, principal.token, { viewport });
  return { context, page, errors };
}

/** Form controls on the page without an accessible name (label, aria-label or aria-labelledby): none expected. */
function unlabelledInputs(page: Page): Promise<string[]> {
  // Runs in the page (a string: this project's TypeScript has no DOM types); antd's hidden helpers are aria-hidden.
  return page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
    .filter((el) => !el.closest('[aria-hidden="true"]') && (el.offsetParent !== null || el.type === 'file'))
    .filter((el) => !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))))
    .map((el) => el.outerHTML.slice(0, 160))`);
}

describe('signing in', () => {
  it('takes a pasted token, shows role, department and county in the header, and signs out', async () => {
    const officer = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: '随县局审核员' });
    const { context, page, errors } = await signedIn(officer);
    const identity = page.getByRole('group', { name: '当前身份' });
    await expect.poll(() => identity.innerText()).toMatch(/随县局审核员[\s\S]*县级市场监管局[\s\S]*市场监管[\s\S]*随县/);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('访问令牌').waitFor();
    await page.getByLabel('访问令牌').fill('not-a-token');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('令牌无效');
    // No demo identities unless the server runs the embedded default; no CSP violation or script error.
    expect(await page.getByText('演示身份').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** A 随县 household declares 知名; the gate passes and the cycle opens the county review (as after Sept 30). */
async function reviewTaskFor(index: number): Promise<{ uscc: string; taskId: string }> {
  const { uscc } = population.growth.filter((h) => h.county === SUIXIAN)[index]!;
  const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
  expect((await request(app).post('/api/v1/applications').set(bearer(household)).send({ year: YEAR, category: 'MING', fields: { marketReputation: '县内知名' } })).status).toBe(201);
  await until('the gate', async () => (await statusOf(uscc)) === 'GATE_PASSED');
  await applicationOf(uscc).signal(reviewOpenedSignal);
  const task = await until('the review task', async () => db.prisma.task.findFirst({ where: { uscc, kind: 'APPLICATION_REVIEW', status: 'OPEN' } }));
  return { uscc, taskId: task.id };
}

describe('serving', () => {
  it('answers every console path with index.html under a strict same-origin CSP, and leaves the API and docs alone', async () => {
    const deep = await request(app).get('/tasks/some-task').set('Accept', 'text/html');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<div id="root">');
    expect(deep.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(deep.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const asset = deep.text.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    expect((await request(app).get(asset)).headers['cache-control']).toContain('immutable');
    const api = await request(app).get('/api/v1/nothing-here').set(bearer(cityAdmin)).set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('NOT_FOUND');
    expect((await request(app).get('/api/v1/me').set('Accept', 'text/html')).status).toBe(401);
    expect((await request(app).get('/assets/missing.js')).status).toBe(404);
  });
});

describe('the embedded default', () => {
  it('offers the demo identities for a one-click sign-in only when the server is given them', async () => {
    const demo = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: '随县市场监管局' });
    const embedded = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue, console: { distDir: CONSOLE_DIST, demoIdentities: [{ key: 'county-suixian', name: '随县市场监管局', role: 'COUNTY_AMR', county: SUIXIAN, token: demo.token }] } });
    const s2 = await new Promise<Server>((resolve) => {
      const s = embedded.listen(0, '127.0.0.1', () => resolve(s));
    });
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(s2.address() as { port: number }).port}/`);
    await page.getByRole('button', { name: '随县市场监管局' }).click();
    await expect.poll(() => page.getByRole('group', { name: '当前身份' }).innerText()).toMatch(/县级市场监管局[\s\S]*随县/);
    await context.close();
    await new Promise((resolve) => s2.close(resolve));
    // The server under test was given none: its sign-in page offers none.
    expect((await request(app).get('/console-config.json')).body.demoIdentities).toEqual([]);
  });
});

describe('the inbox and the task forms', () => {
  it('lets a 随县 officer filter, claim and complete a county review with a criterion; the case view shows the step done and the next task', async () => {
    const { uscc, taskId } = await reviewTaskFor(0);
    const officer = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: '随县局审核员' });
    const { context, page, errors } = await signedIn(officer);
    await page.getByRole('menuitem', { name: '待办' }).click();
    await page.getByLabel('县（市、区）').click();
    await page.locator('.ant-select-item-option', { hasText: '随县' }).click();
    const row = page.getByRole('row', { name: new RegExp(uscc) });
    await row.waitFor();
    // Keyboard only: focus the row's claim button and press Enter.
    await row.getByRole('button', { name: /认领/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row.innerText()).toContain('我');
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, 'inbox');
    await row.getByRole('link', { name: '办理' }).click();
    const form = page.getByRole('form', { name: '办理表单' });
    await form.getByText('M3 在县级及以上或网络平台有较高市场占有率或知名度').waitFor();
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, 'task-review');
    // Approving without a criterion is refused inline, in Chinese, and what was typed stays.
    await form.getByRole('radiogroup', { name: '是否通过县级审核' }).getByText('是', { exact: true }).click();
    await form.getByLabel('审核意见').fill('县内知名度高，经营规范');
    await form.getByRole('button', { name: '提交办理' }).click();
    await expect.poll(() => page.getByTestId('task-problem').innerText()).toContain('通过审核须至少满足所申报类别的一项条件');
    expect(await form.getByLabel('审核意见').inputValue()).toBe('县内知名度高，经营规范');
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'OPEN', completedBy: null });
    await form.getByRole('checkbox', { name: /M3/ }).check();
    await form.getByRole('button', { name: '提交办理' }).click();
    await page.getByText('已办结', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: '查看申请详情' }).click();
    const tasks = page.getByTestId('case-tasks');
    await expect.poll(() => tasks.innerText(), { timeout: 20_000 }).toMatch(/县级审核\s+已办结/);
    // The next step: the two on-site scoring tasks (the page reads the API; reload until the workflow has opened them).
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('case-tasks').getByRole('link', { name: '县级审核' }).waitFor();
      return page.getByTestId('case-tasks').innerText();
    }, { timeout: 30_000 }).toMatch(/实地走访评分\s+待办/);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('实地走访评分中');
    // The audit timeline names the officer for the claim and the completion, in that order.
    const audit = await page.getByTestId('case-audit').innerText();
    expect(audit).toMatch(/随县局审核员（县级市场监管局）\s+认领（县级审核）[\s\S]*随县局审核员（县级市场监管局）\s+办理完成（县级审核）/);
    await screenshot(page, 'case-view');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets one of two officers claim the same task; the other is told who holds it and cannot complete it', async () => {
    const { taskId } = await reviewTaskFor(1);
    const [a, b] = await Promise.all(['甲', '乙'].map((n) => createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: `随县局${n}` })));
    const [sa, sb] = await Promise.all([signedIn(a!), signedIn(b!)]);
    await Promise.all([sa, sb].map((s) => s.page.goto(`${base}/tasks/${taskId}`)));
    await Promise.all([sa, sb].map((s) => s.page.getByRole('button', { name: '认领' }).waitFor()));
    await Promise.all([sa, sb].map((s) => s.page.getByRole('button', { name: '认领' }).click()));
    const holder = await until('the claim', async () => (await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).assigneeId);
    const loser = holder === a!.id ? sb : sa;
    const winner = loser === sa ? sb : sa;
    const holderName = holder === a!.id ? '随县局甲' : '随县局乙';
    await expect.poll(() => loser.page.getByTestId('task-problem').innerText()).toContain(`认领失败：该待办已被工作人员${holderName}认领`);
    await expect.poll(async () => {
      await loser.page.reload();
      return loser.page.getByTestId('task-holder').innerText();
    }).toBe(holderName);
    await expect.poll(() => winner.page.getByTestId('task-holder').innerText()).toBe('您本人');
    // The loser's completion is refused (the button is disabled; the API refuses it too) and nothing is recorded.
    await expect.poll(() => loser.page.getByRole('button', { name: '提交办理' }).isDisabled()).toBe(true);
    const byLoser = await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(loser === sa ? a! : b!)).send({ payload: { approve: true, reason: '抢先办理', assessedCriteria: ['M3'] } });
    expect(byLoser.status).toBe(403);
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'OPEN', completedBy: null, assigneeId: holder });
    expect(await db.prisma.auditEntry.count({ where: { targetId: taskId, action: 'TASK_COMPLETED' } })).toBe(0);
    await Promise.all([sa.context.close(), sb.context.close()]);
  });
});

describe('on-site scoring', () => {
  it('hides the other assessor\'s score until both have submitted', async () => {
    const { uscc, taskId } = await reviewTaskFor(2);
    const county = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管' });
    expect((await request(app).post(`/api/v1/tasks/${taskId}/claim`).set(bearer(county))).status).toBe(200);
    expect((await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(county)).send({ payload: { approve: true, reason: '知名度高', assessedCriteria: ['M3'] } })).status).toBe(200);
    const visits = await until('the visit tasks', async () => {
      const rows = await db.prisma.task.findMany({ where: { uscc, kind: 'SITE_VISIT_SCORE', status: 'OPEN' }, orderBy: { id: 'asc' } });
      return rows.length === 2 ? rows : null;
    });
    const [first, second] = await Promise.all(['一', '二'].map((n) => createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: SUIXIAN, department: '市场监管', name: `评分人${n}` })));
    const score = async (who: TestPrincipal, task: string, points: number[]) => {
      const { context, page, errors } = await signedIn(who);
      await page.goto(`${base}/tasks/${task}`);
      await page.getByRole('button', { name: '认领' }).click();
      await expect.poll(() => page.getByTestId('task-holder').innerText()).toBe('您本人');
      const form = page.getByRole('form', { name: '办理表单' });
      const privacy = await form.getByTestId('score-privacy').innerText();
      const body = await page.locator('main').innerText();
      for (const [i, section] of ['A', 'B', 'C', 'D', 'E'].entries()) await form.getByLabel(new RegExp(`^${section}\\. `)).fill(String(points[i]));
      await expect.poll(() => form.getByTestId('my-total').innerText()).toBe(String(points.reduce((a, b) => a + b)));
      await form.getByRole('radiogroup', { name: /否决项/ }).getByText('否', { exact: true }).click();
      await form.getByRole('checkbox', { name: /本人声明：与该户无利益冲突/ }).check();
      if (who === second) await screenshot(page, 'task-site-visit');
      await form.getByRole('button', { name: '提交办理' }).click();
      await page.getByText('已办结', { exact: true }).first().waitFor();
      expect(errors).toEqual([]);
      return { context, page, privacy, body };
    };
    const a = await score(first!, visits[0]!.id, [18, 17, 27, 13, 12]); // 87
    await a.context.close();
    const b = await score(second!, visits[1]!.id, [15, 16, 24, 11, 10]); // 76
    // Before submitting, the second assessor saw that one score is in — and not what it was.
    expect(b.privacy).toContain('已提交评分：1 / 2');
    expect(b.body).not.toMatch(/87|18.*17.*27/);
    // Once both are in, the case view shows the combined score the API reports.
    const view = await until('the combined score', async () => (await request(app).get(`/api/v1/applications/${YEAR}/${uscc}`).set(bearer(county))).body.score);
    await b.page.goto(`${base}/cases/${YEAR}/${uscc}`);
    await expect.poll(() => b.page.locator('main').innerText()).toContain(`${view.total} 分`);
    await b.context.close();
  });
});

describe('the household', () => {
  it('sees its type with the indicators on a phone, cannot edit department-supplied fields, and declares', async () => {
    const { uscc } = population.growth.filter((h) => h.county === SUIXIAN)[3]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc, name: '随县某经营者' });
    const { context, page, errors } = await signedIn(household, { width: 390, height: 844 });
    await page.getByTestId('business-type').waitFor();
    expect(await page.getByTestId('business-type').innerText()).toBe('成长型');
    const indicators = page.getByTestId('typing-indicators');
    await expect.poll(() => indicators.innerText()).toMatch(/纳税总额（元）\s+2000\s+税务\s+\d{4}-06-20/);
    await screenshot(page, 'household-type');
    await page.goto(`${base}/my/apply`);
    await page.getByRole('radio', { name: '知名' }).check({ force: true });
    const shared = page.locator('[data-shared-field]');
    await shared.first().waitFor();
    expect(await shared.count()).toBeGreaterThan(2);
    for (const input of await shared.all()) expect(await input.isEditable()).toBe(false);
    await expect.poll(() => page.getByRole('form', { name: '部门共享数据' }).innerText()).toMatch(/纳税额[\s\S]*来源：税务/);
    const declaration = page.getByRole('form', { name: '申报表' });
    await declaration.getByRole('textbox', { name: '市场占有率或知名度' }).fill('随县城区知名早餐店，开业三十年');
    await declaration.getByLabel(/上传「市场占有率或知名度」佐证材料/).setInputFiles({ name: '媒体报道.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n随州日报报道'.repeat(10)) });
    await declaration.getByText('媒体报道.pdf').waitFor();
    await declaration.getByLabel(/上传「市场占有率或知名度」佐证材料/).setInputFiles({ name: '门店照片.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await declaration.getByText('门店照片.png').waitFor({ timeout: 10_000 });
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, 'household-apply');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.getByText('申报已受理').waitFor();
    await page.getByRole('link', { name: '查看申报进度' }).click();
    await expect.poll(() => page.getByTestId('my-application-status').innerText(), { timeout: 20_000 }).toMatch(/已申报|资格审查通过/);
    expect(await db.prisma.application.findFirstOrThrow({ where: { uscc, year: YEAR } })).toMatchObject({ category: 'MING', declared: { fields: { marketReputation: '随县城区知名早餐店，开业三十年' }, evidence: [{ field: 'marketReputation', fileName: '媒体报道.pdf' }, { fileName: '门店照片.png' }] } });
    expect(errors).toEqual([]);
    await context.close();

    // The county officer's case view previews both files (fetched with the officer's token) and shows
    // the audit timeline: the submission by the household, who is not named.
    const officer = await createPrincipal(db.prisma, 'COUNTY_AMR', { county: SUIXIAN, department: '市场监管', name: '随县局核查员' });
    const o = await signedIn(officer);
    await o.page.goto(`${base}/cases/${YEAR}/${uscc}`);
    const evidence = o.page.getByTestId('case-evidence');
    await evidence.getByText('门店照片.png').first().waitFor({ timeout: 15_000 });
    await evidence.getByTestId('evidence-image').waitFor({ timeout: 15_000 });
    await expect.poll(() => evidence.getByTestId('evidence-image').evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth; })).toBe(1);
    expect(await evidence.getByTestId('evidence-image').getAttribute('alt')).toBe('佐证材料：门店照片.png');
    const pdf = evidence.getByTestId('evidence-pdf');
    expect(await pdf.getAttribute('src')).toMatch(/^blob:/);
    // The frame shows the stored file (the blob the console fetched has its size).
    expect(Number(await pdf.getAttribute('data-bytes'))).toBe((await db.prisma.evidenceFile.findFirstOrThrow({ where: { uscc, fileName: '媒体报道.pdf' } })).sizeBytes);
    const audit = o.page.getByTestId('case-audit');
    await expect.poll(() => audit.innerText()).toMatch(/经营者\s+提交申请/);
    expect(await audit.innerText()).not.toContain('随县某经营者');
    await screenshot(o.page, 'case-evidence');
    expect(o.errors).toEqual([]);
    await o.context.close();
  });
});

describe('rechecks', () => {
  it('takes a household\'s recheck request on its page and lets an officer verify it item by item', async () => {
    const { uscc } = population.growth.filter((h) => h.county === SUIXIAN)[5]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
    const h = await signedIn(household, { width: 390, height: 844 });
    const request_ = h.page.getByRole('form', { name: '分型复核申请' });
    await request_.getByLabel('营业收入（元）（主张值）').fill('260000');
    await request_.getByRole('textbox', { name: '说明' }).first().fill('年报漏报了网店收入');
    await request_.getByRole('button', { name: '提交复核申请' }).click();
    await h.page.getByText('核实中').waitFor();
    expect(h.errors).toEqual([]);
    await h.context.close();

    const task = await until('the verification task', async () => db.prisma.task.findFirst({ where: { uscc, kind: 'RECHECK_VERIFY', status: 'OPEN' } }));
    const officer = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: SUIXIAN, department: '市场监管', name: '核实人' });
    const o = await signedIn(officer);
    await o.page.goto(`${base}/tasks/${task.id}`);
    await o.page.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => o.page.getByTestId('task-holder').innerText()).toBe('您本人');
    const form = o.page.getByRole('form', { name: '办理表单' });
    await form.getByText('营业收入（元）：经营者主张 260000').waitFor();
    // Submitting without a decision or reason is stopped before it reaches the API; nothing typed is lost.
    await form.getByLabel('采纳的数值').fill('255000');
    await form.getByRole('button', { name: '提交办理' }).click();
    await form.getByText('每项须说明理由').waitFor();
    expect(await form.getByLabel('采纳的数值').inputValue()).toBe('255000');
    await form.getByRole('radio', { name: '采纳', exact: true }).check();
    await form.getByLabel('理由').fill('核对网店平台流水，收入属实');
    await screenshot(o.page, 'task-recheck');
    await form.getByRole('button', { name: '提交办理' }).click();
    await o.page.getByText('已办结', { exact: true }).first().waitFor();
    const recheck = await request(app).get(`/api/v1/rechecks/${YEAR}/${uscc}`).set(bearer(officer));
    expect(recheck.body).toMatchObject({ status: 'RESOLVED_CORRECTED', decisions: [{ feature: 'revenue', accept: true, value: 255000, reason: '核对网店平台流水，收入属实' }] });
    expect(o.errors).toEqual([]);
    await o.context.close();
  });
});

describe('the cycle dashboard', () => {
  it('charts the numbers the API returns for the cycle', async () => {
    const { context, page, errors } = await signedIn(cityAdmin);
    await page.getByRole('menuitem', { name: '年度周期' }).click();
    const applications = page.getByTestId('chart-applications');
    await expect.poll(() => applications.getAttribute('data-ready'), { timeout: 20_000 }).toBe('true');
    const typeMix = page.getByTestId('chart-type-mix');
    await expect.poll(() => typeMix.getAttribute('data-ready')).toBe('true');
    await expect.poll(() => page.getByTestId('chart-overdue').getAttribute('data-ready')).toBe('true');
    await screenshot(page, 'dashboard');

    const summary = (await request(app).get(`/api/v1/cycles/${YEAR}/category-summary`).set(bearer(cityAdmin))).body as { byStatus: Record<string, Record<string, number>>; total: number };
    const series = JSON.parse((await applications.getAttribute('data-series'))!) as Array<{ name: string; data: number[] }>;
    const charted: Record<string, number> = {};
    for (const s of series) charted[s.name] = s.data.reduce((a, b) => a + b, 0);
    const expected: Record<string, number> = { 知名: 0, 特色: 0, 优质: 0, 新兴: 0 };
    const names: Record<string, string> = { MING: '知名', TE: '特色', YOU: '优质', XIN: '新兴' };
    for (const byCategory of Object.values(summary.byStatus)) for (const [c, n] of Object.entries(byCategory)) expected[names[c]!]! += n;
    expect(charted).toEqual(expected);
    expect(Object.values(charted).reduce((a, b) => a + b, 0)).toBe(summary.total);
    expect(summary.total).toBeGreaterThan(0);

    const cycle = (await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(cityAdmin))).body as { runs: Array<{ counts: Record<string, number> }> };
    const counts = cycle.runs.at(-1)!.counts;
    const pie = JSON.parse((await typeMix.getAttribute('data-series'))!) as Array<{ data: Array<{ name: string; value: number }> }>;
    expect(Object.fromEntries(pie[0]!.data.map((d) => [d.name, d.value]))).toEqual({ 发展型: counts.D ?? 0, 成长型: counts.G ?? 0, 生存型: counts.S ?? 0, 未分型: counts.UNTYPED ?? 0 });
    expect(counts.G).toBe(20);
    // The type mix by county and by industry: each type's bars are the API's counts, in the API's order.
    const mix = (await request(app).get(`/api/v1/cycles/${YEAR}/type-mix`).set(bearer(cityAdmin))).body as { byCounty: Array<Record<string, number>>; byIndustry: Array<Record<string, number>> };
    const typeNames: Record<string, string> = { D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型' };
    for (const [testId, rows] of [['chart-type-mix-county', mix.byCounty], ['chart-type-mix-industry', mix.byIndustry]] as const) {
      const chart = page.getByTestId(testId);
      await expect.poll(() => chart.getAttribute('data-ready')).toBe('true');
      const bars = JSON.parse((await chart.getAttribute('data-series'))!) as Array<{ name: string; data: number[] }>;
      expect(Object.fromEntries(bars.map((b) => [b.name, b.data]))).toEqual(Object.fromEntries(Object.entries(typeNames).map(([t, name]) => [name, rows.map((r) => r[t])])));
      expect(bars.flatMap((b) => b.data).reduce((a, b) => a + b, 0)).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    }
    expect(mix.byCounty.length).toBeGreaterThan(1);
    const temporal = await page.getByRole('link', { name: /Temporal Web UI/ }).getAttribute('href');
    expect(decodeURIComponent(temporal!)).toContain(`query=CycleYear = ${YEAR}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the public pages', () => {
  it('refuse an anonymous objection with the message and accept a real-name one, whose outcome reads 已收到，处理中', async () => {
    const { uscc } = population.growth.filter((h) => h.county === SUIXIAN)[4]!;
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
    expect((await request(app).post('/api/v1/applications').set(bearer(household)).send({ year: YEAR, category: 'TE', fields: { specialtyDescription: '泡泡青腌制' } })).status).toBe(201);
    await until('the gate', async () => (await statusOf(uscc)) === 'GATE_PASSED');
    // The read model follows the workflow (an activity after the status change): wait for it, or its
    // write could land after the update below and take the application out of the notice again.
    await until('the read model to show the gate passed', async () => (await db.prisma.application.findUnique({ where: { year_uscc: { year: YEAR, uscc } } }))?.status === 'GATE_PASSED');
    // The notice period as the public endpoints read it (the read model), without waiting for the ranking day.
    await db.prisma.application.update({ where: { year_uscc: { year: YEAR, uscc } }, data: { status: 'IN_PUBLICITY', noticeEndsAt: new Date(Date.now() + 5 * 86_400_000) } });

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/public?year=${YEAR}`);
    const row = page.getByRole('row', { name: new RegExp(uscc) });
    await row.waitFor();
    await row.getByRole('link', { name: '提出异议' }).click();
    const form = page.getByRole('form', { name: '异议表' });
    expect(await form.getByLabel('被异议经营者的统一社会信用代码').inputValue()).toBe(uscc);
    await form.getByLabel('异议事实').fill('该户宣传的特色产品实为外地购入，有购货单据为证');
    await form.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.getByTestId('objection-problem').innerText()).toContain('异议须实名提出');
    expect(await db.prisma.objection.count({ where: { uscc } })).toBe(0);
    expect(await form.getByLabel('异议事实').inputValue()).toBe('该户宣传的特色产品实为外地购入，有购货单据为证');
    expect(await unlabelledInputs(page)).toEqual([]);
    await form.getByLabel('姓名').fill('王五');
    await form.getByLabel('联系电话').fill('13800001234');
    await screenshot(page, 'public-objection');
    await form.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.getByTestId('objection-status').innerText(), { timeout: 20_000 }).toBe('已收到，处理中');
    const id = page.url().match(/objections\/([0-9a-f-]{36})/)![1]!;
    expect(await db.prisma.objection.findUniqueOrThrow({ where: { id } })).toMatchObject({ uscc, objectorName: '王五', status: 'RECEIVED' });
    expect(await page.locator('main').innerText()).not.toMatch(/王五|13800001234/);
    await screenshot(page, 'public-outcome');
    expect(errors).toEqual([]);
    await context.close();
  });
});
