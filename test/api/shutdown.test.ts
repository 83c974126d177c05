// Graceful shutdown of the HTTP server (api/main.ts on SIGTERM, npm start on Ctrl-C): a request in flight
// when shutdown begins finishes with its answer, while new connections are refused.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import { createApp } from '../../api/app';
import { closeGracefully } from '../../api/gracefulClose';
import { syntheticUscc } from '../../scripts/syntheticPopulation';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase, type TestPrincipal } from '../support/database';

let db: IsolatedDatabase;
let connection: Connection;
let amr: TestPrincipal;

beforeAll(async () => {
  db = await isolatedDatabase();
  connection = unreachableConnection(); // no workflow is involved
  amr = await createPrincipal(db.prisma, 'DATA_SOURCE', { department: '市场监管' });
});
afterAll(async () => {
  await db?.drop();
  await connection?.close();
});

function connects(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('closeGracefully', () => {
  it('lets a feed upload in flight finish with 200 while refusing new connections', async () => {
    const app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection }), operatorIdKey: 'test-key' });
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as net.AddressInfo;
    const received = new Promise<void>((resolve) => server.once('request', () => resolve()));

    // An upload whose body is still streaming: the handler is reading it when shutdown begins.
    const upload = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/v1/feeds/registration?asOf=2026-06-30',
      headers: { Authorization: `Bearer ${amr.token}`, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.once('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      upload.once('error', reject);
    });
    upload.write('uscc,tradeName,establishedOn,industryCode,status,specialGroups\n');
    upload.write(`${syntheticUscc(7_200_001, '421321')},随县香菇行,2019-05-01,5221,存续,\n`);
    await received;

    const closed = closeGracefully(server, 30_000);
    expect(await connects(port)).toBe('ECONNREFUSED');

    upload.end(`${syntheticUscc(7_200_002, '421321')},曾都茶行,2020-05-01,5221,存续,\n`);
    const { status, body } = await answered;
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ rows: 2, rejected: 0, replayed: false });
    await closed;
    expect(server.listening).toBe(false);
  });
});
