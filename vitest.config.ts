// Two projects: the unit tests run first, in parallel; then the browser tests, one file at a time, because they
// measure timing and must not share the 2-core machine with each other or with the unit tests.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Every core: nothing else runs meanwhile (vitest's default leaves one idle).
          maxWorkers: availableParallelism(),
          // Pure functions, no mocks or stubbed globals: one module graph per worker instead of one per file
          // (halves the import time). A test that mocks modules or globals needs isolation back.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
