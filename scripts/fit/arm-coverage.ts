/**
 * Issue 14: how a worn top covers the shopper's forearms and chest, measured on the camera picture: a garment's
 * coverage mask (`atelier tryon --mask`, after occlusion: what the shopper sees of it) against the tracked landmarks
 * and the person mask of the same picture. Masks are one byte per camera pixel, rows top first, > 127 = covered / person.
 */
import { createOcclusionRegions, FOREARM_RADIUS_OF_SHOULDERS, HAND_RADIUS_OF_SHOULDERS, HAND_REACH, keyReferences, occlusionKeyWeight, occlusionRegions, type OcclusionPass } from '../../src/renderer/scene/occlusion-regions';
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

/** The crook's triangle reaches this share of the shorter arm segment from the elbow along each. */
export const CROOK_REACH_OF_SEGMENT = 0.6;

/**
 * The crook of a bent elbow: the triangle between the elbow and the points {@link CROOK_REACH_OF_SEGMENT} of the
 * shorter segment up the upper arm and along the forearm. Inside it the picture shows the shopper's arm (the flesh
 * of upper arm and forearm meets there) or, for a gentle bend, what lies beside it. Returns the person's pixels there
 * and those of them the garment leaves bare.
 */
export function crookBare(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { personPx: number; barePx: number } {
  const [sx, sy] = at(landmarksPx, side === 'left' ? L.leftShoulder : L.rightShoulder);
  const [ex, ey] = at(landmarksPx, side === 'left' ? L.leftElbow : L.rightElbow);
  const [wx, wy] = at(landmarksPx, side === 'left' ? L.leftWrist : L.rightWrist);
  const ls = Math.hypot(sx - ex, sy - ey) || 1;
  const lw = Math.hypot(wx - ex, wy - ey) || 1;
  const r = CROOK_REACH_OF_SEGMENT * Math.min(ls, lw);
  const ax = ex + ((sx - ex) / ls) * r;
  const ay = ey + ((sy - ey) / ls) * r;
  const bx = ex + ((wx - ex) / lw) * r;
  const by = ey + ((wy - ey) / lw) * r;
  const cross = (px: number, py: number, qx: number, qy: number, x: number, y: number): number => (qx - px) * (y - py) - (qy - py) * (x - px);
  const area = cross(ex, ey, ax, ay, bx, by);
  let personPx = 0;
  let barePx = 0;
  for (let y = Math.floor(Math.min(ey, ay, by)); y <= Math.ceil(Math.max(ey, ay, by)); y++) {
    for (let x = Math.floor(Math.min(ex, ax, bx)); x <= Math.ceil(Math.max(ex, ax, bx)); x++) {
      const inside = cross(ex, ey, ax, ay, x, y) * area >= 0 && cross(ax, ay, bx, by, x, y) * area >= 0 && cross(bx, by, ex, ey, x, y) * area >= 0;
      if (!inside || !on(person, widthPx, heightPx, x, y)) continue;
      personPx++;
      if (!on(garment, widthPx, heightPx, x, y)) barePx++;
    }
  }
  return { personPx, barePx };
}

/** Samples along the elbow → wrist segment. */
const FOREARM_SAMPLES = 40;

/**
 * How a sleeve covers the forearm: `covered`, the share of points on the elbow → wrist segment (tracked landmarks)
 * under the garment; `cuffGapPx`, how far short of the wrist the garment's cover along it ends (0: it reaches the
 * wrist). Points from the elbow on, not before: the upper sleeve is measured elsewhere. `handInFront` ({@link handInFront}):
 * where the fist is drawn in front of the sleeve (a forearm pointing at the camera, the fist over its wrist), a point
 * counts as covered.
 */
export function forearmCover(garment: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side, handInFront: Uint8Array | null = null): { covered: number; cuffGapPx: number } {
  const [ex, ey] = at(landmarksPx, side === 'left' ? L.leftElbow : L.rightElbow);
  const [wx, wy] = at(landmarksPx, side === 'left' ? L.leftWrist : L.rightWrist);
  let covered = 0;
  let reach = -1;
  for (let k = 0; k <= FOREARM_SAMPLES; k++) {
    const t = k / FOREARM_SAMPLES;
    const x = ex + t * (wx - ex);
    const y = ey + t * (wy - ey);
    if (on(garment, widthPx, heightPx, x, y) || (handInFront !== null && on(handInFront, widthPx, heightPx, x, y))) {
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

/**
 * Half-width of the forearm band, as a share of the shoulder joints' distance in the picture: half the occluder's
 * forearm capsule (FOREARM_RADIUS_OF_SHOULDERS, renderer/scene/occlusion-regions.ts), ≈ 2.3 cm on an adult whose
 * forearm is ≈ 3 cm in radius, so the band stays on the arm.
 */
export const FOREARM_BAND_OF_SHOULDERS = FOREARM_RADIUS_OF_SHOULDERS / 2;

/** Distance of (x, y) from the segment a → b, and where along it (0..1, clamped) it is nearest. */
export function toSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): { d: number; t: number } {
  const abx = bx - ax;
  const aby = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * abx + (y - ay) * aby) / (abx * abx + aby * aby || 1)));
  return { d: Math.hypot(x - ax - t * abx, y - ay - t * aby), t };
}

/**
 * An arm's forearm and hand in the picture, px: the elbow (ex, ey), the wrist (wx, wy), the hand capsule's far end
 * (hx, hy: wrist → {@link HAND_REACH} × the knuckles) and radius `handR` (the occluder's, occlusion-regions.ts), and
 * the shoulder joints' distance `shoulderPx` that sizes them.
 */
export function forearmPx(landmarksPx: ArrayLike<number>, side: Side): { ex: number; ey: number; wx: number; wy: number; hx: number; hy: number; handR: number; shoulderPx: number } {
  const [ex, ey] = at(landmarksPx, side === 'left' ? L.leftElbow : L.rightElbow);
  const [wx, wy] = at(landmarksPx, side === 'left' ? L.leftWrist : L.rightWrist);
  const [ix, iy] = at(landmarksPx, side === 'left' ? L.leftIndex : L.rightIndex);
  const [px, py] = at(landmarksPx, side === 'left' ? L.leftPinky : L.rightPinky);
  const [lsx, lsy] = at(landmarksPx, L.leftShoulder);
  const [rsx, rsy] = at(landmarksPx, L.rightShoulder);
  const shoulderPx = Math.hypot(lsx - rsx, lsy - rsy);
  return { ex, ey, wx, wy, hx: wx + HAND_REACH * ((ix + px) / 2 - wx), hy: wy + HAND_REACH * ((iy + py) / 2 - wy), handR: HAND_RADIUS_OF_SHOULDERS * shoulderPx, shoulderPx };
}

/**
 * How a sleeve covers the forearm as an area: the pixels within {@link FOREARM_BAND_OF_SHOULDERS} of the elbow → wrist
 * segment (tracked landmarks), less the hand (the occluder's hand capsule: wrist → {@link HAND_REACH} × the knuckles,
 * HAND_RADIUS_OF_SHOULDERS round — a fist held towards the camera lies over its own forearm), and the share of them
 * the garment's coverage mask covers. `bandPx` 0: the forearm is hidden behind the hand.
 */
export function forearmBandCover(garment: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { covered: number; bandPx: number } {
  const { ex, ey, wx, wy, hx, hy, handR, shoulderPx } = forearmPx(landmarksPx, side);
  const bandR = FOREARM_BAND_OF_SHOULDERS * shoulderPx;
  let band = 0;
  let covered = 0;
  for (let y = Math.max(0, Math.floor(Math.min(ey, wy) - bandR)); y <= Math.min(heightPx - 1, Math.ceil(Math.max(ey, wy) + bandR)); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(ex, wx) - bandR)); x <= Math.min(widthPx - 1, Math.ceil(Math.max(ex, wx) + bandR)); x++) {
      if (toSegment(x, y, ex, ey, wx, wy).d >= bandR || toSegment(x, y, wx, wy, hx, hy).d < handR) continue;
      band++;
      if (garment[y * widthPx + x]! > 127) covered++;
    }
  }
  return { covered: band > 0 ? covered / band : 0, bandPx: band };
}

/**
 * The hand as the occluder keys it: each pixel of its hand capsule (occlusion-regions.ts; `pass` as the occluder's)
 * that its colour key takes for the hand (the shopper's skin, or not their own shirt: the fist, not the shirt round
 * it), by index into the picture's pixels. None when the arm is not in front of the body (no capsule).
 */
function forEachHandPixel(rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, side: Side, pass: OcclusionPass, visit: (pixel: number) => void): void {
  const r = createOcclusionRegions();
  occlusionRegions(landmarksPx, worldM, r, { forearms: pass === 'all', pass });
  const s = side === 'left' ? 0 : 1;
  const skin = new Float64Array(3);
  const cloth = new Float64Array(3);
  keyReferences(rgba, widthPx, r, s, skin, cloth);
  const hand = 2 * s + 1;
  const [ax, ay, bx, by] = [r.capsules[4 * hand]!, r.capsules[4 * hand + 1]!, r.capsules[4 * hand + 2]!, r.capsules[4 * hand + 3]!];
  const radius = r.radiiPx[hand]!;
  for (let y = Math.max(0, Math.floor(Math.min(ay, by) - radius)); y <= Math.min(heightPx - 1, Math.ceil(Math.max(ay, by) + radius)); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(ax, bx) - radius)); x <= Math.min(widthPx - 1, Math.ceil(Math.max(ax, bx) + radius)); x++) {
      if (toSegment(x, y, ax, ay, bx, by).d >= radius) continue;
      const o = 4 * (y * widthPx + x);
      if (occlusionKeyWeight(rgba.subarray(o, o + 3), skin, cloth) >= 0.5) visit(y * widthPx + x);
    }
  }
}

/**
 * How the garment covers the hand: of the pixels the occluder keys as the hand ({@link forEachHandPixel}, its capsule
 * reaching a radius behind the wrist), the share under the garment's coverage mask. `handPx` 0: the arm is not in
 * front of the body.
 * @param rgba the camera picture, RGBA rows top first (borrowed).
 */
export function handCover(garment: Uint8Array, rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, side: Side): { covered: number; handPx: number } {
  let handPx = 0;
  let covered = 0;
  forEachHandPixel(rgba, widthPx, heightPx, landmarksPx, worldM, side, 'all', (i) => {
    handPx++;
    if (garment[i]! > 127) covered++;
  });
  return { covered: handPx > 0 ? covered / handPx : 0, handPx };
}

/**
 * Where the hands' pass over a 2D garment's long sleeves (Fitting's `handsOver`, occlusionRegions' `over-sleeves`)
 * draws this side's hand: one byte a camera pixel, 255 = the hand in front.
 */
export function handInFront(rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, side: Side): Uint8Array {
  const out = new Uint8Array(widthPx * heightPx);
  forEachHandPixel(rgba, widthPx, heightPx, landmarksPx, worldM, side, 'over-sleeves', (i) => (out[i] = 255));
  return out;
}

/**
 * Radius of the disc round the elbow landmark in which {@link elbowHolePx} looks, as a share of the shoulder joints'
 * distance in the picture: ≈ 9 cm on an adult (shoulders ≈ 36 cm apart), past the sleeve's own radius round the
 * joint (≈ 6 cm), so a hole in the crook or at the elbow's outside lies inside it.
 */
export const ELBOW_DISC_OF_SHOULDERS = 0.25;

/**
 * Bare pixels enclosed by the garment round an elbow: the pixels of the coverage mask's uncovered patches that lie
 * wholly inside a disc of {@link ELBOW_DISC_OF_SHOULDERS} round the elbow landmark, reaching neither the disc's rim
 * nor the hand (the capsule `forearmBandCover` leaves out: a fist in front of the sleeve is meant to show). A sleeve
 * round a bent elbow has none; each one is the camera picture seen through a hole in it.
 */
export function elbowHolePx(garment: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): number {
  const { ex, ey, wx, wy, hx, hy, handR, shoulderPx } = forearmPx(landmarksPx, side);
  const discR = ELBOW_DISC_OF_SHOULDERS * shoulderPx;
  // Flood the uncovered pixels from everywhere a bare patch may rightly be: outside the disc and the hand.
  const reached = new Uint8Array(widthPx * heightPx);
  const stack: number[] = [];
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const i = y * widthPx + x;
      if (garment[i]! > 127) continue;
      if (Math.hypot(x - ex, y - ey) >= discR || toSegment(x, y, wx, wy, hx, hy).d < handR) {
        reached[i] = 1;
        stack.push(i);
      }
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % widthPx;
    for (const j of [x > 0 ? i - 1 : -1, x < widthPx - 1 ? i + 1 : -1, i - widthPx, i + widthPx]) {
      if (j < 0 || j >= reached.length || reached[j] || garment[j]! > 127) continue;
      reached[j] = 1;
      stack.push(j);
    }
  }
  let holes = 0;
  for (let i = 0; i < reached.length; i++) if (garment[i]! <= 127 && !reached[i]) holes++;
  return holes;
}

/**
 * Round a shoulder, how far out the band looks, as a share of the shoulders' breadth: past the shoulder's top and
 * its tip (the acromion lies ≈ 0.1 of it out from the joint, the top ≈ 0.1 above), short of the neck (≈ 0.35 in).
 */
export const SHOULDER_BAND_OF_SHOULDERS = 0.3;
/** How far in towards the neck the band reaches, as a share of the shoulders' breadth. */
const SHOULDER_BAND_INWARD_OF_SHOULDERS = 0.2;

/**
 * The shopper's own upper body a garment leaves bare at a shoulder: person pixels within
 * {@link SHOULDER_BAND_OF_SHOULDERS} of the shoulder landmark, above the shoulder line (up: perpendicular to it, towards
 * the head) and no further in than {@link SHOULDER_BAND_INWARD_OF_SHOULDERS} — his own shirt above or outside the
 * garment's shoulder seam. `topGapPx`: over the shoulder's top (from the landmark to 0.15 of the breadth in), the
 * median of how far the person's top edge stands above the garment's, along up (positive: the garment sits low).
 */
export function shoulderBare(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { bare: number; barePx: number; personPx: number; topGapPx: number } {
  const [sx, sy] = at(landmarksPx, side === 'left' ? L.leftShoulder : L.rightShoulder);
  const [ox, oy] = at(landmarksPx, side === 'left' ? L.rightShoulder : L.leftShoulder);
  const breadthPx = Math.hypot(sx - ox, sy - oy) || 1;
  // Outward along the shoulder line; up perpendicular to it, on the head's side.
  const outX = (sx - ox) / breadthPx;
  const outY = (sy - oy) / breadthPx;
  let upX = -outY;
  let upY = outX;
  const [nx, ny] = at(landmarksPx, L.nose);
  if ((nx - sx) * upX + (ny - sy) * upY < 0) {
    upX = -upX;
    upY = -upY;
  }
  const rPx = SHOULDER_BAND_OF_SHOULDERS * breadthPx;
  const inPx = SHOULDER_BAND_INWARD_OF_SHOULDERS * breadthPx;
  let personPx = 0;
  let barePx = 0;
  for (let y = Math.max(0, Math.floor(sy - rPx)); y <= Math.min(heightPx - 1, Math.ceil(sy + rPx)); y++) {
    for (let x = Math.max(0, Math.floor(sx - rPx)); x <= Math.min(widthPx - 1, Math.ceil(sx + rPx)); x++) {
      const dx = x - sx;
      const dy = y - sy;
      if (dx * dx + dy * dy > rPx * rPx || dx * upX + dy * upY < 0 || dx * outX + dy * outY < -inPx) continue;
      const i = y * widthPx + x;
      if (person[i]! <= 127) continue;
      personPx++;
      if (garment[i]! <= 127) barePx++;
    }
  }
  const gaps: number[] = [];
  for (let k = 0; k <= 10; k++) {
    const along = (-0.15 * k * breadthPx) / 10;
    let personTop = -Infinity;
    let garmentTop = -Infinity;
    for (let u = -0.1 * breadthPx; u <= rPx; u += 0.5) {
      const x = sx + along * outX + u * upX;
      const y = sy + along * outY + u * upY;
      if (on(person, widthPx, heightPx, x, y)) personTop = u;
      if (on(garment, widthPx, heightPx, x, y)) garmentTop = u;
    }
    if (personTop > -Infinity && garmentTop > -Infinity) gaps.push(personTop - garmentTop);
  }
  gaps.sort((a, b) => a - b);
  const topGapPx = gaps.length ? gaps[gaps.length >> 1]! : NaN;
  return { bare: personPx ? barePx / personPx : 0, barePx, personPx, topGapPx };
}

/**
 * The shopper's own forearm a long sleeve leaves bare, on the camera picture: the pixels of the occluder's forearm
 * capsule (FOREARM_RADIUS_OF_SHOULDERS round the elbow → wrist landmarks, occlusion-regions.ts) up to the line through
 * the wrist square to the forearm — past it is the hand, which comes out of the cuff — that the person mask holds and
 * the occluder's colour key takes for skin (`keyReferences`, `occlusionKeyWeight`: his bare forearm, not his own
 * shirt), and how many of them the garment's coverage mask leaves uncovered (`barePx`). A long sleeve ends at the
 * wrist: each one is skin seen between the sleeve's end and the hand, or inside an open cuff.
 * @param person the person mask, one byte a pixel (> 127 person; borrowed).
 * @param rgba the camera picture, RGBA rows top first (borrowed).
 * @param bareOut where given, each bare pixel is set to 255 in it (one byte a pixel, for an overlay; borrowed).
 */
export function forearmSkinBare(garment: Uint8Array, person: Uint8Array, rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, side: Side, bareOut?: Uint8Array): { barePx: number; skinPx: number } {
  const { ex, ey, wx, wy, shoulderPx } = forearmPx(landmarksPx, side);
  const r = createOcclusionRegions();
  occlusionRegions(landmarksPx, worldM, r);
  const skin = new Float64Array(3);
  const cloth = new Float64Array(3);
  keyReferences(rgba, widthPx, r, side === 'left' ? 0 : 1, skin, cloth);
  const radius = FOREARM_RADIUS_OF_SHOULDERS * shoulderPx;
  const lengthSq = (wx - ex) ** 2 + (wy - ey) ** 2;
  let skinPx = 0;
  let barePx = 0;
  for (let y = Math.max(0, Math.floor(Math.min(ey, wy) - radius)); y <= Math.min(heightPx - 1, Math.ceil(Math.max(ey, wy) + radius)); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(ex, wx) - radius)); x <= Math.min(widthPx - 1, Math.ceil(Math.max(ex, wx) + radius)); x++) {
      // Square ends: not past the wrist (the hand) nor behind the elbow (the upper arm).
      const along = (x - ex) * (wx - ex) + (y - ey) * (wy - ey);
      if (along < 0 || along > lengthSq || toSegment(x, y, ex, ey, wx, wy).d >= radius) continue;
      const i = y * widthPx + x;
      if (person[i]! <= 127 || occlusionKeyWeight(rgba.subarray(4 * i, 4 * i + 3), skin, cloth) < 0.5) continue;
      skinPx++;
      if (garment[i]! > 127) continue;
      barePx++;
      if (bareOut) bareOut[i] = 255;
    }
  }
  return { barePx, skinPx };
}

/** The disc round each shoulder joint that {@link shoulderDiscCover} reads, as a share of the shoulder joints' distance. */
export const SHOULDER_DISC_OF_SHOULDERS = 0.45;

/**
 * Round the shoulder joint on `side` (a disc {@link SHOULDER_DISC_OF_SHOULDERS} of the shoulders' distance across, out
 * to the upper arm and the sleeve's cap): the background the garment covers there (`overPx`: a sleeve standing out
 * past the arm at the picture's angle) and the person it leaves bare (`barePx` of `personPx`: the neck and face in
 * the disc too, so read against another garment's, not alone).
 */
export function shoulderDiscCover(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { overPx: number; barePx: number; personPx: number } {
  const s = side === 'left' ? L.leftShoulder : L.rightShoulder;
  const sx = landmarksPx[2 * s]!;
  const sy = landmarksPx[2 * s + 1]!;
  const r = SHOULDER_DISC_OF_SHOULDERS * Math.hypot(landmarksPx[2 * L.leftShoulder]! - landmarksPx[2 * L.rightShoulder]!, landmarksPx[2 * L.leftShoulder + 1]! - landmarksPx[2 * L.rightShoulder + 1]!);
  let overPx = 0;
  let barePx = 0;
  let personPx = 0;
  for (let y = Math.max(0, Math.floor(sy - r)); y < Math.min(heightPx, Math.ceil(sy + r)); y++) {
    for (let x = Math.max(0, Math.floor(sx - r)); x < Math.min(widthPx, Math.ceil(sx + r)); x++) {
      if (Math.hypot(x - sx, y - sy) > r) continue;
      const i = y * widthPx + x;
      const covered = garment[i]! > 127;
      if (person[i]! > 127) {
        personPx++;
        if (!covered) barePx++;
      } else if (covered) overPx++;
    }
  }
  return { overPx, barePx, personPx };
}
