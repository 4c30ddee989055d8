import os from 'node:os';
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
    // Two files at a time even on two cores (vitest's default there is one): a render test leaves the CPU a third
    // idle while Chromium's GPU process and the tracker hand frames to each other — six render files took 194 s side
    // by side against 254 s one after the other (2026-12-07).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
