// Support policies (扶持政策) as versioned data (docs/policy.md#p-policy-catalogue) and the matching of one
// household to one policy (docs/policy.md#p-policy-matching): the target (types, categories, special
// groups, GB/T 4754 industry prefixes, counties; an empty list restricts nothing), then the extra
// conditions in the typing rule language, evaluated by the typing evaluator with its trace.
import { z } from 'zod';
import { CATEGORY_CODES } from '../category/categories';
import { COUNTY_CODES } from '../roles';
import { evaluateExpr, type TraceNode } from '../typing/evaluate';
import type { Features } from '../typing/features';
import { exprSchema, rulesetDefinitionSchema, rulesetProblem, type Expr } from '../typing/ruleset';

export const POLICY_AREAS = ['创业', '财税', '金融信贷', '人才', '社保', '法律维权', '经营服务', '品牌质量'] as const;
export const POLICY_MODES = { AUTO: '免申即享', APPLY: '申请' } as const;
export type PolicyMode = keyof typeof POLICY_MODES;
export const POLICY_STATUSES = ['DRAFT', 'PUBLISHED', 'WITHDRAWN', 'SUPERSEDED'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];
export const UPTAKE_STATUSES = { GRANTED: '已兑现', APPLIED: '已申请', USED: '已享受' } as const;
export type UptakeStatus = keyof typeof UPTAKE_STATUSES;
/** Types a policy may target: the three types and UNTYPED (e.g. annual-report guidance). */
export const TARGET_TYPES = ['D', 'G', 'S', 'UNTYPED'] as const;

export const policyTargetSchema = z.strictObject({
  types: z.array(z.enum(TARGET_TYPES)).max(4).default([]),
  /** 名特优新 categories; `ANY` = any category in force. */
  categories: z.array(z.enum([...CATEGORY_CODES, 'ANY'])).max(5).default([]),
  specialGroups: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  /** GB/T 4754 code prefixes (class digits, e.g. 62 餐饮业, 14 食品制造业). */
  industries: z.array(z.string().regex(/^\d{1,4}$/, '行业代码前缀须为 1–4 位数字（GB/T 4754）')).max(50).default([]),
  counties: z.array(z.enum(COUNTY_CODES)).max(10).default([]),
});
export type PolicyTarget = z.output<typeof policyTargetSchema>;

/** Extra conditions: the typing rule language (params, named predicates, one expression). */
export const policyConditionsSchema = z
  .strictObject({ params: z.record(z.string(), z.number().finite()).default({}), predicates: z.record(z.string(), exprSchema).default({}), when: exprSchema })
  .superRefine((c, ctx) => {
    const asRuleset = { abnormalMarkedPolicy: 'TYPE_AS_SURVIVAL' as const, params: c.params, predicates: c.predicates, types: [{ code: 'G' as const, when: c.when }] };
    const parsed = rulesetDefinitionSchema.safeParse(asRuleset);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [], message: issue.message });
    else {
      const problem = rulesetProblem(parsed.data);
      if (problem) ctx.addIssue({ code: 'custom', path: ['when'], message: problem.message });
    }
  });
export type PolicyConditions = z.output<typeof policyConditionsSchema>;

export const policyDraftSchema = z.strictObject({
  code: z.string().regex(/^[\w-]{1,40}$/),
  version: z.string().regex(/^[\w.-]{1,40}$/),
  title: z.string().trim().min(1).max(200),
  legalBasis: z.string().trim().min(1).max(500),
  area: z.enum(POLICY_AREAS),
  target: policyTargetSchema,
  conditions: policyConditionsSchema.nullable().default(null),
  benefit: z.string().trim().min(1).max(2000),
  mode: z.enum(['AUTO', 'APPLY']),
  contact: z.string().trim().min(1).max(200),
});
export type PolicyDraft = z.output<typeof policyDraftSchema>;

/** What matching knows of a household: the run's type, registration and the 名特优新 labels in force. */
export interface HouseholdFacts {
  uscc: string;
  type: string; // D | G | S | UNTYPED
  county: string;
  industry: string;
  categories: string[];
  groups: string[];
}

/** A published policy ready to match (conditions compiled to a function returning its trace). */
export interface MatchablePolicy {
  id: string;
  target: PolicyTarget;
  conditions: PolicyConditions | null;
}

/** Why a household matches: its facts that met the target, and the condition trace (leaf bits). */
export interface MatchExplanation {
  type: string;
  county: string;
  industry: string;
  categories: string[];
  groups: string[];
  /** Leaf outcomes of the conditions in evaluation order ('' without conditions). */
  trace: string;
}

function leafBits(node: TraceNode): string {
  return 'children' in node ? node.children.map(leafBits).join('') : node.result ? '1' : '0';
}

/** The target alone (no features needed): every non-empty list must contain the household's value. */
export function targetMet(t: PolicyTarget, h: HouseholdFacts): boolean {
  if (t.types.length > 0 && !(t.types as readonly string[]).includes(h.type)) return false;
  if (t.counties.length > 0 && !(t.counties as readonly string[]).includes(h.county)) return false;
  if (t.industries.length > 0 && !t.industries.some((p) => h.industry.startsWith(p))) return false;
  if (t.categories.length > 0 && !h.categories.some((c) => (t.categories as readonly string[]).includes(c) || (t.categories as readonly string[]).includes('ANY'))) return false;
  if (t.specialGroups.length > 0 && !h.groups.some((g) => t.specialGroups.includes(g))) return false;
  return true;
}

/** The conditions' trace on the household's features (null features: nothing to evaluate, not met). */
export function conditionTrace(c: PolicyConditions, features: Features | null): TraceNode | null {
  if (!features) return null;
  return evaluateExpr(c.when as Expr, features, c);
}

/** Matches one household to one policy; the explanation when it matches, else null. */
export function matchPolicy(policy: MatchablePolicy, h: HouseholdFacts, features: () => Features | null): MatchExplanation | null {
  if (!targetMet(policy.target, h)) return null;
  let trace = '';
  if (policy.conditions) {
    const node = conditionTrace(policy.conditions, features());
    if (!node?.result) return null;
    trace = leafBits(node);
  }
  return { type: h.type, county: h.county, industry: h.industry, categories: h.categories, groups: h.groups, trace };
}

/** Whether a published policy is in force on `date` (YYYY-MM-DD): its window includes the day. */
export function inForce(p: { status: string; validFrom: string | null; validTo: string | null }, date: string): boolean {
  return p.status === 'PUBLISHED' && (p.validFrom === null || p.validFrom <= date) && (p.validTo === null || date <= p.validTo);
}
