// Builds the web console (console/ → dist/console) with Vite when its sources are newer than the
// build, and prints what a browser downloads: the bundle every page loads and the chunks loaded on
// demand (charts), gzip sizes. Run by setupTools.ts (npm install / start / test) and `npm run build:console`.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
export const CONSOLE_DIST = path.join(root, 'dist', 'console');
const SOURCES = [path.join(root, 'console'), path.join(root, 'domain')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function consoleIsStale(): boolean {
  const built = path.join(CONSOLE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((dir) => newestMtime(dir) > builtAt);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Gzip sizes: the entry with its static imports (what every page loads) and each lazy chunk. */
export function consoleBundleSizes(): { initial: number; lazy: Array<{ file: string; gzip: number }> } {
  const html = readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
  const initialFiles = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
  const gz = (file: string) => gzipSync(readFileSync(path.join(CONSOLE_DIST, file)), { level: 9 }).length;
  let initial = 0;
  const lazy: Array<{ file: string; gzip: number }> = [];
  for (const name of readdirSync(path.join(CONSOLE_DIST, 'assets'))) {
    if (!/\.(js|css)$/.test(name)) continue;
    const file = `assets/${name}`;
    if (initialFiles.has(file)) initial += gz(file);
    else lazy.push({ file, gzip: gz(file) });
  }
  return { initial, lazy: lazy.sort((a, b) => b.gzip - a.gzip) };
}

export async function buildConsole(force = false): Promise<void> {
  // A container image installs dependencies before it copies the sources: nothing to build yet.
  if (!SOURCES.every((dir) => existsSync(dir))) return;
  if (!force && !consoleIsStale()) return;
  const { build } = await import('vite');
  const started = Date.now();
  await build({ configFile: path.join(root, 'console', 'vite.config.ts') });
  const sizes = consoleBundleSizes();
  console.log(`[console] built dist/console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`[console] staff bundle (entry and its static imports, every page): ${kb(sizes.initial)} gzip`);
  const top = sizes.lazy.slice(0, 6);
  for (const { file, gzip } of top) console.log(`[console]   on demand: ${file} ${kb(gzip)} gzip`);
  if (sizes.lazy.length > top.length) console.log(`[console]   … and ${sizes.lazy.length - top.length} smaller on-demand chunks`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildConsole(process.argv.includes('--force'));
