// Request rate limits of the public objection endpoint (express-rate-limit, counted in this process's
// memory: with several API replicas each counts on its own, so the effective limit is multiplied).
// An exceeded limit answers 429 with `Retry-After` and the project's error body.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AbuseLimits } from './abuseLimits';
import { ApiError } from './errors';

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** The objector's phone, digits only, hashed: the limiter's memory keeps no phone number. */
function phoneKey(req: Request): string | null {
  const phone = (req.body as { objector?: { phone?: unknown } } | undefined)?.objector?.phone;
  if (typeof phone !== 'string') return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? createHash('sha256').update(digits).digest('hex') : null;
}

export function objectionRateLimits(limits: AbuseLimits): RequestHandler[] {
  const perIp = rateLimit({
    windowMs: limits.objectionsPerIp.windowMs,
    limit: limits.objectionsPerIp.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new ApiError(429, 'TOO_MANY_OBJECTIONS_FROM_ADDRESS', `同一网络地址提交异议过于频繁（每 ${minutes(limits.objectionsPerIp.windowMs)} 分钟不超过 ${limits.objectionsPerIp.limit} 次），请稍后再试`)),
  });
  const perPhone = rateLimit({
    windowMs: limits.objectionsPerPhone.windowMs,
    limit: limits.objectionsPerPhone.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // A request without a usable phone is left to validation (400), not counted.
    skip: (req) => phoneKey(req) === null,
    keyGenerator: (req) => phoneKey(req)!,
    handler: (_req, _res, next) =>
      next(new ApiError(429, 'TOO_MANY_OBJECTIONS_FROM_PHONE', `同一联系电话提交异议过于频繁（每 ${minutes(limits.objectionsPerPhone.windowMs)} 分钟不超过 ${limits.objectionsPerPhone.limit} 次），请稍后再试`)),
  });
  return [perIp, perPhone];
}
