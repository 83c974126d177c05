import pg from 'pg';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../scripts/embeddedDatabase';
import { applyMigrations } from '../scripts/migrations';
const dir = mkdtempSync(path.join(tmpdir(), 'pgl-'));
const db = await startEmbeddedDatabase(path.join(dir, 'd'), 54392, path.join(dir, 'log'));
await applyMigrations(db.url);
const c = new pg.Client({ connectionString: db.url }); await c.connect();
c.on('error', (e) => console.log('client error', e.message));
const steps: Array<[string, string, unknown[]]> = [
  ['begin', 'BEGIN', []],
  ['temp', 'CREATE TEMP TABLE feed_stage ON COMMIT DROP AS SELECT uscc, tax_year FROM tax_record WITH NO DATA', []],
  ['alter', 'ALTER TABLE feed_stage ADD COLUMN _n int', []],
  ['insert', 'INSERT INTO feed_stage (uscc, tax_year, _n) VALUES ($1, $2, $3)', ['92421303MA4D123453', 2025, 1]],
  ['upsert', `WITH up AS (INSERT INTO tax_record (uscc, tax_year, department, as_of) SELECT DISTINCT ON (uscc, tax_year) uscc, tax_year, $1, $2::date FROM feed_stage ORDER BY uscc, tax_year, _n DESC ON CONFLICT (uscc, tax_year) DO UPDATE SET department = EXCLUDED.department RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted) AS ins FROM up`, ['税务', '2026-06-20']],
  ['commit', 'COMMIT', []],
];
for (const [name, sql, params] of steps) {
  try { const r = await c.query(sql, params); console.log(name, 'ok', r.rows?.[0] ?? ''); } catch (e) { console.log(name, 'ERR', (e as Error).message); break; }
}
await c.end().catch(() => {}); await db.stop();
