import {
  bindingOf,
  compileBinding,
  evaluateBinding,
  type AnchorBinding,
  type GarmentAnchorName,
  type GarmentCategory,
  type GarmentPart,
} from '../../shared/garment';
import { POSE_LANDMARK_COUNT, PoseLandmark as L, type PoseLandmarkName } from '../../shared/pose';
import { widthAt } from './polygon';
import type { TrouserMake } from './pattern/draft-trousers';
import { quad as bezier, type Vec2 } from './raster';

/**
 * Geometry of a demo garment, laid flat on an invisible reference body ("the mannequin"): the garment's outline
 * pieces, anchors and fitting parts, all in garment-image pixels. Anchors are computed by evaluating each anchor's
 * binding on the mannequin's landmarks, so binding and picture agree by construction.
 *
 * Body units: 1 unit = `PX_PER_UNIT` pixels; shoulder joints ±0.9, hip joints ±0.55, torso 2.6 tall (the same
 * proportions as tests/fixtures/poses).
 */
export const PX_PER_UNIT = 120;
/**
 * Centimetres per mannequin body unit. The mannequin's shoulder joints are 1.8 units apart; a size-M adult's
 * biacromial breadth is about 40 cm (ISO 8559 / ANSUR median for men ≈ 41 cm, women ≈ 36 cm).
 */
export const CM_PER_UNIT = 22;
/** A trouser seam's allowance, the usual 1 cm, in body units. */
const SEAM_ALLOWANCE_U = 1 / CM_PER_UNIT;
/** Transparent border around the garment, in pixels (keeps anti-aliased edges and mesh margins inside the image). */
/** Transparent margin round a garment picture, px. */
export const MARGIN_PX = 12;

export const SHOULDER_HALF = 0.9;
const HIP_HALF = 0.55;
export const TORSO = 2.6;
export const UPPER_ARM = 1.45;
export const FOREARM = 1.25;
const THIGH = 2.1;
const SHIN = 2.0;
/** The mannequin's knee joint's distance from the centre line (its thigh leans 2° out from the hip joint), units. */
export const KNEE_X = HIP_HALF + THIGH * Math.sin((2 * Math.PI) / 180);
/**
 * The top of the shoulder (where a garment's shoulder seam lies) sits above the shoulder joint the landmarks and
 * anchors mark: ≈ 4.5 cm on an adult, in body units.
 */
export const SHOULDER_TOP_ABOVE_JOINT = 0.22;
/** Arms lie 50° out from hanging straight down, so sleeves sit clear of the torso's outline in the flat picture. */
export const SLEEVE_LAY_DEG = 50;

export type SleeveLength = 'none' | 'short' | 'long';

/**
 * A top as its sewing pattern drafts it, placed on the mannequin (body units, mid-hip at the origin, y down, the
 * wearer's left at +x): built by pattern/ghost-outline.ts from a FreeSewing draft. Replaces the drawn outline.
 */
export interface TopOutline {
  /** The whole front (both halves), closed. */
  torso: Vec2[];
  /** Wearer's left: where the neckline meets the shoulder seam, high point of the shoulder, shoulder point, underarm (armhole meets side seam), waist, hem corner. */
  neck: Vec2;
  hps: Vec2;
  shoulder: Vec2;
  armpit: Vec2;
  waist: Vec2;
  hem: Vec2;
  /** Centre-front neck point. */
  cfNeck: Vec2;
  /** Left armhole seam, shoulder point → underarm. */
  armhole: Vec2[];
  /** Left front neckline, neck → centre front. */
  neckline: Vec2[];
  /**
   * The sleeve's fold (cap top → end) and underarm seam lengths, its end's flat width (half its circumference) and
   * its cuff's depth, units; absent for a sleeveless top.
   */
  sleeve?: {
    foldU: number;
    underarmU: number;
    openingU: number;
    cuffU: number;
    /**
     * A jacket's sleeve worn round the arm: half its biceps circumference over π, its half-width seen from the front at
     * the biceps line (a cap height down the arm); the sleeve's top edge bellies out to it. Absent for shirts and tees.
     */
    wornBicepsHalfU?: number;
  };
  /** Button placket half-width and button heights, units. */
  placket?: { halfWidthU: number; buttonsY: number[] };
  /** A dress (bodice and skirt in one front): its level waist seam's height, the skirt's side at the seat line, the left front's sewn darts (opening → tip). */
  dress?: { waistSeamY: number; seat: Vec2; darts: Array<[Vec2, Vec2]> };
  /** A jacket's made-up details, both sides, units. */
  jacket?: JacketDetails;
  /**
   * The back as drafted, in the front's frame (the back picture is drawn so the front's anchors fit it): the whole
   * back piece's outline (the front's, its neck opening closed by the back's shallow neckline), the left back
   * neckline (neck point → centre back), a shirt's yoke seam height at the centre back and its collar's stand and
   * fall at the centre back.
   */
  back?: { torso: Vec2[]; neckline: Vec2[]; yokeY?: number; collar?: { standU: number; fallU: number } };
}

/**
 * A pattern-made jacket's made-up details (lapels, collar, pockets, yoke, band…), both sides: in body units on the
 * outline, in garment pixels on the layout.
 */
export interface JacketDetails {
  style: 'blazer' | 'trucker';
  /** Cloth over the front, drawn in order; `tone` below 1 lies in shade. */
  patches: Array<{ name: string; polygon: Vec2[]; tone: number }>;
  seams: Vec2[][];
  stitches: Vec2[][];
  /** Button centres and diameters (units on the outline, pixels on the layout). */
  buttons: Array<{ at: Vec2; diameter: number }>;
}

/**
 * A skirt as its sewing pattern drafts it, sewn and placed on the mannequin (body units, as `TopOutline`): built by
 * pattern/ghost-outline.ts from a FreeSewing draft.
 */
export interface SkirtOutline {
  /** The whole front with its waistband, closed. */
  skirt: Vec2[];
  /** Wearer's left: the waistband's top corner, the waist seam's side end, the side at the seat line, the hem corner. */
  bandTop: Vec2;
  waist: Vec2;
  seat: Vec2;
  hem: Vec2;
  /** Height of the waist seam at the centre front. */
  waistSeamY: number;
  cfHem: Vec2;
  /** The left front's sewn darts, waist → tip. */
  darts: Array<[Vec2, Vec2]>;
  /** The left back's sewn darts, waist → tip (the back picture's). */
  backDarts: Array<[Vec2, Vec2]>;
  /** The top of a straight skirt's back vent (absent without one). */
  ventTopY?: number;
  /** Cut to flare from the hip (an A-line) rather than to hang straight. */
  flared: boolean;
  /** The left half's hem, centre front → side. */
  hemLine: Vec2[];
  /** A pleated skirt's folds on the left front: at the waist seam, where the stitching ends, at the hem. */
  pleats: Array<[Vec2, Vec2, Vec2]>;
}

/**
 * Trousers as their sewing pattern drafts them, sewn and worn, seen from the front (body units, as `TopOutline`):
 * built by pattern/ghost-outline.ts from a FreeSewing draft.
 */
export interface TrousersOutline {
  /** Both legs with the waistband, closed. */
  trousers: Vec2[];
  /** Wearer's left: the band's top corner and the waist seam's at the side, and both at the centre front. */
  bandTop: Vec2;
  waist: Vec2;
  cfBandTop: Vec2;
  cfWaist: Vec2;
  /** The side at the seat line. */
  seat: Vec2;
  /** The crotch point (the fork) and where the fly ends (the crotch curve leaves the straight centre front), on the centre line. */
  crotch: Vec2;
  flyEnd: Vec2;
  /** The left leg's knee and hem lines: their middles (on the grainline) and ends. */
  knee: Vec2;
  kneeOut: Vec2;
  kneeIn: Vec2;
  hem: Vec2;
  hemOut: Vec2;
  hemIn: Vec2;
  /** The body's ankle under the left leg (the hem's centre for full-length trousers). */
  ankle: Vec2;
  /** The top of the left leg's pressed crease (its bottom is the hem's centre). */
  creaseTop: Vec2;
  make: TrouserMake;
}

export interface GarmentShape {
  category: GarmentCategory;
  sleeves: SleeveLength;
  /** Extra room around the body, body units. */
  ease: number;
  /**
   * Hem, as a fraction hip joint → knee for dresses and skirts, units below the hip joint for tops; for trousers, the
   * inseam as a fraction of a full-length leg's (1: to the ankle; below 1: shorts).
   */
  length: number;
  /** Extra half-width at the hem of a skirt or dress, body units. */
  flare: number;
}

/** One filled outline, in garment pixels, with the frame its pattern follows. */
export interface Piece {
  name: string;
  polygon: Vec2[];
  /** Pattern frame: origin and unit "down" direction of the piece (sleeves and legs tilt). */
  origin: Vec2;
  down: Vec2;
}

export interface Layout {
  widthPx: number;
  heightPx: number;
  /** Mannequin landmarks, interleaved garment pixels (33 pairs). */
  mannequinPx: Float64Array;
  anchorsPx: Partial<Record<GarmentAnchorName, [number, number]>>;
  bindings: Partial<Record<GarmentAnchorName, AnchorBinding>>;
  parts: GarmentPart[];
  /** Drawn in order: lowest first. */
  pieces: Piece[];
  /** Useful points for details (collar, waistband…), garment pixels. */
  marks: Record<string, Vec2>;
  /** Seams and trims read off the sewing pattern (garment pixels), for a pattern-made top. */
  sewn?: SewnDetails;
  /** How pattern-made trousers are made up (their pockets, crease and hem). */
  trouserMake?: TrouserMake;
  /** A pattern-made skirt cut to flare from the hip (an A-line). */
  skirtFlared?: boolean;
  /** A knife-pleated skirt: its pleats are a reserve of cloth that opens over what it is worn on (the asset's `pleated`). */
  skirtPleated?: boolean;
}

/** Where a pattern-made top's seams and trims lie, garment pixels; the wearer's left side (the right mirrors it). */
export interface SewnDetails {
  neckline: Vec2[];
  armhole: Vec2[];
  /** The sleeve's end: fold side, underarm side, and the cuff's depth back along the sleeve (0 when hemmed). */
  cuffTop?: Vec2;
  cuffBottom?: Vec2;
  cuffDepthPx: number;
  /** Unit vector down the sleeve. */
  sleeveDown?: Vec2;
  placket?: { halfWidthPx: number; buttonsY: number[] };
  /** A jacket's details, garment pixels. */
  jacket?: JacketDetails;
  /** The drafted back (see TopOutline.back), garment pixels. */
  back?: { torso: Vec2[]; neckline: Vec2[]; yokeY?: number; collar?: { standPx: number; fallPx: number } };
}

type Pt = [number, number];

/** The anchors a top's or dress's torso part is fitted by: a dress also holds on at the hips. */
function torsoAnchors(isDress: boolean): GarmentAnchorName[] {
  return isDress
    ? ['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem']
    : ['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'];
}
const add = (a: Vec2, b: Vec2): Pt => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Vec2, b: Vec2): Pt => [a[0] - b[0], a[1] - b[1]];
const mul = (a: Vec2, k: number): Pt => [a[0] * k, a[1] * k];
const mirror = (p: Vec2): Pt => [-p[0], p[1]];
const lerp = (a: Vec2, b: Vec2, t: number): Pt => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
const dirDeg = (deg: number, left: boolean): Pt => [(left ? 1 : -1) * Math.sin((deg * Math.PI) / 180), Math.cos((deg * Math.PI) / 180)];

/** Mannequin landmarks in body units (mid-hip at the origin, y down). */
function mannequinUnits(category: GarmentCategory, leg?: { knee: Vec2; ankle: Vec2 }): Float64Array {
  const u = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const set = (n: PoseLandmarkName, p: Vec2): void => {
    u[2 * L[n]] = p[0];
    u[2 * L[n] + 1] = p[1];
  };
  const ls: Pt = [SHOULDER_HALF, -TORSO];
  const lh: Pt = [HIP_HALF, 0];
  const armDeg = category === 'trousers' || category === 'skirt' ? 10 : SLEEVE_LAY_DEG;
  const le = add(ls, mul(dirDeg(armDeg, true), UPPER_ARM));
  const lw = add(le, mul(dirDeg(armDeg, true), FOREARM));
  // Pattern-made trousers stand on their own knee and hem lines (the hem of full-length trousers on the ankle).
  const lk: Pt = leg ? [leg.knee[0], leg.knee[1]] : add(lh, mul(dirDeg(2, true), THIGH));
  const la: Pt = leg ? [leg.ankle[0], leg.ankle[1]] : add(lk, [0, SHIN]);
  for (const [left, right, p] of [
    ['leftShoulder', 'rightShoulder', ls],
    ['leftElbow', 'rightElbow', le],
    ['leftWrist', 'rightWrist', lw],
    ['leftHip', 'rightHip', lh],
    ['leftKnee', 'rightKnee', lk],
    ['leftAnkle', 'rightAnkle', la],
  ] as const) {
    set(left, p);
    set(right, mirror(p));
  }
  const nose: Pt = [0, -TORSO - 0.9];
  for (let i = 0; i < POSE_LANDMARK_COUNT; i++) if (u[2 * i] === 0 && u[2 * i + 1] === 0) set(nameOf(i), nose);
  return u;
}

function nameOf(i: number): PoseLandmarkName {
  return (Object.keys(L) as PoseLandmarkName[]).find((k) => L[k] === i)!;
}

const terms = (t: ReadonlyArray<readonly [PoseLandmarkName, number]>): AnchorBinding => t.map(([landmark, weight]) => ({ landmark, weight }));

/** Bindings this shape needs beyond the category defaults (its own hem length, a trouser waistband). */
function shapeBindings(shape: GarmentShape): Partial<Record<GarmentAnchorName, AnchorBinding>> {
  const b: Partial<Record<GarmentAnchorName, AnchorBinding>> = {};
  for (const left of [true, false]) {
    const [hip, otherHip] = left ? (['leftHip', 'rightHip'] as const) : (['rightHip', 'leftHip'] as const);
    const knee = left ? 'leftKnee' : 'rightKnee';
    const shoulder = left ? 'leftShoulder' : 'rightShoulder';
    if (shape.category === 'dress' || shape.category === 'skirt') {
      // Hem: `length` of the way to the knee, widened outwards by the flare as a share of the hip width.
      const out = shape.flare / (2 * HIP_HALF);
      b[left ? 'leftHem' : 'rightHem'] = terms([[hip, 1 - shape.length + out], [knee, shape.length], [otherHip, -out]]);
    } else if (shape.category !== 'trousers') {
      const k = shape.length / TORSO;
      b[left ? 'leftHem' : 'rightHem'] = terms([[shoulder, -k], [hip, 1 + k]]);
    }
    if (shape.category === 'trousers' || shape.category === 'skirt') {
      // Waistband sits low, 15 % of the torso above the hip joint.
      b[left ? 'leftWaist' : 'rightWaist'] = terms([[shoulder, 0.15], [hip, 0.85]]);
    }
  }
  return b;
}


/** Builds the flat layout of one garment (from its pattern's outline, for a top that has one). Pure and deterministic. */
export function layoutGarment(shape: GarmentShape, outline?: TopOutline | SkirtOutline | TrousersOutline): Layout {
  const U = PX_PER_UNIT;
  const sewnTrousers = outline && 'trousers' in outline ? outline : undefined;
  const man = mannequinUnits(shape.category, sewnTrousers ? { knee: sewnTrousers.knee, ankle: sewnTrousers.ankle } : undefined);
  const lm = (n: PoseLandmarkName): Pt => [man[2 * L[n]]!, man[2 * L[n] + 1]!];
  const pieces: Array<Omit<Piece, 'polygon' | 'origin'> & { polygon: Vec2[]; origin: Vec2 }> = [];
  const parts: Array<Omit<GarmentPart, 'quadPx'> & { quad: [Vec2, Vec2, Vec2, Vec2] }> = [];
  const marks: Record<string, Vec2> = {};
  const e = shape.ease;
  const ls = lm('leftShoulder');
  const lh = lm('leftHip');

  const top = outline && 'torso' in outline ? outline : undefined;
  const sewnSkirt = outline && 'skirt' in outline ? outline : undefined;
  if (top) {
    patternTop(top, shape, ls, pieces, parts, marks);
  } else if (sewnSkirt) {
    patternSkirt(sewnSkirt, pieces, parts, marks);
  } else if (sewnTrousers) {
    patternTrousers(sewnTrousers, pieces, parts, marks);
  } else if (shape.category === 'tshirt' || shape.category === 'shirt' || shape.category === 'jacket' || shape.category === 'dress') {
    const sleeveless = shape.sleeves === 'none';
    const topY = -TORSO - 0.2 - SHOULDER_TOP_ABOVE_JOINT;
    const neck: Pt = [sleeveless ? 0.42 : 0.34, -TORSO - 0.16 - SHOULDER_TOP_ABOVE_JOINT];
    const tip: Pt = sleeveless ? [0.78, -TORSO - 0.05 - SHOULDER_TOP_ABOVE_JOINT] : [SHOULDER_HALF + 0.22 + e, -TORSO + 0.02 - SHOULDER_TOP_ABOVE_JOINT];
    const isDress = shape.category === 'dress';
    const hemY = isDress ? lh[1] + shape.length * THIGH : lh[1] + shape.length;
    const hemHalf = isDress ? HIP_HALF + 0.55 + e + shape.flare : SHOULDER_HALF + 0.12 + e;
    // The torso part is the trapezoid between the shoulder tips and the hem corners; the armpit sits on its side
    // so the sleeve lies wholly outside it.
    const quadTop: Pt = [tip[0] + 0.04, topY];
    const quadBottom: Pt = [hemHalf + 0.06, hemY + 0.08];
    const armpitY = -TORSO + 0.8;
    const sideAt = (y: number): number => quadTop[0] + ((y - quadTop[1]) / (quadBottom[1] - quadTop[1])) * (quadBottom[0] - quadTop[0]) - 0.03;
    const armpit: Pt = sleeveless ? [Math.min(sideAt(armpitY), 1.0 + e), armpitY + 0.1] : [sideAt(armpitY), armpitY];
    const waistY = lerp(ls, lh, 0.7)[1];
    const waist: Pt = [Math.min(sideAt(waistY), (isDress ? 0.78 : SHOULDER_HALF + 0.05) + e), waistY];
    const hipOut: Pt = [Math.min(sideAt(0), HIP_HALF + 0.5 + e), 0];
    const hem: Pt = [hemHalf, hemY];
    const neckDepth = shape.category === 'jacket' ? 0.9 : shape.category === 'shirt' ? 0.2 : 0.28;
    const leftSide: Pt[] = [neck, tip, armpit, waist];
    if (isDress) leftSide.push(hipOut);
    leftSide.push(hem);
    // Outline: centre front neck → left side down → hem → right side up → neckline back to the start.
    const left = leftSide;
    const hemCurve = shape.category === 'shirt' ? 0.18 : isDress ? 0.12 : 0.03;
    const poly: Vec2[] = [];
    const neckFront: Pt = [0, neck[1] + neckDepth];
    if (shape.category === 'jacket') poly.push(mirror(neck), neckFront, neck);
    else poly.push(...bezier(mirror(neck), [0, neckFront[1] + 0.02], neck, 10));
    poly.push(...left.slice(1));
    poly.push(...bezier(hem, [0, hemY + hemCurve * 2], mirror(hem), 16));
    poly.push(...left.slice(1, -1).reverse().map(mirror));
    poly.push(mirror(neck));
    pieces.push({ name: 'torso', polygon: poly, origin: [0, topY], down: [0, 1] });
    marks.neckFront = neckFront;
    marks.neckLeft = neck;
    marks.waistLeft = waist;
    marks.hemLeft = hem;
    marks.hemY = [0, hemY];
    parts.push({
      name: 'torso',
      mapping: 'tps',
      anchors: torsoAnchors(isDress),
      quad: [mirror(quadTop), quadTop, quadBottom, mirror(quadBottom)],
      z: 0,
    });

    if (!sleeveless) {
      for (const isLeft of [true, false]) {
        const m = (p: Vec2): Pt => (isLeft ? [p[0], p[1]] : mirror(p));
        const side = isLeft ? 'left' : 'right';
        const d = dirDeg(SLEEVE_LAY_DEG, true);
        // Normal pointing to the sleeve's top (away from the torso) side.
        const n: Pt = [d[1], -d[0]];
        const long = shape.sleeves === 'long';
        const cuffAlong = long ? UPPER_ARM + FOREARM : 0.6 * UPPER_ARM;
        const cuffHalf = long ? 0.2 + e * 0.6 : 0.42 + e * 0.6;
        const elbowHalf = 0.3 + e * 0.7;
        const cuff = add(ls, mul(d, cuffAlong));
        const elbow = add(ls, mul(d, UPPER_ARM));
        const outline: Vec2[] = [tip];
        if (long) outline.push(add(elbow, mul(n, elbowHalf)));
        outline.push(add(cuff, mul(n, cuffHalf)), add(cuff, mul(n, -cuffHalf)));
        if (long) outline.push(add(elbow, mul(n, -elbowHalf)));
        outline.push(armpit);
        pieces.push({ name: `${side}Sleeve`, polygon: outline.map(m), origin: m(ls), down: m(d) });
        marks[`${side}Cuff`] = m(cuff);
        marks[`${side}CuffN`] = m(n);
        const back = mul(d, -0.15);
        const pad = (p: Vec2, k: number): Pt => add(p, mul(n, k));
        if (long) {
          const over = mul(d, elbowHalf);
          parts.push({
            name: `${side}UpperSleeve`,
            mapping: 'bone',
            anchors: [`${side}Shoulder`, `${side}Elbow`],
            quad: [m(add(pad(tip, 0.05), back)), m(add(pad(elbow, elbowHalf + 0.05), over)), m(add(pad(elbow, -elbowHalf - 0.05), over)), m(add(pad(armpit, -0.05), back))],
            z: -1,
          });
          parts.push({
            name: `${side}LowerSleeve`,
            mapping: 'bone',
            anchors: [`${side}Elbow`, `${side}Cuff`],
            quad: [m(sub(pad(elbow, elbowHalf + 0.05), over)), m(add(pad(cuff, cuffHalf + 0.05), mul(d, 0.08))), m(add(pad(cuff, -cuffHalf - 0.05), mul(d, 0.08))), m(sub(pad(elbow, -elbowHalf - 0.05), over))],
            z: 1,
          });
        } else {
          parts.push({
            name: `${side}Sleeve`,
            mapping: 'bone',
            anchors: [`${side}Shoulder`, `${side}Cuff`],
            quad: [m(add(pad(tip, 0.05), back)), m(add(pad(cuff, cuffHalf + 0.05), mul(d, 0.08))), m(add(pad(cuff, -cuffHalf - 0.05), mul(d, 0.08))), m(add(pad(armpit, -0.05), back))],
            z: -1,
          });
        }
      }
    }
  } else if (shape.category === 'skirt') {
    const waistY = lerp(ls, lh, 0.85)[1];
    const hemY = lh[1] + shape.length * THIGH;
    const top: Pt = [0.95 + e * 0.5, waistY - 0.05];
    const hip: Pt = [HIP_HALF + 0.5 + e, 0];
    const hem: Pt = [HIP_HALF + 0.55 + e + shape.flare, hemY];
    const poly: Vec2[] = [mirror(top), top, ...bezier(top, [hip[0] + 0.04, (top[1] + hip[1]) / 2], hip, 6), hem, ...bezier(hem, [0, hemY + 0.14], mirror(hem), 16), mirror(hip), ...bezier(mirror(hip), [-(hip[0] + 0.04), (top[1] + hip[1]) / 2], mirror(top), 6)];
    pieces.push({ name: 'skirt', polygon: poly, origin: [0, top[1]], down: [0, 1] });
    marks.waistLeft = top;
    marks.hemY = [0, hemY];
    marks.hemLeft = hem;
    const qt: Pt = [Math.max(top[0], hip[0]) + 0.08, top[1] - 0.06];
    const qb: Pt = [hem[0] + 0.08, hemY + 0.22];
    parts.push({ name: 'skirt', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'], quad: [mirror(qt), qt, qb, mirror(qb)], z: 0 });
  } else {
    // Trousers, or shorts (length < 1).
    const waistY = lerp(ls, lh, 0.85)[1] - 0.05;
    const crotchY = 0.42;
    const lk = lm('leftKnee');
    const la = lm('leftAnkle');
    const top: Pt = [0.98 + e * 0.5, waistY];
    const hipOut: Pt = [HIP_HALF + 0.5 + e, 0.05];
    const kneeOut: Pt = [lk[0] + 0.36 + e, lk[1]];
    const kneeIn: Pt = [lk[0] - 0.34 - e, lk[1]];
    const crotch: Pt = [0, crotchY];
    const shorts = shape.length < 1;
    // Shorts: the inseam straight down from the crotch, the outseam tapering a little from the hip (≈ 1.3 cm a side,
    // as a slim leg does) to a hem on the thigh that stays within the thigh's own width (the strip the catalog's
    // anchors give a leg, garment-from-anchors.ts).
    const shortsHemY = crotchY + shape.length * (la[1] + 0.1 - crotchY);
    const hemOut: Pt = shorts ? [hipOut[0] - 0.06, shortsHemY] : [la[0] + 0.34 + e, la[1] + 0.1];
    const hemIn: Pt = shorts ? [0.08, shortsHemY] : [la[0] - 0.3 - e, la[1] + 0.1];
    const leftLeg: Vec2[] = shorts
      ? [top, ...bezier(top, [hipOut[0] + 0.02, -0.3], hipOut, 5), hemOut, hemIn, [0.06, crotchY + 0.05]]
      : [top, ...bezier(top, [hipOut[0] + 0.02, -0.3], hipOut, 5), kneeOut, hemOut, hemIn, kneeIn, [0.06, crotchY + 0.05]];
    const poly: Vec2[] = [mirror(top), ...leftLeg, crotch, ...leftLeg.slice().reverse().slice(0, -1).map(mirror)];
    pieces.push({ name: 'trousers', polygon: poly, origin: [0, waistY], down: [0, 1] });
    marks.waistLeft = top;
    marks.crotch = crotch;
    marks.kneeLeft = lk;
    marks.hemOutLeft = hemOut;
    marks.hemInLeft = hemIn;
    const pt: Pt = [hipOut[0] + 0.08, waistY - 0.06];
    const pb: Pt = [hipOut[0] + 0.06, crotchY - 0.05];
    parts.push({ name: 'pelvis', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip'], quad: [mirror(pt), pt, pb, mirror(pb)], z: 0 });
    for (const isLeft of [true, false]) {
      const m = (p: Vec2): Pt => (isLeft ? [p[0], p[1]] : mirror(p));
      const side = isLeft ? 'left' : 'right';
      if (shorts) {
        // One strip per leg along hip → knee → ankle (a limb), ending at the hem: the rig ends it at the chart's
        // inseam on the shopper's own leg.
        parts.push({
          name: `${side}Leg`,
          mapping: 'limb',
          anchors: [`${side}Hip`, `${side}Knee`, `${side}Ankle`],
          // Limb quads: corners 0 and 3 at the start, 1 and 2 at the end, corner 0 on the outside of the leg.
          quad: [m([hipOut[0] + 0.08, -0.05]), m([hemOut[0] + 0.06, shortsHemY + 0.08]), m([hemIn[0] - 0.1, shortsHemY + 0.08]), m([-0.02, -0.05])],
          z: -1,
        });
        continue;
      }
      const kneeOver = 0.3;
      parts.push({
        name: `${side}Thigh`,
        mapping: 'bone',
        anchors: [`${side}Hip`, `${side}Knee`],
        quad: [m([0, -0.05]), m([hipOut[0] + 0.08, -0.05]), m([kneeOut[0] + 0.06, lk[1] + kneeOver]), m([kneeIn[0] - 0.06, lk[1] + kneeOver])],
        z: -1,
      });
      parts.push({
        name: `${side}Shin`,
        mapping: 'bone',
        anchors: [`${side}Knee`, `${side}Ankle`],
        quad: [m([kneeIn[0] - 0.06, lk[1] - kneeOver]), m([kneeOut[0] + 0.06, lk[1] - kneeOver]), m([hemOut[0] + 0.06, hemOut[1] + 0.08]), m([hemIn[0] - 0.06, hemIn[1] + 0.08])],
        z: -2,
      });
    }
  }

  // Anchors from bindings on the mannequin (body units), then everything to pixels with a margin.
  const bindings = shapeBindings(top ? { ...shape, length: top.hem[1] - lh[1] } : shape);
  if (sewnSkirt) {
    // The waist and hem anchors on the pattern's own points: its side waist and its hem corner, each as a
    // combination of the landmarks around it (so they follow the hips' width and the thigh's swing). The hip anchors
    // on the skirt's side level with the hip joints, one seam allowance in, as a dress's (below): the skirt's own
    // width there, which the rig draws at true size and the 2D hem's cloth is pinned round — on the mannequin's
    // joints they pinned the cloth inside the thighs (19.3 cm apart at M where the A-line's hips are 35 cm round/π).
    const hip: Vec2 = [widthAt(sewnSkirt.skirt, lh[1]) / 2 - SEAM_ALLOWANCE_U, lh[1]];
    for (const [left, right] of [['left', 'right'], ['right', 'left']] as const) {
      const m = (p: Vec2): Vec2 => (left === 'left' ? p : mirror(p));
      bindings[`${left}Waist`] = bindingAt(man, m(sewnSkirt.waist), [`${left}Shoulder`, `${left}Hip`, `${right}Hip`]);
      bindings[`${left}Hip`] = bindingAt(man, m(hip), [`${left}Shoulder`, `${left}Hip`, `${right}Hip`]);
      bindings[`${left}Hem`] = bindingAt(man, m(sewnSkirt.hem), [`${left}Hip`, `${left}Knee`, `${right}Hip`]);
    }
  }
  if (top?.dress) {
    // A pattern-made dress: its waist anchors at the waist seam's side ends, its hip anchors at the skirt's side seam
    // level with the hip joints, its hem anchors at the hem's corners — the pattern's own points (as a pattern-made
    // skirt's), each bound to the landmarks around it. The hips' are the skirt's own width there, not the joints:
    // the 2D hem's cloth (renderer/cloth/sim-hem-2d.ts) is a tube pinned round the hip anchors and flaring to the hem
    // anchors, and a flared skirt pinned round the joints would be a cone twice as steep as the cloth. The waist and
    // hip anchors lie one seam allowance in from the side seam (as the trousers' do): the seam is the picture's edge,
    // an anchor must lie on cloth.
    const hip: Vec2 = [widthAt(top.torso, lh[1]) / 2 - SEAM_ALLOWANCE_U, lh[1]];
    const waist: Vec2 = [top.waist[0] - SEAM_ALLOWANCE_U, top.waist[1]];
    for (const [left, right] of [['left', 'right'], ['right', 'left']] as const) {
      const m = (p: Vec2): Vec2 => (left === 'left' ? p : mirror(p));
      bindings[`${left}Waist`] = bindingAt(man, m(waist), [`${left}Shoulder`, `${left}Hip`, `${right}Hip`]);
      bindings[`${left}Hip`] = bindingAt(man, m(hip), [`${left}Shoulder`, `${left}Hip`, `${right}Hip`]);
      bindings[`${left}Hem`] = bindingAt(man, m(top.hem), [`${left}Hip`, `${left}Knee`, `${right}Hip`]);
    }
  }
  if (sewnTrousers) {
    // The waist anchors at the band's top corners (where drawn trousers have them: the top of the waistband), one
    // seam allowance in from the band's top edge and the side seam: the seam lines are the picture's edge, the anchor
    // must lie on cloth.
    const sideWaist: Vec2 = [sewnTrousers.bandTop[0] - SEAM_ALLOWANCE_U, sewnTrousers.bandTop[1] + SEAM_ALLOWANCE_U];
    for (const [left, right] of [['left', 'right'], ['right', 'left']] as const) {
      const m = (p: Vec2): Vec2 => (left === 'left' ? p : mirror(p));
      bindings[`${left}Waist`] = bindingAt(man, m(sideWaist), [`${left}Shoulder`, `${left}Hip`, `${right}Hip`]);
    }
  }
  if (top?.jacket) {
    // A jacket's waist anchors on its pattern's waist line, its cuffs at the centre of the drafted sleeve's end (as the
    // elbow → wrist line's share; past 1 when the sleeve reaches beyond the wrist), its hem anchors on the hem corners.
    const k = (top.waist[1] - ls[1]) / (lh[1] - ls[1]);
    const cuff = marks.leftCuff!;
    const le = lm('leftElbow');
    const lw = lm('leftWrist');
    const t = ((cuff[0] - le[0]) * (lw[0] - le[0]) + (cuff[1] - le[1]) * (lw[1] - le[1])) / (FOREARM * FOREARM);
    for (const [side, other] of [['left', 'right'], ['right', 'left']] as const) {
      bindings[`${side}Waist`] = terms([[`${side}Shoulder`, 1 - k], [`${side}Hip`, k]]);
      bindings[`${side}Cuff`] = terms([[`${side}Elbow`, 1 - t], [`${side}Wrist`, t]]);
      // The hem anchors on the hem's corners (a boxy trucker's reach past the shoulder line), as a skirt's.
      bindings[`${side}Hem`] = bindingAt(man, side === 'left' ? top.hem : mirror(top.hem), [`${side}Shoulder`, `${side}Hip`, `${other}Hip`]);
    }
  }
  if (top?.sleeve && shape.sleeves === 'short') {
    // The short sleeve's end, from the pattern: its centre's share of the way from shoulder joint to elbow.
    const cuff = marks.leftCuff!;
    const le = lm('leftElbow');
    const t = ((cuff[0] - ls[0]) * (le[0] - ls[0]) + (cuff[1] - ls[1]) * (le[1] - ls[1])) / (UPPER_ARM * UPPER_ARM);
    bindings.leftCuff = terms([['leftShoulder', 1 - t], ['leftElbow', t]]);
    bindings.rightCuff = terms([['rightShoulder', 1 - t], ['rightElbow', t]]);
  }
  const anchorNames = [...new Set(parts.flatMap((p) => p.anchors))];
  const anchorsUnits = new Map<GarmentAnchorName, Pt>();
  const tmp = new Float64Array(2);
  for (const n of anchorNames) {
    const binding = bindingOf({ bindings, category: shape.category }, n);
    bindings[n] = binding;
    evaluateBinding(compileBinding(binding), man, tmp, 0);
    anchorsUnits.set(n, [tmp[0]!, tmp[1]!]);
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (p: Vec2): void => {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  };
  for (const p of pieces) p.polygon.forEach(grow);
  for (const p of parts) p.quad.forEach(grow);
  // Shorts: the picture reaches down to the knee and ankle anchors (transparent below the hem), as the catalog's
  // anchors must lie on or near the picture.
  if (shape.category === 'trousers' && (shape.length < 1 || (sewnTrousers && isShorts(sewnTrousers)))) for (const p of anchorsUnits.values()) grow(p);
  const ox = Math.ceil(-minX * U) + MARGIN_PX;
  const oy = Math.ceil(-minY * U) + MARGIN_PX;
  const px = (p: Vec2): [number, number] => [p[0] * U + ox, p[1] * U + oy];
  const mannequinPx = new Float64Array(man.length);
  for (let i = 0; i < man.length; i += 2) {
    mannequinPx[i] = man[i]! * U + ox;
    mannequinPx[i + 1] = man[i + 1]! * U + oy;
  }
  const anchorsPx: Layout['anchorsPx'] = {};
  for (const [n, p] of anchorsUnits) anchorsPx[n] = px(p);
  const scaledMarks: Record<string, Vec2> = {};
  for (const [k, p] of Object.entries(marks)) scaledMarks[k] = k.endsWith('N') ? p : px(p);
  return {
    widthPx: Math.ceil((maxX - minX) * U) + 2 * MARGIN_PX,
    heightPx: Math.ceil((maxY - minY) * U) + 2 * MARGIN_PX,
    mannequinPx,
    anchorsPx,
    bindings,
    parts: parts.map((p) => ({ name: p.name, mapping: p.mapping, anchors: p.anchors, z: p.z, quadPx: [px(p.quad[0]), px(p.quad[1]), px(p.quad[2]), px(p.quad[3])] })),
    // Sleeves under the torso, as sewn.
    pieces: [...pieces].sort((a, b) => Number(a.name === 'torso') - Number(b.name === 'torso')).map((p) => ({ name: p.name, polygon: p.polygon.map(px), origin: px(p.origin), down: p.down })),
    marks: scaledMarks,
    ...(top ? { sewn: sewnDetails(top, marks, px) } : {}),
    ...(sewnTrousers ? { trouserMake: sewnTrousers.make } : {}),
    ...(sewnSkirt?.flared ? { skirtFlared: true } : {}),
    ...(sewnSkirt && sewnSkirt.pleats.length > 0 ? { skirtPleated: true } : {}),
  };
}

function sewnDetails(o: TopOutline, marks: Record<string, Vec2>, px: (p: Vec2) => [number, number]): SewnDetails {
  const U = PX_PER_UNIT;
  const d = dirDeg(SLEEVE_LAY_DEG, true);
  return {
    neckline: o.neckline.map(px),
    armhole: o.armhole.map(px),
    ...(o.sleeve ? { cuffTop: px(marks.leftCuffTop!), cuffBottom: px(marks.leftCuffBottom!), sleeveDown: d } : {}),
    cuffDepthPx: (o.sleeve?.cuffU ?? 0) * U,
    ...(o.placket ? { placket: { halfWidthPx: o.placket.halfWidthU * U, buttonsY: o.placket.buttonsY.map((y) => px([0, y])[1]) } } : {}),
    ...(o.back
      ? {
          back: {
            torso: o.back.torso.map(px),
            neckline: o.back.neckline.map(px),
            ...(o.back.yokeY !== undefined ? { yokeY: px([0, o.back.yokeY])[1] } : {}),
            ...(o.back.collar ? { collar: { standPx: o.back.collar.standU * U, fallPx: o.back.collar.fallU * U } } : {}),
          },
        }
      : {}),
    ...(o.jacket
      ? {
          jacket: {
            style: o.jacket.style,
            patches: o.jacket.patches.map((p) => ({ ...p, polygon: p.polygon.map(px) })),
            seams: o.jacket.seams.map((l) => l.map(px)),
            stitches: o.jacket.stitches.map((l) => l.map(px)),
            buttons: o.jacket.buttons.map((b) => ({ at: px(b.at), diameter: b.diameter * U })),
          },
        }
      : {}),
  };
}

type DraftPiece = { name: string; polygon: Vec2[]; origin: Vec2; down: Vec2 };
type DraftPart = Omit<GarmentPart, 'quadPx'> & { quad: [Vec2, Vec2, Vec2, Vec2] };

type Quad = [Vec2, Vec2, Vec2, Vec2];
const map4 = (q: Readonly<Quad>, f: (p: Vec2) => Vec2): Quad => [f(q[0]), f(q[1]), f(q[2]), f(q[3])];

/** A quad grown by `padU` away from its centre (mesh margin round the cloth it maps). */
function grownQuad(q: readonly [Vec2, Vec2, Vec2, Vec2], padU: number): [Vec2, Vec2, Vec2, Vec2] {
  const c: Pt = [(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4];
  return map4(q, (p) => {
    const d = sub(p, c);
    const len = Math.hypot(d[0], d[1]) || 1;
    return add(p, mul(d, padU / len));
  });
}

/**
 * A top laid out from its pattern: the drafted front as the torso; each sleeve hung from the body as sewn — its fold
 * from the shoulder point and its underarm seam from the underarm, both along the arm for their drafted lengths —
 * so the cuff lies where the pattern ends it. Parts as for a drawn top: a torso trapezoid whose side passes outside
 * the shoulder point and the underarm (the sleeves lie outside it), and bone parts along each sleeve.
 */
function patternTop(o: TopOutline, shape: GarmentShape, ls: Vec2, pieces: DraftPiece[], parts: DraftPart[], marks: Record<string, Vec2>): void {
  const isDress = shape.category === 'dress';
  const ys = o.torso.map((p) => p[1]);
  const topY = Math.min(...ys);
  const hemY = Math.max(...ys);
  pieces.push({ name: 'torso', polygon: o.torso, origin: [0, topY], down: [0, 1] });
  marks.neckFront = o.cfNeck;
  marks.neckLeft = o.neck;
  marks.waistLeft = o.waist;
  marks.hemLeft = o.hem;
  marks.hemY = [0, hemY];
  if (o.dress) {
    marks.waistSeam = [0, o.dress.waistSeamY];
    marks.seatLeft = o.dress.seat;
    o.dress.darts.forEach(([a, b], i) => {
      marks[`dart${i}Top`] = a;
      marks[`dart${i}Tip`] = b;
    });
  }
  // Torso trapezoid: from just outside the shoulder point, its side clears the underarm and the hem corner.
  const qt: Pt = [o.shoulder[0] + 0.04, topY - 0.04];
  // Room below the hem: a top's 0.08; a dress's skirt hangs and, draped, is seen from a little above, its hem's front
  // below the hem's level — as much room as a skirt's (0.22).
  const below = isDress ? 0.22 : 0.08;
  const clear = (p: Vec2, margin: number): number => qt[0] + ((p[0] + margin - qt[0]) * (hemY + below - qt[1])) / (p[1] - qt[1]);
  const maxX = Math.max(...o.torso.map((p) => p[0]));
  const qb: Pt = [Math.max(clear(o.armpit, 0.03), clear(o.waist, 0.03), o.hem[0] + 0.06, maxX + 0.04), hemY + below];
  parts.push({
    name: 'torso',
    mapping: 'tps',
    anchors: torsoAnchors(isDress),
    quad: [mirror(qt), qt, qb, mirror(qb)],
    z: 0,
  });
  if (!o.sleeve) return;
  const d = dirDeg(SLEEVE_LAY_DEG, true);
  const n: Pt = [d[1], -d[0]];
  const cuffTop = add(o.shoulder, mul(d, o.sleeve.foldU));
  // The end's underarm side: where the underarm seam ends, or nearer the fold when the pattern's end is narrower
  // than that (a shirt sleeve tapers into its cuff).
  const seamEnd = add(o.armpit, mul(d, o.sleeve.underarmU));
  const span = Math.hypot(seamEnd[0] - cuffTop[0], seamEnd[1] - cuffTop[1]);
  const cuffBottom = lerp(cuffTop, seamEnd, Math.min(1, o.sleeve.openingU / span));
  const cuff = lerp(cuffTop, cuffBottom, 0.5);
  const long = shape.sleeves === 'long';
  // A jacket's sleeve as worn: at the biceps line its top edge lies its worn half-width out from the arm's axis (the
  // shoulder joint along the arm), where that is beyond the straight line from the shoulder point to the cuff.
  let biceps: Pt | undefined;
  let bulgeU = 0;
  if (o.sleeve.wornBicepsHalfU !== undefined) {
    const capU = o.sleeve.foldU - o.sleeve.underarmU;
    const along = (p: Vec2): number => (p[0] - ls[0]) * d[0] + (p[1] - ls[1]) * d[1];
    const across = (p: Vec2): number => (p[0] - ls[0]) * n[0] + (p[1] - ls[1]) * n[1];
    const at = along(o.shoulder) + capU;
    const onFold = across(o.shoulder) + ((across(cuffTop) - across(o.shoulder)) * capU) / Math.max(1e-9, along(cuffTop) - along(o.shoulder));
    bulgeU = Math.max(0, o.sleeve.wornBicepsHalfU - onFold);
    if (bulgeU > 0) biceps = add(add(ls, mul(d, at)), mul(n, o.sleeve.wornBicepsHalfU));
  }
  const bulge = mul(n, bulgeU);
  for (const isLeft of [true, false]) {
    const m = (p: Vec2): Pt => (isLeft ? [p[0], p[1]] : mirror(p));
    const side = isLeft ? 'left' : 'right';
    const outline: Vec2[] = [cuffTop, cuffBottom, ...o.armhole.slice().reverse(), ...(biceps ? [biceps] : [])];
    pieces.push({ name: `${side}Sleeve`, polygon: outline.map(m), origin: m(ls), down: m(d) });
    marks[`${side}Cuff`] = m(cuff);
    marks[`${side}CuffN`] = m(n);
    marks[`${side}CuffTop`] = m(cuffTop);
    marks[`${side}CuffBottom`] = m(cuffBottom);
    if (long) {
      // The elbow's cross-section: the upper arm's share of each edge.
      const f = UPPER_ARM / (UPPER_ARM + FOREARM);
      const et = lerp(o.shoulder, cuffTop, f);
      const eb = lerp(o.armpit, cuffBottom, f);
      const over = mul(d, 0.15);
      const upper = grownQuad([add(o.shoulder, bulge), add(add(et, over), bulge), add(eb, over), o.armpit], 0.06);
      const lower = grownQuad([add(sub(et, over), bulge), add(cuffTop, mul(d, 0.04)), add(cuffBottom, mul(d, 0.04)), sub(eb, over)], 0.06);
      parts.push({ name: `${side}UpperSleeve`, mapping: 'bone', anchors: [`${side}Shoulder`, `${side}Elbow`], quad: map4(upper, m), z: -1 });
      parts.push({ name: `${side}LowerSleeve`, mapping: 'bone', anchors: [`${side}Elbow`, `${side}Cuff`], quad: map4(lower, m), z: 1 });
    } else {
      const q = grownQuad([add(o.shoulder, mul(d, -0.1)), add(cuffTop, mul(d, 0.06)), add(cuffBottom, mul(d, 0.06)), add(o.armpit, mul(d, -0.1))], 0.06);
      parts.push({ name: `${side}Sleeve`, mapping: 'bone', anchors: [`${side}Shoulder`, `${side}Cuff`], quad: map4(q, m), z: -1 });
    }
  }
}

/**
 * The binding that puts an anchor at `p` on the mannequin: its affine weights on three landmarks around it (they sum
 * to 1, so the anchor moves with the body and is not pulled towards the origin).
 */
function bindingAt(man: Float64Array, p: Vec2, [a, b, c]: readonly [PoseLandmarkName, PoseLandmarkName, PoseLandmarkName]): AnchorBinding {
  const at = (n: PoseLandmarkName): Pt => [man[2 * L[n]]!, man[2 * L[n] + 1]!];
  const [A, B, C] = [at(a), at(b), at(c)];
  const u = sub(A, C);
  const v = sub(B, C);
  const w = sub(p, C);
  const det = u[0] * v[1] - u[1] * v[0];
  if (Math.abs(det) < 1e-9) throw new Error(`landmarks ${a}, ${b}, ${c} are in line: they cannot place an anchor`);
  const wa = (w[0] * v[1] - w[1] * v[0]) / det;
  const wb = (u[0] * w[1] - u[1] * w[0]) / det;
  return terms([[a, wa], [b, wb], [c, 1 - wa - wb]]);
}

/**
 * A skirt laid out from its pattern: the sewn front with its waistband as the one piece, and the part a drawn skirt
 * has (a trapezoid round it fitted by waist, hips and hem).
 */
function patternSkirt(o: SkirtOutline, pieces: DraftPiece[], parts: DraftPart[], marks: Record<string, Vec2>): void {
  const ys = o.skirt.map((p) => p[1]);
  const topY = Math.min(...ys);
  const hemY = Math.max(...ys);
  pieces.push({ name: 'skirt', polygon: o.skirt, origin: [0, topY], down: [0, 1] });
  marks.waistLeft = o.bandTop;
  marks.waistSeam = [0, o.waistSeamY];
  if (o.flared) o.hemLine.forEach((p, i) => (marks[`hemLine${i}`] = p));
  o.pleats.forEach(([top, stitched, hem], i) => {
    marks[`pleat${i}Top`] = top;
    marks[`pleat${i}Stitched`] = stitched;
    marks[`pleat${i}Hem`] = hem;
  });
  marks.hemLeft = o.hem;
  marks.hemY = [0, hemY];
  o.darts.forEach(([a, b], i) => {
    marks[`dart${i}Top`] = a;
    marks[`dart${i}Tip`] = b;
  });
  o.backDarts.forEach(([a, b], i) => {
    marks[`backDart${i}Top`] = a;
    marks[`backDart${i}Tip`] = b;
  });
  if (o.ventTopY !== undefined) marks.ventTop = [0, o.ventTopY];
  const maxX = Math.max(...o.skirt.map((p) => p[0]));
  const qt: Pt = [maxX + 0.08, topY - 0.06];
  const qb: Pt = [Math.max(o.hem[0], maxX) + 0.08, hemY + 0.22];
  parts.push({ name: 'skirt', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'], quad: [mirror(qt), qt, qb, mirror(qb)], z: 0 });
}

/**
 * Trousers laid out from their pattern: the sewn front as the one piece, and the parts drawn trousers have — a pelvis
 * spline from the band's top to the pattern's crotch point (the rig reads the crotch off its bottom edge), and a
 * thigh and a shin along each leg, split at the pattern's knee line.
 */
function patternTrousers(o: TrousersOutline, pieces: DraftPiece[], parts: DraftPart[], marks: Record<string, Vec2>): void {
  const ys = o.trousers.map((p) => p[1]);
  const topY = Math.min(...ys);
  pieces.push({ name: 'trousers', polygon: o.trousers, origin: [0, topY], down: [0, 1] });
  marks.waistLeft = o.bandTop;
  marks.waistSeamLeft = o.waist;
  marks.cfBandTop = o.cfBandTop;
  marks.cfWaist = o.cfWaist;
  marks.crotch = o.crotch;
  marks.flyEnd = o.flyEnd;
  marks.kneeLeft = o.knee;
  marks.hemOutLeft = o.hemOut;
  marks.hemInLeft = o.hemIn;
  marks.hemCentreLeft = o.hem;
  marks.creaseTopLeft = o.creaseTop;
  const above = o.trousers.filter((p) => p[1] <= o.crotch[1]);
  const hipOutX = Math.max(...above.map((p) => p[0]));
  const pt: Pt = [hipOutX + 0.08, topY - 0.06];
  const pb: Pt = [hipOutX + 0.06, o.crotch[1]];
  parts.push({ name: 'pelvis', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip'], quad: [mirror(pt), pt, pb, mirror(pb)], z: 0 });
  if (isShorts(o)) {
    // Shorts, as drawn shorts: one strip per leg along hip → knee → ankle (a limb) ending at the pattern's hem — the
    // rig ends it at the chart's inseam on the shopper's own leg. Corners 0 and 3 at the start, 1 and 2 at the end,
    // corner 0 on the outside of the leg.
    for (const isLeft of [true, false]) {
      const m = (p: Vec2): Pt => (isLeft ? [p[0], p[1]] : mirror(p));
      parts.push({
        name: `${isLeft ? 'left' : 'right'}Leg`,
        mapping: 'limb',
        anchors: isLeft ? ['leftHip', 'leftKnee', 'leftAnkle'] : ['rightHip', 'rightKnee', 'rightAnkle'],
        quad: [m([hipOutX + 0.08, -0.05]), m([o.hemOut[0] + 0.06, o.hemOut[1] + 0.08]), m([o.hemIn[0] - 0.1, o.hemIn[1] + 0.08]), m([-0.02, -0.05])],
        z: -1,
      });
    }
    return;
  }
  // The thigh and shin overlap across the knee (as drawn trousers'), so the bend has cloth on both sides of it.
  const kneeOver = 0.3;
  const kneeY = o.knee[1];
  for (const isLeft of [true, false]) {
    const m = (p: Vec2): Pt => (isLeft ? [p[0], p[1]] : mirror(p));
    const side = isLeft ? 'left' : 'right';
    parts.push({
      name: `${side}Thigh`,
      mapping: 'bone',
      anchors: [`${side}Hip`, `${side}Knee`],
      quad: [m([0, -0.05]), m([hipOutX + 0.08, -0.05]), m([o.kneeOut[0] + 0.06, kneeY + kneeOver]), m([o.kneeIn[0] - 0.06, kneeY + kneeOver])],
      z: -1,
    });
    parts.push({
      name: `${side}Shin`,
      mapping: 'bone',
      anchors: [`${side}Knee`, `${side}Ankle`],
      quad: [m([o.kneeIn[0] - 0.06, kneeY - kneeOver]), m([o.kneeOut[0] + 0.06, kneeY - kneeOver]), m([o.hemOut[0] + 0.06, o.hemOut[1] + 0.08]), m([o.hemIn[0] - 0.06, o.hemIn[1] + 0.08])],
      z: -2,
    });
  }
}

/** Pattern-made shorts: the hem above the knee line. */
function isShorts(o: TrousersOutline): boolean {
  return o.hem[1] < o.knee[1];
}
