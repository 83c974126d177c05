// Which designations a feed batch concerns (docs/policy.md#p-designation-revocation), and the outbox of the
// Signals that tell them. Only the rows the batch inserted or changed carry its batch id, so a batch
// concerns exactly the designated households whose negative-list or register facts it touched; nothing
// scans the whole label table.
import type pg from 'pg';

/** Labels still in force (a designation workflow is running and may revoke them). */
const IN_FORCE = `('ACTIVE', 'UNDER_EVALUATION', 'EXTENDED', 'REVOKING')`;

/** Per feed: the households a batch touched, as `SELECT uscc` over its own rows ($1 = batch id). */
const TOUCHED: Record<string, string> = {
  registration: `SELECT uscc FROM business WHERE batch_id = $1 AND status <> 'ACTIVE'`,
  penalties: 'SELECT uscc FROM administrative_penalty WHERE batch_id = $1',
  'abnormal-marks': 'SELECT uscc FROM abnormal_mark WHERE batch_id = $1',
  'serious-dishonest': 'SELECT uscc FROM serious_dishonest_listing WHERE batch_id = $1',
  // The court lists the operator (by keyed ID hash): every household of that operator.
  'court-dishonest': 'SELECT b.uscc FROM court_dishonest c JOIN business b ON b.operator_id_hash = c.operator_id_hash WHERE c.batch_id = $1',
};

export const REVOCATION_FEEDS = Object.keys(TOUCHED);

/**
 * Records, in the feed's transaction, one pending Signal per designation in force the batch touched.
 * Returns how many were recorded.
 */
export async function recordDesignationSignals(client: pg.PoolClient, feed: string, batchId: string): Promise<number> {
  const touched = TOUCHED[feed];
  if (!touched) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO designation_signal (batch_id, workflow_id, feed)
     SELECT DISTINCT $1::uuid, 'designation-' || l.year || '-' || l.uscc, $2::text
     FROM category_label l WHERE l.status IN ${IN_FORCE} AND l.uscc IN (${touched})
     ON CONFLICT DO NOTHING`,
    [batchId, feed],
  );
  return rowCount ?? 0;
}

export interface PendingDesignationSignal {
  batchId: string;
  workflowId: string;
  feed: string;
}

/** Signals not yet accepted by Temporal: one batch's, or every batch's older than `graceMs` (the reconciler). */
export async function pendingDesignationSignals(db: pg.Pool, filter: { batchId: string } | { graceMs: number }, limit = 500): Promise<PendingDesignationSignal[]> {
  const { rows } = 'batchId' in filter
    ? await db.query('SELECT batch_id AS "batchId", workflow_id AS "workflowId", feed FROM designation_signal WHERE batch_id = $1 AND delivered_at IS NULL ORDER BY workflow_id LIMIT $2', [filter.batchId, limit])
    : await db.query(
      `SELECT batch_id AS "batchId", workflow_id AS "workflowId", feed FROM designation_signal
       WHERE delivered_at IS NULL AND created_at < now() - $1 * interval '1 millisecond' ORDER BY created_at LIMIT $2`,
      [filter.graceMs, limit],
    );
  return rows;
}

/** Marks a Signal delivered (DELIVERED) or moot (CLOSED: the workflow had ended), or counts a failed attempt. */
export async function markDesignationSignal(db: pg.Pool, s: PendingDesignationSignal, outcome: 'DELIVERED' | 'CLOSED' | null): Promise<void> {
  await db.query(
    outcome
      ? 'UPDATE designation_signal SET attempts = attempts + 1, outcome = $3, delivered_at = now() WHERE batch_id = $1 AND workflow_id = $2 AND delivered_at IS NULL'
      : 'UPDATE designation_signal SET attempts = attempts + 1 WHERE batch_id = $1 AND workflow_id = $2 AND delivered_at IS NULL',
    outcome ? [s.batchId, s.workflowId, outcome] : [s.batchId, s.workflowId],
  );
}
