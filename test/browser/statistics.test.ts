// The 统计监测 page in real Chromium against the real API and PostgreSQL (no workflow is involved: the
// two years of typing are seeded as rows). The charts' numbers are the API's: the type mix by county,
// the transition matrix and the 名特优新 count against the cap; county staff see their county only; the
// download button gives the workbook.
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, type Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { copyRows } from '../../data/bulkCopy';
import { CONSOLE_DIST } from '../../scripts/buildConsole';
import { POPULATION_COLUMNS, syntheticUscc } from '../../scripts/syntheticPopulation';
import { launchChromium, screenshot, serve, signIn } from '../support/browser';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { unreachableConnection } from '../support/unreachableTemporal';

const Y0 = 2052;
const Y1 = 2053;
const COUNTIES3 = ['421303', '421321', '421381'];
const TYPES = ['S', 'G', 'D', 'UNTYPED'];
const TYPE_NAMES: Record<string, string> = { D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型' };
let db: IsolatedDatabase;
let app: Express;
let server: Server;
let base: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let connection: Connection;
let city: TestPrincipal, suixian: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const usccs: string[] = [];

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', console: { distDir: CONSOLE_DIST, temporalUiUrl: null } });
  ({ server, base } = await serve(app));
  ({ browser, close: closeBrowser } = await launchChromium());
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管', name: '市局统计员' });
  suixian = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: '421321', name: '随县局统计员' });

  const business: unknown[][] = [];
  const results: unknown[][] = [];
  const labels: unknown[][] = [];
  for (let i = 0; i < 150; i++) {
    const county = COUNTIES3[i % 3]!;
    const uscc = syntheticUscc(7_300_000 + i, county);
    usccs.push(uscc);
    business.push([uscc, `图表测试${i}号`, `测试${i}`, null, '个人经营', `${Y0 - (i % 9)}-03-01`, county, ['5211', '6210', '1311'][i % 3], 'ACTIVE', [], '市场监管', `${Y1}-06-30`]);
    if (i % 10 !== 0) results.push([`typing-${Y0}-ANNUAL`, uscc, TYPES[(i * 3) % 4], null, '{}', '']);
    results.push([`typing-${Y1}-ANNUAL`, uscc, TYPES[(i * 7 + i % 5) % 4], null, '{}', '']);
    if (i % 8 === 1) labels.push([uscc, Y1, ['MING', 'TE', 'YOU', 'XIN'][i % 4], 'SELF', `${Y1}-11-30`, `${Y1 + 3}-11-30`, 'b', 'ACTIVE']);
  }
  const client = await db.pool.connect();
  try {
    await copyRows(client, 'business', POPULATION_COLUMNS.business, business as never);
    await copyRows(client, 'typing_result', ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'], results as never);
    await copyRows(client, 'category_label', ['uscc', 'year', 'category', 'channel', 'designated_on', 'valid_until', 'batch', 'status'], labels as never);
  } finally {
    client.release();
  }
  for (const year of [Y0, Y1]) {
    await db.prisma.typingRun.create({ data: { id: `typing-${year}-ANNUAL`, year, kind: 'ANNUAL', rulesetId: 'x', referenceDate: new Date(`${year}-06-30`), status: 'DONE', finishedAt: new Date() } });
  }
  await db.prisma.cycle.create({ data: { year: Y0, workflowId: `cycle-${Y0}`, phase: 'CLOSED', calendar: {}, currentRunId: `typing-${Y0}-ANNUAL` } });
  await db.prisma.cycle.create({
    data: { year: Y1, workflowId: `cycle-${Y1}`, phase: 'CLOSED', calendar: {}, currentRunId: `typing-${Y1}-ANNUAL`, selection: { base: 90, cap: 4, capsByCounty: { '421303': 2, '421321': 1, '421381': 1 }, rankedAt: `${Y1}-10-20T00:00:00.000Z` } },
  });
});

afterAll(async () => {
  await closeBrowser?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await db?.drop();
  await connection?.close();
});

async function signedIn(principal: TestPrincipal): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { context, page, errors } = await signIn(browser, base, principal.token, { acceptDownloads: true });
  return { context, page, errors };
}

type Series = Array<{ name: string | null; data: unknown[] }>;
async function seriesOf(page: Page, testId: string): Promise<Series> {
  const chart = page.getByTestId(testId);
  await expect.poll(() => chart.getAttribute('data-ready'), { timeout: 20_000 }).toBe('true');
  return JSON.parse((await chart.getAttribute('data-series'))!) as Series;
}
const statistics = async (p: TestPrincipal, view: string, extra = '') =>
  (await request(app).get(`/api/v1/statistics/${view}?year=${Y1}${extra}`).set(bearer(p))).body as { rows: Array<Record<string, string | number | null>>; totals: Record<string, number> };

describe('the 统计监测 page', () => {
  it('charts the API’s numbers: type mix by county, the transition matrix, categories against the cap; downloads the workbook', async () => {
    const { context, page, errors } = await signedIn(city);
    await page.getByRole('menuitem', { name: '统计监测' }).click();
    await page.getByRole('heading', { name: '统计监测' }).waitFor();

    // Type mix by county: each type's bars are the API's rows of the year summed over industries.
    const mix = await statistics(city, 'type-mix');
    const thisYear = mix.rows.filter((r) => r.year === String(Y1));
    const counties = [...new Set(thisYear.map((r) => r.county as string))].sort();
    const bars = await seriesOf(page, 'chart-stat-type-mix');
    expect(Object.fromEntries(bars.map((b) => [b.name, b.data]))).toEqual(Object.fromEntries(['D', 'G', 'S', 'UNTYPED'].map((t) => [
      TYPE_NAMES[t], counties.map((c) => thisYear.filter((r) => r.county === c).reduce((n, r) => n + Number(r[t]), 0)),
    ])));
    expect(bars.flatMap((b) => b.data as number[]).reduce((a, b) => a + b, 0)).toBe(150);

    // The transition matrix: each cell is the API's count (x = this year, y = last year).
    const transitions = await statistics(city, 'transitions');
    const order = ['S', 'G', 'D', 'UNTYPED', 'NONE'];
    const heat = (await seriesOf(page, 'chart-stat-transitions'))[0]!.data as Array<[number, number, number]>;
    for (const r of transitions.rows) expect(heat.find(([x, y]) => x === order.indexOf(r.to as string) && y === order.indexOf(r.from as string))![2], `${r.from}→${r.to}`).toBe(r.households);
    expect(heat.reduce((n, [, , v]) => n + v, 0)).toBe(transitions.totals.households);

    // 名特优新 against the cap, per county.
    const categories = await statistics(city, 'categories');
    const capBars = await seriesOf(page, 'chart-stat-categories');
    expect(capBars).toEqual([{ name: '已认定', data: categories.rows.map((r) => r.total) }, { name: '名额上限', data: categories.rows.map((r) => r.cap) }]);
    expect(categories.totals.total).toBeGreaterThan(0);
    await screenshot(page, 'statistics');

    // The workbook, through the button.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载决策参考工作簿/ }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(readFileSync((await download.path())!)).buffer);
    expect(book.worksheets.map((s) => s.name)).toContain('类型迁移矩阵');
    expect(book.worksheets).toHaveLength(11);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows county staff their county only, and lets the county administrator choose a 联系点 household', async () => {
    const { context, page, errors } = await signedIn(suixian);
    await page.goto(`${base}/statistics`);
    const bars = await seriesOf(page, 'chart-stat-type-mix');
    const mine = await statistics(suixian, 'type-mix');
    expect(bars.every((b) => b.data.length === 1)).toBe(true);
    expect(bars.flatMap((b) => b.data as number[]).reduce((a, b) => a + b, 0)).toBe(mine.rows.filter((r) => r.year === String(Y1)).reduce((n, r) => n + Number(r.total), 0));
    expect(await page.getByLabel('县（市、区）').count()).toBe(0); // no county choice for a county-scoped role

    await page.getByRole('tab', { name: '联系点监测户' }).click();
    await page.getByLabel('统一社会信用代码').fill(usccs[1]!); // a 随县 household
    await page.getByLabel('选定理由').fill('城区餐饮代表户');
    await page.getByRole('button', { name: '设为监测户' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('已设为监测户');
    await expect.poll(() => page.getByTestId('table-stat-panel').innerText()).toContain(usccs[1]!);
    const panel = (await request(app).get(`/api/v1/statistics/panel?year=${Y1}`).set(bearer(suixian))).body as { households: Array<{ uscc: string; reason: string; years: unknown[] }> };
    expect(panel.households).toEqual([expect.objectContaining({ uscc: usccs[1], reason: '城区餐饮代表户' })]);
    expect(panel.households[0]!.years).toHaveLength(2);
    // Another county's household is refused, and the page says why.
    await page.getByLabel('统一社会信用代码').fill(usccs[0]!);
    await page.getByRole('button', { name: '设为监测户' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('无权');
    expect(errors).toEqual([]);
    await context.close();
  });
});
