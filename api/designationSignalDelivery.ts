// Delivery of the designation Signals a feed batch recorded (docs/policy.md#p-designation-revocation). The
// batch and its pending Signals are committed together; the upload's request delivers them after the
// commit, and a reconciler delivers whatever stayed pending (Temporal unreachable, the process died).
// At least once: the workflow ignores a batch it has already heard, and re-reads the facts anyway.
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { markDesignationSignal, pendingDesignationSignals, type PendingDesignationSignal } from '../data/designationSignals';
import { designationFactsChangedSignal } from '../messages/designationMessages';
import { startPeriodicRounds } from './periodicRounds';
import { RPC_DEADLINE_MS, workflowGateway } from './workflowCalls';

interface Deps {
  pool: pg.Pool;
  temporal: Client;
}

async function deliver({ pool, temporal }: Deps, s: PendingDesignationSignal): Promise<boolean> {
  let sent: 'SENT' | 'NOT_FOUND';
  try {
    sent = await workflowGateway(temporal).signal(s.workflowId, designationFactsChangedSignal, [{ batchId: s.batchId, feed: s.feed }]);
  } catch {
    await markDesignationSignal(pool, s, null); // Temporal unreachable: the reconciler tries again
    return false;
  }
  // A designation that has ended (expired or revoked already) has nothing left to revoke.
  await markDesignationSignal(pool, s, sent === 'SENT' ? 'DELIVERED' : 'CLOSED');
  return true;
}

/** Delivers one batch's pending Signals (called by the upload after its commit); never throws for Temporal. */
export async function deliverBatchDesignationSignals(deps: Deps, batchId: string): Promise<void> {
  for (;;) {
    const pending = await pendingDesignationSignals(deps.pool, { batchId });
    if (!pending.length) return;
    for (const s of pending) if (!(await deliver(deps, s))) return; // unreachable: the reconciler takes over
  }
}

/** Delivers every Signal pending longer than `graceMs`; stops at the first failure (Temporal still unreachable). */
export async function deliverPendingDesignationSignals(deps: Deps, { graceMs = RPC_DEADLINE_MS + 5_000 } = {}): Promise<number> {
  let delivered = 0;
  for (const s of await pendingDesignationSignals(deps.pool, { graceMs })) {
    if (!(await deliver(deps, s))) break;
    delivered++;
  }
  return delivered;
}

/** Runs the reconciler every `intervalMs` in this process; returns a function that stops it. */
export function startDesignationSignalReconciler(deps: Deps, intervalMs: number): () => Promise<void> {
  return startPeriodicRounds('designation signal', () => deliverPendingDesignationSignals(deps), intervalMs);
}
