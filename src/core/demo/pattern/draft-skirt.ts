import type { FsPart, FsPoint } from '@freesewing/core';
import { Penelope } from '@freesewing/penelope';
import type { Vec2 } from '../raster';
import { widthAt } from '../polygon';
import { flatten } from './draft-top';
import { xAtY } from './draft-trousers';
import type { BodyMm } from './size-run';

/** Where a flared skirt's chart measures its hip, below the waist seam (a spec sheet's 7 in). */
const FLARED_HIP_BELOW_WAIST_MM = 180;

/** A mini skirt ends mid-thigh: about 70 % of the way from the waist to the knee (≈ 42 cm on a size M). */
const MINI_LENGTH_OF_KNEE = 0.7;

/**
 * A tartan skirt's knife pleat shows a face of about 4 cm (1½ in) at the hip: wide enough for the check to read across
 * it, narrow enough that a mini has a dozen pleats a side.
 */
const PLEAT_FACE_MM = 40;

/** The FreeSewing design the demo's skirt is drafted from (MIT, by Wouter van Wageningen and contributors). */
export const SKIRT_PATTERNS = {
  /** Penelope: a pencil skirt with waist darts, a back vent and a straight waistband. */
  penelope: { design: Penelope, front: 'penelope.front', back: 'penelope.back', aLine: false, pleated: false, hemOfKnee: 1 },
  /**
   * Penelope's block made an A-line by the pattern-maker's slash-and-spread (Aldrich, Metric Pattern Cutting, "A-line
   * skirt"): on front and back, slash from the hem straight up to the tip of the dart nearer the side seam and close
   * that dart — its waist intake moves to the hem as flare; the other dart stays sewn.
   */
  penelopeALine: { design: Penelope, front: 'penelope.front', back: 'penelope.back', aLine: true, pleated: false, hemOfKnee: 1 },
  /**
   * Penelope's block made a knife-pleated mini: the block's girths (its hip with Penelope's seat ease, its waist) and
   * its outline from the waist to the seat line, then straight down; the darts' shaping is taken by the pleats instead
   * (`pleatsFor`). Mini length: the knee-length block cut across at `MINI_LENGTH_OF_KNEE` of its length (mid-thigh).
   */
  penelopePleated: { design: Penelope, front: 'penelope.front', back: 'penelope.back', aLine: false, pleated: true, hemOfKnee: MINI_LENGTH_OF_KNEE },
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
  /** Half back as sewn, the same way round (centre-back hem → … → centre-back waist). */
  backHalf: Vec2[];
  /** Named points of the sewn front (wearer's left): side waist, side at the seat line, hem corner, centre-front hem. */
  front: Record<'waist' | 'seat' | 'hem' | 'cfHem', Vec2>;
  /** The front's sewn darts: each one's seam from the waist to its tip. */
  frontDarts: Array<[Vec2, Vec2]>;
  /** The back's sewn darts, as `frontDarts` (the back picture draws them). */
  backDarts: Array<[Vec2, Vec2]>;
  /** A straight skirt's back vent: how far up from the hem it is open, mm (Penelope's `vTop`); absent without one. */
  ventMm?: number;
  /** Finished depth of the waistband sewn above the waist seam, mm. */
  waistbandMm: number;
  /** A pleated skirt's knife pleats (see `pleatsFor`). */
  pleats?: Pleats;
  /** Finished garment measurements, cm, as a size chart lists them: waist (along the waist seam) and hip (at the seat line; a flared skirt's 18 cm below the waist seam) round the sewn front and back, length from the top of the waistband to the hem. */
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
  const front = sewnHalf(part(spec.front), pattern, spec.aLine, spec.hemOfKnee);
  const back = sewnHalf(part(spec.back), pattern, spec.aLine, spec.hemOfKnee);
  // Penelope's vent runs from its hem (vLeg) up to vTop; a flared or pleated skirt needs none (it has room to walk).
  const vent = part(spec.back).points;
  const ventMm = !spec.aLine && !spec.pleated && vent.vTop && vent.vLeg ? back.points.cfHem[1] - vent.vTop.y : 0;
  const band = part('penelope.waistband').points;
  const waistbandMm = ((band.TR ?? fail('waistband has no TR')).x - (band.TL ?? fail('waistband has no TL')).x) / WAISTBAND_FOLDS;
  // A flat skirt's girth: the front (cut on the fold) and the back (two halves), so twice the two half-widths.
  const girthCm = (y: number): number => (2 * (widthAt(front.half, y) + widthAt(back.half, y))) / 10;
  const measurementsCm = {
    // Along the waist seam, darts closed: what the waistband is sewn to.
    waist: (2 * (front.waistSeamMm + back.waistSeamMm)) / 10,
    // A flared skirt's hip where spec sheets measure a skirt's: 18 cm (7 in) below the waist seam — it widens from
    // there to the seat line, and the hip joints (where the try-on reads a bottom's hip off its picture) lie ≈ 17 cm
    // below the waist. A straight skirt's at its seat line, the fullest girth it is drafted to.
    hip: girthCm(spec.aLine ? FLARED_HIP_BELOW_WAIST_MM : front.points.seat[1]),
    length: (front.points.cfHem[1] + waistbandMm) / 10,
  };
  return {
    pattern,
    frontHalf: front.half,
    backHalf: back.half,
    front: front.points,
    // A pleated skirt has no darts: its pleats take the waist in.
    frontDarts: spec.pleated ? [] : front.darts,
    backDarts: spec.pleated ? [] : back.darts,
    ...(ventMm > 0 ? { ventMm } : {}),
    waistbandMm,
    ...(spec.pleated ? { pleats: pleatsFor(measurementsCm.hip * 10, measurementsCm.waist * 10, front.points.seat[1]) } : {}),
    measurementsCm,
  };
}

/** Knife pleats round a skirt, all turned the same way (pattern millimetres). */
export interface Pleats {
  /** How many round the skirt (even: as many on the front as on the back). */
  count: number;
  /** The face each shows at the hip and below, and at the waist (the pleat sewn deeper there). */
  faceMm: number;
  faceAtWaistMm: number;
  /** Cloth folded under each pleat (a full knife pleat: twice the face — the skirt takes three times the hip). */
  depthMm: number;
  /** Each pleat is stitched down from the waist to the seat line, tapering from the waist's extra intake to none. */
  stitchedToMm: number;
}

/**
 * Knife pleats over the hip: `count` = the even number nearest hip / `PLEAT_FACE_MM`, face = hip / count, a full
 * pleat's depth (2 × face under it). The waist is smaller than the hip by (hip − waist): each pleat takes its share,
 * (hip − waist) / count, sewn deeper at the waist and tapering to nothing at the seat line, where the stitching ends
 * and the pleats fall free — so the face at the waist is waist / count.
 */
export function pleatsFor(hipMm: number, waistMm: number, seatYMm: number): Pleats {
  if (!(waistMm < hipMm)) throw new Error(`a pleated skirt needs its hip (${hipMm} mm) larger than its waist (${waistMm} mm)`);
  const count = 2 * Math.max(1, Math.round(hipMm / PLEAT_FACE_MM / 2));
  const faceMm = hipMm / count;
  return { count, faceMm, faceAtWaistMm: waistMm / count, depthMm: 2 * faceMm, stitchedToMm: seatYMm };
}

/**
 * A Penelope piece's half as sewn: the hem where the skirt ends (`lLeg`/`rLeg`: below them is the hem allowance
 * folded up), the side seam as drafted, the darts closed. The back's vent extension is left out (it laps under).
 *
 * With `aLine`, the dart nearer the side seam is closed by slash-and-spread before sewing. Its tip T and its two legs
 * at the waist w apart, L above T: closing it turns everything beyond the slash (the vertical line from T down to the
 * hem) about T by the dart's angle θ = 2·atan(w / 2L), towards the centre at the waist (so that leg meets the other)
 * and away from it below T. A point of the side seam at (x, y) goes to T + R(−θ)·(x − Tx, y − Ty): at the hem, H
 * below T, the slash opens by 2·H·sin(θ/2) — the flare — and the side's hem corner rises by its distance from the
 * slash times sin θ, as a spread pattern's hem does before it is trued. The hem is trued by one point on the slash,
 * halfway across the opening.
 */
function sewnHalf(p: FsPart, pattern: string, aLine: boolean, hemOfKnee: number): { half: Vec2[]; points: DraftedSkirt['front']; darts: Array<[Vec2, Vec2]>; waistSeamMm: number } {
  const pt = (n: string): FsPoint => p.points[n] ?? fail(`FreeSewing ${pattern}: no point ${n}`);
  const side = p.paths.sideSeam ?? fail(`FreeSewing ${pattern}: no side seam`);
  // Penelope's hem line (knee length), or a shorter skirt's cut across the block that share of the way down.
  const legY = pt('lLeg').y * hemOfKnee;
  const darts: Array<{ x: number; topY: number; widthMm: number; tipY: number }> = [];
  for (let i = 1; p.points[`dart${i}Start`]; i++) {
    const a = pt(`dart${i}Start`);
    const b = pt(`dart${i}End`);
    const tip = pt(`dart${i}Middle`);
    darts.push({ x: (a.x + b.x) / 2, topY: (a.y + b.y) / 2, widthMm: Math.abs(b.x - a.x), tipY: tip.y });
  }
  // The side seam runs hem → waist; keep the part above the finished hem.
  const fullSeam = flatten(side);
  let seam: Vec2[] = fullSeam.filter(([, y]) => y <= legY + 1e-6);
  // The side's hem corner on the hem line: the seam's first point kept when it lies there (Penelope's own hem),
  // else where the seam crosses the cut.
  if (seam[0]![1] >= legY - 1e-6) seam[0] = [seam[0]![0], legY];
  else seam = [[xAtY(fullSeam.slice().reverse(), legY), legY], ...seam];
  let hem: Vec2[] = [[0, legY], [seam[0]![0], legY]];
  // Where the waist seam meets the closed dart (an A-line's), before the other darts are sewn.
  let closedAt: Vec2 | undefined;
  if (aLine) {
    if (darts.length === 0) throw new Error(`FreeSewing ${pattern}: an A-line needs a dart to close, the piece has none`);
    darts.sort((a, b) => a.x - b.x);
    const closed = darts.pop()!;
    const theta = 2 * Math.atan(closed.widthMm / 2 / (closed.tipY - closed.topY));
    const [c, s] = [Math.cos(-theta), Math.sin(-theta)];
    const tip: Vec2 = [closed.x, closed.tipY];
    const turn = ([x, y]: Vec2): Vec2 => [tip[0] + c * (x - tip[0]) - s * (y - tip[1]), tip[1] + s * (x - tip[0]) + c * (y - tip[1])];
    seam = seam.map(turn);
    const slashFoot: Vec2 = [closed.x, legY];
    const opened = turn(slashFoot);
    hem = [[0, legY], [(slashFoot[0] + opened[0]) / 2, (slashFoot[1] + opened[1]) / 2], seam[0]!];
    closedAt = [closed.x - closed.widthMm / 2, closed.topY];
  }
  // A dart's intake is its full width along the waist seam and tapers linearly from its full width at the waist to nothing at its tip.
  const intake = (y: number): number => darts.reduce((s, d) => s + (y >= d.tipY ? 0 : (d.widthMm * Math.min(1, (d.tipY - y) / (d.tipY - d.topY)))), 0);
  const sewnSide: Vec2[] = seam.map(([x, y]) => [x - intake(y), y]);
  const hemCorner = sewnSide[0]!;
  const waist = sewnSide[sewnSide.length - 1]!;
  const seatY = pt('lSeat').y;
  const half: Vec2[] = [...hem.slice(0, -1).map(([x, y]): Vec2 => [x - intake(y), y]), ...sewnSide, [0, 0]];
  // Each closed dart is a seam on its centre line, moved inwards by the intake of the darts nearer the centre.
  const inner = (x: number, y: number): number => darts.filter((d) => d.x < x).reduce((s, d) => s + (y >= d.tipY ? 0 : d.widthMm * Math.min(1, (d.tipY - y) / (d.tipY - d.topY))), 0);
  const sewnDarts = darts.map((d): [Vec2, Vec2] => [[d.x - inner(d.x, d.topY), d.topY], [d.x - inner(d.x, d.tipY), d.tipY]]);
  // The waist seam, the darts closed: straight across for the pencil skirt (its side waist's x, as its band is cut);
  // for the A-line, whose side turned up as its dart closed, along the seam through the closed dart (the turn keeps
  // every length, so it is the block's).
  const at = closedAt && ([closedAt[0] - intake(closedAt[1]), closedAt[1]] as Vec2);
  const waistSeamMm = at ? Math.hypot(at[0], at[1]) + Math.hypot(waist[0] - at[0], waist[1] - at[1]) : waist[0];
  return { half, darts: sewnDarts, waistSeamMm, points: { waist, seat: [widthAt(half, seatY), seatY], hem: hemCorner, cfHem: [0, legY] } };
}

function fail(message: string): never {
  throw new Error(message);
}
