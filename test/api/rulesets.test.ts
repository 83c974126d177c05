// Rulesets as versioned data against a real PostgreSQL: drafts by the province, four-eyes approval,
// activation retiring the previous version, and what-if that writes no label.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { ensureDefaultRuleset } from '../../activities/defaultRuleset';
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
  connection = Connection.lazy({ address: '127.0.0.1:1' }); // no workflow is involved
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
