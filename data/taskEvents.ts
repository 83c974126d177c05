// The `task` read model's events (docs/architecture.md#task-board): one task event — claimed, unclaimed,
// reassigned or delegated, completed, sent back, cancelled — is one SQL statement: its idempotency key,
// the task row, the note as a task comment, and its audit row (docs/policy.md#p-audit), all or nothing.
// One statement, not an interactive transaction: a task action waits on one database round trip, and
// the audit chain's head (locked by every audit insert until commit) is held for that statement only.
// Plain pg, not Prisma: it runs once per click (a fraction of the CPU).
// Events may arrive out of order: a claim is written by the API after its Update answered, a completion by
// the worker inside its Update, a claim whose API write was lost by the board's later flush. The task row
// therefore takes a claim or unclaim only while it is open and only if it is newer than the last event applied
// (the board's counter, exact within a board); the event that closes a task (one per task) always applies.
// The audit row and the comment are written in any case, once, with the time the workflow decided (`decidedAt`).
import type pg from 'pg';
import type { TaskEvent } from '../messages/taskMessages';
import { TaskNotRecordedYet } from './tasks';

export interface TaskEventRow {
  /** Unique per event (the workflow's event counter): a second write of the same event changes nothing. */
  effectKey: string;
  taskId: string;
  /** The board's event counter: the order of a task's events. */
  seq: number;
  action: string;
  actorId: string | null;
  actorRole: string;
  /** The actor's name when an older history carries it; otherwise read from `principal` by id. */
  actorName: string | null;
  status: string;
  assigneeId: string | null;
  /** When the task left OPEN (completed, sent back, cancelled, expired). */
  finished: boolean;
  at: Date;
  /** A task comment's kind (SENT_BACK, REASSIGNED, DELEGATED) and text, or null. */
  comment: { kind: string; text: string } | null;
  /** The audit row's `after` and keys. */
  after: unknown;
  requestId: string;
  auditKey: string | null;
}

/** A parameterised statement, one placeholder per value (as Prisma's tagged templates number them). */
function sql(strings: TemplateStringsArray, ...values: unknown[]): { text: string; values: unknown[] } {
  return { text: strings.reduce((text, part, i) => `${text}$${i}${part}`), values };
}

/**
 * Whether an event was written before, made durable if so. It may have been written by the API with an
 * asynchronous commit (prisma/client.ts, createAsyncCommitPool), not yet on disk, and the board stops keeping
 * what its write reports written. Locking the row does it: the lock is a WAL record in a transaction of its
 * own, and an ordinary commit flushes the WAL up to itself, past every commit seen before it (on the API's
 * own pool, whose commits are asynchronous, it costs a record and no wait).
 */
async function writtenBefore(db: pg.Pool, effectKey: string): Promise<boolean> {
  return Boolean((await db.query('SELECT 1 FROM activity_effect WHERE key = $1 FOR KEY SHARE', [effectKey])).rowCount);
}

/**
 * Writes the event; false if it was written before (nothing changes then; see writtenBefore). A task whose
 * row is not written yet (an action validated while its `openTask` activity is still running) throws: the
 * caller retries (the local activity, the board's flush; the API logs it and leaves it to the flush).
 */
export async function writeTaskEvent(db: pg.Pool, e: TaskEventRow): Promise<boolean> {
  const completedBy = e.finished ? e.actorId : null;
  // Named: each connection parses and plans this statement once (it runs on every click).
  const { rowCount } = await db.query({ name: 'write-task-event', ...sql`
    WITH effect AS (
      INSERT INTO activity_effect (key) SELECT ${e.effectKey}::text WHERE EXISTS (SELECT 1 FROM task WHERE id = ${e.taskId}::text)
      ON CONFLICT (key) DO NOTHING RETURNING key
    ), updated AS (
      UPDATE task SET status = ${e.status}::text, assignee_id = ${e.assigneeId}::uuid, version = version + 1,
             completed_at = CASE WHEN ${e.finished}::boolean THEN ${e.at}::timestamptz(3) ELSE completed_at END,
             completed_by = CASE WHEN ${e.finished}::boolean THEN ${completedBy}::uuid ELSE completed_by END,
             event_seq = ${e.seq}::int
      WHERE id = ${e.taskId}::text AND EXISTS (SELECT 1 FROM effect)
        AND (${e.finished}::boolean OR (status = 'OPEN' AND event_seq < ${e.seq}::int))
    ), commented AS (
      INSERT INTO task_comment (task_id, author_id, author, kind, text, at)
      SELECT ${e.taskId}::text, ${e.actorId}::uuid, coalesce(${e.actorName}::text, (SELECT name FROM principal WHERE id = ${e.actorId}::uuid), ''),
             ${e.comment?.kind ?? null}::text, ${e.comment?.text ?? null}::text, ${e.at}::timestamptz(3)
      FROM effect WHERE ${e.comment?.kind ?? null}::text IS NOT NULL AND ${e.actorId}::uuid IS NOT NULL
    )
    INSERT INTO audit_entry (actor_id, actor_role, action, target_type, target_id, after, request_id, idempotency_key)
    SELECT ${e.actorId}::uuid, ${e.actorRole}::text, ${e.action}::text, 'task', ${e.taskId}::text, ${JSON.stringify(e.after ?? null)}::jsonb, ${e.requestId}::text, ${e.auditKey}::text
    FROM effect` });
  if (rowCount === 1) return true;
  // Nothing written: by an earlier write of this event (its key is there), or because the task's row was not
  // there when the statement began. Asking for the row instead would race with `openTask` committing just
  // then, and call a write that never happened "written before".
  if (await writtenBefore(db, e.effectKey)) return false;
  throw new TaskNotRecordedYet(e.taskId);
}

const COMMENT_KIND: Record<string, string> = { SENT_BACK: 'SENT_BACK', REASSIGNED: 'REASSIGNED', DELEGATED: 'DELEGATED' };

/**
 * The row of a board's event, the same whoever writes it (the API after a claim, the worker's activity):
 * its audit row has no activity key, so a second writer is absorbed by the effect key alone.
 */
export function taskEventRow(event: TaskEvent, auditKey: string | null = null): TaskEventRow {
  const seq = Number(event.eventId.slice(event.eventId.lastIndexOf(':') + 1));
  if (!Number.isSafeInteger(seq)) throw new Error(`task event id ${event.eventId} does not end in the board's counter`);
  const note = (event.details.reason ?? event.details.note) as string | undefined;
  const commentKind = COMMENT_KIND[event.action];
  return {
    effectKey: `task-event:${event.taskId}:${event.eventId}`, taskId: event.taskId, seq,
    action: `TASK_${event.action}`, actorId: event.actor?.id ?? null, actorRole: event.actor?.role ?? 'SYSTEM', actorName: event.actor?.name ?? null,
    status: event.status, assigneeId: event.assigneeId, finished: event.status !== 'OPEN', at: new Date(event.at),
    comment: commentKind && note ? { kind: commentKind, text: note } : null,
    after: { status: event.status, assigneeId: event.assigneeId, ...event.details, decidedAt: event.at }, requestId: event.eventId, auditKey,
  };
}

/**
 * Writes a board's events in order; true for each one written now (false: written before). A batch
 * (the board's flush, a closing event after kept claims) mostly repeats events the API has written: one query
 * finds those first, so a flush of N written claims costs two statements, not 2N.
 */
export async function writeTaskEvents(db: pg.Pool, events: TaskEvent[]): Promise<boolean[]> {
  const rows = events.map((event) => taskEventRow(event));
  const done = new Set<string>();
  if (rows.length > 1) {
    const found = await db.query<{ key: string }>('SELECT key FROM activity_effect WHERE key = ANY($1::text[])', [rows.map((r) => r.effectKey)]);
    for (const { key } of found.rows) done.add(key);
    // One lock makes them all durable (a key found a moment ago is still there: effects are never deleted).
    if (found.rows.length && !(await writtenBefore(db, found.rows[0]!.key))) throw new Error(`task event ${found.rows[0]!.key} vanished while being written`);
  }
  const written: boolean[] = [];
  for (const row of rows) written.push(done.has(row.effectKey) ? false : await writeTaskEvent(db, row));
  return written;
}
