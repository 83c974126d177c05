// API tokens in PostgreSQL (only their hashes): issued and revoked, each audited in the same transaction
// as the change it records (generating and hashing a token is api/tokens.ts's; api/tokenLifecycle.ts joins
// the two), and read by authentication on every request: the token row and its principal in one statement,
// and the conditional `lastUsedAt` write. Those two are plain pg, not Prisma: the hot path of every request
// (one round trip instead of Prisma's two, a fraction of its CPU; docs/decisions.md, "Task actions at the
// no-op Update's pace").
import type pg from 'pg';
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

export interface TokenWithPrincipal {
  tokenId: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  principal: {
    id: string;
    name: string;
    role: string;
    department: string | null;
    county: string | null;
    uscc: string | null;
    disabled: boolean;
  };
}

interface Row {
  token_id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  id: string;
  name: string;
  role: string;
  department: string | null;
  county: string | null;
  uscc: string | null;
  disabled: boolean;
}

/** The token with this hash and its principal, whatever their state (the caller decides), or null. */
export async function tokenByHash(db: pg.Pool, tokenHash: string): Promise<TokenWithPrincipal | null> {
  // Named: every request runs it, so each connection parses and plans it once.
  const { rows } = await db.query<Row>({
    name: 'token-by-hash',
    text: `SELECT t.id AS token_id, t.revoked_at, t.expires_at, t.last_used_at,
            p.id, p.name, p.role, p.department, p.county, p.uscc, p.disabled
     FROM api_token t JOIN principal p ON p.id = t.principal_id
     WHERE t.token_hash = $1`,
    values: [tokenHash],
  });
  const r = rows[0];
  if (!r) return null;
  return {
    tokenId: r.token_id, revokedAt: r.revoked_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at,
    principal: { id: r.id, name: r.name, role: r.role, department: r.department, county: r.county, uscc: r.uscc, disabled: r.disabled },
  };
}

/**
 * Records a use at `now` unless one within `resolutionMs` is recorded already. Conditional, so that
 * concurrent requests of one token write the row once.
 */
export async function touchToken(db: pg.Pool, tokenId: string, now: Date, resolutionMs: number): Promise<void> {
  await db.query(
    'UPDATE api_token SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)',
    [tokenId, now, new Date(now.getTime() - resolutionMs)],
  );
}
