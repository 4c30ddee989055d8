import * as THREE from 'three';
import { appendMorphTargets } from './morph-targets';

/**
 * The morph targets a fit moves a garment's cloth by onto the shopper's outline, and the posed edges it reads them
 * from (torso-sides-3d.ts, limb-sides-3d.ts). Per target: the vertices that may be the cloth's edge once posed; each
 * frame the one furthest along a picture direction is the edge, and how far a unit weight of the target moves it on
 * the picture is its gain. Allocates nothing per frame.
 */
export class SeamMorphs {
  /** The weights this fit (model metres, per target), as written to every mesh. */
  readonly weightsM: Float64Array;
  /** This frame's edge per target, camera px (x, y), as {@link outermost} found it. */
  readonly edgePx: Float64Array;
  private readonly edgeMesh: Int32Array;
  private readonly edgeVertex: Int32Array;
  private readonly edgeShare: Float64Array;
  /** Per mesh: where these targets start among its morph targets. */
  private readonly firstTarget: Int32Array;
  /** Per mesh: its skinned vertices into the world (the inverse of its bindMatrixInverse), as of {@link pose}. */
  private readonly worldOf: THREE.Matrix4[];
  private readonly v = new THREE.Vector3();
  private readonly d = new THREE.Vector4();

  /**
   * Adds the targets to the meshes' geometries, after any they have.
   * @param candidates per target: mesh, vertex pairs that may be its edge.
   * @param candidateShare per target, per candidate: how much of a unit weight moves it.
   * @param targetsOf per mesh: its targets' offsets (one per target, in order); none added when null.
   */
  constructor(
    private readonly meshes: readonly THREE.SkinnedMesh[],
    private readonly candidates: readonly Int32Array[],
    private readonly candidateShare: readonly Float32Array[],
    targetsOf: ((m: number) => THREE.BufferAttribute[]) | null,
  ) {
    const count = candidates.length;
    this.weightsM = new Float64Array(count);
    this.edgePx = new Float64Array(2 * count);
    this.edgeMesh = new Int32Array(count);
    this.edgeVertex = new Int32Array(count);
    this.edgeShare = new Float64Array(count);
    this.worldOf = meshes.map(() => new THREE.Matrix4());
    this.firstTarget = new Int32Array(meshes.length).fill(-1);
    if (targetsOf) meshes.forEach((mesh, m) => (this.firstTarget[m] = appendMorphTargets(mesh, targetsOf(m))));
  }

  /** Before reading edges this frame: the meshes as posed now (their bones' world matrices up to date). */
  pose(): void {
    // See NeckEdge.update: the skinned vertex into the world through the inverse of its bindMatrixInverse.
    this.meshes.forEach((mesh, m) => this.worldOf[m]!.copy(mesh.bindMatrixInverse).invert());
  }

  /** Vertex `i` of mesh `m` as drawn now (skinned, morphed), camera px, into `out`. */
  posedPx(m: number, i: number, frameFromScene: THREE.Matrix4, out: THREE.Vector3): THREE.Vector3 {
    return this.meshes[m]!.getVertexPosition(i, out).applyMatrix4(this.worldOf[m]!).applyMatrix4(frameFromScene);
  }

  /** Target `k`'s edge this frame: of its candidates, the one furthest along (ux, uy) on the picture; false: none. */
  outermost(k: number, ux: number, uy: number, frameFromScene: THREE.Matrix4): boolean {
    const list = this.candidates[k]!;
    let best = -Infinity;
    for (let j = 0; j < list.length; j += 2) {
      const m = list[j]!;
      const i = list[j + 1]!;
      this.posedPx(m, i, frameFromScene, this.v);
      const along = this.v.x * ux + this.v.y * uy;
      if (along <= best) continue;
      best = along;
      this.edgePx[2 * k] = this.v.x;
      this.edgePx[2 * k + 1] = this.v.y;
      this.edgeMesh[k] = m;
      this.edgeVertex[k] = i;
      this.edgeShare[k] = this.candidateShare[k]![j >> 1]!;
    }
    return list.length > 0;
  }

  /**
   * Px on the picture along (ux, uy) that a unit weight of target `k` moves its edge this frame: `sign` × its share of
   * the target's direction (`dirOf`, per mesh, in its geometry frame), skinned and projected.
   */
  gain(k: number, dirOf: readonly THREE.Vector3[], sign: number, ux: number, uy: number, frameFromScene: THREE.Matrix4): number {
    const m = this.edgeMesh[k]!;
    const dir = dirOf[m]!;
    const w = sign * this.edgeShare[k]!;
    // w 0: skinned, placed and projected as a direction.
    this.meshes[m]!.applyBoneTransform(this.edgeVertex[k]!, this.d.set(w * dir.x, w * dir.y, w * dir.z, 0));
    this.d.applyMatrix4(this.worldOf[m]!).applyMatrix4(frameFromScene);
    return this.d.x * ux + this.d.y * uy;
  }

  /** As cut (the weights to 0), written. */
  reset(): void {
    this.weightsM.fill(0);
    this.write();
  }

  /** The weights into every mesh's influences. */
  write(): void {
    this.meshes.forEach((mesh, m) => {
      const influences = mesh.morphTargetInfluences;
      const first = this.firstTarget[m]!;
      if (!influences || first < 0) return;
      for (let k = 0; k < this.weightsM.length; k++) influences[first + k] = this.weightsM[k]!;
    });
  }
}
