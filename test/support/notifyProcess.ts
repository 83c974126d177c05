// One attempt of the notify activity in its own process, so a test can kill it with SIGKILL between
// recording a mail and SMTP accepting it, as a crash would.
// Env: DATABASE_URL, SMTP_URL, NOTIFY_ARGS (JSON), NOTIFY_LEASE_MS (the sender's claim).
import { createMailer } from '../../activities/mailer';
import { createNotificationActivities } from '../../activities/notificationActivities';
import { createPool, createPrismaClient } from '../../prisma/client';

const pool = createPool(process.env.DATABASE_URL!, 2);
const prisma = createPrismaClient(pool);
const send = createMailer({ smtpUrl: process.env.SMTP_URL, outboxDir: '/nonexistent', from: 'test <noreply@getihu.local>' });
console.log('NOTIFY_STARTED');
await createNotificationActivities(prisma, send, { leaseMs: Number(process.env.NOTIFY_LEASE_MS) }).notify(JSON.parse(process.env.NOTIFY_ARGS!));
console.log('NOTIFY_DONE');
await prisma.$disconnect();
await pool.end();
