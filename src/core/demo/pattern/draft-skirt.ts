import type { FsPart, FsPoint } from '@freesewing/core';
import { Penelope } from '@freesewing/penelope';
import type { Vec2 } from '../raster';
import { widthAt } from '../polygon';
import { flatten } from './draft-top';
import type { BodyMm } from './size-run';

/** The FreeSewing design the demo's skirt is drafted from (MIT, by Wouter van Wageningen and contributors). */
export const SKIRT_PATTERNS = {
  /** Penelope: a pencil skirt with waist darts, a back vent and a straight waistband. */
  penelope: { design: Penelope, front: 'penelope.front', back: 'penelope.back' },
} as const;
export type SkirtPattern = keyof typeof SKIRT_PATTERNS;

/**
 * A straight waistband is cut twice its finished depth and folded lengthwise (Penelope's waistband piece is the
 * cut width).
 */
const WAISTBAND_FOLDS = 2;

/**
 * One skirt drafted for one body, sewn: pattern millimetres with the centre-front waist seam at y = 0, y down,
 * x outwards from the centre front. The front is cut on the fold, so its half is the picture's half; the darts are
 * closed (sewn) — at every height the outline is the pattern's width less the darts' intake there.
 */
export interface DraftedSkirt {
  pattern: SkirtPattern;
  /** Half front as sewn: centre-front hem → side hem → side seam → side waist → centre-front waist. */
  frontHalf: Vec2[];
  /** Named points of the sewn front (wearer's left): side waist, side at the seat line, hem corner, centre-front hem. */
  front: Record<'waist' | 'seat' | 'hem' | 'cfHem', Vec2>;
  /** The front's sewn darts: each one's seam from the waist to its tip. */
  frontDarts: Array<[Vec2, Vec2]>;
  /** Finished depth of the waistband sewn above the waist seam, mm. */
  waistbandMm: number;
  /** Finished garment measurements, cm, as a size chart lists them: waist (along the waist seam) and hip (at the seat line) round the sewn front and back, length from the top of the waistband to the hem. */
  measurementsCm: { waist: number; hip: number; length: number };
}

/** Drafts `pattern` for `body` and reads its sewn pieces. Deterministic: FreeSewing's drafting is pure arithmetic. */
export function draftSkirt(pattern: SkirtPattern, body: BodyMm): DraftedSkirt {
  const spec = SKIRT_PATTERNS[pattern];
  const drafted = new spec.design({ measurements: { ...body } }).draft();
  const errors = drafted.setStores[0]?.logs.error ?? [];
  if (errors.length > 0) throw new Error(`FreeSewing ${pattern} could not be drafted: ${JSON.stringify(errors[0])}`);
  const parts = drafted.parts[0]!;
  const part = (name: string): FsPart => parts[name] ?? fail(`FreeSewing ${pattern} has no part ${name}`);
  const front = sewnHalf(part(spec.front), pattern);
  const back = sewnHalf(part(spec.back), pattern);
  const band = part('penelope.waistband').points;
  const waistbandMm = ((band.TR ?? fail('waistband has no TR')).x - (band.TL ?? fail('waistband has no TL')).x) / WAISTBAND_FOLDS;
  // A flat skirt's girth: the front (cut on the fold) and the back (two halves), so twice the two half-widths.
  const girthCm = (y: number): number => (2 * (widthAt(front.half, y) + widthAt(back.half, y))) / 10;
  return {
    pattern,
    frontHalf: front.half,
    front: front.points,
    frontDarts: front.darts,
    waistbandMm,
    measurementsCm: {
      // Along the waist seam, darts closed: what the waistband is sewn to.
      waist: (2 * (front.points.waist[0] + back.points.waist[0])) / 10,
      hip: girthCm(front.points.seat[1]),
      length: (front.points.cfHem[1] + waistbandMm) / 10,
    },
  };
}

/**
 * A Penelope piece's half as sewn: the hem where the skirt ends (`lLeg`/`rLeg`: below them is the hem allowance
 * folded up), the side seam as drafted, the darts closed. The back's vent extension is left out (it laps under).
 */
function sewnHalf(p: FsPart, pattern: string): { half: Vec2[]; points: DraftedSkirt['front']; darts: Array<[Vec2, Vec2]> } {
  const pt = (n: string): FsPoint => p.points[n] ?? fail(`FreeSewing ${pattern}: no point ${n}`);
  const side = p.paths.sideSeam ?? fail(`FreeSewing ${pattern}: no side seam`);
  const legY = pt('lLeg').y;
  const darts: Array<{ x: number; topY: number; widthMm: number; tipY: number }> = [];
  for (let i = 1; p.points[`dart${i}Start`]; i++) {
    const a = pt(`dart${i}Start`);
    const b = pt(`dart${i}End`);
    const tip = pt(`dart${i}Middle`);
    darts.push({ x: (a.x + b.x) / 2, topY: (a.y + b.y) / 2, widthMm: Math.abs(b.x - a.x), tipY: tip.y });
  }
  // A dart's intake is its full width along the waist seam and tapers linearly from its full width at the waist to nothing at its tip.
  const intake = (y: number): number => darts.reduce((s, d) => s + (y >= d.tipY ? 0 : (d.widthMm * Math.min(1, (d.tipY - y) / (d.tipY - d.topY)))), 0);
  // The side seam runs hem → waist; keep the part above the finished hem.
  const seam = flatten(side).filter(([, y]) => y <= legY + 1e-6);
  const sewnSide: Vec2[] = seam.map(([x, y]) => [x - intake(y), y]);
  const hemX = sewnSide[0]![0];
  const waist = sewnSide[sewnSide.length - 1]!;
  const seatY = pt('lSeat').y;
  const half: Vec2[] = [[0, legY], [hemX, legY], ...sewnSide.slice(1), [0, 0]];
  // Each closed dart is a seam on its centre line, moved inwards by the intake of the darts nearer the centre.
  const inner = (x: number, y: number): number => darts.filter((d) => d.x < x).reduce((s, d) => s + (y >= d.tipY ? 0 : d.widthMm * Math.min(1, (d.tipY - y) / (d.tipY - d.topY))), 0);
  const sewnDarts = darts.map((d): [Vec2, Vec2] => [[d.x - inner(d.x, d.topY), d.topY], [d.x - inner(d.x, d.tipY), d.tipY]]);
  return { half, darts: sewnDarts, points: { waist, seat: [widthAt(half, seatY), seatY], hem: [hemX, legY], cfHem: [0, legY] } };
}

function fail(message: string): never {
  throw new Error(message);
}
