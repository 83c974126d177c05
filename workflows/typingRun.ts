// typing-{year}-{kind}: types the whole population in USCC ranges, a bounded number at a time, each
// range one heartbeating activity; continues as new every `rangesPerExecution` ranges.
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, upsertMemo } from '@temporalio/workflow';
import type { TypingActivities } from '../activities/typingActivities';
import { typingProgressQuery, type TypingRunInput, type TypingRunSummary, type UsccRange } from '../messages/typingMessages';

export async function typingRunWorkflow(input: TypingRunInput): Promise<TypingRunSummary> {
  const { startTypingRun, typeRange, finishTypingRun } = proxyActivities<TypingActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 60_000,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const spec = { runId: input.runId, year: input.year, kind: input.kind, rulesetId: input.rulesetId, referenceDate: input.referenceDate };

  const ranges: UsccRange[] = input.carried?.ranges ?? (await startTypingRun({ ...spec, rangeSize: input.rangeSize ?? 20_000 }));
  const progress = { runId: input.runId, rangesDone: input.carried?.rangesDone ?? 0, rangesTotal: input.carried?.rangesTotal ?? ranges.length };
  setHandler(typingProgressQuery, () => progress);

  const budget = input.rangesPerExecution ?? 200;
  const mine = ranges.slice(0, budget);
  let next = 0;
  const lane = async () => {
    while (next < mine.length) {
      const range = mine[next++]!;
      await typeRange({ ...spec, range, pageSize: input.pageSize ?? 5_000 });
      progress.rangesDone++;
      upsertMemo({ progress: `${progress.rangesDone}/${progress.rangesTotal}` });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency ?? 2 }, lane));

  const rest = ranges.slice(budget);
  if (rest.length > 0) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof typingRunWorkflow>({ ...input, carried: { ranges: rest, rangesDone: progress.rangesDone, rangesTotal: progress.rangesTotal } });
  }
  const { total, counts } = await finishTypingRun({ runId: input.runId });
  return { runId: input.runId, total, counts };
}
