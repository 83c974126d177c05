// The `task` read model of the human-task layer, written as the owning workflow decides: a task is
// opened, claimed, reassigned or delegated, completed, sent back or cancelled. Every event is audited
// once: its id (the workflow's event counter) is the activity's idempotency key, so a retry changes nothing more.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import type { Actor, TaskStatus } from '../messages/taskMessages';
import { activityAuditKey } from '../data/audit';
import { addTaskItems, openTask } from '../data/tasks';
import { writeTaskEvent } from '../data/taskEvents';

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

export interface TaskEvent {
  eventId: string;
  taskId: string;
  action: string; // CLAIMED | UNCLAIMED | REASSIGNED | DELEGATED | COMPLETED | SENT_BACK | CANCELLED
  actor: Actor | null;
  status: TaskStatus;
  assigneeId: string | null;
  details: Record<string, unknown>;
  at: string;
}

const COMMENT_KIND: Record<string, string> = { SENT_BACK: 'SENT_BACK', REASSIGNED: 'REASSIGNED', DELEGATED: 'DELEGATED' };

export function createTaskActivities(prisma: PrismaClient, pool: pg.Pool) {
  return {
    async openTask(args: OpenTaskArgs): Promise<void> {
      await openTask(prisma, args);
    },

    /** Items that joined an open task (objections received while it is open); a retry adds nothing twice. */
    async addTaskItems(args: { taskId: string; items: string[] }): Promise<void> {
      await addTaskItems(prisma, args.taskId, args.items);
    },

    /** Run as a local activity inside the action's Update (workflows/humanTasks.ts); older histories ran it as an activity. */
    async recordTaskEvent(event: TaskEvent): Promise<void> {
      const note = (event.details.reason ?? event.details.note) as string | undefined;
      const commentKind = COMMENT_KIND[event.action];
      await writeTaskEvent(pool, {
        effectKey: `task-event:${event.taskId}:${event.eventId}`, taskId: event.taskId, action: `TASK_${event.action}`,
        actorId: event.actor?.id ?? null, actorRole: event.actor?.role ?? 'SYSTEM', actorName: event.actor?.name ?? null,
        status: event.status, assigneeId: event.assigneeId, finished: event.status !== 'OPEN', at: new Date(event.at),
        comment: commentKind && note ? { kind: commentKind, text: note } : null,
        after: { status: event.status, assigneeId: event.assigneeId, ...event.details }, requestId: event.eventId,
        auditKey: activityAuditKey(`TASK_${event.action}`, 'task', event.taskId),
      });
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
