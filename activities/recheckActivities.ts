// Side effects of a recheck: the recheck row and its verification task, the decision (corrections
// with who verified them), expiry. Each is idempotent so that a retried activity changes nothing more.
import type { PrismaClient } from '../prisma/client';
import type { RecheckInput, RecheckStatus, ValueDecision, Verifier } from '../workflows/recheckMessages';
import { recheckTaskId, recheckTaskTitle, recheckWorkflowId } from '../workflows/ids';
import { writeAudit } from './audit';

export function createRecheckActivities(prisma: PrismaClient) {
  return {
    async openRecheck({ input }: { input: RecheckInput }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.recheck.findUnique({ where: { id: input.recheckId } })) return;
        await tx.recheck.create({
          data: {
            id: input.recheckId, year: input.year, uscc: input.uscc, county: input.county, status: 'AWAITING_VERIFICATION',
            disputed: JSON.parse(JSON.stringify(input.disputed)), submittedBy: input.submittedBy.id, dueAt: new Date(input.dueAt),
            workflowId: recheckWorkflowId(input.year, input.uscc),
          },
        });
        await tx.task.create({
          data: {
            id: recheckTaskId(input.recheckId), kind: 'RECHECK_VERIFY', title: recheckTaskTitle(input.uscc), workflowId: recheckWorkflowId(input.year, input.uscc),
            county: input.county, role: 'GRASSROOTS_STAFF', status: 'OPEN', dueAt: new Date(input.dueAt),
          },
        });
        await writeAudit(tx, { actorId: input.submittedBy.id, actorRole: input.submittedBy.role, action: 'RECHECK_SUBMITTED', targetType: 'recheck', targetId: input.recheckId, after: { uscc: input.uscc, disputed: input.disputed } });
      });
    },

    async recordRecheckDecision(args: { input: RecheckInput; verifier: Verifier; decisions: ValueDecision[]; status: RecheckStatus; decidedAt: string }): Promise<void> {
      const { input, verifier, decisions, status } = args;
      const decidedAt = new Date(args.decidedAt); // the instant of the decision (workflow time), not of this retry
      await prisma.$transaction(async (tx) => {
        const recheck = await tx.recheck.findUniqueOrThrow({ where: { id: input.recheckId } });
        if (recheck.status !== 'AWAITING_VERIFICATION') return;
        await tx.recheck.update({ where: { id: input.recheckId }, data: { status, decidedBy: verifier.id, decidedAt, decisions: JSON.parse(JSON.stringify(decisions)) } });
        for (const d of decisions.filter((x) => x.accept)) {
          await tx.correction.create({
            data: { year: input.year, uscc: input.uscc, feature: d.feature, value: d.value!, recheckId: input.recheckId, correctedBy: verifier.id, correctorName: verifier.name, reason: d.reason, correctedAt: decidedAt },
          });
        }
        await tx.task.update({ where: { id: recheckTaskId(input.recheckId) }, data: { status: 'COMPLETED', completedAt: decidedAt, completedBy: verifier.id, version: { increment: 1 } } });
        await writeAudit(tx, { actorId: verifier.id, actorRole: verifier.role, action: 'RECHECK_VERIFIED', targetType: 'recheck', targetId: input.recheckId, before: { status: recheck.status }, after: { status, decisions } });
      });
    },

    /** Who holds the verification task (null: nobody), as the workflow decided it. */
    async recordTaskAssignment(args: { taskId: string; assigneeId: string | null; actor: Verifier; action: 'TASK_CLAIMED' | 'TASK_UNCLAIMED' }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.task.findUniqueOrThrow({ where: { id: args.taskId } });
        if (before.assigneeId === args.assigneeId) return;
        await tx.task.update({ where: { id: args.taskId }, data: { assigneeId: args.assigneeId, version: { increment: 1 } } });
        await writeAudit(tx, { actorId: args.actor.id, actorRole: args.actor.role, action: args.action, targetType: 'task', targetId: args.taskId, before: { assigneeId: before.assigneeId }, after: { assigneeId: args.assigneeId } });
      });
    },

    async expireRecheck({ recheckId }: { recheckId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.recheck.updateMany({ where: { id: recheckId, status: 'AWAITING_VERIFICATION' }, data: { status: 'EXPIRED' } });
        if (count === 0) return;
        await tx.task.updateMany({ where: { id: recheckTaskId(recheckId), status: 'OPEN' }, data: { status: 'EXPIRED', version: { increment: 1 } } });
        await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'RECHECK_EXPIRED', targetType: 'recheck', targetId: recheckId, after: { status: 'EXPIRED' } });
      });
    },
  };
}

export type RecheckActivities = ReturnType<typeof createRecheckActivities>;
