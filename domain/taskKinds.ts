// Every kind of human task (docs/architecture.md#task-board). The task specs of the workflows, the task
// table's read model and the API's `kind` filter all use these names; a new kind is added here first.
export const TASK_KINDS = [
  'RECHECK_VERIFY',
  'APPLICATION_REVIEW',
  'SITE_VISIT_SCORE',
  /** One objection per task: applications whose notice began before objection batches. */
  'OBJECTION_ACCEPTANCE',
  'OBJECTION_VERIFICATION',
  'OBJECTION_BATCH_ACCEPTANCE',
  'OBJECTION_BATCH_VERIFICATION',
  /** One signature: cycles started before four-eyes confirmation. */
  'CITY_CONFIRMATION',
  /** Four eyes on the city's list (docs/policy.md#p-confirm-four-eyes): prepare (frozen, hashed), then approve by another administrator. */
  'CITY_CONFIRMATION_PREPARE',
  'CITY_CONFIRMATION_APPROVAL',
  'DESIGNATION_EVALUATION',
  /** The city's decision on revoking a designation (docs/policy.md#p-designation-revocation). */
  'REVOCATION_DECISION',
  /** The city's review of an appeal against a refusal (docs/policy.md#p-appeal). */
  'APPEAL_REVIEW',
] as const;

export type TaskKind = (typeof TASK_KINDS)[number];

export const isTaskKind = (kind: string): kind is TaskKind => (TASK_KINDS as readonly string[]).includes(kind);
