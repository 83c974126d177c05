// Real Chromium for the console's tests: Debian's package driven by playwright-core. The flags keep it
// from reaching for the network (it stalls on a closed network without them); a fresh profile per run.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { findChromium, MISSING_CHROMIUM } from '../../scripts/chromium';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM); // never skip: fail and name the package
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, close: () => browser.close() };
}

/**
 * Collects the page's script errors and CSP violations: a page should have none. Refused requests
 * (4xx the page shows as a message) are the API's answers, not errors of the page.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Serves `app` on a free port of 127.0.0.1: the server (to close) and its base URL. */
export async function serve(app: Express): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/**
 * A fresh context (a desktop window in Chinese, Beijing time, unless `options` say otherwise) signed in
 * through the console's own form with `token`; the page's script errors are collected in `errors`.
 */
export async function signIn(browser: Browser, base: string, token: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(base);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  return { context, page, errors };
}
