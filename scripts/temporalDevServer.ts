// Starts the official Temporal dev server (from scripts/temporalBinaries.ts) as a child process:
// persistent SQLite file, Web UI, and the project's search attributes registered at start.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../messages/searchAttributes';
import { spawnChild } from './childProcess';

export interface DevServerOptions {
  cliPath: string;
  dbFile: string;
  logFile: string;
  port: number;
  uiPort: number;
  namespace?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]);
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const args = [
    'server', 'start-dev',
    '--db-filename', options.dbFile,
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', options.namespace ?? 'default',
    '--log-level', 'warn',
    ...searchAttributeFlags(),
  ];
  const { process: child, stop } = spawnChild(options.cliPath, args, log);
  child.stdout?.pipe(log, { end: false });
  const address = `127.0.0.1:${options.port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}; see ${options.logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not answer on ${address} within 60 s; see ${options.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    process: child,
    stop,
  };
}
