// Revocation during validity on the time-skipping test server and a real PostgreSQL, through the API:
// in the designation's second year the court lists the operator of household A as a dishonest judgment
// debtor; the feed Signals A's designation workflow (and no other), which notifies A (notice), takes its
// statement of defence, and opens the city's decision task; the city revokes; the label leaves the
// directory. Household B, designated too, is untouched — until the city reports fraud on B, which runs
// the same procedure without a defence and is dismissed: B is back where it was.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { deliverPendingDesignationSignals } from '../../api/designationSignalDelivery';
import { addYears } from '../../domain/category/designation';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { designationViewQuery, designationWorkflow } from '../../workflows/designation';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';
import { unreachableConnection } from '../support/unreachableTemporal';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let app: Express;
const taskQueue = 'designation-revocation';
const bearer = (p: TestPrincipal) => ({ Authorization: `Bearer ${p.token}` });
const A = syntheticUscc(7_100_001, '421321');
const B = syntheticUscc(7_100_002, '421321');
const OPERATOR_A = '11010519491231002X';

beforeAll(async () => {
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
    mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'getihu-outbox-')), from: 'test@example.com' },
  });
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: env.client, operatorIdKey: 'test-key', taskQueue });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

describe('revocation during validity', () => {
  it('a court listing fed in year 2 revokes through notice, defence and decision; nothing else changes', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear();
    const designatedOn = `${year}-11-20`;
    const validUntil = addYears(designatedOn, 3);
    const amr = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '市场监管' });
    const court = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '法院' });
    const city = await createPrincipal(db.prisma, 'CITY_AMR', { department: '市场监管' });
    const householdA = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: A });
    const householdB = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc: B });
    await db.prisma.principal.updateMany({ where: { id: { in: [householdA.id, householdB.id, city.id] } }, data: { email: 'someone@example.com' } });

    const registration = await request(app).post(`/api/v1/feeds/registration?asOf=${year}-06-30`).set(bearer(amr)).send([
      { uscc: A, tradeName: '随县编钟工艺', operatorIdNumber: OPERATOR_A, establishedOn: '2010-03-01', industryCode: '2439', status: '存续' },
      { uscc: B, tradeName: '曾都香菇行', establishedOn: '2012-05-01', industryCode: '5221', status: '存续' },
    ]);
    expect(registration.body).toMatchObject({ inserted: 2, rejected: 0 });
    // The directory of the year: both typed, both designated.
    await db.prisma.cycle.create({ data: { year, workflowId: `cycle-${year}`, phase: 'CLOSED', calendar: {}, currentRunId: `typing-${year}-RERUN` } });
    await db.prisma.typingResult.createMany({ data: [A, B].map((uscc) => ({ runId: `typing-${year}-RERUN`, uscc, type: 'D', features: {}, trace: '' })) });
    for (const [uscc, category] of [[A, 'YOU'], [B, 'TE']] as const) {
      await db.prisma.categoryLabel.create({ data: { uscc, year, category, channel: 'SELF', designatedOn: new Date(designatedOn), validUntil: new Date(validUntil), batch: `${year}-名特优新`, status: 'ACTIVE' } });
    }
    const labelsShown = async () => {
      const res = await request(app).get(`/api/v1/directory/export?year=${year}&format=json`).set(bearer(city));
      expect(res.status).toBe(200);
      return Object.fromEntries((JSON.parse(res.text) as Array<{ uscc: string; categoryLabel: { status: string } | null }>).map((r) => [r.uscc, r.categoryLabel?.status ?? null]));
    };
    expect(await labelsShown()).toEqual({ [A]: 'ACTIVE', [B]: 'ACTIVE' });

    await worker.runUntil(async () => {
      const start = (uscc: string, category: string) => env.client.workflow.start(designationWorkflow, {
        workflowId: `designation-${year}-${uscc}`, taskQueue, args: [{ uscc, year, category, designatedOn, validUntil, years: 3, reminderLeadMs: 86_400_000 }],
      });
      const [a, b] = [await start(A, 'YOU'), await start(B, 'TE')];

      // Year 2: the court's list arrives. Only A's operator is on it.
      await env.sleep(Date.parse(`${year + 1}-06-01T12:00:00+08:00`) - (await env.currentTimeMs()));
      const listing = await request(app).post(`/api/v1/feeds/court-dishonest?asOf=${year}-11-30`).set(bearer(court))
        .send([{ caseNo: `(${year})鄂1321执99号`, operatorIdNumber: OPERATOR_A, court: '随县人民法院', listedOn: `${year}-11-25` }]);
      expect(listing.body).toMatchObject({ inserted: 1, rejected: 0 });
      const signals = await db.pool.query('SELECT workflow_id, outcome FROM designation_signal');
      expect(signals.rows).toEqual([{ workflow_id: `designation-${year}-${A}`, outcome: 'DELIVERED' }]);

      // Notice: A's designation is in the procedure, with the ground and the defence deadline.
      const noticed = await until('the notice', async () => {
        const v = await a.query(designationViewQuery);
        return v.status === 'REVOKING' && v.revocations?.[0] ? v : null;
      });
      expect(noticed.revocations![0]).toMatchObject({ round: 1, grounds: [{ code: 'N2', reason: '经营者被列为失信被执行人' }], defence: null, decision: null });
      expect((await db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: A, year } } })).status).toBe('REVOKING');
      expect(await labelsShown()).toEqual({ [A]: 'REVOKING', [B]: 'ACTIVE' });

      // B has nothing to defend; A defends once, and not for B.
      expect((await request(app).post(`/api/v1/designations/${year}/${B}/defence`).set(bearer(householdB)).send({ statement: '无' })).body).toMatchObject({ code: 'NO_DEFENCE_OPEN' });
      expect((await request(app).post(`/api/v1/designations/${year}/${B}/defence`).set(bearer(householdA)).send({ statement: '代B申辩' })).status).toBe(403);
      const defended = await request(app).post(`/api/v1/designations/${year}/${A}/defence`).set(bearer(householdA)).send({ statement: '该案已履行完毕，正在申请移除失信名单' });
      expect(defended.status).toBe(200);
      expect(defended.body.revocations[0].defence).toMatchObject({ statement: '该案已履行完毕，正在申请移除失信名单', by: householdA.id });
      expect((await request(app).post(`/api/v1/designations/${year}/${A}/defence`).set(bearer(householdA)).send({ statement: '再次' })).body).toMatchObject({ code: 'DEFENCE_ALREADY_SUBMITTED' });

      // The city's decision task: a malformed decision is refused, a reasoned one revokes.
      const taskId = `task-revocation-${year}-${A}-1`;
      const task = await until('the decision task', () => db.prisma.task.findUnique({ where: { id: taskId } }));
      expect(task).toMatchObject({ kind: 'REVOCATION_DECISION', role: 'CITY_AMR', county: null, status: 'OPEN', uscc: A });
      expect((await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(city)).send({ payload: { revoke: true } })).status).toBe(400);
      const decided = await request(app).post(`/api/v1/tasks/${taskId}/complete`).set(bearer(city)).send({ payload: { revoke: true, reason: '经营者仍被列为失信被执行人，申辩所称移除尚未完成' } });
      expect(decided.status).toBe(200);
      // Waited for in real time, and read by query: awaiting the result unlocks time skipping, and the
      // test server would jump to B's next timer.
      await until('A closed', async () => (await a.describe()).status.name === 'COMPLETED');
      const final = await a.query(designationViewQuery);
      expect(final).toMatchObject({ status: 'REVOKED', revocations: [{ decision: { revoke: true, by: city.id } }] });

      // The label is withdrawn: the directory no longer shows it; B's is as it was.
      expect((await db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: A, year } } })).status).toBe('REVOKED');
      expect(await labelsShown()).toEqual({ [A]: null, [B]: 'ACTIVE' });
      expect(await b.query(designationViewQuery)).toMatchObject({ status: 'ACTIVE', validUntil, revocations: [] });
      expect((await db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: B, year } } })).status).toBe('ACTIVE');
      expect(await db.prisma.task.count({ where: { uscc: B } })).toBe(0);

      // Each step mailed to A, nothing to B; each step audited with who took it.
      const mails = await db.prisma.notification.findMany({ where: { principalId: { in: [householdA.id, householdB.id] } }, orderBy: { id: 'asc' } });
      expect(mails.map((m) => [m.principalId === householdA.id ? 'A' : 'B', m.kind])).toEqual([
        ['A', 'REVOCATION_NOTICE'], ['A', 'REVOCATION_DEFENCE_RECEIVED'], ['A', 'DESIGNATION_REVOKED'],
      ]);
      expect(mails[0]!.body).toContain('失信被执行人');
      const audit = await db.prisma.auditEntry.findMany({ where: { targetId: { in: [`${year}-${A}`, taskId] } }, orderBy: { id: 'asc' } });
      expect(audit.map((e) => [e.action, e.actorId])).toEqual(expect.arrayContaining([
        ['REVOCATION_NOTICE_ISSUED', null], ['REVOCATION_DEFENCE_SUBMITTED', householdA.id], ['TASK_COMPLETED', city.id],
      ]));
      const changes = audit.filter((e) => e.action === 'DESIGNATION_STATUS_CHANGED').map((e) => (e.after as { status: string }).status);
      expect(changes).toEqual(['REVOKING', 'REVOKED']);

      // Fraud found on B: the same procedure; no defence by the deadline; the city dismisses it.
      const reported = await request(app).post(`/api/v1/designations/${year}/${B}/fraud-findings`).set(bearer(city)).send({ findings: '申报材料中的获奖证书系伪造' });
      expect(reported.status).toBe(200);
      await until('B in the procedure', async () => (await b.query(designationViewQuery)).status === 'REVOKING');
      await env.sleep(11 * 86_400_000);
      const bTask = `task-revocation-${year}-${B}-1`;
      await until('B\'s decision task', () => db.prisma.task.findUnique({ where: { id: bTask } }));
      expect((await request(app).post(`/api/v1/designations/${year}/${B}/defence`).set(bearer(householdB)).send({ statement: '迟到' })).body).toMatchObject({ code: 'NO_DEFENCE_OPEN' });
      expect((await request(app).post(`/api/v1/tasks/${bTask}/complete`).set(bearer(city)).send({ payload: { revoke: false, reason: '经核实证书真实，举报不实' } })).status).toBe(200);
      const back = await until('B back in force', async () => {
        const v = await b.query(designationViewQuery);
        return v.status === 'ACTIVE' ? v : null;
      });
      expect(back.revocations).toMatchObject([{ grounds: [{ code: 'FRAUD' }], defence: null, decision: { revoke: false } }]);
      await until('B\'s label in force again', async () => (await db.prisma.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: B, year } } })).status === 'ACTIVE');
      expect((await request(app).post(`/api/v1/designations/${year}/${A}/fraud-findings`).set(bearer(city)).send({ findings: 'x' })).body).toMatchObject({ code: 'DESIGNATION_NOT_IN_FORCE' });
    });
  }, 180_000);

  it('keeps the Signal of a batch committed while Temporal is unreachable, and the reconciler delivers it', async () => {
    const { year } = await db.prisma.categoryLabel.findFirstOrThrow({ where: { uscc: B } });
    const connection = unreachableConnection();
    try {
      const offline = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key', taskQueue });
      const amr = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '市场监管' });
      const mark = await request(offline).post(`/api/v1/feeds/abnormal-marks?asOf=${year}-11-30`).set(bearer(amr)).send([{ uscc: B, reason: '未按期年报', markedOn: `${year}-11-28` }]);
      expect(mark.status).toBe(200);
      expect(mark.body).toMatchObject({ inserted: 1 });
      const pending = await db.pool.query('SELECT workflow_id, outcome, attempts FROM designation_signal WHERE batch_id = $1', [mark.body.batchId]);
      expect(pending.rows).toEqual([{ workflow_id: `designation-${year}-${B}`, outcome: null, attempts: 1 }]);
      expect(await deliverPendingDesignationSignals({ pool: db.pool, temporal: env.client }, { graceMs: 0 })).toBe(1);
      const delivered = await db.pool.query('SELECT outcome, attempts FROM designation_signal WHERE batch_id = $1', [mark.body.batchId]);
      expect(delivered.rows).toEqual([{ outcome: 'DELIVERED', attempts: 2 }]);
      const history = await env.client.workflow.getHandle(`designation-${year}-${B}`).fetchHistory();
      expect(history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'designationFactsChanged')).toHaveLength(1);
    } finally {
      await connection.close();
    }
  }, 60_000);
});
