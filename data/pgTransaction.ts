// One transaction on a pooled connection: BEGIN, the work, COMMIT — or ROLLBACK on any error — and the
// connection back to the pool either way. For the bulk paths that use `pg` directly (COPY, temp tables).
import type pg from 'pg';

export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
