// What an outside fuzzer found answering 500 (issue 8 item 9), each now a clear 4xx, against a real
// PostgreSQL: malformed paths, NUL characters, malformed UTF-8, null evidence, prototype-named form
// fields, extreme cursors, undeclared methods; plus the security headers and /readyz's fixed words.
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, testDatabase, type TestPrincipal } from '../support/database';

let prisma: PrismaClient;
let pool: pg.Pool;
let app: Express;
let connection: Connection;
let city: TestPrincipal;
let household: TestPrincipal;

beforeAll(async () => {
  ({ prisma, pool } = testDatabase());
  connection = unreachableConnection(500); // nothing here reaches a workflow
  app = createApp({ prisma, pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
  city = await createPrincipal(prisma, 'CITY_AMR', { department: '市场监管' });
  household = await createPrincipal(prisma, 'HOUSEHOLD', { uscc: syntheticUscc(6_600_001, '421303') });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
  await connection?.close();
});

const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

describe('paths', () => {
  it('answers 400 to a malformed percent escape on every route, with and without a token', async () => {
    for (const path of ['/api/v1/public/objections/%FF', '/api/v1/tasks/%E0%A4%A', '/api/v1/cycles/%FF', '/api/v1/rulesets/%C0/approve']) {
      for (const headers of [{}, bearer(city)]) {
        const res = await request(app).get(path).set(headers);
        expect(res.status, path).toBe(400);
        expect(res.body.code).toBe('MALFORMED_PATH');
      }
    }
  });

  it('answers 400 to a NUL in a path id, a query value or a JSON string, before anything reaches PostgreSQL', async () => {
    for (const path of ['/api/v1/public/objections/a%00b', '/api/v1/tasks/task%00']) {
      const res = await request(app).get(path).set(bearer(city));
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('NUL_CHARACTER');
    }
    const upload = await request(app).post('/api/v1/evidence?year=2026&field=onlineRating&fileName=a%00.pdf').set(bearer(household)).set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4\n'));
    expect(upload.status).toBe(400);
    expect(upload.body).toMatchObject({ code: 'NUL_CHARACTER', details: [{ field: 'query.fileName' }] });
    expect(await prisma.evidenceFile.count()).toBe(0);
    const body = await request(app).post('/api/v1/cycles').set(bearer(city)).send({ year: 2031, calendar: { typingAt: 'x\u0000' } });
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ code: 'NUL_CHARACTER', details: [{ field: 'body.calendar.typingAt' }] });
  });

  it('refuses a JSON body that is not UTF-8 instead of reading it as replacement characters', async () => {
    // Sent by hand: supertest would serialise a Buffer as JSON.
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const body = Buffer.concat([Buffer.from('{"year":2031,"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/cycles`, {
        method: 'POST', headers: { ...bearer(city), 'Content-Type': 'application/json' }, body,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('MALFORMED_UTF8');
      const surrogate = await request(app).post('/api/v1/cycles').set(bearer(city)).set('Content-Type', 'application/json').send('{"year":2031,"x":"\\ud800"}');
      expect([surrogate.status, surrogate.body.code]).toEqual([400, 'MALFORMED_UTF8']);
    } finally {
      server.close();
    }
  });

  it('answers 405 with Allow to a method the contract does not declare for a path', async () => {
    for (const method of ['put', 'delete'] as const) {
      const res = await request(app)[method]('/api/v1/cycles').set(bearer(city));
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    }
    const trace = await request(app).trace('/api/v1/public/notices').set(bearer(city));
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect((await request(app).put('/api/v1/tasks/abc/claim').set(bearer(city))).headers.allow).toBe('POST');
    const freshness = await request(app).post('/api/v1/feeds/freshness').set(bearer(city));
    expect([freshness.status, freshness.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await request(app).delete('/api/v1/cycles')).status).toBe(405); // the same answer without a token
    expect((await request(app).get('/api/v1/nothing-here').set(bearer(city))).status).toBe(404);
  });
});

describe('bodies and queries a route used to trip over', () => {
  it('refuses a declaration with "evidence":[null] with 400', async () => {
    const res = await request(app).post('/api/v1/applications').set(bearer(household)).send({ year: 2026, category: 'TE', evidence: [null] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('treats form fields named constructor or __proto__ as unknown fields (400), not as department-supplied ones', async () => {
    for (const raw of ['{"year":2026,"category":"TE","fields":{"constructor":"x"}}', '{"year":2026,"category":"TE","fields":{"__proto__":"x"}}', '{"year":2026,"category":"TE","evidence":[{"field":"toString","evidenceId":"x"}]}']) {
      const res = await request(app).post('/api/v1/applications').set(bearer(household)).set('Content-Type', 'application/json').send(raw);
      expect(res.status, raw).toBe(400);
      expect(res.body.code).toBe('UNKNOWN_FIELD');
      expect(res.body.message).not.toContain('undefined');
    }
  });

  it('refuses a task-list cursor with an extreme date with 400', async () => {
    for (const after of ['+275760-09-13T00:00:00.000Z|x', '-000001-01-01T00:00:00Z|x', '9999-12-31T23:59:59Z|x']) {
      const res = await request(app).get('/api/v1/tasks').query({ after }).set(bearer(city));
      expect(res.status, after).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    }
    expect((await request(app).get('/api/v1/tasks').query({ after: '2026-10-01T00:00:00.000Z|x' }).set(bearer(city))).status).toBe(200);
  });
});

describe('headers and health', () => {
  it('sends security headers with a CSP that suits swagger-ui and a same-origin console', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const docs = await request(app).get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script the CSP would block
  });

  it('answers /readyz in fixed words, naming no host and no driver error', async () => {
    const deadDb = createPrismaClient('postgresql://postgres@127.0.0.1:1/none');
    try {
      const res = await request(createApp({ prisma: deadDb, pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' })).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ database: { ok: false, message: '数据库不可达' }, temporal: { ok: false, message: expect.stringMatching(/^(流程引擎不可达|3 秒内未响应)$/) } });
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
    } finally {
      await deadDb.$disconnect();
    }
  });
});
