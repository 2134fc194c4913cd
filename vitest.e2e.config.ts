import { defineConfig } from 'vitest/config';

// End-to-end tier: the built extension in real browsers. Runs files one at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
