// The bound for bench/tasks.ts: a workflow whose Update does nothing (one workflow task per Update,
// nothing else), run by its own worker on the same Temporal server in the same run.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<number, [n: number]>('noop');
export const stopSignal = defineSignal('stop');

export async function noopUpdateWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(noopUpdate, (n) => n);
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
