// The 名特优新 rules as a versioned definition (docs/policy.md#p-category-rules): the seeded default is
// today's behaviour exactly, and an incoherent definition is refused with a stable code per problem.
import { describe, expect, it } from 'vitest';
import { categoryConfigWith, DEFAULT_CATEGORY_CONFIG } from '../../domain/category/categoryConfig';
import { categoryRulesProblems, categoryRulesSchema, DEFAULT_CATEGORY_RULES, rulesDiff, type CategoryRulesDefinition } from '../../domain/category/categoryRules';
import { CATEGORIES, type CategoryCode } from '../../domain/category/categories';
import { criteriaOf, evaluateCriteria, type CriteriaFacts } from '../../domain/category/criteria';

const facts: CriteriaFacts = {
  establishedOn: '2012-05-01', industryCode: '0141', ipAssets: [{ kind: 'GI', giRelated: true }, { kind: 'TRADEMARK', giRelated: false }],
  designations: [{ kind: '市级老字号', level: '市' }], operatorStoreCount: 3, insuredEmployeesByYear: { 2024: 4, 2023: 3 }, recommendedFor: ['TE'],
};
const clone = (): CategoryRulesDefinition => structuredClone(categoryRulesSchema.parse(DEFAULT_CATEGORY_RULES));
const codes = (def: CategoryRulesDefinition) => categoryRulesProblems(def).map((p) => p.code);

describe('category rules (docs/policy.md#p-category-rules)', () => {
  it('the seeded default is valid and evaluates exactly as the built-in catalogue', () => {
    expect(codes(clone())).toEqual([]);
    const versioned = categoryConfigWith({}, { ref: { id: 'MTYX@2025-default', version: '2025-default' }, rules: DEFAULT_CATEGORY_RULES });
    for (const category of Object.keys(CATEGORIES) as CategoryCode[]) {
      expect(evaluateCriteria(category, facts, 2025, '2025-10-01', versioned.criteria)).toEqual(evaluateCriteria(category, facts, 2025, '2025-10-01'));
      expect(criteriaOf(category, versioned.criteria)).toEqual(criteriaOf(category));
    }
    const { rules, criteria, ...rest } = versioned;
    const { criteria: builtIn, ...builtInRest } = DEFAULT_CATEGORY_CONFIG;
    expect(rules).toEqual({ id: 'MTYX@2025-default', version: '2025-default' });
    expect(rest).toEqual(builtInRest);
    expect({ ...criteria, catalogue: undefined }).toEqual({ ...builtIn, catalogue: undefined });
  });

  it('a version relabels, drops or adds criteria and changes thresholds; overrides still apply on top', () => {
    const def = clone();
    def.criteria.minYearsOperating = 8;
    def.criteria.catalogue.YOU = def.criteria.catalogue.YOU.filter((c) => c.code !== 'Y3').map((c) => (c.code === 'Y1' ? { ...c, label: '在本地诚信经营满八年' } : c));
    def.criteria.catalogue.XIN.push({ code: 'X9', label: '数字化转型示范', mode: 'ASSESS' });
    expect(codes(def)).toEqual([]);
    const config = categoryConfigWith({ passLine: 70 }, { ref: { id: 'MTYX@2027', version: '2027' }, rules: def });
    const you = evaluateCriteria('YOU', facts, 2025, '2025-10-01', config.criteria);
    expect(you.map((c) => c.code)).not.toContain('Y3');
    expect(you.find((c) => c.code === 'Y1')).toMatchObject({ label: '在本地诚信经营满八年', met: true, evidence: '经营 13 年（标准 8 年）' });
    expect(evaluateCriteria('XIN', facts, 2025, '2025-10-01', config.criteria).find((c) => c.code === 'X9')).toMatchObject({ met: null, mode: 'ASSESS' });
    expect(evaluateCriteria('TE', facts, 2025, '2025-10-01', config.criteria).find((c) => c.code === 'T7')!.met).toBe(true); // WORKFLOW: a recommendation
    expect(config.scoreSheet.passLine).toBe(70);
    expect(rulesDiff(DEFAULT_CATEGORY_RULES, def).map((c) => c.path)).toEqual(['criteria.catalogue.XIN', 'criteria.catalogue.YOU', 'criteria.minYearsOperating']);
  });

  it('diffs by value, not by key order (jsonb gives a stored definition back with its keys reordered)', () => {
    const reordered = JSON.parse(JSON.stringify(DEFAULT_CATEGORY_RULES, (_k, v: unknown) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    expect(rulesDiff(DEFAULT_CATEGORY_RULES, reordered)).toEqual([]);
    reordered.scoreSheet.passLine = 65;
    expect(rulesDiff(DEFAULT_CATEGORY_RULES, reordered)).toEqual([{ path: 'scoreSheet.passLine', from: 60, to: 65 }]);
  });

  it('refuses duplicate codes, an AUTO criterion nothing can evaluate, a score sheet not totalling 100, a pass line above it', () => {
    const def = clone();
    def.criteria.catalogue.XIN.push({ code: 'M1', label: '重复', mode: 'ASSESS' }, { code: 'X8', label: '自动？', mode: 'AUTO' });
    def.scoreSheet.sections[0]!.max = 25;
    def.scoreSheet.sections[1]!.code = 'A';
    expect(codes(def)).toEqual(['DUPLICATE_CRITERION_CODE', 'UNKNOWN_AUTO_CRITERION', 'DUPLICATE_SCORE_SECTION', 'SCORE_SHEET_TOTAL']);
    const high = clone();
    high.scoreSheet.sections = high.scoreSheet.sections.map((s) => ({ ...s, max: s.max - 2 })); // 90 in all
    high.scoreSheet.passLine = 95;
    expect(codes(high)).toEqual(['SCORE_SHEET_TOTAL', 'PASS_LINE_OUT_OF_RANGE']);
    expect(categoryRulesProblems(high).map((p) => p.message).join()).toMatch(/及格线不能超过评分表总分（90 分）/);
  });

  it('refuses windows that are not positive whole months, an empty category, unknown fields', () => {
    for (const change of [
      (d: CategoryRulesDefinition) => { d.gate.penaltyWindowMonths = 0; },
      (d: CategoryRulesDefinition) => { d.gate.accidentWindowMonths = 1.5; },
      (d: CategoryRulesDefinition) => { d.criteria.catalogue.MING = []; },
      (d: CategoryRulesDefinition) => { (d.gate as Record<string, unknown>).extra = 1; },
    ]) {
      const def = clone();
      change(def);
      expect(categoryRulesSchema.safeParse(def).success).toBe(false);
    }
  });
});
