// The typing evaluator: scope, then the type conditions in order, with the trace of every predicate
// evaluated (docs/policy.md#p-type-scope, docs/policy.md#p-type-ruleset). Pure and deterministic: re-evaluating stored features reproduces the result.
import type { Feature, Features } from './features';
import type { Expr, RulesetDefinition, TypeCode } from './ruleset';

export type UntypedReason = 'CANCELLED' | 'SUSPENDED' | 'NO_ANNUAL_REPORT' | 'ABNORMAL';

export type TraceNode =
  | { kind: 'all' | 'any' | 'not'; result: boolean; children: TraceNode[] }
  | { kind: 'ref'; name: string; result: boolean; children: TraceNode[] }
  | { kind: 'compare'; feature: string; op: '>=' | '<'; param: string; threshold: number; value: number | null; result: boolean }
  | { kind: 'flag'; feature: string; value: boolean | null; result: boolean }
  | { kind: 'in'; feature: string; set: string[]; value: string | null; result: boolean };

export interface TypingOutcome {
  type: TypeCode | 'UNTYPED';
  reason: UntypedReason | null;
  /** One entry per type condition tried, in order. */
  trace: Array<{ type: TypeCode; result: boolean; node: TraceNode }>;
}

/** Evaluates one expression with its trace; `ruleset` supplies the params and predicates (policy conditions use it too: docs/policy.md#p-policy-conditions). */
export function evaluateExpr(expr: Expr, features: Features, ruleset: Pick<RulesetDefinition, 'params' | 'predicates'>): TraceNode {
  return evaluate(expr, features, ruleset);
}

function evaluate(expr: Expr, features: Features, ruleset: Pick<RulesetDefinition, 'params' | 'predicates'>): TraceNode {
  if ('all' in expr) {
    const children = expr.all.map((e) => evaluate(e, features, ruleset));
    return { kind: 'all', result: children.every((c) => c.result), children };
  }
  if ('any' in expr) {
    const children = expr.any.map((e) => evaluate(e, features, ruleset));
    return { kind: 'any', result: children.some((c) => c.result), children };
  }
  if ('not' in expr) {
    const child = evaluate(expr.not, features, ruleset);
    return { kind: 'not', result: !child.result, children: [child] };
  }
  if ('ref' in expr) {
    const child = evaluate(ruleset.predicates[expr.ref]!, features, ruleset);
    return { kind: 'ref', name: expr.ref, result: child.result, children: [child] };
  }
  if ('flag' in expr) {
    const value = (features[expr.flag] as Feature<boolean>).value;
    return { kind: 'flag', feature: expr.flag, value, result: value === true };
  }
  if ('in' in expr) {
    const value = features.tax_credit_rating.value;
    return { kind: 'in', feature: expr.feature, set: expr.in, value, result: value !== null && expr.in.includes(value) };
  }
  const value = (features[expr.feature] as Feature<number>).value;
  const threshold = ruleset.params[expr.param]!;
  // A missing value makes every comparison false: missing data can only lower a type.
  const result = value !== null && (expr.op === '>=' ? value >= threshold : value < threshold);
  return { kind: 'compare', feature: expr.feature, op: expr.op, param: expr.param, threshold, value, result };
}

export function evaluateTyping(ruleset: RulesetDefinition, features: Features): TypingOutcome {
  const status = features.status.value;
  if (status === 'CANCELLED' || status === 'REVOKED') return { type: 'UNTYPED', reason: 'CANCELLED', trace: [] };
  if (status !== 'ACTIVE') return { type: 'UNTYPED', reason: 'SUSPENDED', trace: [] };
  if (!features.annual_report_on_time.value) return { type: 'UNTYPED', reason: 'NO_ANNUAL_REPORT', trace: [] };
  if (features.abnormal_marked_now.value) {
    return ruleset.abnormalMarkedPolicy === 'EXCLUDE'
      ? { type: 'UNTYPED', reason: 'ABNORMAL', trace: [] }
      : { type: 'S', reason: 'ABNORMAL', trace: [] };
  }
  const trace: TypingOutcome['trace'] = [];
  for (const { code, when } of ruleset.types) {
    const node = evaluate(when, features, ruleset);
    trace.push({ type: code, result: node.result, node });
    if (node.result) return { type: code, reason: null, trace };
  }
  return { type: 'S', reason: null, trace };
}
