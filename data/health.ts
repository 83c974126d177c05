// The readiness probe's question to PostgreSQL: does it answer at all.
import type { PrismaClient } from '../prisma/client';

export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
