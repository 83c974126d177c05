// Serves the built web console (dist/console) at `/`: hashed assets, then index.html for every other
// GET outside the API (the console routes in the browser). The console calls only the public API.
// On the embedded default (`npm start`) the demo identities are offered for a one-click sign-in;
// production passes none and /console-config.json says so.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export interface ConsoleOptions {
  /** The built console; default dist/console. */
  distDir?: string;
  /** Only on the embedded default: identities offered on the sign-in page (never in production). */
  demoIdentities?: Array<{ key: string; name: string; role: string; county: string | null; token: string }>;
  /** The Temporal Web UI, linked from the cycle dashboard. */
  temporalUiUrl?: string | null;
}

// The same-origin policy the console is built for (no inline or remote scripts, no eval); Ant Design
// writes its CSS-in-JS as <style> elements, as helmet's default style-src allows.
export const CONSOLE_CSP = [
  "default-src 'self'", "base-uri 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'",
  // blob: for evidence previews the console fetched itself with the user's token (images, PDFs in a frame).
  "img-src 'self' data: blob:", "frame-src blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "form-action 'self'", "frame-ancestors 'self'",
].join('; ');

const NOT_CONSOLE = /^\/(api|docs|healthz|readyz)(\/|$)/;

export function consoleRouter(options: ConsoleOptions = {}): Router {
  const dist = options.distDir ?? path.resolve(import.meta.dirname, '..', 'dist', 'console');
  const router = Router();
  router.get('/console-config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ demoIdentities: options.demoIdentities ?? [], temporalUiUrl: options.temporalUiUrl ?? null });
  });
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false }), (_req, res) => {
    res.status(404).type('text/plain; charset=utf-8').send('文件不存在');
  });
  router.get(/.*/, (req, res, next) => {
    if (NOT_CONSOLE.test(req.path) || !req.accepts('html')) return next();
    const index = path.join(dist, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('控制台尚未构建：请运行 npm run build:console');
      return;
    }
    res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.type('html').send(readFileSync(index));
  });
  return router;
}
