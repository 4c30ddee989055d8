import { hash2 } from '../raster';
import { DEPTH_OF_WIDTH, ellipsePerimeter, type StandingBody } from './body';
import { GRAVITY_M_S2, settle, type Cloth } from './cloth';

/**
 * A skirt as its sewn pattern makes it: a tube whose girth at each depth below the waist seam is the pattern's
 * (front and back pieces' widths round the body), its length down the grain, and its cloth's bending length.
 */
export interface SkirtPiece {
  /** Girth of the sewn skirt `sM` below the waist seam, measured along the grain (the pattern's flat width round), m. */
  girthM(sM: number): number;
  /** Waist seam → hem down the grain, m. */
  lengthM: number;
  /** The fabric's bending length (Peirce), m: its cloth's (demo/cloths.ts), else `BENDING_LENGTH_M` of its kind. */
  bendingLengthM: number;
  /** The cloth's weight, kg/m² (demo/cloths.ts); default {@link AREAL_DENSITY_KG_M2}. */
  arealDensityKgM2?: number;
  /** The cloth's in-plane shear stiffness, N/m per radian (demo/cloths.ts); default {@link SHEAR_STIFFNESS_N_M}. */
  shearStiffnessNPerM?: number;
  /** Pressed knife pleats, when it has them (see {@link PressedPleats}). */
  pleats?: PressedPleats;
}

/**
 * Knife pleats pressed into a skirt, as the cloth solver sees them: the ring is the pleats' faces (the sewn girth),
 * each face a stack of `layers` cloths (a full knife pleat: the face, its under-fold and the cloth under that — three),
 * so it weighs and bends as that many layers; at each fold only the outer layer turns under, so round the ring the
 * fold bends as one layer: a pressed crease the drape keeps. `count` folds round the ring, one every cols / count
 * columns (the caller makes cols a multiple of count), the first `cols / count` columns from the centre front.
 */
export interface PressedPleats {
  count: number;
  layers: number;
  /** Waist seam → where the pleats' stitching ends, down the grain, m: above it the folds are sewn flat. */
  stitchedToM: number;
  /** Cloth folded under each pleat, m: below the stitching a fold opens against its press up to this much. */
  depthM: number;
}

/** A settled skirt: a grid of `rows` rings (ring 0 = the waist seam) by `cols` columns round, column 0 at the centre front. */
export interface DrapedSkirt {
  rows: number;
  cols: number;
  /** xyz per vertex (ring-major), metres: waist at y = 0, y up, x to the wearer's left, z forwards. Owned by the caller. */
  pos: Float64Array;
  /** Each vertex's place on the flat pattern, metres: round from the centre front along its ring (u), down the grain (v). */
  uvM: Float64Array;
  /** Wall time the solver took, ms (not part of the result's bytes). */
  solveMs: number;
  /** The pressed pleats it was hung with, if any (the picture shades their folds). */
  pleats?: PressedPleats;
}

/**
 * Areal density of a cloth that names none, kg/m²: 0.2, a mid-weight skirting. Against bending it cancels out of the
 * rest shape (gravity and bending rigidity B = ρ·g·c³ both scale with it); against the shear stiffness it does not — a
 * heavier cloth of the same shear rigidity shears more under its own weight.
 */
const AREAL_DENSITY_KG_M2 = 0.2;
/**
 * In-plane shear stiffness of a woven that names none, N/m: KES shear rigidity G ≈ 1 gf/cm/° for apparel cloth
 * (Kawabata's surveys, 0.5–2), 1 gf/cm/° = 56 N/m per radian. Cloth shears far more easily than it stretches: this is what lets a skirt
 * fall into flutes without stretching its grain.
 */
const SHEAR_STIFFNESS_N_M = 56;
/** Simulated time to hang: a skirt pendulum of ≈ 0.6 m has a period ≈ 1.6 s; damped, it is at rest within ≈ 2. */
const HANG_S = 2.5;
/** Sub-steps per second: one XPBD iteration each; small steps keep the inextensible grain within ≈ 1 % of its length. */
const SUBSTEPS_PER_S = 1200;
/** Velocity damping while it settles, 1/s (only the rest shape is used, see SettleOptions.dampingPerS). */
const DAMPING_PER_S = 3;
/** How far round a ring (columns) a fold's walls are kept from crossing: a flute spans a few columns at most. */
const FOLD_REACH_COLUMNS = 6;
/**
 * No real skirt is cut and hung perfectly round: the cloth's starting place is jittered by this much, m (0.5 mm, a
 * cutting and sewing tolerance), with a fixed hash so the drape is the same every build. Without it, a perfectly
 * symmetric cone stays a cone; which folds grow from the jitter is the physics' choice, not this number's.
 */
const CUT_TOLERANCE_M = 0.0005;

/**
 * Builds the skirt as cloth round `body`: `rows` × `cols` vertices, rest lengths from the pattern (round each ring its
 * girth / cols, down the grain length / (rows − 1), diagonals the flat trapezoid's), the waist ring pinned on the
 * body's waist ellipse at the skirt's own waist girth, and bending constraints along both grains with the rigidity
 * of the fabric's bending length. It starts as the cone its pattern closes into, falling straight down from the waist.
 */
export function skirtCloth(piece: SkirtPiece, rows: number, cols: number): { cloth: Cloth; uvM: Float64Array; spacingM: Float64Array } {
  const n = rows * cols;
  const pos = new Float64Array(3 * n);
  const uvM = new Float64Array(2 * n);
  const invMass = new Float64Array(n);
  const layers = piece.pleats?.layers ?? 1;
  const density = layers * (piece.arealDensityKgM2 ?? AREAL_DENSITY_KG_M2);
  const foldEvery = piece.pleats ? cols / piece.pleats.count : 0;
  if (piece.pleats && !Number.isInteger(foldEvery)) throw new Error(`a pleated skirt's ${cols} columns are not a multiple of its ${piece.pleats.count} pleats`);
  const shearCompliance = 1 / (piece.shearStiffnessNPerM ?? SHEAR_STIFFNESS_N_M);
  const hM = piece.lengthM / (rows - 1);
  const hoop = (r: number): number => piece.girthM(r * hM) / cols;
  // Unit ellipse points spaced evenly by arc length, column 0 at the centre front (+z).
  const ring = ellipseByArc(cols);
  const unitPerimeter = ellipsePerimeter(1, DEPTH_OF_WIDTH);
  let y = 0;
  let prevScale = 0;
  for (let r = 0; r < rows; r++) {
    const girth = piece.girthM(r * hM);
    const scale = girth / unitPerimeter;
    if (r > 0) {
      // Down the generator: the pattern's length between rings, less what the flare takes outwards.
      const dr = scale - prevScale;
      y -= Math.sqrt(Math.max(0, hM * hM - dr * dr));
    }
    prevScale = scale;
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      const jitter = r === 0 ? 0 : CUT_TOLERANCE_M * (2 * hash2(r, c, 91) - 1);
      pos[3 * v] = ring[2 * c]! * (scale + jitter);
      pos[3 * v + 1] = y;
      pos[3 * v + 2] = ring[2 * c + 1]! * (scale + jitter);
      uvM[2 * v] = (c <= cols / 2 ? c : c - cols) * hoop(r);
      uvM[2 * v + 1] = r * hM;
      const area = hoop(r) * hM * (r === rows - 1 ? 0.5 : 1);
      invMass[v] = r === 0 ? 0 : 1 / (density * area);
    }
  }
  // Layers pressed together but free to slide: their rigidities add (as their weights do, so the stack's bending
  // length is one cloth's).
  const rigidity = density * GRAVITY_M_S2 * piece.bendingLengthM ** 3;
  const isFold = (r: number, c: number): boolean => foldEvery > 0 && c % foldEvery === 0 && r * hM >= piece.pleats!.stitchedToM;
  // A pressed pleat opens by unbending its under-fold: the fold's cloth, `depthM` deep, is a cantilever of one
  // layer's rigidity B pushed sideways at its tip — stiffness 3B / depth³ per unit height, for this ring's height hM.
  const foldOpeningCompliance = (r: number): number => piece.pleats!.depthM ** 3 / (3 * (rigidity / layers) * (r === rows - 1 ? hM / 2 : hM));
  const ea: number[] = [];
  const eb: number[] = [];
  const rest: number[] = [];
  const eComp: number[] = [];
  const eStop: number[] = [];
  const bi: number[] = [];
  const bj: number[] = [];
  const bk: number[] = [];
  const bComp: number[] = [];
  const id = (r: number, c: number): number => r * cols + (((c % cols) + cols) % cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Round the ring (the weft): inextensible — but for a free pleat's fold, which opens against its press up to its
      // depth (the under-fold let out).
      ea.push(id(r, c));
      eb.push(id(r, c + 1));
      rest.push(hoop(r));
      if (isFold(r, c)) {
        eComp.push(foldOpeningCompliance(r));
        eStop.push(hoop(r) + piece.pleats!.depthM);
      } else {
        eComp.push(0);
        eStop.push(Infinity);
      }
      bi.push(id(r, c - 1));
      bj.push(id(r, c));
      bk.push(id(r, c + 1));
      bComp.push(hoop(r) ** 3 / (4 * (isFold(r, c) ? rigidity / layers : rigidity) * hM));
      if (r + 1 < rows) {
        // Down the grain (the warp): inextensible.
        ea.push(id(r, c));
        eb.push(id(r + 1, c));
        rest.push(hM);
        eComp.push(0);
        eStop.push(Infinity);
        // The flat trapezoid's diagonals, soft: the cloth's shear.
        const diag = Math.hypot((hoop(r) + hoop(r + 1)) / 2, hM);
        for (const [a, b] of [[id(r, c), id(r + 1, c + 1)], [id(r, c + 1), id(r + 1, c)]] as const) {
          ea.push(a);
          eb.push(b);
          rest.push(diag);
          eComp.push(shearCompliance);
          eStop.push(Infinity);
        }
      }
      if (r > 0 && r + 1 < rows) {
        bi.push(id(r - 1, c));
        bj.push(id(r, c));
        bk.push(id(r + 1, c));
        // Down a free pleat's pressed fold: the folded stack is a rib (a V of the pleat's depth bends along its fold
        // some (depth / thickness)² ≈ 10⁴ times stiffer than the flat cloth): held straight.
        bComp.push(isFold(r - 1, c) ? 0 : hM ** 3 / (4 * rigidity * hoop(r)));
      }
    }
  }
  const cloth: Cloth = {
    pos,
    prev: pos.slice(),
    invMass,
    edges: { a: Int32Array.from(ea), b: Int32Array.from(eb), restM: Float64Array.from(rest), compliance: Float64Array.from(eComp), ...(piece.pleats ? { stopM: Float64Array.from(eStop) } : {}) },
    bends: { i: Int32Array.from(bi), j: Int32Array.from(bj), k: Int32Array.from(bk), compliance: Float64Array.from(bComp) },
  };
  return { cloth, uvM, spacingM: Float64Array.from({ length: rows }, (_, r) => hoop(r)) };
}

/** Hangs `piece` on `body` under gravity until it settles. Deterministic: same input, same bytes. */
export function drapeSkirt(piece: SkirtPiece, body: StandingBody, rows: number, cols: number): DrapedSkirt {
  const t0 = performance.now();
  const { cloth, uvM, spacingM } = skirtCloth(piece, rows, cols);
  settle(cloth, { durationS: HANG_S, substepsPerS: SUBSTEPS_PER_S, dampingPerS: DAMPING_PER_S, colliders: body.colliders, rings: { rows, cols, spacingM, reach: FOLD_REACH_COLUMNS } });
  return { rows, cols, pos: cloth.pos, uvM, solveMs: performance.now() - t0, ...(piece.pleats ? { pleats: piece.pleats } : {}) };
}

/** `cols` points round the unit-width ellipse (semi-axes 1 and DEPTH_OF_WIDTH), evenly spaced by arc length, as x, z pairs. */
function ellipseByArc(cols: number): Float64Array {
  const fine = 4096;
  const cum = new Float64Array(fine + 1);
  const at = (k: number): [number, number] => {
    const t = (2 * Math.PI * k) / fine;
    return [Math.sin(t), DEPTH_OF_WIDTH * Math.cos(t)];
  };
  for (let k = 1; k <= fine; k++) {
    const [x0, z0] = at(k - 1);
    const [x1, z1] = at(k);
    cum[k] = cum[k - 1]! + Math.hypot(x1 - x0, z1 - z0);
  }
  const out = new Float64Array(2 * cols);
  let k = 0;
  for (let c = 0; c < cols; c++) {
    const target = (c / cols) * cum[fine]!;
    while (cum[k + 1]! < target) k++;
    const f = (target - cum[k]!) / (cum[k + 1]! - cum[k]! || 1);
    const [x0, z0] = at(k);
    const [x1, z1] = at(k + 1);
    out[2 * c] = x0 + f * (x1 - x0);
    out[2 * c + 1] = z0 + f * (z1 - z0);
  }
  return out;
}

/**
 * The flutes round a draped hem: the hem ring's distance from the body's axis, less its mean and the body's own
 * oval (Fourier modes 0–2: a round and an elliptical hem are no folds), counted as the outward swings — half the
 * sign changes round the ring, a change counted once the radius has swung past `hysteresisM` the other way.
 */
export function hemFlutes(d: Pick<DrapedSkirt, 'rows' | 'cols' | 'pos'>, hysteresisM = 0.003): { count: number; depthM: number } {
  const { cols } = d;
  const base = (d.rows - 1) * cols;
  const rad: number[] = [];
  for (let c = 0; c < cols; c++) rad.push(Math.hypot(d.pos[3 * (base + c)]!, d.pos[3 * (base + c) + 2]!));
  const detrended = rad.slice();
  for (let k = 0; k <= 2; k++) {
    let a = 0;
    let b = 0;
    for (let c = 0; c < cols; c++) {
      const t = (2 * Math.PI * k * c) / cols;
      a += rad[c]! * Math.cos(t);
      b += rad[c]! * Math.sin(t);
    }
    const norm = k === 0 ? cols : cols / 2;
    for (let c = 0; c < cols; c++) {
      const t = (2 * Math.PI * k * c) / cols;
      detrended[c] = detrended[c]! - (a * Math.cos(t) + b * Math.sin(t)) / norm;
    }
  }
  // Start from the deepest point so the ring's first swing is counted whole.
  let start = 0;
  for (let c = 1; c < cols; c++) if (detrended[c]! < detrended[start]!) start = c;
  let sign = -1;
  let changes = 0;
  for (let k = 1; k <= cols; k++) {
    const x = detrended[(start + k) % cols]!;
    if (sign < 0 && x > hysteresisM) {
      sign = 1;
      changes++;
    } else if (sign > 0 && x < -hysteresisM) {
      sign = -1;
      changes++;
    }
  }
  const depthM = Math.max(...detrended) - Math.min(...detrended);
  return { count: Math.floor(changes / 2), depthM };
}
