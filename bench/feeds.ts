// npm run bench:feeds -- [--rows 1000000] [--parallel 2]
// Pushes a registration feed of N rows through the API (CSV, 100,000 rows a request — the API's
// limit) into a fresh PostgreSQL database, and times a raw COPY of the same rows: the lower bound.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { copyRows } from '../data/bulkCopy';
import { createApp } from '../api/app';
import { generateToken, hashToken } from '../api/tokens';
import { createPool, createPrismaClient } from '../prisma/client';
import { syntheticUscc } from '../scripts/syntheticPopulation';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const N = argNumber('rows', 1_000_000);
const parallel = argNumber('parallel', 2);
const PER_REQUEST = 100_000;
const COUNTY = ['421303', '421321', '421381', '421371', '421372'];
const INDUSTRY = ['5211', '5221', '6210', '6220', '8040'];

function row(i: number): string[] {
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [syntheticUscc(i, COUNTY[i % 5]!), `随州市第${i}号商店`, `${2005 + (i % 20)}-0${1 + (i % 9)}-${day}`, INDUSTRY[i % 5]!, i % 13 === 0 ? '歇业' : '存续'];
}

const db = await createBenchDatabase('getihu_bench_feeds');
const pool = createPool(db.url, parallel + 2);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // feeds touch no workflow
try {
  const token = generateToken();
  await prisma.principal.create({ data: { name: 'bench', role: 'DATA_SOURCE', department: '市场监管', tokens: { create: { tokenHash: hashToken(token) } } } });
  const app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'bench' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/feeds/registration?asOf=2026-06-30`;

  console.log(`bench:feeds — ${N.toLocaleString('en')} registration rows, ${PER_REQUEST.toLocaleString('en')} per request, ${parallel} at a time`);
  const bodies: string[] = [];
  for (let start = 0; start < N; start += PER_REQUEST) {
    const lines = ['uscc,tradeName,establishedOn,industryCode,status'];
    for (let i = start; i < Math.min(N, start + PER_REQUEST); i++) lines.push(row(i).join(','));
    bodies.push(lines.join('\n'));
  }
  let next = 0;
  let stored = 0;
  const t = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, body });
        const result = (await res.json()) as { inserted: number; rejected: number };
        if (res.status !== 200 || result.rejected) throw new Error(`upload failed: ${res.status} ${JSON.stringify(result).slice(0, 300)}`);
        stored += result.inserted;
      }
    }),
  );
  const apiMs = Date.now() - t;
  console.log(`  through the API (validated, upserted, audited): ${stored.toLocaleString('en')} rows in ${apiMs} ms = ${rate(stored, apiMs)}`);
  server.close();

  await pool.query('CREATE TABLE business_copy (LIKE business INCLUDING ALL)');
  const client = await pool.connect();
  const c = Date.now();
  const columns = ['uscc', 'trade_name', 'established_on', 'industry_code', 'status', 'county', 'department', 'as_of'];
  const copied = await copyRows(client, 'business_copy', columns, (function* () {
    for (let i = 0; i < N; i++) {
      const r = row(i);
      yield [r[0]!, r[1]!, r[2]!, r[3]!, r[4] === '歇业' ? 'SUSPENDED' : 'ACTIVE', r[0]!.slice(2, 8), '市场监管', '2026-06-30'];
    }
  })());
  const copyMs = Date.now() - c;
  client.release();
  console.log(`  raw COPY of the same rows (lower bound): ${copied.toLocaleString('en')} rows in ${copyMs} ms = ${rate(copied, copyMs)}`);
  console.log(`  ratio API / COPY: ${(apiMs / copyMs).toFixed(2)}×`);
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close();
  await db.drop();
}
