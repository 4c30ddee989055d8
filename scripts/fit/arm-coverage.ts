/**
 * Issue 14: how a worn top covers the shopper's forearms and chest, measured on the camera picture: a garment's
 * coverage mask (`atelier tryon --mask`, after occlusion: what the shopper sees of it) against the tracked landmarks
 * and the person mask of the same picture. Masks are one byte per camera pixel, rows top first, > 127 = covered / person.
 */
import { PoseLandmark as L } from '../../src/shared/pose';

export type Side = 'left' | 'right';

const at = (p: ArrayLike<number>, i: number): [number, number] => [p[2 * i]!, p[2 * i + 1]!];

function on(mask: Uint8Array, widthPx: number, heightPx: number, x: number, y: number): boolean {
  const xi = Math.round(x);
  const yi = Math.round(y);
  return xi >= 0 && yi >= 0 && xi < widthPx && yi < heightPx && mask[yi * widthPx + xi]! > 127;
}

/** The angle at the elbow between the upper arm and the forearm, degrees (180: a straight arm). */
export function elbowAngleDeg(landmarksPx: ArrayLike<number>, side: Side): number {
  const [sx, sy] = at(landmarksPx, side === 'left' ? L.leftShoulder : L.rightShoulder);
  const [ex, ey] = at(landmarksPx, side === 'left' ? L.leftElbow : L.rightElbow);
  const [wx, wy] = at(landmarksPx, side === 'left' ? L.leftWrist : L.rightWrist);
  const ux = sx - ex, uy = sy - ey, vx = wx - ex, vy = wy - ey;
  return (Math.acos(Math.max(-1, Math.min(1, (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy) || 1)))) * 180) / Math.PI;
}

/** Samples along the elbow → wrist segment. */
const FOREARM_SAMPLES = 40;

/**
 * How a sleeve covers the forearm: `covered`, the share of points on the elbow → wrist segment (tracked landmarks)
 * under the garment; `cuffGapPx`, how far short of the wrist the garment's cover along it ends (0: it reaches the
 * wrist). Points from the elbow on, not before: the upper sleeve is measured elsewhere.
 */
export function forearmCover(garment: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { covered: number; cuffGapPx: number } {
  const [ex, ey] = at(landmarksPx, side === 'left' ? L.leftElbow : L.rightElbow);
  const [wx, wy] = at(landmarksPx, side === 'left' ? L.leftWrist : L.rightWrist);
  let covered = 0;
  let reach = -1;
  for (let k = 0; k <= FOREARM_SAMPLES; k++) {
    const t = k / FOREARM_SAMPLES;
    if (on(garment, widthPx, heightPx, ex + t * (wx - ex), ey + t * (wy - ey))) {
      covered++;
      reach = t;
    }
  }
  return { covered: covered / (FOREARM_SAMPLES + 1), cuffGapPx: reach < 0 ? Math.hypot(wx - ex, wy - ey) : (1 - reach) * Math.hypot(wx - ex, wy - ey) };
}

/**
 * Widths at the chest, px: the person mask's and the garment's, each the run of its pixels through the body's centre
 * line on the row `belowShouldersPx` under the shoulders' line (landmarks), where the centre line (mid-shoulders →
 * mid-hips) crosses it.
 */
export function chestWidthsPx(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, belowShouldersPx: number): { personPx: number; garmentPx: number; rowPx: number } {
  const [lsx, lsy] = at(landmarksPx, L.leftShoulder);
  const [rsx, rsy] = at(landmarksPx, L.rightShoulder);
  const [lhx, lhy] = at(landmarksPx, L.leftHip);
  const [rhx, rhy] = at(landmarksPx, L.rightHip);
  const f = belowShouldersPx / (((lhy + rhy) / 2 - (lsy + rsy) / 2) || 1);
  const cx = (lsx + rsx) / 2 + ((lhx + rhx) / 2 - (lsx + rsx) / 2) * f;
  const y = Math.round((lsy + rsy) / 2 + belowShouldersPx);
  const run = (mask: Uint8Array): number => {
    if (!on(mask, widthPx, heightPx, cx, y)) return 0;
    let a = Math.round(cx);
    let b = a;
    while (on(mask, widthPx, heightPx, a - 1, y)) a--;
    while (on(mask, widthPx, heightPx, b + 1, y)) b++;
    return b - a + 1;
  };
  return { personPx: run(person), garmentPx: run(garment), rowPx: y };
}
