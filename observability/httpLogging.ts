// One JSON line per request (pino-http), and req.log for handlers: every line carries the request id
// (the X-Request-Id the app already answers with) and, once authenticated, the principal's id and role.
// Never headers, bodies or query strings: a query may carry a phone number, a header a token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from './logger';

interface PrincipalLike {
  id: string;
  role: string;
}

function principalBinding(res: ServerResponse): { principal?: { id: string; role: string } } {
  const principal = (res as Response).locals?.principal as PrincipalLike | undefined;
  return principal ? { principal: { id: principal.id, role: principal.role } } : {};
}

const QUIET_PATHS = new Set(['/metrics', '/healthz']);

/** The request's path without its query string. */
function pathOf(req: IncomingMessage): string {
  const url = (req as Request).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Mount after the middleware that sets res.locals.requestId. */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => String((res as Response).locals.requestId),
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true, // handlers' lines carry the request id, not the whole request
    // Scrapers and liveness probes call every few seconds: their lines would drown the rest.
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req)) },
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Evaluated again when the response ends, so the completion line names the authenticated principal.
    customProps: (_req, res) => principalBinding(res),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  }) as unknown as RequestHandler;
}

/** Mount right after authentication: handlers' req.log lines name the principal too. */
export const logPrincipal: RequestHandler = (req, res, next) => {
  const binding = principalBinding(res);
  if (binding.principal && req.log) req.log = req.log.child(binding);
  next();
};
