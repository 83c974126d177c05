// HTTP latency by route pattern (/api/v1/tasks/:id, not the raw path: bounded label values) and status.
import type { Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

/**
 * The matched Express route, with the prefix of the router that holds it; "unmatched" for requests
 * answered before any route matched (401 from authentication, 404).
 */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

export function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'getihu_http_request_duration_seconds',
    help: 'Time from request to response end, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  };
}
