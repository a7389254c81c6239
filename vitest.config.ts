import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (what `npm test` runs: no browser needed) and `e2e` (real Chromium,
 * `npm run test:e2e`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/build/**/*.test.ts', 'test/api/**/*.test.ts', 'test/publish/**/*.test.ts', 'test/mail/**/*.test.ts', 'test/open-data/**/*.test.ts', 'test/cluster/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
