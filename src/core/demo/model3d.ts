import * as THREE from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import { fabricFor, type ProductSpec } from './catalog';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { demoGarmentChart } from './garment-chart';
import { CIRCUMFERENCE_OF_FRONT_WIDTH } from '../../shared/sizing';
import { HUMANOID_BONES, HUMANOID_PARENT, HUMANOID_T_POSE_M as JOINTS, type HumanoidBone } from '../../shared/humanoid';
import { BRETON_STRIPES, CHEST_POCKET_U } from './draw';
import { CM_PER_UNIT } from './layout';
import { draftFor, dressDraftFor, hasDressPattern, hasTopPattern, SAMPLE_SIZE } from './pattern/pattern-product';
import { encodePngRgb, FLAT_UV, FOLD_ATLAS_PX, FoldAtlas, type FoldHeight, type Point3, type TintAt, type TubeSurface } from './fold-map';
import { collarTint, shirtFrontTint, type ShirtFront } from './shirt-front';
import { BUTTON_CM, EDGE_STITCH_CM, NECK_RIB_CM } from './draw-sewn';
import { neckRibTint, type NeckRib } from './neck-rib';
import { garmentFolds, type GarmentFolds } from './garment-folds';
import { addBaseColorAtlas, addBaseColorTexture, addNormalTexture } from './glb-normal-texture';
import { CHECK_BAR_CM, CHECK_REPEAT_CM, checkTilePng } from './check-texture';
import { draped3dDressSkirt } from './drape/drape-3d';
import type { DrapedSkirt } from './drape/drape-skirt';
import { FLORAL_REPEAT_CM, floralTilePng } from './floral-texture';
import { CLOTHS, type ClothSpec } from './cloths';
import { drapeTop, topTrunk, TOP_ARMPIT_Y_M, type TopGrid } from './drape/drape-top';
import { sizeRun, type BodyMm } from './pattern/size-run';
import { weightBytes } from './skin-bytes';

/**
 * The demo's 3D garments: tailored surfaces built in code from a garment's measurements (cm, as its size chart
 * lists them), skinned to the humanoid skeleton (src/shared/humanoid.ts: metres, glTF axes, y up, +z towards the
 * viewer, T-pose, the wearer's left along +x) and exported as GLB with three.js's GLTFExporter (run in Node).
 *
 * - tee: a torso with a sloped shoulder yoke closing onto a crew neckline (lower in front), and two sleeves that
 *   start inside the torso and run along the upper arms;
 * - slip dress: a bodice with a V front and two straps over the shoulders, and its drafted bias skirt as the
 *   build-time drape hangs it (drape/drape-3d.ts: its folds, its wavy hem), a tube round both legs hanging from the hips;
 * - tea dress (drafted from Bella): a top's bodice to the waist seam, short sleeves, its quarter-circle skirt as the
 *   drape hangs it, the picture's floral print tiled on the cloth (floral-texture.ts);
 * - trousers: one tube per leg from the waistband to the hem; the two overlap over the pelvis, so the waistband is
 *   closed and nothing opens between the legs above the crotch, and there each leg's section is its half of the
 *   seat's ellipse, so the two fronts are one surface across the centre line.
 *
 * The measurements the GLB was built from are stored on the mesh (glTF `extras.atelier.measurementsCm`), so the
 * renderer can re-size it to another size's chart row. Deterministic: the same product gives the same bytes.
 */

/** Vertices round every ring of cloth. */
const SEGMENTS = 36;
/** Vertices round a strap (a flat band: its two faces and edges). */
const STRAP_SEGMENTS = 8;
/** Spacing of rings along a tube, metres. */
const RING_STEP_M = 0.04;
/** Depth of a torso cross-section as a share of its width (an adult's chest is ≈ 0.7 as deep as wide). */
const TORSO_DEPTH_OF_WIDTH = 0.72;
/**
 * Top of the shoulder at the shoulder point, over the acromion: the humeral head's centre (the shoulder joint, where
 * BlazePose puts the shoulder landmark) lies ≈ 3 cm under the acromion's top (a head of ≈ 2.5 cm radius under the
 * acromial arch), and skin and cloth add ≈ 0.5 cm.
 */
const SHOULDER_POINT_Y_M = JOINTS.leftUpperArm[1] + 0.035;
/** The acromion lies ≈ 2.5 cm outside the shoulder joint (as src/shared/sizing.ts's SHOULDER_INSET_CM). */
const SHOULDER_POINT_X_M = JOINTS.leftUpperArm[0] + 0.025;
/** Shoulder slope from the side neck point down to the shoulder point: ≈ 20° for adults (ISO 8559 / ANSUR). */
const SHOULDER_SLOPE_RAD = (20 * Math.PI) / 180;
/** A sleeve's radius at the armhole and at an upper-arm opening (≈ 44 cm and 36 cm round), metres. */
const ARMHOLE_RADIUS_M = 0.07;
const SLEEVE_OPENING_RADIUS_M = 0.058;
/** Underarm, metres below the shoulder joints. */
const ARMPIT_BELOW_SHOULDER_M = 0.08;
/** Half-width and half-depth of a crew neckline, metres. */
const NECK_HALF_WIDTH_M = 0.075;
const NECK_HALF_DEPTH_M = 0.065;
/**
 * A crew neck's front drop, from the high point of the shoulder down to the centre front: 8–10 cm on men's and
 * unisex tee specifications (size M), so the collar sits on the collarbones and the base of the neck shows.
 */
const CREW_NECK_FRONT_DROP_M = 0.09;
/** A tee's rib coverstitch below the rib's seam, m. */
const RIB_STITCH_BELOW_M = 0.003;
/**
 * High point of the shoulder (the side neck point, where a top's `length` is measured from and a dress's straps
 * sit), metres above the floor of the reference body: the shoulder line rising at its slope from the shoulder
 * point in to the neckline.
 */
const HPS_Y_M = SHOULDER_POINT_Y_M + Math.tan(SHOULDER_SLOPE_RAD) * (SHOULDER_POINT_X_M - NECK_HALF_WIDTH_M);
/** Top of a waistband above the hip joints, metres (a mid-rise trouser). */
const WAISTBAND_ABOVE_HIPS_M = 0.08;
/** How far each trouser leg reaches past the centre line into the other over the seat, metres (no gap between). */
const LEG_OVERLAP_M = 0.012;
/** Crotch below the hip joints, metres. */
const CROTCH_BELOW_HIPS_M = 0.11;
/**
 * How far above the crotch a trouser leg's section has become its half of the seat (see trouserLeg), metres: below,
 * the thigh's round section, the two legs parting at the crotch.
 */
const SEAT_FROM_CROTCH_M = 0.06;
/**
 * A fly's overlap: how far the wearer's left front of a pair of trousers reaches past the centre line over the
 * right, metres (a fly's placket is ≈ 3.5 cm wide, its stitching ≈ 2 cm past the centre), and how far it stands off
 * the right front's surface (its cloth's thickness, so the two never draw the same surface).
 */
const FLY_LAP_M = 0.02;
const FLY_OVER_M = 0.002;

/**
 * The measurements a demo garment's GLB is modelled at: its size chart's size M (the chart the catalog lists, read
 * off the garment's own picture), so the GLB as built is the garment the chart describes and other sizes are
 * re-sized from it by the renderer.
 */
export function referenceMeasurementsCm(p: ProductSpec): GarmentMeasurementsCm {
  return demoGarmentChart(p).M!;
}

/** Half-width and half-depth (metres) of an elliptical cross-section whose circumference is `circumferenceCm`. */
function ellipseOf(circumferenceCm: number, k = TORSO_DEPTH_OF_WIDTH): { a: number; b: number } {
  // Ramanujan's first approximation of an ellipse's perimeter, solved for the half-width at a fixed aspect.
  const perimeterPerA = Math.PI * (3 * (1 + k) - Math.sqrt((3 + k) * (1 + 3 * k)));
  const a = circumferenceCm / 100 / perimeterPerA;
  return { a, b: a * k };
}

/**
 * Depth / width of a worn top's cross-section whose front width is its circumference ÷
 * {@link CIRCUMFERENCE_OF_FRONT_WIDTH} — the ratio the 2D rig and the size advice use for a worn garment, so a tee is
 * as wide in 3D as in 2D. A loose top's cloth rests on the chest and the shoulder blades and its excess falls to the
 * sides and back in folds, so it is rounder than the bare chest's 0.72. Solved once from Ramanujan's perimeter.
 */
const WORN_TOP_DEPTH_OF_WIDTH = (() => {
  let lo = 0.5;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const k = (lo + hi) / 2;
    const perimeterPerWidth = (Math.PI * (3 * (1 + k) - Math.sqrt((3 + k) * (1 + 3 * k)))) / 2;
    if (perimeterPerWidth < CIRCUMFERENCE_OF_FRONT_WIDTH) lo = k;
    else hi = k;
  }
  return (lo + hi) / 2;
})();
/**
 * A tee's shoulder width (seam to seam) as a share of its chest circumference when its chart gives none: men's and
 * unisex tee specifications grade it so (size M: chest 104–106 cm, shoulder 45–46 cm). On a narrower shopper the
 * seam drops past the shoulder's tip, as a real one does.
 */
const TEE_SHOULDER_OF_CHEST = 0.43;

type Weights = Array<[HumanoidBone, number]>;

/** A ring of cloth: the point at angle `a` (0 = the wearer's left, π/2 = front) and its skin weights. */
interface Ring {
  at: (a: number, out: THREE.Vector3) => THREE.Vector3;
  weights: (a: number, p: THREE.Vector3) => Weights;
  /** Yarn colour of the ring: 0 the colourway's primary, 1 its secondary (a stripe). */
  colour?: 0 | 1;
}

/**
 * How a print lies on a printed tube (ClothBuilder's `printed`): where its distance across the grain is measured
 * from round each ring, and its distance down the grain, cm.
 */
/** Printed cloth: the light reaching a vertex (ring index, column, its place), grey or linear RGB. */
type Shade = (ring: number, column: number, p: THREE.Vector3) => number | readonly [number, number, number];

interface Grain {
  /** The column (fractional: between two) each ring's distance across is measured from, both ways. @default the middle of an open ring */
  fromColumn?: number;
  /** Distance across the grain at a place, cm into the print, instead of round the ring (a flat piece). */
  acrossCm?: (p: THREE.Vector3) => number;
  /** Distance down the grain at a place, cm. @default below the high point of the shoulder */
  downCm?: (p: THREE.Vector3) => number;
  /**
   * Measure the distance down the grain along the cloth, ring to ring down each column from the first ring's height
   * below the high point of the shoulder, not by height: a yoke runs nearly level over the shoulder (≈ 5 cm of rise
   * over 13 cm of cloth) and dips to a crew neck in front, where height stretches the print nearly 3× across it and
   * turns it back on itself, smearing a row of flowers into a line over the shoulder. Where the cloth hangs plumb (a
   * body) both measures agree.
   */
  alongCloth?: boolean;
}

/** A flat piece of printed cloth on the body (a lapel, a strip along a seam): its print measured out from the centre line. */
const FLAT_GRAIN: Grain = { acrossCm: (p) => CHECK_BAR_CM + 100 * Math.abs(p.x) };

/**
 * Stripes knitted across a tube (a Breton's): the secondary colour over phases [from, to) of each period, the same
 * stripes as the garment's picture (draw.ts), measured down from the high point of the shoulder on the body and
 * along the arm from the shoulder joint on a sleeve, as the picture measures them from the top of each piece.
 */
interface Stripes {
  periodM: number;
  from: number;
  to: number;
}

const STRIPES_OF: Partial<Record<ProductSpec['pattern'], Stripes>> = {
  stripes: { periodM: (BRETON_STRIPES.periodU * CM_PER_UNIT) / 100, from: BRETON_STRIPES.from, to: BRETON_STRIPES.to },
};

/**
 * Positions along a tube from `from` to `to` (as {@link steps}), plus a pair of rings at every stripe edge — one in
 * each colour at the same place — so a stripe's edge is sharp and never smeared across a ring step.
 * @param stripeM distance along the stripes' axis at a position, metres (linear in it).
 */
function stripedSteps(from: number, to: number, stripeM: (v: number) => number, stripes: Stripes | undefined, stepM = RING_STEP_M): Array<{ v: number; colour: 0 | 1 }> {
  const colourAt = (d: number): 0 | 1 => {
    if (!stripes) return 0;
    const ph = (((d % stripes.periodM) + stripes.periodM) % stripes.periodM) / stripes.periodM;
    return ph >= stripes.from && ph < stripes.to ? 1 : 0;
  };
  const base = steps(from, to, stepM);
  if (!stripes) return base.map((v) => ({ v, colour: 0 }));
  const d0 = stripeM(from);
  const d1 = stripeM(to);
  const edges: number[] = [];
  const [lo, hi] = d0 < d1 ? [d0, d1] : [d1, d0];
  for (let k = Math.floor(lo / stripes.periodM); k * stripes.periodM <= hi; k++) {
    for (const f of [stripes.from, stripes.to]) {
      const d = (k + f) * stripes.periodM;
      if (d > lo && d < hi) edges.push(from + ((d - d0) / (d1 - d0)) * (to - from));
    }
  }
  const dir = Math.sign(to - from);
  // Stripe edges are at most a period apart: a step ring near an edge adds nothing to the shape (the ends stay).
  const far = (v: number): boolean => v === from || v === to || edges.every((e) => Math.abs(e - v) > stepM / 2);
  const all = [...base.filter(far).map((v) => ({ v, edge: false })), ...edges.map((v) => ({ v, edge: true }))].sort((a, b) => dir * (a.v - b.v));
  const eps = 1e-6 * dir;
  return all.flatMap(({ v, edge }) =>
    edge ? [{ v, colour: colourAt(stripeM(v - eps)) }, { v, colour: colourAt(stripeM(v + eps)) }] : [{ v, colour: colourAt(stripeM(v)) }],
  );
}

function buildSkeleton(): { root: THREE.Bone; bones: THREE.Bone[] } {
  const bones = HUMANOID_BONES.map((name) => {
    const bone = new THREE.Bone();
    bone.name = name;
    return bone;
  });
  const byName = (n: HumanoidBone): THREE.Bone => bones[HUMANOID_BONES.indexOf(n)]!;
  for (const name of HUMANOID_BONES) {
    const parent = HUMANOID_PARENT[name];
    const p = JOINTS[name];
    const q: readonly [number, number, number] = parent ? JOINTS[parent] : [0, 0, 0];
    byName(name).position.set(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    if (parent) byName(parent).add(byName(name));
  }
  return { root: byName('hips'), bones };
}

class ClothBuilder {
  readonly positions: number[] = [];
  /** Per-vertex colour index (0 primary, 1 secondary). */
  readonly colours: number[] = [];
  readonly skinIndex: number[] = [];
  readonly skinWeight: number[] = [];
  readonly indices: number[] = [];
  /** Fold-map uv per vertex (fold-map.ts's atlas; cloth without folds on its flat block). */
  readonly uvs: number[] = [];
  /** Pairs of vertices at the same place either side of a tube's uv seam (their normals are shared). */
  readonly seams: number[] = [];
  /** Printed cloth: per vertex, centimetres of cloth across and down its grain (the print's uv). */
  readonly printUvs: number[] = [];
  /**
   * Printed cloth: per vertex, the light the cloth's own shape lets reach it (1 open, less in a fold's shadow), or a
   * trim's colour over the print's ground (a button), linear RGB (glTF COLOR_0, multiplied into the print).
   */
  readonly shades: number[] = [];
  private readonly p = new THREE.Vector3();

  /**
   * @param folds the atlas the tubes' creases are drawn into; none: the cloth has no fold map.
   * @param printed the cloth carries a print (a woven check) on uv in cm along its grain, and its own shadows
   *   (under a lapel, a collar's fall) on its vertex colours; not with a fold map (both would be uv 0).
   */
  constructor(
    readonly folds: FoldAtlas | null = null,
    readonly printed = false,
  ) {
    if (folds && printed) throw new Error('a printed garment has no fold map in this builder');
  }

  /**
   * Joins consecutive rings of `segments` vertices into a tube (open at both ends).
   * @param fold the creases of this piece of cloth, drawn into the garment's fold map (fold-map.ts); the tube then
   *   gets a seam column of vertices (angle 2π, the first column's twins) so its uv runs round without wrapping.
   * @param shape.open the rings are arcs, not closed: no face joins the last vertex to the first, and each ring's `at`
   *   gets 2π × its share of the way along the arc (0 at its first vertex, 2π at its last); an arc has no fold map.
   * @param shape.inside a point inside the cloth, for the winding (default: the middle of the first two rings; a flat
   *   strip such as a lapel needs the body's axis instead).
   * @param shape.grain printed cloth: how its print lies on it (default: across round each ring from its middle,
   *   down below the high point of the shoulder).
   * @param shape.shade printed cloth: the light reaching a vertex (ring index, column, its place) @default 1
   */
  tube(rings: readonly Ring[], segments = SEGMENTS, fold?: FoldHeight, shape: { open?: boolean; inside?: THREE.Vector3; grain?: Grain; shade?: Shade; tint?: TintAt } = {}): void {
    const { open = false, inside } = shape;
    const first = this.positions.length / 3;
    const uvRect = fold && this.folds && !open ? this.foldRect(rings, segments, fold, shape.tint) : null;
    const cols = uvRect ? segments + 1 : segments;
    for (const [ri, r] of rings.entries()) {
      for (let s = 0; s < cols; s++) {
        const a = open ? (2 * Math.PI * s) / (segments - 1) : (2 * Math.PI * (s % segments)) / segments;
        const p = r.at(a, this.p);
        this.positions.push(round(p.x), round(p.y), round(p.z));
        this.colours.push(r.colour ?? 0);
        if (uvRect) this.uvs.push(lerp(uvRect.u0, uvRect.u1, s / segments), lerp(uvRect.v0, uvRect.v1, uvRect.t[ri]!));
        else this.uvs.push(...FLAT_UV);
        if (uvRect && s === segments) this.seams.push(first + ri * cols, first + ri * cols + s);
        const w = r.weights(a, p).filter(([, x]) => x > 1e-4).sort((x, y) => y[1] - x[1]).slice(0, 4);
        const total = w.reduce((sum, [, x]) => sum + x, 0);
        for (let k = 0; k < 4; k++) {
          const term = w[k];
          this.skinIndex.push(term ? HUMANOID_BONES.indexOf(term[0]) : 0);
          this.skinWeight.push(term ? term[1] / total : 0);
        }
      }
      if (this.printed) this.printRing(first + ri * cols, cols, open, ri, shape.grain, shape.shade);
    }
    // Wind every tube the same way (normals out of the cloth), whichever way its rings run: a mirrored sleeve or
    // leg would otherwise face inwards, and the renderer treats inward faces as the garment's inside.
    const flip = this.facesInwards(first, segments, cols, rings.length, inside);
    for (let i = 0; i + 1 < rings.length; i++) {
      for (let s = 0; s < (open ? segments - 1 : segments); s++) {
        const a = first + i * cols + s;
        const b = first + i * cols + (uvRect ? s + 1 : (s + 1) % segments);
        const c = a + cols;
        const d = b + cols;
        if (flip) this.indices.push(a, b, c, b, d, c);
        else this.indices.push(a, c, b, b, c, d);
      }
    }
  }

  /**
   * The tube's rectangle in the fold atlas, its rings' places along it (0..1), its creases drawn there. A ring's place
   * is the cloth's length to it: between two rings the longest of the columns' steps, so no column gets fewer texels
   * than the atlas's density. (By the rings' centres, a yoke's rings — which run in round the neck, their centres
   * hardly moving — got a texel per centimetre of cloth, and a tee's rib seam blurred into a grey band.)
   */
  private foldRect(rings: readonly Ring[], segments: number, fold: FoldHeight, tint?: TintAt): { u0: number; v0: number; u1: number; v1: number; t: number[] } {
    const q = new THREE.Vector3();
    const along = [0];
    for (let i = 1; i < rings.length; i++) {
      let step = 0;
      for (let s = 0; s < segments; s++) {
        const a = (2 * Math.PI * s) / segments;
        step = Math.max(step, rings[i]!.at(a, this.p).distanceTo(rings[i - 1]!.at(a, q)));
      }
      along.push(along[i - 1]! + step);
    }
    const lengthM = along[along.length - 1]!;
    const t = along.map((d) => (lengthM > 0 ? d / lengthM : 0));
    let perimeterM = 0;
    for (const r of rings) {
      let sum = 0;
      for (let s = 0; s < segments; s++) sum += r.at((2 * Math.PI * s) / segments, this.p).distanceTo(r.at((2 * Math.PI * (s + 1)) / segments, q));
      perimeterM = Math.max(perimeterM, sum);
    }
    const a0 = new THREE.Vector3();
    const a1 = new THREE.Vector3();
    const surface: TubeSurface = (a, tt, out) => {
      let i = 0;
      while (i + 2 < t.length && t[i + 1]! < tt) i++;
      const span = t[i + 1]! - t[i]!;
      const f = span > 0 ? Math.min(1, Math.max(0, (tt - t[i]!) / span)) : 0;
      rings[i]!.at(a, a0);
      rings[i + 1]!.at(a, a1);
      a0.lerp(a1, f);
      out.x = a0.x;
      out.y = a0.y;
      out.z = a0.z;
      return out;
    };
    const [u0, v0, u1, v1] = this.folds!.add(perimeterM, lengthM, surface, fold, tint);
    return { u0, v0, u1, v1, t };
  }

  /**
   * The print's uv (cm) and the shade of one ring's `cols` vertices from vertex `start`, as placed: across the grain,
   * the distance round the ring from its grain's origin column (both ways, so the two halves of a garment are cut
   * as mirror images, as a tailor cuts a check: matched at the centre back and the centre front), or the grain's own
   * measure; down it, the grain's.
   */
  private printRing(start: number, cols: number, open: boolean, ring: number, grain: Grain | undefined, shade: Shade | undefined): void {
    const at = (i: number, out: THREE.Vector3): THREE.Vector3 => out.fromArray(this.positions, 3 * (start + i));
    const q = new THREE.Vector3();
    const along = [0];
    for (let i = 1; i < cols; i++) along.push(along[i - 1]! + at(i, this.p).distanceTo(at(i - 1, q)));
    const perimeterM = along[cols - 1]! + (open ? 0 : at(0, this.p).distanceTo(at(cols - 1, q)));
    const origin = grain?.fromColumn ?? (cols - 1) / 2;
    const originM = lerp(along[Math.floor(origin)]!, along[Math.ceil(origin)]!, origin % 1);
    // Along the cloth: down (+) when this ring sits lower than the one before it, up (−) when higher.
    const previous = grain?.alongCloth && ring > 0 ? start - cols : -1;
    let rise = 0;
    for (let i = 0; previous >= 0 && i < cols; i++) rise += this.positions[3 * (start + i) + 1]! - this.positions[3 * (previous + i) + 1]!;
    for (let i = 0; i < cols; i++) {
      at(i, this.p);
      const d = Math.abs(along[i]! - originM);
      const acrossCm = grain?.acrossCm ? grain.acrossCm(this.p) : CHECK_BAR_CM + 100 * (open ? d : Math.min(d, perimeterM - d));
      const downCm = grain?.downCm
        ? grain.downCm(this.p)
        : previous >= 0
          ? this.printUvs[2 * (previous + i) + 1]! - Math.sign(rise || 1) * 100 * this.p.distanceTo(at(previous + i - start, q))
          : 100 * (HPS_Y_M - this.p.y);
      this.printUvs.push(round(acrossCm), round(downCm));
      const k = shade ? shade(ring, i, this.p) : 1;
      if (typeof k === 'number') this.shades.push(round(k), round(k), round(k));
      else this.shades.push(...k.map(round));
    }
  }

  /** Would the quads between the tube's first two rings (starting at vertex `first`) face its axis? */
  private facesInwards(first: number, segments: number, cols: number, ringCount: number, inside?: THREE.Vector3): boolean {
    const v = (i: number): THREE.Vector3 => new THREE.Vector3(this.positions[3 * i], this.positions[3 * i + 1], this.positions[3 * i + 2]);
    const centre = new THREE.Vector3();
    for (let s = 0; s < segments; s++) centre.add(v(first + s)).add(v(first + cols + s));
    centre.multiplyScalar(1 / (2 * segments));
    if (inside) centre.copy(inside);
    let sum = 0;
    // Over every ring pair when the centre is given (a strip may start from a ring of zero width, a lapel at its
    // break); else the first two rings, whose middle is the centre.
    for (let r = 0; r + 1 < (inside ? ringCount : 2); r++) {
      for (let s = 0; s + 1 < segments; s++) {
        const a = v(first + r * cols + s);
        const b = v(first + r * cols + s + 1);
        const c = v(first + (r + 1) * cols + s);
        const n = c.clone().sub(a).cross(b.clone().sub(a));
        sum += n.dot(a.clone().sub(centre));
      }
    }
    return sum < 0;
  }

  /**
   * @param palette the yarn colours by index; given, the vertices carry them (glTF `COLOR_0`), for a garment with
   *   stripes knitted in.
   */
  geometry(palette?: readonly [THREE.Color, THREE.Color]): THREE.BufferGeometry {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(this.positions, 3));
    if (palette) g.setAttribute('color', new THREE.Float32BufferAttribute(this.colours.flatMap((i) => palette[i]!.toArray().map(round)), 3));
    if (this.printed) {
      g.setAttribute('color', new THREE.Float32BufferAttribute(this.shades, 3));
      g.setAttribute('uv', new THREE.Float32BufferAttribute(this.printUvs, 2));
    }
    // The glTF core's compact skin types (skin-bytes.ts): the humanoid's 22 bones fit a byte.
    g.setAttribute('skinIndex', new THREE.Uint8BufferAttribute(this.skinIndex, 4));
    g.setAttribute('skinWeight', new THREE.BufferAttribute(weightBytes(this.skinWeight), 4, true));
    if (this.folds) g.setAttribute('uv', new THREE.Float32BufferAttribute(this.uvs, 2));
    g.setIndex(this.indices);
    g.computeVertexNormals();
    shareSeamNormals(g, this.seams);
    return g;
  }
}

/**
 * Either side of a tube's uv seam the same place has two vertices; each got the normal of its own faces only.
 * Both get the normal of all of them, so the seam does not show in the shading.
 */
function shareSeamNormals(g: THREE.BufferGeometry, pairs: readonly number[]): void {
  const n = g.getAttribute('normal') as THREE.BufferAttribute;
  const a = new THREE.Vector3();
  const b = new THREE.Vector3();
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    a.fromBufferAttribute(n, pairs[i]!).add(b.fromBufferAttribute(n, pairs[i + 1]!)).normalize();
    n.setXYZ(pairs[i]!, a.x, a.y, a.z);
    n.setXYZ(pairs[i + 1]!, a.x, a.y, a.z);
  }
}

/** Positions rounded to 0.1 mm: the same inputs give the same float bits on every platform's maths library. */
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const smooth = (x: number): number => {
  const t = clamp01(x);
  return t * t * (3 - 2 * t);
};
const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
/** `n + 1` evenly spaced values from `from` to `to`, at most {@link RING_STEP_M} apart. */
function steps(from: number, to: number, stepM = RING_STEP_M): number[] {
  const n = Math.max(1, Math.ceil(Math.abs(to - from) / stepM));
  return Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
}

const Y = (b: HumanoidBone): number => JOINTS[b][1];

/**
 * A top's body hangs from the shoulders: its skin weights by height run chest → spine and stop there, so the hem
 * keeps its chart length below the shoulders (the renderer hangs the spine and chest joints from the neck) and is
 * not pulled up or down with the hips of a shopper whose torso is longer or shorter than the skeleton's.
 */
function topWeights(y: number): Weights {
  if (y >= Y('chest')) return [['chest', 1]];
  const t = smooth((y - Y('spine')) / (Y('chest') - Y('spine')));
  return [['spine', 1 - t], ['chest', t]];
}

/** Torso skin weights by height: hips → spine → chest, as the spine bends. */
function torsoWeights(y: number): Weights {
  if (y >= Y('chest')) return [['chest', 1]];
  if (y >= Y('spine')) {
    const t = smooth((y - Y('spine')) / (Y('chest') - Y('spine')));
    return [['spine', 1 - t], ['chest', t]];
  }
  const t = smooth((y - Y('hips')) / (Y('spine') - Y('hips')));
  return [['hips', 1 - t], ['spine', t]];
}

type Side = 1 | -1;
const ARM: Record<Side, { clavicle: HumanoidBone; upper: HumanoidBone; lower: HumanoidBone }> = {
  1: { clavicle: 'leftShoulder', upper: 'leftUpperArm', lower: 'leftLowerArm' },
  [-1]: { clavicle: 'rightShoulder', upper: 'rightUpperArm', lower: 'rightLowerArm' },
};
const LEG: Record<Side, { upper: HumanoidBone; lower: HumanoidBone }> = {
  1: { upper: 'leftUpperLeg', lower: 'leftLowerLeg' },
  [-1]: { upper: 'rightUpperLeg', lower: 'rightLowerLeg' },
};

/**
 * A top's body: from the hem up the sides to the armpits, then a yoke that slopes up from the shoulder points to
 * a crew neckline (lower at the front). Widths from the chest (and waist, when given) circumference.
 */
/** A point of a top's yoke: `tt` 0 at the shoulder points' ring, 1 on the neckline; `a` the angle round the body. */
type YokeAt = (tt: number, a: number, out: THREE.Vector3) => THREE.Vector3;

function topBody(m: GarmentMeasurementsCm, cloth: ClothBuilder, stripes?: Stripes, fold?: GarmentFolds, { grain, hang, front, neckRib }: { grain?: Grain; hang?: TopHang; front?: ShirtFront; neckRib?: NeckRib } = {}): YokeAt {
  const chest = ellipseOf(m.chest ?? 100, WORN_TOP_DEPTH_OF_WIDTH);
  const waist = m.waist ? ellipseOf(m.waist, WORN_TOP_DEPTH_OF_WIDTH) : chest;
  // Below the waist a drafted top runs to its pattern's hem (Teagan's is cut straight down from the waist); a
  // straight top modelled stiff falls back out a quarter of the way to its chest width (over the hips).
  const belowWaist = hang ? ellipseOf(hang.hemGirthCm, WORN_TOP_DEPTH_OF_WIDTH) : { a: lerp(waist.a, chest.a, 0.25), b: lerp(waist.b, chest.b, 0.25) };
  const waistY = Y('spine');
  // Hung on the sample body's trunk, the hem is where the pattern puts it below that body's waist: the skeleton's
  // high point of the shoulder stands 41.9 cm over its waist where the sample body's is 44.4, so a chart length
  // measured from it ended the tee on the seat's fullest girth (its hem 96.6 cm round on a 98.8 cm seat, turned up
  // there by the hang) and 4–8 cm under the shopper's own T-shirt's hem on the mirror clip.
  const hemY = hang ? waistY - hang.hemBelowWaistM : HPS_Y_M - (m.length ?? 70) / 100;
  const halfWidthAt = (y: number): { a: number; b: number } => {
    if (y >= Y('chest')) return chest;
    const [to, w] = y >= waistY ? [chest, smooth((y - waistY) / (Y('chest') - waistY))] : [belowWaist, smooth((waistY - y) / 0.25)];
    return { a: lerp(waist.a, to.a, w), b: lerp(waist.b, to.b, w) };
  };
  const armpitY = JOINTS.leftUpperArm[1] - ARMPIT_BELOW_SHOULDER_M;
  const shoulderHalfM = Math.max(chest.a, ((m.chest ?? 100) * TEE_SHOULDER_OF_CHEST) / 200);
  // A crew neck seen from the front is a U: its drop is D·sin²a = D·(1 − (x / w)²), a parabola across the neck, steep
  // where it leaves the shoulders. As D·sin³a (a collared top's, whose stand is sewn on it) it is flat there and the
  // sides run straight down to the centre: a V on the mirror clip. Teagan's own curve is steeper still at the high
  // point of the shoulder (an ellipse, D·sin a), but hung so, the front's yoke folded over under the neckline.
  const neckExponent = hang?.neckFrontDropM === undefined ? 2 : 3;
  const neckY = (a: number): number => HPS_Y_M - (hang?.neckFrontDropM ?? CREW_NECK_FRONT_DROP_M) * Math.max(0, Math.sin(a)) ** neckExponent;
  // Hung, the front's cloth falls from the neckline onto the chest at 45° (over the collarbones) and on down, not up
  // past the crew neck to the shoulder points' height and back down into it: the pattern's 57.7 cm of cloth from
  // the neckline to the hem at the centre front, where the stiff model carried 72 and the hang folded the 14 cm
  // over under the collar (a crease across the chest).
  const shoulderRingY = (a: number): number =>
    hang ? Math.min(SHOULDER_POINT_Y_M, neckY(a) - Math.max(0, Math.sin(a)) * (chest.b - NECK_HALF_DEPTH_M)) : SHOULDER_POINT_Y_M;
  // Yoke: the cross-section shrinks to the neckline while rising from the shoulder points to the high point of the
  // shoulder; the crew neck dips to its front drop at the centre front.
  const yokeAt: YokeAt = (tt, a, out) =>
    out.set(Math.cos(a) * lerp(shoulderHalfM, NECK_HALF_WIDTH_M, tt), lerp(shoulderRingY(a), neckY(a), tt), Math.sin(a) * lerp(chest.b, NECK_HALF_DEPTH_M, tt));
  const rings: Ring[] = [];
  // The body: hem up the sides, past the underarms, to the shoulder points, where it is as wide as the
  // shoulders (seam over the shoulder's tip, ≈ 3 cm out from the joint) if the chest is narrower.
  for (const { v: y, colour } of stripedSteps(hemY, SHOULDER_POINT_Y_M, (y) => HPS_Y_M - y, stripes, hang ? HUNG_RING_STEP_M : RING_STEP_M)) {
    const e = halfWidthAt(y);
    const a0 = lerp(e.a, shoulderHalfM, smooth((y - armpitY) / (SHOULDER_POINT_Y_M - armpitY)));
    // Hung, each column's rings spaced evenly from the hem up to its shoulder ring.
    const yAt = (a: number): number => (hang ? lerp(hemY, shoulderRingY(a), (y - hemY) / (SHOULDER_POINT_Y_M - hemY)) : y);
    rings.push({
      at: (a, out) => out.set(Math.cos(a) * a0, yAt(a), Math.sin(a) * e.b),
      weights: (a, p) => (y > armpitY ? shoulderWeights(a, p) : topWeights(p.y)),
      colour,
    });
  }
  const yokeFrom = rings.length;
  const yokeTs = [0];
  for (const t of steps(0, 1, 0.1).slice(1)) {
    const tt = smooth(t);
    yokeTs.push(tt);
    rings.push({ at: (a, out) => yokeAt(tt, a, out), weights: shoulderWeights });
  }
  const segments = hang ? HUNG_SEGMENTS : SEGMENTS;
  // Hung, its hem rows may fold over one another where they rest on the seat, so the winding is taken round the
  // body's axis over every ring, not from the hem's first two rings alone.
  const inside = hang ? new THREE.Vector3(0, (hemY + SHOULDER_POINT_Y_M) / 2, 0) : undefined;
  const body = hang ? hungRings(rings, yokeFrom, segments, hang) : rings;
  const tint = front ? shirtFrontTint(front, centreFrontOf(body), neckY(Math.PI / 2), hemY) : neckRib ? neckRibTint(neckRib) : undefined;
  cloth.tube(body, segments, fold?.body?.({ shoulderPointX: shoulderHalfM, shoulderPointY: SHOULDER_POINT_Y_M, hemY, bendingLengthM: fold.bendingLengthM }), { grain, ...(inside ? { inside } : {}), ...(tint ? { tint } : {}) });
  // A collar is sewn onto the neckline as the body hangs, not as drafted: the hang holds the neckline on the trunk's
  // surface, 1.1 cm in front of the draft at the centre front (the sample body's throat is deeper than Simon's
  // neckline), and a stand on the draft's neckline left a slot there that showed the camera picture through it (COCO
  // 241: a dark triangle under the collar's points).
  return hang ? yokeAsBuilt(body.slice(yokeFrom - 1), yokeTs) : yokeAt;
}

/**
 * The yoke through its rings as built (`rings[k]` at `ts[k]`, the shoulder points' ring first): a point between two
 * rings is interpolated between them.
 */
function yokeAsBuilt(rings: readonly Ring[], ts: readonly number[]): YokeAt {
  const q = new THREE.Vector3();
  return (tt, a, out) => {
    let k = 0;
    while (k + 2 < ts.length && ts[k + 1]! < tt) k++;
    const t = (tt - ts[k]!) / (ts[k + 1]! - ts[k]!);
    rings[k]!.at(a, out);
    return out.lerp(rings[k + 1]!.at(a, q), t);
  };
}

/**
 * The point `belowNeckM` metres of cloth down a top's centre front (angle π/2) from its neckline (the last ring), along
 * its rings as built (hung: as they hang); past the hem, the hem's.
 */
function centreFrontOf(rings: readonly Ring[]): (belowNeckM: number, out: Point3) => Point3 {
  const pts = rings.map((r) => r.at(Math.PI / 2, new THREE.Vector3())).reverse();
  return (belowNeckM, out) => {
    let left = belowNeckM;
    let i = 0;
    while (i + 1 < pts.length && left > pts[i]!.distanceTo(pts[i + 1]!)) left -= pts[i]!.distanceTo(pts[++i]!);
    const a = pts[i]!;
    const b = pts[Math.min(i + 1, pts.length - 1)]!;
    const t = Math.min(1, left / Math.max(1e-9, a.distanceTo(b)));
    out.x = lerp(a.x, b.x, t);
    out.y = lerp(a.y, b.y, t);
    out.z = lerp(a.z, b.z, t);
    return out;
  };
}

/** The cloth and the body a top's body is hung on at build time (drape/drape-top.ts). */
interface TopHang {
  cloth: Pick<ClothSpec, 'bendingLengthM' | 'arealDensityKgM2' | 'shearStiffnessNPerM'>;
  /** The pattern's girth at its hem, cm (draft-top.ts). */
  hemGirthCm: number;
  /** The pattern's hem below its waist line, m (draft-top.ts: the centre-front hem's depth less the waist's). */
  hemBelowWaistM: number;
  /**
   * A collared top's neckline at the centre front below the high point of the shoulder, m: where its pattern sews the
   * collar stand on (Simon's 6.4 cm, the base of the throat); none: a tee's crew neck ({@link CREW_NECK_FRONT_DROP_M}).
   */
  neckFrontDropM?: number;
  body: BodyMm;
  /** The same key, the same drape (the product and its measurements: every colourway hangs alike). */
  key: string;
}

/** A top's body as the build hangs it: its sewn grid (ring 0 the hem, up to the neckline), what held, where it hung. */
export interface HungTop {
  grid: TopGrid;
  /** The settled positions, the grid's layout (metres, the GLB's bind frame). */
  hung: Float64Array;
  /** The trunk it hung on (drape-top.ts). */
  trunk: ReturnType<typeof topTrunk>;
}

/** Solved top drapes by {@link TopHang.key}: a drape is solved once per product and size per build. */
const hungCache = new Map<string, HungTop>();

/** The product's top hung at build time, at its reference measurements; undefined for a garment not hung so. */
export function hungTopOf(p: ProductSpec): HungTop | undefined {
  const m = referenceMeasurementsCm(p);
  const hang = topHangOf(p, m);
  if (!hang) return undefined;
  topBody(m, new ClothBuilder(), STRIPES_OF[p.pattern], undefined, { hang });
  return hungCache.get(hang.key);
}

/** A drafted top in a named cloth is hung on the sample size's body at build time (drape/drape-top.ts); a dress's bodice by {@link bodiceHangOf}. */
function topHangOf(p: ProductSpec, m: GarmentMeasurementsCm): TopHang | undefined {
  if (!hasTopPattern(p) || !p.cloth || p.category === 'dress') return undefined;
  const draft = draftFor(p, SAMPLE_SIZE);
  return {
    cloth: CLOTHS[p.cloth],
    hemGirthCm: draft.hemGirthCm,
    hemBelowWaistM: (draft.front.cfHem[1] - draft.front.waist[1]) / 1000,
    ...(draft.collar ? { neckFrontDropM: (draft.front.cfNeck[1] - draft.front.hps[1]) / 1000 } : {}),
    body: sizeRun(p.category)[SAMPLE_SIZE],
    key: `${p.id} ${JSON.stringify(m)}`,
  };
}

/**
 * A drafted dress's bodice (its measurements cut at the waist seam, 1 cm below it) hung like a top, in a viscose
 * challis. Its hem is the waist seam, where the skirt takes over: it keeps the width the stiff body has there (a
 * quarter of the way from the waist's girth to the chest's, as topBody's below-the-waist ring), so hanging it moves
 * the front's fall from the neckline, not the seam.
 */
function bodiceHangOf(p: ProductSpec, bodice: GarmentMeasurementsCm): TopHang {
  return {
    cloth: CLOTHS['viscose-challis'],
    hemGirthCm: lerp(bodice.waist ?? bodice.chest ?? 100, bodice.chest ?? 100, 0.25),
    hemBelowWaistM: 0.01,
    body: sizeRun(p.category)[SAMPLE_SIZE],
    key: `${p.id} bodice ${JSON.stringify(bodice)}`,
  };
}

/**
 * Columns round a hung top's body: 48, ≈ 2.2 cm apart round a 104 cm chest — about half a jersey's drape fold (3
 * bending lengths ≈ 4 cm, shared/fabric.ts). 72 (1.5 cm) drew finer folds but the tee's GLB grew to 280 kB, past
 * the demo's 230 kB budget (tests/demo/model3d.test.ts).
 */
const HUNG_SEGMENTS = 48;
/** Rings down a hung top's body, m apart. */
const HUNG_RING_STEP_M = 0.03;
/** Round the yoke, the shoulder's top holds the cloth within ± 30° of the shoulder line (|sin a| ≤ ½). */
const SHOULDER_HOLD_SIN = 0.5;
/** Above the underarm, the sleeve holds the armhole within ± 25° of the side (|cos a| ≥ 0.9). */
const ARMHOLE_HOLD_COS = 0.9;

/**
 * The top's rings as the build-time drape hangs them (drape/drape-top.ts): sampled at `segments` columns, held on
 * the shoulders' tops (the yoke within {@link SHOULDER_HOLD_SIN} of the shoulder line), round the neckline (the last
 * ring) and at the armholes (above the underarm, within {@link ARMHOLE_HOLD_COS} of the side), the rest let fall on
 * the trunk. A stripe's edge is two rings at one place (one per colour): they are one ring of the cloth. Each ring's
 * points between columns are interpolated; its skin weights are taken where the cloth hangs.
 */
function hungRings(rings: readonly Ring[], yokeFrom: number, segments: number, hang: TopHang): Ring[] {
  const p = new THREE.Vector3();
  const q = new THREE.Vector3();
  const rowOf: number[] = [];
  const sampled: Ring[] = [];
  for (const [i, r] of rings.entries()) {
    const prev = sampled[sampled.length - 1];
    const same = prev && i < yokeFrom && prev.at(0, p).equals(r.at(0, q)) && prev.at(Math.PI / 2, p).equals(r.at(Math.PI / 2, q));
    if (!same) sampled.push(r);
    rowOf.push(sampled.length - 1);
  }
  const rows = sampled.length;
  const pos = new Float64Array(3 * rows * segments);
  const pinned = new Uint8Array(rows * segments);
  const firstYokeRow = rowOf[yokeFrom]!;
  for (const [r, ring] of sampled.entries()) {
    for (let c = 0; c < segments; c++) {
      const a = (2 * Math.PI * c) / segments;
      ring.at(a, p).toArray(pos, 3 * (r * segments + c));
      const yoke = r >= firstYokeRow;
      const held = yoke ? r === rows - 1 || Math.abs(Math.sin(a)) <= SHOULDER_HOLD_SIN : p.y >= TOP_ARMPIT_Y_M && Math.abs(Math.cos(a)) >= ARMHOLE_HOLD_COS;
      pinned[r * segments + c] = held ? 1 : 0;
    }
  }
  const trunk = topTrunk(hang.body, { waistY: Y('spine'), hpsY: HPS_Y_M, armpitY: TOP_ARMPIT_Y_M, shoulderPointY: SHOULDER_POINT_Y_M });
  let top = hungCache.get(hang.key);
  if (!top) {
    const grid = { rows, cols: segments, pos, pinned };
    top = { grid, hung: drapeTop(grid, hang.cloth, trunk.colliders), trunk };
    hungCache.set(hang.key, top);
  }
  const solved = top.hung;
  return rings.map((ring, i) => {
    const base = rowOf[i]! * segments;
    return {
      at: (a, out) => {
        const f = ((((a / (2 * Math.PI)) * segments) % segments) + segments) % segments;
        const c0 = Math.floor(f);
        const t = f - c0;
        const v0 = 3 * (base + c0);
        const v1 = 3 * (base + ((c0 + 1) % segments));
        return out.set(lerp(solved[v0]!, solved[v1]!, t), lerp(solved[v0 + 1]!, solved[v1 + 1]!, t), lerp(solved[v0 + 2]!, solved[v1 + 2]!, t));
      },
      weights: ring.weights,
      ...(ring.colour !== undefined ? { colour: ring.colour } : {}),
    };
  });
}

/** No creases: a piece of cloth put on the fold atlas for its tint alone (a collar's stitching). */
const FLAT_FOLD: FoldHeight = () => 0;

/** Cloth thickness where a collar lies over its stand and the yoke, metres (two plies of shirting and interfacing). */
const COLLAR_PLY_M = 0.003;
/** Half the angle round the neck between a buttoned collar's centre front and its points (≈ 20°, a classic point collar's spread seen from above). */
const COLLAR_POINT_ANGLE_RAD = (20 * Math.PI) / 180;

/**
 * A shirt's collar on its stand, sized by its pattern: the stand rises from the neckline round the neck, the
 * collar folds over its top and lies down over it onto the yoke, its width at the back, running out to its points
 * near the front, where the two halves meet at the top button (a V at the centre front shows the stand).
 * @param tint the fall's stitching and shade, drawn on the fold atlas (shirt-front.ts `collarTint`); none: the
 *   collar is plain cloth.
 */
function collar(c: { standM: number; fallM: number; pointM: number }, yokeAt: YokeAt, cloth: ClothBuilder, tint?: TintAt): void {
  const neck = new THREE.Vector3();
  const stand: Ring[] = steps(0, 1, 0.34).map((t) => ({
    // The stand leans in a little towards the neck as it rises.
    at: (a, out) => {
      yokeAt(1, a, neck);
      const k = 1 - 0.06 * t;
      return out.set(neck.x * k, neck.y + t * c.standM, neck.z * k);
    },
    weights: () => [['chest', 1]],
  }));
  cloth.tube(stand);
  // The fall: from the fold over the stand's top down to its edge, which lies on the yoke as far past the neckline
  // as the collar is wider than its stand (more towards the points); at the centre front the edge meets the fold.
  const fold = new THREE.Vector3();
  const edge = new THREE.Vector3();
  const shoulderSpanM = (() => {
    const a = yokeAt(0, 0, new THREE.Vector3()).x;
    return a - yokeAt(1, 0, new THREE.Vector3()).x;
  })();
  const fall: Ring[] = steps(0, 1, 0.25).map((t) => ({
    at: (a, out) => {
      yokeAt(1, a, neck);
      const k = 1 + (COLLAR_PLY_M * 2) / Math.hypot(neck.x, neck.z);
      fold.set(neck.x * k, neck.y + c.standM + COLLAR_PLY_M, neck.z * k);
      const fromFront = Math.abs(a - Math.PI / 2);
      const towardsPoint = Math.sin(a) > 0 ? smooth(1 - (fromFront - COLLAR_POINT_ANGLE_RAD) / (Math.PI / 2)) : 0;
      const pastNeckM = c.fallM - c.standM + (c.pointM - c.fallM) * towardsPoint;
      yokeAt(1 - Math.max(0, pastNeckM) / shoulderSpanM, a, edge);
      edge.y += COLLAR_PLY_M;
      // At the centre front the two halves' edges run up to the top button, on the fold.
      edge.lerp(fold, 1 - smooth(fromFront / COLLAR_POINT_ANGLE_RAD));
      // The fall rolls over the stand: a little fullness out from the straight line between fold and edge.
      return out.lerpVectors(fold, edge, t).addScaledVector(new THREE.Vector3(neck.x, 0, neck.z).normalize(), Math.sin(Math.PI * t) * 0.006);
    },
    weights: () => [['chest', 1]],
  }));
  cloth.tube(fall, SEGMENTS, tint ? FLAT_FOLD : undefined, tint ? { tint } : {});
}

/**
 * How far out past the acromion the cloth over a shoulder comes to hang wholly from the upper arm, metres: a tee's
 * shoulder tip (≈ 3.3 cm past it) hangs about half from the arm, which puts it, on a hanging arm, on the deltoid's
 * curve (≈ 5 cm out from the joint at its height) rather than sticking out level or folded down the arm.
 */
const SHOULDER_DRAPE_M = 0.06;

/**
 * The chest, with the cloth over the shoulder taking its clavicle's motion, more the further out: the renderer raises
 * the clavicle with an arm raised above the shoulder line (the shoulder blade turns up with it) and leaves it on the
 * chest with the arm at or below it, as the acromion stays where it is when the arm hangs. Only the cloth past the
 * acromion and above the joint drapes with the upper arm, over the deltoid. Bound to the upper arm from the joint out
 * (a third of it at the tip), the shoulder's top dropped with every hanging arm (70–90° down from the bind T-pose):
 * 10–15 px of his own T-shirt above the garment's shoulder on the mirror clip.
 */
function shoulderWeights(a: number, p: THREE.Vector3): Weights {
  const side: Side = p.x >= 0 ? 1 : -1;
  const clavicleX = JOINTS.leftShoulder[0];
  const jointX = JOINTS.leftUpperArm[0];
  const across = Math.abs(Math.cos(a));
  const arm = smooth((Math.abs(p.x) - SHOULDER_POINT_X_M) / SHOULDER_DRAPE_M) * smooth((p.y - JOINTS.leftUpperArm[1]) / (SHOULDER_POINT_Y_M - JOINTS.leftUpperArm[1])) * across;
  const girdle = smooth((Math.abs(p.x) - clavicleX) / (jointX - clavicleX)) * across * (1 - arm);
  return [['chest', 1 - girdle - arm], [ARM[side].clavicle, girdle], [ARM[side].upper, arm]];
}

/**
 * How far a sleeve's cap drops under a stiff (not hung) top's yoke inside the shoulder joint, m. Half skinned to the
 * upper arm there, the cap rises as the arm swings down, and the yoke comes down with a lowered shoulder: held 5 mm
 * over the shoulder points' height, the Breton's navy sleeve showed through its ecru yoke as a small triangle on the
 * shoulder (the mirror clip's frame 40 at the kiosk's size; tests/demo/model3d.test.ts). A hung top's shoulders hang
 * lower than the stiff yoke and there the dropped cap showed as a notch where the sleeve leaves the body: it keeps 0.
 */
const STIFF_SLEEVE_CAP_DROP_M = 0.03;

/**
 * A sleeve along the arm on `side`: a tube round the upper arm from inside the torso to its length past the
 * shoulder point, narrowing from the armhole to its opening (a long sleeve on to a cuff round the wrist). Its
 * cap stands over the shoulder's tip, so with the arm down it drapes over the deltoid, not inside it.
 */
function sleeve(m: GarmentMeasurementsCm, side: Side, cloth: ClothBuilder, stripes?: Stripes, fold?: GarmentFolds, { capDropM = 0 }: { capDropM?: number } = {}): void {
  const shoulderX = JOINTS.leftUpperArm[0];
  const elbowX = JOINTS.leftLowerArm[0];
  const startX = shoulderX - 0.06;
  const endX = shoulderX + 0.01 + (m.sleeve ?? 20) / 100;
  const jointY = JOINTS.leftUpperArm[1];
  const { upper, lower } = ARM[side];
  const rings: Ring[] = [];
  for (const { v: x, colour } of stripedSteps(startX, endX, (x) => x - shoulderX, stripes)) {
    const along = clamp01((x - shoulderX) / (elbowX - shoulderX));
    const r = lerp(ARMHOLE_RADIUS_M, SLEEVE_OPENING_RADIUS_M, smooth(along)) - 0.015 * clamp01((x - elbowX) / 0.2);
    // Where the sleeve joins the body its cap stays under the shoulder line (no bump above the shoulder); inside the
    // shoulder joint `capDropM` lower (STIFF_SLEEVE_CAP_DROP_M).
    const capY = SHOULDER_POINT_Y_M + 0.005 - capDropM * clamp01((shoulderX - x) / 0.03) + 0.5 * Math.max(0, x - shoulderX);
    rings.push({
      at: (a, out) => out.set(side * x, Math.min(capY, jointY - 0.01 + Math.sin(a) * r), Math.cos(a) * r * 1.05),
      weights: () => {
        const inTorso = smooth((shoulderX + 0.01 - x) / 0.06);
        const elbow = smooth((x - (elbowX - 0.04)) / 0.08);
        return [['chest', inTorso], [upper, (1 - inTorso) * (1 - elbow)], [lower, (1 - inTorso) * elbow]];
      },
      colour,
    });
  }
  // A printed sleeve's grain runs down its length from the shoulder, measured round from its top (a = π/2: the
  // sleeve's crown, where a tailor centres the check), so it is mirrored about the crown as the two sleeves are.
  const grain: Grain = { fromColumn: SEGMENTS / 4, downCm: (p) => 100 * (Math.abs(p.x) - shoulderX) };
  cloth.tube(rings, SEGMENTS, fold?.sleeve?.(shoulderX, ARMHOLE_RADIUS_M, fold.bendingLengthM), { grain });
}

/**
 * A skirt from the waist to its hem: a tube round both legs, hanging from the hips. Below the hips every vertex is
 * skinned to the hips alone: a skirt is sewn to the waist and hangs from the pelvis; the legs move inside it and push
 * it only where they touch it, which the mirror's cloth solver does (sim-skirt-3d.ts: the skirt collides with the
 * thigh and shank capsules). Skinning its sides to the thighs instead (as it was) sheared the tube with every stride —
 * a thigh swung back took its side of the skirt behind the body while the centre front stayed with the hips, and the
 * front hung as a flat panel before the legs, an apron.
 * Its hem: the hip's widened by `flare` metres a side (a drafted dress's skirt is the drape's instead, {@link drapedSkirt}).
 */
function skirt(m: GarmentMeasurementsCm, topY: number, hemY: number, flare: number, cloth: ClothBuilder): void {
  const hip = ellipseOf(m.hip ?? 100);
  const waist = ellipseOf(m.waist ?? (m.hip ?? 100) * 0.8);
  const hem = { a: hip.a + flare, b: hip.b + 0.6 * flare };
  const hipY = Y('hips') - 0.06;
  const rings: Ring[] = [];
  for (const y of steps(hemY, topY)) {
    const toHip = smooth((y - hipY) / (topY - hipY));
    const below = clamp01((hipY - y) / (hipY - hemY));
    const a0 = lerp(lerp(hip.a, hem.a, below), waist.a, toHip);
    const b0 = lerp(lerp(hip.b, hem.b, below), waist.b, toHip);
    rings.push({
      at: (a, out) => out.set(Math.cos(a) * a0, y, Math.sin(a) * b0),
      weights: () => (y >= Y('hips') ? torsoWeights(y) : [['hips', 1]]),
    });
  }
  cloth.tube(rings);
}

/**
 * A dress's skirt as the build-time drape hung it (drape/drape-3d.ts: its pattern's cloth on the standard body with
 * the skeleton's legs): the settled grid's rings, hem to waist seam, with the waist seam at `waistY` and one more ring
 * of the seam's shape at `topY` (under the bodice), its girth scaled by `scale` (another size's chart). Its lowest
 * point is at `hemY`, the chart's length below the high point of the shoulder as every GLB's hem: the skeleton's
 * shoulder stands ≈ 6 cm further above its waist than the standard body's (HPS → waist 44 vs 37.5 cm at M), so the
 * drape's heights below the seam are scaled by the chart's skirt length over the drape's (0.92 on the slip). Skinned as
 * {@link skirt}: to the hips alone below the hip joints, so the legs move inside it and the mirror's cloth
 * (sim-skirt-3d.ts, which reads this mesh as its rest shape) pushes it where they touch.
 * @param topShrink the top ring's size as a share of the seam's (< 1: tucked inside a bodice that ends over it).
 */
function drapedSkirt(d: DrapedSkirt, waistY: number, topY: number, hemY: number, scale: number, cloth: ClothBuilder, topShrink = 1): void {
  const { rows, cols, pos } = d;
  let lowest = 0;
  for (let v = 1; v < pos.length; v += 3) lowest = Math.min(lowest, pos[v]!);
  if (!(lowest < 0 && hemY < waistY)) throw new Error(`a draped skirt needs its hem below its waist seam (drape ${lowest} m, chart hem ${hemY} m, seam ${waistY} m)`);
  const down = (waistY - hemY) / -lowest;
  // The drape's column 0 is the centre front, running towards the wearer's left; a ring's angle a runs from the
  // wearer's left (a = 0) through the front (π/2): column = cols / 4 − a's share of the way round.
  const column = (a: number): number => {
    const s = Math.round((a * cols) / (2 * Math.PI)) % cols;
    return (((cols / 4 - s) % cols) + cols) % cols;
  };
  const ringAt = (r: number, k: number, yOf: (y: number) => number): Ring['at'] => (a, out) => {
    const v = 3 * (r * cols + column(a));
    return out.set(pos[v]! * scale * k, yOf(pos[v + 1]!), pos[v + 2]! * scale * k);
  };
  const weights = (y: number): Weights => (y >= Y('hips') ? torsoWeights(y) : [['hips', 1]]);
  const rings: Ring[] = [];
  for (let r = rows - 1; r >= 0; r--) {
    rings.push({ at: ringAt(r, 1, (py) => waistY + down * py), weights: (_a, p) => weights(p.y) });
  }
  rings.push({ at: ringAt(0, topShrink, () => topY), weights: () => weights(topY) });
  cloth.tube(rings, cols);
}

/**
 * A slip dress's top edge at the side seams, below the shoulder joints: a camisole's side seam stops ≈ 3 cm under
 * the underarm ({@link ARMPIT_BELOW_SHOULDER_M}) so the edge does not rub the armpit.
 */
const BODICE_TOP_BELOW_SHOULDER_M = ARMPIT_BELOW_SHOULDER_M + 0.03;
/** The V neckline's drop at the centre front below the bodice's top edge, metres. */
const BODICE_V_DROP_M = 0.07;
/** The V spans the front where |cos a| (the share of the half width out from the centre) is below this. */
const BODICE_V_HALF_WIDTH_OF_HALF_WIDTH = 0.55;

/** Height of a slip dress's top edge at angle `a` round the body (0 = the wearer's left, π/2 = front): the V in front. */
function bodiceEdgeY(a: number): number {
  const front = Math.max(0, Math.sin(a));
  return JOINTS.leftUpperArm[1] - BODICE_TOP_BELOW_SHOULDER_M - BODICE_V_DROP_M * Math.max(0, 1 - Math.abs(Math.cos(a)) / BODICE_V_HALF_WIDTH_OF_HALF_WIDTH) * front;
}

/**
 * A slip dress's bodice: from the waist up to a V front and a straight back under the arms. Its rows of cloth run
 * from the waist to the top edge, each at its share of the way (not level): the V is cut into the cloth, so the
 * rows below it are not folded over it (a level top row dropped into the V folded the front down over itself and
 * drew a ragged edge with the cloth's inside showing).
 */
function bodice(m: GarmentMeasurementsCm, waistY: number, cloth: ClothBuilder): number {
  const chest = ellipseOf(m.chest ?? 88);
  const waist = ellipseOf(m.waist ?? 76);
  const rings: Ring[] = [];
  for (const u of steps(0, 1, 0.03 / (bodiceEdgeY(0) - waistY))) {
    const yAt = (a: number): number => waistY + u * (bodiceEdgeY(a) - waistY);
    rings.push({
      at: (a, out) => {
        const y = yAt(a);
        const t = smooth((y - waistY) / (Y('chest') - waistY));
        return out.set(Math.cos(a) * lerp(waist.a, chest.a, t), y, Math.sin(a) * lerp(waist.b, chest.b, t));
      },
      weights: (a) => torsoWeights(yAt(a)),
    });
  }
  cloth.tube(rings);
  return chest.b;
}

/** A strap from the bodice's front over the shoulder to its back, as a flat tube. */
function strap(side: Side, frontZ: number, cloth: ClothBuilder): void {
  const x = side * 0.1;
  // It starts 2 cm under the bodice's top edge, inside the front, so its end never shows.
  const fromY = JOINTS.leftUpperArm[1] - BODICE_TOP_BELOW_SHOULDER_M - 0.02;
  const path: Array<[number, number]> = [];
  for (const t of steps(0, 1, 0.08)) {
    // Half an ellipse in the y-z plane: front edge → top of the shoulder → back edge.
    const ang = Math.PI * t;
    path.push([fromY + (HPS_Y_M - 0.01 - fromY) * Math.sin(ang), frontZ * 0.9 * Math.cos(ang)]);
  }
  const rings: Ring[] = path.map(([y, z], i) => {
    const [py, pz] = path[Math.max(0, i - 1)]!;
    const [ny, nz] = path[Math.min(path.length - 1, i + 1)]!;
    // Normal of the path in the y-z plane (outwards from the shoulder).
    const ty = ny - py, tz = nz - pz;
    const len = Math.hypot(ty, tz) || 1;
    const nY = tz / len, nZ = -ty / len;
    return {
      at: (a, out) => out.set(x + Math.cos(a) * 0.008, y + Math.sin(a) * 0.004 * nY, z + Math.sin(a) * 0.004 * nZ),
      weights: () => [['chest', 1]],
    };
  });
  cloth.tube(rings, STRAP_SEGMENTS);
}

/** One trouser leg: from the waistband over its half of the pelvis, down the leg to the hem. */
function trouserLeg(m: GarmentMeasurementsCm, side: Side, cloth: ClothBuilder, fold?: GarmentFolds): void {
  const waistY = Y('hips') + WAISTBAND_ABOVE_HIPS_M;
  const crotchY = Y('hips') - CROTCH_BELOW_HIPS_M;
  const hemY = Math.max(crotchY - (m.inseam ?? 71) / 100, waistY - (m.length ?? 93) / 100);
  const waist = ellipseOf(m.waist ?? 82);
  const hip = ellipseOf(m.hip ?? 100);
  const hemR = (m.legOpening ?? 36) / 100 / (2 * Math.PI);
  const legX = JOINTS.leftUpperLeg[0];
  const kneeY = Y('leftLowerLeg');
  const { upper, lower } = LEG[side];
  // At the crotch the two thighs, side by side, span the hip's width: each is half of it across.
  const thighR = hip.a / 2;
  // Over the pelvis the legs are the two halves of one seat. Each leg round on its own (an ellipse from the centre
  // line to the hip) met the other at the centre front edge-on: a cleft from the waistband down, a V dipping into
  // the waistband's top and a dark crease down the fly (the mirror clip's 3D chinos and jeans). So there its section
  // goes from the leg's round one at the crotch to its half of the seat's ellipse: the ellipse from the centre front
  // round the hip to the centre back, then on past the centre line over the other leg's seat, as a fly's overlap
  // does — the wearer's left leg (+x) {@link FLY_LAP_M} out, just over it, the right one tucked just under it (so the
  // two never draw the same surface) — and back to the centre plane inside the other leg.
  const overlapM = side === 1 ? FLY_LAP_M : LEG_OVERLAP_M;
  const lapM = side === 1 ? FLY_OVER_M : -FLY_OVER_M;
  const seatAt = ({ cx, rx, rz, half, depth }: Section, y: number, a: number, out: THREE.Vector3): THREE.Vector3 => {
    const c = Math.cos(a);
    const sn = Math.sin(a);
    const w = y > crotchY ? smooth((y - crotchY) / SEAT_FROM_CROTCH_M) : 0;
    if (w === 0) return out.set(side * (cx + c * rx), y, sn * rz);
    let seatX: number;
    let seatZ: number;
    if (c >= 0) {
      seatX = c * half;
      seatZ = sn * depth;
    } else {
      // Along the seat's ellipse past the centre line for the first 60 % of the inner half, then straight in.
      const u = -c;
      seatX = -overlapM * Math.min(1, u / 0.6);
      const front = Math.sqrt(Math.max(0, 1 - (seatX / half) ** 2)) * depth + lapM;
      seatZ = Math.sign(sn) * front * (u <= 0.6 ? 1 : Math.max(0, 1 - (u - 0.6) / 0.4));
    }
    return out.set(side * lerp(cx + c * rx, seatX, w), y, lerp(sn * rz, seatZ, w));
  };
  type Section = { cx: number; rx: number; rz: number; half: number; depth: number };
  const section = (y: number): Section => {
    let cx: number, rx: number, rz: number;
    let half = 0;
    let depth = 0;
    if (y >= crotchY) {
      // Over the pelvis each leg covers its half, from the hip line (the waist at the top) on the outside to just
      // past the centre line on the inside, so the union of the two is the closed waistband and seat, no wider
      // than the garment's hip.
      const t = smooth((y - crotchY) / (waistY - crotchY));
      half = lerp(hip.a, waist.a, smooth((y - (Y('hips') - 0.04)) / (waistY - Y('hips') + 0.04)));
      const inner = -LEG_OVERLAP_M * smooth((y - crotchY) / 0.03);
      cx = (half + inner) / 2;
      rx = (half - inner) / 2;
      rz = lerp(thighR * 1.05, lerp(hip.b, waist.b, t), t);
      depth = lerp(hip.b, waist.b, t);
    } else {
      // Thigh → knee → hem: the leg tapers to the leg opening, its centre moving out from beside the other leg at
      // the crotch to under the hip joint at the hem (both linear: the outer edge never bulges past the hip line).
      const t = clamp01((crotchY - y) / (crotchY - hemY));
      const r = lerp(thighR, hemR, t);
      cx = lerp(thighR, legX, t);
      rx = r;
      rz = r * 1.05;
    }
    return { cx, rx, rz, half, depth };
  };
  const rings: Ring[] = [];
  for (const y of steps(hemY, waistY)) {
    const s = section(y);
    rings.push({
      at: (a, out) => seatAt(s, y, a, out),
      weights: (a) => {
        const inner = Math.max(0, -Math.cos(a));
        // The seat and waistband stay with the hips; below the crotch the leg is the thigh's, then the shin's.
        const leg = smooth((Y('hips') + 0.02 - y) / 0.16) * (1 - 0.4 * inner * smooth((y - crotchY) / 0.05));
        const knee = smooth((kneeY + 0.05 - y) / 0.1);
        return [['hips', 1 - leg], [upper, leg * (1 - knee)], [lower, leg * knee]];
      },
    });
  }
  cloth.tube(rings, SEGMENTS, fold?.leg?.({ side, centreX: (y) => section(y).cx, halfWidthM: (y) => section(y).rx, waistY, crotchY, kneeY, hemY, breakExcessM: breakExcessM(hemY), bendingLengthM: fold.bendingLengthM }));
}

/**
 * A single-breasted jacket's button extension: how far its front edge reaches past the centre front, metres. A
 * 20 mm suit button needs an extension of about its diameter (tailoring texts give 2–2.5 cm), so buttoned, the two
 * fronts overlap by twice this. Worn open, each front's edge falls back at least that far, so at the top button the
 * fronts stand {@link JACKET_FRONT_OVERLAP_M} apart.
 */
const JACKET_BUTTON_EXTENSION_M = 0.02;
/** The fronts' overlap when buttoned (two extensions), metres: the gap between an open jacket's edges at the break. */
export const JACKET_FRONT_OVERLAP_M = 2 * JACKET_BUTTON_EXTENSION_M;
/**
 * The quarters: below the bottom button a single-breasted jacket's front edges curve away from each other towards
 * the hem, ≈ 5 cm each side at the hem on a classic cut.
 */
const JACKET_QUARTER_M = 0.05;
/**
 * The lapels' break (the top button of a two-button jacket): at the natural waist, which the humanoid skeleton's
 * spine joint marks (a top's waist in {@link topBody}).
 */
const JACKET_BREAK_Y_M = JOINTS.spine[1];
/** A notch lapel's width at the notch, metres (8–9 cm on a classic business jacket). */
const LAPEL_WIDTH_M = 0.08;
/** The gorge (where lapel and collar meet) below the high point of the shoulder, metres (≈ on the collarbone). */
const LAPEL_GORGE_BELOW_HPS_M = 0.1;
/** A lapel's outer edge lies on the front this far out, metres (the lapel's and the front's cloth and canvas). */
const LAPEL_PLY_M = 0.006;
/**
 * The lapel's roll: along the roll line the turned-back cloth stands this far off the chest, metres (a soft roll of
 * ≈ 1.5 cm on a canvassed jacket), so the lapel is a plane of its own, tilted, not a print on the front.
 */
const LAPEL_ROLL_M = 0.016;
/** A jacket collar's stand at the back of the neck and its fall over it, metres (≈ 3 and 4 cm). */
const JACKET_COLLAR_STAND_M = 0.03;
const JACKET_COLLAR_FALL_M = 0.04;
/** A jacket's shoulder width (seam to seam) as a share of its chest: men's blazer specifications, size M 46 / 112. */
const JACKET_SHOULDER_OF_CHEST = 0.41;

/**
 * Half the gap between an open jacket's front edges at height `y`, metres: its overlap's half at the break, the
 * quarters curving away below it, and above it the lapels' roll line opening out to the side of the neck.
 */
function jacketOpenHalfM(y: number, hemY: number): number {
  if (y <= JACKET_BREAK_Y_M) return JACKET_BUTTON_EXTENSION_M + JACKET_QUARTER_M * smooth((JACKET_BREAK_Y_M - y) / (JACKET_BREAK_Y_M - hemY)) ** 2;
  return lerp(JACKET_BUTTON_EXTENSION_M, NECK_HALF_WIDTH_M * 0.85, clamp01((y - JACKET_BREAK_Y_M) / (HPS_Y_M - JACKET_BREAK_Y_M)));
}

/** Angle (from the wearer's left, +x, towards the front) of the left front edge on an ellipse of half width `a`. */
const frontEdgeAngle = (halfGapM: number, a: number): number => Math.acos(Math.min(0.97, halfGapM / a));
/** The angle `u` (0 … 1) of the way round an open ring from the left front edge, past the back, to the right one. */
const openRingAngle = (u: number, edge: number): number => edge - u * (Math.PI + 2 * edge);

/**
 * A jacket's collar round the back of the neck, from one lapel's gorge to the other: a stand rising from the neckline
 * and a fall turned down over it onto the shoulders (the notch is where its ends meet the lapels).
 */
function jacketCollar(hemY: number, cloth: ClothBuilder): void {
  const edge = frontEdgeAngle(jacketOpenHalfM(HPS_Y_M, hemY), NECK_HALF_WIDTH_M);
  const at = (u: number, rise: number, out: number, drop: number, p: THREE.Vector3, k = 1): THREE.Vector3 => {
    const a = openRingAngle(u / (2 * Math.PI), edge);
    return p.set(Math.cos(a) * (NECK_HALF_WIDTH_M + out) * k, HPS_Y_M + rise - drop, Math.sin(a) * (NECK_HALF_DEPTH_M + out) * k);
  };
  // The stand leans in a little towards the neck as it rises (as a shirt's, {@link collar}).
  const stand: Ring[] = steps(0, 1, 0.5).map((t) => ({ at: (u, p) => at(u, t * JACKET_COLLAR_STAND_M, COLLAR_PLY_M, 0, p, 1 - 0.06 * t), weights: () => [['chest', 1]] }));
  // The stand is under the fall: only light from below and the side reaches it.
  cloth.tube(stand, SEGMENTS + 1, undefined, { open: true, inside: new THREE.Vector3(0, HPS_Y_M, 0), shade: () => SHADE_UNDER_FALL });
  const fall: Ring[] = steps(0, 1, 0.34).map((t) => ({
    at: (u, p) => at(u, JACKET_COLLAR_STAND_M + COLLAR_PLY_M, 2 * COLLAR_PLY_M + t * (JACKET_COLLAR_FALL_M - JACKET_COLLAR_STAND_M + 0.01), t * JACKET_COLLAR_FALL_M, p),
    weights: () => [['chest', 1]],
  }));
  // The fall's edge turns down onto the shoulders: its cut edge faces away from the light, a darker line.
  cloth.tube(fall, SEGMENTS + 1, undefined, { open: true, inside: new THREE.Vector3(0, HPS_Y_M - 0.05, 0), shade: (ring) => (ring === fall.length - 1 ? SHADE_CUT_EDGE : 1) });
}

/** Where an open jacket is modelled to break, as a share of the way down from the cloth's top (its collar) to its hem. */
export interface OpenFrontExtras {
  breakOfLength: number;
}

/**
 * An open jacket's body: the top's body ({@link topBody}) as open rings, cut at the front from the hem up to the
 * neck, the edges apart by {@link jacketOpenHalfM}. Below the break the fronts are free cloth in the mirror (the
 * renderer finds them by `extras.atelier.openFront`).
 */
function jacketBody(m: GarmentMeasurementsCm, cloth: ClothBuilder): { hemY: number; halfAt: (y: number) => { a: number; b: number }; backZAt: (y: number) => number } {
  const chest = ellipseOf(m.chest ?? 112, WORN_TOP_DEPTH_OF_WIDTH);
  const waist = m.waist ? ellipseOf(m.waist, WORN_TOP_DEPTH_OF_WIDTH) : chest;
  const hemY = HPS_Y_M - (m.length ?? 75) / 100;
  const waistY = Y('spine');
  const halfAt = (y: number): { a: number; b: number } => {
    if (y >= Y('chest')) return chest;
    const t = smooth((y - waistY) / (Y('chest') - waistY));
    const below = y < waistY ? smooth((waistY - y) / 0.25) * 0.25 : 0;
    const w = y >= waistY ? t : below;
    return { a: lerp(waist.a, chest.a, w), b: lerp(waist.b, chest.b, w) };
  };
  const armpitY = JOINTS.leftUpperArm[1] - ARMPIT_BELOW_SHOULDER_M;
  const shoulderHalfM = Math.max(chest.a, ((m.chest ?? 112) * JACKET_SHOULDER_OF_CHEST) / 200);
  const rings: Ring[] = [];
  for (const y of steps(hemY, SHOULDER_POINT_Y_M)) {
    const e = halfAt(y);
    const a0 = lerp(e.a, shoulderHalfM, smooth((y - armpitY) / (SHOULDER_POINT_Y_M - armpitY)));
    const edge = frontEdgeAngle(jacketOpenHalfM(y, hemY), a0);
    rings.push({
      at: (u, out) => {
        const a = openRingAngle(u / (2 * Math.PI), edge);
        return out.set(Math.cos(a) * a0, y, Math.sin(a) * e.b);
      },
      weights: (u, p) => (y > armpitY ? shoulderWeights(openRingAngle(u / (2 * Math.PI), edge), p) : topWeights(y)),
    });
  }
  for (const t of steps(0, 1, 0.1).slice(1)) {
    const tt = smooth(t);
    const y = lerp(SHOULDER_POINT_Y_M, HPS_Y_M, tt);
    const a0 = lerp(shoulderHalfM, NECK_HALF_WIDTH_M, tt);
    const b0 = lerp(chest.b, NECK_HALF_DEPTH_M, tt);
    const edge = frontEdgeAngle(jacketOpenHalfM(y, hemY), a0);
    rings.push({
      at: (u, out) => {
        const a = openRingAngle(u / (2 * Math.PI), edge);
        return out.set(Math.cos(a) * a0, y, Math.sin(a) * b0);
      },
      weights: (u, p) => shoulderWeights(openRingAngle(u / (2 * Math.PI), edge), p),
    });
  }
  // Above the break the lapel lies on the front and casts its shadow on the cloth just past its edge (≈ 2 cm: a
  // lapel's roll stands ≈ 1.5 cm off the chest, lit from above and the front).
  const gorgeY = HPS_Y_M - LAPEL_GORGE_BELOW_HPS_M;
  const shade = (_ring: number, _column: number, p: THREE.Vector3): number => {
    if (p.y <= JACKET_BREAK_Y_M || p.z <= 0) return 1;
    const t = clamp01((p.y - JACKET_BREAK_Y_M) / (gorgeY - JACKET_BREAK_Y_M));
    const outerM = jacketOpenHalfM(Math.min(p.y, gorgeY), hemY) + LAPEL_WIDTH_M * t ** 0.8;
    return Math.abs(p.x) < outerM + LAPEL_SHADOW_M ? SHADE_UNDER_LAPEL : 1;
  };
  cloth.tube(rings, SEGMENTS + 1, undefined, { open: true, shade });
  // The centre back of each ring is the middle of its arc (openRingAngle at ½ is −π/2).
  const back = rings.map((r) => r.at(Math.PI, new THREE.Vector3()));
  const backZAt = (y: number): number => {
    let k = back.findIndex((p) => p.y >= y);
    if (k <= 0) k = k < 0 ? back.length - 1 : 1;
    const a = back[k - 1]!;
    const b = back[k]!;
    return lerp(a.z, b.z, clamp01((y - a.y) / (b.y - a.y || 1)));
  };
  return { hemY, halfAt, backZAt };
}

/**
 * A centre vent: the back's two halves overlap from the hem up this far, metres (20–25 cm on a men's jacket, to
 * the seat: it opens when the wearer sits or walks).
 */
const CENTRE_VENT_M = 0.22;
/** A pressed-open seam seen from outside: a line this wide, metres (the fold of the cloth's plies). */
const SEAM_LINE_HALF_M = 0.0015;
/**
 * A vent's overlap edge: its two plies and the canvas (≈ 2 mm) stand off the underlap and shade it ≈ 5 mm wide under
 * a store's light from above and in front.
 */
const VENT_SHADOW_HALF_M = 0.0025;
/**
 * Light on cloth in its own shadow, as a share of the open cloth's (linear: glTF vertex colours multiply the print
 * before lighting). The store's light comes from above and in front: the front under a lapel's roll and the collar's
 * stand under its fall get ≈ the sky's half that passes the overhang; a cut edge turned from the light ≈ ⅔; a seam's
 * fold and the vent's overlap a line of shadow.
 */
const SHADE_UNDER_LAPEL = 0.55;
const SHADE_UNDER_FALL = 0.5;
const SHADE_CUT_EDGE = 0.6;
const SHADE_SEAM = 0.5;
const SHADE_VENT = 0.3;
/** How far past a lapel's edge its shadow falls on the front, metres (its roll's height off the chest). */
const LAPEL_SHADOW_M = 0.02;

/**
 * The back's tailoring, from outside: the centre back seam from under the collar down to the vent, and the vent's
 * edge from there to the hem with its top bar-tacked across to the overlap's side; thin strips of cloth just off the
 * back, in the seam's shadow (the back stays one piece of cloth under them).
 */
function jacketBackSeam(hemY: number, halfAt: (y: number) => { a: number; b: number }, backZAt: (y: number) => number, cloth: ClothBuilder): void {
  const topY = HPS_Y_M - JACKET_COLLAR_FALL_M + 0.01;
  const ventTopY = hemY + CENTRE_VENT_M;
  const strip = (fromY: number, toY: number, shade: number, halfM = SEAM_LINE_HALF_M): void => {
    const rings: Ring[] = steps(fromY, toY).map((y) => ({
      at: (u, out) => out.set(lerp(-halfM, halfM, u / (2 * Math.PI)), y, backZAt(y) - LAPEL_PLY_M / 3),
      weights: () => topWeights(y),
    }));
    cloth.tube(rings, 3, undefined, { open: true, inside: new THREE.Vector3(0, (fromY + toY) / 2, 0), shade: () => shade, grain: FLAT_GRAIN });
  };
  strip(ventTopY, topY, SHADE_SEAM);
  strip(hemY, ventTopY, SHADE_VENT, VENT_SHADOW_HALF_M);
  // The vent's top: the overlap (the left back's) stitched across its width, ≈ 4 cm (twice a button extension).
  const e = halfAt(ventTopY);
  const bar: Ring[] = steps(0, 2 * JACKET_BUTTON_EXTENSION_M, 0.01).map((x) => ({
    at: (u, out) => out.set(x, ventTopY + lerp(-SEAM_LINE_HALF_M, SEAM_LINE_HALF_M, u / (2 * Math.PI)), -e.b * Math.sqrt(1 - (x / e.a) ** 2) - LAPEL_PLY_M / 3),
    weights: () => topWeights(ventTopY),
  }));
  cloth.tube(bar, 3, undefined, { open: true, inside: new THREE.Vector3(0, ventTopY, 0), shade: () => SHADE_SEAM, grain: FLAT_GRAIN });
}

/** A suit button's diameter, metres (20 mm: the front's button extension is about one). */
const JACKET_BUTTON_DIAMETER_M = 0.02;

/**
 * The top button, at the break on the wearer's right front (men's jackets button left over right), its centre a
 * button extension in from the front edge: a low dome in the trim's colour. On printed cloth its vertices take the
 * trim's colour over a texel of the print's ground (the `ground` uv, cm), as the vertex colour that turns one into
 * the other.
 */
function jacketButton(hemY: number, halfAt: (y: number) => { a: number; b: number }, trim: THREE.Color, ground: THREE.Color, cloth: ClothBuilder): void {
  const r = JACKET_BUTTON_DIAMETER_M / 2;
  // Just under the break (the fronts below it are free cloth in the mirror: the whole button moves with them).
  const y = JACKET_BREAK_Y_M - r - 0.005;
  const { a, b } = halfAt(y);
  const x = -(jacketOpenHalfM(y, hemY) + JACKET_BUTTON_EXTENSION_M);
  const z = b * Math.sqrt(1 - (x / a) ** 2);
  const n = new THREE.Vector3(x / (a * a), 0, z / (b * b)).normalize();
  const side = new THREE.Vector3(0, 1, 0).cross(n).normalize();
  const centre = new THREE.Vector3(x, y, z);
  // Rim on the cloth, the dome's shoulder, its top (radius share, height off the cloth in metres).
  const profile: Array<[number, number]> = [[1, 0.001], [0.85, 0.003], [0.3, 0.004]];
  const rings: Ring[] = profile.map(([k, h]) => ({
    at: (u, out) => out.copy(centre).addScaledVector(side, Math.cos(u) * k * r).addScaledVector(new THREE.Vector3(0, 1, 0), Math.sin(u) * k * r).addScaledVector(n, h),
    weights: () => topWeights(y),
  }));
  const groundCm = 0.45 * CHECK_REPEAT_CM;
  const colour = [trim.r / ground.r, trim.g / ground.g, trim.b / ground.b].map((c) => Math.min(1, c)) as [number, number, number];
  cloth.tube(rings, 12, undefined, { inside: centre.clone().addScaledVector(n, -0.05), grain: { acrossCm: () => groundCm, downCm: () => groundCm }, shade: () => colour });
}

/**
 * A notch lapel on `side`: the front's facing turned back over it along the roll line, from the break (where it is
 * nothing wide) up to the notch under the gorge, lying on the front {@link LAPEL_PLY_M} out, its outer edge
 * widening to {@link LAPEL_WIDTH_M}.
 */
function lapel(side: Side, hemY: number, halfAt: (y: number) => { a: number; b: number }, cloth: ClothBuilder): void {
  const gorgeY = HPS_Y_M - LAPEL_GORGE_BELOW_HPS_M;
  const across = 6;
  const rings: Ring[] = steps(JACKET_BREAK_Y_M, gorgeY, 0.03).map((y) => {
    const t = (y - JACKET_BREAK_Y_M) / (gorgeY - JACKET_BREAK_Y_M);
    const inner = jacketOpenHalfM(y, hemY);
    const width = LAPEL_WIDTH_M * t ** 0.8;
    const { a, b } = halfAt(y);
    return {
      at: (u, out) => {
        // The last vertex across is the lapel's cut edge: down from its plies onto the front, 2 mm further out
        // (the edge's own thickness, which a camera sees as a thin darker line along the lapel).
        const edge = u / (2 * Math.PI) > 1 - 1e-6;
        const share = edge ? 1 : u / (2 * Math.PI) / (1 - 1 / (across - 1));
        const x = Math.min(a * 0.95, inner + share * width + (edge ? 0.002 : 0));
        const z = b * Math.sqrt(1 - (x / a) ** 2);
        // Out along the ellipse's normal at (x, z): the roll at the roll line, the cloth's plies at the edge.
        const nx = x / (a * a);
        const nz = z / (b * b);
        const len = Math.hypot(nx, nz);
        const off = edge ? 0 : lerp(LAPEL_ROLL_M * Math.min(1, 4 * t), LAPEL_PLY_M, share);
        return out.set(side * (x + (off * nx) / len), y, z + (off * nz) / len);
      },
      weights: () => topWeights(y),
    };
  });
  // The roll line: the cloth turns back on itself there, its inside of the fold in shadow; the cut edge (the last
  // column, down onto the front) faces away from the light.
  const shade = (_ring: number, column: number): number => (column === 0 ? SHADE_ROLL : column === across - 1 ? SHADE_CUT_EDGE : 1);
  // The lapel is the facing turned back: its check runs with the front's, measured out from the centre front.
  cloth.tube(rings, across, undefined, { open: true, inside: new THREE.Vector3(0, (JACKET_BREAK_Y_M + gorgeY) / 2, 0), shade, grain: FLAT_GRAIN });
}

/** The lapel's roll line: where it turns back, light as on the inside of a soft fold. */
const SHADE_ROLL = 0.7;

/**
 * A trouser leg's length past the top of the shoe, metres: the front of a shoe's upper (its throat over the instep)
 * is ≈ 2 cm under the ankle joint; a hem below it rests on the shoe and the leg breaks over it.
 */
function breakExcessM(hemY: number): number {
  return Math.max(0, Y('leftFoot') - 0.02 - hemY);
}

function garmentScene(p: ProductSpec, colour: ProductSpec['colourways'][number], m: GarmentMeasurementsCm, atlas: FoldAtlas | null = null): THREE.Group {
  const { root, bones } = buildSkeleton();
  const printed = p.pattern === 'plaid' || p.pattern === 'floral';
  // A printed cloth carries its print on uv 0, where a fold map would go (ClothBuilder).
  const fold = atlas && !printed ? garmentFolds(p) : null;
  const cloth = new ClothBuilder(fold ? atlas : null, printed);
  const stripes = STRIPES_OF[p.pattern];
  let openFront: OpenFrontExtras | undefined;
  if (p.category === 'trousers') {
    for (const side of [1, -1] as const) trouserLeg(m, side, cloth, fold ?? undefined);
  } else if (p.category === 'jacket') {
    // Worn open: the fronts below the break hang free (the mirror simulates them as cloth).
    const { hemY, halfAt, backZAt } = jacketBody(m, cloth);
    for (const side of [1, -1] as const) lapel(side, hemY, halfAt, cloth);
    jacketCollar(hemY, cloth);
    jacketBackSeam(hemY, halfAt, backZAt, cloth);
    if (printed) jacketButton(hemY, halfAt, new THREE.Color(colour.trim), new THREE.Color(colour.primary), cloth);
    if (m.sleeve) for (const side of [1, -1] as const) sleeve(m, side, cloth);
    // From the top of the cloth as built (the collar's), as the renderer measures it on the mesh.
    const topY = cloth.positions.reduce((top, v, i) => (i % 3 === 1 ? Math.max(top, v) : top), -Infinity);
    openFront = { breakOfLength: round((topY - JACKET_BREAK_Y_M) / (topY - hemY)) };
  } else if (p.category === 'dress' && p.shape.sleeves === 'none') {
    const waistY = Y('spine') - 0.02;
    const frontZ = bodice(m, waistY, cloth);
    for (const side of [1, -1] as const) strap(side, frontZ, cloth);
    // A drafted slip's skirt as the build-time drape hangs it (drape/drape-3d.ts), sized to this chart's hip (the
    // GLB is built at the sample size's); its top under the bodice's waist, as the seam joins them.
    const draft = hasDressPattern(p) ? dressDraftFor(p, SAMPLE_SIZE) : undefined;
    const draped = draft ? draped3dDressSkirt(p, waistY) : undefined;
    if (draft && draped) drapedSkirt(draped, waistY, waistY + 0.04, HPS_Y_M - (m.length ?? draft.measurementsCm.length) / 100, (m.hip ?? draft.measurementsCm.hip) / draft.measurementsCm.hip, cloth);
    else skirt(m, waistY + 0.04, HPS_Y_M - (m.length ?? 110) / 100, 0.25 * p.shape.flare, cloth);
  } else if (p.category === 'dress' && hasDressPattern(p)) {
    // A drafted tea dress (Bella): a bodice to the waist seam, its sleeves, and the skirt as the drape hangs it, sewn
    // on at the natural waist (the skeleton's spine joint, a top's waist in topBody). The bodice's hem laps 1 cm over
    // the skirt's top, which runs 2 cm up inside it, so the seam never opens.
    const waistY = Y('spine');
    const draft = dressDraftFor(p, SAMPLE_SIZE);
    // Its print measured along the cloth over the yoke (Grain's alongCloth), as a printed bodice is cut flat. Hung on
    // the sample body like a drafted top (hungRings): built stiff, its front rose from the chest to the shoulder
    // points' height, a shelf as deep as the chest, and fell back into the lower neckline — on the mirror clip at the
    // kiosk's size a U-shaped crease across the chest, like a sailor collar.
    const bodice = { ...m, length: Math.round((HPS_Y_M - waistY + 0.01) * 1000) / 10 };
    topBody(bodice, cloth, stripes, undefined, { grain: { alongCloth: true }, hang: bodiceHangOf(p, bodice) });
    const draped = draped3dDressSkirt(p, waistY);
    if (!draped) throw new Error(`${p.id}: its dress pattern gave no drape`);
    drapedSkirt(draped, waistY, waistY + 0.02, HPS_Y_M - (m.length ?? draft.measurementsCm.length) / 100, (m.hip ?? draft.measurementsCm.hip) / draft.measurementsCm.hip, cloth, 0.97);
    if (m.sleeve) for (const side of [1, -1] as const) sleeve(m, side, cloth, stripes);
  } else {
    const hang = topHangOf(p, m);
    const front = fold ? shirtFrontOf(p) : undefined;
    // A jersey tee's neckline is finished with a rib, as its picture draws it (neck-rib.ts).
    const neckRib: NeckRib | undefined = fold && p.category === 'tshirt' ? { widthM: NECK_RIB_CM / 100, stitchBelowM: RIB_STITCH_BELOW_M } : undefined;
    const yokeAt = topBody(m, cloth, stripes, fold ?? undefined, { hang, ...(front ? { front } : {}), ...(neckRib ? { neckRib } : {}) });
    if (hasTopPattern(p)) {
      const c = draftFor(p, SAMPLE_SIZE).collar;
      if (c) collar({ standM: c.standMm / 1000, fallM: c.fallMm / 1000, pointM: c.pointMm / 1000 }, yokeAt, cloth, front ? collarTint(front.edgeStitchM) : undefined);
    }
    if (p.category === 'dress') skirt(m, Y('spine'), HPS_Y_M - (m.length ?? 110) / 100, 0.25 * p.shape.flare, cloth);
    if (m.sleeve) for (const side of [1, -1] as const) sleeve(m, side, cloth, stripes, fold ?? undefined, { capDropM: hang ? 0 : STIFF_SLEEVE_CAP_DROP_M });
  }
  // A shirt's front (its placket, buttons, pocket) is drawn into its base colour on the fold atlas (shirt-front.ts).
  const tinted = cloth.folds?.tinted ?? false;
  // Striped cloth carries its yarn colours on the vertices and a white base colour (three.js multiplies the two).
  const palette = stripes ? ([new THREE.Color(colour.primary), new THREE.Color(colour.secondary)] as const) : undefined;
  // A printed one carries its print as a base-colour texture (added after export) and its shadows on the vertices,
  // under a white base colour; its ground colour for the fabric's sheen in extras.
  const material = new THREE.MeshStandardMaterial({ color: new THREE.Color(palette || printed || tinted ? '#ffffff' : colour.primary), vertexColors: palette !== undefined || printed, roughness: 0.85, metalness: 0, side: THREE.DoubleSide });
  material.name = `${p.id}-fabric`;
  if (printed || tinted) material.userData = { atelier: { groundColour: colour.primary } };
  const mesh = new THREE.SkinnedMesh(cloth.geometry(palette), material);
  mesh.name = p.id;
  mesh.userData = { atelier: { measurementsCm: m, ...(openFront ? { openFront } : {}) } };
  const group = new THREE.Group();
  group.name = `${p.id}-garment`;
  group.add(root);
  group.add(mesh);
  group.updateMatrixWorld(true);
  mesh.bind(new THREE.Skeleton(bones));
  return group;
}

/**
 * A drafted shirt's front as its pattern and its picture make it (shirt-front.ts): Simon's placket and buttons (the
 * collar's, at the neckline, is on the stand under the collar: from the second down, as draw-sewn.ts draws them), the
 * picture's chest pocket; none for a top without a placket.
 */
function shirtFrontOf(p: ProductSpec): ShirtFront | undefined {
  const draft = hasTopPattern(p) ? draftFor(p, SAMPLE_SIZE) : undefined;
  if (!draft?.placket) return undefined;
  const neckMm = draft.front.cfNeck[1] - draft.front.hps[1];
  const m = (units: number): number => (units * CM_PER_UNIT) / 100;
  return {
    placketHalfWidthM: draft.placket.halfWidthMm / 1000,
    edgeStitchM: EDGE_STITCH_CM / 100,
    buttonsBelowNeckM: draft.placket.buttonsYMm.slice(1).map((y) => (y - neckMm) / 1000),
    buttonRadiusM: BUTTON_CM / 200,
    pocket: { fromCentreM: m(CHEST_POCKET_U.fromCentre), belowNeckM: m(CHEST_POCKET_U.belowNeck), halfWidthM: m(CHEST_POCKET_U.halfWidth), sideDepthM: m(CHEST_POCKET_U.sideDepth), depthM: m(CHEST_POCKET_U.depth) },
  };
}

/**
 * The garment's fold map (its creases, fold-map.ts) as PNG bytes; the same for every colourway of a garment at the
 * same measurements, so made once per build (its key: the product and the measurements).
 */
function foldMapPng(atlas: FoldAtlas, key: string): Uint8Array {
  let png = foldMapCache.get(key);
  if (!png) {
    png = encodePngRgb(atlas.render(), FOLD_ATLAS_PX, FOLD_ATLAS_PX);
    foldMapCache.set(key, png);
  }
  return png;
}
const foldMapCache = new Map<string, Uint8Array>();

/**
 * Node has Blob but no FileReader, which GLTFExporter's binary path uses. Installed only for the duration of one
 * export and removed afterwards, so nothing else in the process sees a fake browser API.
 */
class NodeFileReader {
  result: ArrayBuffer | null = null;
  onloadend: (() => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((buffer) => {
      this.result = buffer;
      this.onloadend?.();
    });
  }
}

/**
 * Exports one colourway of a 3D product as GLB bytes (a new buffer the caller owns).
 * @param measurementsCm the garment's measurements to build (one size's row of its chart).
 *   @default {@link referenceMeasurementsCm} of the product (its size M)
 */
export async function exportGarmentGlb(p: ProductSpec, colour: ProductSpec['colourways'][number], measurementsCm: GarmentMeasurementsCm = referenceMeasurementsCm(p)): Promise<Uint8Array> {
  const atlas = new FoldAtlas();
  const scene = garmentScene(p, colour, measurementsCm, atlas);
  const g = globalThis as { FileReader?: unknown };
  const had = 'FileReader' in g;
  const previous = g.FileReader;
  if (!had) g.FileReader = NodeFileReader;
  try {
    const result = await new GLTFExporter().parseAsync(scene, { binary: true, onlyVisible: false });
    if (!(result instanceof ArrayBuffer)) throw new Error('GLTFExporter did not return binary output');
    const glb = new Uint8Array(result);
    if (p.pattern === 'plaid') return addBaseColorTexture(glb, checkTilePng(fabricFor(p, colour, p.colourways.indexOf(colour))), `${p.id}-${colour.code}-check`, CHECK_REPEAT_CM);
    if (p.pattern === 'floral') return addBaseColorTexture(glb, floralTilePng(fabricFor(p, colour, p.colourways.indexOf(colour))), `${p.id}-${colour.code}-print`, FLORAL_REPEAT_CM);
    if (!garmentFolds(p)) return glb;
    const folded = addNormalTexture(glb, foldMapPng(atlas, `${p.id} ${JSON.stringify(measurementsCm)}`), `${p.id}-folds`);
    if (!atlas.tinted) return folded;
    const linear = (hex: string): [number, number, number] => new THREE.Color(hex).toArray() as [number, number, number];
    // Stripes are the vertices' colours, multiplied by the base colour: on them the atlas carries the shades alone.
    const white: [number, number, number] = [1, 1, 1];
    const striped = p.pattern === 'stripes';
    return addBaseColorAtlas(folded, encodePngRgb(atlas.renderTint(striped ? white : linear(colour.primary), striped ? white : linear(colour.trim)), FOLD_ATLAS_PX, FOLD_ATLAS_PX), `${p.id}-${colour.code}-front`);
  } finally {
    if (!had) delete g.FileReader;
    else g.FileReader = previous;
    scene.traverse((o) => {
      if (o instanceof THREE.Mesh) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    });
  }
}
