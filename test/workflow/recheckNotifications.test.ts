// Notifications of a recheck through a real SMTP server (smtp-server), on the time-skipping test
// server: assignment, a reminder before the due date, escalation to the county administrator when
// overdue, expiry at the re-run, and the outcome to the household.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { recheckWorkflow } from '../../workflows/recheck';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { startSmtpServer, type ReceivedMail } from '../support/smtp';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: ReceivedMail[];

beforeAll(async () => {
  smtp = await startSmtpServer();
  received = smtp.received;
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue: 'notify', workflowBundle: bundle,
    mail: { smtpUrl: smtp.url, outboxDir: '/nonexistent' },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
  await smtp?.close();
});

describe('recheck notifications', () => {
  it('reminds, then escalates an overdue task by email, and tells the household the outcome', async () => {
    const county = '421321';
    const uscc = '92421321MA4D123451';
    await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county });
    await db.prisma.principal.updateMany({ where: { role: 'GRASSROOTS_STAFF' }, data: { email: 'staff@suixian.example' } });
    const admin = await createPrincipal(db.prisma, 'COUNTY_AMR', { county });
    await db.prisma.principal.update({ where: { id: admin.id }, data: { email: 'admin@suixian.example' } });
    const household = await createPrincipal(db.prisma, 'HOUSEHOLD', { uscc });
    await db.prisma.principal.update({ where: { id: household.id }, data: { email: 'owner@example.com' } });
    await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: '421303' }); // another county: never notified

    const now = await env.currentTimeMs();
    const day = 86_400_000;
    const view = await worker.runUntil(
      env.client.workflow.execute(recheckWorkflow, {
        workflowId: `recheck-2040-${uscc}`,
        taskQueue: 'notify',
        args: [{
          recheckId: '7f1d2c3b-0000-4000-8000-000000000777', year: 2040, uscc, county, disputed: [{ feature: 'employees', claimedValue: 3 }],
          submittedBy: { id: household.id, role: 'HOUSEHOLD' }, dueAt: new Date(now + 5 * day).toISOString(), expiresAt: new Date(now + 10 * day).toISOString(),
        }],
      }),
    );
    expect(view.status).toBe('EXPIRED');
    expect(received.map((m) => [m.to.join(), m.subject])).toEqual([
      ['staff@suixian.example', `【待办】分型复核核实：${uscc}`],
      ['staff@suixian.example', `【即将到期】分型复核核实：${uscc}`],
      ['admin@suixian.example', `【已超期】分型复核核实：${uscc}`],
      ['owner@example.com', '【分型复核结果】您提交的复核已办结'],
    ]);
    expect(await db.prisma.notification.count()).toBe(4);
    expect(await db.prisma.task.findFirstOrThrow({ where: { kind: 'RECHECK_VERIFY' } })).toMatchObject({ status: 'EXPIRED' });
  });
});
