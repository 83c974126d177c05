// The API alone (docker-compose, production): TEMPORAL_ADDRESS and DATABASE_URL are required.
import { Client, Connection } from '@temporalio/client';
import { createPool, createPrismaClient } from '../prisma/client';
import { abuseLimitsFromEnv, trustProxyFromEnv } from './abuseLimits';
import { createApp } from './app';
import { startObjectionReconciler } from './objectionDelivery';

const databaseUrl = process.env.DATABASE_URL;
const temporalAddress = process.env.TEMPORAL_ADDRESS;
const operatorIdKey = process.env.OPERATOR_ID_HASH_KEY;
if (!databaseUrl || !temporalAddress || !operatorIdKey) {
  console.error('DATABASE_URL, TEMPORAL_ADDRESS and OPERATOR_ID_HASH_KEY are required (use `npm start` for the embedded defaults)');
  process.exit(2);
}
const pool = createPool(databaseUrl, 10);
const prisma = createPrismaClient(pool);
// Lazy: the API starts (and /readyz says 503) even while Temporal is still coming up.
const connection = Connection.lazy({ address: temporalAddress });
const temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
const port = Number(process.env.PORT ?? 3000);
const limits = abuseLimitsFromEnv();
const server = createApp({ prisma, pool, temporal, operatorIdKey, logRequests: true, limits, trustProxy: trustProxyFromEnv() }).listen(port, '0.0.0.0', () => console.log(`[api] listening on :${port}`));

// Objections recorded while Temporal could not take their Signal are delivered later from here.
const stopReconciler = startObjectionReconciler({ prisma, temporal }, limits.objectionDeliveryIntervalMs);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await stopReconciler();
      await prisma.$disconnect();
      await pool.end();
      await connection.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}
