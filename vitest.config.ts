import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Components and rune modules compile as in the product; under Node they render server-side (`svelte/server`).
  plugins: [svelte({ configFile: false })],
  // Build flags (src/renderer/build-flags.d.ts): unit tests run the product build's code.
  define: { __ATELIER_E2E__: 'false' },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    // Native addons (better-sqlite3, onnxruntime-node) are not safe to share across worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
