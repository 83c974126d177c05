// Issuing and revoking API tokens, each audited in the same transaction as the change it records
// (the rows are data/apiTokens.ts's). Used by `npm run principal:create` / `principal:revoke`, the demo
// principals and the tests.
import { insertToken, revokeTokens } from '../data/apiTokens';
import type { Prisma } from '../prisma/client';
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
  const tokenId = await insertToken(tx, principalId, hashToken(token), expiresAt, { label: options.label ?? null, ...(options.actor ? { actor: options.actor } : {}) });
  return { token, tokenId, expiresAt };
}

// Revoking needs no token material: the transaction is data/apiTokens.ts's, re-exported for the scripts and tests.
export { revokeTokens };
