/**
 * What the 3D cloth motion (sim-hem-3d.ts) needs of a garment's free part — a skirt (sim-skirt-3d.ts) or an open
 * jacket's fronts (sim-fronts-3d.ts): the cloth's grid, where each mesh vertex sits on it, and the body read from
 * the posed skeleton every frame, all in the carried model frame (see sim-skirt-3d.ts).
 */
import type * as THREE from 'three';
import type { HemSpec } from './sim-hem';

export interface ClothPart3d {
  /** The cloth's rest shape and grid (model metres, bind pose). */
  readonly spec: HemSpec;
  /** The mesh the part belongs to. */
  readonly mesh: THREE.SkinnedMesh;
  /** The slot (bone texture row) of the bone that carries the pins: the part's vertices take its skinning alone. */
  readonly hipsSlot: number;
  /** Per mesh vertex: fractional column, fractional row, 1 when it follows the cloth (the `clothHem` attribute). */
  readonly vertexGrid: Float32Array;
  /** Per frame (see `update`): pins, capsules and the carrying bone's axes. */
  readonly pinsM: Float32Array;
  readonly capsulesM: Float32Array;
  readonly axes: Float32Array;
  /** Model-space vectors into the mesh's own frame. */
  readonly meshFromModel: THREE.Matrix3;
  /** Reads the posed skeleton into `pinsM`, `capsulesM` and `axes` (allocation-free). */
  update(object: THREE.Object3D, positionPx: THREE.Vector3, scalePxPerM: number): void;
}
