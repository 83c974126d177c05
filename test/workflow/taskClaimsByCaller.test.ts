// Claims and unclaims answer their event to the caller, who writes it (docs/architecture.md#task-board):
// what happens when the caller never writes it (it crashed after the answer), when it writes events out of
// order, when a completion follows claims only the caller has written, and that what the caller wrote with an
// asynchronous commit is on disk before the board stops keeping it. Real Temporal (time-skipping) and real
// PostgreSQL; the worker and its local activities are the programme's own.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { writeTaskEvents } from '../../data/taskEvents';
import { recheckTaskId } from '../../messages/ids';
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate } from '../../messages/taskMessages';
import { createProgrammeWorker } from '../../worker';
import { createAsyncCommitPool } from '../../prisma/client';
import { walFlushedPast, walInsertPosition } from '../../data/walFlush';
import { UNWRITTEN_EVENTS_FLUSH } from '../../workflows/humanTasks';
import { recheckWorkflow } from '../../workflows/recheck';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { recordHistory } from '../support/replayHistories';
import { startSmtpServer } from '../support/smtp';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const taskQueue = 'task-claims-by-caller';

beforeAll(async () => {
  smtp = await startSmtpServer();
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
});
/** A worker runs once: each test has its own, on the same bundle. */
const newWorker = (): Promise<Worker> => createProgrammeWorker({
  connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue, workflowBundle: bundle,
  mail: { smtpUrl: smtp.url, outboxDir: '/nonexistent' },
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
  await smtp?.close();
});

const county = '421321';

/**
 * A recheck filed by one officer of 随县 for another to verify, its task opened; due and expiring `dueInMs`
 * and `expiresInMs` from now (server time). Runs inside a worker's runUntil.
 */
async function openRecheck(uscc: string, recheckId: string, dueInMs: number, expiresInMs: number) {
  const staff = async (name: string) => ({ id: (await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county, name })).id, role: 'GRASSROOTS_STAFF', county });
  const [filer, verifier] = [await staff(`申请人${recheckId.slice(-3)}`), await staff(`核实员${recheckId.slice(-3)}`)];
  const taskId = recheckTaskId(recheckId);
  const now = await env.currentTimeMs();
  const recheck = await env.client.workflow.start(recheckWorkflow, {
    workflowId: `recheck-2041-${uscc}`, taskQueue,
    args: [{
      recheckId, year: 2041, uscc, county, disputed: [{ feature: 'revenue', claimedValue: 150_000 }],
      submittedBy: { id: filer.id, role: filer.role }, dueAt: new Date(now + dueInMs).toISOString(), expiresAt: new Date(now + expiresInMs).toISOString(),
    }],
  });
  await until('the verification task', () => db.prisma.task.findUnique({ where: { id: taskId } }));
  const audited = (action: string) => db.prisma.auditEntry.count({ where: { targetType: 'task', targetId: taskId, action } });
  return { recheck, taskId, verifier, audited };
}

describe('claims written by their caller', () => {
  it('are written by the board when the caller never does, never regress the row when late, and are audited once', async () => {
    await (await newWorker()).runUntil(async () => {
      const day = 86_400_000;
      const { recheck, taskId, verifier, audited } = await openRecheck('92421321MA4D123460', '7f1d2c3b-0000-4000-8000-000000000777', 20 * day, 40 * day);
      const row = () => db.prisma.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, assigneeId: true } });

      // A caller that got the answer and failed before writing: the workflow decided, the read model has
      // not heard of it yet; the board writes it once the flush delay has passed.
      const claimed = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
      expect(claimed).toMatchObject({ taskId, assigneeId: verifier.id, event: { action: 'CLAIMED', taskId, assigneeId: verifier.id, actor: { id: verifier.id } } });
      expect(await row()).toEqual({ status: 'OPEN', assigneeId: null });
      expect(await audited('TASK_CLAIMED')).toBe(0);
      await env.sleep(UNWRITTEN_EVENTS_FLUSH);
      await until('the board\'s own write', async () => (await row()).assigneeId === verifier.id);
      expect(await audited('TASK_CLAIMED')).toBe(1);
      // The caller's late write of the same event changes nothing.
      expect(await writeTaskEvents(db.pool, [claimed.event!])).toEqual([false]);
      expect(await audited('TASK_CLAIMED')).toBe(1);

      // Events written out of order (the last unclaim's caller was quicker than the two before): the row keeps the newest.
      const unclaimed = await recheck.executeUpdate(unclaimTaskUpdate, { args: [taskId, verifier] });
      const reclaimed = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
      const again = await recheck.executeUpdate(unclaimTaskUpdate, { args: [taskId, verifier] });
      expect(await writeTaskEvents(db.pool, [again.event!])).toEqual([true]);
      expect(await row()).toEqual({ status: 'OPEN', assigneeId: null });
      expect(await writeTaskEvents(db.pool, [unclaimed.event!, reclaimed.event!])).toEqual([true, true]);
      expect(await row()).toEqual({ status: 'OPEN', assigneeId: null });
      expect([await audited('TASK_CLAIMED'), await audited('TASK_UNCLAIMED')]).toEqual([2, 2]);

      // A claim nobody wrote, then the completion: written in one local activity, the claim first; the
      // board's flush finds nothing left, and every event is audited exactly once.
      const last = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
      expect(last.event).toBeDefined();
      const done = await recheck.executeUpdate(completeTaskUpdate, { args: [taskId, verifier, { decisions: [{ feature: 'revenue', accept: true, value: 150_000, reason: '核对发票与流水属实' }] }] });
      expect(done).toMatchObject({ status: 'COMPLETED', assigneeId: verifier.id });
      expect(done).not.toHaveProperty('event');
      expect(await row()).toEqual({ status: 'COMPLETED', assigneeId: verifier.id });
      expect([await audited('TASK_CLAIMED'), await audited('TASK_COMPLETED')]).toEqual([3, 1]);
      expect(await writeTaskEvents(db.pool, [last.event!])).toEqual([false]);
      await env.sleep(UNWRITTEN_EVENTS_FLUSH);
      expect(await row()).toEqual({ status: 'COMPLETED', assigneeId: verifier.id });
      expect([await audited('TASK_CLAIMED'), await audited('TASK_UNCLAIMED'), await audited('TASK_COMPLETED')]).toEqual([3, 2, 1]);
      await recordHistory('recheckClaimsByCaller.json', () => recheck.fetchHistory());
    });
  }, 120_000);

  it('are written, before the task\'s end, when the task expires before the board\'s flush', async () => {
    await (await newWorker()).runUntil(async () => {
      // Due in 30 s and expiring in 60 s: both well before the flush (2 minutes after the claim).
      const { recheck, taskId, verifier, audited } = await openRecheck('92421321MA4D123479', '7f1d2c3b-0000-4000-8000-000000000778', 30_000, 60_000);
      const claimed = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
      expect(claimed.event).toBeDefined(); // nobody writes it: the caller "crashed"
      await recheck.result();
      expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, assigneeId: true } })).toEqual({ status: 'EXPIRED', assigneeId: verifier.id });
      expect([await audited('TASK_CLAIMED'), await audited('TASK_EXPIRED')]).toEqual([1, 1]);
    });
  }, 120_000);

  // The API writes claims through a pool whose commits do not wait for the disk; the board's write that finds
  // them written (and then stops keeping them) must leave them on disk. Checked by the WAL: flushed past them.
  it.skipIf(inject('databaseKind') === 'pglite')('found written by an asynchronous commit, are on disk before the board lets them go', async () => {
    const apiPool = createAsyncCommitPool(db.url, 1);
    try {
      await (await newWorker()).runUntil(async () => {
        const { recheck, taskId, verifier } = await openRecheck('92421321MA4D123487', '7f1d2c3b-0000-4000-8000-000000000779', 20 * 86_400_000, 40 * 86_400_000);
        // Nothing else commits meanwhile (the task's mail): only the board's write can move the WAL's flush past the API's.
        await until('the task\'s notification sent', async () => !(await recheck.describe()).raw.pendingActivities?.length);
        const walAfterApiWrite = async (event: Parameters<typeof writeTaskEvents>[1][number]) => {
          expect(await writeTaskEvents(apiPool, [event])).toEqual([true]);
          return walInsertPosition(db.pool);
        };

        // One event found written (a late second write, the board's flush of a single claim).
        const claimed = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
        const one = await walAfterApiWrite(claimed.event!);
        expect(await writeTaskEvents(db.pool, [claimed.event!])).toEqual([false]);
        expect(await walFlushedPast(db.pool, one)).toBe(true);

        // Several (the flush of a burst): one query finds them, one lock makes them durable.
        const unclaimed = await recheck.executeUpdate(unclaimTaskUpdate, { args: [taskId, verifier] });
        const reclaimed = await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, verifier] });
        await walAfterApiWrite(unclaimed.event!);
        const both = await walAfterApiWrite(reclaimed.event!);
        expect(await writeTaskEvents(db.pool, [unclaimed.event!, reclaimed.event!])).toEqual([false, false]);
        expect(await walFlushedPast(db.pool, both)).toBe(true);
        expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId }, select: { assigneeId: true } })).toEqual({ assigneeId: verifier.id });
      });
    } finally {
      await apiPool.end();
    }
  }, 120_000);
});
