// Brings the whole system up: Temporal (embedded dev server unless TEMPORAL_ADDRESS), the database
// (embedded PGlite unless DATABASE_URL), migrations, demo principals, the worker and the API.
// `npm start` (scripts/start.ts) and the end-to-end test both use it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { abuseLimitsFromEnv, trustProxyFromEnv } from '../api/abuseLimits';
import { createApp } from '../api/app';
import { startObjectionReconciler } from '../api/objectionDelivery';
import { closeGracefully } from '../api/gracefulClose';
import { BULK_TIMEOUTS, createAsyncCommitPool, createPool, createPrismaClient, DEFAULT_TIMEOUTS, type PrismaClient } from '../prisma/client';
import { createProgrammeWorker } from '../worker';
import { encryptingDataConverter } from '../codec/payloadCodec';
import { ensureDefaultRuleset } from '../data/rulesets';
import { ensureAnnualSchedule } from './annualSchedule';
import { ensureReminderWorkflow } from './reminderWorkflow';
import { DEMO_PRINCIPALS, ensureDemoPrincipals, type DemoTokens } from './demoPrincipals';
import { startEmbeddedDatabase } from './embeddedDatabase';
import { applyMigrations } from './migrations';
import { ensureTemporalBinaries } from './temporalBinaries';
import { startDevServer } from './temporalDevServer';

export interface SystemOptions {
  dataDir: string;
  apiPort: number;
  temporalAddress?: string;
  temporalPort?: number;
  temporalUiPort?: number;
  namespace?: string;
  databaseUrl?: string;
  pglitePort?: number;
  logRequests?: boolean;
  say?: (line: string) => void;
}

export interface RunningSystem {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  embeddedDatabase: boolean;
  demoTokens: DemoTokens;
  demoTokensCreated: boolean;
  tokensFile: string;
  /** The API's database client (benches set up principals through it: PGlite takes one connection). */
  prisma: PrismaClient;
  stop(): Promise<void>;
}

/** A random secret kept under the data directory (mode 600), made on first start. */
function localSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const say = options.say ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error('[stop]', (e as Error).message));
    stops.length = 0;
  };
  try {
    let temporalAddress = options.temporalAddress;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const { cli } = ensureTemporalBinaries();
      say('starting the embedded Temporal dev server');
      const server = await startDevServer({
        cliPath: cli,
        dbFile: path.join(options.dataDir, 'temporal.db'),
        logFile: path.join(options.dataDir, 'temporal.log'),
        port: options.temporalPort ?? 7233,
        uiPort: options.temporalUiPort ?? 8233,
        namespace: options.namespace,
      });
      stops.push(() => server.stop());
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      say('starting the embedded database (PGlite)');
      const db = await startEmbeddedDatabase(path.join(options.dataDir, 'pglite'), options.pglitePort ?? 54329, path.join(options.dataDir, 'pglite.log'));
      stops.push(() => db.stop());
      databaseUrl = db.url;
      process.env.DATABASE_WITHOUT_COPY = '1'; // PGlite cannot COPY through its socket (data/bulkCopy.ts)
    }
    const applied = await applyMigrations(databaseUrl);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);

    // PGlite is a single session: one connection, shared by the API, the worker and the bulk paths.
    // On PostgreSQL the API's requests, its bulk paths (feeds, exports, what-if) and the worker each
    // have their own pool, so that neither can starve the others; the claims' events the API writes
    // before answering have one whose commits do not wait for the disk (createAsyncCommitPool).
    const onPostgres = Boolean(options.databaseUrl);
    const pool = createPool(databaseUrl, onPostgres ? 10 : 1, onPostgres ? DEFAULT_TIMEOUTS : BULK_TIMEOUTS);
    stops.push(() => pool.end());
    const prisma = createPrismaClient(pool);
    stops.push(() => prisma.$disconnect());
    const bulkPool = onPostgres ? createPool(databaseUrl, 4, BULK_TIMEOUTS) : pool;
    const workerPool = onPostgres ? createPool(databaseUrl, 6, BULK_TIMEOUTS) : pool;
    const taskEventPool = onPostgres ? createAsyncCommitPool(databaseUrl, 4) : pool;
    const workerPrisma = onPostgres ? createPrismaClient(workerPool) : prisma;
    if (onPostgres) {
      stops.push(() => bulkPool.end());
      stops.push(() => workerPool.end());
      stops.push(() => taskEventPool.end());
      stops.push(() => workerPrisma.$disconnect());
    }
    const tokensFile = path.join(options.dataDir, 'demo-tokens.json');
    const demo = await ensureDemoPrincipals(prisma, tokensFile);
    await ensureDefaultRuleset(prisma);

    // Every payload is encrypted, by the worker and by the API's client alike (docs: decoding payloads).
    const payloadCodecKey = process.env.PAYLOAD_CODEC_KEY ?? localSecret(path.join(options.dataDir, 'payload-codec-key'));
    const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
    stops.push(() => nativeConnection.close());
    say('bundling workflows and starting the worker');
    const worker: Worker = await createProgrammeWorker({ connection: nativeConnection, prisma: workerPrisma, pool: workerPool, namespace: options.namespace, exportDir: path.join(options.dataDir, 'exports'), mail: { outboxDir: path.join(options.dataDir, 'outbox') }, payloadCodecKey, shutdownGraceTime: process.env.WORKER_SHUTDOWN_GRACE ?? '25s' });
    const workerDone = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
    });

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: options.namespace ?? 'default', dataConverter: encryptingDataConverter(payloadCodecKey) });
    if ((await ensureAnnualSchedule(temporal)) === 'created') say('created the annual-cycle schedule (every July 1 00:00 Asia/Shanghai)');
    if ((await ensureReminderWorkflow(temporal)) === 'started') say('started the credit-repair and annual-report reminder workflow (id reminders)');
    const operatorIdKey = process.env.OPERATOR_ID_HASH_KEY ?? localSecret(path.join(options.dataDir, 'operator-id-key'));
    // The console offers the demo identities in one click only on the embedded default, never in production.
    const embeddedDefault = !options.temporalAddress && !options.databaseUrl && process.env.NODE_ENV !== 'production';
    const demoIdentities = embeddedDefault
      ? DEMO_PRINCIPALS.map((p) => ({ key: p.key, name: p.name, role: p.role, county: p.county ?? null, token: demo.tokens[p.key]! }))
      : undefined;
    const limits = abuseLimitsFromEnv();
    const app = createApp({ prisma, pool, bulkPool, taskEventPool, temporal, operatorIdKey, logRequests: options.logRequests, limits, trustProxy: trustProxyFromEnv(), console: { demoIdentities, temporalUiUrl } });
    stops.push(startObjectionReconciler({ prisma, temporal }, limits.objectionDeliveryIntervalMs));
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(options.apiPort, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    // Stopped first (stops run in reverse): requests in flight finish while the worker and databases are still up.
    stops.push(() => closeGracefully(server));
    const { port } = server.address() as { port: number };

    return {
      apiUrl: `http://127.0.0.1:${port}`,
      temporalAddress,
      temporalUiUrl,
      databaseUrl,
      embeddedDatabase: !options.databaseUrl,
      demoTokens: demo.tokens,
      demoTokensCreated: demo.created,
      tokensFile,
      prisma,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
