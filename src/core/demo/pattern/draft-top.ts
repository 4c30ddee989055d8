import type { FsDesign, FsPart, FsPath, FsPoint } from '@freesewing/core';
import { Simon } from '@freesewing/simon';
import { Teagan } from '@freesewing/teagan';
import type { Vec2 } from '../raster';
import { widthAt } from '../polygon';
import type { BodyMm } from './size-run';
import { backNecklineMm } from './back-neck';

/** The FreeSewing designs the demo's tops are drafted from (both MIT, by Joost De Cock and contributors). */
export const TOP_PATTERNS = {
  /** Teagan: a T-shirt with set-in short sleeves and a crew neck. */
  teagan: { design: Teagan, front: 'teagan.front', back: 'teagan.back', sleeve: 'teagan.sleeve' },
  /** Simon: a button-down shirt with a yoke, placket, collar on a stand and barrel cuffs. */
  simon: { design: Simon, front: 'simon.front', back: 'simon.back', sleeve: 'simon.sleeve' },
} as const satisfies Record<string, { design: FsDesign; front: string; back: string; sleeve: string }>;
export type TopPattern = keyof typeof TOP_PATTERNS;

/** Line segments each Bézier curve of a seam line is flattened into: 16 keep a 40 cm armhole within 0.2 mm. */
const CURVE_STEPS = 16;

/**
 * One top drafted for one body, in the pattern's own millimetres with the high point of the shoulder (HPS) at
 * y = 0, y down, x outwards from the centre front. Half pieces: the front is cut on the fold.
 */
export interface DraftedTop {
  pattern: TopPattern;
  /** Half front seam line: centre-front hem → side hem → side seam → armhole → shoulder → neckline → CF neck. */
  frontHalf: Vec2[];
  /** Named points of the front, from the pattern. */
  front: Record<'cfNeck' | 'neck' | 'hps' | 'shoulder' | 'armhole' | 'chest' | 'waist' | 'hips' | 'hem' | 'cfHem', Vec2>;
  sleeve: {
    /** Sleeve cap top to the sleeve's finished end (the cuff's edge when it has one), mm. */
    lengthMm: number;
    /** Cap height: cap top to the biceps line, mm. */
    capMm: number;
    /** Sleeve circumference at the biceps line and at its end, mm (the sleeve pattern's width there). */
    bicepsMm: number;
    openingMm: number;
    /** Depth of a sewn-on cuff, mm (0 for a hemmed sleeve). */
    cuffMm: number;
  };
  /**
   * A collar on a stand, when the design has one: the stand's height and the collar's width at the centre back,
   * and the length of its points, mm.
   */
  collar?: { standMm: number; fallMm: number; pointMm: number };
  /** Button placket: half its width and the buttons' heights (mm below HPS), when the design has one. */
  placket?: { halfWidthMm: number; buttonsYMm: number[] };
  /**
   * The back as drafted (what the back picture draws): its neckline HPS → centre back (mm: y down from the HPS, x out
   * from the centre back) and, for a shirt with a yoke, the yoke seam's depth below the HPS at the centre back.
   */
  back?: { neckline: Vec2[]; yokeMm?: number };
  /** Finished garment measurements, cm, as a size chart lists them. */
  measurementsCm: { chest: number; waist: number; length: number; sleeve: number };
  /** The body's girth at its hem (front and back, both halves), cm: the 3D model's hem (model3d.ts). */
  hemGirthCm: number;
}

/** Drafts `pattern` for `body` and reads its pieces. Deterministic: FreeSewing's drafting is pure arithmetic. */
export function draftTop(pattern: TopPattern, body: BodyMm): DraftedTop {
  const spec = TOP_PATTERNS[pattern];
  const drafted = new spec.design({ measurements: { ...body } }).draft();
  const errors = drafted.setStores[0]?.logs.error ?? [];
  if (errors.length > 0) throw new Error(`FreeSewing ${pattern} could not be drafted: ${JSON.stringify(errors[0])}`);
  const parts = drafted.parts[0]!;
  const part = (name: string): FsPart => {
    const p = parts[name];
    if (!p) throw new Error(`FreeSewing ${pattern} has no part ${name}`);
    return p;
  };
  const frontPart = part(spec.front);
  const backPart = part(spec.back);
  const sleevePart = part(spec.sleeve);
  const hps = pt(frontPart, 'hps');
  // Pattern frame → ours: HPS at y = 0, x outwards from the centre front (Simon drafts its right front mirrored).
  const toOurs = (p: FsPoint): Vec2 => [Math.abs(p.x), p.y - hps[1]];
  const frontHalf = flatten(seamOf(frontPart)).map(([x, y]) => toOurs({ x, y }));
  const back = flatten(seamOf(backPart)).map(([x, y]) => toOurs({ x, y }));
  const names = ['cfNeck', 'neck', 'hps', 'shoulder', 'armhole', 'chest', 'waist', 'hips', 'hem', 'cfHem'] as const;
  const front = Object.fromEntries(names.map((n) => [n, toOurs(frontPart.points[n] ?? missing(pattern, spec.front, n))])) as DraftedTop['front'];

  const sp = sleevePart.points;
  const top = sp.sleeveTop ?? missing(pattern, spec.sleeve, 'sleeveTop');
  const sleeveOutline = flatten(seamOf(sleevePart));
  const sleeveEndY = Math.max(...sleeveOutline.map((p) => p[1]));
  const cuff = pattern === 'simon' ? part('simon.cuff').points : undefined;
  const cuffMm = cuff ? cuff.bottomLeft!.y - cuff.topLeft!.y : 0;
  const openingMm = cuff ? cuff.topRight!.x - cuff.topLeft!.x : sp.hemRight!.x - sp.hemLeft!.x;
  const sleeve = {
    lengthMm: sleeveEndY - top.y + cuffMm,
    capMm: sp.bicepsLeft!.y - top.y,
    bicepsMm: sp.bicepsRight!.x - sp.bicepsLeft!.x,
    openingMm,
    cuffMm,
  };

  let placket: DraftedTop['placket'];
  let collar: DraftedTop['collar'];
  if (pattern === 'simon') {
    const stand = part('simon.collarStand').points;
    const fall = part('simon.collar').points;
    collar = {
      standMm: stand.bottomMid!.y - stand.topMid!.y,
      fallMm: fall.bottomMid!.y - fall.topMid!.y,
      pointMm: fall.rightBottomEdge!.y - fall.rightTopEdge!.y,
    };
    const fr = part('simon.frontRight').points;
    const buttons = Object.keys(fr).filter((k) => /^button\d+$/.test(k)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    placket = { halfWidthMm: Math.abs(fr.placketTopEdge!.x - fr.placketTopIn!.x) / 2, buttonsYMm: buttons.map((k) => fr[k]!.y - hps[1]) };
  }

  // A flat garment's girth: the front and the back, each cut on the fold, so twice the two half-widths.
  const girthCm = (y: number): number => (2 * (widthAt(frontHalf, y) + widthAt(back, y))) / 10;
  const measurementsCm = {
    chest: girthCm(front.chest[1]),
    waist: girthCm(front.waist[1]),
    length: (front.cfHem[1] - front.hps[1]) / 10,
    sleeve: sleeve.lengthMm / 10,
  };
  // Just above the hem line: on it the side seam's corner makes the width ambiguous.
  const hemGirthCm = girthCm(front.cfHem[1] - 1);
  // Simon's back hangs from its yoke: the neckline is the yoke's, the yoke seam across the back at its centre-back depth.
  const neckPiece = pattern === 'simon' ? part('simon.yoke') : backPart;
  const neckline = backNecklineMm(neckPiece, flatten(seamOf(neckPiece)), 'neck', `${pattern} ${spec.back}`);
  const cbYoke = pattern === 'simon' ? part('simon.yoke').points.cbYoke : undefined;
  const backHps = neckPiece.points.neck!;
  const backPiece = { neckline, ...(cbYoke ? { yokeMm: cbYoke.y - backHps.y } : {}) };
  return { pattern, frontHalf, front, sleeve, ...(placket ? { placket } : {}), ...(collar ? { collar } : {}), back: backPiece, measurementsCm, hemGirthCm };
}

function pt(part: FsPart, name: string): Vec2 {
  const p = part.points[name];
  if (!p) throw new Error(`pattern point ${name} is missing`);
  return [p.x, p.y];
}

function missing(pattern: string, part: string, name: string): never {
  throw new Error(`FreeSewing ${pattern}: part ${part} has no point ${name}`);
}

function seamOf(part: FsPart): FsPath {
  const seam = part.paths.seam;
  if (!seam) throw new Error('pattern part has no seam line');
  return seam;
}

/** A seam path's outline as a polygon: lines as they are, cubic Béziers in `CURVE_STEPS` segments. */
export function flatten(path: FsPath): Vec2[] {
  const out: Vec2[] = [];
  let at: FsPoint | undefined;
  for (const op of path.ops) {
    if (op.type === 'move' && op.to) {
      at = op.to;
      out.push([op.to.x, op.to.y]);
    } else if (op.type === 'line' && op.to) {
      at = op.to;
      out.push([op.to.x, op.to.y]);
    } else if (op.type === 'curve' && op.to && op.cp1 && op.cp2 && at) {
      const [a, b, c, d] = [at, op.cp1, op.cp2, op.to];
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const s = 1 - t;
        out.push([
          s * s * s * a.x + 3 * s * s * t * b.x + 3 * s * t * t * c.x + t * t * t * d.x,
          s * s * s * a.y + 3 * s * s * t * b.y + 3 * s * t * t * c.y + t * t * t * d.y,
        ]);
      }
      at = op.to;
    }
  }
  // A closed path returns to its start: drop the repeated point.
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && out.length > 1 && Math.hypot(first[0] - last[0], first[1] - last[1]) < 1e-6) out.pop();
  return out;
}
