// The database connections: pg pools, shared by the Prisma client (through @prisma/adapter-pg, no
// native engine) and the bulk paths (COPY, unnest). The API gives its bulk paths (feeds, exports,
// what-if) a pool of their own when it runs on PostgreSQL; the embedded PGlite is a single session in
// which two pools' connections would interleave inside each other's transactions, so there it is one.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

export interface PoolTimeouts {
  /** A statement running longer is cancelled by the server (a runaway query cannot hold a connection). */
  statementMs: number;
  /** A session idle inside an open transaction longer is ended by the server (its locks released). */
  idleInTransactionMs: number;
  /** Waiting longer for a connection (pool exhausted, server unreachable) is an error, answered 503. */
  connectMs: number;
}

/** Ordinary requests: every statement of theirs takes milliseconds. */
export const DEFAULT_TIMEOUTS: PoolTimeouts = { statementMs: 30_000, idleInTransactionMs: 30_000, connectMs: 5_000 };
/** Bulk work (a 100,000-row feed upsert, an export, a what-if page, a typing page in the worker). */
export const BULK_TIMEOUTS: PoolTimeouts = { statementMs: 300_000, idleInTransactionMs: 60_000, connectMs: 10_000 };

/** Settings of a pool's sessions beyond the timeouts. */
export interface PoolSession {
  /** Commits do not wait for the WAL to reach the disk (see createAsyncCommitPool). */
  asyncCommit?: boolean;
  /** Names the pool's sessions in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(connectionString: string, max = 10, timeouts: PoolTimeouts = DEFAULT_TIMEOUTS, session: PoolSession = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    connectionTimeoutMillis: timeouts.connectMs,
    ...(session.asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
    ...(session.applicationName ? { application_name: session.applicationName } : {}),
  });
  // An idle connection closed by the server (restart, failover) must not crash the process.
  pool.on('error', (error) => console.error(`[db] idle connection closed: ${error.message}`));
  return pool;
}

/** The application name of the API's task-event sessions (createAsyncCommitPool). */
export const TASK_EVENT_SESSIONS = 'getihu-task-events';

/**
 * A pool whose commits do not wait for the WAL to reach the disk (`synchronous_commit = off`), for writes
 * that are made durable elsewhere: the task events the API writes before it answers a claim or unclaim,
 * which the owning workflow keeps and writes again with an ordinary commit (docs/architecture.md#task-board).
 * A crash of PostgreSQL may lose the last fraction of a second of such commits, whole (never half), until
 * the workflow's write; what is committed is visible to every other session at once, as usual. Not for
 * PGlite (one session for everything there).
 */
export function createAsyncCommitPool(connectionString: string, max: number, applicationName = TASK_EVENT_SESSIONS): pg.Pool {
  return createPool(connectionString, max, DEFAULT_TIMEOUTS, { asyncCommit: true, applicationName });
}

/**
 * How long an interactive transaction waits for a connection, and may run. Prisma's defaults (2 s, 5 s)
 * are shorter than the pool's own connection wait: under load (a flood of objections, 100 activities at
 * once) transactions failed at 2 s and their activities retried in a storm while the pool would have
 * served them. Waiting as long as the pool does, and running well inside the server's idle-in-transaction
 * limit, turns that into queueing.
 */
export const TRANSACTION_OPTIONS = { maxWait: DEFAULT_TIMEOUTS.connectMs, timeout: 15_000 } as const;

/** A Prisma client over `pool` (not ended by $disconnect), or over its own pool for a connection string. */
export function createPrismaClient(source: pg.Pool | string, maxConnections = 10): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg(typeof source === 'string' ? { connectionString: source, max: maxConnections } : source),
    transactionOptions: TRANSACTION_OPTIONS,
  });
}
