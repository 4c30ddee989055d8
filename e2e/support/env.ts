import path from 'node:path';
import { CHROMIUM_PATH, FAKE_CAMERA_ARGS, HEADLESS_CHROMIUM_ARGS } from './chromium.mjs';

export const E2E_PORT = Number(process.env.ATELIER_E2E_PORT ?? 7481);
export const SHARED_MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.join(import.meta.dirname, '../../../shared/media'));
export const STREET_VIDEO = path.join(SHARED_MEDIA, 'video.avi');
export const FAKE_CAMERA_CLIP = path.resolve('test-results/fake-camera/street.mjpeg');
/** The mirror clip: one person facing a portrait camera, running in place (412×960). */
export const MIRROR_VIDEO = path.join(SHARED_MEDIA, 'mirror_run.mp4');
/** The mirror clip as a portrait fake camera, and its first frame held still for a few seconds. */
export const FAKE_CAMERA_PORTRAIT_CLIP = path.resolve('test-results/fake-camera/mirror-run.mjpeg');
export const FAKE_CAMERA_STILL_CLIP = path.resolve('test-results/fake-camera/mirror-still.mjpeg');
/**
 * The mirror clip as a camera mounted on its side: turned 90° clockwise (960×412, the person's head at the right
 * edge). The mirror's `camera.rotationDeg: 270` turns it upright again.
 */
export const FAKE_CAMERA_SIDEWAYS_CLIP = path.resolve('test-results/fake-camera/mirror-sideways.mjpeg');
/** A file only the e2e build (`npm run build:e2e`) has: the browser engine's test page. */
export const E2E_BUILD_MARKER = path.resolve('out/renderer/engine/harness.html');
export const SCREENSHOTS = path.resolve('test-results/screenshots');
/** Per port, so several Playwright runs on one machine never share (or wipe) each other's data. */
export const e2eDataDir = path.resolve(`test-results/e2e-data-${E2E_PORT}`);

/** Headless Chromium with WebGL on SwiftShader, no background traffic, and the fake camera granted. */
export const CHROMIUM_ARGS = [...HEADLESS_CHROMIUM_ARGS, ...FAKE_CAMERA_ARGS];
export { CHROMIUM_PATH };
