// The embedded database for `npm start` without DATABASE_URL: PGlite (PostgreSQL in wasm) with its data
// under .data/pglite, served over the PostgreSQL protocol on 127.0.0.1. Runs in its own process because
// PGlite blocks its event loop while it works. Prints "PGLITE_READY <port>" when it accepts connections.
// Usage: tsx scripts/pgliteServer.ts <dataDir> <port>
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir, portArg] = process.argv.slice(2);
if (!dataDir || !portArg) {
  console.error('usage: pgliteServer.ts <dataDir> <port>');
  process.exit(2);
}
const db = await PGlite.create(dataDir);
const server = new PGLiteSocketServer({ db, port: Number(portArg), host: '127.0.0.1' });
await server.start();
console.log(`PGLITE_READY ${portArg}`);

const parent = process.ppid;
let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Do not outlive the process that started us (e.g. after a SIGKILL of `npm start`).
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1000).unref();
