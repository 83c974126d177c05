// Starts scripts/pgliteServer.ts as a child process and waits until it accepts connections.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { spawnChild } from './childProcess';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string, port: number, logFile: string): Promise<EmbeddedDatabase> {
  const log = createWriteStream(logFile, { flags: 'a' });
  // tsx as a loader keeps it one process, so stopping it stops the database (its CLI would fork again).
  const { process: child, stop } = spawnChild(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pgliteServer.ts'), dataDir, String(port)], log, path.resolve(import.meta.dirname, '..'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded PGlite did not start within 60 s; see ${logFile}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (chunk.toString().includes('PGLITE_READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PGlite exited with code ${code}; see ${logFile}`));
    });
  });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop,
  };
}
