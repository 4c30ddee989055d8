import type { GarmentShape, Layout, Piece } from './layout';
import { PX_PER_UNIT } from './layout';
import { drawBackSkirt, drawBackTop } from './draw-back';
import { drawSewnJacket } from './draw-jacket';
import { drawSewnTrim, drawSewnTrousers, seamLine } from './draw-sewn';
import { Canvas, circle, hash2, paint, valueNoise, type Vec2 } from './raster';

export const PATTERNS = ['solid', 'stripes', 'pinstripe', 'gingham', 'dots', 'plaid', 'denim', 'floral'] as const;
export type PatternKind = (typeof PATTERNS)[number];

export interface Fabric {
  pattern: PatternKind;
  /** `#rrggbb` */
  primary: string;
  secondary: string;
  /** Fixed seed for the fabric's noise. */
  seed: number;
  /** A satin weave's finish: smooth, its folds catching the light in specular highlights (issue 14's fabric set). */
  finish?: 'satin';
  /** How strongly the cloth's own grain varies its light (default {@link WEAVE_GRAIN}; satin's is `SATIN.grain`). */
  grain?: number;
}

/**
 * A woven cloth's grain as drawn: its light varies by this much (± half) over cells of 1.7 px, ≈ 2 mm at the
 * pictures' 8.3 px per cm — the slubs and floats of a plain weave, twill or oxford seen close.
 */
export const WEAVE_GRAIN = 0.06;
/**
 * A jersey's: its loops are ≈ 1 mm (a single jersey's 10–12 wales per cm), under a pixel of the picture, and a
 * camera sees it smooth. Drawn with a weave's grain, a white tee read as a grey marl in the mirror: on the mirror
 * clip's screen its fine texture over his chest (luma less its 9 × 9 mean, std) was twice that of his own white
 * jersey tee in the same mirror, folds and all (1.72 against 0.90 levels on frame 60; now 0.73:
 * tests/cloth/jersey-grain-render.test.ts).
 */
export const JERSEY_GRAIN = 0.02;

/** The light a cloth's grain of strength `grain` leaves at picture pixel (x, y): 1 ± grain / 2 over 1.7 px cells. */
export function grainLightAt(grain: number, x: number, y: number, seed: number): number {
  return 1 - grain / 2 + grain * valueNoise(x / 1.7, y / 1.7, seed + 7);
}

/**
 * Satin's look, drawn: its long floats make it smooth (the weave's grain a third as strong as a plain weave's) and
 * glossy — where its surface faces the light it catches a highlight that is mostly the light's colour (a dielectric's
 * gloss, tinted a little by the fibre), on black satin as on white. A store's and a studio's lights are broad (ceiling
 * panels, softboxes) and satin's gloss is a soft lobe, not a mirror's, so the highlight is a broad soft sheen over the
 * whole crest of cloth between two folds — as wide as the crest's slope stays within the lobe — fading in and out
 * along a flute as the hanging cloth turns a little towards and away from the light; never a thin line at a fold's
 * edge (that reads as a pinstripe, not satin).
 */
const SATIN = {
  /** Peak specular of one fold's sheen on its crest, and the crest's centre and spread from the fold line (fold half-widths). */
  foldSpecular: 0.11,
  crestCentre: 2.5,
  crestSpread: 1.6,
  /** The crest on a fold's shaded side catches this share of the lit side's sheen (the key light is to one side). */
  shadedSide: 0.55,
  /** Share of a fold's length at each end over which its sheen fades in (a fold dies out into flat cloth). */
  endFade: 0.2,
  /**
   * Along a flute the sheen swells and fades as the cloth twists towards and away from the light, over about a
   * flute's own width (≈ 10 cm; picture pixels at {@link PX_PER_UNIT}): the depth of that variation and its length.
   */
  twist: 0.45,
  twistLengthPx: 0.45 * PX_PER_UNIT,
  /** The broad sheen: a band this far in from the outline (a body's side turning to face the light), its half-width and peak. */
  bandInsetPx: 0.32 * PX_PER_UNIT,
  bandHalfPx: 0.16 * PX_PER_UNIT,
  bandSpecular: 0.1,
  /** Share of the highlight tinted by the cloth's own colour (the rest is the light's white). */
  tint: 0.35,
  /** The weave grain's amplitude (a plain weave's is 0.06). */
  grain: 0.02,
} as const;

/** 0 → 1 over [e0, e1] with a smooth start and end. */
function fadeIn(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

export interface Design {
  shape: GarmentShape;
  fabric: Fabric;
  /** Collar, buttons, pockets… drawn according to the category. */
  trim: string;
  /** A skirt draped by the cloth solver, drawn instead of the flat-sewn one (see drape/). */
  drape?: DrapedPart;
  /**
   * Which side the picture shows: the front (default), or the back — the back pieces' outline (a top's shallow back
   * neckline) and their made-up details instead of the front's, in the front's frame (see shared/garment.ts `back`).
   */
  view?: 'front' | 'back';
}

/**
 * The draped part of a garment's picture: a skirt's whole piece, or a dress's skirt below its waist seam. `paint`
 * draws it over the canvas hanging from its waist seam's centre (pixels).
 */
export interface DrapedPart {
  replaces: 'skirt' | 'dressSkirt';
  paint(canvas: Canvas, fabric: Fabric, centreXPx: number, waistYPx: number): void;
}

export type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  // sRGB bytes to [0,1]; shading happens in this space, which is what a fabric photo's pixels are in anyway.
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

const U = PX_PER_UNIT;
/** The floral print's cell, body units: one flower scattered in each (the 3D garment's tile repeats whole cells, floral-texture.ts). */
export const FLORAL_CELL_U = 0.42;

/**
 * A Breton's stripes, as the demo knits them: a period of 0.34 body units (7.5 cm), the secondary colour over
 * phases [from, to) of it (2.5 cm navy to 5 cm ecru). The 3D garment (model3d.ts) knits the same stripes.
 */
export const BRETON_STRIPES = { periodU: 0.34, from: 0.64, to: 0.98 } as const;

/**
 * A wool check's repeat (the blazer's windowpane over a tartan-like bar): 0.7 body units (15.4 cm at
 * layout.ts's 22 cm per unit) both ways, the same in warp and weft. The 3D garment prints the same check at the same
 * repeat (check-texture.ts).
 */
export const PLAID_CHECK = {
  periodU: 0.7,
  /** The middle of the check's broad bar (phases 0.1–0.3 of the repeat, in {@link patternAt}): where a tailor centres it on a garment. */
  barPhase: 0.2,
} as const;

/** A crease: dark along the segment, with a soft highlight on one side, as cloth looks where it folds. */
interface Fold {
  a: Vec2;
  b: Vec2;
  /** Half-width in pixels. */
  width: number;
  strength: number;
}

/** Pattern colour at pattern coordinates (u across, v down, pixels) into `out`. */
export function patternAt(f: Fabric, p: Rgb, s: Rgb, u: number, v: number, out: Rgb): void {
  let t = 0;
  switch (f.pattern) {
    case 'solid':
      t = 0;
      break;
    case 'stripes': {
      // Breton stripes: 1 part secondary to 2.2 parts primary, soft-edged.
      const period = BRETON_STRIPES.periodU * U;
      const ph = (((v % period) + period) % period) / period;
      t = smooth(BRETON_STRIPES.from - 0.02, BRETON_STRIPES.from + 0.02, ph) - smooth(BRETON_STRIPES.to - 0.02, BRETON_STRIPES.to + 0.02, ph);
      break;
    }
    case 'pinstripe': {
      const period = 0.14 * U;
      const ph = (((u % period) + period) % period) / period;
      t = 0.85 * (smooth(0.44, 0.48, ph) - smooth(0.52, 0.56, ph));
      break;
    }
    case 'gingham': {
      const period = 0.22 * U;
      const a = (((u % period) + period) % period) / period < 0.5 ? 1 : 0;
      const b = (((v % period) + period) % period) / period < 0.5 ? 1 : 0;
      t = (a + b) / 2;
      break;
    }
    case 'dots': {
      const period = 0.26 * U;
      const row = Math.floor(v / period);
      const shift = (row & 1) * period * 0.5;
      const cu = ((((u + shift) % period) + period) % period) - period / 2;
      const cv = (((v % period) + period) % period) - period / 2;
      t = 1 - smooth(0.16 * period, 0.2 * period, Math.hypot(cu, cv));
      break;
    }
    case 'plaid': {
      const period = PLAID_CHECK.periodU * U;
      const bands = (w: number): number => {
        const ph = (((w % period) + period) % period) / period;
        return 0.7 * (smooth(0.1, 0.12, ph) - smooth(0.3, 0.32, ph)) + 0.35 * (smooth(0.55, 0.56, ph) - smooth(0.6, 0.61, ph));
      };
      t = Math.min(1, bands(u) + bands(v));
      break;
    }
    case 'denim': {
      // Diagonal twill plus slub noise.
      const twill = 0.5 + 0.5 * Math.sin(((u + v) / 3.2) * Math.PI);
      t = 0.25 * twill + 0.35 * valueNoise(u / 2, v / 40, f.seed);
      break;
    }
    case 'floral': {
      const period = FLORAL_CELL_U * U;
      const cu0 = Math.floor(u / period);
      const cv0 = Math.floor(v / period);
      t = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const ci = cu0 + dx;
          const cj = cv0 + dy;
          const cx = (ci + 0.2 + 0.6 * hash2(ci, cj, f.seed)) * period;
          const cy = (cj + 0.2 + 0.6 * hash2(ci, cj, f.seed + 1)) * period;
          const ang = Math.atan2(v - cy, u - cx) + hash2(ci, cj, f.seed + 2) * 6.283;
          const r = Math.hypot(u - cx, v - cy);
          const petal = 0.13 * period * (0.75 + 0.25 * Math.cos(5 * ang));
          t = Math.max(t, 1 - smooth(petal - 1.2, petal + 0.6, r));
          if (r < 0.04 * period) t = 0.45;
        }
      }
      break;
    }
  }
  out[0] = p[0] + (s[0] - p[0]) * t;
  out[1] = p[1] + (s[1] - p[1]) * t;
  out[2] = p[2] + (s[2] - p[2]) * t;
}

/**
 * The fabric's printed or woven colour at pattern coordinates (u across, v down the piece, picture pixels at
 * {@link PX_PER_UNIT} per body unit), without light: what a flat swatch of the cloth shows. Writes `out` (sRGB, 0–1).
 */
export function fabricColourAt(f: Fabric, uPx: number, vPx: number, out: [number, number, number]): [number, number, number] {
  patternAt(f, hexToRgb(f.primary), hexToRgb(f.secondary), uPx, vPx, out);
  return out;
}

function smooth(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** Distance from p to segment ab, the side of a→b it lies on (+1 left), where along ab it falls (0 at a, 1 at b, unclamped) and ab's length. */
function segmentDistance(p: Vec2, f: Fold): { d: number; side: number; along: number; lengthPx: number } {
  const abx = f.b[0] - f.a[0];
  const aby = f.b[1] - f.a[1];
  const len2 = abx * abx + aby * aby;
  const along = ((p[0] - f.a[0]) * abx + (p[1] - f.a[1]) * aby) / len2;
  const t = Math.max(0, Math.min(1, along));
  const dx = p[0] - (f.a[0] + t * abx);
  const dy = p[1] - (f.a[1] + t * aby);
  return { d: Math.hypot(dx, dy), side: Math.sign(abx * dy - aby * dx), along, lengthPx: Math.sqrt(len2) };
}

/**
 * Shades a piece of cloth: pattern in the piece's own frame, a darker rim (cloth wraps round the body), folds,
 * and fine weave noise. `tone` brightens (> 1) or darkens (< 1) trims.
 */
export function clothShader(piece: Piece, fabric: Fabric, folds: readonly Fold[], tone = 1, rimPx = 0.2 * U) {
  const p = hexToRgb(fabric.primary);
  const s = hexToRgb(fabric.secondary);
  const c: Rgb = [0, 0, 0];
  const [ox, oy] = piece.origin;
  const [dx, dy] = piece.down;
  const satin = fabric.finish === 'satin';
  const grain = satin ? SATIN.grain : (fabric.grain ?? WEAVE_GRAIN);
  return (x: number, y: number, inside: number, out: Float32Array): void => {
    const rx = x - ox;
    const ry = y - oy;
    // Pattern frame: v along the piece's "down", u across it.
    const v = rx * dx + ry * dy;
    const u = rx * dy - ry * dx;
    patternAt(fabric, p, s, u, v, c);
    let light = tone * (0.74 + 0.26 * (1 - Math.exp(-inside / rimPx)));
    let specular = 0;
    for (let i = 0; i < folds.length; i++) {
      const f = folds[i]!;
      const { d, side, along, lengthPx } = segmentDistance([x, y], f);
      const k = d / f.width;
      // Satin's sheen spreads over the crest beside the fold, further than the fold's own shade reaches.
      if (satin && f.strength > 0 && along > 0 && along < 1) {
        const h = (k - SATIN.crestCentre) / SATIN.crestSpread;
        // The sheen runs along the fold, fading in from its ends (its round end caps would draw hooks, not a fold)
        // and swelling and fading with the cloth's twist; its strength the fold's own (0.1 is a typical fold's).
        const ends = fadeIn(0, SATIN.endFade, along) * fadeIn(0, SATIN.endFade, 1 - along);
        const twist = 1 - SATIN.twist + SATIN.twist * valueNoise((along * lengthPx) / SATIN.twistLengthPx, 5 * i + side, fabric.seed + 11);
        specular += SATIN.foldSpecular * (f.strength / 0.1) * (side > 0 ? 1 : SATIN.shadedSide) * ends * twist * Math.exp(-h * h);
      }
      if (k > 3) continue;
      light *= 1 - f.strength * Math.exp(-k * k) + side * 0.45 * f.strength * Math.exp(-(k - 1.3) * (k - 1.3));
    }
    if (satin) {
      const b = (inside - SATIN.bandInsetPx) / SATIN.bandHalfPx;
      specular += SATIN.bandSpecular * Math.exp(-b * b);
    }
    light *= grainLightAt(grain, x, y, fabric.seed);
    specular = Math.min(0.45, specular) * tone;
    out[0] = Math.min(1, c[0] * light + specular * (1 - SATIN.tint + SATIN.tint * c[0]));
    out[1] = Math.min(1, c[1] * light + specular * (1 - SATIN.tint + SATIN.tint * c[1]));
    out[2] = Math.min(1, c[2] * light + specular * (1 - SATIN.tint + SATIN.tint * c[2]));
    out[3] = 1;
  };
}

/** A flat colour for small hardware (buttons, rivets) with a rim shade. */
export function solidShader(hex: string, radiusPx: number) {
  const c = hexToRgb(hex);
  return (_x: number, _y: number, inside: number, out: Float32Array): void => {
    const l = 0.65 + 0.35 * Math.min(1, inside / radiusPx);
    out[0] = c[0] * l;
    out[1] = c[1] * l;
    out[2] = c[2] * l;
    out[3] = 1;
  };
}

/** A thin band polygon along a polyline, `halfPx` each side. */
export function band(points: readonly Vec2[], halfPx: number): Vec2[] {
  const left: Vec2[] = [];
  const right: Vec2[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[Math.max(0, i - 1)]!;
    const b = points[Math.min(points.length - 1, i + 1)]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const nx = -(b[1] - a[1]) / len;
    const ny = (b[0] - a[0]) / len;
    const p = points[i]!;
    left.push([p[0] + nx * halfPx, p[1] + ny * halfPx]);
    right.push([p[0] - nx * halfPx, p[1] - ny * halfPx]);
  }
  return [...left, ...right.reverse()];
}

export const mirrorX = (layout: Layout, p: Vec2): Vec2 => [2 * centreX(layout) - p[0], p[1]];
export const centreX = (layout: Layout): number => (layout.mannequinPx[2 * 11]! + layout.mannequinPx[2 * 12]!) / 2;
const lmPx = (layout: Layout, i: number): Vec2 => [layout.mannequinPx[2 * i]!, layout.mannequinPx[2 * i + 1]!];

/** Draws a garment layout into a new canvas the caller owns. */
export function drawGarment(layout: Layout, design: Design): Canvas {
  const canvas = new Canvas(layout.widthPx, layout.heightPx);
  const { fabric, shape } = design;
  const cx = centreX(layout);
  const m = layout.marks;
  const folds = new Map<string, Fold[]>();
  const fold = (piece: string, a: Vec2, b: Vec2, width = 0.05 * U, strength = 0.14): void => {
    const list = folds.get(piece) ?? [];
    list.push({ a, b, width, strength });
    folds.set(piece, list);
  };
  const ls = lmPx(layout, 11);
  const lh = lmPx(layout, 23);
  const le = lmPx(layout, 13);
  // Folds: where cloth bunches on a body — from the armpits towards the waist, across the elbows, down a skirt.
  if (shape.category === 'tshirt' || shape.category === 'shirt' || shape.category === 'jacket' || shape.category === 'dress') {
    const waist = m.waistLeft!;
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      fold('torso', f([ls[0] + 0.1 * U, ls[1] + 0.9 * U]), f([cx + 0.35 * U, waist[1] + 0.1 * U]), 0.06 * U, 0.1);
      fold('torso', f([ls[0] + 0.05 * U, ls[1] + 1.3 * U]), f([cx + 0.5 * U, waist[1] + 0.35 * U]), 0.05 * U, 0.08);
      if (shape.sleeves !== 'none') {
        const sleeve = side === 1 ? 'leftSleeve' : 'rightSleeve';
        const d: Vec2 = [le[0] - ls[0], le[1] - ls[1]];
        const len = Math.hypot(d[0], d[1]);
        const n: Vec2 = [d[1] / len, -d[0] / len];
        const at = (t: number, k: number): Vec2 => f([ls[0] + d[0] * t + n[0] * k * U, ls[1] + d[1] * t + n[1] * k * U]);
        fold(sleeve, at(0.28, -0.3), at(0.38, 0.25), 0.05 * U, 0.12);
        if (shape.sleeves === 'long') {
          fold(sleeve, at(0.95, -0.25), at(1.05, 0.2), 0.04 * U, 0.16);
          fold(sleeve, at(1.45, -0.2), at(1.5, 0.18), 0.04 * U, 0.1);
        }
      }
    }
    if (shape.category === 'dress' && m.waistSeam && design.drape) {
      // A draped dress's skirt: its flutes are the cloth solver's, drawn by the drape.
    } else if (shape.category === 'dress' && m.waistSeam) {
      // A pattern-made dress's flared skirt: its fullness falls from the waist seam in flutes that widen to the hem.
      const hemY = m.hemY![1];
      const waistX = m.waistLeft![0] - cx;
      const hemX = m.hemLeft![0] - cx;
      for (let i = -3; i <= 3; i++) {
        if (i === 0) continue;
        fold('torso', [cx + (i / 3.5) * waistX, m.waistSeam[1] + 0.05 * U], [cx + (i / 3.5) * hemX, hemY], 0.08 * U, 0.1);
      }
    } else if (shape.category === 'dress') {
      const hemY = m.hemY![1];
      for (let i = -3; i <= 3; i++) {
        if (i === 0) continue;
        const x0 = cx + i * 0.22 * U;
        fold('torso', [x0, lh[1] - 0.2 * U], [cx + i * (0.32 * U + shape.flare * 0.25 * U), hemY], 0.07 * U, 0.09);
      }
    }
  } else if (shape.category === 'skirt' && m.pleat0Top) {
    // Knife pleats, as the pattern folds them: a crisp fold where each pleat's face turns under, from the waist seam
    // down its stitching to the seat line, then hanging straight to the hem.
    // Each face's fold edge lies over the pleat's under-fold, which is in shadow: below the stitching, where the pleats
    // fall free, a quarter of a face wide (the under-fold's share that shows as the face hangs a little open), deep
    // enough to read at mirror scale (a face is ≈ 12 px there; a hairline fold vanished); along the stitching the
    // pleats are sewn flat and only the fold line shades.
    const faceAt = (k: 'Top' | 'Hem'): number | null => (m[`pleat1${k}`] && m[`pleat0${k}`] ? Math.abs(m[`pleat1${k}`]![0] - m[`pleat0${k}`]![0]) : null);
    const facePx = faceAt('Hem') ?? faceAt('Top') ?? 0.18 * U;
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      for (let i = 0; m[`pleat${i}Top`]; i++) {
        fold('skirt', f(m[`pleat${i}Top`]!), f(m[`pleat${i}Stitched`]!), facePx / 8, 0.22);
        fold('skirt', f(m[`pleat${i}Stitched`]!), f(m[`pleat${i}Hem`]!), facePx / 4, 0.38);
        // The fold's edge catches the light beside its shadow.
        const edge = (p: Vec2): Vec2 => f([p[0] - facePx / 3, p[1]]);
        fold('skirt', edge(m[`pleat${i}Stitched`]!), edge(m[`pleat${i}Hem`]!), facePx / 10, -0.14);
      }
    }
  } else if (shape.category === 'skirt' && m.waistSeam && !layout.skirtFlared) {
    // A pattern-made straight skirt: no pleats; the cloth pulls from the seat towards the knees in shallow folds.
    const hem = m.hemLeft!;
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      fold('skirt', f([hem[0] - 0.12 * U, lh[1] + 0.25 * U]), f([cx + 0.2 * U, m.hemY![1] - 0.15 * U]), 0.08 * U, 0.05);
      fold('skirt', f([hem[0] - 0.1 * U, lh[1] - 0.15 * U]), f([cx + 0.45 * U, lh[1] + 0.6 * U]), 0.06 * U, 0.04);
    }
  } else if (shape.category === 'skirt') {
    const hemY = m.hemY![1];
    const hem = m.hemLeft!;
    const top = m.waistLeft!;
    const n = shape.flare < 0.2 ? 8 : 6;
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      const xTop = cx + (t - 0.5) * 2 * (top[0] - cx) * 0.92;
      const xHem = cx + (t - 0.5) * 2 * (hem[0] - cx) * 0.92;
      fold('skirt', [xTop, lh[1] - 0.1 * U], [xHem, hemY], (shape.flare < 0.2 ? 0.03 : 0.08) * U, shape.flare < 0.2 ? 0.2 : 0.12);
    }
  } else {
    const lk = lmPx(layout, 25);
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      fold('trousers', f([cx + 0.08 * U, m.crotch![1] - 0.05 * U]), f([lh[0] - 0.1 * U, lh[1] + 0.75 * U]), 0.05 * U, 0.1);
      fold('trousers', f([lk[0] - 0.3 * U, lk[1] - 0.05 * U]), f([lk[0] + 0.3 * U, lk[1] + 0.02 * U]), 0.04 * U, 0.12);
      fold('trousers', f([lk[0] - 0.25 * U, lk[1] + 1.6 * U]), f([lk[0] + 0.25 * U, lk[1] + 1.55 * U]), 0.05 * U, 0.1);
      // Pressed crease down the front of each leg: a thin highlight line (chinos; pattern-made jeans have none).
      if (!m.flyEnd) fold('trousers', f([lh[0], lh[1] + 0.3 * U]), f([lk[0], m.hemOutLeft![1] - 0.05 * U]), 0.012 * U, -0.12);
      // A pattern-made chino's crease: up the grainline from the hem's centre through the knee to the crotch line.
      else if (layout.trouserMake?.crease) {
        fold('trousers', f(m.hemCentreLeft!), f(m.kneeLeft!), 0.012 * U, -0.12);
        fold('trousers', f(m.kneeLeft!), f(m.creaseTopLeft!), 0.012 * U, -0.12);
      }
    }
  }

  const drape = design.drape;
  const backView = design.view === 'back';
  for (const drawn of layout.pieces) {
    // The back of a top: the same piece (its frame, so the print runs on) with the back's outline.
    const piece = backView && drawn.name === 'torso' && layout.sewn?.back ? { ...drawn, polygon: layout.sewn.back.torso } : drawn;
    const shader = clothShader(piece, fabric, folds.get(piece.name) ?? []);
    if (drape?.replaces === 'skirt' && piece.name === 'skirt' && m.waistSeam) {
      drape.paint(canvas, fabric, cx, m.waistSeam[1]);
    } else if (drape?.replaces === 'dressSkirt' && piece.name === 'torso' && m.waistSeam) {
      // The skirt draped, then the bodice over its top down to the waist seam (a pixel past it, under the seam line,
      // so no gap shows).
      drape.paint(canvas, fabric, cx, m.waistSeam[1]);
      paint(canvas, clipBelow(piece.polygon, m.waistSeam[1] + 1), shader);
    } else {
      paint(canvas, piece.polygon, shader);
    }
  }
  drawTrim(canvas, layout, design);
  return canvas;
}

/** A dashed line of stitches (5 px stitches every 9 px) along a polyline. */
export function stitchLine(canvas: Canvas, points: readonly Vec2[]): void {
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    for (let t = 0; t < len; t += 9) {
      const p0: Vec2 = [a[0] + ((b[0] - a[0]) * t) / len, a[1] + ((b[1] - a[1]) * t) / len];
      const p1: Vec2 = [a[0] + ((b[0] - a[0]) * Math.min(len, t + 5)) / len, a[1] + ((b[1] - a[1]) * Math.min(len, t + 5)) / len];
      paint(canvas, band([p0, p1], 0.7), (_x, _y, _d, out) => {
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        out[3] = 0.22;
      });
    }
  }
}

/** The part of `polygon` above the row `yPx` (Sutherland–Hodgman against one half-plane; even-odd filled as before). */
function clipBelow(polygon: readonly Vec2[], yPx: number): Vec2[] {
  const out: Vec2[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const aIn = a[1] <= yPx;
    const bIn = b[1] <= yPx;
    if (aIn) out.push(a);
    if (aIn !== bIn) out.push([a[0] + ((yPx - a[1]) / (b[1] - a[1])) * (b[0] - a[0]), yPx]);
  }
  return out;
}

/**
 * A shirt's chest pocket on the wearer's left, mannequin units (× layout.ts's CM_PER_UNIT: 9.7 cm wide, 11 cm deep to its
 * point, its top 12.1 cm under the front neckline, its middle 9.9 cm off the centre front); the 3D shirt's too.
 */
export const CHEST_POCKET_U = { fromCentre: 0.45, belowNeck: 0.55, halfWidth: 0.22, sideDepth: 0.42, depth: 0.5 } as const;

/** Collars, plackets, buttons, cuffs, waistbands and hem stitching. */
function drawTrim(canvas: Canvas, layout: Layout, design: Design): void {
  const { shape, fabric } = design;
  const m = layout.marks;
  const cx = centreX(layout);
  const torso = layout.pieces[layout.pieces.length - 1]!;
  const flat: Fabric = { ...fabric, pattern: fabric.pattern === 'denim' ? 'denim' : 'solid' };
  const trimFabric: Fabric = { ...flat, primary: design.trim, secondary: design.trim };
  const stitch = (points: Vec2[]): void => stitchLine(canvas, points);
  // The back picture: the same made-up details where both sides have them (seams, cuffs, band, hems), none of the
  // front's (plackets, buttons, lapels, pockets, a fly), and the back's own (draw-back.ts).
  const back = design.view === 'back';
  if (layout.sewn?.jacket) drawSewnJacket(canvas, layout, { ...layout.sewn, jacket: layout.sewn.jacket }, design, torso, back);
  else if (layout.sewn) drawSewnTrim(canvas, layout, layout.sewn, design, torso, !design.drape, back);
  if (back && layout.sewn) drawBackTop(canvas, layout, layout.sewn, design, torso);
  if ((shape.category === 'tshirt' || shape.category === 'dress') && !layout.sewn && !back) {
    // Ribbed neckband following the neckline.
    const neck = m.neckLeft!;
    const front = m.neckFront!;
    const pts: Vec2[] = [];
    for (let i = 0; i <= 16; i++) {
      const t = i / 16;
      const a: Vec2 = mirrorX(layout, neck);
      const c: Vec2 = [cx, front[1] + 0.02 * U];
      pts.push([(1 - t) * (1 - t) * a[0] + 2 * (1 - t) * t * c[0] + t * t * neck[0], (1 - t) * (1 - t) * a[1] + 2 * (1 - t) * t * c[1] + t * t * neck[1]]);
    }
    paint(canvas, band(pts, 0.05 * U), clothShader(torso, { ...flat, primary: design.trim }, [], 0.95, 0.03 * U));
  }
  if (shape.category === 'shirt' && !back) {
    const neck = m.neckLeft!;
    const front = m.neckFront!;
    const hemY = m.hemY![1];
    if (!layout.sewn) {
      // Placket and buttons.
      const plk: Vec2[] = [[cx - 0.08 * U, front[1]], [cx + 0.08 * U, front[1]], [cx + 0.08 * U, hemY + 0.3 * U], [cx - 0.08 * U, hemY + 0.3 * U]];
      paint(canvas, plk, clothShader(torso, fabric, [], 1.04, 0.04 * U));
      for (let y = front[1] + 0.2 * U; y < hemY; y += 0.5 * U) paint(canvas, circle(cx, y, 0.045 * U), solidShader(design.trim, 0.04 * U));
    }
    // Pointed collar, one leaf each side.
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      const leaf: Vec2[] = [f([cx + 0.02 * U, front[1] - 0.02 * U]), f([neck[0] + 0.02 * U, neck[1] - 0.02 * U]), f([neck[0] + 0.12 * U, neck[1] + 0.28 * U]), f([cx + 0.12 * U, front[1] + 0.34 * U])];
      paint(canvas, leaf, clothShader(torso, fabric, [], 1.06, 0.05 * U));
      stitch([leaf[2]!, leaf[3]!]);
    }
    // Chest pocket on the wearer's left.
    const { fromCentre, belowNeck, halfWidth, sideDepth, depth } = CHEST_POCKET_U;
    const pk: Vec2 = [cx + fromCentre * U, m.neckFront![1] + belowNeck * U];
    const pocket: Vec2[] = [[pk[0] - halfWidth * U, pk[1]], [pk[0] + halfWidth * U, pk[1]], [pk[0] + halfWidth * U, pk[1] + sideDepth * U], [pk[0], pk[1] + depth * U], [pk[0] - halfWidth * U, pk[1] + sideDepth * U]];
    paint(canvas, pocket, clothShader(torso, fabric, [], 0.97, 0.03 * U));
    stitch([pocket[0]!, pocket[1]!]);
  }
  if (shape.category === 'jacket' && !layout.sewn && !back) {
    const neck = m.neckLeft!;
    const front = m.neckFront!;
    const hemY = m.hemY![1];
    for (const side of [1, -1]) {
      const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
      // Notched lapel along the V opening.
      const lapel: Vec2[] = [f(neck), f([neck[0] + 0.12 * U, neck[1] + 0.35 * U]), f([neck[0] + 0.3 * U, neck[1] + 0.5 * U]), f([cx + 0.28 * U, front[1] - 0.1 * U]), f([cx, front[1]])];
      paint(canvas, lapel, clothShader(torso, fabric, [], 0.9, 0.06 * U));
      stitch([f([neck[0] + 0.25 * U, neck[1] + 0.52 * U]), f([cx + 0.22 * U, front[1] - 0.12 * U])]);
      // Flap pockets.
      const py = hemY - 0.75 * U;
      const flap: Vec2[] = [f([cx + 0.35 * U, py]), f([cx + 0.85 * U, py - 0.03 * U]), f([cx + 0.86 * U, py + 0.14 * U]), f([cx + 0.36 * U, py + 0.17 * U])];
      paint(canvas, flap, clothShader(torso, fabric, [], 0.88, 0.03 * U));
    }
    for (let i = 0; i < 2; i++) paint(canvas, circle(cx + 0.05 * U, front[1] + (0.25 + i * 0.55) * U, 0.06 * U), solidShader(design.trim, 0.05 * U));
    // Front edge: a dark line from the V to the hem where the two fronts meet.
    paint(canvas, band([[cx + 0.02 * U, front[1]], [cx + 0.02 * U, hemY + 0.05 * U]], 1.2), solidShader('#000000', 1));
  }
  if (shape.sleeves === 'long' && !layout.sewn) {
    for (const side of ['left', 'right']) {
      const cuff = m[`${side}Cuff`]!;
      const n = m[`${side}CuffN`]!;
      const nn: Vec2 = side === 'left' ? n : [-n[0], n[1]];
      const half = (0.22 + shape.ease * 0.6) * U;
      const dn: Vec2 = [nn[1], -nn[0]];
      const sgn = side === 'left' ? -1 : 1;
      const back = (k: number): Vec2 => [cuff[0] + dn[0] * sgn * k * U, cuff[1] + dn[1] * sgn * k * U];
      const b0 = back(0);
      const b1 = back(0.25);
      const cuffBand: Vec2[] = [[b0[0] + nn[0] * half, b0[1] + nn[1] * half], [b1[0] + nn[0] * half, b1[1] + nn[1] * half], [b1[0] - nn[0] * half, b1[1] - nn[1] * half], [b0[0] - nn[0] * half, b0[1] - nn[1] * half]];
      const piece = layout.pieces.find((p) => p.name === `${side}Sleeve`)!;
      paint(canvas, cuffBand, clothShader(piece, shape.category === 'shirt' ? fabric : trimFabric, [], 0.93, 0.03 * U));
    }
  }
  if (shape.category === 'trousers' && m.flyEnd) drawSewnTrousers(canvas, layout, design, torso, back);
  else if (shape.category === 'trousers' || shape.category === 'skirt') {
    const top = m.waistLeft!;
    // A pattern-made skirt's band ends at its waist seam; a drawn one's is 0.16 units deep.
    const bandU = m.waistSeam ? (m.waistSeam[1] - top[1]) / U : 0.16;
    const wb: Vec2[] = [mirrorX(layout, top), top, [top[0] + 0.01 * U, top[1] + bandU * U], [2 * cx - top[0] - 0.01 * U, top[1] + bandU * U]];
    paint(canvas, wb, clothShader(torso, fabric, [], 0.92, 0.04 * U));
    stitch([[2 * cx - top[0] + 4, top[1] + (bandU - 0.02) * U], [top[0] - 4, top[1] + (bandU - 0.02) * U]]);
    // The darts, where the pattern puts them (the back's on the back), sewn as seams from the waist seam to their tips.
    const dartKey = back ? 'backDart' : 'dart';
    for (let i = 0; m[`${dartKey}${i}Top`]; i++) {
      const dart: Vec2[] = [m[`${dartKey}${i}Top`]!, m[`${dartKey}${i}Tip`]!];
      seamLine(canvas, dart);
      seamLine(canvas, dart.map((p) => mirrorX(layout, p)));
    }
    // Each pleat's edge-stitching from the waist seam to the seat line.
    for (let i = 0; m[`pleat${i}Top`]; i++) {
      const line: Vec2[] = [[m[`pleat${i}Top`]![0] + 3, m[`pleat${i}Top`]![1] + 3], [m[`pleat${i}Stitched`]![0] + 3, m[`pleat${i}Stitched`]![1]]];
      stitch(line);
      stitch(line.map((p) => mirrorX(layout, p)));
    }
    // Penelope closes with a zip in the back seam: no button on the front of its band.
    if (!m.waistSeam && !back) paint(canvas, circle(cx, top[1] + 0.08 * U, 0.045 * U), solidShader(design.trim, 0.04 * U));
    if (back && shape.category === 'skirt' && m.waistSeam) drawBackSkirt(canvas, layout);
    if (shape.category === 'trousers') {
      if (!back) {
        stitch([[cx + 0.06 * U, top[1] + 0.18 * U], [cx + 0.06 * U, m.crotch![1] - 0.15 * U], [cx, m.crotch![1] - 0.02 * U]]);
        for (const side of [1, -1]) {
          const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
          stitch([f([top[0] - 0.35 * U, top[1] + 0.18 * U]), f([top[0] - 0.1 * U, top[1] + 0.45 * U]), f([top[0] + 0.04 * U, top[1] + 0.62 * U])]);
        }
      }
      for (const side of [1, -1]) {
        const f = (p: Vec2): Vec2 => (side === 1 ? p : mirrorX(layout, p));
        stitch([f([m.hemInLeft![0] + 3, m.hemInLeft![1] - 0.1 * U]), f([m.hemOutLeft![0] - 3, m.hemOutLeft![1] - 0.1 * U])]);
      }
    }
  }
  if (shape.category !== 'trousers' && m.hemLeft && !layout.sewn && !layout.skirtFlared) {
    const hem = m.hemLeft;
    const y = m.hemY![1];
    stitch([[2 * cx - hem[0] + 6, y - 0.1 * U], [cx, y - 0.1 * U + (shape.category === 'shirt' ? 0.3 : 0.06) * U], [hem[0] - 6, y - 0.1 * U]]);
  }
  if (layout.skirtFlared && !design.drape) {
    // An A-line's hem rises towards the sides (its spread pattern's hem): the stitching follows it.
    const line: Vec2[] = [];
    for (let i = 0; m[`hemLine${i}`]; i++) line.push([m[`hemLine${i}`]![0], m[`hemLine${i}`]![1] - 0.1 * U]);
    line[line.length - 1] = [line[line.length - 1]![0] - 6, line[line.length - 1]![1]];
    stitch([...line.slice(1).reverse().map((p) => mirrorX(layout, p)), ...line]);
  }
}
