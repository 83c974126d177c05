// API tokens in PostgreSQL (only their hashes), issued and revoked, each audited in the same transaction
// as the change it records. Generating and hashing a token is api/tokens.ts's; api/tokenLifecycle.ts joins the two.
import type { Prisma, PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

type Tx = Prisma.TransactionClient;

/** Stores a token's hash for `principalId` with its TOKEN_ISSUED audit (in the caller's transaction); returns its row id. */
export async function insertToken(
  tx: Tx, principalId: string, tokenHash: string, expiresAt: Date, options: { label?: string | null; actor?: { id: string | null; role: string } } = {},
): Promise<string> {
  const row = await tx.apiToken.create({ data: { principalId, tokenHash, label: options.label ?? null, expiresAt } });
  await writeAudit(tx, {
    actorId: options.actor?.id ?? null, actorRole: options.actor?.role ?? 'SYSTEM', action: 'TOKEN_ISSUED', targetType: 'api_token', targetId: row.id,
    after: { principalId, label: row.label, expiresAt: expiresAt.toISOString() },
  });
  return row.id;
}

/**
 * Revokes a principal's live tokens (or one of them), and disables the principal if asked. Returns the
 * revoked token ids; a token already revoked is left as it was (revoking twice records nothing new).
 */
export async function revokeTokens(
  prisma: PrismaClient, args: { principalId: string; tokenId?: string; disable?: boolean; reason: string; actor?: { id: string | null; role: string } },
): Promise<{ revoked: string[]; disabled: boolean }> {
  return prisma.$transaction(async (tx) => {
    const principal = await tx.principal.findUnique({ where: { id: args.principalId } });
    if (!principal) throw new Error(`principal ${args.principalId} not found`);
    const live = await tx.apiToken.findMany({ where: { principalId: principal.id, revokedAt: null, ...(args.tokenId ? { id: args.tokenId } : {}) } });
    if (args.tokenId && live.length === 0 && !(await tx.apiToken.findFirst({ where: { id: args.tokenId, principalId: principal.id } }))) {
      throw new Error(`token ${args.tokenId} of principal ${principal.id} not found`);
    }
    const at = new Date();
    const actor = { actorId: args.actor?.id ?? null, actorRole: args.actor?.role ?? 'SYSTEM' };
    for (const token of live) {
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: at } });
      await writeAudit(tx, { ...actor, action: 'TOKEN_REVOKED', targetType: 'api_token', targetId: token.id, before: { revokedAt: null }, after: { principalId: principal.id, revokedAt: at.toISOString(), reason: args.reason } });
    }
    const disable = !!args.disable && !principal.disabled;
    if (disable) {
      await tx.principal.update({ where: { id: principal.id }, data: { disabled: true } });
      await writeAudit(tx, { ...actor, action: 'PRINCIPAL_DISABLED', targetType: 'principal', targetId: principal.id, before: { disabled: false }, after: { disabled: true, reason: args.reason } });
    }
    return { revoked: live.map((t) => t.id), disabled: disable || principal.disabled };
  });
}
