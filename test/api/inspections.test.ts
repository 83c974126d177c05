// Differentiated 双随机 supervision through the API on a real PostgreSQL: a plan whose ratios exceed 1 is
// refused; no draw before the population is frozen; the segment counts equal round(ratio × eligible size)
// computed independently; the published seed and the frozen population (public CSV) recompute the same
// list and inspectors; a 名特优新 household inspected last year is not drawn unless complaint-triggered;
// outcomes are recorded by the county and published without a token.
import { createHash } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { copyRows } from '../../data/bulkCopy';
import { drawInspections, SEGMENTS, type Candidate, type Segment } from '../../domain/supervision/draw';
import { POPULATION_COLUMNS, syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { unreachableConnection } from '../support/unreachableTemporal';

const YEAR = 2044;
const HERE = '421303';
const THERE = '421321';
let db: IsolatedDatabase;
let app: Express;
let connection: Connection;
let city: TestPrincipal, countyHere: TestPrincipal, countyThere: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const ROSTER: Record<string, string[]> = { [HERE]: ['执法甲', '执法乙', '执法丙'], [THERE]: ['执法丁', '执法戊'] };
let inspectedCategory: string; // 名特优新, inspected last year: excluded
let complainedCategory: string; // 名特优新, inspected last year, but a complaint cluster: RISK, drawn

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection(); // no workflow is involved
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  countyHere = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: HERE });
  countyThere = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: THERE });

  // 300 households: types S/G/D by index, every 10th a 名特优新 label, every 25th abnormal-marked, 3 cancelled.
  const business: unknown[][] = [];
  const results: unknown[][] = [];
  const labels: unknown[][] = [];
  for (let i = 0; i < 300; i++) {
    const county = i % 2 ? THERE : HERE;
    const uscc = syntheticUscc(8_000_000 + i, county);
    business.push([uscc, `抽查测试${i}号`, `测试${i}`, null, '个人经营', `${YEAR - 5}-01-01`, county, '5211', i < 3 ? 'CANCELLED' : 'ACTIVE', [], '市场监管', `${YEAR}-06-30`]);
    results.push([`typing-${YEAR}-ANNUAL`, uscc, i % 7 === 0 ? 'D' : i % 3 === 0 ? 'G' : 'S', null, '{}', '']);
    if (i % 10 === 5) labels.push([uscc, YEAR - 1, 'YOU', 'SELF', `${YEAR - 1}-11-30`, `${YEAR + 2}-11-30`, 'b', 'ACTIVE']);
  }
  const client = await db.pool.connect();
  try {
    await copyRows(client, 'business', POPULATION_COLUMNS.business, business as never);
    await copyRows(client, 'typing_result', ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'], results as never);
    await copyRows(client, 'category_label', ['uscc', 'year', 'category', 'channel', 'designated_on', 'valid_until', 'batch', 'status'], labels as never);
  } finally {
    client.release();
  }
  await db.prisma.typingRun.create({ data: { id: `typing-${YEAR}-ANNUAL`, year: YEAR, kind: 'ANNUAL', rulesetId: 'x', referenceDate: new Date(`${YEAR}-06-30`), status: 'DONE', finishedAt: new Date() } });
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 25; i < 300; i += 25) {
    await db.pool.query(`INSERT INTO abnormal_mark (uscc, reason, marked_on, department, as_of) VALUES ($1, '未按期年报', $2, '市场监管', $2)`, [business[i]![0], today]);
  }
  inspectedCategory = labels[0]![0] as string;
  complainedCategory = labels[1]![0] as string;
  for (const uscc of [inspectedCategory, complainedCategory]) {
    await db.pool.query(`INSERT INTO inspection (plan_id, uscc, county, segment, inspectors, year) VALUES ('5a0f6c1e-0000-4000-8000-0000000000aa', $1, '421303', 'CATEGORY', '{}', $2)`, [uscc, YEAR - 1]);
  }
  for (let k = 0; k < 3; k++) {
    await db.pool.query(`INSERT INTO complaint (complaint_no, uscc, received_on, category, department, as_of) VALUES ($1, $2, $3, '食品', '市场监管', $3)`, [`TS-${k}`, complainedCategory, today]);
  }
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

const rank = (seed: string, key: string) => createHash('sha256').update(`${seed}:${key}`).digest('hex');

describe('inspection plans', () => {
  let planId: string;

  it('refuses a plan whose ratios exceed 1, and a draw before the population is frozen', async () => {
    const tooHigh = await request(app).post('/api/v1/inspection-plans').set(bearer(city)).send({ period: `${YEAR}`, r0: 0.6, roster: ROSTER });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body.code).toBe('RATIO_ABOVE_ONE');
    const created = await request(app).post('/api/v1/inspection-plans').set(bearer(city)).send({ period: `${YEAR}`, r0: 0.5, multipliers: { CATEGORY: 2, D: 0.8 }, roster: ROSTER });
    expect(created.status).toBe(201);
    expect(created.body.seed).toMatch(/^[0-9a-f]{64}$/);
    planId = created.body.id;
    const early = await request(app).post(`/api/v1/inspection-plans/${planId}/draw`).set(bearer(city));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PLAN_NOT_FROZEN');
    expect((await request(app).post(`/api/v1/inspection-plans/${planId}/freeze`).set(bearer(countyHere))).status).toBe(403);
    const audit = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'INSPECTION_PLAN_CREATED', targetId: planId } });
    expect((audit.after as { seed: string }).seed).toBe(created.body.seed);
  });

  it('draws round(ratio × eligible) per segment, reproducibly from the published seed and frozen population', async () => {
    const frozen = await request(app).post(`/api/v1/inspection-plans/${planId}/freeze`).set(bearer(city));
    expect(frozen.status).toBe(200);
    expect(frozen.body.populationSize).toBe(297); // the cancelled are not in it
    const drawn = await request(app).post(`/api/v1/inspection-plans/${planId}/draw`).set(bearer(city));
    expect(drawn.status).toBe(200);
    expect((await request(app).post(`/api/v1/inspection-plans/${planId}/draw`).set(bearer(city))).status).toBe(409);

    // Anyone: the public result and the frozen population, no token.
    const pub = await request(app).get(`/api/v1/public/inspection-plans/${planId}`);
    expect(pub.status).toBe(200);
    const csv = await request(app).get(`/api/v1/public/inspection-plans/${planId}/population`);
    const population: Candidate[] = csv.text.trim().split('\n').slice(1).map((line) => {
      const [uscc, county, segment, excluded] = line.split(',');
      return { uscc: uscc!, county: county!, segment: segment as Segment, excluded: excluded || null };
    });
    expect(createHash('sha256').update(population.map((c) => `${c.uscc},${c.county},${c.segment},${c.excluded ?? ''}\n`).join('')).digest('hex')).toBe(pub.body.plan.populationDigest);

    // The segments, computed independently from the data.
    const { rows } = await db.pool.query<{ uscc: string; segment: string }>(
      `SELECT b.uscc, CASE WHEN EXISTS (SELECT 1 FROM abnormal_mark m WHERE m.uscc = b.uscc) OR (SELECT count(*) FROM complaint c WHERE c.uscc = b.uscc) >= 3 THEN 'RISK'
         WHEN EXISTS (SELECT 1 FROM category_label l WHERE l.uscc = b.uscc) THEN 'CATEGORY' ELSE r.type END AS segment
       FROM business b JOIN typing_result r ON r.uscc = b.uscc WHERE b.status = 'ACTIVE' ORDER BY b.uscc`,
    );
    expect(population.map((c) => [c.uscc, c.segment])).toEqual(rows.map((r) => [r.uscc, r.segment]));

    const seed = pub.body.plan.seed as string;
    const ratio: Record<Segment, number> = { CATEGORY: 1, D: 0.4, G: 0.5, S: 0.5, UNTYPED: 0.5, RISK: 1 };
    const expected: string[] = [];
    for (const segment of SEGMENTS) {
      const eligible = population.filter((c) => c.segment === segment && c.excluded === null);
      const n = Math.floor(ratio[segment] * eligible.length + 0.5); // round half up
      const mine = pub.body.inspections.filter((i: { segment: string }) => i.segment === segment);
      expect(mine.length, segment).toBe(n);
      expected.push(...eligible.sort((a, b) => (rank(seed, a.uscc) < rank(seed, b.uscc) ? -1 : 1)).slice(0, n).map((c) => c.uscc));
    }
    expect(pub.body.inspections.map((i: { uscc: string }) => i.uscc)).toEqual(expected.sort());
    // The same seed and population give the same list and inspectors; another seed another list.
    const plan = await request(app).get(`/api/v1/inspection-plans/${planId}`).set(bearer(city));
    const again = drawInspections(seed, 0.5, plan.body.plan.multipliers, population, ROSTER);
    expect(again.map((d) => [d.uscc, d.inspectors])).toEqual(plan.body.inspections.map((i: { uscc: string; inspectors: string[] }) => [i.uscc, i.inspectors]));
    expect(plan.body.inspections.every((i: { county: string; inspectors: string[] }) => i.inspectors.length === 2 && i.inspectors.every((n) => ROSTER[i.county]!.includes(n)))).toBe(true);
    expect(drawInspections('0'.repeat(64), 0.5, plan.body.plan.multipliers, population, ROSTER).map((d) => d.uscc)).not.toEqual(again.map((d) => d.uscc));

    // 名特优新 at most once in two years, unless complaint-triggered.
    expect(population.find((c) => c.uscc === inspectedCategory)).toMatchObject({ segment: 'CATEGORY', excluded: 'FREQUENCY_LIMIT' });
    const drawnUsccs = new Set(pub.body.inspections.map((i: { uscc: string }) => i.uscc));
    expect(drawnUsccs.has(inspectedCategory)).toBe(false);
    expect(population.find((c) => c.uscc === complainedCategory)).toMatchObject({ segment: 'RISK', excluded: null });
    expect(drawnUsccs.has(complainedCategory)).toBe(true);
    expect(await db.prisma.auditEntry.count({ where: { targetId: planId, action: { in: ['INSPECTION_POPULATION_FROZEN', 'INSPECTION_DRAWN'] } } })).toBe(2);
  });

  it('records outcomes by the household\'s county and publishes them without a token', async () => {
    const pub = await request(app).get(`/api/v1/public/inspection-plans/${planId}`);
    const here = pub.body.inspections.find((i: { county: string }) => i.county === HERE);
    const path = `/api/v1/inspection-plans/${planId}/inspections/${here.uscc}/outcome`;
    expect((await request(app).post(path).set(bearer(countyThere)).send({ outcome: '责令整改' })).status).toBe(403);
    expect((await request(app).post(path).set(bearer(countyHere)).send({ outcome: '责令整改' })).status).toBe(200);
    const after = await request(app).get(`/api/v1/public/inspection-plans/${planId}`);
    expect(after.body.inspections.find((i: { uscc: string }) => i.uscc === here.uscc)).toMatchObject({ outcome: '责令整改' });
    expect(JSON.stringify(after.body)).not.toMatch(/执法/); // inspectors are not published with the list
    const mine = await request(app).get(`/api/v1/inspection-plans/${planId}`).set(bearer(countyThere));
    expect(mine.body.inspections.every((i: { county: string }) => i.county === THERE)).toBe(true);
  });
});
