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
import { rulesetDefinition } from '../data/rulesets';
import { readFacts } from '../data/typingFacts';
import { finishTypingRun, recordTypingRun, replaceTypingPage, splitRange } from '../data/typingRuns';

// The run's types are message contracts (messages/typingMessages.ts); re-exported for the activity's callers.
export type { TypeCounts, TypingRunSpec, UsccRange };

/** '' is below every code and '~' above every code. */
export const FIRST_USCC = '';
export const LAST_USCC = '~';

export function createTypingActivities(prisma: PrismaClient, pool: pg.Pool) {
  // Rulesets are immutable once approved: compile each once per worker.
  const rulesets = new Map<string, (features: Features) => CompiledOutcome>();
  async function compiledRuleset(id: string) {
    let typeOf = rulesets.get(id);
    if (!typeOf) {
      typeOf = compileRuleset(rulesetDefinitionSchema.parse(await rulesetDefinition(prisma, id)));
      rulesets.set(id, typeOf);
    }
    return typeOf;
  }

  return {
    /** Records the run and splits the population into ranges of about `rangeSize` businesses. */
    async startTypingRun(spec: TypingRunSpec & { rangeSize: number }): Promise<UsccRange[]> {
      await recordTypingRun(prisma, spec);
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
        // The page's results replace any earlier write of it in one transaction (data/typingRuns.ts): a retried page never doubles.
        written += await replaceTypingPage(pool, spec.runId, page, rows);
        context.heartbeat({ after: page.upTo });
      }
      return written;
    },

    async finishTypingRun(spec: { runId: string }): Promise<{ total: number; counts: TypeCounts }> {
      return finishTypingRun(prisma, pool, spec.runId);
    },
  };
}

export type TypingActivities = ReturnType<typeof createTypingActivities>;
