import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests in test/db-server/ need a PostgreSQL server: they are part of the run only when
// TEST_DATABASE_URL names one, and otherwise not collected at all (never reported as skipped).
const serverTests = process.env.TEST_DATABASE_URL ? ['test/db-server/**/*.test.ts'] : [];

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/*.test.ts', 'test/!(db-server)/**/*.test.ts', 'src/**/*.test.ts', ...serverTests],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
