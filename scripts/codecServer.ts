// A codec server for administrators: decodes (and encodes) payloads for the Temporal CLI
// (`temporal workflow show --codec-endpoint http://127.0.0.1:8888`) and the Web UI (Settings → Codec
// Server, or TEMPORAL_CODEC_ENDPOINT on the UI server). Same key as the worker: PAYLOAD_CODEC_KEY.
// Binds to localhost only; CODEC_CORS_ORIGIN allows the Web UI's origin (e.g. http://localhost:8233).
//   PAYLOAD_CODEC_KEY=… npm run codec:server [-- --port 8888]
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../codec/payloadCodec';

type JsonPayload = { metadata?: Record<string, string>; data?: string };

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function createCodecServer(codec: AesGcmPayloadCodec, corsOrigin?: string): http.Server {
  return http.createServer(async (req, res) => {
    if (corsOrigin) {
      res.setHeader('Access-Control-Allow-Origin', corsOrigin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const route = req.url === '/decode' ? 'decode' : req.url === '/encode' ? 'encode' : null;
    if (req.method !== 'POST' || !route) return void res.writeHead(404).end();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payloads: JsonPayload[] };
      const payloads = await codec[route](body.payloads.map(fromJson));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ payloads: payloads.map(toJson) }));
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(String((error as Error).message));
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8888' } } });
  const keys = (process.env.PAYLOAD_CODEC_KEY ?? '').split(',').filter(Boolean);
  if (!keys.length) {
    console.error('PAYLOAD_CODEC_KEY is required (for `npm start`, the key is in .data/payload-codec-key)');
    process.exit(2);
  }
  const server = createCodecServer(new AesGcmPayloadCodec(keys), process.env.CODEC_CORS_ORIGIN);
  server.listen(Number(values.port), '127.0.0.1', () => console.log(`[codec] http://127.0.0.1:${values.port} (POST /decode, /encode)`));
}
