// Whether what a session has read is on disk. Most commits wait for their WAL to be flushed; the API's writes
// of claims' events do not (prisma/client.ts, createAsyncCommitPool), so a row read a moment after such a commit
// may still be only in memory, lost if PostgreSQL crashed just then. The WAL writer flushes those within a few
// hundred milliseconds (3 × wal_writer_delay at most); this waits for it, needing no privilege beyond SELECT.
import type pg from 'pg';

/** Where the WAL is inserted now: past every commit this session has seen. */
export async function walInsertPosition(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]!.lsn;
}

/** Whether the WAL is on disk up to `lsn`. */
export async function walFlushedPast(pool: pg.Pool, lsn: string): Promise<boolean> {
  return (await pool.query<{ ok: boolean }>('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0]!.ok;
}

/**
 * Resolves true once the WAL is flushed up to where it was inserted when called (so past every commit read
 * before the call), false if that takes longer than `timeoutMs` (PGlite has no WAL writer).
 */
export async function walFlushedToNow(pool: pg.Pool, timeoutMs = 5_000, pollMs = 50): Promise<boolean> {
  const lsn = await walInsertPosition(pool);
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (await walFlushedPast(pool, lsn)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
