// The one Temporal gateway of the HTTP layer (docs/decisions.md, "One Temporal gateway"): every start, Query, Signal, Update
// and describe that api/ sends to a workflow goes through here, with one deadline and one mapping of
// Temporal's failures to HTTP errors:
//   - the id already taken under the start's reuse policy → `start` answers false (the route says what that means);
//   - no such workflow (never started, or closed past retention) → the caller's `missing` answer;
//   - an Update refused by its synchronous validator → 403/404/409/422 by failure type (FAILURE_STATUS);
//     nothing was recorded then;
//   - Temporal unreachable or past the deadline → 503 TEMPORAL_UNAVAILABLE.
// Anything else is a fault and reaches the error handler as it is (500).
import {
  WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client,
  type WorkflowExecutionDescription, type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type SignalDefinition, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { APPLICATION_FAILURES } from '../messages/applicationMessages';
import { DESIGNATION_FAILURES } from '../messages/designationMessages';
import { RECHECK_FAILURES } from '../messages/recheckMessages';
import { TASK_FAILURES } from '../messages/taskMessages';
import { ApiError, isUnavailable, temporalUnavailable } from './errors';

/**
 * How long an HTTP request waits for Temporal, per call (docs/decisions.md, "One Temporal gateway"). An Update waits for the
 * worker to run its handler, activities included; past this the request answers 503 and the client retries
 * (with the same Idempotency-Key for completions). Well inside the shutdown grace (api/gracefulClose.ts).
 */
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
  [APPLICATION_FAILURES.NO_REFUSAL]: [409, 'NO_REFUSAL'],
  [APPLICATION_FAILURES.APPEAL_LATE]: [409, 'APPEAL_LATE'],
  [APPLICATION_FAILURES.ALREADY_APPEALED]: [409, 'APPEAL_ALREADY_FILED'],
  [DESIGNATION_FAILURES.NOT_IN_FORCE]: [409, 'DESIGNATION_NOT_IN_FORCE'],
  [DESIGNATION_FAILURES.NO_DEFENCE_OPEN]: [409, 'NO_DEFENCE_OPEN'],
  [DESIGNATION_FAILURES.DEFENCE_ALREADY_SUBMITTED]: [409, 'DEFENCE_ALREADY_SUBMITTED'],
  [DESIGNATION_FAILURES.NOT_OWN]: [403, 'FORBIDDEN'],
};

/** A workflow validator's refusal; `failureDetails` is what the workflow attached (for the API, not sent as is). */
export class WorkflowRefusal extends ApiError {
  constructor(status: number, code: string, message: string, readonly failureDetails: readonly unknown[]) {
    super(status, code, message);
  }
}

/** What to answer when the workflow does not exist (or no longer does): an error, or one looked up. */
export type Missing = ApiError | (() => Promise<ApiError>);

/** Not found: a sentinel for the calls whose caller decides (`describe`, `signal` without `missing`). */
class NotFound extends Error {}

export type WorkflowGateway = ReturnType<typeof workflowGateway>;

export function workflowGateway(temporal: Client) {
  /** Runs one call within the deadline and maps its failure (the one mapping of this module). */
  async function call<R>(run: () => Promise<R>, missing?: Missing): Promise<R> {
    try {
      return await temporal.withDeadline(Date.now() + RPC_DEADLINE_MS, run);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        if (!missing) throw new NotFound();
        throw typeof missing === 'function' ? await missing() : missing;
      }
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const [status, code] = FAILURE_STATUS[error.cause.type ?? ''] ?? [422, 'REFUSED'];
        throw new WorkflowRefusal(status, code, error.cause.message, error.cause.details ?? []);
      }
      // An Update still waiting at the deadline (the server or the worker overloaded): the client gives up
      // waiting, whatever the Update then does; like an unreachable Temporal, 503 and the client retries.
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error)) throw temporalUnavailable();
      throw error;
    }
  }
  const handle = (workflowId: string) => temporal.workflow.getHandle(workflowId);

  return {
    /**
     * Starts a workflow once: true when started, false when its id is taken under the options' reuse
     * policy (a running workflow, or a closed one the policy keeps) — the route says what that means.
     */
    async start<T extends Workflow>(workflowType: string, options: WorkflowStartOptions<T>): Promise<boolean> {
      try {
        await call(() => temporal.workflow.start<T>(workflowType, options));
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    },

    /** A Query; `missing` answers for a workflow that does not exist. */
    query<R, Args extends unknown[]>(workflowId: string, query: QueryDefinition<R, Args>, args: Args, missing: Missing): Promise<R> {
      return call(() => handle(workflowId).query(query, ...args), missing);
    },

    /** A Query answered if it can be (it needs a worker): null when anything fails, for views with a fallback. */
    async queryOrNull<R, Args extends unknown[]>(workflowId: string, query: QueryDefinition<R, Args>, ...args: Args): Promise<R | null> {
      return call(() => handle(workflowId).query(query, ...args)).catch(() => null);
    },

    /** The workflow's description, or null when it does not exist. */
    async describe(workflowId: string): Promise<WorkflowExecutionDescription | null> {
      try {
        return await call(() => handle(workflowId).describe());
      } catch (error) {
        if (error instanceof NotFound) return null;
        throw error;
      }
    },

    /** A Signal. Without `missing`, a workflow that does not exist answers 'NOT_FOUND' instead of an error. */
    async signal<Args extends unknown[]>(workflowId: string, signal: SignalDefinition<Args>, args: Args, missing?: Missing): Promise<'SENT' | 'NOT_FOUND'> {
      try {
        await call(() => handle(workflowId).signal(signal, ...args), missing);
        return 'SENT';
      } catch (error) {
        if (error instanceof NotFound) return 'NOT_FOUND';
        throw error;
      }
    },

    /** An Update; a closed workflow answers `closed` (it no longer takes decisions). */
    update<R, Args extends [unknown, ...unknown[]]>(workflowId: string, update: UpdateDefinition<R, Args>, args: Args, closed: Missing, updateId?: string): Promise<R> {
      return call(() => handle(workflowId).executeUpdate(update, { args, ...(updateId ? { updateId } : {}) }), closed);
    },
  };
}
