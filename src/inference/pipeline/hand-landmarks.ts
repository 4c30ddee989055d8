/**
 * The hand landmark model's output, decoded and put back on the frame (MediaPipe's TensorsToLandmarksCalculator +
 * LandmarkProjectionCalculator for hand_landmark_cpu.pbtxt).
 */
import { projectFromRect } from './crop';
import { HAND_INPUT_SIZE_PX, HAND_LANDMARK_COUNT } from './hand-roi';
import type { NormRect } from './types';

/**
 * Crop-pixel landmarks (21 × x, y, z in 0..224 input pixels) → frame-normalised x, y and z in frame-width units
 * (z is normalised by the input width, then scaled by the rect's width, as LandmarkProjectionCalculator does).
 * @param raw borrowed, at least 63 floats.
 * @param out caller-owned, 63 floats, fully overwritten.
 */
export function projectHandLandmarks(raw: Float32Array, rect: NormRect, out: Float32Array): void {
  for (let i = 0; i < HAND_LANDMARK_COUNT; i++) {
    const b = i * 3;
    projectFromRect(raw[b]! / HAND_INPUT_SIZE_PX, raw[b + 1]! / HAND_INPUT_SIZE_PX, rect, out, b);
    out[b + 2] = (raw[b + 2]! / HAND_INPUT_SIZE_PX) * rect.widthNorm;
  }
}

/** Whether a frame-normalised point lies inside a rotated rect (used to keep the last hand ROI while it still fits). */
export function rectContains(rect: NormRect, xNorm: number, yNorm: number, widthPx: number, heightPx: number): boolean {
  const dx = (xNorm - rect.xCenterNorm) * widthPx;
  const dy = (yNorm - rect.yCenterNorm) * heightPx;
  const cos = Math.cos(-rect.rotationRad);
  const sin = Math.sin(-rect.rotationRad);
  const u = cos * dx - sin * dy;
  const w = sin * dx + cos * dy;
  return Math.abs(u) <= (rect.widthNorm * widthPx) / 2 && Math.abs(w) <= (rect.heightNorm * heightPx) / 2;
}
