import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['backend/test/**/*.test.ts', 'appsscript/test/**/*.test.ts', 'web/test/**/*.test.ts'],
    // The browser tests serve web/dist: build it first when web/ or shared/ changed.
    globalSetup: ['web/test/global-setup.ts'],
    // Each file opens its own PostgreSQL database and PGlite instance; two workers fit two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
