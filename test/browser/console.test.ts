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
import { applicationViewQuery, reviewOpenedSignal } from '../../workflows/applicationMessages';
import { createProgrammeWorker } from '../../worker';
import { launchChromium, screenshot, watchErrors } from '../support/browser';
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
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
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
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(base);
  await page.getByLabel('访问令牌').fill(principal.token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  return { context, page, errors };
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
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    await context.close();
  });
});
