// Helpers shared by the benchmarks.
import { createFreshDatabase, type FreshDatabase } from '../scripts/freshDatabase';

/** A throw-away database on BENCH_DATABASE_URL or the local server. */
export function createBenchDatabase(prefix: string): Promise<FreshDatabase> {
  return createFreshDatabase(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', `${prefix}_${Date.now()}`);
}

export function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;
