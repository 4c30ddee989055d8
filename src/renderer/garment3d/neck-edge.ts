import * as THREE from 'three';
import { B } from './humanoid';

/**
 * Round the neck, the ring is cut into this many sectors (15° each); each gives the edge one point, the cloth's
 * highest there (a collar's fold, a crew neck's edge).
 */
export const NECK_EDGE_SECTORS = 24;
/**
 * How far out from the neck's axis the cloth counts as the neckline's, × the model's half shoulder breadth (10 cm on
 * its 17 cm): past a shirt collar's fall (≈ 4 cm out from a 7.5 cm neck), short of the shoulders' tops, which are lower.
 */
export const NECK_EDGE_REACH_OF_HALF_BREADTH = 0.6;

/**
 * The top edge of a 3D garment's cloth round the neck (a shirt collar's fold, a crew neck), as the camera sees it:
 * of the ring round the neck, the half nearer the camera, in camera pixels. The shopper's neck is in front of the
 * garment only above this edge (a collar's back rises behind the neck; its front lies in front of the neck's base),
 * so the neck's occluder ends there (scene/occlusion-regions.ts `addNeckEdge`).
 *
 * Picks its vertices once, in the bind pose: per sector round the neck joint's vertical axis, the highest vertex of
 * the cloth within {@link NECK_EDGE_REACH_OF_HALF_BREADTH} of it and above the chest joint. Each frame they are
 * skinned on the CPU (three's `getVertexPosition`, a few dozen vertices). Owns nothing on the GPU.
 */
export class NeckEdge {
  /** This frame's edge: x, y camera pixels, `count` points in order round the neck (length 2 × sectors). */
  readonly pointsPx = new Float32Array(2 * NECK_EDGE_SECTORS);
  count = 0;
  /** Per sector: its mesh and vertex, or none (-1). */
  private readonly meshOf: Int32Array;
  private readonly vertexOf: Int32Array;
  private readonly ring = new Float32Array(3 * NECK_EDGE_SECTORS);
  private readonly v = new THREE.Vector3();
  /** Per mesh, its skinned frame → world, renewed each update. */
  private readonly worldOf: THREE.Matrix4[];

  /**
   * @param meshes the garment's skinned meshes, in their bind pose (borrowed).
   * @param bindJointsM the skeleton's joints in the bind pose, model metres, x, y, z per bone.
   */
  constructor(
    private readonly meshes: readonly THREE.SkinnedMesh[],
    bindJointsM: ArrayLike<number>,
    shoulderHalfM: number,
  ) {
    this.meshOf = new Int32Array(NECK_EDGE_SECTORS).fill(-1);
    this.vertexOf = new Int32Array(NECK_EDGE_SECTORS).fill(-1);
    const nx = bindJointsM[3 * B.neck]!;
    const nz = bindJointsM[3 * B.neck + 2]!;
    const chestY = bindJointsM[3 * B.chest + 1]!;
    const reachM = NECK_EDGE_REACH_OF_HALF_BREADTH * shoulderHalfM;
    const topY = new Float64Array(NECK_EDGE_SECTORS).fill(-Infinity);
    const p = new THREE.Vector3();
    this.worldOf = meshes.map(() => new THREE.Matrix4());
    meshes.forEach((mesh, m) => {
      mesh.updateMatrixWorld(true);
      const count = mesh.geometry.getAttribute('position').count;
      for (let i = 0; i < count; i++) {
        mesh.getVertexPosition(i, p).applyMatrix4(mesh.matrixWorld);
        const dx = p.x - nx;
        const dz = p.z - nz;
        if (p.y <= chestY || Math.hypot(dx, dz) > reachM) continue;
        const a = Math.atan2(dz, dx);
        const s = Math.min(NECK_EDGE_SECTORS - 1, Math.floor(((a + Math.PI) / (2 * Math.PI)) * NECK_EDGE_SECTORS));
        if (p.y > topY[s]!) {
          topY[s] = p.y;
          this.meshOf[s] = m;
          this.vertexOf[s] = i;
        }
      }
    });
  }

  /** Does the garment have cloth round the neck at all (false for trousers, a skirt)? */
  get present(): boolean {
    return this.meshOf.some((m) => m >= 0);
  }

  /**
   * Skins the edge's vertices as the garment is posed now (its bones' and meshes' world matrices up to date) and
   * keeps the half of the ring nearer the camera (world z towards the viewer), in order round it.
   * @param frameFromScene world → camera pixels.
   */
  update(frameFromScene: THREE.Matrix4): void {
    const r = this.ring;
    let meanZ = 0;
    let n = 0;
    // getVertexPosition skins into the mesh's frame through its bindMatrixInverse, which three only renews when it
    // updates the mesh's world matrix for the render, after this: undone by its own inverse, the skinned vertex is in
    // the world whatever its age.
    this.meshes.forEach((mesh, m) => this.worldOf[m]!.copy(mesh.bindMatrixInverse).invert());
    for (let s = 0; s < NECK_EDGE_SECTORS; s++) {
      const m = this.meshOf[s]!;
      if (m < 0) continue;
      const mesh = this.meshes[m]!;
      mesh.getVertexPosition(this.vertexOf[s]!, this.v).applyMatrix4(this.worldOf[m]!).applyMatrix4(frameFromScene);
      this.v.toArray(r, 3 * s);
      meanZ += this.v.z;
      n++;
    }
    this.count = 0;
    if (n < 2) return;
    meanZ /= n;
    // The near half is one arc of the ring: start after a far (or empty) sector so it comes out in one piece.
    const near = (s: number): boolean => this.meshOf[s]! >= 0 && r[3 * s + 2]! >= meanZ;
    let start = 0;
    while (start < NECK_EDGE_SECTORS && near(start)) start++;
    for (let k = 1; k <= NECK_EDGE_SECTORS; k++) {
      const s = (start + k) % NECK_EDGE_SECTORS;
      if (!near(s)) continue;
      this.pointsPx[2 * this.count] = r[3 * s]!;
      this.pointsPx[2 * this.count + 1] = r[3 * s + 1]!;
      this.count++;
    }
  }
}
