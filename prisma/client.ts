// The database connections: one pg pool, shared by the Prisma client (through @prisma/adapter-pg,
// no native engine) and the bulk paths (COPY, unnest). One pool matters for the embedded PGlite, a
// single session in which two pools' connections would interleave inside each other's transactions.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection closed by the server (restart, failover) must not crash the process.
  pool.on('error', (error) => console.error(`[db] idle connection closed: ${error.message}`));
  return pool;
}

/** A Prisma client over `pool` (not ended by $disconnect), or over its own pool for a connection string. */
export function createPrismaClient(source: pg.Pool | string, maxConnections = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(typeof source === 'string' ? { connectionString: source, max: maxConnections } : source) });
}
