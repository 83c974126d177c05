// The API alone (docker-compose, production): TEMPORAL_ADDRESS and DATABASE_URL are required.
import { Client, Connection } from '@temporalio/client';
import { createPool, createPrismaClient } from '../prisma/client';
import { createApp } from './app';
import { encryptingDataConverter } from '../codec/payloadCodec';

const databaseUrl = process.env.DATABASE_URL;
const temporalAddress = process.env.TEMPORAL_ADDRESS;
const operatorIdKey = process.env.OPERATOR_ID_HASH_KEY;
const payloadCodecKey = process.env.PAYLOAD_CODEC_KEY; // the worker's key: payloads to and from Temporal are encrypted
if (!databaseUrl || !temporalAddress || !operatorIdKey || !payloadCodecKey) {
  console.error('DATABASE_URL, TEMPORAL_ADDRESS, OPERATOR_ID_HASH_KEY and PAYLOAD_CODEC_KEY are required (use `npm start` for the embedded defaults)');
  process.exit(2);
}
const pool = createPool(databaseUrl, 10);
const prisma = createPrismaClient(pool);
// Lazy: the API starts (and /readyz says 503) even while Temporal is still coming up.
const connection = Connection.lazy({ address: temporalAddress });
const temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', dataConverter: encryptingDataConverter(payloadCodecKey) });
const port = Number(process.env.PORT ?? 3000);
const server = createApp({ prisma, pool, temporal, operatorIdKey, logRequests: true }).listen(port, '0.0.0.0', () => console.log(`[api] listening on :${port}`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await prisma.$disconnect();
      await pool.end();
      await connection.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}
