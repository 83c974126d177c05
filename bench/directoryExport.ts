// npm run bench:export -- [--businesses 100000]
// The directory export of one year through the API (GET /api/v1/directory/export): CSV (COPY TO STDOUT)
// and xlsx (exceljs's streaming writer, pages of 10,000 rows), each with the 名特优新 label in force —
// beside the platform's bound: the same SELECT as one raw COPY to nowhere, and the ratios. Also the
// process's peak RSS growth during the xlsx export (it must not hold the workbook in memory).
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { to as copyTo } from 'pg-copy-streams';
import { createApp } from '../api/app';
import { directoryFrom, directorySelect } from '../data/directoryColumns';
import { generateToken, hashToken } from '../api/tokens';
import { createPool, createPrismaClient } from '../prisma/client';
import { loadPopulation } from '../scripts/syntheticPopulation';
import { argNumber, createBenchDatabase, rate } from './benchDatabase';

const BUSINESSES = argNumber('businesses', 100_000);
const YEAR = 2030;
const RUN = `typing-${YEAR}-ANNUAL`;

const db = await createBenchDatabase('getihu_bench_export');
const pool = createPool(db.url, 4);
const prisma = createPrismaClient(pool);
const connection = Connection.lazy({ address: '127.0.0.1:1' }); // exporting touches no workflow
try {
  await loadPopulation(pool, { count: BUSINESSES, seed: 7, year: YEAR });
  await pool.query(`INSERT INTO typing_run (id, year, kind, ruleset_id, reference_date, status, finished_at, total) VALUES ($1, $2, 'ANNUAL', 'bench@1', $3, 'DONE', now(), $4)`, [RUN, YEAR, `${YEAR}-06-30`, BUSINESSES]);
  await pool.query(`INSERT INTO typing_result (run_id, uscc, type, reason, features, trace) SELECT $1, uscc, (ARRAY['D','G','S'])[1 + abs(hashtext(uscc)) % 3], NULL, '{}'::json, '' FROM business`, [RUN]);
  // One business in twenty holds a 名特优新 label.
  await pool.query(`INSERT INTO category_label (uscc, year, category, channel, recommender_dept, designated_on, valid_until, batch, status)
    SELECT uscc, $1, (ARRAY['MING','TE','YOU','XIN'])[1 + abs(hashtext(uscc)) % 4], 'SELF', NULL, $2, $3, $4, 'ACTIVE' FROM business WHERE abs(hashtext(uscc || 'l')) % 20 = 0`,
  [YEAR, `${YEAR}-10-28`, `${YEAR + 3}-10-27`, `${YEAR}-第一批`]);
  await pool.query(`INSERT INTO cycle (year, workflow_id, phase, calendar, updated_at, current_run_id) VALUES ($1, 'bench', 'CLOSED', '{}'::jsonb, now(), $2)`, [YEAR, RUN]);
  await pool.query('ANALYZE');
  const token = generateToken();
  await prisma.principal.create({ data: { name: 'bench city', role: 'CITY_AMR', department: '市场监管', tokens: { create: { tokenHash: hashToken(token) } } } });
  const app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'bench' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/directory/export?year=${YEAR}`;

  const download = async (format: string) => {
    const t = process.hrtime.bigint();
    const res = await fetch(`${base}&format=${format}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export failed: ${res.status}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, bytes };
  };
  const rawCopy = async () => {
    const client = await pool.connect();
    const t = process.hrtime.bigint();
    try {
      const stream = client.query(copyTo(`COPY (SELECT ${directorySelect('header')} FROM ${directoryFrom(YEAR)} WHERE r.run_id = '${RUN}' ORDER BY r.uscc) TO STDOUT WITH (FORMAT csv, HEADER true)`));
      let bytes = 0;
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, bytes };
    } finally {
      client.release();
    }
  };

  await download('csv'); // warm up
  const bound = await rawCopy();
  const csv = await download('csv');
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const xlsx = await download('xlsx');
  clearInterval(sampler);
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  console.log(`bench:export — ${BUSINESSES.toLocaleString('en')} businesses, one year, every 20th with a 名特优新 label`);
  console.log(`  raw COPY of the same SELECT (the bound): ${bound.ms.toFixed(0)} ms  ${rate(BUSINESSES, bound.ms)}  ${mb(bound.bytes)}`);
  console.log(`  API CSV:   ${csv.ms.toFixed(0)} ms  ${rate(BUSINESSES, csv.ms)}  ${mb(csv.bytes)}  ratio ${(csv.ms / bound.ms).toFixed(1)}×`);
  console.log(`  API xlsx:  ${xlsx.ms.toFixed(0)} ms  ${rate(BUSINESSES, xlsx.ms)}  ${mb(xlsx.bytes)}  ratio ${(xlsx.ms / bound.ms).toFixed(1)}×  peak RSS growth ${mb(peak - rssBefore)}`);
  server.close();
} finally {
  await prisma.$disconnect();
  await pool.end();
  await connection.close().catch(() => undefined);
  await db.drop();
}
