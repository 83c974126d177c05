// Side effects of a recheck: the recheck row, the decision (corrections with who verified them),
// expiry, written by data/rechecks.ts. Its verification task's read model is the human-task layer's
// (taskActivities.ts). Each is idempotent so that a retried activity changes nothing more.
import type { PrismaClient } from '../prisma/client';
import type { RecheckInput, RecheckStatus, ValueDecision, Verifier } from '../messages/recheckMessages';
import { expireRecheck, openRecheck, recordRecheckDecision } from '../data/rechecks';

export function createRecheckActivities(prisma: PrismaClient) {
  return {
    async openRecheck({ input }: { input: RecheckInput }): Promise<void> {
      await openRecheck(prisma, input);
    },

    async recordRecheckDecision(args: { input: RecheckInput; verifier: Verifier; decisions: ValueDecision[]; status: RecheckStatus; decidedAt: string }): Promise<void> {
      await recordRecheckDecision(prisma, args);
    },

    async expireRecheck({ recheckId }: { recheckId: string }): Promise<void> {
      await expireRecheck(prisma, recheckId);
    },
  };
}

export type RecheckActivities = ReturnType<typeof createRecheckActivities>;
