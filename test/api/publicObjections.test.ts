// The public objection endpoint cannot be used to flood an application: limits per address and per
// phone (429 with Retry-After), one objection per phone per application (409), a daily cap per
// application (429), and answers that tell no more than the public notice. A recorded objection is
// never undone when Temporal cannot take its Signal: it waits as PENDING and the reconciler delivers it,
// once. Real PostgreSQL and a real Temporal dev server; the applications' workflows are started on a
// task queue nobody polls, so their histories show exactly which Signals Temporal accepted.
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../api/abuseLimits';
import { createApp } from '../../api/app';
import { deliverPendingObjections, startObjectionReconciler } from '../../api/objectionDelivery';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { devServerEnvironment } from '../support/temporal';
import { until } from '../support/until';

const YEAR = 2026;
const COUNTY = '421303';
let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let nextBusiness = 0;

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnvironment(), isolatedDatabase()]);
});

afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

const appWith = (limits: Partial<AbuseLimits> = {}, options: { temporal?: Client; trustProxy?: number } = {}): Express =>
  createApp({ prisma: db.prisma, pool: db.pool, temporal: options.temporal ?? env.client, operatorIdKey: 'test-key', limits: { ...DEFAULT_ABUSE_LIMITS, ...limits }, trustProxy: options.trustProxy });
const unlimitedAddress = { objectionsPerIp: { limit: 10_000, windowMs: 60_000 } };

/** An application in its public notice (read model row and a running workflow nobody works on). */
async function applicationInNotice(overrides: { status?: string; noticeEndsAt?: Date | null } = {}): Promise<string> {
  const uscc = syntheticUscc(900_000 + nextBusiness++, COUNTY);
  const workflowId = `application-${YEAR}-${uscc}`;
  await db.prisma.application.create({
    data: {
      id: crypto.randomUUID(), year: YEAR, uscc, county: COUNTY, category: 'TE', channel: 'SELF', status: overrides.status ?? 'IN_PUBLICITY', workflowId,
      submittedAt: new Date(), submittedBy: crypto.randomUUID(), declared: {},
      noticeEndsAt: overrides.noticeEndsAt === undefined ? new Date(Date.now() + 3 * 86_400_000) : overrides.noticeEndsAt,
    },
  });
  await env.client.workflow.start('categoryApplicationWorkflow', { workflowId, taskQueue: 'public-objections-nobody-polls', args: [] });
  return uscc;
}

const objection = (uscc: string, phone: string) => ({ year: YEAR, uscc, objector: { name: '王五', phone }, facts: '该户存在虚假宣传行为，有录音为证' });
const phoneNo = (n: number) => `139${String(n).padStart(8, '0')}`;

/** The objection ids the application's workflow received, one entry per accepted Signal. */
async function signalledObjections(uscc: string): Promise<string[]> {
  const history = await env.client.workflow.getHandle(`application-${YEAR}-${uscc}`).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'objection')
    .map((e) => defaultPayloadConverter.fromPayload<{ objectionId: string }>(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!).objectionId);
}

describe('rate limits', () => {
  it('answers 429 with Retry-After and a Chinese message when one address sends 200 objections in a minute', async () => {
    const app = appWith();
    const uscc = await applicationInNotice();
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(await request(app).post('/api/v1/public/objections').send(objection(uscc, phoneNo(i))));
    const limit = DEFAULT_ABUSE_LIMITS.objectionsPerIp.limit;
    expect(answers.slice(0, limit).map((a) => a.status)).toEqual(Array(limit).fill(201));
    const refused = answers.slice(limit);
    expect(new Set(refused.map((a) => a.status))).toEqual(new Set([429]));
    expect(refused[0]!.body).toEqual({ code: 'TOO_MANY_OBJECTIONS_FROM_ADDRESS', message: expect.stringMatching(/过于频繁.*请稍后再试/), details: [] });
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused[0]!.headers['retry-after'])).toBeLessThanOrEqual(DEFAULT_ABUSE_LIMITS.objectionsPerIp.windowMs / 1000);
    // Only what got through is recorded and heard.
    expect(await db.prisma.objection.count({ where: { uscc } })).toBe(limit);
    expect(await signalledObjections(uscc)).toHaveLength(limit);
    // With `trust proxy` off (the default) a forged X-Forwarded-For does not open a new bucket.
    const forged = await request(app).post('/api/v1/public/objections').set('X-Forwarded-For', '203.0.113.7').send(objection(uscc, phoneNo(500)));
    expect(forged.status).toBe(429);
  });

  it('counts each client behind a trusted proxy on its own', async () => {
    const app = appWith({ objectionsPerIp: { limit: 2, windowMs: 60_000 } }, { trustProxy: 1 });
    const uscc = await applicationInNotice();
    const from = (address: string, n: number) => request(app).post('/api/v1/public/objections').set('X-Forwarded-For', address).send(objection(uscc, phoneNo(1000 + n)));
    expect([(await from('198.51.100.1', 1)).status, (await from('198.51.100.1', 2)).status, (await from('198.51.100.1', 3)).status]).toEqual([201, 201, 429]);
    expect((await from('198.51.100.2', 4)).status).toBe(201);
  });

  it('limits one phone across applications', async () => {
    const app = appWith({ ...unlimitedAddress, objectionsPerPhone: { limit: 3, windowMs: 3_600_000 } });
    const usccs = [await applicationInNotice(), await applicationInNotice(), await applicationInNotice(), await applicationInNotice()];
    const answers = [];
    for (const uscc of usccs) answers.push(await request(app).post('/api/v1/public/objections').send(objection(uscc, '13712345678')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3]!.body).toMatchObject({ code: 'TOO_MANY_OBJECTIONS_FROM_PHONE', message: expect.stringContaining('同一联系电话') });
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(await db.prisma.objection.count({ where: { uscc: usccs[3]! } })).toBe(0);
  });
});

describe('one objection per phone, a cap per day', () => {
  it('refuses a second objection from the same phone on the same application, also when sent at once', async () => {
    const app = appWith({ ...unlimitedAddress, objectionsPerPhone: { limit: 100, windowMs: 60_000 } });
    const uscc = await applicationInNotice();
    const first = await request(app).post('/api/v1/public/objections').send(objection(uscc, '0722-3312345'));
    expect(first.status).toBe(201);
    expect(first.body.objector.phone).toBe('072****2345');
    // The same landline written without its dash is the same phone.
    const again = await request(app).post('/api/v1/public/objections').send(objection(uscc, '07223312345'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'DUPLICATE_OBJECTION', message: expect.stringContaining('已对该户提出过异议'), details: [] });

    const other = await applicationInNotice();
    const burst = await Promise.all(Array.from({ length: 6 }, () => request(app).post('/api/v1/public/objections').send(objection(other, '13611112222'))));
    expect(burst.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await db.prisma.objection.count({ where: { uscc: other } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'OBJECTION_RECEIVED', targetId: burst.find((a) => a.status === 201)!.body.objectionId } })).toBe(1);
    expect(await signalledObjections(other)).toHaveLength(1);
  });

  it('caps the objections an application takes per day, and the cap holds under concurrent requests', async () => {
    const app = appWith({ ...unlimitedAddress, objectionsPerApplicationPerDay: 3 });
    const uscc = await applicationInNotice();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => request(app).post('/api/v1/public/objections').send(objection(uscc, phoneNo(2000 + i)))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual([429, 429, 429]);
    expect(refused[0]!.body).toMatchObject({ code: 'OBJECTION_DAILY_LIMIT', message: expect.stringContaining('今日收到的异议已达上限') });
    const retryAfter = Number(refused[0]!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(await db.prisma.objection.count({ where: { uscc } })).toBe(3);
    // Another application is not affected.
    expect((await request(app).post('/api/v1/public/objections').send(objection(await applicationInNotice(), phoneNo(2100)))).status).toBe(201);
  });
});

describe('answers that tell no more than the notice', () => {
  it('answers an unknown household, an application under review and one removed from the notice alike', async () => {
    const app = appWith(unlimitedAddress);
    const unknown = syntheticUscc(990_000, COUNTY);
    const underReview = await applicationInNotice({ status: 'COUNTY_REVIEW', noticeEndsAt: null });
    const removed = await applicationInNotice({ status: 'OBJECTION_UPHELD' });
    const ended = await applicationInNotice({ status: 'AWAITING_CONFIRMATION', noticeEndsAt: new Date(Date.now() - 60_000) });
    const answer = async (uscc: string, n: number) => request(app).post('/api/v1/public/objections').send(objection(uscc, phoneNo(3000 + n)));
    const hidden = [await answer(unknown, 1), await answer(underReview, 2), await answer(removed, 3), await answer(unknown, 4)];
    expect(hidden.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(hidden.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(hidden[0]!.body).toEqual({ code: 'NOT_IN_NOTICE', message: expect.stringContaining('公示名单中没有该户'), details: [] });
    // A notice that has ended was public: the objector may learn that he is late.
    const late = await answer(ended, 5);
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'OUTSIDE_NOTICE_PERIOD', message: expect.stringContaining('逾期') });
    expect(await db.prisma.objection.count({ where: { uscc: { in: [unknown, underReview, removed, ended] } } })).toBe(0);
  });
});

describe('delivery to the workflow', () => {
  it('keeps an objection and its audit row when Temporal is unreachable, and the reconciler delivers it once', async () => {
    // A client whose server does not exist: every Signal fails.
    const unreachable = new Client({ connection: unreachableConnection() });
    const app = appWith(unlimitedAddress, { temporal: unreachable });
    const uscc = await applicationInNotice();
    const filed = await request(app).post('/api/v1/public/objections').send(objection(uscc, '13522223333'));
    expect(filed.status).toBe(201);
    const { objectionId } = filed.body as { objectionId: string };
    expect(await db.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).toMatchObject({ delivery: 'PENDING', deliveredAt: null, deliveryAttempts: 1 });
    expect(await db.prisma.auditEntry.count({ where: { targetType: 'objection', targetId: objectionId, action: 'OBJECTION_RECEIVED' } })).toBe(1);
    expect(await signalledObjections(uscc)).toEqual([]);
    // The objector sees it received.
    expect((await request(app).get(`/api/v1/public/objections/${objectionId}`)).body).toMatchObject({ status: 'RECEIVED', statusLabel: '已收到，处理中' });

    // Still unreachable: a reconciler round leaves it pending.
    expect(await deliverPendingObjections({ prisma: db.prisma, temporal: unreachable }, { graceMs: 0 })).toMatchObject({ DELIVERED: 0, PENDING: 1 });
    // Temporal is back: the running reconciler delivers it, and later rounds do not deliver it again.
    const stop = startObjectionReconciler({ prisma: db.prisma, temporal: env.client }, 200, { graceMs: 0 });
    try {
      await until('delivered', async () => (await db.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).delivery === 'DELIVERED');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a few more rounds
    } finally {
      await stop();
    }
    expect(await signalledObjections(uscc)).toEqual([objectionId]);
    expect(await db.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).toMatchObject({ delivery: 'DELIVERED', deliveredAt: expect.any(Date), status: 'RECEIVED' });
    expect(await db.prisma.auditEntry.count({ where: { targetType: 'objection', targetId: objectionId } })).toBe(1);
    await unreachable.connection.close();
  });

  it('closes an objection whose application ended before it could be delivered, with an audited reason', async () => {
    // Recorded while Temporal was away (as in the test above), then the application was withdrawn.
    const uscc = await applicationInNotice();
    const id = crypto.randomUUID();
    await db.prisma.objection.create({ data: { id, year: YEAR, uscc, objectorName: '王五', objectorPhone: '13544445555', facts: '该户存在虚假宣传行为，有录音为证', evidence: [], status: 'RECEIVED', delivery: 'PENDING' } });
    await env.client.workflow.getHandle(`application-${YEAR}-${uscc}`).terminate('withdrawn in the meantime');
    expect(await deliverPendingObjections({ prisma: db.prisma, temporal: env.client }, { graceMs: 0 })).toMatchObject({ APPLICATION_CLOSED: 1 });
    expect(await db.prisma.objection.findUniqueOrThrow({ where: { id } })).toMatchObject({ delivery: 'APPLICATION_CLOSED', status: 'NOT_ACCEPTED' });
    expect(await db.prisma.auditEntry.findFirst({ where: { targetId: id, action: 'OBJECTION_NOT_ACCEPTED' } })).toMatchObject({ actorRole: 'SYSTEM' });
    const status = await request(appWith()).get(`/api/v1/public/objections/${id}`);
    expect(status.body).toMatchObject({ status: 'NOT_ACCEPTED', reason: expect.stringContaining('已撤回或办结') });
  });
});
