import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // db and queue suites share one PostgreSQL / Redis: unique names per test keep them apart
    fileParallelism: true,
    maxWorkers: 2,
  },
});
