// Notifications to the people a process concerns: the county's staff, its administrator, the household.
// A mail outbox: each (process event, recipient) is recorded first (unique key, so a retry records
// nothing twice), then sent by a retrying sender that claims the row for a lease and marks sent_at once
// SMTP has accepted it. A crash after recording loses nothing (the retry, or a later one once a crashed
// sender's lease lapses, sends it); a sent row is never sent again. The one window left: SMTP accepted
// and the process died before sent_at was written — the mail goes again, with the same Message-ID.
import { createHash } from 'node:crypto';
import { renderNotification, type NotificationContext, type NotificationKind } from '../domain/notifications';
import type { PrismaClient } from '../prisma/client';
import {
  auditNotificationSent, claimNotification, markNotificationSent, notificationSent, recordNotifications, releaseNotification,
} from '../data/notifications';
import { findPrincipal, mailRecipients, type RecipientFilter } from '../data/principals';
import type { SendMail } from './mailer';

/** Staff of a role (in a county, or city-wide when county is null), a household, or one person. */
export type Audience = { role: string; county: string | null } | { household: string } | { principalId: string };

function recipientsOf(audience: Audience): RecipientFilter {
  if ('household' in audience) return { role: 'HOUSEHOLD', uscc: audience.household };
  if ('principalId' in audience) return { id: audience.principalId };
  return audience.county === null ? { role: audience.role } : { role: audience.role, county: audience.county };
}

export interface NotifyArgs {
  kind: NotificationKind;
  /** Identifies the event, e.g. `${workflowId}:TASK_REMINDER`. */
  eventKey: string;
  audience: Audience;
  context: NotificationContext;
}

export interface OutboxOptions {
  /** How long a sender's claim on a row keeps other senders off it (default 5 minutes: longer than the activity's timeout and the mailer's own). */
  leaseMs?: number;
}

/** The same Message-ID on every attempt of one outbox row, so a receiver can tell a resend. */
const messageIdOf = (dedupeKey: string) => `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@getihu.local>`;

export function createMailOutbox(prisma: PrismaClient, send: SendMail, options: OutboxOptions = {}) {
  const leaseMs = options.leaseMs ?? 300_000;

  /** Sends one row unless it was sent or another sender holds it; true when it is sent now or was before. */
  async function deliver(dedupeKey: string): Promise<boolean> {
    const row = await claimNotification(prisma, dedupeKey, leaseMs);
    if (!row) return notificationSent(prisma, dedupeKey);
    const recipient = await findPrincipal(prisma, row.principal_id);
    try {
      // An address removed since recording: nobody to send to, and nothing to retry.
      if (recipient?.email) await send({ to: recipient.email, subject: row.subject, text: row.body, messageId: messageIdOf(dedupeKey) });
    } catch (error) {
      await releaseNotification(prisma, dedupeKey); // the next attempt may try at once
      throw error;
    }
    await markNotificationSent(prisma, dedupeKey);
    return true;
  }

  return { deliver };
}

export function createNotificationActivities(prisma: PrismaClient, send: SendMail, options: OutboxOptions = {}) {
  const outbox = createMailOutbox(prisma, send, options);
  return {
    /** Records the event's mail and sends it; fails (and is retried) until every recipient's mail is sent. Returns the recipients. */
    async notify(args: NotifyArgs): Promise<number> {
      const recipients = await mailRecipients(prisma, recipientsOf(args.audience));
      if (recipients.length === 0) return 0;
      const { subject, text } = renderNotification(args.kind, args.context);
      const rows = recipients.map((r) => ({ dedupeKey: `${args.eventKey}:${r.id}`, kind: args.kind, principalId: r.id, subject, body: text }));
      await recordNotifications(prisma, rows);
      let unsent = 0;
      for (const row of rows) if (!(await outbox.deliver(row.dedupeKey))) unsent++;
      if (unsent > 0) throw new Error(`${unsent} 封通知邮件正由另一发送者处理或尚未发出，稍后重试`);
      await auditNotificationSent(prisma, { eventKey: args.eventKey, kind: args.kind, recipients: rows.length });
      return rows.length;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
