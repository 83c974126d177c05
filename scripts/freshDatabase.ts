// A new, empty PostgreSQL database with the migrations applied, and a way to drop it:
// for a test run, a test file that needs its own data, or a benchmark.
import pg from 'pg';
import { applyMigrations } from './migrations';

export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `adminUrl` points at an existing database of the server (e.g. /postgres); `name` must be a plain identifier. */
export async function createFreshDatabase(adminUrl: string, name: string): Promise<FreshDatabase> {
  if (!/^\w+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await onAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return { url: url.toString(), name, drop: () => onAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
