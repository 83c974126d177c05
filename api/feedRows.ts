// A feed upload's rows as they arrive, without holding the body in memory: CSV (header row of
// field names), NDJSON (one object a line) or a JSON array. A body over `maxBytes`, a line over
// MAX_LINE_BYTES, or a body the client abandons ends the upload with an error (never as if the rows
// so far were all of it). Each chunk is scanned once: a long line costs time in proportion to its
// length, not its square.
import { createHash } from 'node:crypto';
import { PassThrough, pipeline } from 'node:stream';
import type { Request } from 'express';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { csvRows, LineTooLongError } from './csvRows';
import { ApiError } from './errors';

export const FEED_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/json'] as const;

/**
 * One line (an NDJSON object, a CSV record) at most: a real row is well under 2 KB, so anything longer
 * is a broken or hostile upload, refused whole (413, nothing saved) rather than row by row — an upload
 * whose line ends cannot be trusted has no trustworthy row numbers either.
 */
export const MAX_LINE_BYTES = 64 * 1024;
/** A feed body at most: 100,000 rows of up to about 670 bytes each (a typical row is 100–300 bytes). */
export const FEED_MAX_BYTES = 64 * 1024 * 1024;

export interface FeedBody {
  rows: AsyncIterable<unknown>;
  /** SHA-256 of content type, `scope` and every body byte received: an Idempotency-Key's fingerprint. */
  digest(): string;
}

/**
 * The body as a stream the parsers may abandon: on a refusal the rest of the request is read and
 * discarded (up to `maxBytes`), so the client receives the answer instead of a reset connection.
 */
function bodyOf(req: Request, maxBytes: number, fingerprint: ReturnType<typeof createHash>) {
  const body = new PassThrough();
  let seen = 0;
  let exceeded = false;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    fingerprint.update(chunk);
    if (seen > maxBytes && !exceeded) {
      exceeded = true;
      req.unpipe(body);
      body.destroy(new Error('too large'));
      req.destroy();
    }
  });
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('aborted'));
  });
  req.pipe(body);
  const check = () => {
    if (exceeded) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `请求体超过 ${Math.round(maxBytes / 1024 / 1024)} MB 上限，未保存任何数据`);
    if (req.destroyed && !req.complete) throw new ApiError(400, 'REQUEST_ABORTED', '请求体未完整接收，未保存任何数据');
  };
  const discardRest = () => {
    req.unpipe(body);
    req.resume();
  };
  return { body, check, discardRest };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return `不是合法的 JSON：${line.slice(0, 40)}`; // a non-object row: rejected with its row number
  }
}

const NEWLINE = 10;

/** NDJSON lines: each chunk searched once for newlines; a line's bytes are decoded once, when it is whole. */
export async function* ndjsonRows(body: AsyncIterable<Buffer>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<unknown> {
  let parts: Buffer[] = [];
  let partsLength = 0;
  let line = 1;
  const take = (last: Buffer) => {
    const bytes = parts.length ? Buffer.concat([...parts, last]) : last;
    parts = [];
    partsLength = 0;
    return bytes.toString('utf8').trim(); // a malformed byte becomes U+FFFD, refused with its row (feedIngestion)
  };
  for await (const chunk of body) {
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf(NEWLINE, start)) >= 0) {
      if (partsLength + newline - start > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
      const text = take(chunk.subarray(start, newline));
      if (text) yield parseLine(text);
      start = newline + 1;
      line++;
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      partsLength += chunk.length - start;
      if (partsLength > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
    }
  }
  const text = take(Buffer.alloc(0));
  if (text) yield parseLine(text);
}

async function* elementValues(elements: AsyncIterable<{ value: unknown }>): AsyncGenerator<unknown> {
  for await (const { value } of elements) yield value;
}

async function* checked(rows: AsyncIterable<unknown>, guard: ReturnType<typeof bodyOf>, kind: string): AsyncGenerator<unknown> {
  try {
    for await (const row of rows) {
      guard.check();
      yield row;
    }
    guard.check();
  } catch (error) {
    guard.check();
    guard.discardRest();
    if (error instanceof ApiError) throw error;
    if (error instanceof LineTooLongError) throw new ApiError(413, 'LINE_TOO_LONG', error.message);
    throw new ApiError(400, 'MALFORMED_BODY', `请求体不是合法的 ${kind}：${(error as Error).message.slice(0, 200)}`);
  }
}

/** The rows of a feed upload; `scope` (feed, as-of date) goes into the digest with the body. */
export function rowsFromRequest(req: Request, maxBytes: number, scope = ''): FeedBody {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(FEED_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `不支持的内容类型「${type || '未提供'}」，请使用 ${FEED_CONTENT_TYPES.join('、')}`);
  }
  const fingerprint = createHash('sha256').update(`${type}\n${scope}\n`);
  const guard = bodyOf(req, maxBytes, fingerprint);
  let digest: string | null = null;
  const result = { digest: () => (digest ??= fingerprint.digest('hex')) };
  if (type === 'text/csv') return { ...result, rows: checked(csvRows(guard.body, MAX_LINE_BYTES), guard, 'CSV') };
  if (type === 'application/x-ndjson') return { ...result, rows: checked(ndjsonRows(guard.body), guard, 'NDJSON') };
  const ignore = () => undefined; // errors surface through the iteration
  const elements = pipeline(guard.body, streamArray.withParserAsStream(), ignore) as unknown as AsyncIterable<{ value: unknown }>;
  return { ...result, rows: checked(elementValues(elements), guard, 'JSON 数组') };
}
