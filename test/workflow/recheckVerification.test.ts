// The recheck's verification completes through the task board's generic Update (completeTask), like
// every other task: one way in, one set of checks in its validator (the filer, bad decisions, the wrong
// county, a task no longer open are refused and record nothing), then the decision and its corrections.
// Record its history with RECORD_REPLAY_HISTORIES=1 (test/replay/histories/v<version>/recheckVerifiedThroughTask.json).
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { recheckWorkflow } from '../../workflows/recheck';
import { recheckViewQuery } from '../../messages/recheckMessages';
import { recheckTaskId } from '../../messages/ids';
import { claimTaskUpdate, completeTaskUpdate } from '../../messages/taskMessages';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { recordHistory } from '../support/replayHistories';
import { startSmtpServer } from '../support/smtp';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';
import { until } from '../support/until';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue: 'recheck-verification', workflowBundle: bundle,
    mail: { smtpUrl: smtp.url, outboxDir: '/nonexistent' },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
  await smtp?.close();
});

describe('the recheck verification', () => {
  it('completes through completeTask with the recheck\'s own checks in its validator, then records the decision once', async () => {
    const county = '421321';
    const uscc = '92421321MA4D123452';
    const staff = async (role: 'GRASSROOTS_STAFF' | 'COUNTY_AMR', inCounty: string, name?: string) =>
      ({ id: (await createPrincipal(db.prisma, role, { county: inCounty, ...(name ? { name } : {}) })).id, role, county: inCounty });
    const filer = await staff('GRASSROOTS_STAFF', county);
    const verifier = await staff('GRASSROOTS_STAFF', county, '张三');
    const elsewhere = await staff('GRASSROOTS_STAFF', '421303');
    const actor = (p: { id: string; role: string; county: string }) => ({ id: p.id, role: p.role, county: p.county });
    const recheckId = '7f1d2c3b-0000-4000-8000-000000000888';
    const taskId = recheckTaskId(recheckId);
    const now = await env.currentTimeMs();
    const day = 86_400_000;

    await worker.runUntil(async () => {
      const recheck = await env.client.workflow.start(recheckWorkflow, {
        workflowId: `recheck-2040-${uscc}`,
        taskQueue: 'recheck-verification',
        args: [{
          recheckId, year: 2040, uscc, county, disputed: [{ feature: 'revenue', claimedValue: 200_000 }, { feature: 'employees', claimedValue: 3 }],
          submittedBy: { id: filer.id, role: filer.role }, dueAt: new Date(now + 20 * day).toISOString(), expiresAt: new Date(now + 40 * day).toISOString(),
        }],
      });
      await until('the verification task in the task table', () => db.prisma.task.findUnique({ where: { id: taskId } }));
      const complete = (who: Parameters<typeof actor>[0], payload: unknown) => recheck.executeUpdate(completeTaskUpdate, { args: [taskId, actor(who), payload] });
      const both = { decisions: [{ feature: 'revenue', accept: true, value: 200_000, reason: '核对发票与流水属实' }, { feature: 'employees', accept: false, reason: '参保记录不支持' }] };

      // Refused by the validator, recording nothing: the filer, an incomplete decision, another county.
      await expect(complete(filer, both)).rejects.toMatchObject({ cause: { type: 'RECHECK_SELF_VERIFICATION' } });
      await expect(complete(verifier, { decisions: both.decisions.slice(0, 1) })).rejects.toMatchObject({ cause: { type: 'RECHECK_INVALID_DECISIONS', message: expect.stringContaining('争议数值') } });
      await expect(complete(verifier, { decisions: [{ ...both.decisions[0], reason: ' ' }, both.decisions[1]] })).rejects.toMatchObject({ cause: { type: 'RECHECK_INVALID_DECISIONS' } });
      await expect(complete(elsewhere, both)).rejects.toMatchObject({ cause: { type: 'TASK_NOT_ELIGIBLE' } });
      // The filer cannot claim it either; a claimant's colleague cannot complete it.
      await expect(recheck.executeUpdate(claimTaskUpdate, { args: [taskId, actor(filer)] })).rejects.toMatchObject({ cause: { type: 'RECHECK_SELF_VERIFICATION' } });
      await recheck.executeUpdate(claimTaskUpdate, { args: [taskId, actor(verifier)] });
      const colleague = await staff('COUNTY_AMR', county);
      await expect(complete(colleague, both)).rejects.toMatchObject({ cause: { type: 'TASK_NOT_CLAIMANT' } });
      expect(await db.prisma.correction.count()).toBe(0);
      expect((await recheck.query(recheckViewQuery)).status).toBe('AWAITING_VERIFICATION');

      // The claimant completes it: the Update answers once the decision and its correction are recorded.
      const task = await complete(verifier, both);
      expect(task).toMatchObject({ taskId, kind: 'RECHECK_VERIFY', status: 'COMPLETED', assigneeId: verifier.id });
      expect(await db.prisma.correction.findMany({ where: { recheckId } })).toEqual([expect.objectContaining({ feature: 'revenue', correctedBy: verifier.id, correctorName: '张三' })]);
      expect(await db.prisma.recheck.findUniqueOrThrow({ where: { id: recheckId } })).toMatchObject({ status: 'RESOLVED_CORRECTED', decidedBy: verifier.id });
      // A second completion is refused: by the validator while the workflow is still closing, or as a
      // closed workflow once it has ended (its decision is written within the Update, so it may end at once).
      const again = await complete(verifier, both).then(() => null, (error: unknown) => error);
      expect(again instanceof WorkflowNotFoundError || (again as { cause?: { type?: string } } | null)?.cause?.type === 'TASK_NOT_OPEN', String(again)).toBe(true);

      const view = await recheck.result();
      expect(view).toMatchObject({ status: 'RESOLVED_CORRECTED', decisions: both.decisions, assigneeId: verifier.id });
      expect(await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'COMPLETED' });
      expect(await db.prisma.auditEntry.count({ where: { action: 'RECHECK_VERIFIED', targetId: recheckId } })).toBe(1);
      await recordHistory('recheckVerifiedThroughTask.json', () => recheck.fetchHistory());
    });
  });
});
