// Authentication (Bearer token → principal) and authorisation (role, county).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { COUNTY_SCOPED, reachesCounty, type Role } from '../domain/roles';
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { tokenByHash, touchToken } from '../data/apiTokens';
import { findBusiness } from '../data/businesses';
import { forbidden, notFound, unauthorized } from './errors';
import { hashToken } from './tokens';

export interface Principal {
  id: string;
  name: string;
  role: Role;
  department: string | null;
  county: string | null;
  uscc: string | null;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw unauthorized();
  return principal;
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** `lastUsedAt` is kept to the minute: at most one write per token per minute on the hot path. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authenticates the bearer token on every request: one statement reads the token and its principal
 * (data/apiTokens.ts), so a revocation, a disabled principal or an expiry takes effect on the next
 * request. Nothing is cached in the process.
 */
export function authenticate(pool: pg.Pool): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = BEARER.exec(req.header('authorization') ?? '');
    if (!match) throw unauthorized();
    const token = await tokenByHash(pool, hashToken(match[1]!));
    const now = new Date();
    if (!token || token.revokedAt || token.principal.disabled || (token.expiresAt && token.expiresAt <= now)) throw unauthorized();
    const { id, name, role, department, county, uscc } = token.principal;
    // Fail closed: a county-scoped principal without a county, or a household without its business, is refused.
    if ((COUNTY_SCOPED.includes(role as Role) && !county) || (role === 'HOUSEHOLD' && !uscc)) throw unauthorized();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await touchToken(pool, token.tokenId, now, LAST_USED_RESOLUTION_MS);
    }
    res.locals.principal = { id, name, role: role as Role, department, county, uscc } satisfies Principal;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(principalOf(res).role)) throw forbidden('当前角色无权执行此操作');
    next();
  };
}

/** Throws 403 unless the principal's reach includes `county`. */
export function assertCounty(principal: Principal, county: string): void {
  if (!reachesCounty(principal, county)) throw forbidden('无权访问其他县（市、区）的数据');
}

/**
 * The business, if this principal may act on it: households only their own (else 403 with
 * `householdRefusal`), county staff only their county; 404 when it does not exist.
 */
export async function reachableBusiness(prisma: PrismaClient, p: Principal, uscc: string, householdRefusal: string) {
  if (p.role === 'HOUSEHOLD' && p.uscc !== uscc) throw forbidden(householdRefusal);
  const business = await findBusiness(prisma, uscc);
  if (!business) throw notFound('BUSINESS_NOT_FOUND', '该个体工商户不存在');
  assertCounty(p, business.county);
  return business;
}
