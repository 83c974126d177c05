// The base list (基础名单, docs/policy.md#p-base-list): households the data suggests for 名特优新. Among the
// eligible (成长型/发展型 in the Sept 30 results, through the gate), a household is a candidate when its IP
// assets (trademarks, patents, geographical indications, software) or its designations and honours (老字号,
// 非遗, 民宿等级, certifications, skills…) meet at least one criterion of a category. It is suggested the
// category whose criteria these data meet most (ties in the order 名, 特, 优, 新), with every match as the
// reason; the sector departments whose candidates these are may recommend it.
import { industrySection } from '../industrySections';
import { CATEGORIES, CATEGORY_CODES, type CategoryCode } from './categories';
import { evaluateCriteria, type CriteriaConfig, type CriteriaFacts } from './criteria';

/** The criteria decided by IP and honour data (not by stores, years, employment or recommendations). */
export const BASE_LIST_CRITERIA = ['M1', 'M2', 'M5', 'M7', 'T1', 'T2', 'T4', 'Y2', 'Y3', 'Y4', 'Y5', 'X3'] as const;

export interface BaseListReason {
  category: CategoryCode;
  criteria: Array<{ code: string; label: string; evidence: string }>;
}

export interface BaseListSuggestion {
  suggestedCategory: CategoryCode;
  reasons: BaseListReason[];
  /** One sentence for people: 建议申报知名类：拥有注册商标或品牌（注册商标 1 件）；… */
  explanation: string;
}

/** The suggestion for a household, or null when no IP or honour criterion is met. */
export function suggestFromData(facts: CriteriaFacts, year: number, referenceDate: string, config?: CriteriaConfig): BaseListSuggestion | null {
  const reasons: BaseListReason[] = [];
  for (const category of CATEGORY_CODES) {
    const met = evaluateCriteria(category, { ...facts, recommendedFor: [] }, year, referenceDate, config)
      .filter((c) => c.met === true && (BASE_LIST_CRITERIA as readonly string[]).includes(c.code))
      .map(({ code, label, evidence }) => ({ code, label, evidence }));
    if (met.length) reasons.push({ category, criteria: met });
  }
  if (!reasons.length) return null;
  const best = reasons.reduce((a, r) => (r.criteria.length > a.criteria.length ? r : a));
  const explanation = `建议申报${CATEGORIES[best.category]}类：${best.criteria.map((c) => `${c.label}（${c.evidence}）`).join('；')}`;
  return { suggestedCategory: best.category, reasons, explanation };
}

/**
 * The sector departments (行业主管部门) by GB/T 4754 section: whose sector a household's industry is.
 * Names as the departments are known to the system (principal.department, the designations feed).
 */
export const SECTOR_DEPARTMENTS_BY_SECTION: Record<string, string[]> = {
  A: ['农业农村'], C: ['经信'], F: ['商务'], G: ['交通运输'], H: ['商务', '文旅'], I: ['经信'], O: ['商务'], R: ['文旅'],
};

/** The departments a candidate is shown to: its industry's sector departments and those that awarded its honours. */
export function candidateSectors(industryCode: string, honourDepartments: string[]): string[] {
  const section = industrySection(industryCode);
  return [...new Set([...(section ? SECTOR_DEPARTMENTS_BY_SECTION[section] ?? [] : []), ...honourDepartments])].sort();
}
