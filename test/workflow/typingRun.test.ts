// The typing run over a synthetic population on a real dev server and PostgreSQL: a worker killed
// mid-run (SIGKILL, in its own process) and a new one started still give exactly one result per
// business; the mix matches the calibration targets; every result carries its explanation.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { ensureDefaultRuleset } from '../../data/rulesets';
import { decodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import { evaluateTyping } from '../../domain/typing/evaluate';
import { DEFAULT_TYPING_RULESET } from '../../domain/typing/ruleset';
import type { PrismaClient } from '../../prisma/client';
import { loadPopulation } from '../../scripts/syntheticPopulation';
import { typingRunWorkflow } from '../../workflows/typingRun';
import { createProgrammeWorker } from '../../worker';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { until } from '../support/until';

const POPULATION = 100_000;
const YEAR = 2041; // this file's own typing year
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let db: IsolatedDatabase;
let prisma: PrismaClient;
let pool: pg.Pool;
let rulesetId: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  [env, bundle] = await Promise.all([devServerEnvironment(), bundleWorkflows()]);
  db = await isolatedDatabase();
  ({ prisma, pool } = db);
  rulesetId = await ensureDefaultRuleset(prisma);
  await loadPopulation(pool, { count: POPULATION, seed: 7, year: YEAR, offset: 5_000_000 });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await db?.drop();
  await env?.teardown();
});

function startWorkerProcess(taskQueue: string): Promise<ChildProcess> {
  // One process (tsx as a loader, not its CLI, which would run the script in a grandchild that
  // SIGKILL would not reach).
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../support/workerProcess.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DATABASE_URL: db.url, TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('WORKER_READY') && resolve(proc));
    proc.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

const resultCount = async (runId: string) => Number((await pool.query('SELECT count(*) FROM typing_result WHERE run_id = $1', [runId])).rows[0].count);

describe('typing run', () => {
  // The killed worker is a second process: PGlite (the fallback without PostgreSQL) serves one connection.
  it.skipIf(inject('databaseKind') === 'pglite')('survives a worker killed mid-run: exactly one result per business', { timeout: 300_000 }, async () => {
    const taskQueue = 'typing-crash-test';
    const runId = `typing-${YEAR}-ANNUAL`;
    child = await startWorkerProcess(taskQueue);
    const handle = await env.client.workflow.start(typingRunWorkflow, {
      workflowId: runId,
      taskQueue,
      args: [{ runId, year: YEAR, kind: 'ANNUAL', rulesetId, referenceDate: `${YEAR}-06-30`, rangeSize: 10_000, pageSize: 2_000, concurrency: 2, rangesPerExecution: 4, heartbeatTimeoutMs: 3_000 }],
    });
    // Kill the worker once it has written part of the run (mid-range, mid-page).
    await until('the worker process to write 15,000 results (the point to kill it)', async () => (await resultCount(runId)) >= 15_000, 200_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(() => process.kill(child!.pid!, 0)).toThrow(); // the worker process is gone
    const writtenAtKill = await resultCount(runId);
    expect(writtenAtKill).toBeLessThan(POPULATION);

    const worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma, pool, taskQueue, workflowBundle: bundle });
    const resumed = Date.now();
    const summary = await worker.runUntil(handle.result());
    console.log(`[typing] killed at ${writtenAtKill} results; the new worker finished in ${Date.now() - resumed} ms`);

    const businesses = Number((await pool.query('SELECT count(*) FROM business')).rows[0].count);
    expect(summary.total).toBe(businesses);
    expect(await resultCount(runId)).toBe(businesses);
    const missing = await pool.query('SELECT count(*) FROM business b WHERE NOT EXISTS (SELECT 1 FROM typing_result r WHERE r.run_id = $1 AND r.uscc = b.uscc)', [runId]);
    expect(Number(missing.rows[0].count)).toBe(0);
    // It continued as new (4 ranges per execution over 10+ ranges) and still finished.
    const executions = await env.client.workflow.count(`WorkflowId = "${runId}"`);
    expect(executions.count).toBeGreaterThan(1);
    expect(await prisma.typingRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: 'DONE', total: businesses });
  });

  it('yields the observed mix and stores an explanation that reproduces each result', { timeout: 300_000 }, async () => {
    const runId = `typing-${YEAR}-ANNUAL`;
    if ((await resultCount(runId)) === 0) {
      // The run of the crash test was skipped (PGlite): type the population here, in this process.
      const worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma, pool, taskQueue: 'typing-mix-test', workflowBundle: bundle });
      await worker.runUntil(env.client.workflow.execute(typingRunWorkflow, {
        workflowId: runId, taskQueue: 'typing-mix-test', args: [{ runId, year: YEAR, kind: 'ANNUAL', rulesetId, referenceDate: `${YEAR}-06-30` }],
      }));
    }
    const { rows } = await pool.query<{ type: string; n: string }>(
      `SELECT r.type, count(*) AS n FROM typing_result r JOIN business b ON b.uscc = r.uscc
       WHERE r.run_id = $1 AND b.uscc LIKE '92%' AND b.established_on IS NOT NULL GROUP BY r.type`,
      [runId],
    );
    const n = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    const typed = (n.D ?? 0) + (n.G ?? 0) + (n.S ?? 0);
    expect(n.S! / typed).toBeGreaterThan(0.92);
    expect(n.S! / typed).toBeLessThan(0.94);
    expect(n.G! / typed).toBeGreaterThan(0.05);
    expect(n.G! / typed).toBeLessThan(0.08);
    expect(n.D! / typed).toBeGreaterThan(0.001);
    expect(n.D! / typed).toBeLessThan(0.004);
    expect(n.UNTYPED).toBeGreaterThan(0);

    const sample = await pool.query<{ type: string; features: StoredFeatures; trace: string }>(
      "SELECT type, features, trace FROM typing_result WHERE run_id = $1 AND type IN ('D','G') LIMIT 200",
      [runId],
    );
    for (const row of sample.rows) {
      const features = decodeFeatures(row.features);
      const outcome = evaluateTyping(DEFAULT_TYPING_RULESET, features);
      expect(outcome.type).toBe(row.type);
      expect(features.revenue.provenance?.department).toMatch(/税务|市场监管/); // the value cites its department
    }
  });
});
