// Typing results through the API against a real dev server, worker and PostgreSQL: explanations for
// the household and staff, the directory and its exports, and rechecks verified through the workflow.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { decodeFeatures, type StoredFeatures } from '../../domain/typing/storedResult';
import { loadPopulation } from '../../scripts/syntheticPopulation';
import { createProgrammeWorker } from '../../worker';
import { industrySection } from '../../domain/industrySections';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, devServerEnvironment } from '../support/temporal';
import { step } from '../support/step';
import { until } from '../support/until';

const YEAR = 2042;
const taskQueue = 'api-typing-test';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let workerRun: Promise<void>;
let app: Express;
let admin: TestPrincipal;
let household: TestPrincipal;
let staffHere: TestPrincipal;
let staffElsewhere: TestPrincipal;
let colleague: TestPrincipal;
let target: { uscc: string; county: string };

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([devServerEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  await loadPopulation(db.pool, { count: 2_000, seed: 11, year: YEAR });
  worker = await createProgrammeWorker({ connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle, exportDir: mkdtempSync(path.join(tmpdir(), 'getihu-exports-')) });
  workerRun = worker.run();
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
  admin = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });

  // A drill calendar: typing already due, the re-run an hour away — the recheck window is open.
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const calendar = { opensAt: at(-60), typingDueAt: at(-50), nationalReportDueAt: at(-40), rerunAt: at(60), declarationClosesAt: at(70), rankingAt: at(75), reviewEndsAt: at(80), closesAt: at(90) };
  expect((await request(app).post('/api/v1/cycles').set(bearer(admin)).send({ year: YEAR, calendar })).status).toBe(201);
  await until(`cycle ${YEAR} to reach RECHECK_WINDOW in its read model (the annual typing run done)`, async () => {
    const cycle = await request(app).get(`/api/v1/cycles/${YEAR}`).set(bearer(admin));
    return cycle.body.readModel?.phase === 'RECHECK_WINDOW';
  }, 150_000);
  const { rows } = await db.pool.query<{ uscc: string; county: string; features: StoredFeatures }>(
    `SELECT r.uscc, b.county, r.features FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = $1 AND r.type = 'S' AND r.reason IS NULL
     ORDER BY r.uscc`,
    [`typing-${YEAR}-ANNUAL`],
  );
  target = rows.find((r) => decodeFeatures(r.features).tax_paid.value !== null)!;
  household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: target.uscc });
  staffHere = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: target.county, name: '张三' });
  staffElsewhere = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: target.county === '421303' ? '421321' : '421303' });
  colleague = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: target.county, name: '李四' });
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await db?.drop();
  await env?.teardown();
});

describe('GET /api/v1/businesses/{uscc}', () => {
  it('tells the household why it is 生存型, each value with its department and date', async () => {
    const res = await request(app).get(`/api/v1/businesses/${target.uscc}`).set(bearer(household));
    expect(res.status).toBe(200);
    expect(res.body.typing).toMatchObject({ year: YEAR, type: 'S', typeLabel: '生存型', runId: `typing-${YEAR}-ANNUAL` });
    expect(res.body.typing.explanation.summary).toContain('生存型');
    const taxPaid = res.body.typing.explanation.features.find((f: { name: string }) => f.name === 'tax_paid');
    expect(taxPaid).toMatchObject({ label: '纳税总额（元）', department: '税务', asOf: `${YEAR}-06-20` });
    expect(typeof taxPaid.value).toBe('number');
    expect(res.body.typing.explanation.conditions.map((c: { label: string; met: boolean }) => [c.label, c.met])).toEqual([['发展型', false], ['成长型', false]]);
    expect(res.body.operatorName).toMatch(/^.\*+$/); // masked
  });

  it('refuses another household and staff of another county; hides tax microdata from grassroots staff', async () => {
    const other = await db.pool.query('SELECT uscc FROM business WHERE uscc <> $1 LIMIT 1', [target.uscc]);
    expect((await request(app).get(`/api/v1/businesses/${other.rows[0].uscc}`).set(bearer(household))).status).toBe(403);
    expect((await request(app).get(`/api/v1/businesses/${target.uscc}`).set(bearer(staffElsewhere))).status).toBe(403);
    const staff = await request(app).get(`/api/v1/businesses/${target.uscc}`).set(bearer(staffHere));
    expect(staff.status).toBe(200);
    const taxPaid = staff.body.typing.explanation.features.find((f: { name: string }) => f.name === 'tax_paid');
    expect(taxPaid.value).toBe('（受限）');
    expect(JSON.stringify(staff.body.typing.explanation.conditions)).toContain('（受限）');
    const badCode = await request(app).get('/api/v1/businesses/92421303MA4D123454').set(bearer(admin));
    expect(badCode.status).toBe(400);
    expect(badCode.body.details[0]).toMatchObject({ field: 'params.uscc', message: '统一社会信用代码校验位不正确' });
  });
});

describe('the directory', () => {
  it('filters and pages; county staff are held to their county', async () => {
    const first = await request(app).get(`/api/v1/directory?year=${YEAR}&type=S&limit=50`).set(bearer(admin));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items.every((i: { type: string }) => i.type === 'S')).toBe(true);
    const second = await request(app).get(`/api/v1/directory?year=${YEAR}&type=S&limit=50&after=${first.body.nextAfter}`).set(bearer(admin));
    expect(second.body.items[0].uscc > first.body.items.at(-1).uscc).toBe(true);

    const own = await request(app).get(`/api/v1/directory?year=${YEAR}&limit=1000`).set(bearer(staffHere));
    expect(new Set(own.body.items.map((i: { county: string }) => i.county))).toEqual(new Set([target.county]));
    const elsewhere = target.county === '421303' ? '421321' : '421303';
    expect((await request(app).get(`/api/v1/directory?year=${YEAR}&county=${elsewhere}`).set(bearer(staffHere))).status).toBe(403);
    expect((await request(app).get('/api/v1/directory?year=2099').set(bearer(admin))).body.code).toBe('DIRECTORY_NOT_PUBLISHED');
  });

  it('exports CSV and JSON, streamed, with the same rows', async () => {
    const expected = Number((await db.pool.query("SELECT count(*) FROM typing_result WHERE run_id = $1 AND type = 'G'", [`typing-${YEAR}-ANNUAL`])).rows[0].count);
    const csv = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=csv`).set(bearer(admin));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]!.replace(/^\ufeff/, '')).toBe('统一社会信用代码,字号,县市区代码,行业代码,类型,名特优新类别,认定渠道,推荐部门,认定日期,有效期至,认定批次,标签状态');
    expect(lines).toHaveLength(expected + 1);
    const json = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=json`).set(bearer(admin)).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(null, JSON.parse(text)));
    });
    expect(json.body).toHaveLength(expected);
    expect(json.body[0]).toMatchObject({ type: 'G', typeLabel: '成长型' });
  });

  it('exports the 名特优新 labels, and as xlsx the same rows as the CSV with every cell kept as text (formulas neutralised in the CSV)', async () => {
    const { rows: growth } = await db.pool.query<{ uscc: string; trade_name: string }>(
      "SELECT r.uscc, b.trade_name FROM typing_result r JOIN business b ON b.uscc = r.uscc WHERE r.run_id = $1 AND r.type = 'G' ORDER BY r.uscc LIMIT 3",
      [`typing-${YEAR}-ANNUAL`],
    );
    const [recommended, older, formulaLike] = growth as [typeof growth[0], typeof growth[0], typeof growth[0]];
    // This year's label, recommended by a department; an earlier year's label, now expired; a trade name a spreadsheet would run as a formula.
    await db.prisma.categoryLabel.create({ data: { uscc: recommended.uscc, year: YEAR, category: 'MING', channel: 'RECOMMENDED', recommenderDept: '商务局', designatedOn: new Date(`${YEAR}-10-28`), validUntil: new Date(`${YEAR + 3}-10-27`), batch: `${YEAR}-第一批`, status: 'ACTIVE' } });
    await db.prisma.categoryLabel.create({ data: { uscc: older.uscc, year: YEAR - 3, category: 'TE', channel: 'SELF', designatedOn: new Date(`${YEAR - 3}-10-30`), validUntil: new Date(`${YEAR}-10-29`), batch: `${YEAR - 3}-第一批`, status: 'EXPIRED' } });
    await db.prisma.business.update({ where: { uscc: formulaLike.uscc }, data: { tradeName: '=HYPERLINK("http://example.com","点我")' } });
    try {
      const csv = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=csv`).set(bearer(admin));
      const csvRows = parseCsv(csv.text, { bom: true }) as string[][];
      expect(csvRows.find((r) => r[0] === recommended.uscc)!.slice(5)).toEqual(['知名', '部门推荐', '商务局', `${YEAR}-10-28`, `${YEAR + 3}-10-27`, `${YEAR}-第一批`, '有效']);
      expect(csvRows.find((r) => r[0] === older.uscc)!.slice(5)).toEqual(['特色', '自主申报', '', `${YEAR - 3}-10-30`, `${YEAR}-10-29`, `${YEAR - 3}-第一批`, '已到期']);

      const xlsx = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=xlsx`).set(bearer(admin)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe(`${YEAR}年度名录`);
      const xlsxRows: string[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => {
        const cells: string[] = [];
        for (let c = 1; c <= csvRows[0]!.length; c++) {
          const cell = row.getCell(c);
          if (cell.value !== null) expect(cell.type).toBe(ExcelJS.ValueType.String);
          cells.push(cell.value === null ? '' : String(cell.value));
        }
        xlsxRows.push(cells);
      });
      // Row for row the CSV, except that a CSV cell a spreadsheet would run as a formula carries a leading apostrophe.
      expect(csvRows.find((r) => r[0] === formulaLike.uscc)![1]).toBe('\'=HYPERLINK("http://example.com","点我")');
      expect(xlsxRows.find((r) => r[0] === formulaLike.uscc)![1]).toBe('=HYPERLINK("http://example.com","点我")');
      expect(xlsxRows).toHaveLength(csvRows.length);
      expect(xlsxRows).toEqual(csvRows.map((row) => row.map((cell) => cell.replace(/^'(?=[=+@\t\r-])/, ''))));

      const json = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=json`).set(bearer(admin)).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(null, JSON.parse(text)));
      });
      expect(json.body.find((r: { uscc: string }) => r.uscc === recommended.uscc).categoryLabel).toEqual({
        category: 'MING', categoryLabel: '知名', channel: 'RECOMMENDED', recommenderDept: '商务局', designatedOn: `${YEAR}-10-28`, validUntil: `${YEAR + 3}-10-27`, designationBatch: `${YEAR}-第一批`, status: 'ACTIVE',
      });
      expect(json.body.find((r: { uscc: string }) => r.uscc === formulaLike.uscc).categoryLabel).toBeNull();
    } finally {
      await db.prisma.categoryLabel.deleteMany({ where: { uscc: { in: [recommended.uscc, older.uscc] } } });
      await db.prisma.business.update({ where: { uscc: formulaLike.uscc }, data: { tradeName: formulaLike.trade_name } });
    }
  });
});

describe('directory export as a spreadsheet', () => {
  it('neutralises trade names a spreadsheet would run as formulas in CSV; JSON keeps them as they are', async () => {
    const { rows } = await db.pool.query("SELECT r.uscc, b.trade_name FROM typing_result r JOIN business b USING (uscc) WHERE r.run_id = $1 AND r.type = 'G' ORDER BY r.uscc LIMIT 5", [`typing-${YEAR}-ANNUAL`]);
    const formulas = ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'];
    try {
      for (const [i, f] of formulas.entries()) await db.pool.query('UPDATE business SET trade_name = $2 WHERE uscc = $1', [rows[i].uscc, f]);
      const csv = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=csv`).set(bearer(admin));
      const records = parse(csv.text.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
      const names = records.filter((r) => rows.some((x) => x.uscc === r['统一社会信用代码']));
      expect(names.map((r) => r['字号'])).toEqual(formulas.map((f) => `'${f}`));
      const json = await request(app).get(`/api/v1/directory/export?year=${YEAR}&type=G&format=json`).set(bearer(admin)).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(null, JSON.parse(text)));
      });
      expect(json.body.find((r: { uscc: string }) => r.uscc === rows[0].uscc).tradeName).toBe(formulas[0]);
    } finally {
      for (const r of rows) await db.pool.query('UPDATE business SET trade_name = $2 WHERE uscc = $1', [r.uscc, r.trade_name]);
    }
  });
});

describe('the type mix by county and industry', () => {
  it('counts each county\'s and each industry\'s types as the directory lists them; county staff get their county only', async () => {
    // The expected figures from the directory itself, counted here row by row.
    const directory: Array<{ uscc: string; county: string; industryCode: string; type: string }> = (await request(app).get(`/api/v1/directory?year=${YEAR}&limit=1000`).set(bearer(admin))).body.items;
    const more = (await request(app).get(`/api/v1/directory?year=${YEAR}&limit=1000&after=${directory.at(-1)!.uscc}`).set(bearer(admin))).body.items;
    const all = [...directory, ...more] as Array<{ county: string; industryCode: string; type: string; uscc: string }>;
    expect(all).toHaveLength(2_000);
    const tally = (key: (r: (typeof all)[number]) => string, rows = all) => {
      const out: Record<string, Record<string, number>> = {};
      for (const r of rows) {
        const k = key(r);
        out[k] ??= { D: 0, G: 0, S: 0, UNTYPED: 0, total: 0 };
        out[k]![r.type]! += 1;
        out[k]!.total! += 1;
      }
      return out;
    };
    const asRecord = (items: Array<Record<string, unknown>>, key: string) => Object.fromEntries(items.map(({ [key]: k, ...c }) => [k as string, c]));

    const city = await request(app).get(`/api/v1/cycles/${YEAR}/type-mix`).set(bearer(admin));
    expect(city.status).toBe(200);
    expect(city.body).toMatchObject({ year: YEAR, runId: `typing-${YEAR}-ANNUAL`, industryLevel: 'section', county: null });
    expect(asRecord(city.body.byCounty, 'county')).toEqual(tally((r) => r.county));
    expect(asRecord(city.body.byIndustry, 'industry')).toEqual(tally((r) => industrySection(r.industryCode) ?? '?'));
    expect(Object.keys(asRecord(city.body.byIndustry, 'industry')).length).toBeGreaterThan(1);

    const divisions = await request(app).get(`/api/v1/cycles/${YEAR}/type-mix?industryLevel=division`).set(bearer(admin));
    expect(asRecord(divisions.body.byIndustry, 'industry')).toEqual(tally((r) => r.industryCode.slice(0, 2)));

    // County staff: their county only, even when they ask for all; another county is refused.
    const own = await request(app).get(`/api/v1/cycles/${YEAR}/type-mix`).set(bearer(staffHere));
    const ownRows = all.filter((r) => r.county === target.county);
    expect(own.body.county).toBe(target.county);
    expect(asRecord(own.body.byCounty, 'county')).toEqual(tally((r) => r.county, ownRows));
    expect(asRecord(own.body.byIndustry, 'industry')).toEqual(tally((r) => industrySection(r.industryCode) ?? '?', ownRows));
    expect((await request(app).get(`/api/v1/cycles/${YEAR}/type-mix?county=${target.county === '421303' ? '421321' : '421303'}`).set(bearer(staffHere))).status).toBe(403);
    expect((await request(app).get(`/api/v1/cycles/${YEAR}/type-mix`).set(bearer(household))).status).toBe(403);
    expect((await request(app).get(`/api/v1/cycles/${YEAR}/type-mix?industryLevel=class`).set(bearer(admin))).status).toBe(400);
    expect((await request(app).get('/api/v1/cycles/2099/type-mix').set(bearer(admin))).body.code).toBe('DIRECTORY_NOT_PUBLISHED');
  });
});

describe('rechecks', () => {
  // The scenario's steps, each done once by whichever test needs it first (a test also runs alone).
  const recheckFiled = step(() => request(app).post('/api/v1/rechecks').set(bearer(household)).send({ year: YEAR, uscc: target.uscc, disputed: [{ feature: 'revenue', claimedValue: 200000, note: '去年新开分店' }] }));
  const verificationInbox = step(async () => {
    await recheckFiled();
    return until('a task in the county staff\'s inbox after the recheck was filed', async () => {
      const inbox = await request(app).get('/api/v1/tasks').set(bearer(staffHere));
      return inbox.body.items.length > 0 && inbox;
    }, 15_000);
  });
  /** The verification task in 张三's hands, whoever held it before. */
  async function verificationClaimedByStaffHere(): Promise<void> {
    const taskId = (await verificationInbox()).body.items[0].id as string;
    const { assigneeId } = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    if (assigneeId === staffHere.id) return;
    if (assigneeId) await request(app).post(`/api/v1/tasks/${taskId}/unclaim`).set(bearer(assigneeId === colleague.id ? colleague : staffHere));
    await request(app).post(`/api/v1/tasks/${taskId}/claim`).set(bearer(staffHere));
  }

  it('takes a household\'s recheck once, and refuses it for another business or with bad values', async () => {
    const bad = await request(app).post('/api/v1/rechecks').set(bearer(household)).send({ year: YEAR, uscc: target.uscc, disputed: [{ feature: 'revenue', claimedValue: -5 }] });
    expect(bad.status).toBe(400);
    const other = await db.pool.query('SELECT uscc FROM business WHERE uscc <> $1 LIMIT 1', [target.uscc]);
    expect((await request(app).post('/api/v1/rechecks').set(bearer(household)).send({ year: YEAR, uscc: other.rows[0].uscc, disputed: [{ feature: 'revenue', claimedValue: 200000 }] })).status).toBe(403);
    expect((await request(app).post('/api/v1/rechecks').set(bearer(household)).send({ year: 2043, uscc: target.uscc, disputed: [{ feature: 'revenue', claimedValue: 200000 }] })).body.code).toBe('RECHECK_WINDOW_CLOSED');

    const res = await recheckFiled();
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('AWAITING_VERIFICATION');
    const again = await request(app).post('/api/v1/rechecks').set(bearer(household)).send({ year: YEAR, uscc: target.uscc, disputed: [{ feature: 'revenue', claimedValue: 1 }] });
    expect(again.status).toBe(409);
  });

  it('puts a verification task in the county staff\'s inbox, not elsewhere', async () => {
    const tasks = await verificationInbox();
    expect(tasks.body.items).toEqual([expect.objectContaining({ kind: 'RECHECK_VERIFY', county: target.county, status: 'OPEN' })]);
    expect((await request(app).get('/api/v1/tasks').set(bearer(staffElsewhere))).body.items).toEqual([]);
  });

  it('lets one of two staff claiming at once win; the other gets 409 and cannot complete the task', async () => {
    await verificationInbox();
    const { body: inbox } = await request(app).get('/api/v1/tasks').set(bearer(staffHere));
    const taskId = inbox.items[0].id as string;
    const claims = await Promise.all([staffHere, colleague].map((p) => request(app).post(`/api/v1/tasks/${taskId}/claim`).set(bearer(p))));
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const loser = claims[0]!.status === 409 ? staffHere : colleague;
    const winner = loser === staffHere ? colleague : staffHere;
    expect(claims.find((c) => c.status === 409)!.body.code).toBe('TASK_ALREADY_CLAIMED');
    // A recheck's verification task names its holder too (its workflow uses the same task board).
    expect(claims.find((c) => c.status === 409)!.body.details).toEqual([{ holderName: winner === staffHere ? '张三' : '李四' }]);
    // The winner's answer is the task, not the workflow's event (the API wrote that before answering: the row shows it).
    expect(Object.keys(claims.find((c) => c.status === 200)!.body).sort()).toEqual(['assigneeId', 'county', 'dueAt', 'kind', 'role', 'status', 'taskId', 'title']);
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ assigneeId: winner.id });

    const url = `/api/v1/rechecks/${YEAR}/${target.uscc}/verification`;
    const byLoser = await request(app).post(url).set(bearer(loser)).send({ decisions: [{ feature: 'revenue', accept: true, value: 200000, reason: '核对' }] });
    expect(byLoser.status).toBe(403);
    expect(byLoser.body.code).toBe('NOT_CLAIMANT');
    expect(await db.prisma.correction.count()).toBe(0);
    expect((await request(app).post(`/api/v1/tasks/${taskId}/unclaim`).set(bearer(loser))).status).toBe(403);

    // Hand the task to 张三 for the verification below (exercises unclaim when the colleague won).
    if (winner !== staffHere) {
      expect((await request(app).post(`/api/v1/tasks/${taskId}/unclaim`).set(bearer(winner))).body.assigneeId).toBeNull();
      expect((await request(app).post(`/api/v1/tasks/${taskId}/claim`).set(bearer(staffHere))).status).toBe(200);
    }
    expect(await db.prisma.auditEntry.count({ where: { targetType: 'task', targetId: taskId, action: 'TASK_CLAIMED' } })).toBeGreaterThanOrEqual(1);
  });

  it('refuses incomplete decisions and the wrong county, recording nothing; accepts the right ones once', async () => {
    await verificationClaimedByStaffHere();
    const url = `/api/v1/rechecks/${YEAR}/${target.uscc}/verification`;
    const wrongCounty = await request(app).post(url).set(bearer(staffElsewhere)).send({ decisions: [{ feature: 'revenue', accept: true, value: 200000, reason: '核对' }] });
    expect(wrongCounty.status).toBe(403);
    const incomplete = await request(app).post(url).set(bearer(staffHere)).send({ decisions: [{ feature: 'tax_paid', accept: false, reason: '无证据' }] });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body).toMatchObject({ code: 'INVALID_DECISIONS' });
    expect(incomplete.body.message).toMatch(/争议数值/);
    expect(await db.prisma.correction.count()).toBe(0);
    expect(await db.prisma.recheck.findFirstOrThrow({ where: { uscc: target.uscc } })).toMatchObject({ status: 'AWAITING_VERIFICATION' });

    const ok = await request(app).post(url).set(bearer(staffHere)).set('Idempotency-Key', 'verify-1').send({ decisions: [{ feature: 'revenue', accept: true, value: 200000, reason: '核对发票与流水属实' }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'RESOLVED_CORRECTED', decisions: [expect.objectContaining({ feature: 'revenue', value: 200000 })] });
    const correction = await db.prisma.correction.findFirstOrThrow({ where: { uscc: target.uscc } });
    expect(correction).toMatchObject({ feature: 'revenue', correctorName: '张三', correctedBy: staffHere.id });

    const later = await request(app).post(url).set(bearer(staffHere)).send({ decisions: [{ feature: 'revenue', accept: false, reason: '改主意' }] });
    expect(later.status).toBe(409);
    expect(await db.prisma.correction.count()).toBe(1);
    const status = await request(app).get(`/api/v1/rechecks/${YEAR}/${target.uscc}`).set(bearer(household));
    expect(status.body.status).toBe('RESOLVED_CORRECTED');
  });

  it('refuses a recheck whose 15-working-day verification would fall in a year with no holiday schedule, starting nothing', async () => {
    // The cycle as if started with only 2025's schedule (what a cycle records when the next year is unpublished).
    const cycle = await db.prisma.cycle.findUniqueOrThrow({ where: { year: YEAR } });
    expect(cycle.holidays).toMatchObject({ years: expect.arrayContaining([2026]) }); // the kickoff recorded the official schedule
    const neighbour = await db.pool.query<{ uscc: string }>('SELECT uscc FROM business WHERE county = $1 AND uscc <> $2 ORDER BY uscc LIMIT 1', [target.county, target.uscc]);
    const uscc = neighbour.rows[0]!.uscc;
    await db.prisma.cycle.update({ where: { year: YEAR }, data: { holidays: { holidays: [], workdays: [], years: [2025], source: 'test' } } });
    try {
      const res = await request(app).post('/api/v1/rechecks').set(bearer(staffHere)).send({ year: YEAR, uscc, disputed: [{ feature: 'revenue', claimedValue: 200000 }] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'HOLIDAY_SCHEDULE_MISSING', details: [{ year: expect.any(Number) }] });
      expect(res.body.details[0].year).toBeGreaterThan(2025);
      expect(res.body.message).toMatch(/法定节假日安排尚未发布/);
      const started = await request(app).get(`/api/v1/rechecks/${YEAR}/${uscc}`).set(bearer(staffHere));
      expect(started.status).toBe(404);
    } finally {
      await db.prisma.cycle.update({ where: { year: YEAR }, data: { holidays: cycle.holidays ?? undefined } });
    }
  });

});
