// The Express application: public endpoints, then authentication, then the programme's routers.
import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import type { AbuseLimits } from './abuseLimits';
import { Registry } from 'prom-client';
import { logPrincipal, requestLogging } from '../observability/httpLogging';
import { httpMetrics } from '../observability/httpMetrics';
import { rootLogger, silentLogger, type Logger } from '../observability/logger';
import { metricsRouter } from './routes/metrics';
import { authenticate } from './auth';
import { consoleRouter, type ConsoleOptions } from './console';
import { errorHandler } from './errors';
import { ENDPOINTS } from './endpoints';
import { notFoundFallback, pathGuard, rejectUndeclaredMethods, valueGuard, verifyUtf8 } from './inputGuards';
import { buildOpenApiDocument } from './openapi';
import { cycleRouter } from './routes/cycles';
import { applicationRouter } from './routes/applications';
import { auditRouter } from './routes/audit';
import { timelineRouter } from './routes/timeline';
import { typeMixRouter } from './routes/typeMix';
import { statisticsRouter } from './routes/statistics';
import { designationRouter } from './routes/designations';
import { baseListRouter } from './routes/baseList';
import { appealRouter } from './routes/appeals';
import { businessRouter } from './routes/businesses';
import { evidenceRouter } from './routes/evidence';
import { feedRouter } from './routes/feeds';
import { recheckRouter } from './routes/rechecks';
import { inspectionRouter } from './routes/inspections';
import { policyRouter } from './routes/policies';
import { rulesetRouter } from './routes/rulesets';
import { categoryRulesRouter } from './routes/categoryRules';
import { taskRouter } from './routes/tasks';
import { meRouter, publicSystemRouter } from './routes/system';

// Validation messages for people are in Chinese.
z.config(z.locales.zhCN());

export interface AppDeps {
  prisma: PrismaClient;
  /** Plain pg for short queries beside Prisma. */
  pool: pg.Pool;
  /** The bulk paths' own pool (feeds, exports, what-if), so they cannot starve ordinary requests; default `pool`. */
  bulkPool?: pg.Pool;
  /**
   * Where the API writes the task events it answers (claims, unclaims) before answering: a pool whose commits
   * do not wait for the disk (prisma/client.ts, createAsyncCommitPool), the workflow writing them again
   * durably; default `pool`.
   */
  taskEventPool?: pg.Pool;
  /** Key of the keyed hash of operator ID numbers (never stored in clear). */
  operatorIdKey: string;
  temporal: Client;
  taskQueue?: string;
  /** How long a what-if may run before it is abandoned (default 60 s). */
  whatIfDeadlineMs?: number;
  /** Rows per feed upload (default 100,000). */
  feedMaxRows?: number;
  /**
   * Log one JSON line per request (request id, principal, method, path, status, ms) — never headers,
   * bodies or query strings — to `logger`, or to stdout when no logger is given.
   */
  logRequests?: boolean;
  /** Rate limits and quotas of the public and upload endpoints (default DEFAULT_ABUSE_LIMITS). */
  limits?: AbuseLimits;
  /** Express's `trust proxy` (default off: the client address is the socket's). */
  trustProxy?: boolean | number | string;
  /** Where request lines go (default: stdout when logRequests, else nowhere). */
  logger?: Logger;
  /** METRICS_TOKEN: who may read /metrics besides this host (api/routes/metrics.ts). */
  metricsToken?: string;
  /** The web console at `/` (built dist/console), with the embedded default's demo identities. */
  console?: ConsoleOptions;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use((req, res, next) => {
    const given = req.header('x-request-id');
    res.locals.requestId = given && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId as string);
    next();
  });
  const logger = deps.logger ?? (deps.logRequests ? rootLogger() : silentLogger);
  app.use(requestLogging(logger));
  const appRegistry = new Registry();
  app.use(httpMetrics(appRegistry));
  app.use(metricsRouter({ pool: deps.pool, appRegistry, logger, metricsToken: deps.metricsToken ?? process.env.METRICS_TOKEN }));
  // Security headers. The CSP's defaults (scripts and styles from this origin, inline styles, data: images)
  // suit swagger-ui at /docs and a same-origin single-page console at /; the API is served over plain
  // HTTP inside the government network, so requests are not upgraded.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(pathGuard);
  app.use(rejectUndeclaredMethods(ENDPOINTS));
  // Feed uploads stream their own bodies (up to 100,000 rows); everything else is small JSON.
  const json = express.json({ limit: '2mb', verify: verifyUtf8 });
  app.use((req, res, next) => (req.path.startsWith('/api/v1/feeds/') ? next() : json(req, res, next)));
  app.use(valueGuard);

  const openApiDocument = buildOpenApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument, { customSiteTitle: 'getihu-flow API 文档' }));
  app.use(publicSystemRouter(deps));
  const applications = applicationRouter(deps);
  app.use(applications.publicRouter); // the public notice list and objections need no token
  const inspections = inspectionRouter(deps);
  app.use(inspections.publicRouter); // published inspection results (一公开) need no token
  app.use(consoleRouter(deps.console)); // the web console: GETs outside /api, /docs and the probes

  app.use('/api', authenticate(deps.pool), logPrincipal);
  app.use(meRouter());
  app.use(cycleRouter(deps));
  app.use(feedRouter({ ...deps, pool: deps.bulkPool ?? deps.pool, maxRows: deps.feedMaxRows }));
  app.use(businessRouter({ ...deps, bulkPool: deps.bulkPool ?? deps.pool }));
  app.use(recheckRouter(deps));
  app.use(rulesetRouter({ ...deps, pool: deps.bulkPool ?? deps.pool }));
  app.use(categoryRulesRouter(deps));
  app.use(taskRouter(deps));
  app.use(applications.router);
  app.use(evidenceRouter(deps));
  app.use(auditRouter(deps));
  app.use(timelineRouter(deps));
  app.use(policyRouter(deps));
  app.use(inspections.router);
  app.use(typeMixRouter(deps));
  app.use(statisticsRouter(deps));
  app.use(designationRouter(deps));
  app.use(baseListRouter(deps));
  app.use(appealRouter(deps));

  app.use(notFoundFallback);
  app.use(errorHandler);
  return app;
}
