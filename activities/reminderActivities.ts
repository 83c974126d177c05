// The reminder workflow's side effects (docs/policy.md#p-credit-repair-reminder), thin over
// data/reminders.ts: record a day's batch in the outbox (one transaction, audited with its counts), then
// send what is recorded and unsent, page by page, heartbeating the last key sent so a retry resumes there.
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import { recordDueReminders, unsentReminders, type RecordedReminders } from '../data/reminders';
import type { ReminderConfig } from '../domain/reminders/reminderConfig';
import type { PrismaClient } from '../prisma/client';
import type { SendMail } from './mailer';
import { createMailOutbox } from './notificationActivities';

export function createReminderActivities(prisma: PrismaClient, pool: pg.Pool, send: SendMail) {
  const outbox = createMailOutbox(prisma, send);
  return {
    async recordReminders(args: { date: string; config: ReminderConfig }): Promise<RecordedReminders> {
      return recordDueReminders(pool, args.date, args.config);
    },

    /** Sends every reminder recorded and not yet sent; fails (and is retried) while one is held by another sender. */
    async sendReminders(args: { pageSize: number }): Promise<number> {
      const context = Context.current();
      const resumed = context.info.heartbeatDetails as { after: string; sent: number } | undefined;
      let after = resumed?.after ?? '';
      let sent = resumed?.sent ?? 0;
      let held = 0;
      for (;;) {
        const keys = await unsentReminders(pool, after, args.pageSize);
        if (keys.length === 0) break;
        for (const key of keys) {
          if (await outbox.deliver(key)) sent++;
          else held++;
        }
        after = keys.at(-1)!;
        context.heartbeat({ after, sent });
      }
      if (held > 0) throw new Error(`${held} 封提醒邮件正由另一发送者处理，稍后重试`);
      return sent;
    },
  };
}

export type ReminderActivities = ReturnType<typeof createReminderActivities>;
