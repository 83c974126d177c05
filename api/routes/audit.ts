// The audit trail for auditors and the city administration: filters, newest first, keyset paging over
// chain_seq (gapless, in commit order), personal data in before/after masked.
import { Router } from 'express';
import { maskPersonalData } from '../../domain/personalDataMask';
import type { Prisma, PrismaClient } from '../../prisma/client';
import { requireRole } from '../auth';
import { parseRequest } from '../contract';
import { listAudit } from '../contracts/audit';

export function auditRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get(listAudit.path, requireRole(...listAudit.roles), async (req, res) => {
    const { query: q } = parseRequest(listAudit, req);
    const where: Prisma.AuditEntryWhereInput = {
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
      ...(q.before ? { chainSeq: { lt: BigInt(q.before) } } : {}),
    };
    const rows = await prisma.auditEntry.findMany({ where, orderBy: { chainSeq: 'desc' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    res.json({
      items: page.map((r) => ({
        chainSeq: String(r.chainSeq), at: r.at.toISOString(), actorId: r.actorId, actorRole: r.actorRole, action: r.action, targetType: r.targetType, targetId: r.targetId,
        before: maskPersonalData(r.before ?? null), after: maskPersonalData(r.after ?? null), requestId: r.requestId, prevHash: r.prevHash, hash: r.hash,
      })),
      nextBefore: rows.length > q.limit ? String(page.at(-1)!.chainSeq) : null,
    });
  });

  return router;
}
