// Notifications of a recheck through a real SMTP server (smtp-server), on the time-skipping test
// server: assignment, a reminder before the due date, escalation to the county administrator when
// overdue, expiry at the re-run, and the outcome to the household.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { freePort } from '../../scripts/freePort';
import { recheckWorkflow } from '../../workflows/recheck';
import { createProgrammeWorker } from '../../worker';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { bundleWorkflows, timeSkippingEnvironment } from '../support/temporal';

interface Received {
  to: string[];
  subject: string;
}

/** Decodes RFC 2047 encoded words (nodemailer encodes Chinese subjects). */
function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

let env: TestWorkflowEnvironment;
let db: IsolatedDatabase;
let worker: Worker;
let smtp: SMTPServer;
const received: Received[] = [];

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const header = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
        const subject = decodeHeader(/^Subject: (.*)$/im.exec(header)?.[1] ?? '');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  let bundle;
  [env, bundle, db] = await Promise.all([timeSkippingEnvironment(), bundleWorkflows(), isolatedDatabase()]);
  worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma: db.prisma, pool: db.pool, taskQueue: 'notify', workflowBundle: bundle,
    mail: { smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: '/nonexistent' },
  });
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
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
