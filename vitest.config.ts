import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more forks than this only makes the worker-process tests flaky.
    maxWorkers: 2,
    pool: 'forks',
  },
});
