import * as THREE from 'three';
import { PoseLandmark as L } from '../../shared/pose';
import type { PersonMaskInput } from '../garment/leg-silhouette';
import { MAX_SLEEVE_OUTER_CM, SLEEVE_SCAN_CAPSULES, sleeveScanCapsulesPx } from '../garment/sleeve-sides';
import { limitSeamSlope, sideWideningPx } from '../garment/torso-sides';
import { dominantSlot } from './dominant-slot';
import { B, HUMANOID_BONES } from './humanoid';
import { appendMorphTargets } from './morph-targets';

/**
 * A 3D sleeve worn over the shopper's own sleeve encloses it, as the 2D sleeves do (garment/sleeve-sides.ts): sized
 * by its chart, the 3D oxford's upper sleeve stood inside his arm's outline on the mirror clip (a white strip of his
 * T-shirt down the outside of it, 3–10 % of his shirt round the upper arm left bare). Each frame, on rows from the
 * shoulder joint to the elbow, the sleeve's outer edge is skinned on the CPU and read outwards on the person mask with
 * the 2D sleeves' bounds (at most 9 cm from the arm's line, the same stops); that row's outer side is widened so the
 * edge lands on the mask's edge. Only the outer side: a hanging arm's inner side lies against the torso, where the
 * mask runs on into it.
 *
 * The widening is morph targets on the cloth, one per row and arm, applied before skinning (it turns with the arm, and
 * the shading and maps are the cloth's own): a row's target moves the sleeve's vertices along the T-pose's up — the
 * side of the arm a hanging arm turns outwards — by how far round the arm towards that side they lie (the top line
 * moves the whole way, the front and back not at all, the underside stays), fading to the next rows. Its weight is the
 * widening in model metres: the scan's px over how many px a metre of it moves the edge on the picture; a row whose
 * top line the pose turns to face the camera (a raised arm, a twist) moves little on the picture and is not widened.
 */

/** Rows from the shoulder joint to the elbow, each a morph target an arm. */
export const SLEEVE_ROWS = 6;
/** A row whose edge a model metre of widening moves less than this × the picture's px per metre is not widened. */
const MIN_GAIN = 0.25;
/** See {@link SleeveSides3d.candidates}: how far round towards the top line a vertex may be the edge. */
const EDGE_CANDIDATE_SHARE = 0.75;
/**
 * An arm is widened only when the picture says which side is outwards: the normal of its shoulder → elbow line within
 * 60° of the shoulder line (an arm held out level leaves up or down a guess).
 */
const MIN_OUTWARD_COS = 0.5;

const ARMS = [
  { side: 'left', upper: B.leftUpperArm, lower: B.leftLowerArm, shoulder: L.leftShoulder, otherShoulder: L.rightShoulder, elbow: L.leftElbow },
  { side: 'right', upper: B.rightUpperArm, lower: B.rightLowerArm, shoulder: L.rightShoulder, otherShoulder: L.leftShoulder, elbow: L.rightElbow },
] as const;

export class SleeveSides3d {
  /**
   * Per arm and row (`SLEEVE_ROWS × arm + row`): the vertices that may be its outer edge once posed (mesh, vertex
   * pairs) — within half a row of it and {@link EDGE_CANDIDATE_SHARE} of the way round to the top line or further. The
   * one furthest out on the picture is the frame's edge.
   */
  private readonly candidates: Int32Array[];
  /** Per arm and row, per candidate: how much of the row's widening its target gives it. */
  private readonly candidateShare: Float32Array[];
  /** Per mesh: where its targets start among its morph targets. */
  private readonly firstTarget: Int32Array;
  /** Per arm: the T-pose's up off the upper arm's axis, model metres (1 m), in each mesh's geometry frame. */
  private readonly upOf: THREE.Vector3[][];
  /** This frame's edge per arm and row: its mesh, vertex and share; its place (x, y px). */
  private readonly edgeMesh = new Int32Array(2 * SLEEVE_ROWS);
  private readonly edgeVertex = new Int32Array(2 * SLEEVE_ROWS);
  private readonly edgeShare = new Float64Array(2 * SLEEVE_ROWS);
  private readonly edgePx = new Float64Array(4 * SLEEVE_ROWS);
  /** This frame's widening, px, per row of one arm, and the rows' places along the arm (px). */
  private readonly addPx = new Float64Array(SLEEVE_ROWS);
  private readonly alongPx = new Float64Array(SLEEVE_ROWS);
  private readonly gain = new Float64Array(2 * SLEEVE_ROWS);
  private readonly capsules = new Float64Array(5 * SLEEVE_SCAN_CAPSULES);
  private readonly worldOf: THREE.Matrix4[];
  private readonly v = new THREE.Vector3();
  private readonly d = new THREE.Vector4();
  /** The morph weights this fit (model metres, per arm and row), as written to every mesh. */
  readonly weightsM = new Float64Array(2 * SLEEVE_ROWS);
  /** Does the garment have cloth round an upper arm (false for trousers, a skirt, a sleeveless top)? Else no targets. */
  readonly present: boolean;

  /**
   * Picks the edge candidates and adds the morph targets to the meshes' geometries (after any they have).
   * @param meshes the garment's skinned meshes in their bind pose (T-pose), the model at the world's origin (borrowed).
   * @param bindJointsM the skeleton's joints in the bind pose, model metres, x, y, z per bone.
   */
  constructor(
    private readonly meshes: readonly THREE.SkinnedMesh[],
    bindJointsM: ArrayLike<number>,
  ) {
    const joint = (b: number): THREE.Vector3 => new THREE.Vector3(bindJointsM[3 * b], bindJointsM[3 * b + 1], bindJointsM[3 * b + 2]);
    const arms = ARMS.map(({ upper, lower }) => {
      const start = joint(upper);
      const axis = joint(lower).sub(start);
      const lengthM = axis.length();
      axis.divideScalar(lengthM || 1);
      const up = new THREE.Vector3(0, 1, 0).addScaledVector(axis, -axis.y).normalize();
      return { start, axis, lengthM, up, bones: [upper, lower] as readonly number[] };
    });
    const rowT = 1 / (SLEEVE_ROWS - 1);
    const p = new THREE.Vector3();
    const r = new THREE.Vector3();
    // Per mesh, per vertex: its arm (-1: none), its place along the arm (0 shoulder … 1 elbow) and its share.
    const armOf: Int8Array[] = [];
    const tOf: Float32Array[] = [];
    const shareOf: Float32Array[] = [];
    const lists: number[][] = Array.from({ length: 2 * SLEEVE_ROWS }, () => []);
    const shares: number[][] = Array.from({ length: 2 * SLEEVE_ROWS }, () => []);
    meshes.forEach((mesh, m) => {
      mesh.updateMatrixWorld(true);
      const g = mesh.geometry;
      const position = g.getAttribute('position');
      const boneOfSlot = mesh.skeleton.bones.map((b) => HUMANOID_BONES.indexOf(b.name as (typeof HUMANOID_BONES)[number]));
      const arm = new Int8Array(position.count).fill(-1);
      const t = new Float32Array(position.count);
      const share = new Float32Array(position.count);
      for (let i = 0; i < position.count; i++) {
        const bone = boneOfSlot[dominantSlot(g.getAttribute('skinIndex'), g.getAttribute('skinWeight'), i)]!;
        const a = arms.findIndex((x) => x.bones.includes(bone));
        if (a < 0) continue;
        const { start, axis, lengthM, up } = arms[a]!;
        p.fromBufferAttribute(position, i).applyMatrix4(mesh.matrixWorld).sub(start);
        const along = p.dot(axis);
        t[i] = along / lengthM;
        // Past the rows' fade: the shoulder's cap, the forearm's sleeve.
        if (t[i]! < -rowT || t[i]! > 1 + rowT) continue;
        r.copy(p).addScaledVector(axis, -along);
        const radiusM = r.length();
        arm[i] = a;
        share[i] = radiusM > 1e-6 ? Math.max(0, r.dot(up) / radiusM) : 0;
        const row = Math.round(t[i]! / rowT);
        if (row < 0 || row >= SLEEVE_ROWS || share[i]! < EDGE_CANDIDATE_SHARE) continue;
        lists[SLEEVE_ROWS * a + row]!.push(m, i);
        shares[SLEEVE_ROWS * a + row]!.push(share[i]!);
      }
      armOf.push(arm);
      tOf.push(t);
      shareOf.push(share);
    });
    this.candidates = lists.map((l) => Int32Array.from(l));
    this.candidateShare = shares.map((l) => Float32Array.from(l));
    this.present = this.candidates.some((c) => c.length > 0);
    this.worldOf = meshes.map(() => new THREE.Matrix4());
    this.firstTarget = new Int32Array(meshes.length);
    this.upOf = arms.map(({ up }) => meshes.map((mesh) => up.clone().applyMatrix3(new THREE.Matrix3().setFromMatrix4(mesh.matrixWorld.clone().invert()))));
    if (!this.present) return;
    meshes.forEach((mesh, m) => {
      const count = armOf[m]!.length;
      const targets: THREE.BufferAttribute[] = [];
      for (let k = 0; k < 2 * SLEEVE_ROWS; k++) {
        const a = Math.floor(k / SLEEVE_ROWS);
        const row = k % SLEEVE_ROWS;
        const up = this.upOf[a]![m]!;
        const disp = new Float32Array(3 * count);
        for (let i = 0; i < count; i++) {
          if (armOf[m]![i] !== a) continue;
          // Tent between the neighbouring rows; the first and last rows fade over a row past the shoulder and elbow.
          const w = Math.max(0, 1 - Math.abs(tOf[m]![i]! / rowT - row)) * shareOf[m]![i]!;
          disp[3 * i] = up.x * w;
          disp[3 * i + 1] = up.y * w;
          disp[3 * i + 2] = up.z * w;
        }
        targets.push(new THREE.BufferAttribute(disp, 3));
      }
      this.firstTarget[m] = appendMorphTargets(mesh, targets);
    });
  }

  /** Unwidened (the morph weights to 0): a hidden garment, or before a fit. */
  reset(): void {
    this.weightsM.fill(0);
    this.write();
  }

  /**
   * Widens each upper sleeve's outer side onto the person mask, as the garment is posed now (its bones' world
   * matrices up to date).
   * @param frameFromScene world → camera px.
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param armCapsules the forearms and hands (armCapsulesPx, borrowed).
   * @param pxPerM camera px per model metre (the garment's scale).
   */
  fit(frameFromScene: THREE.Matrix4, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array, pxPerM: number): void {
    this.reset();
    if (!this.present) return;
    // See NeckEdge.update: the skinned vertex into the world through the inverse of its bindMatrixInverse.
    this.meshes.forEach((mesh, m) => this.worldOf[m]!.copy(mesh.bindMatrixInverse).invert());
    let any = false;
    for (let a = 0; a < 2; a++) {
      const { side, shoulder, otherShoulder, elbow } = ARMS[a]!;
      const sx = lm[2 * shoulder]!;
      const sy = lm[2 * shoulder + 1]!;
      const ax = lm[2 * elbow]! - sx;
      const ay = lm[2 * elbow + 1]! - sy;
      const armPx = Math.hypot(ax, ay);
      const ox = sx - lm[2 * otherShoulder]!;
      const oy = sy - lm[2 * otherShoulder + 1]!;
      const breadthPx = Math.hypot(ox, oy);
      if (!(armPx > 1e-6 && breadthPx > 1e-6)) continue;
      // The arm line's normal on the side away from the other shoulder.
      const towards = (-ay * ox + ax * oy) / (armPx * breadthPx);
      if (Math.abs(towards) < MIN_OUTWARD_COS) continue;
      const nx = ((towards > 0 ? -ay : ay) / armPx);
      const ny = ((towards > 0 ? ax : -ax) / armPx);
      sleeveScanCapsulesPx(armCapsules, side, this.capsules);
      const reachPx = MAX_SLEEVE_OUTER_CM / cmPerPx;
      let widened = false;
      for (let row = 0; row < SLEEVE_ROWS; row++) {
        const k = SLEEVE_ROWS * a + row;
        this.addPx[row] = 0;
        this.alongPx[row] = (row / (SLEEVE_ROWS - 1)) * armPx;
        if (!this.outermost(k, nx, ny, frameFromScene)) continue;
        const ex = this.edgePx[2 * k]!;
        const ey = this.edgePx[2 * k + 1]!;
        this.alongPx[row] = ((ex - sx) * ax + (ey - sy) * ay) / armPx;
        const gain = this.skinnedGain(k, nx, ny, frameFromScene);
        this.gain[k] = gain;
        if (!(gain > MIN_GAIN * pxPerM)) continue;
        // The edge at most the reach from the arm's line.
        const maxPx = reachPx - ((ex - sx) * nx + (ey - sy) * ny);
        if (!(maxPx > 0)) continue;
        this.addPx[row] = sideWideningPx(mask, ex, ey, nx, ny, maxPx, this.capsules, SLEEVE_SCAN_CAPSULES);
        if (this.addPx[row]! > 0) widened = true;
      }
      if (!widened) continue;
      any = true;
      // A row whose scan met a hand, or ran past the reach, is a slope, not a notch: ≤ 45° between rows.
      limitSeamSlope(this.addPx, this.alongPx, SLEEVE_ROWS - 1);
      for (let row = 0; row < SLEEVE_ROWS; row++) {
        const k = SLEEVE_ROWS * a + row;
        this.weightsM[k] = this.addPx[row]! > 0 ? this.addPx[row]! / this.gain[k]! : 0;
      }
    }
    if (any) this.write();
  }

  /** Arm-and-row `k`'s edge this frame: of its candidates, the one furthest along (nx, ny) on the picture. */
  private outermost(k: number, nx: number, ny: number, frameFromScene: THREE.Matrix4): boolean {
    const list = this.candidates[k]!;
    let best = -Infinity;
    for (let j = 0; j < list.length; j += 2) {
      const m = list[j]!;
      const i = list[j + 1]!;
      this.meshes[m]!.getVertexPosition(i, this.v).applyMatrix4(this.worldOf[m]!).applyMatrix4(frameFromScene);
      const out = this.v.x * nx + this.v.y * ny;
      if (out <= best) continue;
      best = out;
      this.edgePx[2 * k] = this.v.x;
      this.edgePx[2 * k + 1] = this.v.y;
      this.edgeMesh[k] = m;
      this.edgeVertex[k] = i;
      this.edgeShare[k] = this.candidateShare[k]![j >> 1]!;
    }
    return list.length > 0;
  }

  /** Px on the picture along (nx, ny) that a unit weight of `k`'s target moves its edge this frame. */
  private skinnedGain(k: number, nx: number, ny: number, frameFromScene: THREE.Matrix4): number {
    const m = this.edgeMesh[k]!;
    const up = this.upOf[Math.floor(k / SLEEVE_ROWS)]![m]!;
    const w = this.edgeShare[k]!;
    // w 0: skinned, placed and projected as a direction.
    this.meshes[m]!.applyBoneTransform(this.edgeVertex[k]!, this.d.set(w * up.x, w * up.y, w * up.z, 0));
    this.d.applyMatrix4(this.worldOf[m]!).applyMatrix4(frameFromScene);
    return this.d.x * nx + this.d.y * ny;
  }

  private write(): void {
    if (!this.present) return;
    this.meshes.forEach((mesh, m) => {
      const influences = mesh.morphTargetInfluences;
      if (!influences) return;
      const first = this.firstTarget[m]!;
      for (let k = 0; k < this.weightsM.length; k++) influences[first + k] = this.weightsM[k]!;
    });
  }
}
