// The audit trail for auditors and the city administration: filters, newest first, keyset paging over
// chain_seq (gapless, in commit order), personal data in before/after masked.
import { Router } from 'express';
import { maskPersonalData } from '../../domain/personalDataMask';
import { listAuditEntries } from '../../data/auditTrail';
import type { PrismaClient } from '../../prisma/client';
import { requireRole } from '../auth';
import { parseRequest } from '../contract';
import { listAudit } from '../contracts/audit';

export function auditRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get(listAudit.path, requireRole(...listAudit.roles), async (req, res) => {
    const { query: q } = parseRequest(listAudit, req);
    const rows = await listAuditEntries(prisma, q, q.limit + 1);
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
