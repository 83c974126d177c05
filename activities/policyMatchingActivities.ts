// The policy-matching batch's side effects (docs/policy.md#p-policy-matching), thin over data/policies.ts:
// plan the ranges, match a range page by page (heartbeating the last USCC stored, so a retry resumes
// there; a page is stored in one transaction, so a retried page never doubles), close the batch, and mail
// each household one digest of its new matches through the outbox.
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import {
  finishMatchBatch, matchPage, policiesInForce, recordBatchNotified, recordDigests, runToMatch, startMatchBatch, todayInShanghai, unsentDigests, type UsccRange,
} from '../data/policies';
import type { MatchablePolicy } from '../domain/policies/policy';
import type { PrismaClient } from '../prisma/client';
import type { SendMail } from './mailer';
import { createMailOutbox } from './notificationActivities';

export type { PolicyMatchingPlan, PolicyMatchingSpec } from '../messages/policyMatchingMessages';
import type { PolicyMatchingPlan, PolicyMatchingSpec } from '../messages/policyMatchingMessages';

export function createPolicyMatchingActivities(prisma: PrismaClient, pool: pg.Pool, send: SendMail) {
  const outbox = createMailOutbox(prisma, send);
  async function batchPolicies(ids: string[], date: string): Promise<MatchablePolicy[]> {
    // A policy withdrawn while the batch runs is skipped from then on (its matches already ended).
    return (await policiesInForce(prisma, date)).filter((p) => ids.includes(p.id));
  }

  return {
    async startPolicyMatching(spec: PolicyMatchingSpec & { rangeSize: number }): Promise<PolicyMatchingPlan> {
      const date = spec.date ?? todayInShanghai();
      const run = await runToMatch(prisma, spec.runId);
      if (!run) return { runId: null, year: 0, date, policies: [], ranges: [] };
      const { policies, ranges } = await startMatchBatch(prisma, pool, { batchId: spec.batchId, runId: run.runId, year: run.year, trigger: spec.trigger, date, rangeSize: spec.rangeSize, ...(spec.uscc ? { uscc: spec.uscc } : {}) });
      return { runId: run.runId, year: run.year, date, policies, ranges };
    },

    async matchPolicyRange(args: { batchId: string; runId: string; date: string; policies: string[]; range: UsccRange; pageSize: number }): Promise<{ matched: number; added: number; ended: number }> {
      const policies = await batchPolicies(args.policies, args.date);
      const context = Context.current();
      let after = (context.info.heartbeatDetails as { after?: string } | undefined)?.after ?? args.range.after;
      const total = { matched: 0, added: 0, ended: 0 };
      for (;;) {
        const page = await matchPage(pool, policies, { batchId: args.batchId, runId: args.runId, date: args.date, range: args.range, after, pageSize: args.pageSize });
        if (page.last === null) break;
        total.matched += page.matched;
        total.added += page.added;
        total.ended += page.ended;
        after = page.last;
        context.heartbeat({ after });
      }
      return total;
    },

    async finishPolicyMatching(args: { batchId: string }): Promise<{ matched: number; added: number }> {
      return finishMatchBatch(pool, args.batchId);
    },

    /** Records and sends the digests, a page of households at a time; retried, it sends what is left. */
    async notifyPolicyMatches(args: { batchId: string; pageSize: number }): Promise<number> {
      const context = Context.current();
      const resumed = context.info.heartbeatDetails as { after: string; households: number } | undefined;
      let households = resumed?.households ?? 0;
      let after = resumed?.after ?? '';
      for (const key of await unsentDigests(pool, args.batchId)) await outbox.deliver(key);
      for (;;) {
        const page = await recordDigests(pool, args.batchId, after, args.pageSize);
        households += page.households;
        for (const key of page.keys) {
          if (!(await outbox.deliver(key))) throw new Error('政策摘要邮件正由另一发送者处理，稍后重试');
        }
        if (page.last === null) break;
        after = page.last;
        context.heartbeat({ after, households });
      }
      await recordBatchNotified(pool, args.batchId, households);
      return households;
    },
  };
}

export type PolicyMatchingActivities = ReturnType<typeof createPolicyMatchingActivities>;
