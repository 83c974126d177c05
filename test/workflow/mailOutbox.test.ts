// The mail outbox through a real SMTP server (smtp-server): a sender that crashes between recording a
// mail and SMTP accepting it loses nothing and, retried, sends it exactly once; a refused send is sent
// by the retry; two attempts at once send one mail; a sent mail is never sent again.
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMailer } from '../../activities/mailer';
import { createNotificationActivities, type NotifyArgs } from '../../activities/notificationActivities';
import { freePort } from '../../scripts/freePort';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';
import { startSmtpServer } from '../support/smtp';
import { until } from '../support/until';

const LEASE_MS = 1_000;
let db: IsolatedDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const root = path.resolve(import.meta.dirname, '../..');
const mailer = () => createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'test <noreply@getihu.local>' });
const context = { taskTitle: '分型复核核实：92421321MA4D123451', uscc: '92421321MA4D123451', dueAt: '2040-08-01T00:00:00.000Z', outcome: '' };
const args = (eventKey: string): NotifyArgs => ({ kind: 'TASK_ASSIGNED', eventKey, audience: { role: 'GRASSROOTS_STAFF', county: '421381' }, context });
const mailsFor = (eventKey: string) => db.prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${eventKey}:` } } });

/** What Temporal does with a failing activity: try again until it completes (here at most 20 s). */
async function retried(notify: () => Promise<number>): Promise<number> {
  return until('notify to complete', async () => notify().catch(() => null), 20_000);
}

beforeAll(async () => {
  [db, smtp] = await Promise.all([isolatedDatabase(), startSmtpServer()]);
  const staff = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: '421381' });
  await db.prisma.principal.update({ where: { id: staff.id }, data: { email: 'staff@guangshui.example' } });
});
afterAll(async () => {
  await db?.drop();
  await smtp?.close();
});

describe('mail outbox', () => {
  it('a sender killed after recording the mail and before SMTP accepted it: the retry sends it, exactly once', { timeout: 90_000 }, async () => {
    if (inject('databaseKind') === 'pglite') return; // one connection: a second process cannot reach the database
    // An SMTP server that accepts the connection and never answers: the first sender is stuck mid-send when killed.
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    const silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/notifyProcess.ts')], {
      cwd: root, stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: db.url, SMTP_URL: `smtp://127.0.0.1:${silentPort}`, NOTIFY_ARGS: JSON.stringify(args('crash')), NOTIFY_LEASE_MS: String(LEASE_MS) },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until('the mail recorded and its send begun', async () => (await mailsFor('crash')).length === 1 && sockets.length > 0);
      child.kill('SIGKILL');
      await exited;
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
    expect(smtp.received.filter((m) => m.subject.includes('待办'))).toHaveLength(0);
    const [recorded] = await mailsFor('crash');
    expect(recorded).toMatchObject({ sentAt: null });

    const activities = createNotificationActivities(db.prisma, mailer(), { leaseMs: LEASE_MS });
    expect(await retried(() => activities.notify(args('crash')))).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ to: ['staff@guangshui.example'], subject: `【待办】${context.taskTitle}` });
    // A further retry (the activity's completion lost, say) sends nothing more and audits nothing more.
    expect(await activities.notify(args('crash'))).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    expect((await mailsFor('crash'))[0]!.sentAt).not.toBeNull();
    expect(await db.prisma.auditEntry.count({ where: { action: 'NOTIFICATION_SENT', targetId: 'crash' } })).toBe(1);
  });

  it('a send the SMTP server could not take is sent by the retry, once', async () => {
    const before = smtp.received.length;
    const down = createMailer({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, outboxDir: '/nonexistent', from: 'test <noreply@getihu.local>' });
    await expect(createNotificationActivities(db.prisma, down, { leaseMs: LEASE_MS }).notify(args('refused'))).rejects.toThrow();
    expect(await mailsFor('refused')).toEqual([expect.objectContaining({ sentAt: null })]);
    expect(await retried(() => createNotificationActivities(db.prisma, mailer(), { leaseMs: LEASE_MS }).notify(args('refused')))).toBe(1);
    expect(smtp.received.length - before).toBe(1);
  });

  it('two attempts of one notification at once send one mail', async () => {
    const before = smtp.received.length;
    const attempt = () => retried(() => createNotificationActivities(db.prisma, mailer(), { leaseMs: LEASE_MS }).notify(args('twice')));
    expect(await Promise.all([attempt(), attempt()])).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.length - before).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'NOTIFICATION_SENT', targetId: 'twice' } })).toBe(1);
  });
});
