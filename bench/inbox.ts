// npm run bench:inbox -- [--tasks 10000] [--requests 200]
// The staff inbox's API time with 10,000 open tasks across the counties: the first page (city
// administrator, no filter) and a filtered page (a county administrator's unclaimed county reviews due
// within ten days), p50/p99 over 200 sequential requests each — beside the one SQL statement each page
// needs, run directly on the same database (the platform's bound), and the ratio.
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { generateToken, hashToken } from '../api/tokens';
import { createPool, createPrismaClient } from '../prisma/client';
import { argNumber, createBenchDatabase } from './benchDatabase';
import { latency } from './latency';

const TASKS = argNumber('tasks', 10_000);
const REQUESTS = argNumber('requests', 200);
const COUNTIES = ['421303', '421321', '421381', '421371', '421372'];
const KINDS: Array<[string, string]> = [['APPLICATION_REVIEW', 'COUNTY_AMR'], ['SITE_VISIT_SCORE', 'GRASSROOTS_STAFF'], ['RECHECK_VERIFY', 'GRASSROOTS_STAFF'], ['OBJECTION_ACCEPTANCE', 'COUNTY_AMR']];

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

const db = await createBenchDatabase('getihu_bench_inbox');
const pool = createPool(db.url, 4);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // listing tasks touches no workflow
try {
  const now = Date.now();
  await pool.query(
    `INSERT INTO task (id, kind, title, workflow_id, county, role, status, due_at, created_at, year, uscc)
     SELECT 'bench-' || i, k.kind, '待办 ' || i, 'wf-' || i, c.county, k.role, 'OPEN',
            to_timestamp(($2::bigint + ((i::bigint * 7919) % (30::bigint * 86400000)) - 5::bigint * 86400000) / 1000.0), now(), 2026, lpad(i::text, 18, '0')
     FROM generate_series(0, $1::int - 1) i
     JOIN LATERAL (SELECT ($3::text[])[1 + i % 5] AS county) c ON true
     JOIN LATERAL (SELECT ($4::text[])[1 + (i / 5) % 4] AS kind, ($5::text[])[1 + (i / 5) % 4] AS role) k ON true`,
    [TASKS, now, COUNTIES, KINDS.map((k) => k[0]), KINDS.map((k) => k[1])],
  );
  await pool.query('ANALYZE task');
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/tasks`;
  const dueBefore = new Date(now + 10 * 86_400_000).toISOString();

  const get = (url: string, t: string) => async () => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${t}` } });
    const body = (await res.json()) as { items: unknown[] };
    if (res.status !== 200 || body.items.length === 0) throw new Error(`inbox failed: ${res.status}`);
  };
  const sql = (text: string, values: unknown[]) => async () => {
    await pool.query(text, values);
  };

  console.log(`bench:inbox — ${TASKS.toLocaleString('en')} open tasks across ${COUNTIES.length} counties, ${REQUESTS} sequential requests per page`);
  const pages = [
    {
      name: 'first page (city administrator, 50 by due date)',
      api: get(`${base}?limit=50`, city),
      bound: sql(`SELECT * FROM task WHERE status = 'OPEN' ORDER BY due_at, id LIMIT 51`, []),
    },
    {
      name: 'filtered page (随县, unclaimed county reviews due within 10 days)',
      api: get(`${base}?kind=APPLICATION_REVIEW&assignee=unassigned&dueBefore=${encodeURIComponent(dueBefore)}&limit=50`, suixian),
      bound: sql(`SELECT * FROM task WHERE county = $1 AND status = 'OPEN' AND kind = 'APPLICATION_REVIEW' AND due_at < $2 AND assignee_id IS NULL ORDER BY due_at, id LIMIT 51`, ['421321', dueBefore]),
    },
  ];
  for (const page of pages) {
    const api = await latency(REQUESTS, page.api);
    const bound = await latency(REQUESTS, page.bound);
    console.log(`  ${page.name}`);
    console.log(`    API (HTTP, token check, query, JSON):  p50 ${fmt(api.p50)}  p99 ${fmt(api.p99)}`);
    console.log(`    one SQL statement (the bound):          p50 ${fmt(bound.p50)}  p99 ${fmt(bound.p99)}`);
    console.log(`    ratio API / SQL at p50: ${(api.p50 / bound.p50).toFixed(1)}×`);
  }
  server.close();
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close().catch(() => undefined);
  await db.drop();
}
