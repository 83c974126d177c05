// Issuing and revoking API tokens, each audited in the same transaction as the change it records.
// Used by `npm run principal:create` / `principal:revoke`, the demo principals and the tests.
import { writeAudit } from '../data/audit';
import type { Prisma, PrismaClient } from '../prisma/client';
import { generateToken, hashToken } from './tokens';

/** Tokens expire: a leaked token stops working on its own (issue 8 item 5). */
export const DEFAULT_TOKEN_LIFETIME_DAYS = 365;

type Tx = Prisma.TransactionClient;

/** Issues a token for `principalId`; returns the token (shown once) and its row id. */
export async function issueToken(
  tx: Tx, principalId: string, options: { lifetimeDays?: number; label?: string | null; actor?: { id: string | null; role: string } } = {},
): Promise<{ token: string; tokenId: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + (options.lifetimeDays ?? DEFAULT_TOKEN_LIFETIME_DAYS) * 86_400_000);
  const row = await tx.apiToken.create({ data: { principalId, tokenHash: hashToken(token), label: options.label ?? null, expiresAt } });
  await writeAudit(tx, {
    actorId: options.actor?.id ?? null, actorRole: options.actor?.role ?? 'SYSTEM', action: 'TOKEN_ISSUED', targetType: 'api_token', targetId: row.id,
    after: { principalId, label: row.label, expiresAt: expiresAt.toISOString() },
  });
  return { token, tokenId: row.id, expiresAt };
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
