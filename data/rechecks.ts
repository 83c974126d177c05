// Rechecks in PostgreSQL: the recheck row, its decision with the corrections it accepts (who verified
// them, when) and its expiry. Each write is idempotent (a retry changes nothing more) and audited.
import { recheckWorkflowId } from '../messages/ids';
import type { RecheckInput, RecheckStatus, ValueDecision, Verifier } from '../messages/recheckMessages';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export async function openRecheck(prisma: PrismaClient, input: RecheckInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    if (await tx.recheck.findUnique({ where: { id: input.recheckId } })) return;
    await tx.recheck.create({
      data: {
        id: input.recheckId, year: input.year, uscc: input.uscc, county: input.county, status: 'AWAITING_VERIFICATION',
        disputed: JSON.parse(JSON.stringify(input.disputed)), submittedBy: input.submittedBy.id, dueAt: new Date(input.dueAt),
        workflowId: recheckWorkflowId(input.year, input.uscc),
      },
    });
    await writeAudit(tx, { actorId: input.submittedBy.id, actorRole: input.submittedBy.role, action: 'RECHECK_SUBMITTED', targetType: 'recheck', targetId: input.recheckId, after: { uscc: input.uscc, disputed: input.disputed } });
  });
}

/** The verifier's decision and a correction per accepted value; a recheck no longer awaiting verification is left as it is. */
export async function recordRecheckDecision(
  prisma: PrismaClient,
  args: { input: RecheckInput; verifier: Verifier; decisions: ValueDecision[]; status: RecheckStatus; decidedAt: string },
): Promise<void> {
  const { input, verifier, decisions, status } = args;
  const decidedAt = new Date(args.decidedAt); // the instant of the decision (workflow time), not of this retry
  await prisma.$transaction(async (tx) => {
    const recheck = await tx.recheck.findUniqueOrThrow({ where: { id: input.recheckId } });
    if (recheck.status !== 'AWAITING_VERIFICATION') return;
    await tx.recheck.update({ where: { id: input.recheckId }, data: { status, decidedBy: verifier.id, decidedAt, decisions: JSON.parse(JSON.stringify(decisions)) } });
    // The name is read here by id: it does not travel through the workflow.
    const correctorName = verifier.name ?? (await tx.principal.findUnique({ where: { id: verifier.id }, select: { name: true } }))?.name ?? '';
    for (const d of decisions.filter((x) => x.accept)) {
      await tx.correction.create({
        data: { year: input.year, uscc: input.uscc, feature: d.feature, value: d.value!, recheckId: input.recheckId, correctedBy: verifier.id, correctorName, reason: d.reason, correctedAt: decidedAt },
      });
    }
    await writeAudit(tx, { actorId: verifier.id, actorRole: verifier.role, action: 'RECHECK_VERIFIED', targetType: 'recheck', targetId: input.recheckId, before: { status: recheck.status }, after: { status, decisions } });
  });
}

/** Expires a recheck still awaiting verification (audited once; otherwise nothing). */
export async function expireRecheck(prisma: PrismaClient, recheckId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.recheck.updateMany({ where: { id: recheckId, status: 'AWAITING_VERIFICATION' }, data: { status: 'EXPIRED' } });
    if (count === 0) return;
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'RECHECK_EXPIRED', targetType: 'recheck', targetId: recheckId, after: { status: 'EXPIRED' } });
  });
}

/** The id of a household's recheck of one year, or null. */
export const findRecheckOf = (prisma: PrismaClient, year: number, uscc: string) =>
  prisma.recheck.findFirst({ where: { year, uscc }, select: { id: true } });
