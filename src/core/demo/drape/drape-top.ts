import { HUMANOID_T_POSE_M as JOINTS } from '../../../shared/humanoid';
import type { ClothSpec } from '../cloths';
import type { BodyMm } from '../pattern/size-run';
import { hash2 } from '../raster';
import { DEPTH_OF_WIDTH, halfWidthOfGirth, pushOutOfSection } from './body';
import { GRAVITY_M_S2, settle, type Cloth, type Collider } from './cloth';

/**
 * A top's body (a tee's, a shirt's) hung on the standing body at build time (issue 14, 3D tops): the tube as its
 * pattern pieces close round the body — hem up the side seams, the yoke over the shoulders to the neckline — held
 * where a worn top is held (the shoulder seams on the shoulders' tops, the neckline round the neck, the armholes by
 * the sleeves on the arms), and everything else let fall under gravity against the body's trunk. A tee modelled as a
 * stiff ellipse stands off the upper chest at the shoulders' height as deep as at the chest; let go, its front and
 * back fall onto the chest and the shoulder blades and their excess girth folds, as a real one's does — drag lines
 * from the shoulders, a hem that waves over the hips. The cloth's own numbers (cloths.ts: bending, shear, weight)
 * set the folds' size.
 *
 * Frame: the GLB's (metres, the humanoid skeleton's T-pose, y up, x to the wearer's left, z forwards).
 */

/** A top's tube as cloth: `rows` rings (ring 0 the hem, up to the neckline) of `cols` vertices each, ring-major. */
export interface TopGrid {
  rows: number;
  cols: number;
  /** xyz per vertex, metres: the cut-and-sewn shape the top is built with (its rest lengths). Borrowed. */
  pos: Float64Array;
  /** Per vertex: held where it is (a seam on the body). Borrowed. */
  pinned: Uint8Array;
}

/** Simulated time to hang: a tee is a ≈ 0.5 m pendulum (period ≈ 1.4 s); damped, it is at rest within ≈ 2 s. */
const HANG_S = 2;
/**
 * Sub-steps per second, one XPBD iteration each: twice the skirts' (drape-skirt.ts). A top's rings are 2 cm apart
 * and its cloth light; at 1,200 the hem of the tee rode up 15–20 cm over its own cloth (the rows folding over one
 * another), at 2,400 it hangs within 1.2 cm of where it was sewn.
 */
const SUBSTEPS_PER_S = 2400;
/** Velocity damping while it settles, 1/s (only the rest shape is used). */
const DAMPING_PER_S = 3;
/** How far round a ring (columns) a fold's walls are kept from crossing. */
const FOLD_REACH_COLUMNS = 6;
/** Cutting and sewing tolerance the cloth starts jittered by, m (as drape-skirt.ts's: which folds grow is the physics'). */
const CUT_TOLERANCE_M = 0.0005;
/**
 * Half-depth of the trunk at the shoulder points' height, m: the body over the acromion is ≈ 12 cm from the front
 * of the shoulder to the back (ANSUR's shoulder depth), where a tee modelled as an ellipse stands ≈ 30 cm deep.
 */
const SHOULDER_HALF_DEPTH_M = 0.06;

/**
 * The trunk a top hangs on, from the sample size's standard body (FreeSewing's, mm) on the GLB's skeleton: elliptical
 * sections (depth {@link DEPTH_OF_WIDTH} of width) whose girth runs seat → high hip → waist (the skeleton's spine joint)
 * → underbust → chest (its bust height below the high point of the shoulder) → high bust at the underarm, then up to
 * the shoulder points narrowing in depth to the shoulder's and widening to half the shoulder-to-shoulder breadth.
 * Cloth inside a section is pushed out along its ray, plus the cloth's thickness.
 * @param at the skeleton's heights, m: `waistY` (the natural waist), `hpsY` (the high point of the shoulder),
 *   `armpitY`, `shoulderPointY`.
 */
export function topTrunk(body: BodyMm, at: { waistY: number; hpsY: number; armpitY: number; shoulderPointY: number }): { colliders: Collider[]; halfAxesAt: (y: number) => { a: number; b: number } | null } {
  const m = (name: string): number => {
    const v = body[name];
    if (!(typeof v === 'number' && v > 0)) throw new Error(`the top's trunk needs ${name} (mm), the body has ${String(v)}`);
    return v / 1000;
  };
  const oval = (girthM: number): { a: number; b: number } => {
    const a = halfWidthOfGirth(girthM);
    return { a, b: a * DEPTH_OF_WIDTH };
  };
  // Down to the seat, the body's fullest girth (99 cm on the sample body, 13.5 cm under the high hip): a tee's hem
  // (≈ 99 cm round) hangs there, held round by the seat and the belly. Stopped at the high hip (80 cm round), the
  // trunk let the hem hang free below it, and the tube, held only at its neckline, shoulders and armholes, fell
  // flat towards the neckline's depth: its hem 40.6 cm wide seen from the front where the tee is cut 35.4 cm, past
  // the shopper's own T-shirt on the mirror clip (IoU 0.81 → 0.79). The hem, 1 cm above the seat, stays where it
  // was sewn (tests/demo/drape-top.test.ts: within 2 cm).
  const stations: Array<[number, { a: number; b: number }]> = [
    [at.waistY - m('waistToSeat'), oval(m('seat'))],
    [at.waistY - m('waistToHips'), oval(m('hips'))],
    [at.waistY, oval(m('waist'))],
    [at.waistY + m('waistToUnderbust'), oval(m('underbust'))],
    [at.hpsY - m('hpsToBust'), oval(m('chest'))],
    [at.armpitY, oval(m('highBust'))],
    [at.shoulderPointY, { a: m('shoulderToShoulder') / 2, b: SHOULDER_HALF_DEPTH_M }],
  ];
  for (let i = 1; i < stations.length; i++) if (!(stations[i]![0] > stations[i - 1]![0])) throw new Error(`the top's trunk stations are out of order at ${i}`);
  const halfAxesAt = (y: number): { a: number; b: number } | null => {
    if (y > stations[stations.length - 1]![0]) return null;
    if (y <= stations[0]![0]) return stations[0]![1];
    let i = 1;
    while (stations[i]![0] < y) i++;
    const [y0, e0] = stations[i - 1]!;
    const [y1, e1] = stations[i]!;
    const t = (y - y0) / (y1 - y0);
    // Above the underarm the upper chest stays nearly as deep as the high bust, then rounds over under the
    // collarbones into the shoulders: its depth falls as t², square to the high bust below. Falling linearly (13.2
    // cm deep at the underarm, 6 cm at the shoulder points 11.5 cm above, on the sample M), the trunk had a ridge
    // across the chest at the underarm, and a tee's front hung from its neckline straight onto that ridge and bent
    // there: a crease across the chest (19°), drawn on the mirror clip as the edge of a bib from shoulder to shoulder.
    const tb = i === stations.length - 1 ? t * t : t;
    return { a: e0.a + t * (e1.a - e0.a), b: e0.b + tb * (e1.b - e0.b) };
  };
  const trunk: Collider = (p, o) => {
    const e = halfAxesAt(p[o + 1]!);
    if (!e) return;
    pushOutOfSection(p, o, e.a + CLOTH_GAP_M, e.b + CLOTH_GAP_M);
  };
  return { colliders: [trunk], halfAxesAt };
}

/** A top's cloth kept off the skin, m: a jersey's or shirting's thickness and a little air (≈ 3 mm). */
const CLOTH_GAP_M = 0.003;

/** The skeleton's underarm height, m, as model3d.ts cuts a top's armhole (8 cm under the shoulder joints). */
export const TOP_ARMPIT_Y_M = JOINTS.leftUpperArm[1] - 0.08;

/**
 * The top's tube as cloth: rest lengths from the sewn shape (round each ring, down each column, the cells'
 * diagonals soft in shear), bending constraints along both grains with the cloth's rigidity B = ρ·g·c³, and the
 * vertices' masses from the cloth's weight over their share of the surface.
 */
function topCloth(grid: TopGrid, spec: Pick<ClothSpec, 'bendingLengthM' | 'arealDensityKgM2' | 'shearStiffnessNPerM'>): { cloth: Cloth; spacingM: Float64Array } {
  const { rows, cols } = grid;
  const pos = grid.pos.slice();
  const n = rows * cols;
  const id = (r: number, c: number): number => r * cols + (((c % cols) + cols) % cols);
  const dist = (a: number, b: number): number => Math.hypot(pos[3 * b]! - pos[3 * a]!, pos[3 * b + 1]! - pos[3 * a + 1]!, pos[3 * b + 2]! - pos[3 * a + 2]!);
  const rigidity = spec.arealDensityKgM2 * GRAVITY_M_S2 * spec.bendingLengthM ** 3;
  const shearCompliance = 1 / spec.shearStiffnessNPerM;
  const hoop = (r: number, c: number): number => dist(id(r, c), id(r, c + 1));
  const down = (r: number, c: number): number => (r + 1 < rows ? dist(id(r, c), id(r + 1, c)) : dist(id(r - 1, c), id(r, c)));
  const invMass = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = id(r, c);
      const area = ((hoop(r, c) + hoop(r, c - 1)) / 2) * down(r, c) * (r === 0 || r === rows - 1 ? 0.5 : 1);
      invMass[v] = grid.pinned[v] ? 0 : 1 / (spec.arealDensityKgM2 * Math.max(area, 1e-6));
    }
  }
  const ea: number[] = [];
  const eb: number[] = [];
  const rest: number[] = [];
  const eComp: number[] = [];
  const bi: number[] = [];
  const bj: number[] = [];
  const bk: number[] = [];
  const bComp: number[] = [];
  const edge = (a: number, b: number, compliance: number): void => {
    ea.push(a);
    eb.push(b);
    rest.push(dist(a, b));
    eComp.push(compliance);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      edge(id(r, c), id(r, c + 1), 0);
      const h = down(r, c);
      bi.push(id(r, c - 1));
      bj.push(id(r, c));
      bk.push(id(r, c + 1));
      bComp.push(hoop(r, c) ** 3 / (4 * rigidity * h));
      if (r + 1 < rows) {
        edge(id(r, c), id(r + 1, c), 0);
        edge(id(r, c), id(r + 1, c + 1), shearCompliance);
        edge(id(r, c + 1), id(r + 1, c), shearCompliance);
      }
      if (r > 0 && r + 1 < rows) {
        bi.push(id(r - 1, c));
        bj.push(id(r, c));
        bk.push(id(r + 1, c));
        bComp.push(h ** 3 / (4 * rigidity * hoop(r, c)));
      }
    }
  }
  // Jittered after the rest lengths are taken: the cut's tolerance, not the pattern's.
  for (let v = 0; v < n; v++) {
    if (grid.pinned[v]) continue;
    for (let k = 0; k < 3; k += 2) pos[3 * v + k] = pos[3 * v + k]! + CUT_TOLERANCE_M * (2 * hash2(v, k, 57) - 1);
  }
  const cloth: Cloth = {
    pos,
    prev: pos.slice(),
    invMass,
    edges: { a: Int32Array.from(ea), b: Int32Array.from(eb), restM: Float64Array.from(rest), compliance: Float64Array.from(eComp) },
    bends: { i: Int32Array.from(bi), j: Int32Array.from(bj), k: Int32Array.from(bk), compliance: Float64Array.from(bComp) },
  };
  const spacingM = Float64Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let c = 0; c < cols; c++) s += hoop(r, c);
    return s / cols;
  });
  return { cloth, spacingM };
}

/**
 * Hangs the top's tube (`grid`) on `colliders` under gravity until it settles: a new array of positions (the
 * caller's), the same layout as `grid.pos`. Deterministic: the same input, the same bytes.
 */
export function drapeTop(grid: TopGrid, spec: Pick<ClothSpec, 'bendingLengthM' | 'arealDensityKgM2' | 'shearStiffnessNPerM'>, colliders: readonly Collider[]): Float64Array {
  const { cloth, spacingM } = topCloth(grid, spec);
  // A seam is held on the body, not inside it: where the sewn shape cuts into the trunk (an armhole over the upper
  // chest, ≈ 2 cm) the held cloth is put on its surface before the rest is let go.
  for (let v = 0; v < grid.rows * grid.cols; v++) {
    if (!grid.pinned[v]) continue;
    for (const collide of colliders) collide(cloth.pos, 3 * v);
    for (let k = 0; k < 3; k++) cloth.prev[3 * v + k] = cloth.pos[3 * v + k]!;
  }
  settle(cloth, { durationS: HANG_S, substepsPerS: SUBSTEPS_PER_S, dampingPerS: DAMPING_PER_S, colliders, rings: { rows: grid.rows, cols: grid.cols, spacingM, reach: FOLD_REACH_COLUMNS } });
  return cloth.pos;
}
