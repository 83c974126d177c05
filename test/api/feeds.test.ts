// Department feeds against a real PostgreSQL: good rows stored with provenance, bad rows answered
// row by row, repeats add nothing, refusals change nothing.
import request from 'supertest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import type { PrismaClient } from '../../prisma/client';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { step } from '../support/step';

let prisma: PrismaClient;
let pool: pg.Pool;
let app: Express;
let amr: TestPrincipal;
let tax: TestPrincipal;
let hrss: TestPrincipal;
let court: TestPrincipal;
let auditor: TestPrincipal;
let connection: Connection;

// Feed tests touch no workflow: the Temporal client points nowhere on purpose.
// A database of its own: the freshness test counts every registration upload, and other files upload
// registration rows too.
let db: IsolatedDatabase;
beforeAll(async () => {
  db = await isolatedDatabase();
  ({ prisma, pool } = db);
  connection = unreachableConnection();
  app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  amr = await createPrincipal(prisma, 'DATA_SOURCE', { department: '市场监管' });
  tax = await createPrincipal(prisma, 'DATA_SOURCE', { department: '税务' });
  hrss = await createPrincipal(prisma, 'DATA_SOURCE', { department: '人社' });
  court = await createPrincipal(prisma, 'DATA_SOURCE', { department: '法院' });
  auditor = await createPrincipal(prisma, 'AUDITOR');
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const codes = Array.from({ length: 6 }, (_, i) => syntheticUscc(9_000_000 + i, '421321'));
const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].count);
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
const REG_HEADER = ['uscc', 'tradeName', 'establishedOn', 'industryCode', 'status', 'specialGroups'];
/** Every registration upload of the first block, sent if not yet (the freshness test reports on them). */
let registrationUploads: () => Promise<void>;

describe('POST /api/v1/feeds/registration (CSV)', () => {
  const body = csv([
    REG_HEADER,
    [codes[0]!, '随县香菇行', '2019-05-01', '5221', '存续', ''],
    [codes[1]!, '', '2023-11-20', '6220', 'ACTIVE', '退役军人|高校毕业生'],
    [`${codes[2]!.slice(0, 17)}${codes[2]!.endsWith('0') ? '1' : '0'}`, '校验位错', '2020-01-01', '5211', '存续', ''],
    [codes[3]!, '日期错', '2020-02-30', '5211', '存续', ''],
    [codes[4]!, '状态错', '2020-01-01', '52', '营业中', ''],
  ]);

  // The registration uploads the tests build on (and freshness reports), each sent once by whichever test needs it first.
  const registrationStored = step(() => request(app).post('/api/v1/feeds/registration?asOf=2026-06-30').set(bearer(amr)).set('Content-Type', 'text/csv').send(body));
  const registrationRepeated = step(async () => {
    await registrationStored();
    return request(app).post('/api/v1/feeds/registration?asOf=2026-07-15').set(bearer(amr)).set('Content-Type', 'text/csv').send(body);
  });
  const changed = csv([REG_HEADER, [codes[0]!, '随县香菇行', '2019-05-01', '5221', '歇业', '']]);
  const registrationChanged = step(async () => {
    await registrationRepeated();
    return request(app).post('/api/v1/feeds/registration?asOf=2026-08-01').set(bearer(amr)).set('Content-Type', 'text/csv').send(changed);
  });
  const idempotentFirst = step(() => request(app).post('/api/v1/feeds/registration?asOf=2026-06-30').set(bearer(amr)).set('Idempotency-Key', 'reg-2026-06-30-a').set('Content-Type', 'text/csv').send(body));
  registrationUploads = async () => {
    await registrationChanged();
    await idempotentFirst();
  };

  it('stores the good rows with department and as-of date, and answers the bad ones row by row', async () => {
    const res = await registrationStored();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ feed: 'registration', department: '市场监管', rows: 5, inserted: 2, updated: 0, unchanged: 0, rejected: 3, replayed: false });
    const byRow = (n: number) => res.body.rejects.filter((r: { row: number }) => r.row === n);
    expect(byRow(3)).toEqual([expect.objectContaining({ field: 'uscc', code: 'USCC_CHECK_DIGIT', message: '统一社会信用代码校验位不正确' })]);
    expect(byRow(4)).toEqual([expect.objectContaining({ field: 'establishedOn', message: '日期格式应为 YYYY-MM-DD' })]);
    expect(byRow(5).map((r: { field: string }) => r.field).sort()).toEqual(['industryCode', 'status']);
    for (const r of res.body.rejects) expect(r.message).toMatch(/[\u4e00-\u9fff]/);

    const { rows } = await pool.query('SELECT uscc, county, status, special_groups, department, as_of::text, batch_id FROM business WHERE uscc = ANY($1) ORDER BY uscc', [codes]);
    expect(rows.map((r) => r.uscc)).toEqual([codes[0], codes[1]].sort());
    expect(rows.find((r) => r.uscc === codes[1])).toMatchObject({ county: '421321', status: 'ACTIVE', special_groups: ['退役军人', '高校毕业生'], department: '市场监管', as_of: '2026-06-30', batch_id: res.body.batchId });
    expect(await count("SELECT count(*) FROM audit_entry WHERE action = 'FEED_UPLOADED' AND target_id = $1", [res.body.batchId])).toBe(1);
  });

  it('adds nothing when the same rows come again, and updates only a changed row', async () => {
    await registrationStored();
    const before = await count('SELECT count(*) FROM business');
    const again = await registrationRepeated();
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 3 });
    expect(await count('SELECT count(*) FROM business')).toBe(before);
    const asOf = await pool.query('SELECT as_of::text FROM business WHERE uscc = $1', [codes[0]]);
    expect(asOf.rows[0].as_of).toBe('2026-06-30'); // an unchanged value keeps its original provenance

    const res = await registrationChanged();
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const row = await pool.query('SELECT status, as_of::text FROM business WHERE uscc = $1', [codes[0]]);
    expect(row.rows[0]).toEqual({ status: 'SUSPENDED', as_of: '2026-08-01' });
  });

  it('replays a request with the same Idempotency-Key without processing it again', async () => {
    const first = await idempotentFirst();
    const batches = await count('SELECT count(*) FROM feed_batch');
    const second = await request(app).post('/api/v1/feeds/registration?asOf=2026-06-30').set(bearer(amr)).set('Idempotency-Key', 'reg-2026-06-30-a').set('Content-Type', 'text/csv').send(body);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ batchId: first.body.batchId, replayed: true, rejected: 3 });
    expect(second.body.rejects).toEqual(first.body.rejects);
    expect(await count('SELECT count(*) FROM feed_batch')).toBe(batches);
  });
});

describe('JSON and NDJSON feeds', () => {
  it('takes a JSON array (tax) and NDJSON (social insurance)', async () => {
    const taxRows = [
      { uscc: codes[0], taxYear: 2025, taxPaidTotal: 1234.5, invoicedSales: 250000, creditRating: 'B' },
      { uscc: codes[1], taxYear: 2025, taxPaidTotal: -1, invoicedSales: 10 },
    ];
    const t = await request(app).post('/api/v1/feeds/tax?asOf=2026-06-20').set(bearer(tax)).send(taxRows);
    expect(t.body).toMatchObject({ inserted: 1, rejected: 1, rejects: [expect.objectContaining({ row: 2, field: 'taxPaidTotal', code: 'TOO_SMALL' })] });
    const stored = await pool.query('SELECT tax_paid_total::text, department, as_of::text FROM tax_record WHERE uscc = $1', [codes[0]]);
    expect(stored.rows[0]).toEqual({ tax_paid_total: '1234.50', department: '税务', as_of: '2026-06-20' });

    const nd = `${JSON.stringify({ uscc: codes[0], year: 2025, insuredEmployees: 3 })}\nnot json\n${JSON.stringify({ uscc: codes[1], year: 2025, insuredEmployees: '2' })}\n`;
    const s = await request(app).post('/api/v1/feeds/social-insurance?asOf=2026-06-15').set(bearer(hrss)).set('Content-Type', 'application/x-ndjson').send(nd);
    expect(s.body).toMatchObject({ rows: 3, inserted: 2, rejected: 1, rejects: [expect.objectContaining({ row: 2, code: 'INVALID_TYPE' })] });
  });

  it('stores the court list by keyed hash of the ID number, never the number itself', async () => {
    const id = '11010519491231002X';
    const res = await request(app).post('/api/v1/feeds/court-dishonest?asOf=2026-06-30').set(bearer(court)).send([
      { caseNo: '(2025)鄂1321执1号', operatorIdNumber: id, court: '随县人民法院', listedOn: '2025-03-01' },
      { caseNo: '(2025)鄂1321执2号', operatorIdNumber: '110105194912310021', court: '随县人民法院', listedOn: '2025-03-01' },
    ]);
    expect(res.body).toMatchObject({ inserted: 1, rejected: 1, rejects: [expect.objectContaining({ field: 'operatorIdNumber', message: '居民身份证号码无效' })] });
    const { rows } = await pool.query("SELECT row_to_json(c)::text AS j FROM court_dishonest c WHERE case_no = '(2025)鄂1321执1号'");
    expect(rows[0].j).not.toContain(id);
    expect(rows[0].j).toMatch(/"operator_id_hash":"[0-9a-f]{64}"/);
    expect(JSON.stringify(res.body)).not.toContain(id);
  });
});

describe('sources with several departments', () => {
  it('takes designations from commerce and culture & tourism, each stored as its own department\'s', async () => {
    const commerce = await createPrincipal(prisma, 'SECTOR_DEPARTMENT', { department: '商务' });
    const culture = await createPrincipal(prisma, 'DATA_SOURCE', { department: '文旅' });
    const c = await request(app).post('/api/v1/feeds/designations?asOf=2026-06-30').set(bearer(culture)).send([
      { uscc: codes[0], kind: '旅游民宿等级', level: '省', authority: '湖北省文化和旅游厅', awardedOn: '2024-05-01', title: '乙级旅游民宿' },
      { uscc: codes[0], kind: '五星好评', level: '省', authority: 'x', awardedOn: '2024-05-01' },
    ]);
    expect(c.body).toMatchObject({ inserted: 1, rejected: 1, rejects: [expect.objectContaining({ field: 'kind' })] });
    const m = await request(app).post('/api/v1/feeds/designations?asOf=2026-06-30').set(bearer(commerce)).send([
      { uscc: codes[0], kind: '市级老字号', level: '市', authority: '随州市商务局', awardedOn: '2023-09-01' },
    ]);
    expect(m.body).toMatchObject({ department: '商务', inserted: 1 });
    const stored = await pool.query('SELECT department, kind FROM designation WHERE uscc = $1', [codes[0]]);
    expect(stored.rows).toHaveLength(2);
    expect(stored.rows).toEqual(expect.arrayContaining([{ department: '文旅', kind: '旅游民宿等级' }, { department: '商务', kind: '市级老字号' }]));
    // A sector department cannot push another department's feed.
    expect((await request(app).post('/api/v1/feeds/tax?asOf=2026-06-30').set(bearer(commerce)).send([])).status).toBe(403);
    const ip = await createPrincipal(prisma, 'DATA_SOURCE', { department: '知识产权' });
    const tm = await request(app).post('/api/v1/feeds/ip-assets?asOf=2026-06-30').set(bearer(ip)).set('Content-Type', 'text/csv')
      .send(csv([['kind', 'regNo', 'uscc', 'holder', 'classes', 'status', 'giRelated'], ['TRADEMARK', '12345678', codes[1]!, 'OPERATOR', '29|30', '有效', '否']]));
    expect(tm.body).toMatchObject({ inserted: 1, rejected: 0 });
  });
});

describe('refusals change nothing', () => {
  it('refuses another department\'s feed with 403', async () => {
    const before = await count('SELECT count(*) FROM business');
    const res = await request(app).post('/api/v1/feeds/registration?asOf=2026-06-30').set(bearer(tax)).set('Content-Type', 'text/csv').send(csv([REG_HEADER, [codes[5]!, 'x', '2020-01-01', '5211', '存续', '']]));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('市场监管');
    expect(await count('SELECT count(*) FROM business')).toBe(before);
    expect((await request(app).post('/api/v1/feeds/tax?asOf=2026-06-30').set(bearer(auditor)).send([])).status).toBe(403);
  });

  it('refuses malformed bodies, unknown feeds, missing asOf and other content types', async () => {
    const batches = await count('SELECT count(*) FROM feed_batch');
    const malformed = await request(app).post('/api/v1/feeds/tax?asOf=2026-06-30').set(bearer(tax)).set('Content-Type', 'application/json').send(`[{"uscc":"${codes[5]}","taxYear":2025},{"uscc":`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_BODY');
    expect(await count('SELECT count(*) FROM tax_record WHERE uscc = $1', [codes[5]])).toBe(0);
    // An unterminated quote in CSV: the whole upload is refused with the line, the valid rows before it are not kept.
    const badCsv = await request(app).post('/api/v1/feeds/tax?asOf=2026-06-30').set(bearer(tax)).set('Content-Type', 'text/csv')
      .send(`uscc,taxYear,taxPaidTotal\n${codes[5]},2025,100\n${codes[5]},"2025,200\n`);
    expect(badCsv.status).toBe(400);
    expect(badCsv.body).toMatchObject({ code: 'MALFORMED_BODY', message: expect.stringContaining('第 3 行开始的引号未闭合') });
    expect(await count('SELECT count(*) FROM tax_record WHERE uscc = $1', [codes[5]])).toBe(0);
    expect((await request(app).post('/api/v1/feeds/weather?asOf=2026-06-30').set(bearer(tax)).send([])).body.code).toBe('FEED_NOT_FOUND');
    const noAsOf = await request(app).post('/api/v1/feeds/tax').set(bearer(tax)).send([]);
    expect(noAsOf.status).toBe(400);
    expect(noAsOf.body.details[0].field).toBe('query.asOf');
    const xml = await request(app).post('/api/v1/feeds/tax?asOf=2026-06-30').set(bearer(tax)).set('Content-Type', 'application/xml').send('<rows/>');
    expect(xml.status).toBe(415);
    expect(await count('SELECT count(*) FROM feed_batch')).toBe(batches);
  });

  it('refuses an upload of more than 100,000 rows whole, storing none of them', async () => {
    const lines = ['uscc,year,insuredEmployees'];
    for (let i = 0; i < 100_001; i++) lines.push(`${syntheticUscc(8_000_000 + i, '421303')},2025,1`);
    const before = await count('SELECT count(*) FROM social_insurance');
    const res = await request(app).post('/api/v1/feeds/social-insurance?asOf=2026-06-15').set(bearer(hrss)).set('Content-Type', 'text/csv').send(lines.join('\n'));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('TOO_MANY_ROWS');
    expect(await count('SELECT count(*) FROM social_insurance')).toBe(before);
  });
});

describe('GET /api/v1/feeds/freshness', () => {
  it('shows each feed\'s last upload; a department sees only its own', async () => {
    await registrationUploads();
    const all = await request(app).get('/api/v1/feeds/freshness').set(bearer(auditor));
    expect(all.status).toBe(200);
    const reg = all.body.items.find((i: { feed: string }) => i.feed === 'registration');
    expect(reg).toMatchObject({ department: '市场监管', lastAsOf: '2026-08-01', rowsRejected: 9 });
    expect(reg.batches).toBeGreaterThanOrEqual(3);
    const own = await request(app).get('/api/v1/feeds/freshness').set(bearer(tax));
    expect(own.body.items.map((i: { department: string }) => i.department)).toEqual(['税务']);
  });
});
