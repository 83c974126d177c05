// What staff submit when they complete a task of a 名特优新 application or of the cycle. The API parses
// with these schemas (400 on malformed input) and the workflow's validators check them again.
import { z } from 'zod';
import type { TaskKind } from '../taskKinds';

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

/** One task decides every pending objection of an application: each listed id once. */
export const objectionBatchAcceptanceSchema = z.strictObject({
  decisions: z.array(z.strictObject({ objectionId: z.string().min(1).max(64), accept: z.boolean().describe('是否受理'), reason: z.string().trim().min(1).max(2000) })).min(1).max(1000),
});
export type ObjectionBatchAcceptance = z.infer<typeof objectionBatchAcceptanceSchema>;

/** One task verifies every accepted objection of a batch: each listed id once. */
export const objectionBatchVerdictSchema = z.strictObject({
  verdicts: z.array(z.strictObject({ objectionId: z.string().min(1).max(64), upheld: z.boolean().describe('异议是否成立'), findings: z.string().trim().min(1).max(4000), reason: z.string().trim().min(1).max(2000) })).min(1).max(1000),
});
export type ObjectionBatchVerdict = z.infer<typeof objectionBatchVerdictSchema>;

/** Problems of a batch payload against the ids the task lists (Chinese), or null. */
export function batchCoverageProblem(listed: string[], decided: string[]): string | null {
  const seen = new Set<string>();
  const repeated = decided.filter((id) => seen.has(id) || !seen.add(id));
  if (repeated.length) return `同一异议只能决定一次：${repeated.slice(0, 5).join('、')}`;
  const unknown = decided.filter((id) => !listed.includes(id));
  if (unknown.length) return `这些异议不在本待办中：${unknown.slice(0, 5).join('、')}`;
  const missing = listed.filter((id) => !seen.has(id));
  if (missing.length) return `须对待办列出的每一件异议作出决定，尚缺 ${missing.length} 件：${missing.slice(0, 5).join('、')}${missing.length > 5 ? '等' : ''}`;
  return null;
}

export const confirmationSchema = z.strictObject({
  approve: z.literal(true, '确认名单须明确同意'),
  note: z.string().trim().max(2000).default(''),
});

/**
 * Four eyes on the city's list (docs/policy.md#p-confirm-four-eyes), first signature: a city administrator prepares the
 * list; it is frozen (hashed) as it stands at this signature.
 */
export const confirmationPrepareSchema = z.strictObject({
  prepared: z.literal(true, '制作名单（第一签）须明确确认'),
  note: z.string().trim().max(2000).default(''),
});

/** Second signature: another city administrator approves the frozen list by its digest, or sends it back to be prepared again. */
export const confirmationApprovalSchema = z.strictObject({
  approve: z.boolean().describe('是否同意第一签冻结的名单（不同意则退回重新制作）'),
  listHash: z.string().trim().regex(/^[0-9a-f]{64}$/, '名单摘要须为 64 位十六进制字符').describe('所签名单的摘要（SHA-256，与第一签冻结的名单一致）'),
  note: z.string().trim().max(2000).default('').describe('审批意见（不同意时必填）'),
}).refine((d) => d.approve || d.note.length > 0, { message: '不同意须说明理由', path: ['note'] });
export type ConfirmationApproval = z.infer<typeof confirmationApprovalSchema>;

export const designationEvaluationSchema = z.strictObject({
  extend: z.boolean().describe('仍符合条件，有效期延续'),
  reason: z.string().trim().min(1).max(2000).describe('评价意见'),
});

/** The city's decision on a revocation, after the household's defence (or its deadline). */
export const revocationDecisionSchema = z.strictObject({
  revoke: z.boolean().describe('是否撤销名特优新认定'),
  reason: z.string().trim().min(1).max(2000).describe('决定理由（须回应经营者的陈述申辩）'),
});

/** The city's review of a household's appeal against a refusal (docs/policy.md#p-appeal). */
export const appealReviewSchema = z.strictObject({
  upheld: z.boolean().describe('申诉是否成立（成立则撤销原不予通过的决定）'),
  reason: z.string().trim().min(1).max(2000).describe('复核意见'),
});

export const TASK_PAYLOADS = {
  APPLICATION_REVIEW: reviewDecisionSchema,
  SITE_VISIT_SCORE: visitScoreSchema,
  /** One objection per task: applications whose notice began before objection batches. */
  OBJECTION_ACCEPTANCE: objectionAcceptanceSchema,
  OBJECTION_VERIFICATION: objectionVerdictSchema,
  OBJECTION_BATCH_ACCEPTANCE: objectionBatchAcceptanceSchema,
  OBJECTION_BATCH_VERIFICATION: objectionBatchVerdictSchema,
  /** One signature: cycles started before four-eyes confirmation. */
  CITY_CONFIRMATION: confirmationSchema,
  CITY_CONFIRMATION_PREPARE: confirmationPrepareSchema,
  CITY_CONFIRMATION_APPROVAL: confirmationApprovalSchema,
  DESIGNATION_EVALUATION: designationEvaluationSchema,
  REVOCATION_DECISION: revocationDecisionSchema,
  APPEAL_REVIEW: appealReviewSchema,
} as const satisfies Partial<Record<TaskKind, z.ZodType>>;
/** The kinds completed with a payload of this file (the recheck's verification has its own, api/contracts/rechecks.ts). */
export type CategoryTaskKind = keyof typeof TASK_PAYLOADS;

/** A Chinese description of what is wrong with a payload, or null. */
export function payloadProblem(schema: z.ZodType, payload: unknown): string | null {
  const result = schema.safeParse(payload);
  if (result.success) return null;
  return `办理内容不正确：${result.error.issues.map((i) => `${i.path.join('.') || '（整体）'} ${i.message}`).join('；')}`;
}
