// The gate of a 名特优新 application (docs/policy.md#p-gate): pool membership (成长型/发展型 in the
// Sept 30 results, or a department recommendation, or a special-group relaxation) and the negative
// list N1–N7, each refusal with a code and a Chinese reason. Windows are configuration (PLACEHOLDER).
import { wholeMonthsBetween } from '../typing/features';

export interface GateConfig {
  /** N1: fine-or-above penalty not yet credit-repaired within this many months (national base 24; local variant 12). */
  penaltyWindowMonths: number;
  /** N1: also require the penalty to be still published (public_until after the decision date). */
  penaltyMustBePublic: boolean;
  /** N3: accident grades that count, and the window in months. */
  accidentGrades: string[];
  accidentWindowMonths: number;
  /** Special groups allowed in without the type restriction. */
  relaxedGroups: string[];
  /**
   * The edition of the N1 reading (docs/policy.md#p-gate-n1). 2: the window includes its edge day
   * (decided_on ≥ D − window) and a penalty without `public_until` is not counted as published (a
   * comparison on a missing value is false), with a note for the reviewer. Absent (settings recorded by
   * cycles started before): the first reading, kept so that their applications replay as they ran.
   */
  n1Edition?: 2;
}

export const DEFAULT_GATE_CONFIG: GateConfig = {
  penaltyWindowMonths: 24,
  penaltyMustBePublic: true,
  accidentGrades: ['特别重大', '重大'],
  accidentWindowMonths: 12,
  relaxedGroups: ['退役军人', '高校毕业生', '残疾人', '返乡创业农民工'],
  n1Edition: 2,
};

export interface GateFacts {
  /** The type in the Sept 30 results (or the latest published run). */
  type: 'D' | 'G' | 'S' | 'UNTYPED' | null;
  recommended: boolean;
  specialGroups: string[];
  /** Fine-or-above penalties not credit-repaired by the decision date. */
  unrepairedPenalties: Array<{ decidedOn: string; publicUntil: string | null }>;
  operatorCourtDishonest: boolean;
  accidents: Array<{ occurredOn: string; grade: string }>;
  abnormalMarkedNow: boolean;
  onSeriousDishonestList: boolean;
  previousYearAnnualReport: boolean;
  taxCreditRating: string | null;
  abnormalTaxpayer: boolean;
}

export type GateCode = 'NOT_IN_POOL' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7';

export interface GateRefusal {
  code: GateCode;
  reason: string;
}

export interface GateResult {
  passed: boolean;
  /** How the applicant entered the pool, when it did. */
  via: 'TYPE' | 'RECOMMENDATION' | 'SPECIAL_GROUP' | null;
  refusals: GateRefusal[];
  /** What the gate could not decide from the data and did not count (for the county review); absent when none. */
  notes?: string[];
}

/** N7's reasons: tax data, hidden from roles that may not see it (api/redaction.ts). */
export const TAX_GATE_REASONS = ['为税务非正常户', '纳税信用等级为 D 级'] as const;

/** Evaluates the gate at `decisionDate` (YYYY-MM-DD); every refusal found is listed, not just the first. */
export function evaluateGate(facts: GateFacts, decisionDate: string, config: GateConfig = DEFAULT_GATE_CONFIG): GateResult {
  const refusals: GateRefusal[] = [];
  const via = facts.type === 'G' || facts.type === 'D' ? 'TYPE' : facts.recommended ? 'RECOMMENDATION' : facts.specialGroups.some((g) => config.relaxedGroups.includes(g)) ? 'SPECIAL_GROUP' : null;
  if (!via) refusals.push({ code: 'NOT_IN_POOL', reason: '9月30日分型结果不是成长型或发展型，且没有部门推荐或特殊群体放宽条件' });

  const withinMonths = (date: string, months: number) => date <= decisionDate && wholeMonthsBetween(date, decisionDate) < months;
  const notes: string[] = [];
  let penalty: GateFacts['unrepairedPenalties'][number] | undefined;
  if (config.n1Edition === 2) {
    // decided_on ≥ D − window (the edge day counts) ∧ public_until > D; a missing public_until makes the comparison false.
    const from = monthsBefore(decisionDate, config.penaltyWindowMonths);
    const inWindow = facts.unrepairedPenalties.filter((p) => p.decidedOn >= from && p.decidedOn <= decisionDate);
    penalty = inWindow.find((p) => !config.penaltyMustBePublic || (p.publicUntil !== null && p.publicUntil > decisionDate));
    if (!penalty && config.penaltyMustBePublic) {
      for (const p of inWindow.filter((q) => q.publicUntil === null)) notes.push(`${p.decidedOn} 的罚款及以上行政处罚缺少公示截止日期，无法认定仍在公示期内，未按负面清单 N1 处理，请审核时核实`);
    }
  } else {
    penalty = facts.unrepairedPenalties.find(
      (p) => withinMonths(p.decidedOn, config.penaltyWindowMonths) && (!config.penaltyMustBePublic || p.publicUntil === null || p.publicUntil > decisionDate),
    );
  }
  if (penalty) refusals.push({ code: 'N1', reason: `${penalty.decidedOn} 受到罚款及以上行政处罚，尚未完成信用修复（${config.penaltyWindowMonths}个月内）` });
  if (facts.operatorCourtDishonest) refusals.push({ code: 'N2', reason: '经营者被列为失信被执行人' });
  const accident = facts.accidents.find((a) => config.accidentGrades.includes(a.grade) && withinMonths(a.occurredOn, config.accidentWindowMonths));
  if (accident) refusals.push({ code: 'N3', reason: `${accident.occurredOn} 发生${accident.grade}生产安全事故` });
  if (facts.abnormalMarkedNow) refusals.push({ code: 'N4', reason: '处于经营异常状态' });
  if (facts.onSeriousDishonestList) refusals.push({ code: 'N5', reason: '被列入严重违法失信名单' });
  if (!facts.previousYearAnnualReport) refusals.push({ code: 'N6', reason: '未报送上一年度年度报告' });
  if (facts.taxCreditRating === 'D' || facts.abnormalTaxpayer) refusals.push({ code: 'N7', reason: facts.abnormalTaxpayer ? TAX_GATE_REASONS[0] : TAX_GATE_REASONS[1] });

  return { passed: refusals.length === 0, via, refusals, ...(notes.length ? { notes } : {}) };
}

/** The date `months` calendar months before `date` (YYYY-MM-DD), clamped to the month's last day (Mar 31 − 1 → Feb 28). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
