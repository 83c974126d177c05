// The task board's rows (the `task` read model) as the owning workflow opens them and adds items to them.
// The events of a task (claim, completion, …) are written by data/taskEvents.ts.
import type { Prisma, PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export interface OpenTaskRow {
  taskId: string; kind: string; title: string; workflowId: string; role: string; county: string | null; dueAt: string; year: number; uscc: string | null; items?: string[];
}

/** Opens a task once (a retry finds it and writes nothing), audited. */
export async function openTask(prisma: PrismaClient, args: OpenTaskRow): Promise<void> {
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
}

/**
 * Items that joined an open task, appended in order; an item already there is not added twice. The board
 * adds items as soon as it has opened the task, so this may run before `openTask` has committed the row:
 * then nothing is updated and it throws, and the activity's retry adds them to the row.
 */
export async function addTaskItems(prisma: PrismaClient, taskId: string, items: string[]): Promise<void> {
  const updated = await prisma.$executeRaw`
    UPDATE task SET items = items || ARRAY(SELECT x FROM unnest(${items}::text[]) WITH ORDINALITY AS t(x, n) WHERE NOT x = ANY(items) ORDER BY n),
                    version = version + 1
    WHERE id = ${taskId}`;
  if (updated === 0) throw new TaskNotRecordedYet(taskId);
}

/** Up to `take` tasks matching `where` (the inbox's filters and visibility), by due date and id. */
export const tasksPage = (prisma: PrismaClient, where: Prisma.TaskWhereInput, take: number) =>
  prisma.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take });

/** The task if `visibility` lets it be seen, with its comments in order. */
export const findVisibleTaskWithComments = (prisma: PrismaClient, id: string, visibility: Prisma.TaskWhereInput) =>
  prisma.task.findFirst({ where: { AND: [{ id }, visibility] }, include: { comments: { orderBy: { id: 'asc' } } } });

/** The task if `visibility` lets it be seen. */
export const findVisibleTask = (prisma: PrismaClient, id: string, visibility: Prisma.TaskWhereInput) =>
  prisma.task.findFirst({ where: { AND: [{ id }, visibility] } });

/** Where a task is decided and what the API checks before asking it (set when the task opens, never changed), or null. */
export const findTaskAddress = (prisma: PrismaClient, id: string) =>
  prisma.task.findUnique({ where: { id }, select: { id: true, workflowId: true, county: true, kind: true } });

/** The task was closed before the comment could land (nothing written). */
export class TaskNotOpen extends Error {}

/** A write to a task's row that came before `openTask` committed it: the caller (an activity, the board's flush) retries. */
export class TaskNotRecordedYet extends Error {
  constructor(taskId: string) {
    super(`task ${taskId} is not recorded yet`);
  }
}

/**
 * A comment on an open task, audited. The task row is locked (FOR SHARE) against a concurrent close: the
 * comment lands before the close, or TaskNotOpen is thrown.
 */
export async function addTaskComment(
  prisma: PrismaClient,
  taskId: string,
  author: { id: string; role: string; name: string; requestId: string },
  text: string,
) {
  return prisma.$transaction(async (tx) => {
    // Locks the task row against a concurrent close: a comment lands before the close or is refused.
    const [current] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status FROM task WHERE id = ${taskId} FOR SHARE`;
    if (current?.status !== 'OPEN') throw new TaskNotOpen(taskId);
    const created = await tx.taskComment.create({ data: { taskId, authorId: author.id, author: author.name, kind: 'COMMENT', text } });
    await writeAudit(tx, { actorId: author.id, actorRole: author.role, action: 'TASK_COMMENTED', targetType: 'task', targetId: taskId, after: { text }, requestId: author.requestId });
    return created;
  });
}
