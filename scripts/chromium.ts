// The browser tests drive Debian's `chromium` package through playwright-core (Playwright's own browser
// download cannot work here). `npm test` runs this first: it finds Chromium, installs the package when
// running as root (as the Temporal binaries are installed), and otherwise stops naming the package —
// the browser tests are never skipped silently.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const MISSING_CHROMIUM =
  'The browser tests need Chromium: install the Debian package `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH.';

export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('[tools] installing the Debian package chromium for the browser tests');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(MISSING_CHROMIUM);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(`[tools] Chromium: ${ensureChromium()}`);
  } catch (error) {
    console.error(`[tools] ${(error as Error).message}`);
    process.exit(1);
  }
}
