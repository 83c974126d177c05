// What-if: a draft ruleset over the current data pool, against the active one — the distribution and
// the transition matrix (active type → draft type). It reads only; no label is written.
import type pg from 'pg';
import { compileRuleset } from '../domain/typing/compiledRuleset';
import { computeFeatures } from '../domain/typing/features';
import type { RulesetDefinition } from '../domain/typing/ruleset';
import { typingReferenceDate } from '../domain/typing/referenceDate';
import { readFacts } from './typingFacts';

export type Distribution = Record<'D' | 'G' | 'S' | 'UNTYPED', number>;

export interface WhatIfResult {
  year: number;
  businesses: number;
  active: Distribution;
  draft: Distribution;
  /** transitions[from][to]: businesses typed `from` by the active ruleset and `to` by the draft. */
  transitions: Record<string, Distribution>;
}

/** The what-if ran past its deadline: it is abandoned (it writes nothing) rather than holding the request open. */
export class WhatIfDeadlineError extends Error {}

const empty = (): Distribution => ({ D: 0, G: 0, S: 0, UNTYPED: 0 });

/** `deadline` (epoch ms) is checked between pages of `pageSize` businesses. */
export async function compareRulesets(pool: pg.Pool, year: number, active: RulesetDefinition, draft: RulesetDefinition, pageSize = 5_000, deadline = Infinity): Promise<WhatIfResult> {
  const referenceDate = typingReferenceDate(year);
  const result: WhatIfResult = { year, businesses: 0, active: empty(), draft: empty(), transitions: { D: empty(), G: empty(), S: empty(), UNTYPED: empty() } };
  const typeByActive = compileRuleset(active);
  const typeByDraft = compileRuleset(draft);
  let after = '';
  for (;;) {
    if (Date.now() > deadline) throw new WhatIfDeadlineError();
    const { rows } = await pool.query<{ uscc: string }>('SELECT uscc FROM business WHERE uscc > $1 ORDER BY uscc LIMIT $2', [after, pageSize]);
    if (rows.length === 0) break;
    const upTo = rows.at(-1)!.uscc;
    for (const facts of await readFacts(pool, { after, upTo, year, referenceDate })) {
      const features = computeFeatures(facts, referenceDate);
      const from = typeByActive(features).type;
      const to = typeByDraft(features).type;
      result.active[from]++;
      result.draft[to]++;
      result.transitions[from]![to]++;
      result.businesses++;
    }
    after = upTo;
  }
  return result;
}
