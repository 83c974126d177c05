// Bulk paths: COPY … FROM STDIN (the fastest way to load rows) and COPY … TO STDOUT as CSV, through
// pg-copy-streams. The embedded PGlite database cannot COPY through its socket; there
// (DATABASE_WITHOUT_COPY=1, set by startSystem) the same calls use multi-row INSERTs and a query.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined | string[];

const copySupported = () => process.env.DATABASE_WITHOUT_COPY !== '1';
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function field(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (Array.isArray(value)) return field(`{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  const text = String(value);
  // Most values need no escaping; testing once is much cheaper than four replacements.
  return NEEDS_ESCAPE.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

async function insertRows(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<number> {
  const perStatement = Math.floor(30_000 / columns.length);
  let batch: CopyValue[][] = [];
  let count = 0;
  const flush = async () => {
    if (!batch.length) return;
    const values = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, batch.flat());
    count += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perStatement) await flush();
  }
  await flush();
  return count;
}

/** Loads `rows` into `table(columns)`; returns the number of rows written. */
export async function copyRows(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<number> {
  if (!copySupported()) return insertRows(client, table, columns, rows);
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  let count = 0;
  async function* lines() {
    let buffer = '';
    for (const row of rows) {
      buffer += `${row.map(field).join('\t')}\n`;
      count++;
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), stream);
  return count;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The result of `select` as CSV with a header line, streamed (COPY TO, or a query where COPY is unavailable). */
export function csvStream(client: pg.PoolClient, select: string): Readable {
  if (copySupported()) return client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
  return Readable.from(
    (async function* () {
      const result = await client.query({ text: select, rowMode: 'array' });
      yield `${result.fields.map((f) => csvCell(f.name)).join(',')}\n`;
      for (const row of result.rows as unknown[][]) yield `${row.map(csvCell).join(',')}\n`;
    })(),
  );
}
