// Once per test run: locate (or install) the Temporal binaries, and make a fresh database — on
// TEST_DATABASE_URL or the local PostgreSQL, else the embedded PGlite — with migrations applied.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../scripts/embeddedDatabase';
import { freePort } from '../../scripts/freePort';
import { applyMigrations } from '../../scripts/migrations';
import { createFreshDatabase } from '../../scripts/freshDatabase';
import { ensureTemporalBinaries } from '../../scripts/temporalBinaries';
import { scheduleOfYear } from '../../domain/calendar/officialSchedule';
import { shanghaiDate } from '../../domain/shanghaiTime';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'postgresql' | 'pglite';
    temporalCliPath: string;
    temporalTestServerPath: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The tests start drills "now" and count working days from the machine's date, which in December reaches
 * a year whose State Council notice is not in the pinned package yet. That year gets a synthetic schedule,
 * weekends only, through the operator's file (HOLIDAY_SCHEDULE_FILE, inherited by the test workers): the
 * tests are not about its holidays. Tests of the refusal itself set a cycle's schedule explicitly.
 */
function syntheticScheduleForUnpublishedYears(): () => void {
  const thisYear = Number(shanghaiDate(new Date().toISOString()).slice(0, 4));
  const missing = [thisYear, thisYear + 1].filter((year) => !scheduleOfYear(year));
  if (missing.length === 0) return () => undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'getihu-holidays-'));
  const file = path.join(dir, 'holidays.json');
  writeFileSync(file, JSON.stringify({ years: Object.fromEntries(missing.map((year) => [String(year), { holidays: [], workdays: [] }])) }));
  process.env.HOLIDAY_SCHEDULE_FILE = file;
  console.log(`[tests] no published holiday schedule for ${missing.join(', ')}: weekends only in the tests (${file})`);
  return () => rmSync(dir, { recursive: true, force: true });
}

export default async function setup(project: TestProject) {
  const removeSchedule = syntheticScheduleForUnpublishedYears();
  const { cli, testServer } = ensureTemporalBinaries();
  project.provide('temporalCliPath', cli);
  project.provide('temporalTestServerPath', testServer);

  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  let teardown: () => Promise<void>;
  if (await reachable(adminUrl)) {
    const db = await createFreshDatabase(adminUrl, `getihu_test_${Date.now()}_${process.pid}`);
    project.provide('databaseUrl', db.url);
    project.provide('databaseKind', 'postgresql');
    console.log(`[tests] PostgreSQL at ${new URL(db.url).host}, fresh database ${db.name}`);
    teardown = db.drop;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'getihu-pglite-'));
    const db: EmbeddedDatabase = await startEmbeddedDatabase(path.join(dir, 'data'), await freePort(), path.join(dir, 'pglite.log'));
    await applyMigrations(db.url);
    project.provide('databaseUrl', db.url);
    project.provide('databaseKind', 'pglite');
    console.log('[tests] no PostgreSQL reachable: using the embedded PGlite database');
    process.env.DATABASE_WITHOUT_COPY = '1'; // inherited by the test workers (data/bulkCopy.ts)
    teardown = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  return async () => {
    await teardown();
    removeSchedule();
  };
}
