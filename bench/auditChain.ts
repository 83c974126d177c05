// npm run bench:audit -- [--rows 5000] [--parallel 8]
// What the audit hash chain costs: single-row transactions from parallel writers into the chained
// audit_entry (every insert waits for the chain head) against the same table without triggers, then
// one INSERT … SELECT and a raw COPY (the platform's bounds), then audit:verify over the rows.
import type pg from 'pg';
import { copyRows } from '../data/bulkCopy';
import { verifyAuditChain } from '../data/auditChain';
import { createPool } from '../prisma/client';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const N = argNumber('rows', 5_000);
const parallel = argNumber('parallel', 8);
const INSERT = (table: string) =>
  `INSERT INTO ${table} (actor_id, actor_role, action, target_type, target_id, after) VALUES (NULL, 'SYSTEM', 'BENCH', 'bench', $1, jsonb_build_object('n', $2::int))`;

/** N single-row transactions from `parallel` clients; `workMs` of other work in each before COMMIT (the head stays locked). */
async function transactions(pool: pg.Pool, table: string, workMs = 0): Promise<number> {
  let next = 0;
  const t = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const client = await pool.connect();
      try {
        while (next < N) {
          const i = next++;
          await client.query('BEGIN');
          await client.query(INSERT(table), [String(i), i]);
          if (workMs) await client.query('SELECT pg_sleep($1)', [workMs / 1000]);
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    }),
  );
  return Date.now() - t;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = Date.now();
  await f();
  return Date.now() - t;
}

const db = await createBenchDatabase('getihu_bench_audit');
const pool = createPool(db.url, parallel + 1);
try {
  await pool.query('CREATE TABLE audit_plain (LIKE audit_entry INCLUDING DEFAULTS)'); // no triggers, no chain
  const line = (what: string, ms: number, rows = N) => console.log(`  ${what}: ${rows.toLocaleString('en')} rows in ${ms} ms = ${rate(rows, ms)}`);
  console.log(`bench:audit — ${N.toLocaleString('en')} audit rows, ${parallel} writers`);

  const chained = await transactions(pool, 'audit_entry');
  line('chained, one row per transaction', chained);
  const plain = await transactions(pool, 'audit_plain');
  line('unchained table (no triggers), same transactions', plain);
  console.log(`  ratio chained / unchained: ${(chained / plain).toFixed(2)}×`);

  const chainedWork = await transactions(pool, 'audit_entry', 2);
  line('chained, 2 ms of other work after the insert in each transaction', chainedWork);
  const plainWork = await transactions(pool, 'audit_plain', 2);
  line('unchained, 2 ms of other work', plainWork);
  console.log(`  ratio: ${(chainedWork / plainWork).toFixed(2)}× (the head is held until COMMIT: writers queue; bound ≈ 1000/2 = 500 tx/s)`);

  const select = (table: string) => `INSERT INTO ${table} (actor_role, action, target_type, target_id) SELECT 'SYSTEM', 'BENCH', 'bench', g::text FROM generate_series(1, ${N}) g`;
  line('one INSERT … SELECT, chained (the trigger per row)', await timed(() => pool.query(select('audit_entry'))));
  line('one INSERT … SELECT, unchained', await timed(() => pool.query(select('audit_plain'))));
  const client = await pool.connect();
  const copyMs = await timed(() => copyRows(client, 'audit_plain', ['actor_role', 'action', 'target_type', 'target_id'], (function* () {
    for (let i = 0; i < N; i++) yield ['SYSTEM', 'BENCH', 'bench', String(i)];
  })()));
  client.release();
  line('raw COPY into the unchained table (lower bound)', copyMs);

  let rows = 0;
  const verifyMs = await timed(async () => {
    const report = await verifyAuditChain(pool);
    if (report.broken) throw new Error(`chain broken: ${JSON.stringify(report.broken)}`);
    rows = report.rows;
  });
  line('audit:verify (recompute every hash, in chain order)', verifyMs, rows);
} finally {
  await pool.end();
  await db.drop();
}
