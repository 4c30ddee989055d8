/**
 * The 2D rig's fit runs once per frame, but V8 optimises a function only after it has run many times with the same
 * types and branches: a fresh page's first second of fits ran partly in the interpreter, and a branch the first
 * frames had not taken (an arm raised, the mask read through its placement) threw the optimised code away and ran
 * the interpreter again for a few frames — the 2D stage's slow frames of `scripts/cloth/bench.ts` (issue 14.5: a
 * 0.2–0.5 ms fit taking 6–14 ms on frames 12, 19, 35; `scripts/cloth/fit-cold.ts` shows it by CPU time, in Node).
 * Fitting a throwaway rig of the same garment to a made-up body in a few poses, with and without a person mask, when
 * the garment is put on gives V8 those types and branches before the first frame; nothing of it is kept.
 */
import type { GarmentAsset } from '../../shared/garment';
import { bodyCmPerPx } from '../../shared/sizing';
import { GarmentRig, type BodyInput, type RigOptions } from './rig';

/** Fits of the throwaway rig: enough for V8 to optimise the fit and what it calls (Maglev, then TurboFan). */
export const WARM_UP_FITS = 60;
/** Side of the made-up person masks, px (the engine's ROI masks are 128: the branches, not the detail, matter). */
const MASK_PX = 64;
/** Height of the made-up body, cm, and the share of the frame's height it takes. */
const BODY_CM = 175;
const BODY_SHARE = 0.85;

/** A frame of the mirror's portrait camera: the made-up bodies' size (the branches taken, not the pixels, matter). */
const FRAME_W = 720;
const FRAME_H = 1280;

/** The garment kinds warmed in this page: a kind's fit takes the same branches for every garment of it. */
const warmedKinds = new Set<string>();

/**
 * {@link warmGarmentRig} on a throwaway rig of `asset`, once per page for each kind of garment (its category and its
 * parts' mappings: a sleeve, a leg, a skirt take their own branches); compiled code is kept by V8 while fits go on.
 */
export function warmGarmentRigOnce(asset: GarmentAsset, options: RigOptions): void {
  const kind = `${asset.category}:${asset.parts.map((p) => p.mapping).join(',')}`;
  if (warmedKinds.has(kind)) return;
  warmedKinds.add(kind);
  warmGarmentRig(new GarmentRig(asset, options), FRAME_W, FRAME_H);
}

/** What the warm-up needs of a rig: its fit. */
export interface Fittable {
  fit(body: BodyInput): unknown;
}

/**
 * Fits `rig` (a throwaway: its state after this is the made-up body's) {@link WARM_UP_FITS} times to made-up bodies in
 * a `frameWidthPx` × `frameHeightPx` frame: arms down, out and raised, legs together and apart, leaning a little;
 * with the person mask placed over a region of interest (the native engine's), over the whole frame (the browser
 * engine's), and without one.
 */
export function warmGarmentRig(rig: Fittable, frameWidthPx: number, frameHeightPx: number, fits = WARM_UP_FITS): void {
  const bodies = warmUpBodies(frameWidthPx, frameHeightPx);
  for (let k = 0; k < fits; k++) rig.fit(bodies[k % bodies.length]!);
}

/** Arm angles from straight down (rad), elbow bends, leg spreads and leans of the made-up poses. */
const POSES = [
  { arm: 0.15, bend: 0.1, leg: 0.03, lean: 0 },
  { arm: 0.6, bend: 0.9, leg: 0.12, lean: 0.04 },
  { arm: 1.9, bend: 0.4, leg: 0.06, lean: -0.05 },
] as const;

/** The made-up bodies, each pose with the three kinds of mask. */
export function warmUpBodies(frameWidthPx: number, frameHeightPx: number): BodyInput[] {
  const out: BodyInput[] = [];
  for (const pose of POSES) {
    const cm = poseCm(pose.arm, pose.bend, pose.leg, pose.lean);
    const pxPerCm = (BODY_SHARE * frameHeightPx) / BODY_CM;
    const cx = frameWidthPx / 2;
    const cy = frameHeightPx * 0.52;
    const landmarksPx = new Float64Array(66);
    const worldM = new Float64Array(99);
    for (let i = 0; i < 33; i++) {
      landmarksPx[2 * i] = cx + cm[2 * i]! * pxPerCm;
      landmarksPx[2 * i + 1] = cy + cm[2 * i + 1]! * pxPerCm;
      worldM[3 * i] = cm[2 * i]! / 100;
      worldM[3 * i + 1] = cm[2 * i + 1]! / 100;
    }
    const cmPerPx = bodyCmPerPx(landmarksPx, worldM) ?? 1 / pxPerCm;
    // The region of interest: a square round the body (as the engine's, in the frame's pixels).
    const side = BODY_SHARE * frameHeightPx * 1.1;
    const frameFromMask: [number, number, number, number, number, number] = [side / frameWidthPx, 0, (cx - side / 2) / frameWidthPx, 0, side / frameHeightPx, (cy - side / 2) / frameHeightPx];
    const roi = { widthPx: MASK_PX, heightPx: MASK_PX, data: rasterise(cm, MASK_PX, MASK_PX, (u, v) => [(frameFromMask[0] * u + frameFromMask[2]) * frameWidthPx, (frameFromMask[4] * v + frameFromMask[5]) * frameHeightPx], cx, cy, pxPerCm), frameFromMask };
    const wholeH = Math.max(1, Math.round((MASK_PX * frameHeightPx) / frameWidthPx));
    const whole = { widthPx: MASK_PX, heightPx: wholeH, data: rasterise(cm, MASK_PX, wholeH, (u, v) => [u * frameWidthPx, v * frameHeightPx], cx, cy, pxPerCm) };
    for (const mask of [roi, whole, null]) {
      out.push({ landmarksPx, worldM, cmPerPx, personMask: mask ? { mask, frameWidthPx, frameHeightPx } : null });
    }
  }
  return out;
}

/** A person's 33 BlazePose landmarks, cm from the hips' centre (x: the picture's right, the person's left; y down). */
function poseCm(arm: number, bend: number, leg: number, lean: number): Float64Array {
  const p = new Float64Array(66);
  const set = (i: number, x: number, y: number): void => {
    // Leaning: the body turned about the hips.
    p[2 * i] = x * Math.cos(lean) - y * Math.sin(lean);
    p[2 * i + 1] = x * Math.sin(lean) + y * Math.cos(lean);
  };
  const face: Array<[number, number]> = [[0, -92], [1.5, -95], [3, -95], [4.5, -95], [-1.5, -95], [-3, -95], [-4.5, -95], [7, -93], [-7, -93], [2, -88], [-2, -88]];
  face.forEach(([x, y], i) => set(i, x, y));
  for (const side of [1, -1]) {
    const l = side > 0 ? 0 : 1;
    const sx = 19 * side;
    const sy = -62;
    set(11 + l, sx, sy);
    const ex = sx + 30 * Math.sin(arm) * side;
    const ey = sy + 30 * Math.cos(arm);
    set(13 + l, ex, ey);
    const wx = ex + 26 * Math.sin(arm + bend) * side;
    const wy = ey + 26 * Math.cos(arm + bend);
    set(15 + l, wx, wy);
    const dx = (wx - ex) / 26;
    const dy = (wy - ey) / 26;
    set(17 + l, wx + 8 * dx - 1.5 * side, wy + 8 * dy);
    set(19 + l, wx + 9 * dx, wy + 9 * dy);
    set(21 + l, wx + 5 * dx + 2 * side, wy + 5 * dy);
    const hx = 10 * side;
    set(23 + l, hx, 0);
    const kx = hx + 45 * Math.sin(leg) * side;
    const ky = 45 * Math.cos(leg);
    set(25 + l, kx, ky);
    const ax = kx + 42 * Math.sin(leg) * side;
    const ay = ky + 42 * Math.cos(leg);
    set(27 + l, ax, ay);
    set(29 + l, ax - 1 * side, ay + 5);
    set(31 + l, ax + 3 * side, ay + 9);
  }
  return p;
}

/** The body's parts as capsules between landmarks (or a landmark and itself): [from, to, radius cm]. */
const PARTS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 11], [11, 23, 9], [12, 24, 9], [11, 24, 10], [12, 23, 10], [11, 12, 7], [23, 24, 9],
  [11, 13, 5.5], [12, 14, 5.5], [13, 15, 4.5], [14, 16, 4.5], [15, 19, 4], [16, 20, 4],
  [23, 25, 8], [24, 26, 8], [25, 27, 6], [26, 28, 6], [27, 31, 4], [28, 32, 4],
];

/** A person mask (255 inside the body's parts) whose pixel (u, v), normalised, lies at `framePx(u, v)`. */
function rasterise(cm: Float64Array, w: number, h: number, framePx: (u: number, v: number) => [number, number], cx: number, cy: number, pxPerCm: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(w * h);
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const [fx, fy] = framePx((col + 0.5) / w, (row + 0.5) / h);
      const x = (fx - cx) / pxPerCm;
      const y = (fy - cy) / pxPerCm;
      for (const [a, b, r] of PARTS) {
        if (segmentDistance(x, y, cm[2 * a]!, cm[2 * a + 1]!, cm[2 * b]!, cm[2 * b + 1]!) <= r) {
          data[row * w + col] = 255;
          break;
        }
      }
    }
  }
  return data;
}

function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}
