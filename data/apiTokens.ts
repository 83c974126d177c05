// API tokens as authentication reads them on every request: the token row and its principal in one
// statement, and the conditional `lastUsedAt` write. Plain pg, not Prisma: this is the hot path of every
// request (one round trip instead of Prisma's two, a fraction of its CPU; docs/decisions.md, "Task actions
// at the no-op Update's pace").
import type pg from 'pg';

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
  const { rows } = await db.query<Row>(
    `SELECT t.id AS token_id, t.revoked_at, t.expires_at, t.last_used_at,
            p.id, p.name, p.role, p.department, p.county, p.uscc, p.disabled
     FROM api_token t JOIN principal p ON p.id = t.principal_id
     WHERE t.token_hash = $1`,
    [tokenHash],
  );
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
