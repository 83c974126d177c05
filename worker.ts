// The Temporal worker: every workflow in workflows/ and every activity in activities/.
// Run standalone (docker-compose, production) with `npm run worker`; `npm start` embeds it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type pg from 'pg';
import { createActivities } from './activities/index';
import { rootLogger } from './observability/logger';
import { serveProcessMetrics } from './observability/metricsServer';
import { installTemporalRuntime, temporalMetricsAddress } from './observability/temporalRuntime';
import { encryptingDataConverter } from './codec/payloadCodec';
import type { MailConfig } from './activities/mailer';
import type { DirectorySender } from './activities/directorySender';
import { BULK_TIMEOUTS, createPool, createPrismaClient, type PrismaClient } from './prisma/client';
import { TASK_QUEUE } from './messages/ids';

export const WORKFLOWS_PATH = path.join(import.meta.dirname, 'workflows', 'index.ts');

export interface ProgrammeWorkerOptions {
  connection: NativeConnection;
  prisma: PrismaClient;
  /** For the bulk paths (typing results, feeds): plain pg, unnest and COPY. */
  pool: pg.Pool;
  /** Where directory exports are written (default .data/exports). */
  exportDir?: string;
  /** Who carries the upward directory reports (default: the file only, recorded as WRITTEN). */
  directorySender?: DirectorySender;
  /** SMTP_URL, or .eml files in this outbox (default .data/outbox). */
  mail?: Partial<MailConfig>;
  namespace?: string;
  taskQueue?: string;
  /** A prebuilt bundle (tests build one per file); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How long a shutdown waits for activities in flight before cancelling them (SDK default: none). */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Encrypts every payload (codec/payloadCodec.ts); clients need the same key. `npm run worker` passes PAYLOAD_CODEC_KEY. */
  payloadCodecKey?: string;
  /**
   * Workflows kept in memory between activations (SDK default: about 600 per GiB of heap, ~2,300 on a 4 GiB
   * heap). With more workflows making progress at once than this, each activation evicts another and most
   * replay their whole history: a bench or a deployment with thousands of open applications sizes it
   * to the open workflows (and the heap, --max-old-space-size, to match).
   */
  maxCachedWorkflows?: number;
}

export function createProgrammeWorker(options: ProgrammeWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    dataConverter: encryptingDataConverter(options.payloadCodecKey),
    activities: createActivities(options.prisma, options.pool, {
      exportDir: options.exportDir ?? process.env.EXPORT_DIR ?? path.join(import.meta.dirname, '.data', 'exports'),
      ...(options.directorySender ? { directorySender: options.directorySender } : {}),
      mail: {
        smtpUrl: options.mail?.smtpUrl ?? (process.env.SMTP_URL || undefined),
        outboxDir: options.mail?.outboxDir ?? path.join(import.meta.dirname, '.data', 'outbox'),
        from: options.mail?.from ?? process.env.MAIL_FROM ?? '随州市个体工商户培育平台 <noreply@getihu.local>',
      },
    }),
  });
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required for a standalone worker');
  const logger = rootLogger().child({ component: 'worker' });
  // Before the first connection: the SDK's logs into our logger, its metrics on their own port.
  installTemporalRuntime(rootLogger(), { metricsAddress: temporalMetricsAddress('127.0.0.1:9464') });
  const metricsAddress = process.env.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9465';
  const metricsServer = metricsAddress === 'off' ? null : await serveProcessMetrics(metricsAddress);
  if (!process.env.PAYLOAD_CODEC_KEY) throw new Error('PAYLOAD_CODEC_KEY is required for a standalone worker (personal data never reaches Temporal in clear)');
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const pool = createPool(databaseUrl, 6, BULK_TIMEOUTS);
  const prisma = createPrismaClient(pool);
  const worker = await createProgrammeWorker({
    connection, prisma, pool, namespace: process.env.TEMPORAL_NAMESPACE,
    shutdownGraceTime: process.env.WORKER_SHUTDOWN_GRACE ?? '25s', payloadCodecKey: process.env.PAYLOAD_CODEC_KEY,
  });
  logger.info({ taskQueue: TASK_QUEUE }, 'polling');
  // The SDK shuts down on SIGINT/SIGTERM: it stops polling, lets activities in flight finish (up to
  // WORKER_SHUTDOWN_GRACE, then cancels them) and completes workflow tasks, then run() resolves.
  await worker.run();
  metricsServer?.close();
  await prisma.$disconnect();
  await pool.end();
  await connection.close();
  logger.info('stopped');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    rootLogger().fatal({ err: error }, 'worker failed');
    process.exit(1);
  });
}
