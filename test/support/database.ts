// The run's database (see test/setup/globalSetup.ts) and principals with tokens for API tests.
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../../domain/roles';
import { BULK_TIMEOUTS, createPool, createPrismaClient, type PrismaClient } from '../../prisma/client';
import { generateToken, hashToken } from '../../api/tokens';
import { createFreshDatabase } from '../../scripts/freshDatabase';

export interface TestDatabase {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * The run's database: one pool (a single connection on PGlite), shared by Prisma, the bulk paths and the
 * tests' workers — so with the bulk timeouts the worker's own pool has in production.
 */
export function testDatabase(): TestDatabase {
  const pool = createPool(inject('databaseUrl'), inject('databaseKind') === 'pglite' ? 1 : 5, BULK_TIMEOUTS);
  const prisma = createPrismaClient(pool);
  return { prisma, pool, close: async () => { await prisma.$disconnect(); await pool.end(); } };
}

export interface TestPrincipal {
  id: string;
  token: string;
}

export async function createPrincipal(
  prisma: PrismaClient,
  role: Role,
  extra: { department?: string; county?: string; uscc?: string; name?: string } = {},
): Promise<TestPrincipal> {
  const token = generateToken();
  const principal = await prisma.principal.create({
    data: {
      name: extra.name ?? `测试-${role}`,
      role,
      department: extra.department ?? null,
      county: extra.county ?? null,
      uscc: extra.uscc ?? null,
      tokens: { create: { tokenHash: hashToken(token) } },
    },
  });
  return { id: principal.id, token };
}

export interface IsolatedDatabase {
  url: string;
  prisma: PrismaClient;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A database of the test's own (when the run uses PostgreSQL), for tests that type "every business". */
export async function isolatedDatabase(): Promise<IsolatedDatabase> {
  if (inject('databaseKind') === 'pglite') return sharedEmbeddedDatabase();
  const admin = new URL(inject('databaseUrl'));
  const name = `${admin.pathname.slice(1)}_${Math.random().toString(36).slice(2, 8)}`;
  admin.pathname = '/postgres';
  const db = await createFreshDatabase(admin.toString(), name);
  const pool = createPool(db.url, 5, BULK_TIMEOUTS);
  const prisma = createPrismaClient(pool);
  return {
    url: db.url,
    prisma,
    pool,
    async drop() {
      await prisma.$disconnect();
      await pool.end();
      await db.drop();
    },
  };
}

// PGlite is one database with a single connection: "isolated" databases share one pool (closed when the
// last holder drops it), and each starts from empty tables. Emptying them stands in for CREATE DATABASE,
// so it is the one place that switches the append-only audit trigger off (superuser, this transaction
// only, as pg_restore does); the application's code never can (tests on PostgreSQL get new databases).
let embedded: { db: TestDatabase; holders: number } | null = null;

async function sharedEmbeddedDatabase(): Promise<IsolatedDatabase> {
  embedded ??= { db: testDatabase(), holders: 0 };
  embedded.holders += 1;
  const { prisma, pool } = embedded.db;
  const { rows } = await pool.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'");
  await pool.query(`BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE; COMMIT`);
  return {
    url: inject('databaseUrl'),
    prisma,
    pool,
    async drop() {
      if (!embedded || --embedded.holders > 0) return;
      const { close } = embedded.db;
      embedded = null;
      await close();
    },
  };
}
