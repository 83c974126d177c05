// One keep-alive HTTP/1.1 connection that sends prepared requests one at a time, as wrk or autocannon do:
// the request's bytes are built once, and the answer is read only as far as its status and length. A load
// generator this light leaves the shared cores to the system under test (bench/httpLoadProcess.ts);
// node:http's client costs several times more per request (its agent, header objects, streams).
import net from 'node:net';

export interface RawAnswer {
  status: number;
  body: string;
}

const HEADERS_END = Buffer.from('\r\n\r\n');

/** `POST path` with the given headers and no body, as the bytes sent on the connection. */
export function emptyPost(host: string, path: string, headers: Record<string, string>): Buffer {
  const lines = [`POST ${path} HTTP/1.1`, `Host: ${host}`, 'Content-Length: 0', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Reconnects on the next request after the server closed the connection or it failed, as a keep-alive agent does. */
export class RawHttpConnection {
  private socket: net.Socket | null = null;
  private pending: { resolve: (a: RawAnswer) => void; reject: (e: Error) => void } | null = null;
  private received: Buffer = Buffer.alloc(0);

  constructor(private readonly host: string, private readonly port: number) {}

  /** Sends one request and resolves with its answer (one request in flight per connection). */
  send(request: Buffer): Promise<RawAnswer> {
    if (this.pending) return Promise.reject(new Error('a request is already in flight on this connection'));
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    // A socket dropped by close() still reports its end: only the current one speaks.
    const current = () => this.socket === socket;
    socket.on('data', (chunk: Buffer) => current() && this.onData(chunk));
    socket.on('error', (error) => current() && this.fail(error));
    socket.on('close', () => current() && this.fail(new Error('the server closed the connection')));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    const headersEnd = this.received.indexOf(HEADERS_END);
    if (headersEnd < 0) return;
    const head = this.received.toString('latin1', 0, headersEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return this.fail(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
    const end = headersEnd + HEADERS_END.length + Number(length[1]);
    if (this.received.length < end) return;
    const answer = { status: Number(head.slice(9, 12)), body: this.received.toString('utf8', headersEnd + HEADERS_END.length, end) };
    this.received = this.received.subarray(end);
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(answer);
  }

  /** Fails the request in flight and drops the connection (and what it had received): the next request opens a new one. */
  private fail(error: Error): void {
    this.close();
    this.received = Buffer.alloc(0);
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}
