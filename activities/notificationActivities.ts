// Notifications to the people a process concerns: the county's staff, its administrator, the household.
// Each (process event, recipient) is recorded before sending, so a retried activity mails nobody twice.
import { renderNotification, type NotificationContext, type NotificationKind } from '../domain/notifications';
import { Prisma, type PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';
import type { SendMail } from './mailer';

export type Audience = { role: 'GRASSROOTS_STAFF' | 'COUNTY_AMR'; county: string } | { household: string };

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
      const where = 'household' in args.audience ? { role: 'HOUSEHOLD', uscc: args.audience.household } : { role: args.audience.role, county: args.audience.county };
      const recipients = await prisma.principal.findMany({ where: { ...where, disabled: false, email: { not: null } } });
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
