// The audit trail in the database: append-only whatever the application sends, every row hash-chained
// (also under concurrent writers and the feeds' raw insert), retried writers skipped by their key, and
// `npm run audit:verify` naming the first row altered behind the trigger's back.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { auditEntry, writeAudit } from '../../data/audit';
import { verifyAuditChain } from '../../data/auditChain';
import { claimEffect } from '../../data/idempotency';
import { createApplicationActivities } from '../../activities/applicationActivities';
import { writeTaskEvents } from '../../data/taskEvents';
import { addTaskItems, openTask } from '../../data/tasks';
import { createTaskActivities } from '../../activities/taskActivities';
import { MockActivityEnvironment } from '@temporalio/testing';
import type pg from 'pg';
import { createAsyncCommitPool, createPool, createPrismaClient } from '../../prisma/client';
import { walFlushedPast, walFlushedToNow, walInsertPosition } from '../../data/walFlush';
import { isolatedDatabase, type IsolatedDatabase } from '../support/database';

let db: IsolatedDatabase;
const ACTOR_ID = '0b7c5d2e-2222-4a4a-9b9b-000000000002';
const root = path.resolve(import.meta.dirname, '../..');
const record = (n: number) => ({ actorId: null, actorRole: 'SYSTEM', action: 'TEST_EVENT', targetType: 'test', targetId: String(n), after: { n, note: '审计' } });

/** As the database owner, behind the append-only trigger's back (what an insider with DDL rights could do). */
async function asOwner(sql: string, params: unknown[] = []) {
  await db.pool.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
  try {
    await db.pool.query(sql, params);
  } finally {
    await db.pool.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
  }
}

function auditVerify() {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/auditVerify.ts')], { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

beforeAll(async () => {
  db = await isolatedDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('append-only audit_entry', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through the application connection, and changes nothing', async () => {
    // PGlite's socket drops its connection after an error, so the refusals' messages are lost there.
    if (inject('databaseKind') === 'pglite') return;
    await db.prisma.$transaction([auditEntry(db.prisma, record(1))]);
    const [row] = await db.prisma.auditEntry.findMany({ where: { targetType: 'test', targetId: '1' } });
    await expect(db.prisma.auditEntry.update({ where: { id: row!.id }, data: { action: 'FORGED' } })).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.prisma.auditEntry.deleteMany({ where: { id: row!.id } })).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.pool.query("UPDATE audit_entry SET after = '{}' WHERE id = $1", [row!.id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.pool.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.pool.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await db.prisma.auditEntry.findUniqueOrThrow({ where: { id: row!.id } })).toEqual(row);
  });
});

describe('the application role getihu_app (migration audit_application_role)', () => {
  it('writes and reads audit rows, chained, but cannot change them, switch the trigger off or move the chain head', async () => {
    if (inject('databaseKind') === 'pglite') return; // PGlite's socket drops its connection after an error
    const pool = createPool(db.url, 2);
    pool.on('connect', (client) => void client.query('SET ROLE getihu_app'));
    const prisma = createPrismaClient(pool);
    try {
      await prisma.$transaction(async (tx) => {
        expect(await claimEffect(tx, 'test/as-app-role')).toBe(true);
        await writeAudit(tx, record(50));
      });
      const row = await prisma.auditEntry.findFirstOrThrow({ where: { targetType: 'test', targetId: '50' } });
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect((await pool.query('SELECT current_user AS who')).rows[0].who).toBe('getihu_app');
      await expect(pool.query('UPDATE audit_entry SET after = NULL WHERE id = $1', [row.id])).rejects.toThrow(/permission denied for table audit_entry/);
      await expect(pool.query('DELETE FROM audit_entry WHERE id = $1', [row.id])).rejects.toThrow(/permission denied/);
      await expect(pool.query('TRUNCATE audit_entry')).rejects.toThrow(/permission denied/);
      await expect(pool.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only')).rejects.toThrow(/must be owner/);
      await expect(pool.query('UPDATE audit_chain_head SET seq = 0')).rejects.toThrow(/permission denied/);
      expect(await db.prisma.auditEntry.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});

describe('hash chain', () => {
  it('chains every row gaplessly, from Prisma, raw SQL and concurrent transactions alike', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => () => db.prisma.$transaction(async (tx) => writeAudit(tx, record(100 + i))));
    if (inject('databaseKind') === 'pglite') for (const write of writes) await write(); // one connection: one at a time
    else await Promise.all(writes.map((write) => write()));
    await db.pool.query(`INSERT INTO audit_entry (actor_id, actor_role, action, target_type, target_id, after) VALUES (NULL, 'SYSTEM', 'FEED_UPLOADED', 'feed_batch', 'b1', '{"rows": 3}')`);
    // A transaction that rolls back leaves no gap: the head rolls back with it.
    await expect(db.prisma.$transaction(async (tx) => { await writeAudit(tx, record(999)); throw new Error('rolled back'); })).rejects.toThrow('rolled back');
    const rows = await db.prisma.auditEntry.findMany({ orderBy: { chainSeq: 'asc' } });
    expect(rows.map((r) => Number(r.chainSeq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash!))).toBe(true);
    const report = await verifyAuditChain(db.pool, 7); // small pages: the page boundary is crossed
    expect(report).toEqual({ rows: rows.length, headHash: rows.at(-1)!.hash, broken: null });
  });

  it('skips a row whose idempotency key was written before, without breaking the chain', async () => {
    const before = await db.prisma.auditEntry.count();
    const keyed = { ...record(200), idempotencyKey: 'test/retry-1' };
    await db.prisma.$transaction([auditEntry(db.prisma, keyed)]);
    await db.prisma.$transaction([auditEntry(db.prisma, keyed)]); // the retry
    expect(await db.prisma.auditEntry.count()).toBe(before + 1);
    expect((await verifyAuditChain(db.pool)).broken).toBeNull();
  });

  it('names rows removed from the end (the head is ahead of the last row)', async () => {
    await writeAudit(db.prisma, record(300));
    const last = await db.prisma.auditEntry.findFirstOrThrow({ orderBy: { chainSeq: 'desc' } });
    await asOwner('DELETE FROM audit_entry WHERE id = $1', [last.id]);
    const report = await verifyAuditChain(db.pool);
    expect(report.broken).toEqual({ id: null, chainSeq: String(last.chainSeq), reason: expect.stringContaining('chain head') });
    // An owner who also rewinds the head leaves a chain that verifies: only a head hash recorded
    // elsewhere (audit:verify prints it) shows that (docs/decisions.md). Rewound here for the next test.
    await db.pool.query('UPDATE audit_chain_head SET seq = seq - 1, hash = $1 WHERE id = 1', [last.prevHash]);
    expect((await verifyAuditChain(db.pool)).broken).toBeNull();
  });

  // Claims' audit rows commit without waiting for the disk (the API's task-event pool): a head hash recorded
  // elsewhere must not name rows a crash could still take back, so audit:verify waits for the WAL to pass them.
  it.skipIf(inject('databaseKind') === 'pglite')('a row committed asynchronously is on disk once walFlushedToNow answers', async () => {
    const apiPool = createAsyncCommitPool(db.url, 1);
    try {
      await apiPool.query("INSERT INTO audit_entry (actor_role, action, target_type, target_id) VALUES ('SYSTEM', 'TEST_ASYNC', 'test', 'wal')");
      const written = await walInsertPosition(db.pool);
      expect(await walFlushedToNow(db.pool)).toBe(true);
      expect(await walFlushedPast(db.pool, written)).toBe(true);
      expect((await verifyAuditChain(db.pool)).broken).toBeNull();
    } finally {
      await apiPool.end();
    }
  });

  it('audit:verify exits 0 on an intact chain and non-zero naming the first row altered directly as the owner', { timeout: 120_000 }, async () => {
    if (inject('databaseKind') === 'pglite') return; // one connection: the script cannot connect beside the test
    const intact = auditVerify();
    expect(intact.out).toMatch(/audit chain intact: \d+ rows/);
    expect(intact.status).toBe(0);

    const victim = await db.prisma.auditEntry.findFirstOrThrow({ where: { targetType: 'test', targetId: '105' } });
    await asOwner(`UPDATE audit_entry SET after = '{"n": 105, "note": "改过"}' WHERE id = $1`, [victim.id]);
    const altered = auditVerify();
    expect(altered.status).toBe(1);
    expect(altered.out).toContain(`chain_seq ${victim.chainSeq} (audit_entry id ${victim.id})`);
    expect(altered.out).toContain('altered');

    // Re-hashing the altered row does not help: the next row's link names the break.
    await asOwner('UPDATE audit_entry e SET hash = audit_entry_hash(e) WHERE id = $1', [victim.id]);
    const rehashed = await verifyAuditChain(db.pool);
    expect(rehashed.broken).toMatchObject({ chainSeq: String(victim.chainSeq! + 1n), reason: expect.stringContaining('prev_hash') });
  });

});

describe('activity idempotency keys', () => {
  it('claims a key once per transaction that commits', async () => {
    expect(await db.prisma.$transaction((tx) => claimEffect(tx, 'test/effect-1'))).toBe(true);
    expect(await db.prisma.$transaction((tx) => claimEffect(tx, 'test/effect-1'))).toBe(false);
    await expect(db.prisma.$transaction(async (tx) => { await claimEffect(tx, 'test/effect-2'); throw new Error('effect failed'); })).rejects.toThrow();
    expect(await db.prisma.$transaction((tx) => claimEffect(tx, 'test/effect-2'))).toBe(true);
  });

  it('a retried activity (same run, same activity id) writes its audit row once; another activity writes its own', async () => {
    const { auditApplication } = createApplicationActivities(db.prisma, db.pool);
    const attempt = (activityId: string, attempt: number) =>
      new MockActivityEnvironment({ activityId, attempt, workflowExecution: { workflowId: 'application-2040-x', runId: 'run-1' } })
        .run(auditApplication, { applicationId: 'app-1', action: 'APPLICATION_VISITED', actor: { id: ACTOR_ID, name: '走访人', role: 'COUNTY_AMR', county: '421321', uscc: null }, after: { score: 90 } });
    await attempt('7', 1);
    await attempt('7', 2); // the retry after a lost completion
    await attempt('8', 1); // a later, separate visit
    expect(await db.prisma.auditEntry.count({ where: { action: 'APPLICATION_VISITED', targetId: 'app-1' } })).toBe(2);
  });

  it('a task event whose row is committed while it is written is retried, never taken as written before', async () => {
    // openTask commits its row between the event's statement (which did not see it) and the check that follows.
    const opener = await db.pool.connect();
    await opener.query('BEGIN');
    await opener.query(`INSERT INTO task (id, kind, title, workflow_id, role, status, due_at) VALUES ('task-race', 'RECHECK_VERIFY', '复核', 'recheck-race', 'GRASSROOTS_STAFF', 'OPEN', now())`);
    let statements = 0;
    const racing = { query: async (...args: Parameters<pg.Pool['query']>) => {
      const result = await (db.pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      if (++statements === 1) await opener.query('COMMIT');
      return result;
    } } as unknown as pg.Pool;
    const done = { eventId: 'task-race:1', taskId: 'task-race', action: 'COMPLETED', actor: { id: ACTOR_ID, role: 'GRASSROOTS_STAFF', county: '421321' }, status: 'COMPLETED' as const, assigneeId: ACTOR_ID, details: {}, at: '2040-07-01T00:00:00Z' };
    try {
      await expect(writeTaskEvents(racing, [done])).rejects.toThrow('task task-race is not recorded yet');
    } finally {
      opener.release();
    }
    expect(await writeTaskEvents(db.pool, [done])).toEqual([true]);
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: 'task-race' } })).toMatchObject({ status: 'COMPLETED', completedBy: ACTOR_ID });
    expect(await db.prisma.auditEntry.count({ where: { targetId: 'task-race', action: 'TASK_COMPLETED' } })).toBe(1);
  });

  it('items that join a task before its row is committed are retried, never lost', async () => {
    // The board adds an objection to the acceptance task it has just opened, while `openTask` is still running.
    const row = { taskId: 'task-items-race', kind: 'OBJECTION_ACCEPT', title: '异议受理', workflowId: 'application-race', role: 'COUNTY_AMR', county: '421321', dueAt: '2040-10-10T00:00:00Z', year: 2040, uscc: null, items: ['o-1'] };
    await expect(addTaskItems(db.prisma, row.taskId, ['o-2', 'o-1'])).rejects.toThrow('task task-items-race is not recorded yet');
    await openTask(db.prisma, row);
    await addTaskItems(db.prisma, row.taskId, ['o-2', 'o-1']); // the retry
    await addTaskItems(db.prisma, row.taskId, ['o-2', 'o-3']);
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: row.taskId } })).items).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('a retried task event changes the task once, keyed by its own event id (not by looking for its audit row)', async () => {
    const tasks = createTaskActivities(db.prisma, db.pool);
    await tasks.openTask({ taskId: 'task-1', kind: 'RECHECK_VERIFY', title: '复核', workflowId: 'recheck-x', role: 'GRASSROOTS_STAFF', county: '421321', dueAt: '2040-08-01T00:00:00Z', year: 2040, uscc: null });
    const claim = { eventId: 'task-1:1', taskId: 'task-1', action: 'CLAIMED', actor: { id: ACTOR_ID, name: '核实人', role: 'GRASSROOTS_STAFF', county: '421321' }, status: 'OPEN' as const, assigneeId: ACTOR_ID, details: {}, at: '2040-07-01T00:00:00Z' };
    await tasks.recordTaskEvent(claim);
    await tasks.recordTaskEvent(claim);
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: 'task-1' } })).toMatchObject({ version: 1, assigneeId: ACTOR_ID });
    expect(await db.prisma.auditEntry.count({ where: { targetId: 'task-1', action: 'TASK_CLAIMED' } })).toBe(1);
    expect(await db.prisma.activityEffect.count({ where: { key: 'task-event:task-1:task-1:1' } })).toBe(1);
  });
});
