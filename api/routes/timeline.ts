// An application's timeline from the audit trail: the application's own entries, its tasks' and its
// objections' (one query). The same reach as reading the application; only staff are named, and the
// free-text notes are masked like GET /api/v1/audit masks them and redacted like the application view.
import { Router } from 'express';
import { applicationTimelineEntries } from '../../data/auditTrail';
import { maskPersonalData } from '../../domain/personalDataMask';
import type { PrismaClient } from '../../prisma/client';
import { principalOf, reachableBusiness, requireRole } from '../auth';
import { parseRequest } from '../contract';
import { applicationTimeline } from '../contracts/timeline';
import { notFound } from '../errors';
import { redactionFor } from '../redaction';
import { staffNames } from '../staffNames';

/** The free text an entry carries: a reason, a comment, a delegation note, a status change's note. */
function noteOf(after: unknown): string | null {
  if (!after || typeof after !== 'object') return null;
  const { reason, text, note } = after as Record<string, unknown>;
  const found = [reason, text, note].find((v): v is string => typeof v === 'string' && v.length > 0);
  return found ? (maskPersonalData(found) as string) : null;
}

export function timelineRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get(applicationTimeline.path, requireRole(...applicationTimeline.roles!), async (req, res) => {
    const { params } = parseRequest(applicationTimeline, req);
    const p = principalOf(res);
    await reachableBusiness(prisma, p, params.uscc, '经营者只能查看本户的申请');
    const timeline = await applicationTimelineEntries(prisma, params.year, params.uscc);
    if (!timeline) throw notFound('APPLICATION_NOT_FOUND', '没有该户本年度的名特优新申请');
    const { entries, taskKinds: kindOf } = timeline;
    // A principal who is not a household acts as staff of an authority; a household is not named.
    const staff = (e: { actorRole: string; actorId: string | null }) => e.actorId !== null && e.actorRole !== 'HOUSEHOLD';
    const names = await staffNames(prisma, entries.filter(staff).map((e) => e.actorId));
    const redaction = redactionFor(p);
    res.json({
      items: entries.map((e) => {
        const note = noteOf(e.after);
        return {
          at: e.at.toISOString(), action: e.action, actorRole: e.actorRole,
          actorName: staff(e) && e.actorId ? (names.get(e.actorId) ?? null) : null,
          targetType: e.targetType as 'application' | 'task' | 'objection',
          taskKind: e.targetType === 'task' ? (kindOf.get(e.targetId) ?? null) : null,
          note: note === null ? null : redaction.text(note),
        };
      }),
    });
  });

  return router;
}
