// npm run db:migrate — apply pending migrations to DATABASE_URL.
import { applyMigrations } from './migrations';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const applied = await applyMigrations(url);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
