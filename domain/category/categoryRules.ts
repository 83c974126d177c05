// The 名特优新 rules as versioned data (docs/policy.md#p-category-rules): the criteria catalogue and its
// thresholds, the gate (negative-list windows, relaxed groups) and the score sheet. The city drafts a
// version, a second administrator approves it, activation makes it the one new cycles take. Quota and
// SLAs stay per-cycle settings (CategoryOverrides), not rules.
import { z } from 'zod';
import { CATEGORIES, type CategoryCode } from './categories';
import { AUTO_CRITERION_CODES, DEFAULT_CRITERIA_CATALOGUE, DEFAULT_CRITERIA_CONFIG, type CriteriaConfig } from './criteria';
import { DEFAULT_GATE_CONFIG, type GateConfig } from './gate';
import { DEFAULT_SCORE_SHEET, type ScoreSheet } from './scoreSheet';

export interface CategoryRules {
  gate: GateConfig;
  criteria: CriteriaConfig;
  scoreSheet: ScoreSheet;
}

/** The version a cycle took its rules from, recorded with the cycle. */
export interface CategoryRulesRef {
  id: string;
  version: string;
}

/** Today's defaults, catalogue included: the seeded version, so a fresh system behaves as before versioning. */
export const DEFAULT_CATEGORY_RULES: CategoryRules = {
  gate: DEFAULT_GATE_CONFIG,
  criteria: { ...DEFAULT_CRITERIA_CONFIG, catalogue: DEFAULT_CRITERIA_CATALOGUE },
  scoreSheet: DEFAULT_SCORE_SHEET,
};

/** A score sheet's sections add up to this (the pass line and per-cycle override are on the same scale). */
export const SCORE_SHEET_TOTAL = 100;

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不超过 ${max} 个字符`);
const months = z.number().int('须为整数').min(1, '窗口期至少 1 个月').max(120, '窗口期不超过 120 个月');
const entry = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, '条件代码须为大写字母开头的字母数字（不超过 8 位）'),
  label: text(200),
  mode: z.enum(['AUTO', 'ASSESS', 'WORKFLOW']).describe('AUTO：由共享数据判定；ASSESS：由县级审核或实地走访判断；WORKFLOW：由部门推荐满足'),
}).meta({ id: 'CriteriaCatalogueEntry' });
const catalogue = z.strictObject(
  Object.fromEntries(Object.keys(CATEGORIES).map((c) => [c, z.array(entry).min(1, '每个类别至少一项条件').max(30)])) as Record<CategoryCode, z.ZodArray<typeof entry>>,
);

/** The shape of a definition (types and ranges: 400 VALIDATION_FAILED); coherence is categoryRulesProblems'. */
export const categoryRulesSchema = z
  .strictObject({
    gate: z.strictObject({
      penaltyWindowMonths: months.describe('N1：罚款及以上行政处罚的窗口期（月）'),
      penaltyMustBePublic: z.boolean().describe('N1：是否要求处罚仍在公示期内'),
      accidentGrades: z.array(text(20)).min(1, '至少一个事故等级').max(10).describe('N3：计入的生产安全事故等级'),
      accidentWindowMonths: months.describe('N3：事故窗口期（月）'),
      relaxedGroups: z.array(text(40)).max(20).describe('放宽类型限制的特殊群体'),
      n1Edition: z.literal(2).optional().describe('N1 的解释版本（2：窗口含边界日）'),
    }),
    criteria: z.strictObject({
      minStores: z.number().int().min(1).max(1000).describe('M4：同一字号门店数下限'),
      minYearsOperating: z.number().int().min(1).max(100).describe('Y1：经营年限下限（年）'),
      minInsuredEmployees: z.number().int().min(1).max(10_000).describe('Y6：连续两年参保人数下限'),
      specialtyIndustryPrefixes: z.array(z.string().regex(/^\d{1,4}$/, '行业代码前缀须为 1–4 位数字')).max(200).describe('T5：本地特色产业行业代码前缀'),
      catalogue: catalogue.describe('各类别的条件目录'),
    }),
    scoreSheet: z.strictObject({
      version: z.string().regex(/^[\w.-]{1,40}$/, '评分表版本须为字母、数字、点、横线或下划线（不超过 40 位）'),
      sections: z.array(z.strictObject({ code: z.enum(['A', 'B', 'C', 'D', 'E']), label: text(40), max: z.number().int().min(1).max(100) })).min(1).max(5),
      passLine: z.number().min(0).max(SCORE_SHEET_TOTAL),
    }),
  })
  .meta({ id: 'CategoryRulesDefinition', description: '名特优新规则：条件目录、负面清单窗口期（准入）、评分表' });

export type CategoryRulesDefinition = z.infer<typeof categoryRulesSchema>;

export interface CategoryRulesProblem {
  /** Stable code, one per kind of incoherence. */
  code: 'DUPLICATE_CRITERION_CODE' | 'UNKNOWN_AUTO_CRITERION' | 'SCORE_SHEET_TOTAL' | 'DUPLICATE_SCORE_SECTION' | 'PASS_LINE_OUT_OF_RANGE';
  field: string;
  message: string;
}

/** What makes a well-typed definition unusable, in Chinese (empty when coherent). */
export function categoryRulesProblems(def: CategoryRulesDefinition): CategoryRulesProblem[] {
  const problems: CategoryRulesProblem[] = [];
  const seen = new Map<string, string>();
  for (const [category, entries] of Object.entries(def.criteria.catalogue) as Array<[CategoryCode, CategoryRulesDefinition['criteria']['catalogue'][CategoryCode]]>) {
    entries.forEach((e, i) => {
      const field = `definition.criteria.catalogue.${category}.${i}.code`;
      // Codes are unique across categories: a county review names criteria by code.
      const where = seen.get(e.code);
      if (where) problems.push({ code: 'DUPLICATE_CRITERION_CODE', field, message: `条件代码 ${e.code} 重复（已用于「${where}」）` });
      seen.set(e.code, CATEGORIES[category]);
      if (e.mode === 'AUTO' && !AUTO_CRITERION_CODES.includes(e.code)) {
        problems.push({ code: 'UNKNOWN_AUTO_CRITERION', field, message: `条件 ${e.code} 标为自动判定（AUTO），但系统没有它的数据判定方法；可自动判定的条件：${AUTO_CRITERION_CODES.join('、')}；其他条件请标为 ASSESS 或 WORKFLOW` });
      }
    });
  }
  const sections = def.scoreSheet.sections;
  const codes = sections.map((s) => s.code);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) problems.push({ code: 'DUPLICATE_SCORE_SECTION', field: 'definition.scoreSheet.sections', message: `评分表项目 ${duplicate} 重复` });
  const total = sections.reduce((sum, s) => sum + s.max, 0);
  if (total !== SCORE_SHEET_TOTAL) problems.push({ code: 'SCORE_SHEET_TOTAL', field: 'definition.scoreSheet.sections', message: `评分表各项满分之和须为 ${SCORE_SHEET_TOTAL} 分，现为 ${total} 分` });
  if (def.scoreSheet.passLine > total) {
    problems.push({ code: 'PASS_LINE_OUT_OF_RANGE', field: 'definition.scoreSheet.passLine', message: `及格线不能超过评分表总分（${total} 分），现为 ${def.scoreSheet.passLine}` });
  }
  return problems;
}

/** A stored definition (already validated on the way in) as the rules a cycle uses. */
export const rulesOf = (definition: unknown): CategoryRules => categoryRulesSchema.parse(definition) as CategoryRules;

/** Paths whose values differ between two definitions (leaves and arrays compared whole), for the diff view. */
export function rulesDiff(from: unknown, to: unknown, path = ''): Array<{ path: string; from: unknown; to: unknown }> {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => rulesDiff(from[k], to[k], path ? `${path}.${k}` : k));
  }
  return canonical(from) === canonical(to) ? [] : [{ path, from: from ?? null, to: to ?? null }];
}

/** JSON with object keys sorted: a definition read back from jsonb has its keys in jsonb's order, not the draft's. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}
