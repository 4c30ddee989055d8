import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_PORT, FAKE_CAMERA_CLIP, e2eDataDir } from './e2e/support/env';

/**
 * e2e runs the web shell and drives Debian's Chromium (never a downloaded browser) with a fake camera that plays
 * the real street video, converted by ffmpeg in global setup.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e-artifacts',
  // Screenshot baselines (e2e/appearance.spec.ts), committed: one set, taken with Debian's Chromium on SwiftShader.
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  globalSetup: './e2e/support/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${FAKE_CAMERA_CLIP}`],
    },
    viewport: { width: 1280, height: 720 },
  },
  webServer: {
    // A fresh data directory per run: the catalog and config under test start empty.
    command: `rm -rf ${e2eDataDir} && node bin/atelier.mjs --data-dir ${e2eDataDir} --port ${E2E_PORT} serve`,
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The store's product link (no placeholder default): the looks' QR codes need one. The retail spec clears it on
    // the settings screen to see the QR code hidden, then sets it again.
    env: { ATELIER_PRODUCT_URL_PATTERN: 'https://shop.example.com/p/{productId}?sku={sku}' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
