// Calls from request handlers into workflows, with a deadline (an unreachable Temporal gives a prompt
// 503) and the refusals of synchronous validators mapped to HTTP errors: nothing was recorded then.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { APPLICATION_FAILURES } from '../messages/applicationMessages';
import { RECHECK_FAILURES } from '../messages/recheckMessages';
import { TASK_FAILURES } from '../messages/taskMessages';
import { ApiError } from './errors';

export const RPC_DEADLINE_MS = 10_000;

const FAILURE_STATUS: Record<string, [number, string]> = {
  [TASK_FAILURES.NOT_FOUND]: [404, 'TASK_NOT_FOUND'],
  [TASK_FAILURES.NOT_OPEN]: [409, 'TASK_NOT_OPEN'],
  [TASK_FAILURES.NOT_ELIGIBLE]: [403, 'TASK_NOT_ELIGIBLE'],
  [TASK_FAILURES.ALREADY_CLAIMED]: [409, 'TASK_ALREADY_CLAIMED'],
  [TASK_FAILURES.NOT_CLAIMANT]: [403, 'NOT_CLAIMANT'],
  [TASK_FAILURES.NOT_ADMINISTRATOR]: [403, 'NOT_ADMINISTRATOR'],
  [TASK_FAILURES.INVALID_PAYLOAD]: [422, 'INVALID_TASK_PAYLOAD'],
  [TASK_FAILURES.CANNOT_SEND_BACK]: [422, 'CANNOT_SEND_BACK'],
  [RECHECK_FAILURES.NOT_ASSIGNEE]: [403, 'NOT_ASSIGNEE'],
  [RECHECK_FAILURES.NOT_OPEN]: [409, 'RECHECK_CLOSED'],
  [RECHECK_FAILURES.INVALID_DECISIONS]: [422, 'INVALID_DECISIONS'],
  [RECHECK_FAILURES.SELF_VERIFICATION]: [403, 'SELF_VERIFICATION'],
  [APPLICATION_FAILURES.NOT_APPLICANT]: [403, 'NOT_APPLICANT'],
  [APPLICATION_FAILURES.CANNOT_WITHDRAW]: [409, 'CANNOT_WITHDRAW'],
};

/** A workflow validator's refusal; `failureDetails` is what the workflow attached (for the API, not sent as is). */
export class WorkflowRefusal extends ApiError {
  constructor(status: number, code: string, message: string, readonly failureDetails: readonly unknown[]) {
    super(status, code, message);
  }
}

/** Runs an Update; a closed workflow answers `closed` (it no longer takes decisions). */
export async function runUpdate<R, Args extends [unknown, ...unknown[]]>(
  temporal: Client, workflowId: string, update: UpdateDefinition<R, Args>, args: Args, closed: ApiError | (() => Promise<ApiError>), updateId?: string,
): Promise<R> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    return await temporal.withDeadline(Date.now() + RPC_DEADLINE_MS, () => handle.executeUpdate(update, { args, ...(updateId ? { updateId } : {}) }));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw typeof closed === 'function' ? await closed() : closed;
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const [status, code] = FAILURE_STATUS[error.cause.type ?? ''] ?? [422, 'REFUSED'];
      throw new WorkflowRefusal(status, code, error.cause.message, error.cause.details ?? []);
    }
    throw error;
  }
}
