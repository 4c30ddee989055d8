import type { Collider } from './cloth';
import type { BodyMm } from '../pattern/size-run';

/**
 * Depth / width of the body's (and a worn garment's) cross-section at the waist and hips: the ellipse the mirror's
 * sizing assumes (shared/sizing.ts, CIRCUMFERENCE_OF_FRONT_WIDTH ≈ 2.8 = the perimeter of a 1 × 0.75 ellipse
 * over its width, 5.52 / 2).
 */
export const DEPTH_OF_WIDTH = 0.75;

/** Cloth thickness kept between the body and the cloth, m (a skirt and its lining ≈ 2 mm). */
const CLOTH_GAP_M = 0.002;

/** Perimeter of an ellipse of semi-axes a, b (Ramanujan's second approximation, within 0.01 % at b/a = 0.75). */
export function ellipsePerimeter(a: number, b: number): number {
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/** Half-width of the body ellipse whose perimeter is `girthM`. */
export function halfWidthOfGirth(girthM: number): number {
  return girthM / ellipsePerimeter(1, DEPTH_OF_WIDTH);
}

/**
 * A standing body from the waist down, from one of FreeSewing's standard bodies (`@freesewing/models`, mm), metres,
 * the waist at y = 0, y up, x to the wearer's left, z forwards:
 * - the pelvis: elliptical sections whose girth runs waist (y = 0) → hips (`waistToHips` down) → seat (`waistToSeat`)
 *   and stays the seat's to the top of the thighs (`waistToUpperLeg`);
 * - two thighs: tapered capsules from the top of the thigh (girth `upperLeg`) to the knee (girth `knee`), their axes
 *   under the hips where the two thighs touch (centre = seat half-width − thigh radius), straight down (standing);
 * - two shins: the knee's girth down to the floor (`waistToFloor`), for a dress below the knee.
 */
export interface StandingBody {
  waistGirthM: number;
  colliders: Collider[];
  /** Whether a point (x, y, z) lies inside the body (for tests), with `marginM` of slack. */
  inside(x: number, y: number, z: number, marginM?: number): boolean;
}

export function standingBody(body: BodyMm): StandingBody {
  const m = (name: string): number => {
    const v = body[name];
    if (!(typeof v === 'number' && v > 0)) throw new Error(`the standing body needs ${name} (mm), the body has ${String(v)}`);
    return v / 1000;
  };
  const girths: Array<[number, number]> = [
    [0, m('waist')],
    [-m('waistToHips'), m('hips')],
    [-m('waistToSeat'), m('seat')],
    [-m('waistToUpperLeg'), m('seat')],
  ];
  const pelvisBottom = -m('waistToUpperLeg');
  const girthAt = girthProfile(girths);
  const thighR = m('upperLeg') / (2 * Math.PI);
  const kneeR = m('knee') / (2 * Math.PI);
  const legX = halfWidthOfGirth(m('seat')) - thighR;
  const kneeY = -m('waistToKnee');
  const floorY = -m('waistToFloor');
  // Each leg: a segment from (±legX, top) to (±legX, bottom) with radius r0 → r1.
  const legs: LegCapsule[] = [];
  for (const side of [1, -1]) {
    legs.push({ x: side * legX, y0: pelvisBottom, y1: kneeY, r0: thighR, r1: kneeR });
    legs.push({ x: side * legX, y0: kneeY, y1: floorY, r0: kneeR, r1: kneeR });
  }
  const pelvis = pelvisCollider(girthAt, pelvisBottom);
  const legColliders = legs.map(legCollider);
  const inside = (x: number, y: number, z: number, marginM = 0): boolean => {
    if (y <= 0 && y >= pelvisBottom) {
      const a = halfWidthOfGirth(girthAt(y)) - marginM;
      if (Math.hypot(x / a, z / (a * DEPTH_OF_WIDTH)) < 1) return true;
    }
    for (const l of legs) {
      if (y > l.y0 || y < l.y1) continue;
      const r = l.r0 + ((y - l.y0) / (l.y1 - l.y0)) * (l.r1 - l.r0) - marginM;
      if (Math.hypot(x - l.x, z) < r) return true;
    }
    return false;
  };
  return { waistGirthM: m('waist'), colliders: [pelvis, ...legColliders], inside };
}

/** A leg's capsule: an axis at x (z = 0) from y0 down to y1, its radius r0 → r1 along it, metres. */
export interface LegCapsule {
  x: number;
  y0: number;
  y1: number;
  r0: number;
  r1: number;
}

/** Girth at height y, linear between `[y, girth]` stations running down from the waist (y = 0); the last below. */
export function girthProfile(girths: ReadonlyArray<readonly [number, number]>): (y: number) => number {
  return (y) => {
    for (let i = 1; i < girths.length; i++) {
      const [y0, g0] = girths[i - 1]!;
      const [y1, g1] = girths[i]!;
      if (y >= y1) return g0 + ((y - y0) / (y1 - y0)) * (g1 - g0);
    }
    return girths[girths.length - 1]![1];
  };
}

/** The pelvis from the waist (y = 0) to `pelvisBottom`: elliptical sections of `girthAt(y)`; cloth pushed out along the ray. */
export function pelvisCollider(girthAt: (y: number) => number, pelvisBottom: number): Collider {
  return (p, o) => {
    const y = p[o + 1]!;
    if (y > 0 || y < pelvisBottom) return;
    const a = halfWidthOfGirth(girthAt(y)) + CLOTH_GAP_M;
    pushOutOfSection(p, o, a, a * DEPTH_OF_WIDTH);
  };
}

/**
 * Moves the point at `o` (in place) out of the elliptical section of half-width `a` and half-depth `b` (m, centred
 * on the y axis) along its ray from the axis; a point on the axis goes straight forward.
 */
export function pushOutOfSection(p: Float64Array, o: number, a: number, b: number): void {
  const x = p[o]!;
  const z = p[o + 2]!;
  const r = Math.hypot(x / a, z / b);
  if (r >= 1) return;
  if (r < 1e-9) {
    p[o + 2] = b;
    return;
  }
  p[o] = x / r;
  p[o + 2] = z / r;
}

/** One leg's capsule as a collider: cloth inside it pushed out radially (straight forward from its axis). */
export function legCollider(l: LegCapsule): Collider {
  return (p, o) => {
    const y = p[o + 1]!;
    if (y > l.y0 || y < l.y1) return;
    const r = l.r0 + ((y - l.y0) / (l.y1 - l.y0)) * (l.r1 - l.r0) + CLOTH_GAP_M;
    const dx = p[o]! - l.x;
    const dz = p[o + 2]!;
    const d = Math.hypot(dx, dz);
    if (d >= r) return;
    if (d < 1e-9) {
      p[o + 2] = r;
      return;
    }
    p[o] = l.x + (dx / d) * r;
    p[o + 2] = (dz / d) * r;
  };
}
