// Tokens and principals on a real PostgreSQL (a database of this file's own): tokens expire, record
// their last use at most once a minute, are revoked by `npm run principal:revoke` and issued by
// `npm run principal:create`, all audited; a county-scoped principal without a county is refused by
// the database and, should one exist anyway, at authentication. Only /api/v1/me is called: no Temporal.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from '@temporalio/client';
import { unreachableConnection } from '../support/unreachableTemporal';
import { createApp } from '../../api/app';
import { LAST_USED_RESOLUTION_MS } from '../../api/auth';
import { issueToken } from '../../api/tokenLifecycle';
import { hashToken } from '../../api/tokens';
import { createPrincipal, isolatedDatabase, type IsolatedDatabase } from '../support/database';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let db: IsolatedDatabase;
let app: Express;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const me = (token: string) => request(app).get('/api/v1/me').set(bearer(token));
const refusedBy = (statement: Promise<unknown>, constraint: string) => expect(statement).rejects.toThrow(new RegExp(constraint));
/** The embedded PGlite drops its one connection when it refuses a statement: constraint refusals are checked on PostgreSQL. */
const onPostgreSql = inject('databaseKind') === 'postgresql';


/** Runs one of the project's scripts against this file's database; resolves with the exit code and output. */
async function script(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', name), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: db.url } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  db = await isolatedDatabase();
  // Nothing here reaches Temporal: a lazy connection that is never opened.
  app = createApp({ prisma: db.prisma, pool: db.pool, temporal: new Client({ connection: unreachableConnection() }), operatorIdKey: 'test-key' });
});

afterAll(async () => {
  await db?.drop();
});

describe('token expiry', () => {
  it('answers 401 once a token has expired, and 200 before', async () => {
    const { id } = await createPrincipal(db.prisma, 'CITY_AMR');
    const fresh = await db.prisma.$transaction((tx) => issueToken(tx, id, { lifetimeDays: 1 }));
    expect((await me(fresh.token)).status).toBe(200);
    expect(fresh.expiresAt.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    await db.prisma.apiToken.update({ where: { id: fresh.tokenId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const expired = await me(fresh.token);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('lastUsedAt', () => {
  it('is set on first use and then written at most once a minute', async () => {
    const p = await createPrincipal(db.prisma, 'AUDITOR');
    const row = () => db.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(p.token) } });
    expect((await row()).lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await me(p.token)).status).toBe(200);
    const first = (await row()).lastUsedAt!;
    expect(first.getTime()).toBeGreaterThanOrEqual(before - 5);

    // Within the minute: many requests, concurrent ones too, leave it as it was (no write on the hot path).
    await Promise.all(Array.from({ length: 10 }, () => me(p.token)));
    expect((await row()).lastUsedAt).toEqual(first);

    // A minute later the next use moves it forward.
    const stale = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1_000);
    await db.prisma.apiToken.update({ where: { tokenHash: hashToken(p.token) }, data: { lastUsedAt: stale } });
    await Promise.all(Array.from({ length: 5 }, () => me(p.token)));
    expect((await row()).lastUsedAt!.getTime()).toBeGreaterThan(stale.getTime() + LAST_USED_RESOLUTION_MS);
  });
});

describe('npm run principal:create and principal:revoke', () => {
  // The embedded PGlite takes one connection at a time: a second process cannot reach it while tests run.
  it.skipIf(inject('databaseKind') === 'pglite')('issues an expiring token, audited, and revokes it with a reason, audited; revoking again records nothing', async () => {
    const created = await script('createPrincipal.ts', ['--name', '随县市场监管局', '--role', 'COUNTY_AMR', '--county', '421321', '--expires-days', '30']);
    expect(created.code).toBe(0);
    const [, principalId] = /principal (\S+) \(COUNTY_AMR\)/.exec(created.stdout)!;
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect((await me(token)).body).toMatchObject({ id: principalId, role: 'COUNTY_AMR', county: '421321' });
    const row = await db.prisma.apiToken.findFirstOrThrow({ where: { principalId } });
    expect(Math.round((row.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(30);
    expect(await db.prisma.auditEntry.count({ where: { action: 'PRINCIPAL_CREATED', targetId: principalId! } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'TOKEN_ISSUED', targetId: row.id } })).toBe(1);

    const refused = await script('revokePrincipal.ts', ['--principal', principalId!]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('须说明撤销原因');

    const revoked = await script('revokePrincipal.ts', ['--principal', principalId!, '--reason', '调离岗位']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('1 token(s) revoked');
    expect((await me(token)).status).toBe(401);
    const audit = await db.prisma.auditEntry.findMany({ where: { action: 'TOKEN_REVOKED', targetId: row.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ principalId, reason: '调离岗位' });

    const again = await script('revokePrincipal.ts', ['--principal', principalId!, '--reason', '再次', '--disable']);
    expect(again.stdout).toContain('0 token(s) revoked');
    expect(await db.prisma.auditEntry.count({ where: { action: 'TOKEN_REVOKED', targetId: row.id } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'PRINCIPAL_DISABLED', targetId: principalId! } })).toBe(1);
    expect((await db.prisma.principal.findUniqueOrThrow({ where: { id: principalId! } })).disabled).toBe(true);
  });
});

describe('fail closed: county-scoped principals carry a county', () => {
  it.runIf(onPostgreSql)('the database refuses a 市场监管所 or county principal without a county', async () => {
    for (const role of ['GRASSROOTS_STAFF', 'COUNTY_AMR'] as const) {
      await refusedBy(db.pool.query('INSERT INTO principal (id, name, role) VALUES (gen_random_uuid(), $1, $2)', [`无辖区-${role}`, role]), 'principal_county_scoped_has_county');
    }
    await refusedBy(db.pool.query("INSERT INTO principal (id, name, role) VALUES (gen_random_uuid(), '无字号经营者', 'HOUSEHOLD')"), 'principal_household_has_uscc');
    expect(await db.prisma.principal.count({ where: { name: { startsWith: '无' } } })).toBe(0);
    const staff = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: '421321' });
    await refusedBy(db.pool.query('UPDATE principal SET county = NULL WHERE id = $1', [staff.id]), 'principal_county_scoped_has_county');
    expect((await me(staff.token)).status).toBe(200);
  });

  it('authentication refuses one that exists anyway (a database without the constraint)', async () => {
    const staff = await createPrincipal(db.prisma, 'GRASSROOTS_STAFF', { county: '421321' });
    await db.pool.query('ALTER TABLE principal DROP CONSTRAINT principal_county_scoped_has_county');
    await db.pool.query('UPDATE principal SET county = NULL WHERE id = $1', [staff.id]);
    const res = await me(staff.token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    // Put the constraint back (the embedded database is shared by the run's files).
    await db.pool.query('DELETE FROM principal WHERE id = $1', [staff.id]);
    await db.pool.query(`ALTER TABLE principal ADD CONSTRAINT principal_county_scoped_has_county CHECK ("role" NOT IN ('GRASSROOTS_STAFF', 'COUNTY_AMR') OR "county" IS NOT NULL)`);
  });
});
