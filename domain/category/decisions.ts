// What staff submit when they complete a task of a 名特优新 application or of the cycle. The API parses
// with these schemas (400 on malformed input) and the workflow's validators check them again.
import { z } from 'zod';

export const reviewDecisionSchema = z.strictObject({
  approve: z.boolean().describe('是否通过县级审核'),
  reason: z.string().trim().min(1).max(2000).describe('审核意见'),
  /** Criteria the reviewer judged met (those data cannot decide). */
  assessedCriteria: z.array(z.string().regex(/^[MTYX]\d$/)).max(10).default([]),
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const visitScoreSchema = z.strictObject({
  sections: z.record(z.string().max(4), z.number()).describe('各评分项得分'),
  veto: z.boolean().describe('是否存在否决项（现场发现负面清单情形或未实际经营）'),
  noConflictDeclared: z.literal(true, '评分人须声明与该户无利益冲突'),
  notes: z.string().trim().max(2000).default(''),
});
export type VisitScore = z.infer<typeof visitScoreSchema>;

export const objectionAcceptanceSchema = z.strictObject({
  accept: z.boolean().describe('是否受理'),
  reason: z.string().trim().min(1).max(2000),
});

export const objectionVerdictSchema = z.strictObject({
  upheld: z.boolean().describe('异议是否成立'),
  findings: z.string().trim().min(1).max(4000).describe('核查情况'),
  reason: z.string().trim().min(1).max(2000).describe('处理理由'),
});

export const confirmationSchema = z.strictObject({
  approve: z.literal(true, '确认名单须明确同意'),
  note: z.string().trim().max(2000).default(''),
});

export const designationEvaluationSchema = z.strictObject({
  extend: z.boolean().describe('仍符合条件，有效期延续'),
  reason: z.string().trim().min(1).max(2000).describe('评价意见'),
});

export const TASK_PAYLOADS = {
  APPLICATION_REVIEW: reviewDecisionSchema,
  SITE_VISIT_SCORE: visitScoreSchema,
  OBJECTION_ACCEPTANCE: objectionAcceptanceSchema,
  OBJECTION_VERIFICATION: objectionVerdictSchema,
  CITY_CONFIRMATION: confirmationSchema,
  DESIGNATION_EVALUATION: designationEvaluationSchema,
} as const;
export type TaskKind = keyof typeof TASK_PAYLOADS;

/** A Chinese description of what is wrong with a payload, or null. */
export function payloadProblem(schema: z.ZodType, payload: unknown): string | null {
  const result = schema.safeParse(payload);
  if (result.success) return null;
  return `办理内容不正确：${result.error.issues.map((i) => `${i.path.join('.') || '（整体）'} ${i.message}`).join('；')}`;
}
