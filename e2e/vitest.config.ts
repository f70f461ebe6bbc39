import { defineConfig } from 'vitest/config';

// Browser end-to-end specs against the built server (apps/server/dist) serving the built web app
// (apps/web/dist). One server for the whole run (globalSetup); one browser per spec file.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['specs/**/*.spec.ts'],
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
