// The run's database (see test/setup/globalSetup.ts) and principals with tokens for API tests.
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../../domain/roles';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { generateToken, hashToken } from '../../api/tokens';

export function testPrisma(): PrismaClient {
  return createPrismaClient(inject('databaseUrl'), inject('databaseKind') === 'pglite' ? 1 : 5);
}

export function testPool(): pg.Pool {
  return new pg.Pool({ connectionString: inject('databaseUrl'), max: inject('databaseKind') === 'pglite' ? 1 : 4 });
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
