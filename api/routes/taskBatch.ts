// POST /api/v1/tasks/batch: several task actions in one request (a county administrator approving the
// county's reviews). Each item runs through the same action as its single-task endpoint (taskActions.ts):
// the same authorization, the same Update to the task's own workflow, whose validator refuses before
// anything is recorded. Items run a few at a time, and each gets its own result, so one refusal
// neither stops nor undoes the others.
import { Router } from 'express';
import type { z } from 'zod';
import { principalOf, requireRole, type Principal } from '../auth';
import { parseRequest } from '../contract';
import { batchTasks } from '../contracts/tasks';
import { ApiError, isUnavailable } from '../errors';
import type { TaskView } from '../../messages/taskMessages';
import type { TaskActions } from './taskActions';

/** How many items of one batch talk to Temporal at once. */
export const TASK_BATCH_CONCURRENCY = 8;

type BatchItem = z.output<typeof batchTasks.body>['items'][number];

export function taskBatchRouter(actions: TaskActions): Router {
  const router = Router();

  function run(p: Principal, item: BatchItem, idempotencyKey: string | undefined): Promise<TaskView> {
    switch (item.action) {
      case 'claim': return actions.claim(p, item.taskId);
      case 'unclaim': return actions.unclaim(p, item.taskId);
      case 'complete': return actions.complete(p, item.taskId, item.payload, idempotencyKey ? `${idempotencyKey}:${item.taskId}` : undefined);
      case 'assign': return actions.assign(p, item.taskId, item);
    }
  }

  router.post(batchTasks.path, requireRole(...batchTasks.roles), async (req, res) => {
    const { body } = parseRequest(batchTasks, req);
    const p = principalOf(res);
    const idempotencyKey = req.header('idempotency-key') ?? undefined;
    const results = await mapBounded(body.items, TASK_BATCH_CONCURRENCY, async (item) => {
      try {
        const task = await run(p, item, idempotencyKey);
        return { taskId: item.taskId, action: item.action, status: 200, code: 'OK', message: '已办理', details: [], task };
      } catch (error) {
        return { taskId: item.taskId, action: item.action, ...refusal(error), task: null };
      }
    });
    const succeeded = results.filter((r) => r.status === 200).length;
    res.json({ succeeded, failed: results.length - succeeded, results });
  });

  return router;
}

/** What the single-task endpoint would have answered for this item's error. */
function refusal(error: unknown): { status: number; code: string; message: string; details: unknown[] } {
  if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  const unavailable = isUnavailable(error);
  if (unavailable) return { status: 503, code: unavailable, message: '流程引擎或数据库暂时无法访问，该项未办理，请稍后重试', details: [] };
  console.error(`[api] batch item failed: ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`);
  return { status: 500, code: 'INTERNAL_ERROR', message: '服务器内部错误，该项未办理', details: [] };
}

/** Maps items with at most `limit` in flight, keeping the input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
