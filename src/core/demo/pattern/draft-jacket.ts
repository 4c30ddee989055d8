import type { FsPart, FsPoint } from '@freesewing/core';
import { Bent } from '@freesewing/bent';
import { Brian } from '@freesewing/brian';
import type { Vec2 } from '../raster';
import { widthAt } from '../polygon';
import { flatten, type DraftedTop } from './draft-top';
import type { BodyMm } from './size-run';
import { backNecklineMm } from './back-neck';

/**
 * The FreeSewing blocks the demo's jackets are drafted from (both MIT, by Joost De Cock and contributors), with the
 * options that make each block the jacket it is sold as:
 *
 * - Bent, FreeSewing's jacket block (Brian's body with a two-part tailored sleeve), as a blazer worn over a shirt:
 *   12 % chest ease (a tailored blazer has 10–14 cm over the chest, room for the shirt under it), and long enough to
 *   cover the seat (the classic rule for a suit jacket), set per body below.
 * - Brian, FreeSewing's body block with a one-piece sleeve, as a trucker jacket: boxier (20 % chest ease, 25 % over
 *   the biceps) and hip-length, its band's bottom edge on the pattern's hip line plus the band.
 */
export const JACKET_PATTERNS = {
  bent: { design: Bent, style: 'blazer' },
  brian: { design: Brian, style: 'trucker' },
} as const;
export type JacketPattern = keyof typeof JACKET_PATTERNS;
export type JacketStyle = (typeof JACKET_PATTERNS)[JacketPattern]['style'];

/** A blazer's hem lies this far below the seat line (the fullest girth round the buttocks): it covers the seat. */
const BLAZER_BELOW_SEAT_MM = 30;
/** Chest ease of each jacket, a share of the body's chest (FreeSewing's `chestEase` option). */
const CHEST_EASE = { blazer: 0.12, trucker: 0.2 } as const;
/** A trucker's sleeve is roomier than Brian's default 15 % over the biceps (a jacket goes over a sweater). */
const TRUCKER_BICEPS_EASE = 0.25;
/** A trucker jacket's waistband, finished depth; it is part of the body's length. */
const TRUCKER_BAND_MM = 50;
/** A trucker's buttoned barrel cuff, finished depth (part of the sleeve's length). */
const TRUCKER_CUFF_MM = 60;
/** A two-button blazer's buttons are ≈ 10 cm apart, the top one on the waist line (where the lapels break). */
const BLAZER_BUTTON_SPACING_MM = 100;
/** Lapel width at the notch (a classic notch lapel: 8–9 cm), the collar's visible width at the shoulder. */
const LAPEL_MM = 85;
const COLLAR_MM = 38;
/** Open quarters: below the bottom button the fronts curve apart, this far from the centre front at the hem. */
const QUARTER_MM = 70;
/** Flap pockets (16 × 5.5 cm) and the breast welt (10 × 2.5 cm, rising 8° towards the side). */
const FLAP_MM = [160, 55] as const;
const WELT_MM = [100, 25] as const;
const WELT_RISE_DEG = 8;
/** A trucker's button placket (3.5 cm wide) and its chest-pocket flaps (12 cm wide, pointed 6 cm deep). */
const PLACKET_MM = 35;
const TRUCKER_FLAP_MM = [120, 60] as const;
/** A trucker's point collar: ≈ 7.5 cm from the neck seam to its points. */
const TRUCKER_COLLAR_MM = 75;
/** Line segments per curve of the made-up details. */
const STEPS = 12;

/** One flat detail on the front, in pattern mm (HPS at y = 0, x outwards from the centre front, wearer's left). */
export interface JacketDetailsMm {
  /** Cloth folded or sewn over the front: lapel, collar, flaps, band, placket; `tone` < 1 lies in shade. */
  patches: Array<{ name: string; polygon: Vec2[]; tone: number; mirrored: boolean }>;
  /** Seam lines (a shadow in the join) and topstitching. */
  seams: Array<{ line: Vec2[]; mirrored: boolean }>;
  stitches: Array<{ line: Vec2[]; mirrored: boolean }>;
  /** Buttons: centre and diameter, mm. */
  buttons: Array<{ at: Vec2; diameterMm: number; mirrored: boolean }>;
}

/** A jacket drafted for one body: a top's pieces (as `DraftedTop`) and what makes it a jacket. */
export interface DraftedJacket extends Omit<DraftedTop, 'pattern' | 'measurementsCm' | 'hemGirthCm'> {
  pattern: JacketPattern;
  style: JacketStyle;
  /** Buttons down the front, mm below HPS (top first). */
  buttonsYMm: number[];
  details: JacketDetailsMm;
  /** Finished measurements, cm: girths buttoned (chest at the underarm), length HPS → hem, sleeve cap → end, shoulder point to point across the back. */
  measurementsCm: { chest: number; waist: number; length: number; sleeve: number; shoulder: number };
}

/** Drafts `pattern` for `body` as its jacket. Deterministic: FreeSewing's drafting is pure arithmetic. */
export function draftJacket(pattern: JacketPattern, body: BodyMm): DraftedJacket {
  const { design, style } = JACKET_PATTERNS[pattern];
  for (const m of ['hpsToWaistBack', 'waistToHips', 'waistToSeat'] as const) {
    if (!(body[m]! > 0)) throw new Error(`FreeSewing ${pattern} could not be drafted: the body has no ${m}`);
  }
  // Brian's hem lies `lengthBonus` past its hip line (cbHips, hpsToWaistBack + waistToHips below the HPS).
  const hipsMm = body.hpsToWaistBack! + body.waistToHips!;
  const hemMm = style === 'blazer' ? body.hpsToWaistBack! + body.waistToSeat! + BLAZER_BELOW_SEAT_MM : hipsMm + TRUCKER_BAND_MM;
  const options = { chestEase: CHEST_EASE[style], lengthBonus: hemMm / hipsMm - 1, ...(style === 'trucker' ? { bicepsEase: TRUCKER_BICEPS_EASE } : {}) };
  const drafted = new design({ measurements: { ...body }, options }).draft();
  const errors = drafted.setStores[0]?.logs.error ?? [];
  if (errors.length > 0) throw new Error(`FreeSewing ${pattern} could not be drafted: ${JSON.stringify(errors[0])}`);
  const parts = drafted.parts[0]!;
  const part = (name: string): FsPart => parts[name] ?? missingPart(pattern, name);
  const frontPart = part('brian.front');
  const backPart = part('brian.back');
  const hpsY = point(pattern, frontPart, 'hps').y;
  const toOurs = (p: FsPoint): Vec2 => [Math.abs(p.x), p.y - hpsY];
  const seam = (p: FsPart): Vec2[] => flatten(p.paths.seam ?? missingPart(pattern, 'seam')).map(([x, y]) => toOurs({ x, y }));
  const draftedFront = seam(frontPart);
  const back = seam(backPart);
  const names = ['cfNeck', 'neck', 'hps', 'shoulder', 'armhole', 'chest', 'waist', 'hips', 'hem', 'cfHem'] as const;
  const front = Object.fromEntries(names.map((n) => [n, toOurs(point(pattern, frontPart, n))])) as DraftedTop['front'];
  const pitch = toOurs(point(pattern, frontPart, 'armholePitch'));

  const sleeve = style === 'blazer' ? twoPartSleeve(pattern, part('library.topsleeve'), part('library.undersleeve')) : oneSleeve(pattern, part('library.sleeve'));

  const girthCm = (y: number): number => (2 * (widthAt(draftedFront, y) + widthAt(back, y))) / 10;
  // A size chart's chest is the girth at the underarm (Brian's chest point lies on the armhole, above it).
  const measurementsCm = {
    chest: girthCm(front.armhole[1]),
    waist: girthCm(front.waist[1]),
    length: (front.cfHem[1] - front.hps[1]) / 10,
    sleeve: sleeve.lengthMm / 10,
    shoulder: (2 * toOurs(point(pattern, backPart, 'shoulder'))[0]) / 10,
  };
  const made = style === 'blazer' ? blazer(draftedFront, front, pitch) : trucker(draftedFront, front, pitch);
  // A trucker's back yoke meets the front's where it leaves the armhole, at the armhole's pitch point.
  const backNeck = backNecklineMm(backPart, flatten(backPart.paths.seam ?? missingPart(pattern, 'back seam')), 'neck', `${pattern} brian.back`);
  return { pattern, style, ...made, front, sleeve, back: { neckline: backNeck, ...(style === 'trucker' ? { yokeMm: pitch[1] } : {}) }, measurementsCm };
}

/** Bent's two-part sleeve: the top and under sleeve sewn together; its length from the cap's top to the wrist. */
function twoPartSleeve(pattern: JacketPattern, top: FsPart, under: FsPart): DraftedTop['sleeve'] {
  const p = (part: FsPart, n: string): FsPoint => part.points[n] ?? missingPoint(pattern, 'sleeve', n);
  const capTop = p(top, 'top');
  const end = Math.max(...flatten(top.paths.seam ?? missingPart(pattern, 'topsleeve seam')).map((q) => q[1]));
  // Round the arm the sleeve is both pieces' widths (they are drafted overlapping on one frame).
  const width = (part: FsPart, a: string, b: string): number => Math.abs(p(part, b).x - p(part, a).x);
  return {
    lengthMm: end - capTop.y,
    capMm: p(top, 'armCenter').y - capTop.y,
    bicepsMm: width(top, 'tsLeftEdge', 'tsRightEdge') + width(under, 'usLeftEdge', 'usRightEdge'),
    openingMm: width(top, 'tsWristLeft', 'tsWristRight') + width(under, 'usWristLeft', 'usWristRight'),
    cuffMm: 0,
  };
}

/** Brian's one-piece sleeve, with the trucker's cuff sewn on inside its length. */
function oneSleeve(pattern: JacketPattern, sleeve: FsPart): DraftedTop['sleeve'] {
  const p = (n: string): FsPoint => sleeve.points[n] ?? missingPoint(pattern, 'sleeve', n);
  return {
    lengthMm: p('centerWrist').y - p('sleeveTop').y,
    capMm: p('centerBiceps').y - p('sleeveTop').y,
    bicepsMm: p('bicepsRight').x - p('bicepsLeft').x,
    openingMm: p('wristRight').x - p('wristLeft').x,
    cuffMm: TRUCKER_CUFF_MM,
  };
}

type Made = Pick<DraftedJacket, 'frontHalf' | 'buttonsYMm' | 'details'>;

/**
 * The blazer's front as worn, buttoned: the lapels roll from the neck point to the break at the top button (on the
 * waist line), so the shirt shows in the V between the roll lines; below the bottom button the fronts part in open
 * quarters. On the front lie the notch lapels and the collar (outside the roll lines), the flap pockets with their
 * tops at the bottom button, the breast welt on the wearer's left at the chest line, and the front darts from the
 * pockets towards the chest.
 */
function blazer(drafted: Vec2[], f: DraftedTop['front'], pitch: Vec2): Made {
  const breakY = f.waist[1];
  const lowY = breakY + BLAZER_BUTTON_SPACING_MM;
  const hemY = f.cfHem[1];
  // The drafted outline from the hem corner round the side, armhole and shoulder to the neck point.
  const iHem = drafted.findIndex((p) => Math.abs(p[0] - f.hem[0]) < 1e-6 && Math.abs(p[1] - hemY) < 1e-6);
  const iNeck = drafted.findIndex((p) => Math.abs(p[0] - f.neck[0]) < 1e-6 && Math.abs(p[1] - f.neck[1]) < 1e-6);
  if (iHem < 0 || iNeck < iHem) throw new Error('FreeSewing bent: the front seam does not run hem → side → shoulder → neck');
  const breakPt: Vec2 = [0, breakY];
  const quarter = bezier([0, lowY], [0, hemY - 0.35 * (hemY - lowY)], [QUARTER_MM, hemY]);
  const roll = line(f.neck, breakPt, 6).slice(1, -1);
  const frontHalf: Vec2[] = [breakPt, [0, lowY], ...quarter, ...drafted.slice(iHem, iNeck + 1), ...roll, breakPt];

  // The lapel lies outside the roll line; its notch level with the front armhole's pitch point (the upper chest).
  const along = norm(sub(breakPt, f.neck));
  // Its normal pointing away from the V (towards the side seam).
  const outward: Vec2 = [along[1], -along[0]];
  const notchRoll = add(f.neck, mul(along, (pitch[1] - f.neck[1]) / along[1]));
  const at = (k: number, up: number): Vec2 => add(add(notchRoll, mul(outward, k)), mul(along, -up));
  const lapelPoint = at(LAPEL_MM, 22);
  // The lapel's outer edge bellies out from its point to the break.
  const edge = bezier(lapelPoint, at(0.95 * LAPEL_MM, -0.45 * (breakY - pitch[1])), breakPt);
  const lapel: Vec2[] = [notchRoll, at(0.42 * LAPEL_MM, 4), lapelPoint, ...edge];
  const collar: Vec2[] = [f.neck, add(f.neck, mul(outward, COLLAR_MM)), at(0.62 * LAPEL_MM, 48), at(0.36 * LAPEL_MM, 10), notchRoll];
  const pocketX = 0.5 * (QUARTER_MM + f.hem[0]);
  const flap: Vec2[] = rect([pocketX, lowY + FLAP_MM[1] / 2], FLAP_MM[0], FLAP_MM[1], 0);
  const weltC: Vec2 = [0.5 * (pitch[0] + LAPEL_MM * 0.6), f.chest[1] - 15];
  const welt = rect(weltC, WELT_MM[0], WELT_MM[1], WELT_RISE_DEG);
  const dartX = pocketX - 0.15 * FLAP_MM[0];
  return {
    frontHalf,
    buttonsYMm: [breakY, lowY],
    details: {
      patches: [
        { name: 'collar', polygon: collar, tone: 0.9, mirrored: true },
        { name: 'lapel', polygon: lapel, tone: 0.94, mirrored: true },
        { name: 'flap', polygon: flap, tone: 0.9, mirrored: true },
        { name: 'welt', polygon: welt, tone: 0.9, mirrored: false },
      ],
      seams: [
        { line: [lapelPoint, ...edge], mirrored: true },
        { line: [[dartX, lowY - 5], [dartX + 6, f.chest[1] + 60]], mirrored: true },
        { line: [[QUARTER_MM * 0.2, lowY], ...quarter], mirrored: true },
      ],
      // Pick stitching a few millimetres inside the lapel's edge, as tailored lapels have.
      stitches: [{ line: offsetLine([lapelPoint, ...edge], -6), mirrored: true }],
      buttons: [breakY, lowY].map((y) => ({ at: [0, y] as Vec2, diameterMm: 20, mirrored: false })),
    },
  };
}

/**
 * The trucker's front as drafted (closed to the neck), with what makes it a trucker: the button placket down the
 * centre front, the pointed yoke seam across the chest from the armhole's pitch point, flapped chest pockets under
 * the yoke's points with a shank button each, the pleat seams from the pockets to the band, the band at the hem, the
 * point collar, all topstitched.
 */
function trucker(drafted: Vec2[], f: DraftedTop['front'], pitch: Vec2): Made {
  const hemY = f.cfHem[1];
  const bandY = hemY - TRUCKER_BAND_MM;
  const px = PLACKET_MM / 2;
  const yokeY = pitch[1];
  const pocketX = 0.5 * (px + pitch[0]);
  const yokeTip: Vec2 = [pocketX, yokeY + 30];
  const yoke: Vec2[] = [[px, yokeY - 10], yokeTip, [pitch[0], yokeY - 4]];
  const [fw, fh] = TRUCKER_FLAP_MM;
  const flapTop = yokeTip[1] + 12;
  const flap: Vec2[] = [[pocketX - fw / 2, flapTop], [pocketX + fw / 2, flapTop], [pocketX + fw / 2, flapTop + 0.55 * fh], [pocketX, flapTop + fh], [pocketX - fw / 2, flapTop + 0.55 * fh]];
  const band: Vec2[] = [[px, bandY], [f.hem[0], bandY], [f.hem[0], hemY], [px, hemY]];
  const placket: Vec2[] = [[-px, f.cfNeck[1]], [px, f.cfNeck[1]], [px, hemY], [-px, hemY]];
  const collar: Vec2[] = [[6, f.cfNeck[1] - 4], [f.neck[0] - 4, f.neck[1] - 12], [f.neck[0] + 40, f.neck[1] + 30], [24, f.cfNeck[1] + TRUCKER_COLLAR_MM]];
  const pleats = [pocketX - 0.3 * fw, pocketX + 0.3 * fw].map((x): Vec2[] => [[x, flapTop + fh + 10], [x + 4, bandY]]);
  const firstY = f.cfNeck[1] + 20;
  const lastY = bandY - 30;
  const buttonsYMm = [0, 1, 2, 3].map((i) => firstY + ((lastY - firstY) * i) / 3);
  buttonsYMm.push(bandY + TRUCKER_BAND_MM / 2);
  const twin = (l: Vec2[], k: number): Array<{ line: Vec2[]; mirrored: boolean }> => [
    { line: offsetLine(l, k), mirrored: true },
    { line: offsetLine(l, k + 6 * Math.sign(k)), mirrored: true },
  ];
  return {
    frontHalf: drafted,
    buttonsYMm,
    details: {
      patches: [
        { name: 'band', polygon: band, tone: 0.95, mirrored: true },
        { name: 'placket', polygon: placket, tone: 1.02, mirrored: false },
        { name: 'flap', polygon: flap, tone: 0.93, mirrored: true },
        { name: 'collar', polygon: collar, tone: 0.9, mirrored: true },
      ],
      seams: [
        { line: yoke, mirrored: true },
        { line: [[px, bandY], [f.hem[0], bandY]], mirrored: true },
        ...pleats.map((l) => ({ line: l, mirrored: true })),
      ],
      stitches: [
        ...twin(yoke, 4),
        ...twin([[px, bandY], [f.hem[0], bandY]], -4),
        ...twin([[px, f.cfNeck[1] + 4], [px, hemY - 4]], 4),
        ...pleats.flatMap((l) => twin(l, 4)),
        { line: offsetLine(flap.slice(1).concat([flap[0]!]), 5), mirrored: true },
        { line: offsetLine(collar.slice(1), -5), mirrored: true },
      ],
      buttons: [
        ...buttonsYMm.map((y) => ({ at: [0, y] as Vec2, diameterMm: 17, mirrored: false })),
        { at: [pocketX, flapTop + fh - 14] as Vec2, diameterMm: 15, mirrored: true },
      ],
    },
  };
}

const add = (a: Vec2, b: Vec2): Vec2 => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Vec2, b: Vec2): Vec2 => [a[0] - b[0], a[1] - b[1]];
const mul = (a: Vec2, k: number): Vec2 => [a[0] * k, a[1] * k];
const norm = (a: Vec2): Vec2 => mul(a, 1 / Math.hypot(a[0], a[1]));

function line(a: Vec2, b: Vec2, n: number): Vec2[] {
  return Array.from({ length: n + 1 }, (_, i) => add(a, mul(sub(b, a), i / n)));
}

/** A quadratic Bézier a → c with control b, `STEPS` points after a. */
function bezier(a: Vec2, b: Vec2, c: Vec2): Vec2[] {
  const out: Vec2[] = [];
  for (let i = 1; i <= STEPS; i++) {
    const t = i / STEPS;
    const u = 1 - t;
    out.push([u * u * a[0] + 2 * u * t * b[0] + t * t * c[0], u * u * a[1] + 2 * u * t * b[1] + t * t * c[1]]);
  }
  return out;
}

/** A rectangle `w` × `h` centred on `c`, its long side rising `deg` towards +x. */
function rect(c: Vec2, w: number, h: number, deg: number): Vec2[] {
  const r = (deg * Math.PI) / 180;
  const u: Vec2 = [Math.cos(r), -Math.sin(r)];
  const v: Vec2 = [Math.sin(r), Math.cos(r)];
  return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([i, j]) => add(c, add(mul(u, (i! * w) / 2), mul(v, (j! * h) / 2))));
}

/** A polyline moved `k` mm along its normal (left of the direction of travel, in a y-down frame). */
function offsetLine(points: readonly Vec2[], k: number): Vec2[] {
  return points.map((p, i) => {
    const a = points[Math.max(0, i - 1)]!;
    const b = points[Math.min(points.length - 1, i + 1)]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    return [p[0] + ((b[1] - a[1]) / len) * k, p[1] - ((b[0] - a[0]) / len) * k] as Vec2;
  });
}

function point(pattern: JacketPattern, part: FsPart, name: string): FsPoint {
  return part.points[name] ?? missingPoint(pattern, 'body', name);
}

function missingPoint(pattern: string, part: string, name: string): never {
  throw new Error(`FreeSewing ${pattern}: the ${part} has no point ${name}`);
}

function missingPart(pattern: string, name: string): never {
  throw new Error(`FreeSewing ${pattern} has no part ${name}`);
}
