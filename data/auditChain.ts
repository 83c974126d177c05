// Recomputes the audit trail's hash chain (see the migration audit_chain_and_mail_outbox): every row's
// hash over its canonical content and the previous row's hash, the gapless sequence, and the head.
import type pg from 'pg';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainBreak {
  /** The first row that does not verify (null when rows are missing after the last one). */
  id: string | null;
  chainSeq: string;
  reason: string;
}

export interface ChainReport {
  rows: number;
  /** The hash of the last row: record it elsewhere (a signed note, another system) to anchor the chain. */
  headHash: string;
  broken: ChainBreak | null;
}

interface Row {
  id: string;
  chain_seq: string;
  prev_hash: string;
  hash: string;
  recomputed: string;
}

export async function verifyAuditChain(pool: pg.Pool, pageSize = 10_000): Promise<ChainReport> {
  let seq = 0n;
  let previous = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const page = await pool.query<Row>(
      `SELECT id::text, chain_seq::text, prev_hash, hash, audit_entry_hash(e) AS recomputed
       FROM audit_entry e WHERE e.chain_seq > $1 ORDER BY e.chain_seq LIMIT $2`,
      [seq.toString(), pageSize],
    );
    for (const row of page.rows) {
      const broken = (reason: string): ChainReport => ({ rows, headHash: previous, broken: { id: row.id, chainSeq: row.chain_seq, reason } });
      if (BigInt(row.chain_seq) !== seq + 1n) return broken(`chain_seq ${seq + 1n}–${BigInt(row.chain_seq) - 1n} missing (rows deleted)`);
      if (row.prev_hash !== previous) return broken('prev_hash is not the hash of the previous row (a row before it was altered or removed)');
      if (row.recomputed !== row.hash) return broken('content does not match its hash (the row was altered)');
      seq += 1n;
      previous = row.hash;
      rows += 1;
    }
    if (page.rows.length < pageSize) break;
  }
  const head = await pool.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_chain_head WHERE id = 1');
  const headSeq = BigInt(head.rows[0]?.seq ?? '0');
  if (headSeq !== seq || (head.rows[0]?.hash ?? GENESIS_HASH) !== previous) {
    return { rows, headHash: previous, broken: { id: null, chainSeq: (seq + 1n).toString(), reason: `the chain head is at ${headSeq}, the last row at ${seq} (rows at the end removed, or the head altered)` } };
  }
  return { rows, headHash: previous, broken: null };
}
