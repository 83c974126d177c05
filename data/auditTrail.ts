// Reading the audit trail (written by data/audit.ts): filtered, newest first, keyset-paged over chain_seq.
import type { Prisma, PrismaClient } from '../prisma/client';

export interface AuditFilter {
  actorId?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string;
  /** Only entries before this chain_seq (the previous page's last). */
  before?: string;
}

/** Up to `take` entries matching the filter, newest (highest chain_seq) first. */
export function listAuditEntries(prisma: PrismaClient, q: AuditFilter, take: number) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.targetType ? { targetType: q.targetType } : {}),
    ...(q.targetId ? { targetId: q.targetId } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
    ...(q.before ? { chainSeq: { lt: BigInt(q.before) } } : {}),
  };
  return prisma.auditEntry.findMany({ where, orderBy: { chainSeq: 'desc' }, take });
}

/**
 * An application's timeline: its own audit entries, its tasks' and its objections' (oldest first, at most
 * 1000), with each task's kind; null when the household has no application that year.
 */
export async function applicationTimelineEntries(prisma: PrismaClient, year: number, uscc: string) {
  const application = await prisma.application.findUnique({ where: { year_uscc: { year, uscc } }, select: { id: true } });
  if (!application) return null;
  const [tasks, objections] = await Promise.all([
    prisma.task.findMany({ where: { uscc, year }, select: { id: true, kind: true } }),
    prisma.objection.findMany({ where: { uscc, year }, select: { id: true } }),
  ]);
  const entries = await prisma.auditEntry.findMany({
    where: {
      OR: [
        { targetType: 'application', targetId: application.id },
        { targetType: 'task', targetId: { in: tasks.map((t) => t.id) } },
        { targetType: 'objection', targetId: { in: objections.map((o) => o.id) } },
      ],
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: 1000,
  });
  return { entries, taskKinds: new Map(tasks.map((t) => [t.id, t.kind])) };
}
