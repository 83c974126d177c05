// Delivery of recorded objections to their application's workflow. The objection and its audit row are
// committed first; the Signal follows. A Signal that fails leaves the objection PENDING and the
// reconciler signals it again until Temporal accepts it. Delivery is at least once; the workflow
// ignores an objection id it has already heard, so each objection is handled exactly once.
import type { Client } from '@temporalio/client';
import { closeUndeliverableObjection, countDeliveryAttempt, markDelivered, pendingObjections } from '../data/objections';
import type { PrismaClient } from '../prisma/client';
import { objectionSignal } from '../messages/applicationMessages';
import { applicationWorkflowId } from '../messages/ids';
import { startPeriodicRounds } from './periodicRounds';
import { RPC_DEADLINE_MS, workflowGateway } from './workflowCalls';

export type DeliveryOutcome = 'DELIVERED' | 'PENDING' | 'APPLICATION_CLOSED';

interface Deps {
  prisma: PrismaClient;
  temporal: Client;
}

interface PendingObjection {
  id: string;
  year: number;
  uscc: string;
  receivedAt: Date;
}

/** Signals one objection and records the outcome; never throws for a Temporal failure (it stays PENDING). */
export async function deliverObjection({ prisma, temporal }: Deps, objection: PendingObjection): Promise<DeliveryOutcome> {
  const workflowId = applicationWorkflowId(objection.year, objection.uscc);
  let sent: 'SENT' | 'NOT_FOUND';
  try {
    // The workflow hears only the objection's id: the objector's name and phone stay in the database.
    sent = await workflowGateway(temporal).signal(workflowId, objectionSignal, [{ objectionId: objection.id, receivedAt: objection.receivedAt.toISOString() }]);
  } catch {
    await countDeliveryAttempt(prisma, objection.id);
    return 'PENDING';
  }
  if (sent === 'NOT_FOUND') return closeUndeliverable(prisma, objection);
  await markDelivered(prisma, objection.id);
  return 'DELIVERED';
}

/** The application ended (withdrawn, refused, finished) before it heard the objection: nothing left to object to. */
async function closeUndeliverable(prisma: PrismaClient, objection: PendingObjection): Promise<DeliveryOutcome> {
  const reason = '该申请已撤回或办结，异议无需处理';
  await closeUndeliverableObjection(prisma, objection.id, reason);
  return 'APPLICATION_CLOSED';
}

/**
 * Signals every objection still PENDING (oldest first) that is older than `graceMs`, leaving fresh ones
 * to the request that recorded them. Returns how many reached each outcome.
 */
export async function deliverPendingObjections(deps: Deps, { graceMs = RPC_DEADLINE_MS + 5_000, batch = 100 } = {}): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { DELIVERED: 0, PENDING: 0, APPLICATION_CLOSED: 0 };
  const pending = await pendingObjections(deps.prisma, new Date(Date.now() - graceMs), batch);
  for (const objection of pending) {
    const outcome = await deliverObjection(deps, objection);
    counts[outcome] += 1;
    if (outcome === 'PENDING') break; // Temporal is still unreachable: try the rest on the next round
  }
  return counts;
}

/** Runs the reconciler every `intervalMs` in this process; returns a function that stops it. */
export function startObjectionReconciler(deps: Deps, intervalMs: number, options?: { graceMs?: number }): () => Promise<void> {
  return startPeriodicRounds('objection delivery', () => deliverPendingObjections(deps, options), intervalMs);
}
