// Latency of a repeated call: warm-up runs, then p50 and p99 over `n` timed runs (milliseconds).
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function latency(n: number, run: () => Promise<void>, warmUp = 10): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmUp; i++) await run(); // JIT, connection pool, plan cache
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
