import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000, // bundling workflows and starting Temporal servers
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/replay/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/workflow/**/*.test.ts', 'test/api/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // A fresh database and the Temporal binaries, once per run.
          globalSetup: ['test/setup/globalSetup.ts'],
          // Real servers: one file at a time (time-skipping time is global; 2 cores).
          fileParallelism: false,
        },
      },
    ],
  },
});
