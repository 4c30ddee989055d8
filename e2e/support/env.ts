import path from 'node:path';

/** Debian's Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const E2E_PORT = Number(process.env.ATELIER_E2E_PORT ?? 7481);
export const SHARED_MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.join(import.meta.dirname, '../../../shared/media'));
export const STREET_VIDEO = path.join(SHARED_MEDIA, 'video.avi');
export const FAKE_CAMERA_CLIP = path.resolve('test-results/fake-camera/street.mjpeg');
export const SCREENSHOTS = path.resolve('test-results/screenshots');
export const e2eDataDir = path.resolve('test-results/e2e-data');

/**
 * Flags for a headless Chromium on a machine with no GPU and a closed network: WebGL on SwiftShader, no
 * background traffic, the fake camera granted without a prompt.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
