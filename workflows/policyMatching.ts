// policy-matching-{trigger}: matches every household the typing run typed (or one designated household)
// to every policy in force, in USCC ranges, a bounded number at a time, each range one heartbeating
// activity; continues as new every `rangesPerExecution` ranges; then mails each household newly
// matched one digest (docs/policy.md#p-policy-matching, docs/policy.md#p-policy-notify).
import { allHandlersFinished, condition, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { PolicyMatchingActivities } from '../activities/policyMatchingActivities';
import type { PolicyMatchingInput, PolicyMatchingSummary } from '../messages/policyMatchingMessages';

export async function policyMatchingWorkflow(input: PolicyMatchingInput): Promise<PolicyMatchingSummary> {
  const acts = proxyActivities<PolicyMatchingActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 60_000,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const plan = input.carried?.plan ?? (await acts.startPolicyMatching({ ...input, rangeSize: input.rangeSize ?? 20_000 }));
  const ranges = input.carried?.ranges ?? plan.ranges;
  if (plan.runId === null) return { batchId: input.batchId, runId: null, policies: [], matched: 0, added: 0, notified: 0 };

  const mine = ranges.slice(0, input.rangesPerExecution ?? 200);
  let next = 0;
  const lane = async () => {
    while (next < mine.length) {
      const range = mine[next++]!;
      await acts.matchPolicyRange({ batchId: input.batchId, runId: plan.runId!, date: plan.date, policies: plan.policies, range, pageSize: input.pageSize ?? 5_000 });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency ?? 2 }, lane));

  const rest = ranges.slice(mine.length);
  if (rest.length > 0) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof policyMatchingWorkflow>({ ...input, carried: { plan, ranges: rest } });
  }
  const { matched, added } = await acts.finishPolicyMatching({ batchId: input.batchId });
  const notified = await acts.notifyPolicyMatches({ batchId: input.batchId, pageSize: input.notifyPageSize ?? 500 });
  return { batchId: input.batchId, runId: plan.runId, policies: plan.policies, matched, added, notified };
}
