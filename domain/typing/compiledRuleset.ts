// The typing evaluator compiled once per ruleset into closures: the same decisions and the same trace
// bits as evaluateTyping + traceBits, without building trace trees — the hot path of a million-business
// run. Explanations still come from evaluateTyping, re-run on the stored features.
import type { UntypedReason } from './evaluate';
import type { Feature, Features } from './features';
import type { Expr, RulesetDefinition, TypeCode } from './ruleset';

export interface CompiledOutcome {
  type: TypeCode | 'UNTYPED';
  reason: UntypedReason | null;
  bits: string;
}

/** Appends the leaf outcomes to `bits` (in evaluation order) and returns the node's result. */
type Node = (f: Features, bits: string[]) => boolean;

function compile(expr: Expr, def: RulesetDefinition): Node {
  if ('all' in expr || 'any' in expr) {
    const children = ('all' in expr ? expr.all : expr.any).map((e) => compile(e, def));
    const every = 'all' in expr;
    return (f, bits) => {
      let result = every;
      for (const child of children) {
        const r = child(f, bits); // every child is evaluated: the trace lists them all
        result = every ? result && r : result || r;
      }
      return result;
    };
  }
  if ('not' in expr) {
    const child = compile(expr.not, def);
    return (f, bits) => !child(f, bits);
  }
  if ('ref' in expr) return compile(def.predicates[expr.ref]!, def);
  if ('flag' in expr) {
    const name = expr.flag;
    return (f, bits) => {
      const r = (f[name] as Feature<boolean>).value === true;
      bits.push(r ? '1' : '0');
      return r;
    };
  }
  if ('in' in expr) {
    const set = new Set(expr.in);
    return (f, bits) => {
      const v = f.tax_credit_rating.value;
      const r = v !== null && set.has(v);
      bits.push(r ? '1' : '0');
      return r;
    };
  }
  const name = expr.feature;
  const threshold = def.params[expr.param]!;
  const atLeast = expr.op === '>=';
  return (f, bits) => {
    const v = (f[name] as Feature<number>).value;
    const r = v !== null && (atLeast ? v >= threshold : v < threshold);
    bits.push(r ? '1' : '0');
    return r;
  };
}

export function compileRuleset(def: RulesetDefinition): (features: Features) => CompiledOutcome {
  const types = def.types.map((t) => ({ code: t.code, when: compile(t.when, def) }));
  return (f) => {
    const status = f.status.value;
    if (status === 'CANCELLED' || status === 'REVOKED') return { type: 'UNTYPED', reason: 'CANCELLED', bits: '' };
    if (status !== 'ACTIVE') return { type: 'UNTYPED', reason: 'SUSPENDED', bits: '' };
    if (!f.annual_report_on_time.value) return { type: 'UNTYPED', reason: 'NO_ANNUAL_REPORT', bits: '' };
    if (f.abnormal_marked_now.value) return def.abnormalMarkedPolicy === 'EXCLUDE' ? { type: 'UNTYPED', reason: 'ABNORMAL', bits: '' } : { type: 'S', reason: 'ABNORMAL', bits: '' };
    const parts: string[] = [];
    for (const t of types) {
      const bits: string[] = [];
      const met = t.when(f, bits);
      parts.push(bits.join(''));
      if (met) return { type: t.code, reason: null, bits: parts.join('|') };
    }
    return { type: 'S', reason: null, bits: parts.join('|') };
  };
}
