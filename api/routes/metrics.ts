// GET /metrics: Prometheus text for the operators' scraper, not for the public. With METRICS_TOKEN set,
// only `Authorization: Bearer <METRICS_TOKEN>` reads it; without, only a direct request from this host
// (loopback, and no proxy header: a reverse proxy on the same host would otherwise make public
// requests look local).
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { Registry } from 'prom-client';
import type pg from 'pg';
import { processRegistry } from '../../observability/metrics';
import { registerReadModelMetrics } from '../../observability/readModelMetrics';
import type { Logger } from '../../observability/logger';
import { ApiError } from '../errors';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function mayReadMetrics(req: Request, metricsToken: string | undefined): boolean {
  if (metricsToken) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    return !!match && sameSecret(match[1]!, metricsToken);
  }
  const proxied = req.header('x-forwarded-for') !== undefined || req.header('forwarded') !== undefined;
  return !proxied && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

export function metricsRouter(deps: { pool: pg.Pool; appRegistry: Registry; logger: Logger; metricsToken?: string }): Router {
  registerReadModelMetrics(deps.appRegistry, deps.pool, deps.logger);
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!mayReadMetrics(req, deps.metricsToken)) {
      throw new ApiError(403, 'METRICS_FORBIDDEN', '指标仅供本机或持有监控令牌（METRICS_TOKEN）的采集端读取');
    }
    const registry = Registry.merge([processRegistry, deps.appRegistry]);
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
