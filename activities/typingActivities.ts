// The annual typing run's side effects: plan the ranges, type a range page by page (heartbeating the
// last USCC written, so a retry resumes there), and close the run with its counts. Writes are keyed by
// (run, USCC) and a page is replaced as a whole, so a retried page never types a business twice.
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import { compileRuleset, type CompiledOutcome } from '../domain/typing/compiledRuleset';
import { computeFeatures, type Features } from '../domain/typing/features';
import { rulesetDefinitionSchema } from '../domain/typing/ruleset';
import { encodeFeatures } from '../domain/typing/storedResult';
import type { TypeCounts, TypingRunSpec, UsccRange } from '../messages/typingMessages';
import type { PrismaClient } from '../prisma/client';
import { copyRows } from '../data/bulkCopy';
import { readFacts } from '../data/typingFacts';

// The run's types are message contracts (messages/typingMessages.ts); re-exported for the activity's callers.
export type { TypeCounts, TypingRunSpec, UsccRange };

/** '' is below every code and '~' above every code. */
export const FIRST_USCC = '';
export const LAST_USCC = '~';

const RESULT_COLUMNS = ['run_id', 'uscc', 'type', 'reason', 'features', 'trace'] as const;

/** Splits a range into consecutive ranges of at most `size` businesses: (after, b1], (b1, b2], … */
async function splitRange(pool: pg.Pool, range: UsccRange, size: number): Promise<UsccRange[]> {
  const { rows } = await pool.query<{ uscc: string }>(
    'SELECT uscc FROM (SELECT uscc, row_number() OVER (ORDER BY uscc) AS n FROM business WHERE uscc > $1 AND uscc <= $2) s WHERE n % $3 = 0 ORDER BY uscc',
    [range.after, range.upTo, size],
  );
  const bounds = [range.after, ...rows.map((r) => r.uscc).filter((u) => u !== range.upTo), range.upTo];
  return bounds.slice(1).map((upTo, i) => ({ after: bounds[i]!, upTo }));
}

export function createTypingActivities(prisma: PrismaClient, pool: pg.Pool) {
  // Rulesets are immutable once approved: compile each once per worker.
  const rulesets = new Map<string, (features: Features) => CompiledOutcome>();
  async function compiledRuleset(id: string) {
    let typeOf = rulesets.get(id);
    if (!typeOf) {
      const row = await prisma.ruleset.findUniqueOrThrow({ where: { id } });
      typeOf = compileRuleset(rulesetDefinitionSchema.parse(row.definition));
      rulesets.set(id, typeOf);
    }
    return typeOf;
  }

  return {
    /** Records the run and splits the population into ranges of about `rangeSize` businesses. */
    async startTypingRun(spec: TypingRunSpec & { rangeSize: number }): Promise<UsccRange[]> {
      await prisma.typingRun.upsert({
        where: { id: spec.runId },
        create: { id: spec.runId, year: spec.year, kind: spec.kind, rulesetId: spec.rulesetId, referenceDate: new Date(spec.referenceDate), status: 'RUNNING' },
        update: {},
      });
      return splitRange(pool, { after: FIRST_USCC, upTo: LAST_USCC }, spec.rangeSize);
    },

    async typeRange(spec: TypingRunSpec & { range: UsccRange; pageSize: number }): Promise<number> {
      const typeOf = await compiledRuleset(spec.rulesetId);
      const context = Context.current();
      const resumeAfter = (context.info.heartbeatDetails as { after?: string } | undefined)?.after ?? spec.range.after;
      let written = 0;
      for (const page of await splitRange(pool, { after: resumeAfter, upTo: spec.range.upTo }, spec.pageSize)) {
        const facts = await readFacts(pool, { ...page, year: spec.year, referenceDate: spec.referenceDate });
        const rows = facts.map((f) => {
          const features = computeFeatures(f, spec.referenceDate);
          const outcome = typeOf(features);
          return [spec.runId, f.uscc, outcome.type, outcome.reason, JSON.stringify(encodeFeatures(features)), outcome.bits];
        });
        // Replace the page's results in one transaction: a page retried after a crash (written, but
        // not yet heartbeated) is written again, never twice. COPY is the fast bulk path.
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('DELETE FROM typing_result WHERE run_id = $1 AND uscc > $2 AND uscc <= $3', [spec.runId, page.after, page.upTo]);
          written += await copyRows(client, 'typing_result', RESULT_COLUMNS, rows);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
        context.heartbeat({ after: page.upTo });
      }
      return written;
    },

    async finishTypingRun(spec: { runId: string }): Promise<{ total: number; counts: TypeCounts }> {
      const { rows } = await pool.query<{ type: keyof TypeCounts; n: string }>(
        'SELECT type, count(*) AS n FROM typing_result WHERE run_id = $1 GROUP BY type',
        [spec.runId],
      );
      const counts: TypeCounts = { D: 0, G: 0, S: 0, UNTYPED: 0 };
      for (const r of rows) counts[r.type] = Number(r.n);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      await prisma.typingRun.update({ where: { id: spec.runId }, data: { status: 'DONE', finishedAt: new Date(), total, counts } });
      return { total, counts };
    },
  };
}

export type TypingActivities = ReturnType<typeof createTypingActivities>;
