// Ingests one feed upload: the rows are parsed and checked as they stream in (no database connection
// is held meanwhile, so a slow client cannot pin one), then in one transaction the valid rows are
// COPYed into a staging table and upserted by natural key (a row whose values are unchanged is left
// alone, so a repeated upload adds nothing); rejected rows are reported with row number, field, code
// and a Chinese message. Anything that fails midway rolls back: nothing is half-written.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { $ZodIssue } from 'zod/v4/core';
import type { FeedDefinition } from '../domain/feeds/feedDefinitions';
import { hashIdNumber } from '../domain/operatorIdentity';
import { recordDesignationSignals } from '../data/designationSignals';
import { feedRows } from '../observability/metrics';
import { copyRows, type CopyValue } from './bulkCopy';

/** A UTF-16 surrogate without its pair (JSON's "\ud800"): it has no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface FeedUpload {
  feed: FeedDefinition;
  department: string;
  principalId: string;
  principalRole: string;
  asOf: string;
  idempotencyKey: string | null;
  /** The request's fingerprint (body and as-of date): a key reused for other data is refused. */
  digest?: () => string;
  maxRows: number;
  operatorIdKey: string;
}

export interface FeedReject {
  row: number;
  field: string;
  code: string;
  message: string;
}

export interface FeedResult {
  batchId: string;
  feed: string;
  department: string;
  asOf: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: FeedReject[];
  rejectsTruncated: boolean;
  replayed: boolean;
}

export class TooManyRowsError extends Error {}
/** The Idempotency-Key was first used for another body or as-of date: nothing is processed. */
export class IdempotencyKeyReusedError extends Error {}

const MAX_REJECTS_REPORTED = 1_000;
const STAGE_BATCH = 10_000;

const ISSUE_CODES: Record<string, string> = {
  invalid_type: 'INVALID_TYPE', invalid_value: 'INVALID_VALUE', invalid_format: 'INVALID_FORMAT', too_small: 'TOO_SMALL', too_big: 'TOO_BIG', unrecognized_keys: 'UNKNOWN_FIELD',
};

function rejectCode(issue: $ZodIssue): string {
  const reason = (issue as { params?: { reason?: string } }).params?.reason;
  if (reason) return reason;
  return ISSUE_CODES[issue.code] ?? 'INVALID_VALUE';
}

/**
 * Text PostgreSQL cannot store (NUL), or a U+FFFD that stands for malformed UTF-8 in the upload: the
 * row is refused with the field's name rather than failing the batch or being stored garbled.
 */
function unstorableText(values: Record<string, unknown>): FeedReject | null {
  for (const [field, value] of Object.entries(values)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text !== 'string') continue;
      if (text.includes('\0')) return { row: 0, field, code: 'NUL_CHARACTER', message: '含有空字符（\\u0000），无法保存' };
      if (text.includes('\uFFFD') || LONE_SURROGATE.test(text)) return { row: 0, field, code: 'MALFORMED_UTF8', message: '含有不合法的 UTF-8 字节（或替换字符 U+FFFD）' };
    }
  }
  return null;
}

async function existingBatch(db: pg.Pool | pg.PoolClient, upload: FeedUpload): Promise<(FeedResult & { digest: string | null }) | null> {
  if (!upload.idempotencyKey) return null;
  const { rows } = await db.query(
    'SELECT * FROM feed_batch WHERE feed = $1 AND department = $2 AND idempotency_key = $3',
    [upload.feed.name, upload.department, upload.idempotencyKey],
  );
  const b = rows[0];
  if (!b) return null;
  const stored = b.rejects as { rejects: FeedReject[]; truncated: boolean; inserted: number; updated: number } | null;
  return {
    batchId: b.id, feed: b.feed, department: b.department, asOf: b.as_of.toISOString().slice(0, 10), rows: b.rows_total,
    inserted: stored?.inserted ?? 0, updated: stored?.updated ?? 0, unchanged: b.rows_unchanged, rejected: b.rows_rejected,
    rejects: stored?.rejects ?? [], rejectsTruncated: stored?.truncated ?? false, replayed: true, digest: b.request_digest ?? null,
  };
}

export async function ingestFeed(pool: pg.Pool, upload: FeedUpload, rows: AsyncIterable<unknown>): Promise<FeedResult> {
  const earlier = await existingBatch(pool, upload);
  const { feed } = upload;
  const hashId = (id: string) => hashIdNumber(id, upload.operatorIdKey);
  const rejects: FeedReject[] = [];
  const reject = (r: FeedReject) => {
    if (rejects.length < MAX_REJECTS_REPORTED) rejects.push(r);
  };
  let rejectedRows = 0;
  let total = 0;
  let columns: string[] | null = null;
  const staged: CopyValue[][] = [];
  for await (const raw of rows) {
    total++;
    if (total > upload.maxRows) throw new TooManyRowsError();
    if (earlier) continue; // read to the end only for the fingerprint
    const parsed = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? feed.row.safeParse(raw) : null;
    if (!parsed?.success) {
      rejectedRows++;
      const issues = parsed ? parsed.error.issues : [{ code: 'invalid_type', path: [], message: '每一行应为一个对象' } as unknown as $ZodIssue];
      for (const issue of issues) reject({ row: total, field: issue.path.join('.'), code: rejectCode(issue), message: issue.message });
      continue;
    }
    const unstorable = unstorableText(parsed.data);
    if (unstorable) {
      rejectedRows++;
      reject({ ...unstorable, row: total });
      continue;
    }
    const values = feed.toColumns(parsed.data, hashId);
    columns ??= Object.keys(values);
    staged.push([...columns.map((c) => values[c] as CopyValue), total]);
  }
  const digest = upload.digest?.() ?? null;
  if (earlier) {
    // A batch recorded before fingerprints were kept replays as before.
    if (earlier.digest !== null && earlier.digest !== digest) throw new IdempotencyKeyReusedError();
    const { digest: _digest, ...replay } = earlier;
    return replay;
  }
  const valid = staged.length;

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (columns) {
      await client.query(`CREATE TEMP TABLE feed_stage ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM ${feed.table} WITH NO DATA`);
      await client.query('ALTER TABLE feed_stage ADD COLUMN _n int');
      for (let i = 0; i < staged.length; i += STAGE_BATCH) await copyRows(client, 'feed_stage', [...columns, '_n'], staged.slice(i, i + STAGE_BATCH));
    }

    const batchId = randomUUID();
    let inserted = 0;
    let updated = 0;
    if (columns) {
      const key = feed.key.join(', ');
      const data = columns.filter((c) => !feed.key.includes(c));
      const { rows: counts } = await client.query<{ ins: string; upd: string }>(
        `WITH up AS (
           INSERT INTO ${feed.table} (${columns.join(', ')}, department, as_of, batch_id)
           SELECT DISTINCT ON (${key}) ${columns.join(', ')}, $1, $2::date, $3::uuid FROM feed_stage ORDER BY ${key}, _n DESC
           ON CONFLICT (${key}) DO UPDATE SET ${[...data, 'department', 'as_of', 'batch_id'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
           WHERE (${data.map((c) => `${feed.table}.${c}`).join(', ')}) IS DISTINCT FROM (${data.map((c) => `EXCLUDED.${c}`).join(', ')})
           RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted) AS ins, count(*) FILTER (WHERE NOT inserted) AS upd FROM up`,
        [upload.department, upload.asOf, batchId],
      );
      inserted = Number(counts[0]!.ins);
      updated = Number(counts[0]!.upd);
    }
    // Designations in force whose facts this batch touched are told after the commit (docs/policy.md#p-designation-revocation).
    if (inserted + updated > 0) await recordDesignationSignals(client, feed.name, batchId);
    const truncated = rejects.length < rejectedRows || rejects.length >= MAX_REJECTS_REPORTED;
    await client.query(
      `INSERT INTO feed_batch (id, feed, department, principal_id, idempotency_key, request_digest, as_of, rows_total, rows_stored, rows_unchanged, rows_rejected, rejects)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [batchId, feed.name, upload.department, upload.principalId, upload.idempotencyKey, upload.idempotencyKey ? digest : null, upload.asOf, total, inserted + updated, valid - inserted - updated, rejectedRows, JSON.stringify({ rejects, truncated, inserted, updated })],
    );
    await client.query(
      `INSERT INTO audit_entry (actor_id, actor_role, action, target_type, target_id, after) VALUES ($1, $2, 'FEED_UPLOADED', 'feed_batch', $3, $4)`,
      [upload.principalId, upload.principalRole, batchId, JSON.stringify({ feed: feed.name, asOf: upload.asOf, rows: total, inserted, updated, rejected: rejectedRows })],
    );
    await client.query('COMMIT');
    feedRows.inc({ feed: feed.name, outcome: 'stored' }, inserted + updated);
    feedRows.inc({ feed: feed.name, outcome: 'refused' }, rejectedRows);
    return {
      batchId, feed: feed.name, department: upload.department, asOf: upload.asOf, rows: total, inserted, updated,
      unchanged: valid - inserted - updated, rejected: rejectedRows, rejects, rejectsTruncated: truncated, replayed: false,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Two uploads with the same Idempotency-Key at once: the loser returns the winner's result.
    if ((error as { code?: string }).code === '23505' && upload.idempotencyKey) {
      const winner = await existingBatch(pool, upload);
      if (winner) {
        if (winner.digest !== null && winner.digest !== digest) throw new IdempotencyKeyReusedError();
        const { digest: _digest, ...replay } = winner;
        return replay;
      }
    }
    throw error;
  } finally {
    client.release();
  }
}

export interface FeedFreshnessRow {
  feed: string; department: string; last_received_at: Date | null; last_as_of: string | null; batches: number; rows_total: number; rows_stored: number; rows_rejected: number;
}

/** Per feed and department (one department's, when given): the latest fresh batch and the row counts. */
export async function feedFreshnessRows(pool: pg.Pool, department: string | null): Promise<FeedFreshnessRow[]> {
  // Freshness counts batches that brought at least one valid row (a header-only or all-refused upload is not fresh data).
  const { rows } = await pool.query<FeedFreshnessRow>(
    `SELECT feed, department, max(received_at) FILTER (WHERE fresh) AS last_received_at, max(as_of) FILTER (WHERE fresh)::text AS last_as_of,
            count(*) FILTER (WHERE fresh)::int AS batches,
            sum(rows_total)::int AS rows_total, sum(rows_stored)::int AS rows_stored, sum(rows_rejected)::int AS rows_rejected
     FROM (SELECT *, rows_total > rows_rejected AS fresh FROM feed_batch WHERE ($1::text IS NULL OR department = $1)) b GROUP BY feed, department`,
    [department],
  );
  return rows;
}
