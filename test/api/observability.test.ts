// What an operator reads: JSON request logs (request id and principal on the line, no personal data or
// token) and Prometheus text at /metrics after a short scenario (HTTP latency by route pattern, open
// tasks, typing run progress, feed rows, mail), readable only from this host or with METRICS_TOKEN.
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createMailer } from '../../activities/mailer';
import { createLogger } from '../../observability/logger';
import { freePort } from '../../scripts/freePort';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { startSmtpServer } from '../support/smtp';

const PHONE = '13812345678';
const COUNTY = '421303';
let db: IsolatedDatabase;
let app: Express;
let connection: Connection;
let city: TestPrincipal;
let amr: TestPrincipal;
/** Every line the app's logger wrote, as written. */
const logLines: string[] = [];
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection(); // no workflow is involved
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', logger });
  city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
  amr = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '市场监管' });
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

const linesOf = (requestId: string) => logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);

describe('request logs', () => {
  it('carry the request id and the principal, and never the phone number or the token a request carries', async () => {
    const uscc = syntheticUscc(7_100_001, COUNTY);
    const res = await request(app).get(`/api/v1/businesses/${uscc}?phone=${PHONE}`).set(bearer(city)).set('X-Request-Id', 'req-obs-1');
    expect(res.headers['x-request-id']).toBe('req-obs-1');
    const lines = linesOf('req-obs-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: expect.any(String),
      requestId: 'req-obs-1',
      principal: { id: city.id, role: 'CITY_AMR' },
      req: { method: 'GET', path: `/api/v1/businesses/${uscc}` },
      res: { statusCode: res.status },
      responseTime: expect.any(Number),
    });

    // A public request with personal data in its body and a token in its header.
    const objection = await request(app)
      .post('/api/v1/public/objections')
      .set('X-Request-Id', 'req-obs-2')
      .set('Authorization', `Bearer ${amr.token}`)
      .send({ year: 2026, uscc, objector: { name: '张三', phone: PHONE }, reason: '该户经营地址与公示不符'.repeat(2) });
    expect(linesOf('req-obs-2')).toEqual([expect.objectContaining({ requestId: 'req-obs-2', res: { statusCode: objection.status } })]);

    const everything = logLines.join('\n');
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain(city.token);
    expect(everything).not.toContain(amr.token);
    expect(everything).not.toContain('张三');
  });
});

const metricsText = async (app: Express) => {
  const res = await request(app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.text;
};

describe('GET /metrics', () => {
  it('answers the named series after a short scenario', async () => {
    // An app of its own: its latency histogram counts this scenario's requests only.
    const app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
    // HTTP: a route with a parameter is counted under its pattern, not the raw path.
    const uscc = syntheticUscc(7_100_002, COUNTY);
    expect((await request(app).get(`/api/v1/businesses/${uscc}`).set(bearer(city))).status).toBe(404);

    // Feeds: two rows stored, one refused.
    const feed = ['uscc,tradeName,establishedOn,industryCode,status,specialGroups', `${uscc},随县香菇行,2019-05-01,5221,存续,`, `${syntheticUscc(7_100_003, COUNTY)},曾都茶行,2020-05-01,5221,存续,`, `${uscc.slice(0, 17)}X,校验位错,2020-01-01,5211,存续,`].join('\n');
    const upload = await request(app).post('/api/v1/feeds/registration?asOf=2026-06-30').set(bearer(amr)).set('Content-Type', 'text/csv').send(feed);
    expect(upload.body).toMatchObject({ inserted: 2, rejected: 1 });

    // The task board: two open tasks in one county (one overdue), one completed (not counted).
    const task = (id: string, dueAt: Date, status = 'OPEN') => ({ id, kind: 'APPLICATION_REVIEW', title: '初审', workflowId: 'wf-obs', county: COUNTY, role: 'COUNTY_AMR', status, dueAt });
    await db.prisma.task.createMany({
      data: [task('obs-1', new Date(Date.now() - 86_400_000)), task('obs-2', new Date(Date.now() + 86_400_000)), task('obs-3', new Date(Date.now() - 86_400_000), 'COMPLETED')],
    });

    // Typing runs: one under way with two results so far, one finished with its total.
    await db.prisma.typingRun.createMany({
      data: [
        { id: 'obs-running', year: 2026, kind: 'ANNUAL', rulesetId: 'r', referenceDate: new Date('2026-06-30'), status: 'RUNNING' },
        { id: 'obs-done', year: 2025, kind: 'ANNUAL', rulesetId: 'r', referenceDate: new Date('2025-06-30'), status: 'DONE', finishedAt: new Date(), total: 5000 },
      ],
    });
    await db.prisma.typingResult.createMany({
      data: [uscc, syntheticUscc(7_100_003, COUNTY)].map((u) => ({ runId: 'obs-running', uscc: u, type: 'G', features: {}, trace: '' })),
    });

    // Mail: one accepted by a real SMTP server, one to a port where none listens.
    const smtp = await startSmtpServer();
    try {
      await createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'noreply@getihu.local' })({ to: 'a@example.com', subject: '通知', text: '正文' });
    } finally {
      await smtp.close();
    }
    const nobody = `smtp://127.0.0.1:${await freePort()}`;
    await expect(createMailer({ smtpUrl: nobody, outboxDir: '/nonexistent', from: 'noreply@getihu.local' })({ to: 'a@example.com', subject: '通知', text: '正文' })).rejects.toThrow();

    const text = await metricsText(app);
    expect(text).toMatch(/^getihu_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/businesses\/:uscc",status="404"\} 1$/m);
    expect(text).toMatch(/^getihu_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/feeds\/:feed",status="200"\} 1$/m);
    expect(text).not.toContain(uscc); // no raw paths as label values
    expect(text).toMatch(new RegExp(`^getihu_open_tasks\\{kind="APPLICATION_REVIEW",county="${COUNTY}",overdue="true"\\} 1$`, 'm'));
    expect(text).toMatch(new RegExp(`^getihu_open_tasks\\{kind="APPLICATION_REVIEW",county="${COUNTY}",overdue="false"\\} 1$`, 'm'));
    expect(text).toMatch(/^getihu_typing_run_businesses\{run="obs-running",kind="ANNUAL",year="2026",status="RUNNING"\} 2$/m);
    expect(text).toMatch(/^getihu_typing_run_businesses\{run="obs-done",kind="ANNUAL",year="2025",status="DONE"\} 5000$/m);
    expect(text).toMatch(/^getihu_feed_rows_total\{feed="registration",outcome="stored"\} 2$/m);
    expect(text).toMatch(/^getihu_feed_rows_total\{feed="registration",outcome="refused"\} 1$/m);
    expect(text).toMatch(/^getihu_mail_total\{outcome="sent"\} 1$/m);
    expect(text).toMatch(/^getihu_mail_total\{outcome="failed"\} 1$/m);
    expect(text).toMatch(/^getihu_process_resident_memory_bytes \d+/m);
  });

  it('is not public: a request through a proxy is refused, and with METRICS_TOKEN set only that token reads it', async () => {
    const proxied = await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(proxied.status).toBe(403);
    expect(proxied.body).toMatchObject({ code: 'METRICS_FORBIDDEN' });

    const guarded = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', metricsToken: 'scrape-secret-0123456789' });
    expect((await request(guarded).get('/metrics')).status).toBe(403);
    expect((await request(guarded).get('/metrics').set(bearer(city))).status).toBe(403);
    const scraped = await request(guarded).get('/metrics').set('Authorization', 'Bearer scrape-secret-0123456789');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('# TYPE getihu_open_tasks gauge');
  });
});
