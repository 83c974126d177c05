// Annual typing runs in PostgreSQL: the run record, the population's split into USCC ranges, a page's
// results replaced as a whole (so a retried page never types a business twice) and the run's counts.
import type pg from 'pg';
import type { TypeCounts, TypingRunSpec, UsccRange } from '../messages/typingMessages';
import type { PrismaClient } from '../prisma/client';
import { copyRows, type CopyValue } from './bulkCopy';
import { inPgTransaction } from './pgTransaction';

const RESULT_COLUMNS = ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'] as const;

/** Splits a range into consecutive ranges of at most `size` businesses: (after, b1], (b1, b2], … */
export async function splitRange(pool: pg.Pool, range: UsccRange, size: number): Promise<UsccRange[]> {
  const { rows } = await pool.query<{ uscc: string }>(
    'SELECT uscc FROM (SELECT uscc, row_number() OVER (ORDER BY uscc) AS n FROM business WHERE uscc > $1 AND uscc <= $2) s WHERE n % $3 = 0 ORDER BY uscc',
    [range.after, range.upTo, size],
  );
  const bounds = [range.after, ...rows.map((r) => r.uscc).filter((u) => u !== range.upTo), range.upTo];
  return bounds.slice(1).map((upTo, i) => ({ after: bounds[i]!, upTo }));
}

/** Records the run as RUNNING (a retry finds it and changes nothing). */
export async function recordTypingRun(prisma: PrismaClient, spec: TypingRunSpec): Promise<void> {
  await prisma.typingRun.upsert({
    where: { id: spec.runId },
    create: { id: spec.runId, year: spec.year, kind: spec.kind, rulesetId: spec.rulesetId, referenceDate: new Date(spec.referenceDate), status: 'RUNNING' },
    update: {},
  });
}

/**
 * Replaces a page's results in one transaction: a page retried after a crash (written, but not yet
 * heartbeated) is written again, never twice. COPY is the fast bulk path. Returns the rows written.
 */
export async function replaceTypingPage(pool: pg.Pool, runId: string, page: UsccRange, rows: CopyValue[][]): Promise<number> {
  return inPgTransaction(pool, async (client) => {
    await client.query('DELETE FROM typing_result WHERE run_id = $1 AND uscc > $2 AND uscc <= $3', [runId, page.after, page.upTo]);
    return copyRows(client, 'typing_result', RESULT_COLUMNS, rows);
  });
}

/** Counts the run's results by type and marks it DONE with them. */
export async function finishTypingRun(prisma: PrismaClient, pool: pg.Pool, runId: string): Promise<{ total: number; counts: TypeCounts }> {
  const { rows } = await pool.query<{ type: keyof TypeCounts; n: string }>(
    'SELECT type, count(*) AS n FROM typing_result WHERE run_id = $1 GROUP BY type',
    [runId],
  );
  const counts: TypeCounts = { D: 0, G: 0, S: 0, UNTYPED: 0 };
  for (const r of rows) counts[r.type] = Number(r.n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await prisma.typingRun.update({ where: { id: runId }, data: { status: 'DONE', finishedAt: new Date(), total, counts } });
  return { total, counts };
}

/** One household's stored result in a run, or null. */
export const findTypingResult = (prisma: PrismaClient, runId: string, uscc: string) =>
  prisma.typingResult.findUnique({ where: { runId_uscc: { runId, uscc } } });
