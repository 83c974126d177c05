// The mail outbox in PostgreSQL (activities/notificationActivities.ts says how it is used): one
// notification row per (event, recipient) under a unique dedupe key, claimed by a sender for a lease and
// marked sent once SMTP accepted it; the event's NOTIFICATION_SENT audit written once.
import { auditEntry } from './audit';
import type { PrismaClient } from '../prisma/client';

export interface OutboxRow { dedupeKey: string; kind: string; principalId: string; subject: string; body: string }

/** Records the rows; a row already recorded (a retry) is skipped. */
export async function recordNotifications(prisma: PrismaClient, rows: OutboxRow[]): Promise<void> {
  await prisma.notification.createMany({ data: rows, skipDuplicates: true });
}

/** Claims an unsent row for `leaseMs` unless another sender holds it; its recipient and text, or null. */
export async function claimNotification(prisma: PrismaClient, dedupeKey: string, leaseMs: number): Promise<{ principal_id: string; subject: string; body: string } | null> {
  const claimed = await prisma.$queryRaw<{ principal_id: string; subject: string; body: string }[]>`
    UPDATE notification SET claimed_until = now() + ${leaseMs} * interval '1 millisecond', attempts = attempts + 1
    WHERE dedupe_key = ${dedupeKey} AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
    RETURNING principal_id::text, subject, body`;
  return claimed[0] ?? null;
}

/** Whether the row was sent already. */
export async function notificationSent(prisma: PrismaClient, dedupeKey: string): Promise<boolean> {
  return (await prisma.notification.count({ where: { dedupeKey, sentAt: { not: null } } })) === 1;
}

/** Lets the claim go (a failed send: the next attempt may try at once). */
export async function releaseNotification(prisma: PrismaClient, dedupeKey: string): Promise<void> {
  await prisma.notification.update({ where: { dedupeKey }, data: { claimedUntil: null } });
}

export async function markNotificationSent(prisma: PrismaClient, dedupeKey: string): Promise<void> {
  await prisma.notification.update({ where: { dedupeKey }, data: { sentAt: new Date(), claimedUntil: null } });
}

/** The event's NOTIFICATION_SENT audit, once per event (its idempotency key). */
export async function auditNotificationSent(prisma: PrismaClient, args: { eventKey: string; kind: string; recipients: number }): Promise<void> {
  await prisma.$transaction([
    auditEntry(prisma, {
      actorId: null, actorRole: 'SYSTEM', action: 'NOTIFICATION_SENT', targetType: 'notification', targetId: args.eventKey,
      after: { kind: args.kind, recipients: args.recipients }, idempotencyKey: `notification-sent:${args.eventKey}`,
    }),
  ]);
}
