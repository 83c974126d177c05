// The `task` read model of the human-task layer, written as the owning workflow decides: a task is
// opened, claimed, reassigned or delegated, completed, sent back or cancelled. Every event is audited
// once: its id (the workflow's event counter) is the activity's idempotency key, so a retry changes nothing more.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import type { Actor, TaskStatus } from '../messages/taskMessages';
import { activityAuditKey, writeAudit } from '../data/audit';
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
      await prisma.$transaction(async (tx) => {
        if (await tx.task.findUnique({ where: { id: args.taskId } })) return;
        await tx.task.create({
          data: {
            id: args.taskId, kind: args.kind, title: args.title, workflowId: args.workflowId, county: args.county, role: args.role, status: 'OPEN',
            dueAt: new Date(args.dueAt), year: args.year, uscc: args.uscc, items: args.items ?? [],
          },
        });
        await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'TASK_OPENED', targetType: 'task', targetId: args.taskId, after: { kind: args.kind, role: args.role, county: args.county, dueAt: args.dueAt } });
      });
    },

    /** Items that joined an open task (objections received while it is open); a retry adds nothing twice. */
    async addTaskItems(args: { taskId: string; items: string[] }): Promise<void> {
      await prisma.$executeRaw`
        UPDATE task SET items = items || ARRAY(SELECT x FROM unnest(${args.items}::text[]) WITH ORDINALITY AS t(x, n) WHERE NOT x = ANY(items) ORDER BY n),
                        version = version + 1
        WHERE id = ${args.taskId}`;
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
