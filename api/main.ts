// The API alone (docker-compose, production): TEMPORAL_ADDRESS and DATABASE_URL are required.
import { Client, Connection } from '@temporalio/client';
import { rootLogger } from '../observability/logger';
import { BULK_TIMEOUTS, createAsyncCommitPool, createPool, createPrismaClient } from '../prisma/client';
import { abuseLimitsFromEnv, trustProxyFromEnv } from './abuseLimits';
import { createApp } from './app';
import { startDesignationSignalReconciler } from './designationSignalDelivery';
import { startObjectionReconciler } from './objectionDelivery';
import { closeGracefully } from './gracefulClose';
import { encryptingDataConverter } from '../codec/payloadCodec';

const logger = rootLogger().child({ component: 'api' });
const databaseUrl = process.env.DATABASE_URL;
const temporalAddress = process.env.TEMPORAL_ADDRESS;
const operatorIdKey = process.env.OPERATOR_ID_HASH_KEY;
const payloadCodecKey = process.env.PAYLOAD_CODEC_KEY; // the worker's key: payloads to and from Temporal are encrypted
if (!databaseUrl || !temporalAddress || !operatorIdKey || !payloadCodecKey) {
  logger.fatal('DATABASE_URL, TEMPORAL_ADDRESS, OPERATOR_ID_HASH_KEY and PAYLOAD_CODEC_KEY are required (use `npm start` for the embedded defaults)');
  process.exit(2);
}
const pool = createPool(databaseUrl, 10);
const bulkPool = createPool(databaseUrl, 4, BULK_TIMEOUTS); // feeds, exports, what-if
const taskEventPool = createAsyncCommitPool(databaseUrl, 4); // claims' events, written again by their workflow
const prisma = createPrismaClient(pool);
// Lazy: the API starts (and /readyz says 503) even while Temporal is still coming up.
const connection = Connection.lazy({ address: temporalAddress });
const temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', dataConverter: encryptingDataConverter(payloadCodecKey) });
const port = Number(process.env.PORT ?? 3000);
const limits = abuseLimitsFromEnv();
const server = createApp({ prisma, pool, bulkPool, taskEventPool, temporal, operatorIdKey, logRequests: true, limits, trustProxy: trustProxyFromEnv() }).listen(port, '0.0.0.0', () => logger.info({ port }, 'listening'));

// Objections recorded while Temporal could not take their Signal are delivered later from here.
const stopReconciler = startObjectionReconciler({ prisma, temporal }, limits.objectionDeliveryIntervalMs);
// Likewise the designation Signals of feed batches (docs/policy.md#p-designation-revocation).
const stopDesignationSignals = startDesignationSignalReconciler({ pool, temporal }, limits.objectionDeliveryIntervalMs);

// SIGTERM: stop accepting, let the requests in flight finish (SHUTDOWN_GRACE_MS at most), then close
// the database and Temporal connections.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    await closeGracefully(server);
    await stopReconciler();
    await stopDesignationSignals();
    await prisma.$disconnect();
    await pool.end();
    await bulkPool.end();
    await taskEventPool.end();
    await connection.close();
    logger.info('stopped');
    process.exit(0);
  });
}
