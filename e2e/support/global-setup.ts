import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_BUILD_MARKER, FAKE_CAMERA_CLIP, FAKE_CAMERA_PORTRAIT_CLIP, FAKE_CAMERA_SIDEWAYS_CLIP, FAKE_CAMERA_STILL_CLIP, MIRROR_VIDEO, STREET_VIDEO } from './env';

const stale = (out: string, source: string): boolean => !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(source).mtimeMs;

/**
 * Makes the fake-camera clips from the real test media (never committed: it stays in ../shared/media): the street
 * video, and the portrait mirror clip (running in place, and its first frame held still).
 */
export default function globalSetup(): void {
  // The mirror's test hooks and the engine's test page are compiled only into the e2e build.
  if (!fs.existsSync(E2E_BUILD_MARKER)) throw new Error(`out/ is not an e2e build (no ${path.relative(process.cwd(), E2E_BUILD_MARKER)}): run \`npm run build:e2e\` first`);
  for (const media of [STREET_VIDEO, MIRROR_VIDEO]) if (!fs.existsSync(media)) throw new Error(`test media missing: ${media}`);
  fs.mkdirSync(path.dirname(FAKE_CAMERA_CLIP), { recursive: true });
  const ffmpeg = (...args: string[]): void => void execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...args]);
  if (stale(FAKE_CAMERA_CLIP, STREET_VIDEO)) {
    // 25 fps MJPEG at the video's 1280×720: Chromium's file capture device loops it as a camera.
    ffmpeg('-i', STREET_VIDEO, '-vf', 'fps=25', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_CLIP);
  }
  if (stale(FAKE_CAMERA_PORTRAIT_CLIP, MIRROR_VIDEO)) {
    // 412×960 portrait at its own 30 fps.
    ffmpeg('-i', MIRROR_VIDEO, '-vf', 'fps=30', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_PORTRAIT_CLIP);
  }
  if (stale(FAKE_CAMERA_SIDEWAYS_CLIP, MIRROR_VIDEO)) {
    // A camera mounted on its side: the clip turned 90° clockwise (960×412).
    ffmpeg('-i', MIRROR_VIDEO, '-vf', 'transpose=clock,fps=30', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_SIDEWAYS_CLIP);
  }
  if (stale(FAKE_CAMERA_STILL_CLIP, MIRROR_VIDEO)) {
    // The clip's first frame (standing, facing the camera) held for 4 s: a shopper standing still.
    ffmpeg('-i', MIRROR_VIDEO, '-vf', 'select=eq(n\\,0),loop=loop=119:size=1:start=0,fps=30', '-frames:v', '120', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_STILL_CLIP);
  }
}
