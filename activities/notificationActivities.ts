// Notifications to the people a process concerns: the county's staff, its administrator, the household.
// Each (process event, recipient) is recorded before sending, so a retried activity mails nobody twice.
import { renderNotification, type NotificationContext, type NotificationKind } from '../domain/notifications';
import { Prisma, type PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';
import type { SendMail } from './mailer';

/** Staff of a role (in a county, or city-wide when county is null), a household, or one person. */
export type Audience = { role: string; county: string | null } | { household: string } | { principalId: string };

function recipientsOf(audience: Audience) {
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

export function createNotificationActivities(prisma: PrismaClient, send: SendMail) {
  return {
    /** Returns how many people were notified by this call. */
    async notify(args: NotifyArgs): Promise<number> {
      const recipients = await prisma.principal.findMany({ where: { ...recipientsOf(args.audience), disabled: false, email: { not: null } } });
      const { subject, text } = renderNotification(args.kind, args.context);
      let sent = 0;
      for (const r of recipients) {
        const dedupeKey = `${args.eventKey}:${r.id}`;
        try {
          await prisma.notification.create({ data: { dedupeKey, kind: args.kind, principalId: r.id, subject } });
        } catch (error) {
          if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue; // sent before
          throw error;
        }
        try {
          await send({ to: r.email!, subject, text });
          sent++;
        } catch (error) {
          await prisma.notification.delete({ where: { dedupeKey } }); // not sent: the retry must try again
          throw error;
        }
      }
      if (sent > 0) {
        await writeAudit(prisma, { actorId: null, actorRole: 'SYSTEM', action: 'NOTIFICATION_SENT', targetType: 'notification', targetId: args.eventKey, after: { kind: args.kind, recipients: sent } });
      }
      return sent;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
