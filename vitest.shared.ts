/**
 * Shared vitest settings. Each workspace has a two-line vitest.config.ts that
 * merges this, so turbo can run and cache every package's tests on its own.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Tests here start real servers, processes and indexes: give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
