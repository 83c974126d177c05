// The task board's rows (the `task` read model) as the owning workflow opens them and adds items to them.
// The events of a task (claim, completion, …) are written by data/taskEvents.ts.
import type { PrismaClient } from '../prisma/client';
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

/** Items that joined an open task, appended in order; an item already there is not added twice. */
export async function addTaskItems(prisma: PrismaClient, taskId: string, items: string[]): Promise<void> {
  await prisma.$executeRaw`
    UPDATE task SET items = items || ARRAY(SELECT x FROM unnest(${items}::text[]) WITH ORDINALITY AS t(x, n) WHERE NOT x = ANY(items) ORDER BY n),
                    version = version + 1
    WHERE id = ${taskId}`;
}
