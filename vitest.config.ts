import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit (Node) and component (happy-dom, per-file environment comment) tiers.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/component/**/*.test.tsx'],
    setupFiles: ['fake-indexeddb/auto', './test/support/i18n-setup.ts'],
    testTimeout: 30_000,
  },
});
