// The standalone worker has no HTTP API: its own counters (mail sent/failed, process metrics) are served
// here in Prometheus text, on an address of their own (default loopback only).
import { createServer, type Server } from 'node:http';
import { processRegistry } from './metrics';

/** Listens on host:port; GET /metrics answers the process registry, anything else 404. */
export function serveProcessMetrics(address: string): Promise<Server> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at) || '127.0.0.1';
  const port = Number(address.slice(at + 1));
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    processRegistry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': processRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
