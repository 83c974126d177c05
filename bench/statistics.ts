// npm run bench:statistics -- [--businesses 200000] [--requests 5]
// Each GET /api/v1/statistics/{view} and the whole workbook over two published years of N businesses
// (with annual reports, tax and insurance rows of the data year, labels and policy matches): p50/p99
// over sequential requests by the city administrator — beside the plainest statement over the same
// rows (one GROUP BY county, type of the year's typing), and each view's ratio to it at p50.
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { generateToken, hashToken } from '../api/tokens';
import { STAT_VIEW_KEYS } from '../data/statistics';
import { createPool, createPrismaClient } from '../prisma/client';
import { argNumber, createBenchDatabase } from './benchDatabase';
import { latency } from './latency';

const BUSINESSES = argNumber('businesses', 200_000);
const REQUESTS = argNumber('requests', 5);
const COUNTIES = ['421303', '421321', '421381', '421371', '421372'];
const Y = 2026;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

const db = await createBenchDatabase('getihu_bench_statistics');
const pool = createPool(db.url, 4);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // no workflow is involved
try {
  const started = Date.now();
  await pool.query(
    `INSERT INTO business (uscc, trade_name, established_on, county, industry_code, status, special_groups, department, as_of)
     SELECT lpad(i::text, 18, '0'), '商户 ' || i, DATE '2010-01-01' + (i % 5000), ($2::text[])[1 + i % 5], lpad((1 + (i * 37) % 97)::text, 2, '0') || '11',
            CASE WHEN i % 40 = 0 THEN 'CANCELLED' ELSE 'ACTIVE' END, '{}', '市场监管', DATE '2026-06-30'
     FROM generate_series(0, $1::int - 1) i`, [BUSINESSES, COUNTIES]);
  for (const [run, shift] of [[`run-${Y - 1}`, 1], [`run-${Y}`, 2]] as const) {
    await pool.query(`INSERT INTO typing_result (run_id, uscc, type, features, trace)
      SELECT $2, lpad(i::text, 18, '0'), (ARRAY['D','G','S','S','G','UNTYPED'])[1 + (i + $3) % 6], '{}'::json, '' FROM generate_series(0, $1::int - 1) i`, [BUSINESSES, run, shift]);
  }
  await pool.query(`INSERT INTO annual_report (uscc, report_year, submitted_on, revenue, department, as_of)
    SELECT lpad(i::text, 18, '0'), $2 - 1, DATE '2026-05-01' + (i % 90), 1000 * (i % 97), '市场监管', DATE '2026-07-31' FROM generate_series(0, $1::int - 1) i WHERE i % 4 <> 0`, [BUSINESSES, Y]);
  await pool.query(`INSERT INTO tax_record (uscc, tax_year, tax_paid_total, invoiced_sales, department, as_of)
    SELECT lpad(i::text, 18, '0'), $2 - 1, i % 3, 0, '税务', DATE '2026-03-31' FROM generate_series(0, $1::int - 1) i WHERE i % 2 = 0`, [BUSINESSES, Y]);
  await pool.query(`INSERT INTO social_insurance (uscc, year, insured_employees, department, as_of)
    SELECT lpad(i::text, 18, '0'), $2 - 1, i % 5, '人社', DATE '2026-03-31' FROM generate_series(0, $1::int - 1) i WHERE i % 3 = 0`, [BUSINESSES, Y]);
  await pool.query(`INSERT INTO category_label (uscc, year, category, channel, designated_on, valid_until, batch, status)
    SELECT lpad(i::text, 18, '0'), $2, (ARRAY['MING','TE','YOU','XIN'])[1 + i % 4], 'SELF', DATE '2026-11-30', DATE '2029-11-30', 'b', 'ACTIVE' FROM generate_series(0, $1::int - 1) i WHERE i % 50 = 7`, [BUSINESSES, Y]);
  await pool.query(`INSERT INTO policy (id, code, version, department, title, legal_basis, area, target, benefit, mode, contact, status)
    VALUES ('P@1', 'P', '1', '税务', '政策', '依据', '财税', '{}', '优惠', 'AUTO', '12366', 'PUBLISHED')`);
  await pool.query(`INSERT INTO policy_match (policy_id, uscc, first_batch, last_batch, run_id, explanation, uptake)
    SELECT 'P@1', lpad(i::text, 18, '0'), 'b', 'b', $2, '{}', (ARRAY[NULL, 'GRANTED', 'USED'])[1 + i % 3] FROM generate_series(0, $1::int - 1) i WHERE i % 3 = 1`, [BUSINESSES, `run-${Y}`]);
  for (const [year, run] of [[Y - 1, `run-${Y - 1}`], [Y, `run-${Y}`]] as const) {
    await pool.query(`INSERT INTO typing_run (id, year, kind, ruleset_id, reference_date, status) VALUES ($1, $2, 'ANNUAL', 'x', make_date($2, 6, 30), 'DONE')`, [run, year]);
    await pool.query(`INSERT INTO cycle (year, workflow_id, phase, calendar, updated_at, current_run_id, selection) VALUES ($1, 'bench', 'CLOSED', '{}', now(), $2, $3)`, [year, run, { base: 1000, cap: 50 }]);
  }
  await pool.query('ANALYZE');
  const token = generateToken();
  await prisma.principal.create({ data: { name: 'bench city', role: 'CITY_AMR', department: '市场监管', tokens: { create: { tokenHash: hashToken(token) } } } });
  console.log(`bench:statistics — ${BUSINESSES.toLocaleString('en')} businesses × 2 published years (seeded in ${((Date.now() - started) / 1000).toFixed(0)} s), ${REQUESTS} sequential requests each, city administrator`);

  const app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'bench' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/statistics`;
  const get = (path: string) => async () => {
    const res = await fetch(`${base}/${path}`, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  const bound = await latency(REQUESTS, async () => {
    await pool.query(`SELECT b.county, r.type, count(*) FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = $1 GROUP BY 1, 2`, [`run-${Y}`]);
  }, 1);
  console.log(`  bound: one GROUP BY county, type over the year's typing   p50 ${fmt(bound.p50)}  p99 ${fmt(bound.p99)}`);
  for (const view of [...STAT_VIEW_KEYS, 'panel', 'workbook.xlsx']) {
    const t = await latency(REQUESTS, get(view === 'workbook.xlsx' ? `workbook.xlsx?year=${Y}` : `${view}?year=${Y}`), 1);
    console.log(`  ${view.padEnd(14)} p50 ${fmt(t.p50).padStart(8)}  p99 ${fmt(t.p99).padStart(8)}  ratio to bound at p50 ${(t.p50 / bound.p50).toFixed(1)}×`);
  }
  server.close();
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close().catch(() => undefined);
  await db.drop();
}
