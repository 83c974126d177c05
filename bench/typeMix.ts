// npm run bench:type-mix -- [--businesses 100000] [--requests 50]
// GET /api/v1/cycles/{year}/type-mix over a published run of 100,000 businesses: p50/p99 over sequential
// requests (city administrator; a county administrator) — beside the plainest statement that reads the
// same rows (count by county and type, no industry breakdown) on the same database, and the ratio.
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { typeMixSql } from '../data/typeMix';
import { generateToken, hashToken } from '../api/tokens';
import { createPool, createPrismaClient } from '../prisma/client';
import { argNumber, createBenchDatabase } from './benchDatabase';
import { latency } from './latency';

const BUSINESSES = argNumber('businesses', 100_000);
const REQUESTS = argNumber('requests', 50);
const COUNTIES = ['421303', '421321', '421381', '421371', '421372'];
const YEAR = 2026;

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const db = await createBenchDatabase('getihu_bench_type_mix');
const pool = createPool(db.url, 4);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // the aggregate touches no workflow
try {
  // Businesses spread over the counties and over divisions 01–97; every one typed in the run.
  await pool.query(
    `INSERT INTO business (uscc, trade_name, established_on, county, industry_code, status, special_groups, department, as_of)
     SELECT lpad(i::text, 18, '0'), '商户 ' || i, DATE '2015-01-01', ($2::text[])[1 + i % 5], lpad((1 + (i * 37) % 97)::text, 2, '0') || '11',
            'ACTIVE', '{}', '市场监管', DATE '2026-06-30'
     FROM generate_series(0, $1::int - 1) i`,
    [BUSINESSES, COUNTIES],
  );
  await pool.query(
    `INSERT INTO typing_result (run_id, uscc, type, features, trace)
     SELECT 'bench-run', lpad(i::text, 18, '0'), (ARRAY['D','G','S','S','G','UNTYPED'])[1 + i % 6], '{}'::json, ''
     FROM generate_series(0, $1::int - 1) i`,
    [BUSINESSES],
  );
  await pool.query(`INSERT INTO cycle (year, workflow_id, phase, calendar, updated_at, current_run_id) VALUES ($1, 'bench', 'RECHECK_WINDOW', '{}', now(), 'bench-run')`, [YEAR]);
  await pool.query('ANALYZE business; ANALYZE typing_result');
  const token = async (role: string, county: string | null) => {
    const t = generateToken();
    await prisma.principal.create({ data: { name: `bench ${role}`, role, county, department: '市场监管', tokens: { create: { tokenHash: hashToken(t) } } } });
    return t;
  };
  const city = await token('CITY_AMR', null);
  const suixian = await token('COUNTY_AMR', '421321');
  const app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'bench' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/cycles/${YEAR}/type-mix`;
  const get = (t: string) => async () => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${t}` } });
    const body = (await res.json()) as { byCounty?: unknown[] };
    if (res.status !== 200 || !body.byCounty?.length) throw new Error(`type mix failed: ${res.status}`);
  };
  const own = (county: string | null) => async () => {
    await pool.query(typeMixSql('section'), ['bench-run', county]);
  };
  const bound = (county: string | null) => async () => {
    await pool.query(
      `SELECT b.county, r.type, count(*) FROM typing_result r JOIN business b ON b.uscc = r.uscc
        WHERE r.run_id = 'bench-run' AND ($1::text IS NULL OR b.county = $1) GROUP BY b.county, r.type`,
      [county],
    );
  };

  console.log(`bench:type-mix — ${BUSINESSES.toLocaleString('en')} typed businesses, ${REQUESTS} sequential requests each`);
  for (const [name, api, statement, sql] of [['city administrator (all counties)', get(city), own(null), bound(null)], ['county administrator (随县)', get(suixian), own('421321'), bound('421321')]] as const) {
    const a = await latency(REQUESTS, api, 3);
    const o = await latency(REQUESTS, statement, 3);
    const b = await latency(REQUESTS, sql, 3);
    console.log(`  ${name}`);
    console.log(`    API (by county and by industry section, one statement):  p50 ${fmt(a.p50)}  p99 ${fmt(a.p99)}`);
    console.log(`    the endpoint's statement run directly:                    p50 ${fmt(o.p50)}  p99 ${fmt(o.p99)}`);
    console.log(`    bound: one GROUP BY county, type on the same rows:        p50 ${fmt(b.p50)}  p99 ${fmt(b.p99)}`);
    console.log(`    ratio API / bound at p50: ${(a.p50 / b.p50).toFixed(1)}×`);
  }
  server.close();
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close().catch(() => undefined);
  await db.drop();
}
