// A worker in its own process, so a test can kill it with SIGKILL mid-activity like a crash would.
// Env: TEMPORAL_ADDRESS, DATABASE_URL, TASK_QUEUE. Prints WORKER_READY once polling.
import { NativeConnection } from '@temporalio/worker';
import { createPool, createPrismaClient } from '../../prisma/client';
import { createProgrammeWorker } from '../../worker';

const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const pool = createPool(process.env.DATABASE_URL!, 4);
const prisma = createPrismaClient(pool);
const worker = await createProgrammeWorker({ connection, prisma, pool, taskQueue: process.env.TASK_QUEUE! });
console.log('WORKER_READY');
await worker.run();
