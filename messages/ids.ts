// Workflow ids (and the ids of what they own) that say what they are, and the task queue the worker polls.
// Every task id is built here (docs/architecture.md#task-board): the task table, the API and the tests
// find a task by these names, and a running workflow's history holds them, so they never change.
export const TASK_QUEUE = 'getihu-flow';

export const cycleWorkflowId = (year: number) => `cycle-${year}`;
export const typingRunId = (year: number, kind: 'ANNUAL' | 'RERUN') => `typing-${year}-${kind}`;
export const recheckWorkflowId = (year: number, uscc: string) => `recheck-${year}-${uscc}`;
export const recheckTaskId = (recheckId: string) => `task-recheck-${recheckId}`;
export const recheckTaskTitle = (uscc: string) => `分型复核核实：${uscc}`;
export const applicationWorkflowId = (year: number, uscc: string) => `application-${year}-${uscc}`;
export const confirmationTaskId = (cycleWorkflowId: string) => `task-${cycleWorkflowId}-confirmation`;
/** Four eyes on the city's list: the first signature (prepare) and the second (approve) of a round. */
export const confirmationSignatureTaskId = (cycleWorkflowId: string, step: 'prepare' | 'approve', round: number) => `${confirmationTaskId(cycleWorkflowId)}-${step}-${round}`;
export const designationWorkflowId = (uscc: string, year: number) => `designation-${year}-${uscc}`;
/** The matching batch after a typing run (ANNUAL or RERUN) or a designation (docs/policy.md#p-policy-matching). */
export const policyMatchingAfterRunId = (runId: string) => `policy-matching-${runId}`;
export const policyMatchingAfterDesignationId = (designationWorkflowId: string) => `policy-matching-${designationWorkflowId}`;

// Tasks of an application (`task-app-{applicationId}-…`).
export const reviewTaskId = (applicationId: string, round: number) => `task-app-${applicationId}-review-${round}`;
export const siteVisitTaskId = (applicationId: string, round: number, seat: 1 | 2) => `task-app-${applicationId}-visit-${round}-${seat}`;
/** One task per objection: applications whose notice began before objection batches. */
export const objectionTaskId = (applicationId: string, objectionId: string, step: 'accept' | 'verify') => `task-app-${applicationId}-objection-${objectionId}-${step}`;
export const objectionBatchTaskId = (applicationId: string, round: number, step: 'accept' | 'verify') => `task-app-${applicationId}-objections-${round}-${step}`;

// Tasks of a designation.
export const designationEvaluationTaskId = (year: number, uscc: string, round: number) => `task-designation-${year}-${uscc}-${round}`;
export const revocationDecisionTaskId = (year: number, uscc: string, round: number) => `task-revocation-${year}-${uscc}-${round}`;
export const appealReviewTaskId = (applicationId: string) => `task-app-${applicationId}-appeal`;

/** The one reminder workflow of the deployment (docs/policy.md#p-credit-repair-reminder): started by the system, idempotently. */
export const REMINDERS_WORKFLOW_ID = 'reminders';
