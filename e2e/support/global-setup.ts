import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAKE_CAMERA_CLIP, STREET_VIDEO } from './env';

/**
 * Makes the fake-camera clip from the real street video (never committed: it stays in ../shared/media).
 */
export default function globalSetup(): void {
  if (!fs.existsSync(STREET_VIDEO)) throw new Error(`test media missing: ${STREET_VIDEO}`);
  fs.mkdirSync(path.dirname(FAKE_CAMERA_CLIP), { recursive: true });
  if (!fs.existsSync(FAKE_CAMERA_CLIP) || fs.statSync(FAKE_CAMERA_CLIP).mtimeMs < fs.statSync(STREET_VIDEO).mtimeMs) {
    // 25 fps MJPEG at the video's 1280×720: Chromium's file capture device loops it as a camera.
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', STREET_VIDEO, '-vf', 'fps=25', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_CLIP]);
  }
}
