// Departments' recommendations in PostgreSQL: one row per recommendation id, recorded with its audit entry.
import type { Prisma, PrismaClient } from '../prisma/client';
import { auditEntry } from './audit';

export const findRecommendation = (prisma: PrismaClient, id: string) => prisma.recommendation.findUnique({ where: { id } });
export const findRecommendationOrThrow = (prisma: PrismaClient, id: string) => prisma.recommendation.findUniqueOrThrow({ where: { id } });

/**
 * The recommendation and its RECOMMENDATION_RECEIVED audit in one transaction. A concurrent request that
 * recorded the same id first makes this throw Prisma's unique violation (P2002), as the caller expects.
 */
export async function recordRecommendation(
  prisma: PrismaClient,
  r: { id: string; year: number; uscc: string; category: string; department: string; principalId: string; reason: string; consent: Prisma.InputJsonValue },
  actor: { id: string; role: string },
): Promise<void> {
  await prisma.$transaction([
    prisma.recommendation.create({
      data: { id: r.id, year: r.year, uscc: r.uscc, category: r.category, department: r.department, principalId: r.principalId, reason: r.reason, consent: r.consent },
    }),
    auditEntry(prisma, { actorId: actor.id, actorRole: actor.role, action: 'RECOMMENDATION_RECEIVED', targetType: 'recommendation', targetId: r.id, after: { uscc: r.uscc, category: r.category, consent: r.consent } }),
  ]);
}
