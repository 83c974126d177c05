// A closed loop of `clients` callers, each running its action back to back, timed from the caller's side
// (bench/tasks.ts; also run in a process of its own by bench/httpLoadProcess.ts).

export interface LoopResult {
  actions: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * `clients` loops, each running `action(client, step)` back to back; the actions that start after the
 * warm-up and finish within the measured window count (latency from the caller's side, in ms).
 */
export async function closedLoop(clients: number, action: (client: number, step: number) => Promise<void>, { warmup, seconds }: { warmup: number; seconds: number }): Promise<LoopResult> {
  const times: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  const measureFrom = performance.now() + warmup * 1000;
  const measureTo = measureFrom + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let step = 0; performance.now() < measureTo; step++) {
        const t = performance.now();
        try {
          await action(client, step);
        } catch (error) {
          if (t >= measureFrom) errors += 1;
          firstError ??= error;
          continue;
        }
        const done = performance.now();
        if (t >= measureFrom && done <= measureTo) times.push(done - t);
      }
    }),
  );
  if (firstError) console.log(`    (first error: ${(firstError as Error).message})`);
  times.sort((a, b) => a - b);
  return { actions: times.length, perSecond: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors };
}

