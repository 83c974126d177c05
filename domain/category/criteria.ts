// The category criteria catalogue (docs/policy.md#p-crit) and their automatic evaluation from shared data.
// Any one criterion of the chosen category qualifies. "AUTO" criteria are decided from the pool;
// "ASSESS" ones are left to the county reviewers (and the visit); "WORKFLOW" ones are recommendations.
import { wholeMonthsBetween } from '../typing/features';
import type { CategoryCode } from './categories';

export type CriterionMode = 'AUTO' | 'ASSESS' | 'WORKFLOW';

export interface CriteriaFacts {
  establishedOn: string;
  industryCode: string;
  ipAssets: Array<{ kind: 'TRADEMARK' | 'PATENT' | 'GI' | 'SOFTWARE'; giRelated: boolean }>;
  designations: Array<{ kind: string; level: string }>;
  /** Businesses registered to the same operator (including this one). */
  operatorStoreCount: number;
  /** Insured employees by year (HRSS). */
  insuredEmployeesByYear: Record<string, number>;
  /** Categories for which a department recommended the household this year. */
  recommendedFor: CategoryCode[];
}

export interface CriteriaConfig {
  minStores: number;              // M4, PLACEHOLDER 3
  minYearsOperating: number;      // Y1, PLACEHOLDER 10
  minInsuredEmployees: number;    // Y6, PLACEHOLDER 3 for 2 consecutive years
  specialtyIndustryPrefixes: string[]; // T5, Suizhou must define its list (PLACEHOLDER)
  /**
   * The catalogue itself (codes, labels, modes per category), when a versioned category ruleset gives one
   * (docs/policy.md#p-category-rules). Absent (cycles started before, tests): the built-in DEFAULT_CRITERIA_CATALOGUE.
   */
  catalogue?: CriteriaCatalogue;
}

/** One criterion as data: an AUTO one must have a code the evaluators below know. */
export interface CatalogueEntry {
  code: string;
  label: string;
  mode: CriterionMode;
}

export type CriteriaCatalogue = Record<CategoryCode, CatalogueEntry[]>;

export const DEFAULT_CRITERIA_CONFIG: CriteriaConfig = {
  minStores: 3,
  minYearsOperating: 10,
  minInsuredEmployees: 3,
  // PLACEHOLDER: 随州香菇、编钟文化、泡泡青… as GB/T 4754 classes (edible fungi, specialty food, crafts).
  specialtyIndustryPrefixes: ['0141', '1393', '2431', '2439', '6110'],
};

export interface CriterionResult {
  code: string;
  label: string;
  mode: CriterionMode;
  /** true/false when decided; null while reviewers must still judge it. */
  met: boolean | null;
  /** Who decided: the shared data, or the county review. */
  decidedBy: 'DATA' | 'REVIEW' | null;
  evidence: string;
}

type Evaluator = (f: CriteriaFacts, ctx: { category: CategoryCode; year: number; referenceDate: string; config: CriteriaConfig }) => { met: boolean | null; evidence: string };

interface Criterion extends CatalogueEntry {
  evaluate?: Evaluator;
}

const designated = (kinds: string[]) => (f: CriteriaFacts) => {
  const found = f.designations.filter((d) => kinds.includes(d.kind));
  return { met: found.length > 0, evidence: found.length ? found.map((d) => `${d.level}级${d.kind}`).join('、') : `无${kinds.join('/')}` };
};
const ipOf = (kinds: string[], label: string, extra: (a: CriteriaFacts['ipAssets'][number]) => boolean = () => true) => (f: CriteriaFacts) => {
  const n = f.ipAssets.filter((a) => kinds.includes(a.kind) && extra(a)).length;
  return { met: n > 0, evidence: n ? `${label} ${n} 件` : `无${label}` };
};
const recommendation = (f: CriteriaFacts, ctx: { category: CategoryCode }) => {
  const met = f.recommendedFor.includes(ctx.category);
  return { met, evidence: met ? '有部门或行业协会推荐' : '无推荐' };
};

const CATALOGUE: Record<CategoryCode, Criterion[]> = {
  MING: [
    { code: 'M1', label: '拥有注册商标或品牌', mode: 'AUTO', evaluate: ipOf(['TRADEMARK'], '注册商标') },
    { code: 'M2', label: '获得县级及以上荣誉（放心消费示范单位、食品安全示范店等）', mode: 'AUTO', evaluate: designated(['放心消费示范单位', '食品安全示范店', '其他荣誉']) },
    { code: 'M3', label: '在县级及以上或网络平台有较高市场占有率或知名度', mode: 'ASSESS' },
    {
      code: 'M4', label: '同一字号开设多家门店', mode: 'AUTO',
      evaluate: (f, { config }) => ({ met: f.operatorStoreCount >= config.minStores, evidence: `同一经营者名下 ${f.operatorStoreCount} 户（标准 ${config.minStores} 户）` }),
    },
    { code: 'M5', label: '获得小个专党建荣誉', mode: 'AUTO', evaluate: designated(['小个专党建荣誉']) },
    { code: 'M6', label: '长期为本地龙头企业提供服务或提供全链条服务', mode: 'ASSESS' },
    { code: 'M7', label: '老字号或百年老店', mode: 'AUTO', evaluate: designated(['中华老字号', '省级老字号', '市级老字号', '百年老店']) },
    { code: 'M9', label: '部门或行业协会推荐', mode: 'WORKFLOW', evaluate: recommendation },
  ],
  TE: [
    { code: 'T1', label: '持有或获授权使用与经营相关的地理标志', mode: 'AUTO', evaluate: ipOf(['GI'], '相关地理标志', (a) => a.giRelated) },
    { code: 'T2', label: '绿色食品、有机产品或名特优新农产品认证', mode: 'AUTO', evaluate: designated(['绿色食品', '有机产品', '名特优新农产品']) },
    { code: 'T3', label: '特色旅游接待、手工艺、土特产或特色餐饮，经营理念独特', mode: 'ASSESS' },
    { code: 'T4', label: '等级民宿、星级农家乐或餐饮名店', mode: 'AUTO', evaluate: designated(['旅游民宿等级', '星级农家乐', '餐饮名店']) },
    {
      code: 'T5', label: '经营本地重点或特色产业', mode: 'AUTO',
      // A match only makes the household a candidate: reviewers confirm the specialty.
      evaluate: (f, { config }) =>
        config.specialtyIndustryPrefixes.some((p) => f.industryCode.startsWith(p))
          ? { met: null, evidence: `行业代码 ${f.industryCode} 属于本地特色产业目录，待审核确认` }
          : { met: false, evidence: `行业代码 ${f.industryCode} 不在本地特色产业目录中` },
    },
    { code: 'T6', label: '本地传统技艺或祖传手艺并获认可', mode: 'ASSESS' },
    { code: 'T7', label: '行业主管部门或行业协会推荐', mode: 'WORKFLOW', evaluate: recommendation },
  ],
  YOU: [
    {
      code: 'Y1', label: '在本地长期诚信经营', mode: 'AUTO',
      evaluate: (f, { referenceDate, config }) => {
        const years = Math.floor(wholeMonthsBetween(f.establishedOn, referenceDate) / 12);
        return { met: years >= config.minYearsOperating, evidence: `经营 ${years} 年（标准 ${config.minYearsOperating} 年）` };
      },
    },
    { code: 'Y2', label: '老字号、非遗工坊、非遗代表性传承人或乡村工匠', mode: 'AUTO', evaluate: designated(['中华老字号', '省级老字号', '市级老字号', '百年老店', '非遗工坊', '非遗代表性传承人', '乡村工匠']) },
    { code: 'Y3', label: '经营者持有二级及以上职业技能等级证书', mode: 'AUTO', evaluate: designated(['职业技能等级证书']) },
    { code: 'Y4', label: '经营者具有相关专业技术职称', mode: 'AUTO', evaluate: designated(['专业技术职称']) },
    { code: 'Y5', label: '管理体系认证或产品认证', mode: 'AUTO', evaluate: designated(['管理体系认证', '产品认证']) },
    {
      code: 'Y6', label: '稳定吸纳就业', mode: 'AUTO',
      evaluate: (f, { year, config }) => {
        const [a, b] = [f.insuredEmployeesByYear[year - 1] ?? 0, f.insuredEmployeesByYear[year - 2] ?? 0];
        return { met: a >= config.minInsuredEmployees && b >= config.minInsuredEmployees, evidence: `${year - 2} 年参保 ${b} 人，${year - 1} 年参保 ${a} 人（标准连续两年 ${config.minInsuredEmployees} 人）` };
      },
    },
    { code: 'Y7', label: '部门推荐', mode: 'WORKFLOW', evaluate: recommendation },
  ],
  XIN: [
    { code: 'X1', label: '率先从事“四新”经济并具有本地引领作用', mode: 'ASSESS' },
    { code: 'X2', label: '网络经营口碑良好、粉丝或用户规模较大', mode: 'ASSESS' },
    { code: 'X3', label: '拥有与经营范围相关的专利或软件著作权', mode: 'AUTO', evaluate: ipOf(['PATENT', 'SOFTWARE'], '专利或软件著作权') },
    { code: 'X4', label: '部门推荐', mode: 'WORKFLOW', evaluate: recommendation },
  ],
};

/** The built-in catalogue (docs/policy.md#p-crit) as data: the default category ruleset carries it. */
export const DEFAULT_CRITERIA_CATALOGUE: CriteriaCatalogue = Object.fromEntries(
  Object.entries(CATALOGUE).map(([category, list]) => [category, list.map(({ code, label, mode }) => ({ code, label, mode }))]),
) as CriteriaCatalogue;

/** Codes an AUTO criterion may have: those whose evaluation from shared data is implemented. */
export const AUTO_CRITERION_CODES: readonly string[] = Object.values(CATALOGUE).flat().filter((c) => c.mode === 'AUTO').map((c) => c.code);

const EVALUATORS: Record<string, Evaluator> = Object.fromEntries(
  Object.values(CATALOGUE).flat().filter((c) => c.mode === 'AUTO' && c.evaluate).map((c) => [c.code, c.evaluate!]),
);

/** The catalogue in force: the versioned one the cycle recorded, or the built-in one. */
function catalogueOf(category: CategoryCode, config?: Pick<CriteriaConfig, 'catalogue'>): Criterion[] {
  const entries = config?.catalogue?.[category];
  if (!entries) return CATALOGUE[category];
  // AUTO: the evaluator of its code; WORKFLOW: met by a recommendation; ASSESS: left to the reviewers.
  return entries.map((e) => ({ ...e, evaluate: e.mode === 'AUTO' ? EVALUATORS[e.code] : e.mode === 'WORKFLOW' ? recommendation : undefined }));
}

export function criteriaOf(category: CategoryCode, config?: Pick<CriteriaConfig, 'catalogue'>): CatalogueEntry[] {
  return catalogueOf(category, config).map(({ code, label, mode }) => ({ code, label, mode }));
}

/** Evaluates every criterion of `category`; criteria that need judgement come back with met = null. */
export function evaluateCriteria(
  category: CategoryCode, facts: CriteriaFacts, year: number, referenceDate: string, config: CriteriaConfig = DEFAULT_CRITERIA_CONFIG,
): CriterionResult[] {
  return catalogueOf(category, config).map((c) => {
    const { met, evidence } = c.evaluate ? c.evaluate(facts, { category, year, referenceDate, config }) : { met: null, evidence: '需审核或实地走访判断' };
    return { code: c.code, label: c.label, mode: c.mode, met, decidedBy: met === null ? null : 'DATA', evidence };
  });
}

/** Criteria verified from shared data, not by reviewers (a ranking tie-breaker, §8.4). */
export const autoVerifiedCount = (results: CriterionResult[]) => results.filter((r) => r.met === true && r.decidedBy === 'DATA').length;
