// Child processes of `npm start` (the Temporal dev server, the embedded database): each in its own
// process group so that Ctrl-C reaches only `npm start`, which stops them in order; killed anyway if
// we exit without stopping them (an uncaught error).
import { spawn, type ChildProcess } from 'node:child_process';
import type { WriteStream } from 'node:fs';

export interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s; closes the log. */
  stop(): Promise<void>;
}

export function spawnChild(command: string, args: string[], log: WriteStream, cwd?: string): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  return {
    process: child,
    exited,
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
