import { defineConfig } from 'prisma/config';

// The ordinary Prisma CLI reads this on machines with internet access; the offline path
// (scripts/migrate.ts) applies the same migrations folder.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/getihu' },
});
