// GET /api/v1/audit against a real PostgreSQL: auditors and the city administration read the chained
// trail filtered by actor, action, target and time, page by page without gaps or repeats, with
// personal data masked; other roles are refused.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { writeAudit } from '../../data/audit';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';

let db: IsolatedDatabase;
let app: Express;
let connection: Connection;
let auditor: TestPrincipal;
let city: TestPrincipal;
let county: TestPrincipal;
let household: TestPrincipal;
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const ACTOR = '0b7c5d2e-1111-4a4a-9b9b-000000000001';
let middle: Date;

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection(); // no workflow is involved
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  auditor = await createPrincipal(db.prisma, 'AUDITOR');
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  county = await createPrincipal(db.prisma, 'COUNTY_AMR', { department: '市场监管', county: '421321' });
  household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: '92421321MA4XXXXXX0' });
  for (let i = 0; i < 12; i++) {
    await writeAudit(db.prisma, { actorId: i % 2 ? ACTOR : null, actorRole: i % 2 ? 'COUNTY_AMR' : 'SYSTEM', action: i % 3 ? 'TASK_CLAIMED' : 'TASK_OPENED', targetType: 'task', targetId: `t-${i % 4}`, after: { i } });
    if (i === 5) {
      await new Promise((r) => setTimeout(r, 20));
      middle = new Date();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await writeAudit(db.prisma, {
    actorId: null, actorRole: 'PUBLIC', action: 'OBJECTION_RECEIVED', targetType: 'objection', targetId: 'o-1',
    after: { objector: { name: '张三丰', phone: '13812345678', idNumber: '420101199001011234' }, note: '请联系13987654321，身份证420101199001011234，邮箱a.b@example.cn', amount: 13812345678 },
  });
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

const get = (p: TestPrincipal, query: Record<string, string | number> = {}) => request(app).get('/api/v1/audit').query(query).set(bearer(p));

describe('GET /api/v1/audit', () => {
  it('answers auditors and the city administration, and refuses every other role and anonymous callers', async () => {
    expect((await get(auditor)).status).toBe(200);
    expect((await get(city)).status).toBe(200);
    expect((await get(county)).status).toBe(403);
    expect((await get(household)).status).toBe(403);
    expect((await request(app).get('/api/v1/audit')).status).toBe(401);
  });

  it('filters by actor, action, target and time range', async () => {
    const byActor = await get(auditor, { actorId: ACTOR, limit: 200 });
    expect(byActor.body.items).toHaveLength(6);
    expect(byActor.body.items.every((e: { actorId: string }) => e.actorId === ACTOR)).toBe(true);
    const byAction = await get(auditor, { action: 'TASK_OPENED', limit: 200 });
    expect(byAction.body.items.map((e: { after: { i: number } }) => e.after.i).sort((a: number, b: number) => a - b)).toEqual([0, 3, 6, 9]);
    const byTarget = await get(auditor, { targetType: 'task', targetId: 't-1', limit: 200 });
    expect(byTarget.body.items.map((e: { after: { i: number } }) => e.after.i)).toEqual([9, 5, 1]);
    const early = await get(auditor, { targetType: 'task', to: middle.toISOString(), limit: 200 });
    const late = await get(auditor, { targetType: 'task', from: middle.toISOString(), limit: 200 });
    expect(early.body.items.map((e: { after: { i: number } }) => e.after.i)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(late.body.items.map((e: { after: { i: number } }) => e.after.i)).toEqual([11, 10, 9, 8, 7, 6]);
  });

  it('pages newest first by chain sequence, every row once, each with its hashes', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const res = await get(auditor, { targetType: 'task', limit: 5, ...(before ? { before } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { chainSeq: string }) => e.chainSeq));
      before = res.body.nextBefore;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    const first = (await get(auditor, { limit: 2 })).body.items;
    expect(first[1].hash).toBe(first[0].prevHash);
  });

  it('masks personal data in before/after', async () => {
    const [entry] = (await get(auditor, { action: 'OBJECTION_RECEIVED' })).body.items;
    expect(entry.after.objector).toEqual({ name: '张**', phone: '138****5678', idNumber: '（已隐藏）' });
    expect(entry.after.note).toBe('请联系139****4321，身份证（已隐藏），邮箱（已隐藏）');
    expect(entry.after.amount).toBe(13812345678); // numbers are not personal data
    expect(JSON.stringify(entry)).not.toMatch(/三丰|13812345678"|420101199001011234/);
  });

  it('answers malformed filters and cursors with 400, never 500', async () => {
    for (const query of <Record<string, string | number>[]>[{ before: 'abc' }, { before: '99999999999999999999' }, { before: '0' }, { actorId: 'x' }, { from: '2026-13-01' }, { action: 'drop table' }, { limit: 0 }]) {
      const res = await get(auditor, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBeTruthy();
    }
  });
});
