import { defineConfig } from 'vitest/config';

// Unit tests (*.test.ts) and integration tests against real databases (*.int.test.ts).
// Integration suites run on PGlite always and on PostgreSQL when TEST_DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
