/**
 * How a step's checks run: every `*.check.ts` in the folder given as `--root`
 * (the playground, or a both-ways copy in CI). Checks start real processes and build
 * real bundles, so they get the same room as the repo's own tests.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.check.ts'],
    exclude: ['**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
