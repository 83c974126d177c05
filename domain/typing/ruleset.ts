// Typing rulesets as versioned data (docs/policy.md#p-type-ruleset-lifecycle): parameters, named predicates and the type
// conditions as a small expression tree, so a new year's indicators need no code change.
import { z } from 'zod';

export const TYPE_CODES = ['D', 'G', 'S'] as const;
export type TypeCode = (typeof TYPE_CODES)[number];
export const TYPE_LABELS: Record<TypeCode | 'UNTYPED', string> = { D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型' };

const comparable = z.enum(['age_months', 'revenue', 'employees', 'tax_paid', 'unrepaired_penalty_months_ago']);
const flag = z.enum(['abnormal_marked_now', 'on_serious_dishonest_list', 'operator_court_dishonest']);

export type Expr =
  | { all: Expr[] }
  | { any: Expr[] }
  | { not: Expr }
  | { feature: z.infer<typeof comparable>; op: '>=' | '<'; param: string }
  | { flag: z.infer<typeof flag> }
  | { feature: 'tax_credit_rating'; in: string[] }
  | { ref: string };

export const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(exprSchema).min(1) }),
    z.strictObject({ any: z.array(exprSchema).min(1) }),
    z.strictObject({ not: exprSchema }),
    z.strictObject({ feature: comparable, op: z.enum(['>=', '<']), param: z.string() }),
    z.strictObject({ flag }),
    z.strictObject({ feature: z.literal('tax_credit_rating'), in: z.array(z.string()).min(1) }),
    z.strictObject({ ref: z.string() }),
  ]),
);

/** A parameter's or predicate's name: an identifier (so never `__proto__`; lookups use Object.hasOwn). */
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, '名称须以字母开头，由字母、数字、下划线组成（不超过 64 个字符）');

export const rulesetDefinitionSchema = z
  .strictObject({
    abnormalMarkedPolicy: z.enum(['TYPE_AS_SURVIVAL', 'EXCLUDE']),
    params: z.record(name, z.number().finite()),
    predicates: z.record(name, exprSchema),
    /** Tried in order (D before G); an in-scope business matching none is 生存型. */
    types: z.array(z.strictObject({ code: z.enum(['D', 'G']), when: exprSchema })).min(1),
  })
  .superRefine((def, ctx) => {
    const check = (e: Expr, path: (string | number)[]) => {
      if ('all' in e) e.all.forEach((c, i) => check(c, [...path, 'all', i]));
      else if ('any' in e) e.any.forEach((c, i) => check(c, [...path, 'any', i]));
      else if ('not' in e) check(e.not, [...path, 'not']);
      else if ('param' in e && !Object.hasOwn(def.params, e.param)) ctx.addIssue({ code: 'custom', path, message: `未定义的参数 ${e.param}` });
      else if ('ref' in e && !Object.hasOwn(def.predicates, e.ref)) ctx.addIssue({ code: 'custom', path, message: `未定义的谓词 ${e.ref}` });
    };
    Object.entries(def.predicates).forEach(([name, e]) => check(e, ['predicates', name]));
    def.types.forEach((t, i) => check(t.when, ['types', i, 'when']));
  });

export type RulesetDefinition = z.infer<typeof rulesetDefinitionSchema>;

/** The default ruleset (docs/policy.md#p-type-ruleset; every threshold a placeholder, to confirm with the province). */
export const DEFAULT_TYPING_RULESET: RulesetDefinition = {
  abnormalMarkedPolicy: 'TYPE_AS_SURVIVAL',
  params: {
    G_MIN_AGE_MONTHS: 12,
    G_MIN_EMPLOYEES: 1,
    G_MIN_TAX_PAID: 0.01,
    G_MIN_REVENUE: 120000,
    D_MIN_AGE_MONTHS: 36,
    D_MIN_REVENUE: 1000000,
    D_MIN_TAX_PAID: 30000,
    D_MIN_EMPLOYEES: 5,
    REPUTATION_LOOKBACK_MONTHS: 24,
  },
  predicates: {
    good_reputation: {
      all: [
        { not: { feature: 'unrepaired_penalty_months_ago', op: '<', param: 'REPUTATION_LOOKBACK_MONTHS' } },
        { not: { flag: 'abnormal_marked_now' } },
        { not: { flag: 'on_serious_dishonest_list' } },
        { not: { flag: 'operator_court_dishonest' } },
        { not: { feature: 'tax_credit_rating', in: ['C', 'D'] } },
      ],
    },
  },
  types: [
    {
      code: 'D',
      when: {
        all: [
          { feature: 'age_months', op: '>=', param: 'D_MIN_AGE_MONTHS' },
          { feature: 'revenue', op: '>=', param: 'D_MIN_REVENUE' },
          { any: [{ feature: 'tax_paid', op: '>=', param: 'D_MIN_TAX_PAID' }, { feature: 'employees', op: '>=', param: 'D_MIN_EMPLOYEES' }] },
          { ref: 'good_reputation' },
        ],
      },
    },
    {
      code: 'G',
      when: {
        all: [
          { feature: 'age_months', op: '>=', param: 'G_MIN_AGE_MONTHS' },
          { any: [{ feature: 'employees', op: '>=', param: 'G_MIN_EMPLOYEES' }, { feature: 'tax_paid', op: '>=', param: 'G_MIN_TAX_PAID' }] },
          { feature: 'revenue', op: '>=', param: 'G_MIN_REVENUE' },
        ],
      },
    },
  ],
};

/** Leaves of a ruleset with every reference expanded, at most: its evaluation cost per business. */
export const MAX_EXPANDED_LEAVES = 2_000;

export interface RulesetProblem {
  code: 'RULESET_REFERENCE_CYCLE' | 'RULESET_TOO_LARGE';
  message: string;
}

/**
 * What the schema cannot see: predicates that refer to themselves through others (evaluation would never
 * end), and references that multiply (p2 = all[p1, p1], p3 = all[p2, p2] … doubles at every step). Each
 * predicate's expanded size is computed once (memoised), so the check itself is linear.
 */
export function rulesetProblem(def: RulesetDefinition): RulesetProblem | null {
  const size = new Map<string, number>();
  const visiting: string[] = [];
  const leaves = (e: Expr): number => {
    if ('all' in e) return e.all.reduce((n, c) => n + leaves(c), 0);
    if ('any' in e) return e.any.reduce((n, c) => n + leaves(c), 0);
    if ('not' in e) return leaves(e.not);
    if ('ref' in e) return predicate(e.ref);
    return 1;
  };
  const predicate = (name: string): number => {
    const known = size.get(name);
    if (known !== undefined) return known;
    if (visiting.includes(name)) throw { code: 'RULESET_REFERENCE_CYCLE', message: `谓词引用成环：${[...visiting.slice(visiting.indexOf(name)), name].join(' → ')}` } satisfies RulesetProblem;
    const expr = Object.hasOwn(def.predicates, name) ? def.predicates[name] : undefined;
    if (!expr) return 1; // an undefined reference is the schema's to report
    visiting.push(name);
    const n = Math.min(leaves(expr), Number.MAX_SAFE_INTEGER);
    visiting.pop();
    size.set(name, n);
    return n;
  };
  try {
    const total = Object.keys(def.predicates).reduce((n, name) => n + predicate(name), 0) + def.types.reduce((n, t) => n + leaves(t.when), 0);
    if (total > MAX_EXPANDED_LEAVES) {
      return { code: 'RULESET_TOO_LARGE', message: `规则集展开后共有 ${total.toLocaleString('en')} 个条件，超过 ${MAX_EXPANDED_LEAVES.toLocaleString('en')} 个上限（请减少谓词的重复引用）` };
    }
    return null;
  } catch (problem) {
    if ((problem as RulesetProblem).code === 'RULESET_REFERENCE_CYCLE') return problem as RulesetProblem;
    throw problem;
  }
}
