// The `task` read model of the human-task layer, written as the owning workflow decides: a task is
// opened, claimed, reassigned or delegated, completed, sent back or cancelled. Every event is audited
// once: its id (the workflow's event counter) is the activity's idempotency key, so a retry changes nothing more.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import type { TaskEvent } from '../messages/taskMessages';
import { activityAuditKey } from '../data/audit';
import { addTaskItems, openTask } from '../data/tasks';
import { taskEventRow, writeTaskEvent, writeTaskEvents } from '../data/taskEvents';

export interface OpenTaskArgs {
  taskId: string;
  kind: string;
  title: string;
  workflowId: string;
  role: string;
  county: string | null;
  dueAt: string;
  year: number;
  uscc: string | null;
  items?: string[];
}

export function createTaskActivities(prisma: PrismaClient, pool: pg.Pool) {
  return {
    async openTask(args: OpenTaskArgs): Promise<void> {
      await openTask(prisma, args);
    },

    /** Items that joined an open task (objections received while it is open); a retry adds nothing twice. */
    async addTaskItems(args: { taskId: string; items: string[] }): Promise<void> {
      await addTaskItems(prisma, args.taskId, args.items);
    },

    /** Run as a local activity inside the action's Update by histories of before the batch below; older ones ran it as an activity. */
    async recordTaskEvent(event: TaskEvent): Promise<void> {
      await writeTaskEvent(pool, taskEventRow(event, activityAuditKey(`TASK_${event.action}`, 'task', event.taskId)));
    },

    /**
     * A board's events in order, as a local activity (workflows/humanTasks.ts): a completion, a send-back or a
     * cancellation with the claims before it that only the API has written so far, or the board's flush of those.
     */
    async recordTaskEvents(events: TaskEvent[]): Promise<void> {
      await writeTaskEvents(pool, events);
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
