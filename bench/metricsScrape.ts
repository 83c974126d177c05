// npm run bench:metrics -- [--tasks 100000] [--results 1000000]
// What one Prometheus scrape of /metrics costs on a large read model: N tasks on the board (a tenth of
// them open) and a typing run under way with R results so far. Prints the scrape time beside its lower
// bound — the gauges' SQL statements run bare — and the ratio.
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createPool, createPrismaClient } from '../prisma/client';
import { argNumber, createBenchDatabase } from './benchDatabase';

const TASKS = argNumber('tasks', 100_000);
const RESULTS = argNumber('results', 1_000_000);
const ROUNDS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

const db = await createBenchDatabase('getihu_bench_metrics');
const pool = createPool(db.url, 4);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // no workflow is involved
try {
  console.log(`bench:metrics — ${TASKS.toLocaleString('en')} tasks (10% open), a running typing run with ${RESULTS.toLocaleString('en')} results; median of ${ROUNDS}`);
  await pool.query(
    `INSERT INTO task (id, kind, title, workflow_id, county, role, status, due_at)
     SELECT 'bench-' || i, (ARRAY['APPLICATION_REVIEW','SITE_VISIT_SCORE','RECHECK_VERIFY'])[1 + i % 3], 't', 'wf', (ARRAY['421303','421321','421381','421371','421372'])[1 + i % 5],
            'COUNTY_AMR', CASE WHEN i % 10 = 0 THEN 'OPEN' ELSE 'COMPLETED' END, now() + (i % 20 - 10) * interval '1 day'
       FROM generate_series(1, $1) i`,
    [TASKS],
  );
  await pool.query(`INSERT INTO typing_run (id, year, kind, ruleset_id, reference_date, status) VALUES ('bench-run', 2026, 'ANNUAL', 'r', '2026-06-30', 'RUNNING')`);
  await pool.query(
    `INSERT INTO typing_result (run_id, uscc, type, features, trace) SELECT 'bench-run', lpad(i::text, 18, '0'), 'S', '{}', '' FROM generate_series(1, $1) i`,
    [RESULTS],
  );
  await pool.query('VACUUM ANALYZE task');
  await pool.query('VACUUM ANALYZE typing_result'); // index-only scans need the visibility map

  const app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'bench' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  const scrapeMs = await timed(async () => {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`scrape answered ${res.status}`);
    await res.text();
  });
  server.close();

  const bareMs = await timed(() =>
    Promise.all([
      pool.query(`SELECT kind, county, due_at < now(), count(*) FROM task WHERE status = 'OPEN' GROUP BY 1, 2, 3`),
      pool.query(`SELECT count(*) FROM typing_result WHERE run_id = 'bench-run'`),
    ]),
  );
  console.log(`  one scrape of /metrics:                ${scrapeMs.toFixed(1)} ms`);
  console.log(`  lower bound (the gauges' SQL, bare):   ${bareMs.toFixed(1)} ms`);
  console.log(`  ratio: ${(scrapeMs / bareMs).toFixed(2)}`);
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close();
  await db.drop();
}
