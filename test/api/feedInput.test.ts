// Feed uploads that used to stall the API or answer 500 (issue 8 items 4 and 9), against a real
// PostgreSQL: over-long lines, NUL and malformed UTF-8 cells, far-fetched as-of dates, header-only
// uploads, a reused Idempotency-Key, and a slow client holding the bulk pool's only connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { ndjsonRows } from '../../api/feedRows';
import { csvRows } from '../../api/csvRows';
import { BULK_TIMEOUTS, createPool, type PrismaClient } from '../../prisma/client';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, testDatabase, type TestPrincipal } from '../support/database';

let prisma: PrismaClient;
let pool: pg.Pool;
let bulkPool: pg.Pool;
let app: Express;
let amr: TestPrincipal;
let hrss: TestPrincipal;
let auditor: TestPrincipal;
let connection: Connection;

beforeAll(async () => {
  ({ prisma, pool } = testDatabase());
  // The bulk paths' own pool, with one connection: a feed must not hold it while its body streams in.
  bulkPool = inject('databaseKind') === 'pglite' ? pool : createPool(inject('databaseUrl'), 1);
  connection = unreachableConnection();
  app = createApp({ prisma, pool, bulkPool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  amr = await createPrincipal(prisma, 'DATA_SOURCE', { department: '市场监管' });
  hrss = await createPrincipal(prisma, 'DATA_SOURCE', { department: '人社' });
  auditor = await createPrincipal(prisma, 'AUDITOR');
});
afterAll(async () => {
  await prisma?.$disconnect();
  if (bulkPool !== pool) await bulkPool?.end();
  await pool?.end();
  await connection?.close();
});

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const codes = Array.from({ length: 8 }, (_, i) => syntheticUscc(7_100_000 + i, '421381'));
const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].count);
const SI_HEADER = 'uscc,year,insuredEmployees';
const upload = (path: string, who: TestPrincipal, type: string, body: string | Buffer) =>
  request(app).post(path).set(bearer(who)).set('Content-Type', type).send(body);

describe('lines that are too long', () => {
  it('refuses a 50 MB NDJSON line whole with 413, at once and storing nothing, and keeps answering /healthz', async () => {
    const line = `{"uscc":"${codes[0]}","year":2025,"insuredEmployees":1,"pad":"${'x'.repeat(50 * 1024 * 1024)}"}\n`;
    const before = await count('SELECT count(*) FROM feed_batch');
    const pending = upload('/api/v1/feeds/social-insurance?asOf=2026-06-15', hrss, 'application/x-ndjson', line);
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(200);
    const res = await pending;
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'LINE_TOO_LONG', message: expect.stringContaining('第 1 行超过 64 KB') });
    expect(await count('SELECT count(*) FROM feed_batch')).toBe(before);
    expect(await count('SELECT count(*) FROM social_insurance WHERE uscc = $1', [codes[0]])).toBe(0);
  }, 60_000);

  it('refuses a CSV record over 64 KB whole, naming its line', async () => {
    const body = `${SI_HEADER}\n${codes[1]},2025,1\n${codes[2]},2025,"${'9'.repeat(70 * 1024)}"\n`;
    const res = await upload('/api/v1/feeds/social-insurance?asOf=2026-06-15', hrss, 'text/csv', body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'LINE_TOO_LONG', message: expect.stringContaining('第 3 行') });
    expect(await count('SELECT count(*) FROM social_insurance WHERE uscc = $1', [codes[1]])).toBe(0);
  });

  it('parses NDJSON and CSV lines however they are chunked, and caps a line across chunks', async () => {
    const text = `{"a":1}\n\n{"b":"两"}\r\n{"c":3}`;
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 5, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const rows: unknown[] = [];
      for await (const r of ndjsonRows((async function* () { yield* chunks; })())) rows.push(r);
      expect(rows).toEqual([{ a: 1 }, { b: '两' }, { c: 3 }]);
    }
    const long = Array.from({ length: 10 }, () => Buffer.from('x'.repeat(1000)));
    await expect((async () => { for await (const _ of ndjsonRows((async function* () { yield* long; })(), 5_000)); })()).rejects.toThrow('第 1 行');
    await expect((async () => { for await (const _ of csvRows([Buffer.from('a,b\n1,2\n'), ...long], 5_000)); })()).rejects.toThrow('第 3 行');
  });
});

describe('cells PostgreSQL cannot store, refused row by row', () => {
  it('refuses a NUL in a CSV, NDJSON or JSON cell with its row and field, and stores the other rows', async () => {
    const csv = `uscc,tradeName,establishedOn,industryCode,status\n${codes[3]},好\u0000店,2020-01-01,5211,存续\n${codes[4]},正常店,2020-01-01,5211,存续\n`;
    const c = await upload('/api/v1/feeds/registration?asOf=2026-06-30', amr, 'text/csv', csv);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ rows: 2, inserted: 1, rejected: 1, rejects: [{ row: 1, field: 'tradeName', code: 'NUL_CHARACTER', message: expect.stringContaining('空字符') }] });
    expect(await count('SELECT count(*) FROM business WHERE uscc = $1', [codes[4]])).toBe(1);

    const nd = `${JSON.stringify({ uscc: codes[5], tradeName: 'a\u0000', establishedOn: '2020-01-01', industryCode: '5211', status: '存续' })}\n`;
    const n = await upload('/api/v1/feeds/registration?asOf=2026-06-30', amr, 'application/x-ndjson', nd);
    expect(n.body).toMatchObject({ rejected: 1, rejects: [{ field: 'tradeName', code: 'NUL_CHARACTER' }] });

    const j = await request(app).post('/api/v1/feeds/penalties?asOf=2026-06-30').set(bearer(amr))
      .send([{ decisionNo: '随市监罚\u0000号', uscc: codes[4], decidedOn: '2025-01-01', authority: '随州市市场监督管理局', measures: ['警告'], domain: 'other' }]);
    expect(j.body).toMatchObject({ rejected: 1, rejects: [{ field: 'decisionNo', code: 'NUL_CHARACTER' }] });
  });

  it('refuses a cell with malformed UTF-8 instead of storing replacement characters', async () => {
    const csv = Buffer.concat([
      Buffer.from(`uscc,tradeName,establishedOn,industryCode,status\n${codes[6]},`), Buffer.from([0xe9, 0x9a]), Buffer.from(`店,2020-01-01,5211,存续\n${codes[7]},好店,2020-01-01,5211,存续\n`),
    ]);
    const res = await upload('/api/v1/feeds/registration?asOf=2026-06-30', amr, 'text/csv', csv);
    expect(res.body).toMatchObject({ inserted: 1, rejected: 1, rejects: [{ row: 1, field: 'tradeName', code: 'MALFORMED_UTF8' }] });
    const lone = await upload('/api/v1/feeds/registration?asOf=2026-06-30', amr, 'application/x-ndjson', `{"uscc":"${codes[6]}","tradeName":"\\udc00店","establishedOn":"2020-01-01","industryCode":"5211","status":"存续"}\n`);
    expect(lone.body).toMatchObject({ rejected: 1, rejects: [{ field: 'tradeName', code: 'MALFORMED_UTF8' }] });
    expect(await count("SELECT count(*) FROM business WHERE trade_name LIKE '%\uFFFD%'")).toBe(0);
  });
});

describe('as-of dates, header-only uploads and reused keys', () => {
  it('refuses an as-of date after tomorrow or before 2000', async () => {
    for (const asOf of ['4935-01-01', '1999-12-31']) {
      const res = await upload(`/api/v1/feeds/social-insurance?asOf=${asOf}`, hrss, 'text/csv', `${SI_HEADER}\n${codes[0]},2025,1\n`);
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'query.asOf' });
    }
    expect(await count('SELECT count(*) FROM social_insurance WHERE uscc = $1', [codes[0]])).toBe(0);
  });

  it('does not count a header-only upload as fresh data', async () => {
    await upload('/api/v1/feeds/social-insurance?asOf=2026-06-15', hrss, 'text/csv', `${SI_HEADER}\n${codes[0]},2025,2\n`);
    const freshness = async () => (await request(app).get('/api/v1/feeds/freshness').set(bearer(auditor))).body.items.find((i: { feed: string }) => i.feed === 'social-insurance');
    const before = await freshness();
    const empty = await upload('/api/v1/feeds/social-insurance?asOf=2026-06-30', hrss, 'text/csv', `${SI_HEADER}\n`);
    expect(empty.body).toMatchObject({ rows: 0 });
    const after = await freshness();
    expect(after).toMatchObject({ lastAsOf: '2026-06-15', batches: before.batches, lastReceivedAt: before.lastReceivedAt });
  });

  it('answers 422 to an Idempotency-Key reused for other data, storing none of it; the same data replays', async () => {
    const path = '/api/v1/feeds/social-insurance?asOf=2026-06-15';
    const first = await upload(path, hrss, 'text/csv', `${SI_HEADER}\n${codes[1]},2025,3\n`).set('Idempotency-Key', 'si-reuse-1');
    expect(first.body).toMatchObject({ inserted: 1, replayed: false });
    const other = await upload(path, hrss, 'text/csv', `${SI_HEADER}\n${codes[2]},2025,4\n`).set('Idempotency-Key', 'si-reuse-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('SELECT count(*) FROM social_insurance WHERE uscc = $1', [codes[2]])).toBe(0);
    const otherDate = await upload('/api/v1/feeds/social-insurance?asOf=2026-06-16', hrss, 'text/csv', `${SI_HEADER}\n${codes[1]},2025,3\n`).set('Idempotency-Key', 'si-reuse-1');
    expect(otherDate.status).toBe(422);
    const same = await upload(path, hrss, 'text/csv', `${SI_HEADER}\n${codes[1]},2025,3\n`).set('Idempotency-Key', 'si-reuse-1');
    expect(same.body).toMatchObject({ batchId: first.body.batchId, replayed: true });
  });
});

describe('connections', () => {
  it('sets statement, idle-in-transaction and connect timeouts on every pool', async () => {
    if (bulkPool === pool) return; // PGlite ignores session settings
    const settings = async (p: pg.Pool) => (await p.query("SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i")).rows[0];
    const ordinary = createPool(inject('databaseUrl'), 1);
    const bulk = createPool(inject('databaseUrl'), 1, BULK_TIMEOUTS);
    try {
      expect(await settings(ordinary)).toEqual({ s: '30s', i: '30s' });
      expect(await settings(bulk)).toEqual({ s: '5min', i: '1min' });
      expect((bulk as unknown as { options: { connectionTimeoutMillis: number } }).options.connectionTimeoutMillis).toBe(10_000);
    } finally {
      await ordinary.end();
      await bulk.end();
    }
  });

  it('holds no database connection while a slow client is still sending its rows', async () => {
    if (bulkPool === pool) return; // PGlite: one shared connection, nothing to observe
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const slow = http.request({ port, method: 'POST', path: '/api/v1/feeds/social-insurance?asOf=2026-06-15', headers: { ...bearer(hrss), 'Content-Type': 'text/csv' } });
      const answered = new Promise<number>((resolve, reject) => {
        slow.on('response', (r) => { r.resume(); resolve(r.statusCode!); });
        slow.on('error', reject);
      });
      slow.write(`${SI_HEADER}\n${codes[3]},2025,1\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The bulk pool's only connection is free: another department's upload goes through meanwhile.
      expect(bulkPool.totalCount - bulkPool.idleCount).toBe(0);
      const other = await upload('/api/v1/feeds/social-insurance?asOf=2026-06-15', hrss, 'text/csv', `${SI_HEADER}\n${codes[4]},2025,1\n`).timeout(5_000);
      expect(other.status).toBe(200);
      slow.end(`${codes[5]},2025,1\n`);
      expect(await answered).toBe(200);
      expect(await count('SELECT count(*) FROM social_insurance WHERE uscc = ANY($1)', [[codes[3], codes[5]]])).toBe(2);
    } finally {
      server.close();
    }
  });
});
