// Stopping the HTTP server without cutting requests short: stop accepting connections, let the
// requests in flight finish (closing each keep-alive connection as soon as it is idle), and cut what
// is still open only after the grace period.
import type { Server } from 'node:http';

/** SHUTDOWN_GRACE_MS (default 25 s: under the 30 s a container runtime waits between SIGTERM and SIGKILL). */
export const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000);

export function closeGracefully(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
