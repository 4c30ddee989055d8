import type { FsPart, FsPoint } from '@freesewing/core';
import { Titan } from '@freesewing/titan';
import type { Vec2 } from '../raster';
import { widthAt } from '../polygon';
import { flatten } from './draft-top';
import type { BodyMm } from './size-run';

/**
 * Mid-rise: the top of the waistband halfway from the natural waist down to the hips (high-rise trousers close at
 * the natural waist, low-rise ones at the hips). Titan's `waistHeight` is that share of waist → hips kept above.
 */
const MID_RISE_WAIST_HEIGHT = 0.5;

/**
 * A slim leg's hem: the leg opening must pass over the foot, whose largest girth is the heel-instep (diagonal) girth
 * FreeSewing measures as `heel`; slim ready-to-wear chinos leave about 12 % over it (a size M's 31.5 cm heel gives a
 * 35.3 cm opening, the 14 in a slim chino lists), where a tapered jogger with an elastic cuff takes 5 % (Paco's
 * `heelEase`).
 */
const SLIM_HEM_OVER_HEEL = 0.12;

/**
 * Bermuda length: the hem about 1 in (2.5 cm) above the knee (FreeSewing's `waistToKnee` ends on the knee line, where
 * Titan puts its knee points) — on a size M a 30 cm (12 in) inseam.
 */
const BERMUDA_ABOVE_KNEE_MM = 25;

/** How the made-up trousers look from the front (drawn by draw-sewn.ts where the pattern puts them). */
export interface TrouserMake {
  /** Scoop (jeans' curved opening to the side seam) or slant (a chino's straight diagonal opening). */
  pockets: 'scoop' | 'slant';
  /** A pressed crease down each leg's grainline. */
  crease: boolean;
  /** Jeans' twice-turned hem topstitched, a chino's blind-stitched hem (no stitching seen), or a shorts' turn-up. */
  hem: 'topstitched' | 'blind' | 'turnUp';
}

/**
 * How a leg is finished below the block's knee: Titan's straight leg, tapered from the fitted knee to a hem opening
 * over the heel, or cut off above the knee.
 */
type Leg = { kind: 'straight' } | { kind: 'tapered'; hemOverHeel: number } | { kind: 'cut'; aboveKneeMm: number };

const TITAN_OPTIONS = { waistHeight: MID_RISE_WAIST_HEIGHT, fitKnee: true } as const;

/** The FreeSewing design the demo's trousers are drafted from (MIT, by Joost De Cock and contributors). */
export const TROUSER_PATTERNS = {
  /**
   * Titan: a unisex trouser block, straight from the knee to the floor, its waist lowered for a sewn-on band. Fitted
   * at the knee (the knee girth with Titan's knee ease, 6 %), as jeans are, rather than the block's leg hanging
   * straight from the seat.
   */
  titan: { design: Titan, front: 'titan.front', back: 'titan.back', options: TITAN_OPTIONS, leg: { kind: 'straight' }, make: { pockets: 'scoop', crease: false, hem: 'topstitched' } },
  /**
   * Titan made a slim chino: the same fitted knee, then the pattern-maker's taper — the outseam and inseam run
   * straight from the knee points to a hem opening `SLIM_HEM_OVER_HEEL` over the heel girth, centred on the
   * grainline and split front/back as Titan splits the knee (its leg balance).
   */
  titanSlim: { design: Titan, front: 'titan.front', back: 'titan.back', options: TITAN_OPTIONS, leg: { kind: 'tapered', hemOverHeel: SLIM_HEM_OVER_HEEL }, make: { pockets: 'slant', crease: true, hem: 'blind' } },
  /** Titan cut to Bermuda length: the hem a line across the block's leg `BERMUDA_ABOVE_KNEE_MM` above its knee line. */
  titanBermuda: { design: Titan, front: 'titan.front', back: 'titan.back', options: TITAN_OPTIONS, leg: { kind: 'cut', aboveKneeMm: BERMUDA_ABOVE_KNEE_MM }, make: { pockets: 'slant', crease: false, hem: 'turnUp' } },
} as const satisfies Record<string, { design: typeof Titan; options: object; leg: Leg; make: TrouserMake; front: string; back: string }>;
export type TrouserPattern = keyof typeof TROUSER_PATTERNS;

/**
 * One pair of trousers drafted for one body, read off Titan's front piece: pattern millimetres with the body's
 * natural waist at y = 0 (where Titan drafts it), y down; x as Titan draws the front, the side seam near x = 0 and
 * the centre front towards +x. One front leg (the wearer's left); the other is its mirror.
 */
export interface DraftedTrousers {
  pattern: TrouserPattern;
  /** Side seam from the waist seam down to the hem (y increasing). */
  outseam: Vec2[];
  /** Inseam from the crotch fork down to the hem (y increasing). */
  inseam: Vec2[];
  /**
   * The front's points: the waist seam at the side and at the centre front, where the crotch curve leaves the
   * straight centre-front seam (the fly ends there), the fork (the crotch point), the side at the seat line, and the
   * knee and hem lines' ends and centres (the centres on the grainline), and the block's floor on the grainline (the
   * hem of full-length trousers; below the hem of shorts).
   */
  points: Record<'waistOut' | 'waistIn' | 'crotchCurveStart' | 'fork' | 'seatOut' | 'cfSeat' | 'kneeOut' | 'kneeIn' | 'knee' | 'hemOut' | 'hemIn' | 'hem' | 'floor', Vec2>;
  /** How it is made up (pockets, crease, hem). */
  make: TrouserMake;
  /** Finished depth of the sewn-on waistband above the waist seam, mm (Titan lowers the waist by it). */
  waistbandMm: number;
  /**
   * Finished measurements, cm, as a trouser size chart lists them: waist along the waist seam (what the band is sewn
   * to) and hip along the seat line, both round front and back; length (outseam) from the top of the band to the hem;
   * inseam from the fork to the hem; the leg opening round the hem.
   */
  measurementsCm: { waist: number; hip: number; length: number; inseam: number; legOpening: number };
}

/** Drafts `pattern` for `body` and reads its pieces. Deterministic: FreeSewing's drafting is pure arithmetic. */
export function draftTrousers(pattern: TrouserPattern, body: BodyMm): DraftedTrousers {
  const spec = TROUSER_PATTERNS[pattern];
  const drafted = new spec.design({ measurements: { ...body }, options: { ...spec.options } }).draft();
  const errors = drafted.setStores[0]?.logs.error ?? [];
  if (errors.length > 0) throw new Error(`FreeSewing ${pattern} could not be drafted: ${JSON.stringify(errors[0])}`);
  const parts = drafted.parts[0]!;
  const part = (name: string): FsPart => parts[name] ?? fail(`FreeSewing ${pattern} has no part ${name}`);
  const front = part(spec.front);
  const back = part(spec.back);
  const f = named(front, pattern);
  const b = named(back, pattern);
  const seam = flatten(front.paths.seam ?? fail(`FreeSewing ${pattern}: the front has no seam line`));
  const backSeam = flatten(back.paths.seam ?? fail(`FreeSewing ${pattern}: the back has no seam line`));
  // The seam runs waist (side) → outseam → hem → inseam → fork → crotch curve → centre front → back to the start.
  const at = (p: Vec2): number => nearestIndex(seam, p);
  let outseam = seam.slice(at(f('styleWaistOut')), at(f('floorOut')) + 1);
  let inseam = seam.slice(at(f('floorIn')), at(f('fork')) + 1).reverse();
  if (outseam.length < 2 || inseam.length < 2) throw new Error(`FreeSewing ${pattern}: the front's seam is not in the expected order`);
  const waistbandMm = drafted.settings[0]?.absoluteOptions?.waistbandWidth ?? fail(`FreeSewing ${pattern}: no waistband width`);
  const span = (p: Vec2, q: Vec2): number => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const knee = f('knee');
  const floor = f('floor');
  let hemOut = f('floorOut');
  let hemIn = f('floorIn');
  let hem = floor;
  let legOpeningMm = span(f('floorOut'), f('floorIn')) + span(b('floorOut'), b('floorIn'));
  const leg: Leg = spec.leg;
  if (leg.kind === 'tapered') {
    // Taper: the opening over the heel, split front/back as Titan splits the knee (kneeFront : kneeBack).
    const heelMm = body.heel ?? fail(`FreeSewing ${pattern}: the body has no heel measurement (a tapered leg's hem must pass over the foot)`);
    legOpeningMm = heelMm * (1 + leg.hemOverHeel);
    const frontShare = span(f('kneeOut'), f('kneeIn')) / (span(f('kneeOut'), f('kneeIn')) + span(b('kneeOut'), b('kneeIn')));
    const halfFrontMm = (legOpeningMm * frontShare) / 2;
    // Below the knee each seam moves towards the grainline in proportion to the distance down (a straight line from
    // the knee point to the new hem corner, as Titan's knee → floor is a straight line).
    const taper = (line: Vec2[], toX: number): Vec2[] =>
      line.map(([x, y]) => (y <= knee[1] ? [x, y] : [x + ((toX - line[line.length - 1]![0]) * (y - knee[1])) / (floor[1] - knee[1]), y]));
    hemOut = [floor[0] - Math.sign(floor[0] - hemOut[0]) * halfFrontMm, floor[1]];
    hemIn = [floor[0] + Math.sign(hemIn[0] - floor[0]) * halfFrontMm, floor[1]];
    outseam = taper(outseam, hemOut[0]);
    inseam = taper(inseam, hemIn[0]);
  } else if (leg.kind === 'cut') {
    const hemY = knee[1] - leg.aboveKneeMm;
    if (hemY <= f('fork')[1]) throw new Error(`FreeSewing ${pattern}: a hem ${leg.aboveKneeMm} mm above the knee is above the crotch`);
    const cut = (line: Vec2[]): Vec2[] => [...line.filter(([, y]) => y < hemY), [xAtY(line, hemY), hemY]];
    outseam = cut(outseam);
    inseam = cut(inseam);
    hemOut = outseam[outseam.length - 1]!;
    hemIn = inseam[inseam.length - 1]!;
    hem = [knee[0], hemY];
    legOpeningMm = span(hemOut, hemIn) + widthAt(backSeam, hemY);
  }
  return {
    pattern,
    outseam,
    inseam,
    points: {
      waistOut: f('styleWaistOut'),
      waistIn: f('styleWaistIn'),
      crotchCurveStart: f('crotchSeamCurveStart'),
      fork: f('fork'),
      seatOut: f('seatOut'),
      cfSeat: f('cfSeat'),
      kneeOut: f('kneeOut'),
      kneeIn: f('kneeIn'),
      knee,
      hemOut,
      hemIn,
      hem,
      floor,
    },
    make: spec.make,
    waistbandMm,
    measurementsCm: {
      // Front and back are each one leg's: the whole garment is twice the two.
      waist: (2 * (span(f('styleWaistOut'), f('styleWaistIn')) + span(b('styleWaistOut'), b('styleWaistIn')))) / 10,
      hip: (2 * (Math.abs(f('cfSeat')[0] - f('seatOut')[0]) + Math.abs(b('cbSeat')[0] - b('seatOut')[0]))) / 10,
      length: (waistbandMm + arcLength(outseam)) / 10,
      inseam: arcLength(inseam) / 10,
      legOpening: legOpeningMm / 10,
    },
  };
}

/** The x of a polyline running down (y increasing) at height `y`, clamped to its ends. */
export function xAtY(line: readonly Vec2[], y: number): number {
  if (y <= line[0]![1]) return line[0]![0];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    if (y <= b[1]) return b[1] === a[1] ? b[0] : a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
  }
  return line[line.length - 1]![0];
}

function arcLength(line: readonly Vec2[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return s;
}

function nearestIndex(line: readonly Vec2[], p: Vec2): number {
  let best = 0;
  for (let i = 1; i < line.length; i++) if (Math.hypot(line[i]![0] - p[0], line[i]![1] - p[1]) < Math.hypot(line[best]![0] - p[0], line[best]![1] - p[1])) best = i;
  return best;
}

function named(part: FsPart, pattern: string): (name: string) => Vec2 {
  return (name) => {
    const p: FsPoint = part.points[name] ?? fail(`FreeSewing ${pattern}: no point ${name}`);
    return [p.x, p.y];
  };
}

function fail(message: string): never {
  throw new Error(message);
}
