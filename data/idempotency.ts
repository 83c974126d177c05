// Idempotency keys of activities' own: a retried activity (same workflow run, same activity id) finds
// its key already claimed in the transaction that made its effect, and does nothing again. The audit
// trail is not consulted for this: it records what happened, it does not decide what to do.
import { Context } from '@temporalio/activity';
import type { Prisma } from '../prisma/client';

/** `workflowId/runId/activityId` of the running activity (the same on every attempt), or null outside one. */
export function currentActivityKey(): string | null {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return null; // called outside an activity (an API route, a script, a test calling the function directly)
  }
  const { workflowExecution, activityId } = context.info;
  if (!workflowExecution) return null; // a standalone activity has no run to key on
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}

/**
 * Claims `key` inside the transaction `tx` of the effect it guards: true the first time, false when an
 * earlier attempt committed it (a concurrent attempt waits on the key's row lock, then sees false).
 */
export async function claimEffect(tx: Pick<Prisma.TransactionClient, '$executeRaw'>, key: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`INSERT INTO activity_effect (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING`;
  return inserted === 1;
}
