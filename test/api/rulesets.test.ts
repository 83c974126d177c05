// Rulesets as versioned data against a real PostgreSQL: drafts by the province, four-eyes approval,
// activation retiring the previous version, and what-if that writes no label.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { ensureDefaultRuleset } from '../../data/rulesets';
import { DEFAULT_TYPING_RULESET } from '../../domain/typing/ruleset';
import { loadPopulation } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { step } from '../support/step';

const YEAR = 2044;
let db: IsolatedDatabase;
let app: Express;
let connection: Connection;
let drafter: TestPrincipal;
let approver: TestPrincipal;
let city: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const lowerRevenue = { ...DEFAULT_TYPING_RULESET, params: { ...DEFAULT_TYPING_RULESET.params, G_MIN_REVENUE: 60_000 } };
/** The province's 2026.07 draft, which what-if evaluates and the four-eyes test approves. */
const draft202607 = step(() => request(app).post('/api/v1/rulesets').set(bearer(drafter)).send({ code: 'HB-TYPING', version: '2026.07', definition: lowerRevenue }));

beforeAll(async () => {
  db = await isolatedDatabase();
  await loadPopulation(db.pool, { count: 5_000, seed: 5, year: YEAR });
  connection = unreachableConnection(); // no workflow is involved
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  drafter = await createPrincipal(db.prisma, 'PROVINCIAL_AMR', { department: '湖北省市场监管局' });
  approver = await createPrincipal(db.prisma, 'PROVINCIAL_AMR', { department: '湖北省市场监管局' });
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

describe('rulesets', () => {
  it('lists the embedded default as ACTIVE', async () => {
    const res = await request(app).get('/api/v1/rulesets').set(bearer(city));
    expect(res.body.items).toEqual([expect.objectContaining({ id: 'HB-TYPING@2025.07-default', status: 'ACTIVE' })]);
  });

  it('refuses a draft from the city (the province owns the typing standard) and an invalid definition', async () => {
    expect((await request(app).post('/api/v1/rulesets').set(bearer(city)).send({ code: 'HB-TYPING', version: '2026.07', definition: lowerRevenue })).status).toBe(403);
    const broken = { ...lowerRevenue, types: [{ code: 'G', when: { feature: 'revenue', op: '>=', param: 'G_MIN_SALES' } }] };
    const res = await request(app).post('/api/v1/rulesets').set(bearer(drafter)).send({ code: 'HB-TYPING', version: '2026.07', definition: broken });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { message: string }) => d.message).join()).toContain('G_MIN_SALES');
    expect(await db.prisma.ruleset.count()).toBe(1);
  });

  it('what-if shows the distribution and transitions of a draft and writes no label', async () => {
    const draft = await draft202607();
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('DRAFT');
    const res = await request(app).post(`/api/v1/rulesets/${draft.body.id}/what-if`).set(bearer(city)).send({ year: YEAR });
    expect(res.status).toBe(200);
    expect(res.body.businesses).toBe(5_000);
    expect(res.body.draft.G).toBeGreaterThan(res.body.active.G);
    expect(res.body.transitions.S.G).toBe(res.body.draft.G - res.body.active.G); // lowering a G threshold only promotes S → G
    expect(res.body.transitions.G.S).toBe(0);
    expect(Object.values(res.body.transitions as Record<string, Record<string, number>>).flatMap((row) => Object.values(row)).reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(res.body.warnings.join()).toMatch(/成长型占比/); // outside the calibration band: the alarm
    expect(await db.prisma.typingResult.count()).toBe(0);
  });

  it('needs a second person to approve, then activation retires the previous version', async () => {
    await ensureDefaultRuleset(db.prisma); // the active version to retire, as every start puts it in place
    await draft202607();
    const id = 'HB-TYPING@2026.07';
    const self = await request(app).post(`/api/v1/rulesets/${id}/approve`).set(bearer(drafter));
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('SELF_APPROVAL');
    expect((await request(app).post(`/api/v1/rulesets/${id}/activate`).set(bearer(approver))).status).toBe(409);
    const approved = await request(app).post(`/api/v1/rulesets/${id}/approve`).set(bearer(approver));
    expect(approved.body).toMatchObject({ status: 'APPROVED', approvedBy: approver.id });
    const active = await request(app).post(`/api/v1/rulesets/${id}/activate`).set(bearer(approver));
    expect(active.body.status).toBe('ACTIVE');
    const all = await db.prisma.ruleset.findMany();
    expect(Object.fromEntries(all.map((r) => [r.id, r.status]))).toEqual({ 'HB-TYPING@2025.07-default': 'RETIRED', [id]: 'ACTIVE' });
    expect(await db.prisma.auditEntry.count({ where: { targetType: 'ruleset', targetId: id } })).toBe(3);
  });
});

describe('drafts that could not be evaluated, or stored', () => {
  const draftOf = (definition: unknown, version: string) =>
    request(app).post('/api/v1/rulesets').set(bearer(drafter)).send({ code: 'HB-BAD', version, definition });

  it('refuses a reference cycle and an exponential expansion with 422, storing nothing', async () => {
    const before = await db.prisma.ruleset.count();
    const cycle = await draftOf({ ...lowerRevenue, predicates: { ...lowerRevenue.predicates, a: { ref: 'b' }, b: { all: [{ flag: 'abnormal_marked_now' }, { ref: 'a' }] } } }, 'cycle');
    expect(cycle.status).toBe(422);
    expect(cycle.body).toMatchObject({ code: 'RULESET_REFERENCE_CYCLE', message: expect.stringContaining('a → b → a') });
    const predicates: Record<string, unknown> = { ...lowerRevenue.predicates, p0: { flag: 'abnormal_marked_now' } };
    for (let i = 1; i <= 40; i++) predicates[`p${i}`] = { all: [{ ref: `p${i - 1}` }, { ref: `p${i - 1}` }] }; // 2^40 leaves
    const bomb = await draftOf({ ...lowerRevenue, predicates, types: [{ code: 'D', when: { ref: 'p40' } }] }, 'bomb');
    expect(bomb.status).toBe(422);
    expect(bomb.body.code).toBe('RULESET_TOO_LARGE');
    expect(await db.prisma.ruleset.count()).toBe(before);
  });

  it('refuses a definition nested 3,000 or 1,000 levels deep with 400, and names like __proto__ or constructor', async () => {
    for (const levels of [3_000, 1_000]) {
      let when: unknown = { flag: 'abnormal_marked_now' };
      for (let i = 0; i < levels; i++) when = { not: when };
      const res = await draftOf({ ...lowerRevenue, types: [{ code: 'D', when }] }, `deep-${levels}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TOO_DEEP');
    }
    const proto = await request(app).post('/api/v1/rulesets').set(bearer(drafter)).set('Content-Type', 'application/json')
      .send(`{"code":"HB-BAD","version":"proto","definition":${JSON.stringify({ ...lowerRevenue, types: [{ code: 'D', when: { ref: 'constructor' } }] }).replace('"predicates":{', '"predicates":{"__proto__":{"flag":"abnormal_marked_now"},')}}`);
    expect(proto.status).toBe(400);
    const ctor = await draftOf({ ...lowerRevenue, types: [{ code: 'D', when: { feature: 'revenue', op: '>=', param: 'constructor' } }] }, 'ctor');
    expect(ctor.status).toBe(400);
    expect((await request(app).get('/api/v1/rulesets').set(bearer(city))).status).toBe(200);
  });

  it('refuses a NUL in a definition with 400', async () => {
    const res = await draftOf({ ...lowerRevenue, params: { ...lowerRevenue.params }, predicates: { good: { feature: 'tax_credit_rating', in: ['A\u0000'] } } }, 'nul');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NUL_CHARACTER');
  });

  it('abandons a what-if past its deadline with 503 instead of holding the request open', async () => {
    const hurried = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', whatIfDeadlineMs: -1 });
    const res = await request(hurried).post('/api/v1/rulesets/HB-TYPING@2026.07/what-if').set(bearer(city)).send({ year: YEAR });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('WHAT_IF_DEADLINE_EXCEEDED');
  });
});
