// Starts scripts/pgliteServer.ts as a child process and waits until it accepts connections.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string, port: number, logFile: string): Promise<EmbeddedDatabase> {
  const log = createWriteStream(logFile, { flags: 'a' });
  // tsx as a loader keeps it one process, so stopping it stops the database (its CLI would fork again).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pgliteServer.ts'), dataDir, String(port)], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only `npm start`, which stops the children in order.
    detached: true,
  });
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort if we exit without stop() (an uncaught error): never leave the child running.
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
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
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}
