// Appeals (申诉) against a refusal of a 名特优新 application (docs/policy.md#p-appeal): within a number of working
// days of the refusal the household appeals with reasons; the city reviews within its own working days. An
// upheld appeal resumes the application where it was refused if the year's ranking has not happened yet.

export interface AppealConfig {
  /** Working days after the refusal mail in which the household may appeal (PLACEHOLDER 10). */
  appealWorkingDays: number;
  /** Working days the city has to decide (PLACEHOLDER 15). */
  reviewWorkingDays: number;
}

export const DEFAULT_APPEAL_CONFIG: AppealConfig = { appealWorkingDays: 10, reviewWorkingDays: 15 };

/** Where an upheld appeal puts the application back: the step after the one that refused it. */
export const RESUMES_AT = { REJECTED_GATE: 'GATE_PASSED', REJECTED_REVIEW: 'SITE_VISIT' } as const;

/**
 * Whether an application upheld on appeal at `now` can still take its place in the year: it must be
 * scored before the cycle ranks (calendar `rankingAt`). Null when it can; otherwise the explanation.
 */
export function resumptionProblem(now: number, rankingAt: string, rankingAtText: string): string | null {
  return now < Date.parse(rankingAt) ? null : `申诉成立，但本年度名特优新已于 ${rankingAtText} 完成排名，本申请无法恢复参加本年度评选；欢迎下一年度再次申报`;
}
