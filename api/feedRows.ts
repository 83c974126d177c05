// A feed upload's rows as they arrive, without holding the body in memory: CSV (header row of
// field names), NDJSON (one object a line) or a JSON array. A body over `maxBytes`, or one the client
// abandons, ends the upload with an error (never as if the rows so far were all of it).
import { PassThrough, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Request } from 'express';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { csvRows } from './csvRows';
import { ApiError } from './errors';

export const FEED_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/json'] as const;

function guardBody(req: Request, maxBytes: number) {
  let seen = 0;
  let exceeded = false;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes && !exceeded) {
      exceeded = true;
      req.destroy();
    }
  });
  return () => {
    if (exceeded) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `请求体超过 ${Math.round(maxBytes / 1024 / 1024)} MB 上限，未保存任何数据`);
    if (req.destroyed && !req.complete) throw new ApiError(400, 'REQUEST_ABORTED', '请求体未完整接收，未保存任何数据');
  };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return `不是合法的 JSON：${line.slice(0, 40)}`; // a non-object row: rejected with its row number
  }
}

async function* ndjson(body: AsyncIterable<Buffer>): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8'); // a character may straddle two chunks
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.write(chunk);
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield parseLine(line);
    }
  }
  pending += decoder.end();
  if (pending.trim()) yield parseLine(pending.trim());
}

async function* elementValues(elements: AsyncIterable<{ value: unknown }>): AsyncGenerator<unknown> {
  for await (const { value } of elements) yield value;
}

async function* checked(rows: AsyncIterable<unknown>, check: () => void, kind: string): AsyncGenerator<unknown> {
  try {
    for await (const row of rows) {
      check();
      yield row;
    }
    check();
  } catch (error) {
    check();
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, 'MALFORMED_BODY', `请求体不是合法的 ${kind}：${(error as Error).message.slice(0, 200)}`);
  }
}

export function rowsFromRequest(req: Request, maxBytes: number): AsyncIterable<unknown> {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(FEED_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `不支持的内容类型「${type || '未提供'}」，请使用 ${FEED_CONTENT_TYPES.join('、')}`);
  }
  const check = guardBody(req, maxBytes);
  const ignore = () => undefined; // errors surface through the iteration
  if (type === 'text/csv') {
    return checked(csvRows(pipeline(req, new PassThrough(), ignore)), check, 'CSV');
  }
  if (type === 'application/x-ndjson') {
    // Piped at once: the generator starts later, and chunks must wait for it rather than be lost.
    return checked(ndjson(pipeline(req, new PassThrough(), ignore)), check, 'NDJSON');
  }
  const elements = pipeline(req, streamArray.withParserAsStream(), ignore) as unknown as AsyncIterable<{ value: unknown }>;
  return checked(elementValues(elements), check, 'JSON 数组');
}
