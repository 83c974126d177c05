// Configuration of a cycle's 名特优新 selection (docs/policy.md#p-placeholders): every number is a PLACEHOLDER
// default the city may change per cycle.
import { DEFAULT_APPEAL_CONFIG, type AppealConfig } from './appeal';
import type { CategoryRules, CategoryRulesRef } from './categoryRules';
import { DEFAULT_CRITERIA_CONFIG, type CriteriaConfig } from './criteria';
import { DEFAULT_GATE_CONFIG, type GateConfig } from './gate';
import { DEFAULT_QUOTA, type QuotaConfig } from './quota';
import { DEFAULT_SCORE_SHEET, type ScoreSheet } from './scoreSheet';

export interface CategoryConfig {
  gate: GateConfig;
  criteria: CriteriaConfig;
  quota: QuotaConfig;
  scoreSheet: ScoreSheet;
  /** Working days each task is due in. */
  reviewWorkingDays: number;
  visitWorkingDays: number;
  /** Public notice (公示) length, and the objection SLAs (decide whether to accept; verify and decide). */
  noticeWorkingDays: number;
  objectionAcceptanceWorkingDays: number;
  objectionVerificationWorkingDays: number;
  confirmationWorkingDays: number;
  /** Staff are reminded this long before a task is due. */
  reminderLeadMs: number;
  /** A designation is valid this many years (§8.7). */
  designationYears: number;
  /** Appeals against a refusal (docs/policy.md#p-appeal); absent on cycles started before: the defaults. */
  appeal?: AppealConfig;
  /**
   * The category ruleset version gate, criteria and score sheet were taken from (docs/policy.md#p-category-rules);
   * absent on cycles started before rules were versioned (they used the built-in defaults).
   */
  rules?: CategoryRulesRef;
}

export const DEFAULT_CATEGORY_CONFIG: CategoryConfig = {
  gate: DEFAULT_GATE_CONFIG,
  criteria: DEFAULT_CRITERIA_CONFIG,
  quota: DEFAULT_QUOTA,
  scoreSheet: DEFAULT_SCORE_SHEET,
  reviewWorkingDays: 5,
  visitWorkingDays: 5,
  noticeWorkingDays: 5,
  objectionAcceptanceWorkingDays: 5,
  objectionVerificationWorkingDays: 20,
  confirmationWorkingDays: 10,
  reminderLeadMs: 86_400_000,
  designationYears: 3,
  appeal: DEFAULT_APPEAL_CONFIG,
};

/** What a city may change per cycle through the API (the rest keeps the defaults above). */
export interface CategoryOverrides {
  quotaRatio?: number;
  quotaBase?: QuotaConfig['base'];
  quotaUnit?: QuotaConfig['unit'];
  passLine?: number;
  noticeWorkingDays?: number;
  reviewWorkingDays?: number;
  visitWorkingDays?: number;
  designationYears?: number;
}

/**
 * A cycle's settings: the rules of a category ruleset version (the built-in defaults when none is given),
 * the per-cycle overrides on top (a pass line override replaces the version's, for drills).
 */
export function categoryConfigWith(o: CategoryOverrides = {}, version?: { ref: CategoryRulesRef; rules: CategoryRules }): CategoryConfig {
  const d = version ? { ...DEFAULT_CATEGORY_CONFIG, ...version.rules, rules: version.ref } : DEFAULT_CATEGORY_CONFIG;
  return {
    ...d,
    quota: { ratio: o.quotaRatio ?? d.quota.ratio, base: o.quotaBase ?? d.quota.base, unit: o.quotaUnit ?? d.quota.unit },
    scoreSheet: { ...d.scoreSheet, passLine: o.passLine ?? d.scoreSheet.passLine },
    noticeWorkingDays: o.noticeWorkingDays ?? d.noticeWorkingDays,
    reviewWorkingDays: o.reviewWorkingDays ?? d.reviewWorkingDays,
    visitWorkingDays: o.visitWorkingDays ?? d.visitWorkingDays,
    designationYears: o.designationYears ?? d.designationYears,
  };
}
