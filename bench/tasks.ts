// npm run bench:tasks -- [--officers 50] [--seconds 20] [--warmup 5] [--rounds 1] [--pglite]
// Task actions under load (issue 12 item 11), tried as an outside load test would: the whole system
// as `npm start` runs it (embedded Temporal dev server, the worker and the API in this process) on a
// fresh database on PostgreSQL like the other benches (BENCH_DATABASE_URL or the local server; --pglite:
// the embedded PGlite, one session shared by the API and the worker, which then bounds it), N officers each claiming and unclaiming its own recheck task in a
// closed loop through the HTTP API for a fixed time, from a process of their own (bench/httpLoadProcess.ts: the
// officers' browsers are not in the server's event loop); printing p50/p95/p99 and actions/s. In the same
// run, on the same server and with the same closed loop and concurrency: an Update that does nothing
// (bench/workflows/noopUpdate.ts, its own worker), Temporal's own bound here. Then both ratios beside
// the targets: at least 0.8× the no-op's actions/s, and a median within 2× of its median.
// With --rounds 2 or more the two loops alternate (the machine is shared: one round can be unlucky; each
// loop's line ends with the machine's CPU over it, busy and stolen by the hypervisor: bench/machineCpu.ts).
// BENCH_LOG=WARN shows the worker's warnings (a failing local activity, for one).
import { randomBytes, randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { encryptingDataConverter } from '../codec/payloadCodec';
import { generateToken, hashToken } from '../api/tokens';
import { freePort } from '../scripts/freePort';
import { startSystem } from '../scripts/system';
import { recheckTaskId, recheckWorkflowId, TASK_QUEUE } from '../messages/ids';
import type { RecheckInput, RecheckWorkflow } from '../messages/recheckMessages';
import { argNumber, createBenchDatabase } from './benchDatabase';
import { noopUpdate, noopUpdateWorkflow } from './workflows/noopUpdate';
import { closedLoop, type LoopResult } from './closedLoop';
import { machineCpu } from './machineCpu';
import type { HttpLoadJob } from './httpLoadProcess';

// Core's own warnings (slow workflow tasks on a loaded machine) would drown the figures.
Runtime.install({ logger: new DefaultLogger((process.env.BENCH_LOG ?? 'ERROR') as 'ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
const OFFICERS = argNumber('officers', 50);
const SECONDS = argNumber('seconds', 20);
const WARMUP = argNumber('warmup', 5);
const ROUNDS = argNumber('rounds', 1);
const PGLITE = process.argv.includes('--pglite');
const COUNTY = '421321';
const YEAR = 2026;
const NOOP_QUEUE = 'bench-noop-update';

const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;
const line = (name: string, r: LoopResult) =>
  `  ${name.padEnd(44)} ${r.perSecond.toFixed(1).padStart(6)} actions/s   p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}   (${r.actions} timed, ${r.errors} errors)`;

const codecKey = randomBytes(32).toString('hex');
process.env.PAYLOAD_CODEC_KEY = codecKey;
const dataDir = mkdtempSync(path.join(tmpdir(), 'getihu-bench-tasks-'));
const db = PGLITE ? null : await createBenchDatabase('getihu_bench_tasks');
const [temporalPort, temporalUiPort, pglitePort] = [await freePort(), await freePort(), await freePort()];
const t0 = Date.now();
const system = await startSystem({ dataDir, apiPort: 0, temporalPort, temporalUiPort, pglitePort, ...(db ? { databaseUrl: db.url } : {}) });
const dataConverter = encryptingDataConverter(codecKey);
const connection = await Connection.connect({ address: system.temporalAddress });
const temporal = new Client({ connection, dataConverter });
const nativeConnection = await NativeConnection.connect({ address: system.temporalAddress });
const noopWorker = await Worker.create({
  connection: nativeConnection, taskQueue: NOOP_QUEUE, dataConverter,
  workflowsPath: path.join(import.meta.dirname, 'workflows', 'noopUpdate.ts'),
});
const noopRun = noopWorker.run();
try {
  console.log(`bench:tasks — ${OFFICERS} officers, closed loop, ${SECONDS} s measured after ${WARMUP} s warm-up, ${ROUNDS} round(s); embedded Temporal dev server, ${db ? 'PostgreSQL' : 'embedded PGlite'}`);
  // The officers (grassroots staff of one county), each with a token and its own recheck task.
  const submitter = randomUUID();
  const officers: Array<{ token: string; taskId: string; workflowId: string }> = [];
  for (let i = 0; i < OFFICERS; i++) {
    const token = generateToken();
    await system.prisma.principal.create({ data: { name: `核实员${i}`, role: 'GRASSROOTS_STAFF', county: COUNTY, department: '市场监管所', tokens: { create: { tokenHash: hashToken(token) } } } });
    const uscc = `92${COUNTY}MA${String(i).padStart(8, '0')}`;
    const input: RecheckInput = {
      recheckId: randomUUID(), year: YEAR, uscc, county: COUNTY, disputed: [{ feature: 'revenue', claimedValue: 100_000 }],
      submittedBy: { id: submitter, role: 'COUNTY_AMR' },
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    };
    await temporal.workflow.start<RecheckWorkflow>('recheckWorkflow', { workflowId: recheckWorkflowId(YEAR, uscc), taskQueue: TASK_QUEUE, args: [input] });
    officers.push({ token, taskId: recheckTaskId(input.recheckId), workflowId: recheckWorkflowId(YEAR, uscc) });
  }
  const noops = await Promise.all(Array.from({ length: OFFICERS }, (_, i) => temporal.workflow.start(noopUpdateWorkflow, { workflowId: `bench-noop-${i}-${Date.now()}`, taskQueue: NOOP_QUEUE })));
  const taskIds = officers.map((o) => o.taskId);
  for (;;) {
    if ((await system.prisma.task.count({ where: { id: { in: taskIds }, status: 'OPEN' } })) === OFFICERS) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // And until their notifications are out (nothing but the loops runs while measuring).
  for (const o of officers) {
    const handle = temporal.workflow.getHandle(o.workflowId);
    while ((await handle.describe()).raw.pendingActivities?.length) await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`  set up in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${OFFICERS} open recheck tasks, ${OFFICERS} no-op workflows`);

  /** The officers' closed loop, run by bench/httpLoadProcess.ts in a process of its own. */
  const officersLoop = () => new Promise<LoopResult>((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'httpLoadProcess.ts'), { execArgv: ['--import', 'tsx'] });
    child.once('message', (result) => resolve(result as LoopResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the load process exited with ${code}`)));
    child.send({ apiUrl: system.apiUrl, officers: officers.map(({ token, taskId }) => ({ token, taskId })), warmup: WARMUP, seconds: SECONDS } satisfies HttpLoadJob);
  });
  const results: Array<{ tasks: LoopResult; noop: LoopResult }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(` round ${round}`);
    let cpu = machineCpu();
    const noop = await closedLoop(OFFICERS, (i, step) => noops[i]!.executeUpdate(noopUpdate, { args: [step] }).then(() => undefined), { warmup: WARMUP, seconds: SECONDS });
    console.log(`${line('no-op Update (client → Temporal → worker)', noop)}   ${cpu()}`);
    cpu = machineCpu();
    const tasks = await officersLoop();
    console.log(`${line('task claim/unclaim (HTTP API → workflow)', tasks)}   ${cpu()}`);
    results.push({ tasks, noop });
  }
  const sum = (pick: (r: { tasks: LoopResult; noop: LoopResult }) => number) => results.reduce((a, r) => a + pick(r), 0);
  const throughput = sum((r) => r.tasks.perSecond) / sum((r) => r.noop.perSecond);
  const median = sum((r) => r.tasks.p50) / sum((r) => r.noop.p50);
  console.log(`  task actions / no-op Update: throughput ${throughput.toFixed(2)}× (target ≥ 0.8×), median ${median.toFixed(2)}× (target ≤ 2×)`);
} finally {
  noopWorker.shutdown();
  await noopRun.catch(() => undefined);
  await nativeConnection.close().catch(() => undefined);
  await connection.close().catch(() => undefined);
  await system.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
