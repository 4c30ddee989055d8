import * as THREE from 'three';
import { B, HUMANOID_BONES } from './humanoid';
import { dominantSlot } from './dominant-slot';
import { SeamMorphs } from './seam-morphs';
import { limitSeamSlope, SideScans } from '../garment/torso-sides';
import type { PersonMaskInput } from '../garment/leg-silhouette';
import { SKIRT_EASE_EACH_SIDE_CM } from '../garment/skirt-silhouette';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * A 3D top worn over the shopper's own shirt encloses it, as the 2D tops do (garment/torso-sides.ts): sized by its
 * chart, the 3D oxford's side seam stood 8–19 px inside his T-shirt on the mirror clip (white strips beside it), and
 * the tee left a quarter of a turned man's plaid shirt bare each side (COCO 241). Each frame, on rows from the
 * armpits to the hem, the cloth's side seam is skinned on the CPU and read outwards on the person mask with the 2D
 * scan (same reach, same stops: the arms' capsules, the first background); that side of the row is widened so the
 * seam lands on the mask's edge.
 *
 * The widening is morph targets on the cloth (one per row and side, applied before skinning, so it turns and bends
 * with the torso and the shading, normals and maps are the cloth's own): a row's target moves the torso's vertices
 * on its side out along the model's x, in proportion to their distance from the centre line up to the seam (a row
 * never folds; an open front barely moves), fading to the next rows. Its weight is the widening in model metres:
 * the scan's px over how many px a metre of it moves the seam on the picture (a turned side that moves little on
 * the picture is not widened).
 */

/** Rows from the armpits to the hem, each a morph target a side. */
export const SIDE_ROWS = 9;
/** The top row below the shoulder joints, × the shoulders → hips length: the armpit (0.1 m on the model's 0.49). */
export const TOP_ROW_BELOW_SHOULDERS = 0.2;
/**
 * A side whose seam a model metre of widening moves less than this × the picture's px per metre is not widened: a
 * body turned past ≈ 75° shows that side edge-on, where the seam is not the outline.
 */
const MIN_GAIN = 0.25;
/** See {@link TorsoSides3d.seams}. */
const SEAM_CANDIDATE_OF_EDGE = 0.75;
/** Torso bones: the cloth they carry most is the torso's. */
const TORSO_BONES: readonly number[] = [B.hips, B.spine, B.chest];

export class TorsoSides3d {
  /** Per row: the row's height, model metres. */
  readonly rowYM = new Float64Array(SIDE_ROWS);
  /**
   * Per row and side (left, right: 2 r + side): the bind pose's seam (the vertex furthest out), its mesh and vertex,
   * -1 where the row has no cloth; it sets the row's direction on the picture.
   */
  private readonly meshOf = new Int32Array(2 * SIDE_ROWS).fill(-1);
  private readonly vertexOf = new Int32Array(2 * SIDE_ROWS).fill(-1);
  /**
   * Per row and side: the targets, and the vertices that may be its outline once posed (within half a row of it and
   * {@link SEAM_CANDIDATE_OF_EDGE} of the way out to the seam or further: the back's seam, a side panel that the
   * turned torso shows furthest out). The one furthest out on the picture is the frame's seam: the bind pose's
   * furthest stood 10 px inside the drawn outline at the mirror clip's hips.
   */
  private readonly seams: SeamMorphs;
  /** Per mesh: the model's +x (the wearer's left), 1 m long, in the mesh's geometry frame. */
  private readonly outwardOf: THREE.Vector3[];
  /** This frame's scans of each side, per row, and the widening they give, px (`scans.add`); and the rows' picture heights. */
  private readonly scans = new SideScans(SIDE_ROWS);
  private readonly rowPx = [new Float64Array(SIDE_ROWS), new Float64Array(SIDE_ROWS)] as const;
  /** This frame's bind-pose seams (x, y px) and the px a model metre of widening moves each along its row, per row and side. */
  private readonly seamPx = new Float64Array(4 * SIDE_ROWS);
  private readonly gain = new Float64Array(2 * SIDE_ROWS);
  private readonly v = new THREE.Vector3();
  /** The morph weights this fit (model metres, per row and side: 2 r + side), as written to every mesh. */
  get weightsM(): Float64Array {
    return this.seams.weightsM;
  }

  /**
   * Picks the seams and adds the morph targets to the meshes' geometries (after any they have).
   * @param meshes the garment's skinned meshes in their bind pose, the model at the world's origin (borrowed).
   * @param bindJointsM the skeleton's joints in the bind pose, model metres, x, y, z per bone.
   * @param skirtHangs the garment's skirt hangs as simulated cloth (a dress; its vertices carry the cloth's
   *   `clothHem` attribute, z > 0): the rows end at the hip joints, where the skirt is pinned; the last one is read as
   *   a skirt encloses what it covers (the shopper's shorts, however wide) and carries the skirt below it, all of it
   *   (its sides are skinned to the thighs, but hang from the hips), down to the hem: it hangs plumb from there.
   */
  constructor(meshes: readonly THREE.SkinnedMesh[], bindJointsM: ArrayLike<number>, private readonly skirtHangs = false) {
    const shoulderY = (bindJointsM[3 * B.leftUpperArm + 1]! + bindJointsM[3 * B.rightUpperArm + 1]!) / 2;
    const hipY = bindJointsM[3 * B.hips + 1]!;
    const cx = bindJointsM[3 * B.hips]!;
    const topY = shoulderY - TOP_ROW_BELOW_SHOULDERS * (shoulderY - hipY);
    const p = new THREE.Vector3();
    const model: Float32Array[] = [];
    const torso: Uint8Array[] = [];
    let bottomY = Infinity;
    for (const mesh of meshes) {
      mesh.updateMatrixWorld(true);
      const g = mesh.geometry;
      const count = g.getAttribute('position').count;
      const slots = mesh.skeleton.bones.map((b) => TORSO_BONES.includes(HUMANOID_BONES.indexOf(b.name as (typeof HUMANOID_BONES)[number])));
      const xyz = new Float32Array(3 * count);
      const isTorso = new Uint8Array(count);
      const skirt = skirtHangs ? g.getAttribute('clothHem') : undefined;
      for (let i = 0; i < count; i++) {
        p.fromBufferAttribute(g.getAttribute('position'), i).applyMatrix4(mesh.matrixWorld).toArray(xyz, 3 * i);
        const torsoBone = slots[dominantSlot(g.getAttribute('skinIndex'), g.getAttribute('skinWeight'), i)];
        isTorso[i] = (torsoBone || (skirt !== undefined && skirt.getZ(i) > 0)) && p.y < topY + 0.02 ? 1 : 0;
        if (isTorso[i]) bottomY = Math.min(bottomY, p.y);
      }
      model.push(xyz);
      torso.push(isTorso);
    }
    // A dress's bodice and its skirt's top, where his own shirt shows beside it; below, the skirt hangs as drafted.
    if (skirtHangs) bottomY = Math.max(bottomY, hipY);
    const stepM = (topY - bottomY) / (SIDE_ROWS - 1);
    for (let r = 0; r < SIDE_ROWS; r++) this.rowYM[r] = topY - r * stepM;
    // Each torso vertex within half a row of a row, with its row-and-side slot k (2 × row + 0 right / 1 left) and its
    // distance out from the middle, u.
    const eachSideVertex = (visit: (m: number, i: number, k: number, u: number) => void): void =>
      meshes.forEach((_, m) => {
        const xyz = model[m]!;
        for (let i = 0; i < torso[m]!.length; i++) {
          if (!torso[m]![i]) continue;
          const r = Math.round((topY - xyz[3 * i + 1]!) / stepM);
          if (!(r >= 0 && r < SIDE_ROWS)) continue;
          const u = xyz[3 * i]! - cx;
          visit(m, i, 2 * r + (u >= 0 ? 0 : 1), Math.abs(u));
        }
      });
    // The seam: the vertex furthest out on each side within half a row of the row.
    const edgeM = new Float64Array(2 * SIDE_ROWS);
    eachSideVertex((m, i, k, u) => {
      if (u > edgeM[k]!) {
        edgeM[k] = u;
        this.meshOf[k] = m;
        this.vertexOf[k] = i;
      }
    });
    const lists: number[][] = Array.from({ length: 2 * SIDE_ROWS }, () => []);
    const shares: number[][] = Array.from({ length: 2 * SIDE_ROWS }, () => []);
    eachSideVertex((m, i, k, u) => {
      if (u < SEAM_CANDIDATE_OF_EDGE * edgeM[k]!) return;
      lists[k]!.push(m, i);
      shares[k]!.push(Math.min(1, u / edgeM[k]!));
    });
    this.outwardOf = meshes.map((mesh) => new THREE.Vector3(1, 0, 0).applyMatrix3(new THREE.Matrix3().setFromMatrix4(mesh.matrixWorld.clone().invert())));
    // No cloth at the armpits: not a top (trousers, a skirt's waist).
    this.present = this.meshOf[0]! >= 0 || this.meshOf[1]! >= 0;
    const targetsOf = (m: number): THREE.BufferAttribute[] => {
      const out = this.outwardOf[m]!;
      const xyz = model[m]!;
      const isTorso = torso[m]!;
      return Array.from({ length: 2 * SIDE_ROWS }, (_, k) => {
        const r = k >> 1;
        const left = (k & 1) === 0;
        const disp = new Float32Array(xyz.length);
        const edge = edgeM[k]!;
        if (edge > 0) {
          for (let i = 0; i < isTorso.length; i++) {
            if (!isTorso[i]) continue;
            const u = xyz[3 * i]! - cx;
            if (left !== u >= 0) continue;
            // Tent between the neighbouring rows; the last row carries the cloth below it down to the hem (a top's
            // hem, a hanging skirt: plumb from the hips).
            const f = (topY - xyz[3 * i + 1]!) / stepM - r;
            const tent = r === SIDE_ROWS - 1 && f > 0 ? 1 : Math.max(0, 1 - Math.abs(f));
            const w = (left ? 1 : -1) * tent * Math.min(1, Math.abs(u) / edge);
            disp[3 * i] = out.x * w;
            disp[3 * i + 1] = out.y * w;
            disp[3 * i + 2] = out.z * w;
          }
        }
        return new THREE.BufferAttribute(disp, 3);
      });
    };
    this.seams = new SeamMorphs(
      meshes,
      lists.map((l) => Int32Array.from(l)),
      shares.map((l) => Float32Array.from(l)),
      this.present ? targetsOf : null,
    );
  }

  /** Does the garment have a torso with side seams at its armpits (false for trousers, a skirt)? Else it has no targets. */
  readonly present: boolean;

  /** Unwidened (the morph weights to 0): a hidden garment, or before a fit. */
  reset(): void {
    this.seams.reset();
  }

  /**
   * Widens the torso's sides onto the person mask, as the garment is posed now (its bones' world matrices up to
   * date).
   * @param frameFromScene world → camera px.
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param armCapsules the forearms and hands (armCapsulesPx, borrowed).
   * @param pxPerM camera px per model metre (the garment's scale).
   */
  fit(frameFromScene: THREE.Matrix4, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array, pxPerM: number): void {
    this.reset();
    if (!this.present) return;
    this.scans.begin(lm, cmPerPx, armCapsules);
    this.seams.pose();
    const s = this.seamPx;
    for (let k = 0; k < 2 * SIDE_ROWS; k++) {
      const m = this.meshOf[k]!;
      if (m < 0) {
        s[2 * k] = Number.NaN;
        continue;
      }
      this.seams.posedPx(m, this.vertexOf[k]!, frameFromScene, this.v);
      s[2 * k] = this.v.x;
      s[2 * k + 1] = this.v.y;
    }
    // A hanging skirt's hip row reaches as a 2D skirt's does (skirt-silhouette.ts): nothing worn on one leg stands
    // further out than the hips' spacing.
    const hipsPx = Math.hypot(lm[2 * L.leftHip]! - lm[2 * L.rightHip]!, lm[2 * L.leftHip + 1]! - lm[2 * L.rightHip + 1]!);
    for (let r = 0; r < SIDE_ROWS; r++) {
      const l = 4 * r;
      const dx = s[l]! - s[l + 2]!;
      const dy = s[l + 1]! - s[l + 3]!;
      const len = Math.hypot(dx, dy);
      for (let side = 0; side < 2; side++) {
        const k = 2 * r + side;
        this.rowPx[side]![r] = Number.isNaN(s[2 * k]!) ? 0 : s[2 * k + 1]!;
        if (!(len > 1e-6)) continue;
        // Along the row, away from the other side's seam.
        const ux = (side === 0 ? dx : -dx) / len;
        const uy = (side === 0 ? dy : -dy) / len;
        this.seams.outermost(k, ux, uy, frameFromScene);
        const gain = this.seams.gain(k, this.outwardOf, side === 0 ? 1 : -1, ux, uy, frameFromScene);
        this.gain[k] = gain;
        if (!(gain > MIN_GAIN * pxPerM)) continue;
        const ex = this.seams.edgePx[2 * k]!;
        const ey = this.seams.edgePx[2 * k + 1]!;
        if (this.skirtHangs && r === SIDE_ROWS - 1) {
          this.scans.enclose(side, r, mask, ex, ey, ux, uy, hipsPx, SKIRT_EASE_EACH_SIDE_CM / cmPerPx);
        } else {
          this.scans.scan(side, r, mask, ex, ey, ux, uy, cmPerPx);
        }
      }
    }
    this.scans.takeInLine(cmPerPx);
    let any = false;
    for (let side = 0; side < 2; side++) {
      const add = this.scans.add[side]!;
      for (let r = 0; r < SIDE_ROWS; r++) {
        add[r] = Math.max(0, add[r]!);
        if (add[r]! > 0) any = true;
      }
    }
    if (!any) return;
    for (let side = 0; side < 2; side++) {
      const add = this.scans.add[side]!;
      limitSeamSlope(add, this.rowPx[side]!, SIDE_ROWS - 1);
      for (let r = 0; r < SIDE_ROWS; r++) {
        const k = 2 * r + side;
        this.seams.weightsM[k] = add[r]! > 0 ? add[r]! / this.gain[k]! : 0;
      }
    }
    this.seams.write();
  }
}
