// The 名特优新规则 page in real Chromium against the real API and PostgreSQL: city administrator A drafts a
// version with a higher pass line from the active definition; A approving it is refused with the API's
// Chinese message; administrator B approves; A activates after confirming; the list then shows it ACTIVE and
// the seeded default RETIRED, as the API lists them. A draft whose score sheet does not add up to 100 shows
// the API's Chinese problem and creates nothing. No workflow is involved (Temporal reaches nothing).
import type { Server } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { DEFAULT_CATEGORY_RULES_ID } from '../../data/categoryRules';
import { DEFAULT_CATEGORY_RULES } from '../../domain/category/categoryRules';
import { CONSOLE_DIST } from '../../scripts/buildConsole';
import { launchChromium, screenshot, serve, signIn } from '../support/browser';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { unreachableConnection } from '../support/unreachableTemporal';

const VERSION = '2047-browser';
let db: IsolatedDatabase;
let connection: Connection;
let app: Express;
let server: Server;
let base: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let cityA: TestPrincipal, cityB: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', console: { distDir: CONSOLE_DIST, temporalUiUrl: null } });
  ({ server, base } = await serve(app));
  ({ browser, close: closeBrowser } = await launchChromium());
  cityA = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局甲' });
  cityB = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局乙' });
});

afterAll(async () => {
  await closeBrowser?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await db?.drop();
  await connection?.close();
});

async function signedIn(principal: TestPrincipal): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const { context, page, errors } = await signIn(browser, base, principal.token, { viewport: { width: 1920, height: 900 } });
  // Wide enough that the entry is never folded into the menu's overflow (…): at 1,360 px it sometimes was,
  // depending on when the menu measured itself, and the click then waited in vain (seen in a CI run).
  const entry = page.getByRole('menuitem', { name: '名特优新规则' });
  await entry.waitFor({ timeout: 5_000 }).catch(() => page.locator('.ant-menu-overflow-item-rest').hover());
  await entry.click();
  await page.getByRole('heading', { name: '名特优新规则' }).waitFor();
  return { page, errors, close: () => context.close() };
}

/** Form controls without an accessible name (as console.test.ts checks): none expected. */
function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), textarea, select, [role=switch]')]
    .filter((el) => !el.closest('[aria-hidden="true"]') && el.offsetParent !== null)
    .filter((el) => !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))))
    .map((el) => el.outerHTML.slice(0, 160))`);
}

/** The list's rows as version → status label, as the page shows them. */
async function shownStatuses(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('category-rules-list').locator('tbody tr.ant-table-row');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('td');
    out[await cells.nth(0).innerText()] = await cells.nth(1).innerText();
  }
  return out;
}

async function apiStatuses(): Promise<Record<string, string>> {
  const list = await request(app).get('/api/v1/category-rules').set(bearer(cityA));
  expect(list.status).toBe(200);
  return Object.fromEntries(list.body.items.map((r: { version: string; statusLabel: string }) => [r.version, r.statusLabel]));
}

describe('the 名特优新 rules page', () => {
  let id: string;

  it('lets A draft a version with a changed pass line; shows the catalogue, windows, score sheet and the diff in Chinese', async () => {
    const { page, errors, close } = await signedIn(cityA);
    // A fresh system lists its seeded default as the active version.
    await page.getByTestId('rules-status').first().waitFor();
    const defaultVersion = (await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id: DEFAULT_CATEGORY_RULES_ID } })).version;
    expect(await shownStatuses(page)).toEqual({ [defaultVersion]: '启用中' });

    await page.getByRole('button', { name: '起草新版本' }).click();
    const form = page.getByRole('form', { name: '规则草稿' });
    await form.getByLabel('版本号（字母、数字、点、横线或下划线）').fill(VERSION);
    await form.getByLabel('修订说明').fill('及格线提高到 65 分');
    await form.getByLabel('及格线').fill('65');
    await form.getByLabel('及格线').blur();
    // The field writes into the JSON the API receives.
    expect(JSON.parse(await form.getByLabel(/规则定义（JSON/).inputValue()).scoreSheet.passLine).toBe(65);
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, 'category-rules-draft');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.getByTestId('rules-done').innerText().catch(() => '')).toBe(`已保存草稿 ${VERSION}，须由另一名市级管理员审批`);

    const draft = await db.prisma.categoryRuleSet.findFirstOrThrow({ where: { version: VERSION } });
    id = draft.id;
    expect(draft).toMatchObject({ status: 'DRAFT', createdBy: cityA.id, note: '及格线提高到 65 分' });
    expect(draft.definition).toEqual({ ...DEFAULT_CATEGORY_RULES, scoreSheet: { ...DEFAULT_CATEGORY_RULES.scoreSheet, passLine: 65 } });

    // The draft's detail: windows, score sheet, catalogue in Chinese, and the one change against the active version.
    const detail = page.getByTestId('rules-detail');
    expect(await detail.getByTestId('rules-pass-line').innerText()).toBe('总分 100 分，及格线 65 分');
    expect(await detail.getByTestId('rules-gate').innerText()).toContain(`${DEFAULT_CATEGORY_RULES.gate.penaltyWindowMonths} 个月`);
    expect(await detail.getByTestId('rules-score-sheet').innerText()).toContain('合规与信用');
    const first = DEFAULT_CATEGORY_RULES.criteria.catalogue!.MING[0]!;
    expect(await detail.getByTestId('rules-catalogue-MING').innerText()).toContain(first.label);
    const diff = await request(app).get(`/api/v1/category-rules/${encodeURIComponent(id)}/diff`).set(bearer(cityA));
    expect(diff.body.changes).toEqual([{ path: 'scoreSheet.passLine', from: 60, to: 65 }]);
    await expect.poll(() => detail.getByTestId('rules-diff').locator('tbody tr.ant-table-row').allInnerTexts()).toEqual(['评分表及格线\t60\t65']);
    await screenshot(page, 'category-rules-detail');

    // A approving their own draft: the API's refusal, shown as it is; nothing changes.
    await page.getByRole('button', { name: `审批 ${VERSION}` }).click();
    await expect.poll(() => page.getByTestId('rules-problem').innerText().catch(() => '')).toBe('起草人不能审批自己起草的规则版本，须由另一名市级管理员审批');
    expect((await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id } })).status).toBe('DRAFT');
    expect(errors).toEqual([]);
    await close();
  });

  it('lets B approve and A activate after confirming; the list shows it active and the default retired, as the API does', async () => {
    const b = await signedIn(cityB);
    await b.page.getByRole('button', { name: `审批 ${VERSION}` }).click();
    await expect.poll(() => b.page.getByTestId('rules-done').innerText().catch(() => '')).toBe(`已审批规则版本 ${VERSION}`);
    await expect.poll(() => shownStatuses(b.page)).toMatchObject({ [VERSION]: '已审批' });
    expect(await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'APPROVED', approvedBy: cityB.id });
    expect(b.errors).toEqual([]);
    await b.close();

    const { page, errors, close } = await signedIn(cityA);
    await page.getByRole('button', { name: `启用 ${VERSION}` }).click();
    // Nothing happens before the confirmation.
    await page.getByRole('button', { name: '确认启用' }).waitFor();
    expect((await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id } })).status).toBe('APPROVED');
    await page.getByRole('button', { name: '确认启用' }).click();
    await expect.poll(() => page.getByTestId('rules-done').innerText().catch(() => '')).toBe(`已启用规则版本 ${VERSION}，此后启动的周期采用该版本`);
    const defaultVersion = (await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id: DEFAULT_CATEGORY_RULES_ID } })).version;
    await expect.poll(() => shownStatuses(page)).toEqual({ [VERSION]: '启用中', [defaultVersion]: '已停用' });
    expect(await shownStatuses(page)).toEqual(await apiStatuses());
    // Who did what: A sees themself as the drafter and activator, B by account id as the approver.
    expect(await page.getByRole('row', { name: new RegExp(VERSION) }).innerText()).toMatch(new RegExp(`本人（市局甲）[\\s\\S]*账号 ${cityB.id}[\\s\\S]*本人（市局甲）`));
    expect(await db.prisma.categoryRuleSet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'ACTIVE', activatedBy: cityA.id });
    await screenshot(page, 'category-rules-activated');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows the API\'s Chinese problem for a score sheet that does not add up to 100, and creates nothing', async () => {
    const before = await db.prisma.categoryRuleSet.count();
    const { page, errors, close } = await signedIn(cityA);
    await page.getByRole('button', { name: '起草新版本' }).click();
    const form = page.getByRole('form', { name: '规则草稿' });
    await form.getByLabel('版本号（字母、数字、点、横线或下划线）').fill('2048-invalid');
    await form.getByLabel('A 合规与信用 满分').fill('25');
    await form.getByLabel('A 合规与信用 满分').blur();
    const definition = JSON.parse(await form.getByLabel(/规则定义（JSON/).inputValue());
    expect(definition.scoreSheet.sections[0].max).toBe(25);
    await form.getByRole('button', { name: '保存草稿' }).click();
    // The message the API gives for this very body.
    const refused = await request(app).post('/api/v1/category-rules').set(bearer(cityA)).send({ version: '2048-invalid', definition });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('评分表各项满分之和须为 100 分，现为 105 分');
    await expect.poll(() => page.getByTestId('draft-problem').innerText().catch(() => '')).toBe(refused.body.message);
    await screenshot(page, 'category-rules-invalid');
    expect(await db.prisma.categoryRuleSet.count()).toBe(before);
    expect(errors).toEqual([]);
    await close();
  });
});
