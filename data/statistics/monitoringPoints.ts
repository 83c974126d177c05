// Adding and removing a 联系点 monitoring household: one row per (year, uscc), audited in the same
// transaction. A removal keeps the row (who, when, why); adding it again reopens it with the new reason.
import type { PrismaClient } from '../../prisma/client';
import { auditEntry } from '../audit';

export interface PointActor { id: string; role: string; requestId: string | null }

export type PointOutcome = 'ADDED' | 'ALREADY_MONITORED' | 'REMOVED' | 'NOT_MONITORED';

export async function addMonitoringPoint(prisma: PrismaClient, actor: PointActor, p: { year: number; uscc: string; county: string; reason: string }): Promise<PointOutcome> {
  return prisma.$transaction(async (tx) => {
    // Lock the row (if any) so two additions of the same household cannot both succeed.
    const [existing] = await tx.$queryRaw<Array<{ removed_at: Date | null }>>`SELECT removed_at FROM monitoring_point WHERE year = ${p.year} AND uscc = ${p.uscc} FOR UPDATE`;
    if (existing && !existing.removed_at) return 'ALREADY_MONITORED';
    const data = { county: p.county, reason: p.reason, addedBy: actor.id, addedAt: new Date(), removedBy: null, removedAt: null, removeReason: null };
    await tx.monitoringPoint.upsert({ where: { year_uscc: { year: p.year, uscc: p.uscc } }, create: { year: p.year, uscc: p.uscc, ...data }, update: data });
    await auditEntry(tx, {
      actorId: actor.id, actorRole: actor.role, action: 'MONITORING_POINT_ADDED', targetType: 'monitoring_point', targetId: `${p.year}/${p.uscc}`,
      before: existing ? { removedAt: existing.removed_at } : null, after: { county: p.county, reason: p.reason }, requestId: actor.requestId,
    });
    return 'ADDED';
  });
}

export async function removeMonitoringPoint(prisma: PrismaClient, actor: PointActor, p: { year: number; uscc: string; reason: string }): Promise<PointOutcome> {
  return prisma.$transaction(async (tx) => {
    const done = await tx.monitoringPoint.updateMany({
      where: { year: p.year, uscc: p.uscc, removedAt: null },
      data: { removedAt: new Date(), removedBy: actor.id, removeReason: p.reason },
    });
    if (done.count === 0) return 'NOT_MONITORED';
    await auditEntry(tx, {
      actorId: actor.id, actorRole: actor.role, action: 'MONITORING_POINT_REMOVED', targetType: 'monitoring_point', targetId: `${p.year}/${p.uscc}`,
      after: { reason: p.reason }, requestId: actor.requestId,
    });
    return 'REMOVED';
  });
}
