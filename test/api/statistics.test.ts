// Monitoring statistics through the API on a real PostgreSQL: two years of typing and the data around it
// are seeded, and every view is compared with the same figure computed independently here — plain SQL
// reads of the raw rows, aggregated in the test (no FILTER, no GROUP BY, no shared SQL text). Then county
// scoping, the withholding of tax and insurance figures, the 联系点 panel (audited add/remove, followed
// over both years) and the xlsx workbook read back with exceljs: its sheets and totals equal the API's.
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { copyRows } from '../../data/bulkCopy';
import { FEEDS } from '../../domain/feeds/feedDefinitions';
import { industrySection } from '../../domain/industrySections';
import { POPULATION_COLUMNS, syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { unreachableConnection } from '../support/unreachableTemporal';

const Y0 = 2050;
const Y1 = 2051;
const HERE = '421303';
const THERE = '421321';
const COUNTIES3 = [HERE, THERE, '421381'];
const N = 240;
const TYPES = ['S', 'G', 'D', 'UNTYPED'];
const CATS = ['MING', 'TE', 'YOU', 'XIN'];
const CAPS: Record<string, number> = { [HERE]: 2, [THERE]: 3, '421381': 1 };
const DAY = 86_400_000;

let db: IsolatedDatabase;
let app: Express;
let connection: Connection;
let city: TestPrincipal, countyHere: TestPrincipal, countyThere: TestPrincipal, grassroots: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const usccs: string[] = [];
const countyOf = (i: number) => COUNTIES3[i % 3]!;

type Row = Record<string, string | number | null>;

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection(); // no workflow is involved
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  countyHere = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: HERE });
  countyThere = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: THERE });
  grassroots = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { department: '市场监管', county: HERE });

  const t: Record<string, unknown[][]> = { business: [], result: [], report: [], tax: [], insurance: [], label: [] };
  for (let i = 0; i < N; i++) {
    const county = countyOf(i);
    const uscc = syntheticUscc(7_100_000 + i, county);
    usccs.push(uscc);
    const status = i % 17 === 0 ? 'CANCELLED' : i % 23 === 0 ? 'REVOKED' : i % 29 === 0 ? 'SUSPENDED' : 'ACTIVE';
    const industry = ['5211', '6210', '1311', 'X9'][i % 4];
    t.business!.push([uscc, `统计测试${i}号`, `测试${i}`, null, '个人经营', `${Y1 - (i % 13)}-0${1 + (i % 9)}-15`, county, industry, status, [], '市场监管', `${Y1}-06-30`]);
    if (i % 11 !== 0) t.result!.push([`typing-${Y0}-ANNUAL`, uscc, TYPES[(i * 7) % 4], null, '{}', '']);
    if (i % 13 !== 0) t.result!.push([`typing-${Y1}-ANNUAL`, uscc, TYPES[(i * 5 + 1) % 4], null, '{}', '']);
    t.result!.push([`typing-${Y1}-DRAFT`, uscc, 'D', null, '{}', '']); // a run that was never published: ignored
    for (const year of [Y0, Y1]) {
      if ((i + year) % 3 !== 2) t.report!.push([uscc, year - 1, (i + year) % 4 === 0 ? `${year}-07-15` : `${year}-05-10`, 1000 * i, 2, null, '市场监管', `${year}-07-31`]);
      if ((i + year) % 2 === 0) t.tax!.push([uscc, year - 1, i % 4 === 0 ? 0 : 100 + i, i % 8 === 0 ? 500 : 0, 'B', false, '税务', `${year}-03-31`]);
      if ((i + year) % 3 === 0) t.insurance!.push([uscc, year - 1, i % 7, '人社', `${year}-03-31`]);
    }
    if (i % 10 === 1) t.label!.push([uscc, Y1, CATS[i % 4], 'SELF', `${Y1}-11-30`, `${Y1 + 3}-11-30`, 'b', 'ACTIVE']);
    if (i % 15 === 2) t.label!.push([uscc, Y0, CATS[(i + 1) % 4], 'SELF', `${Y0}-11-30`, `${Y0 + 3}-11-30`, 'b', i % 2 ? 'EXPIRED' : 'ACTIVE']);
  }
  const client = await db.pool.connect();
  try {
    await copyRows(client, 'business', POPULATION_COLUMNS.business, t.business as never);
    await copyRows(client, 'typing_result', ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'], t.result as never);
    await copyRows(client, 'annual_report', POPULATION_COLUMNS.annualReport, t.report as never);
    await copyRows(client, 'tax_record', POPULATION_COLUMNS.tax, t.tax as never);
    await copyRows(client, 'social_insurance', POPULATION_COLUMNS.insurance, t.insurance as never);
    await copyRows(client, 'category_label', ['uscc', 'year', 'category', 'channel', 'designated_on', 'valid_until', 'batch', 'status'], t.label as never);
  } finally {
    client.release();
  }
  for (const [id, year] of [[`typing-${Y0}-ANNUAL`, Y0], [`typing-${Y1}-ANNUAL`, Y1], [`typing-${Y1}-DRAFT`, Y1]] as const) {
    await db.prisma.typingRun.create({ data: { id, year, kind: 'ANNUAL', rulesetId: 'x', referenceDate: new Date(`${year}-06-30`), status: 'DONE', finishedAt: new Date() } });
  }
  await db.prisma.cycle.create({ data: { year: Y0, workflowId: `cycle-${Y0}`, phase: 'CLOSED', calendar: {}, currentRunId: `typing-${Y0}-ANNUAL` } });
  await db.prisma.cycle.create({
    data: { year: Y1, workflowId: `cycle-${Y1}`, phase: 'CLOSED', calendar: {}, currentRunId: `typing-${Y1}-ANNUAL`, selection: { base: 120, cap: 6, capsByCounty: CAPS, rankedAt: `${Y1}-10-20T00:00:00.000Z` } },
  });

  // Policies and their matches, with uptake.
  for (const [id, area] of [['P-TAX@1', '财税'], ['P-LOAN@1', '金融信贷']]) {
    await db.pool.query(`INSERT INTO policy (id, code, version, department, title, legal_basis, area, target, benefit, mode, contact, status)
      VALUES ($1, split_part($1, '@', 1), '1', '税务', $1, '依据', $2, '{}', '优惠', 'AUTO', '12366', 'PUBLISHED')`, [id, area]);
  }
  const uptakes = [null, 'GRANTED', 'APPLIED'];
  for (let i = 0; i < N; i++) {
    const matches: Array<[string, boolean]> = [];
    if (i % 4 === 0) matches.push(['P-TAX@1', i % 8 === 0]);
    if (i % 6 === 0) matches.push(['P-LOAN@1', false]);
    for (const [policy, ended] of matches) {
      await db.pool.query(`INSERT INTO policy_match (policy_id, uscc, first_batch, last_batch, run_id, explanation, ended_at, end_reason, uptake)
        VALUES ($1, $2, 'b', 'b', $3, '{}', $4, $5, $6)`, [policy, usccs[i], `typing-${Y1}-ANNUAL`, ended ? new Date() : null, ended ? 'NO_LONGER_ELIGIBLE' : null, i % 12 === 0 ? 'USED' : uptakes[i % 3]]);
    }
  }

  // Rechecks, objections and tasks of Y1, due a day ago or in five days (far from "now" either way).
  const now = Date.now();
  for (let k = 0, i = 0; i < N; k++, i += 7) {
    const due = new Date(k % 2 ? now - DAY : now + 5 * DAY);
    const decided = k % 3 === 0 ? new Date(due.getTime() - 3_600_000) : k % 3 === 1 ? new Date(due.getTime() + 3_600_000) : null;
    await db.pool.query(`INSERT INTO recheck (id, year, uscc, county, status, disputed, submitted_by, due_at, decided_at, workflow_id)
      VALUES (gen_random_uuid(), $1, $2, $3, $4, '[]', $5, $6, $7, 'wf')`, [Y1, usccs[i], countyOf(i), decided ? 'DECIDED' : 'OPEN', city.id, due, decided]);
  }
  const objectionStatuses = ['RECEIVED', 'NOT_ACCEPTED', 'UPHELD', 'DISMISSED', 'DISMISSED'];
  for (let k = 0, i = 0; i < N; k++, i += 11) {
    await db.pool.query(`INSERT INTO objection (id, year, uscc, objector_name, objector_phone, facts, evidence, status)
      VALUES (gen_random_uuid(), $1, $2, '张三', $3, '事实', '[]', $4)`, [Y1, usccs[i], `1380000${String(i).padStart(4, '0')}`, objectionStatuses[k % 5]]);
  }
  for (let i = 0; i < N; i += 5) {
    const due = new Date(i % 3 ? now - DAY : now + 5 * DAY);
    const completed = i % 4 === 0 ? new Date(due.getTime() - 60_000) : i % 4 === 1 ? new Date(due.getTime() + 60_000) : null;
    await db.pool.query(`INSERT INTO task (id, kind, title, workflow_id, county, role, status, due_at, completed_at, year)
      VALUES ($1, $2, '任务', 'wf', $3, 'COUNTY_AMR', $4, $5, $6, $7)`, [`t-${i}`, i % 2 ? 'RECHECK_VERIFY' : 'COUNTY_REVIEW', countyOf(i), completed ? 'DONE' : 'OPEN', due, completed, Y1]);
  }
  // Feed batches: a fresh registration upload, an older one, and a tax upload whose every row was refused.
  for (const [feed, dept, asOf, total, rejected] of [['registration', '市场监管', '2026-11-30', 10, 1], ['registration', '市场监管', '2026-10-31', 5, 0], ['tax', '税务', '2026-11-01', 4, 4]] as const) {
    await db.pool.query(`INSERT INTO feed_batch (id, feed, department, principal_id, as_of, rows_total, rows_stored, rows_unchanged, rows_rejected)
      VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 0, $7)`, [feed, dept, city.id, asOf, total, total - rejected, rejected]);
  }
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

// ── independent computations ────────────────────────────────────────────────────────────────────────
const q = async <T = Row>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows as T[];
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b, 4));
/** Counts into rows keyed by the group's fields. */
function tally<T>(items: T[], group: (x: T) => Row, measures: Record<string, (x: T) => number>): Row[] {
  const out = new Map<string, Row>();
  for (const item of items) {
    const g = group(item);
    const key = JSON.stringify(g);
    const row = out.get(key) ?? { ...g, ...Object.fromEntries(Object.keys(measures).map((m) => [m, 0])) };
    for (const [m, f] of Object.entries(measures)) row[m] = (row[m] as number) + f(item);
    out.set(key, row);
  }
  return [...out.values()];
}
const one = (b: boolean) => (b ? 1 : 0);

/** The households of a year's published typing (read by the cycle's run id, not joined). */
async function published(year: number): Promise<Array<{ uscc: string; type: string; county: string; industry_code: string; status: string; established_on: string }>> {
  const [cycle] = await q<{ current_run_id: string }>('SELECT current_run_id FROM cycle WHERE year = $1', [year]);
  return q(`SELECT r.uscc, r.type, b.county, b.industry_code, b.status, b.established_on::text AS established_on
              FROM typing_result r, business b WHERE r.run_id = $1 AND b.uscc = r.uscc`, [cycle!.current_run_id]);
}

async function view(p: TestPrincipal, name: string, query = `year=${Y1}`) {
  const res = await request(app).get(`/api/v1/statistics/${name}?${query}`).set(bearer(p));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { rows: Row[]; totals: Record<string, number | null>; withheld: string[]; columns: Array<{ key: string; header: string }>; meta?: Row; title: string };
}

/** The API's rows equal the expected ones, in any order; rates to 3 places. */
function expectSameRows(actual: Row[], expected: Row[], keys: string[]) {
  const key = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
  const sorted = (rows: Row[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
  const a = sorted(actual);
  const e = sorted(expected);
  expect(a.map(key)).toEqual(e.map(key));
  a.forEach((row, i) => {
    for (const [k, v] of Object.entries(e[i]!)) {
      if (typeof v === 'number' && !Number.isInteger(v)) expect(row[k], `${key(row)} ${k}`).toBeCloseTo(v, 3);
      else expect(row[k], `${key(row)} ${k}`).toEqual(v);
    }
  });
}

describe('monitoring statistics', () => {
  it('分型结构: both years by county and industry section, only the published runs', async () => {
    const expected: Row[] = [];
    for (const year of [Y0, Y1]) {
      const rows = await published(year);
      expected.push(...tally(rows, (r) => ({ year: String(year), county: r.county, industry: industrySection(r.industry_code) ?? '?' }),
        { D: (r) => one(r.type === 'D'), G: (r) => one(r.type === 'G'), S: (r) => one(r.type === 'S'), UNTYPED: (r) => one(r.type === 'UNTYPED'), total: () => 1 }));
    }
    const api = await view(city, 'type-mix');
    expectSameRows(api.rows, expected, ['year', 'county', 'industry']);
    expect(api.totals.total).toBe(expected.reduce((n, r) => n + (r.total as number), 0));
    // Filters: one county and one section.
    const filtered = await view(city, 'type-mix', `year=${Y1}&county=${THERE}&industry=F`);
    expectSameRows(filtered.rows, expected.filter((r) => r.county === THERE && r.industry === 'F'), ['year', 'county', 'industry']);
  });

  it('类型迁移: the matrix of last year against this year, new and gone included', async () => {
    const before = new Map((await published(Y0)).map((r) => [r.uscc, r.type]));
    const after = new Map((await published(Y1)).map((r) => [r.uscc, r.type]));
    const rank: Record<string, number> = { S: 1, G: 2, D: 3 };
    const pairs = [...new Set([...before.keys(), ...after.keys()])].map((u) => ({ from: before.get(u) ?? 'NONE', to: after.get(u) ?? 'NONE' }));
    const expected = tally(pairs, (p) => ({
      from: p.from, to: p.to,
      direction: !rank[p.from] || !rank[p.to] ? 'OTHER' : rank[p.to]! > rank[p.from]! ? 'UP' : rank[p.to]! < rank[p.from]! ? 'DOWN' : 'SAME',
    }), { households: () => 1 });
    const api = await view(city, 'transitions');
    expectSameRows(api.rows, expected, ['from', 'to']);
    expect(api.rows.some((r) => r.direction === 'UP') && api.rows.some((r) => r.direction === 'DOWN')).toBe(true);
  });

  it('活跃度, 存续与退出, 吸纳就业 over the data year', async () => {
    const typed = await published(Y1);
    const onTime = new Set((await q<{ uscc: string }>(`SELECT uscc FROM annual_report WHERE report_year = $1 AND submitted_on <= $2::date`, [Y1 - 1, `${Y1}-06-30`])).map((r) => r.uscc));
    const taxActive = new Set((await q<{ uscc: string }>(`SELECT uscc FROM tax_record WHERE tax_year = $1 AND (coalesce(tax_paid_total, 0) + coalesce(invoiced_sales, 0)) > 0`, [Y1 - 1])).map((r) => r.uscc));
    const insured = new Map((await q<{ uscc: string; n: number }>(`SELECT uscc, insured_employees AS n FROM social_insurance WHERE year = $1`, [Y1 - 1])).map((r) => [r.uscc, r.n]));

    const activity = tally(typed, (r) => ({ county: r.county, type: r.type }), {
      households: () => 1, reportedOnTime: (r) => one(onTime.has(r.uscc)), taxActive: (r) => one(taxActive.has(r.uscc)), active: (r) => one(onTime.has(r.uscc) || taxActive.has(r.uscc)),
    }).map((r) => ({ ...r, reportedOnTimeRate: ratio(r.reportedOnTime as number, r.households as number), taxActiveRate: ratio(r.taxActive as number, r.households as number), activeRate: ratio(r.active as number, r.households as number) }));
    expectSameRows((await view(city, 'activity')).rows, activity, ['county', 'type']);

    const ref = Date.parse(`${Y1}-06-30`);
    const band = (age: number) => (age < 1 ? 'A0' : age < 3 ? 'A1' : age < 5 ? 'A3' : age < 10 ? 'A5' : 'A10');
    const aged = typed.map((r) => ({ ...r, age: (ref - Date.parse(r.established_on)) / DAY / 365.25 }));
    const survival = tally(aged, (r) => ({ type: r.type, ageBand: band(r.age) }), {
      households: () => 1, cancelled: (r) => one(r.status === 'CANCELLED'), revoked: (r) => one(r.status === 'REVOKED'), suspended: (r) => one(r.status === 'SUSPENDED'), ageSum: (r) => r.age,
    }).map(({ ageSum, ...r }) => ({ ...r, exitRate: ratio((r.cancelled as number) + (r.revoked as number), r.households as number), avgAgeYears: round((ageSum as number) / (r.households as number), 2) }));
    expectSameRows((await view(city, 'survival')).rows, survival, ['type', 'ageBand']);
    expect(survival.some((r) => ((r as Row).cancelled as number) > 0)).toBe(true);

    const employment = tally(typed, (r) => ({ county: r.county, type: r.type }), {
      households: () => 1, employing: (r) => one((insured.get(r.uscc) ?? 0) > 0), insuredEmployees: (r) => insured.get(r.uscc) ?? 0,
    }).map((r) => ({ ...r, avgInsured: round((r.insuredEmployees as number) / (r.households as number), 2) }));
    const api = await view(city, 'employment');
    expectSameRows(api.rows, employment, ['county', 'type']);
    expect(api.totals.insuredEmployees).toBe([...typed].reduce((n, r) => n + (insured.get(r.uscc) ?? 0), 0));
  });

  it('名特优新与名额上限: the year’s labels by county and category against the county caps and the city cap', async () => {
    const labels = await q<{ county: string; category: string }>(`SELECT b.county, l.category FROM category_label l, business b WHERE b.uscc = l.uscc AND l.year = $1`, [Y1]);
    const expected = Object.keys(CAPS).map((county) => {
      const mine = labels.filter((l) => l.county === county);
      return { county, ...Object.fromEntries(CATS.map((c) => [c, mine.filter((l) => l.category === c).length])), total: mine.length, cap: CAPS[county]!, capUse: ratio(mine.length, CAPS[county]!) };
    });
    const api = await view(city, 'categories');
    expectSameRows(api.rows, expected, ['county']);
    expect(api.meta).toEqual({ cityCap: 6, capBase: 120, rankedAt: `${Y1}-10-20T00:00:00.000Z` });
    expect(api.totals.total).toBe(labels.length);
  });

  it('政策享受: matches by segment (名特优新 first, else the year’s type) and area, with uptake', async () => {
    const typeOf = new Map((await published(Y1)).map((r) => [r.uscc, r.type]));
    const holders = new Set((await q<{ uscc: string }>(`SELECT uscc FROM category_label WHERE year <= $1 AND status <> ALL ('{EXPIRED,REVOKED,REVOKING}')`, [Y1])).map((r) => r.uscc));
    const matches = await q<{ uscc: string; area: string; ended: boolean; uptake: string | null }>(
      `SELECT m.uscc, p.area, m.ended_at IS NOT NULL AS ended, m.uptake FROM policy_match m, policy p WHERE p.id = m.policy_id`);
    const expected = tally(matches, (m) => ({ segment: holders.has(m.uscc) ? 'CATEGORY' : (typeOf.get(m.uscc) ?? 'NONE'), area: m.area }), {
      matched: (m) => one(!m.ended), ended: (m) => one(m.ended), granted: (m) => one(m.uptake === 'GRANTED'), applied: (m) => one(m.uptake === 'APPLIED'), used: (m) => one(m.uptake === 'USED'),
      taken: (m) => one(!m.ended && m.uptake !== null),
    }).map(({ taken, ...r }) => ({ ...r, uptakeRate: ratio(taken as number, r.matched as number) }));
    expectSameRows((await view(city, 'policy-uptake')).rows, expected, ['segment', 'area']);
  });

  it('复核与异议 and 办理时限: volumes and compliance with the due dates', async () => {
    const now = Date.now();
    const rechecks = await q<{ county: string; due_at: Date; decided_at: Date | null }>(`SELECT county, due_at, decided_at FROM recheck WHERE year = $1`, [Y1]);
    const objections = await q<{ county: string; status: string }>(`SELECT b.county, o.status FROM objection o, business b WHERE b.uscc = o.uscc AND o.year = $1`, [Y1]);
    const expected = COUNTIES3.map((county) => {
      const r = rechecks.filter((x) => x.county === county);
      const o = objections.filter((x) => x.county === county);
      const decided = r.filter((x) => x.decided_at).length;
      const onTime = r.filter((x) => x.decided_at && x.decided_at <= x.due_at).length;
      const count = (s: string) => o.filter((x) => x.status === s).length;
      return {
        county, rechecks: r.length, rechecksDecided: decided, rechecksOnTime: onTime, rechecksOverdue: r.filter((x) => !x.decided_at && x.due_at.getTime() < now).length,
        recheckOnTimeRate: ratio(onTime, decided), objections: o.length, objectionsPending: count('RECEIVED'), objectionsNotAccepted: count('NOT_ACCEPTED'),
        objectionsUpheld: count('UPHELD'), objectionsDismissed: count('DISMISSED'),
      };
    });
    expectSameRows((await view(city, 'rechecks')).rows, expected, ['county']);

    const tasks = await q<{ kind: string; due_at: Date; completed_at: Date | null }>(`SELECT kind, due_at, completed_at FROM task WHERE year = $1`, [Y1]);
    const sla = tally(tasks, (t) => ({ kind: t.kind }), {
      tasks: () => 1, completed: (t) => one(!!t.completed_at), completedOnTime: (t) => one(!!t.completed_at && t.completed_at <= t.due_at),
      completedLate: (t) => one(!!t.completed_at && t.completed_at > t.due_at), openOverdue: (t) => one(!t.completed_at && t.due_at.getTime() < now),
    }).map((r) => ({ ...r, onTimeRate: ratio(r.completedOnTime as number, r.completed as number) }));
    expectSameRows((await view(city, 'sla')).rows, sla, ['kind']);
  });

  it('数据时效: every feed and department, the latest batch with valid rows and its age', async () => {
    const api = await view(city, 'freshness');
    expect(api.rows).toHaveLength(FEEDS.reduce((n, f) => n + f.departments.length, 0));
    const [{ today }] = await q<{ today: string }>(`SELECT current_date::text AS today`) as [{ today: string }];
    const registration = api.rows.find((r) => r.feed === 'registration' && r.department === '市场监管')!;
    expect(registration).toMatchObject({ lastAsOf: '2026-11-30', batches: 2, rowsStored: 14, rowsRejected: 1, ageDays: (Date.parse(today) - Date.parse('2026-11-30')) / DAY });
    // An upload whose every row was refused is not fresh data.
    expect(api.rows.find((r) => r.feed === 'tax' && r.department === '税务')).toMatchObject({ lastAsOf: null, ageDays: null, batches: 0, rowsRejected: 4 });
  });

  it('holds county staff to their county and withholds tax and insurance figures from 市场监管所 staff', async () => {
    const mine = await view(countyHere, 'type-mix');
    const cityHere = await view(city, 'type-mix', `year=${Y1}&county=${HERE}`);
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.county === HERE)).toBe(true);
    expect(mine.rows).toEqual(cityHere.rows);
    const refused = await request(app).get(`/api/v1/statistics/activity?year=${Y1}&county=${THERE}`).set(bearer(countyHere));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/无权/);

    const staff = await view(grassroots, 'activity');
    expect(staff.withheld).toEqual(['taxActive', 'taxActiveRate', 'active', 'activeRate']);
    expect(staff.rows.every((r) => r.taxActive === null && r.activeRate === null && r.county === HERE)).toBe(true);
    expect(staff.totals.taxActive).toBeNull();
    expect(staff.totals.reportedOnTime).toBe((await view(countyHere, 'activity')).totals.reportedOnTime);
    expect((await view(grassroots, 'employment')).rows.every((r) => r.insuredEmployees === null)).toBe(true);
  });

  it('refuses bad input with a stable code and a Chinese message', async () => {
    for (const path of [`type-mix?year=abc`, `type-mix`, `no-such-view?year=${Y1}`, `type-mix?year=${Y1}&industry=Z`, `type-mix?year=${Y1}&county=999999`, `type-mix?year=${Y1}&extra=1`]) {
      const res = await request(app).get(`/api/v1/statistics/${path}`).set(bearer(city));
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('联系点 monitoring households', () => {
  const hereA = () => usccs[3]!; // county index 0 → HERE
  const hereB = () => usccs[6]!;
  const there = () => usccs[1]!;

  it('the county adds and removes its households with a reason, audited; other counties and duplicates are refused', async () => {
    const add = (p: TestPrincipal, uscc: string, body: object) => request(app).post(`/api/v1/statistics/panel/${Y1}/${uscc}`).set(bearer(p)).send(body);
    expect((await add(countyHere, hereA(), { reason: '城区餐饮代表户' })).status).toBe(201);
    expect((await add(countyHere, hereB(), { reason: '个转企培育对象' })).status).toBe(201);
    const again = await add(countyHere, hereA(), { reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_MONITORED');
    expect((await add(countyHere, there(), { reason: '越权' })).status).toBe(403);
    expect((await add(city, hereA(), { reason: '市级' })).status).toBe(403);
    expect((await add(countyHere, hereB(), { reason: '  ' })).status).toBe(400);
    expect((await add(countyThere, there(), { reason: '随县代表户' })).status).toBe(201);

    const removed = await request(app).post(`/api/v1/statistics/panel/${Y1}/${hereB()}/remove`).set(bearer(countyHere)).send({ reason: '已转型为企业' });
    expect(removed.status).toBe(200);
    expect((await request(app).post(`/api/v1/statistics/panel/${Y1}/${hereB()}/remove`).set(bearer(countyHere)).send({ reason: '再次' })).status).toBe(404);
    const audit = await db.prisma.auditEntry.findMany({ where: { targetType: 'monitoring_point' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([
      ['MONITORING_POINT_ADDED', `${Y1}/${hereA()}`], ['MONITORING_POINT_ADDED', `${Y1}/${hereB()}`], ['MONITORING_POINT_ADDED', `${Y1}/${there()}`], ['MONITORING_POINT_REMOVED', `${Y1}/${hereB()}`],
    ]);
    const row = await db.prisma.monitoringPoint.findUniqueOrThrow({ where: { year_uscc: { year: Y1, uscc: hereB() } } });
    expect(row.removeReason).toBe('已转型为企业'); // the row stays as history
  });

  it('follows each household over the years with a published typing', async () => {
    const res = await request(app).get(`/api/v1/statistics/panel?year=${Y1}`).set(bearer(countyHere));
    expect(res.status).toBe(200);
    expect(res.body.households.map((h: { uscc: string }) => h.uscc)).toEqual([hereA()]);
    const years = res.body.households[0].years as Array<{ year: number; type: string; insuredEmployees: number | null; reportedOnTime: boolean }>;
    const types = await q<{ year: number; type: string }>(`SELECT c.year, r.type FROM cycle c, typing_result r WHERE r.run_id = c.current_run_id AND r.uscc = $1 ORDER BY c.year`, [hereA()]);
    expect(years.map((y) => [y.year, y.type])).toEqual([Y0, Y1].map((y) => [y, types.find((t) => t.year === y)?.type ?? 'NONE']));
    const insured = await q<{ year: number; insured_employees: number }>(`SELECT year, insured_employees FROM social_insurance WHERE uscc = $1`, [hereA()]);
    expect(years.map((y) => y.insuredEmployees)).toEqual([Y0, Y1].map((y) => insured.find((i) => i.year === y - 1)?.insured_employees ?? null));

    const all = await request(app).get(`/api/v1/statistics/panel?year=${Y1}`).set(bearer(city));
    expect(all.body.households.map((h: { uscc: string }) => h.uscc).sort()).toEqual([hereA(), there()].sort());
    const staff = await request(app).get(`/api/v1/statistics/panel?year=${Y1}`).set(bearer(grassroots));
    expect(staff.body.households[0].years.every((y: { insuredEmployees: unknown; taxPaid: unknown }) => y.insuredEmployees === null && y.taxPaid === null)).toBe(true);
  });
});

describe('the 决策参考 workbook', () => {
  async function workbook(p: TestPrincipal, query: string) {
    const res = await request(app).get(`/api/v1/statistics/workbook.xlsx?${query}`).set(bearer(p)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    return book;
  }

  it('opens with one sheet per view, Chinese headers, and totals equal to the API’s', async () => {
    const book = await workbook(city, `year=${Y1}`);
    const views = ['type-mix', 'transitions', 'activity', 'survival', 'employment', 'categories', 'policy-uptake', 'rechecks', 'sla', 'freshness'];
    const apis = await Promise.all(views.map((v) => view(city, v)));
    expect(book.worksheets.map((s) => s.name)).toEqual([...apis.map((a) => a.title), '联系点监测户']);
    for (const api of apis) {
      const sheet = book.getWorksheet(api.title)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(api.columns.map((c) => c.header));
      // The rows, then the 合计 row.
      const totalRow = sheet.getRow(api.rows.length + 2);
      expect(totalRow.getCell(1).value, api.title).toBe('合计');
      api.columns.forEach((c, i) => {
        if (c.key in api.totals && i > 0) expect(totalRow.getCell(i + 1).value, `${api.title} ${c.header}`).toBe(api.totals[c.key]);
      });
    }
    // Codes are shown as their labels.
    expect(book.getWorksheet('分型结构（逐年）')!.getRow(2).getCell(2).value).toBe('曾都区');
    expect((book.getWorksheet('联系点监测户')!.getRow(2).values as unknown[]).slice(1, 2)).toEqual([usccs[3]]);
  });

  it('is scoped to the county and marks withheld figures for 市场监管所 staff', async () => {
    const book = await workbook(grassroots, `year=${Y1}`);
    const api = await view(grassroots, 'activity');
    const sheet = book.getWorksheet('活跃度')!;
    expect(sheet.getRow(2).getCell(6).value).toBe('（受限）');
    expect(sheet.getRow(api.rows.length + 2).getCell(3).value).toBe(api.totals.households);
    const countyCells: unknown[] = [];
    book.getWorksheet('分型结构（逐年）')!.eachRow((row, n) => { if (n > 1) countyCells.push(row.getCell(2).value); });
    expect(new Set(countyCells.filter((c) => c !== null))).toEqual(new Set(['曾都区']));
  });
});
