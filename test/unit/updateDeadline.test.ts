// An Update still waiting when the gateway's deadline passes (an overloaded server or worker) answers
// 503 TEMPORAL_UNAVAILABLE, like an unreachable Temporal, not 500: the client retries (a claim again is
// harmless, a completion carries its Idempotency-Key). The SDK reports that case with its own error class
// (WorkflowUpdateRPCTimeoutOrCancelledError, "Call cancelled" beneath), which is what this client throws.
import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { workflowGateway } from '../../api/workflowCalls';
import { ApiError } from '../../api/errors';
import { claimTaskUpdate } from '../../messages/taskMessages';

const pastDeadline = {
  withDeadline: <R>(_deadline: number, run: () => Promise<R>) => run(),
  workflow: {
    getHandle: () => ({
      executeUpdate: () => Promise.reject(new WorkflowUpdateRPCTimeoutOrCancelledError('Timeout or cancellation waiting for update', { cause: new Error('1 CANCELLED: Call cancelled') })),
    }),
  },
} as unknown as Client;

describe('an Update past the gateway deadline', () => {
  it('answers 503 TEMPORAL_UNAVAILABLE', async () => {
    const closed = new ApiError(409, 'TASK_NOT_OPEN', '已结束');
    const refusal = await workflowGateway(pastDeadline).update('wf', claimTaskUpdate, ['task', { id: 'a', role: 'GRASSROOTS_STAFF', county: '421321' }], closed).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
  });
});
