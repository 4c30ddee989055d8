/**
 * What the 3D cloth motion (sim-hem-3d.ts) needs of a garment's free part — a skirt (sim-skirt-3d.ts) or an open
 * jacket's fronts (sim-fronts-3d.ts): the cloth's grid, where each mesh vertex sits on it, and the body read from
 * the posed skeleton every frame, all in the carried model frame (see sim-skirt-3d.ts).
 */
import type * as THREE from 'three';
import { hipJointCentreAt } from '../../shared/hip-joint-centre';
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

/**
 * Writes a part's pins — the first `columns` rest vertices (its top row) carried by `skin`, the carrying bone's
 * skinning matrix in model space, then offset by the layer's position `carryM` — into `pinsM`, and the carrying
 * bone's rotation (its matrix's columns, normalised: where model x, y, z go) into `axes`. Allocation-free.
 */
export function carryPins(restM: Float32Array, columns: number, skin: THREE.Matrix4, carryM: THREE.Vector3, pinsM: Float32Array, axes: Float32Array, scratch: THREE.Vector3): void {
  for (let c = 0; c < columns; c++) {
    scratch.set(restM[3 * c]!, restM[3 * c + 1]!, restM[3 * c + 2]!).applyMatrix4(skin).add(carryM);
    pinsM[3 * c] = scratch.x;
    pinsM[3 * c + 1] = scratch.y;
    pinsM[3 * c + 2] = scratch.z;
  }
  const e = skin.elements;
  for (let k = 0; k < 3; k++) {
    const len = Math.hypot(e[4 * k]!, e[4 * k + 1]!, e[4 * k + 2]!) || 1;
    axes[3 * k] = e[4 * k]! / len;
    axes[3 * k + 1] = e[4 * k + 1]! / len;
    axes[3 * k + 2] = e[4 * k + 2]! / len;
  }
}

/** Writes one end of a capsule (a model-space point plus the layer's position `carryM`) at `capsulesM[at … at + 2]`. */
export function capsuleEnd(capsulesM: Float32Array, at: number, p: THREE.Vector3, carryM: THREE.Vector3): void {
  capsulesM[at] = p.x + carryM.x;
  capsulesM[at + 1] = p.y + carryM.y;
  capsulesM[at + 2] = p.z + carryM.z;
}

/**
 * Writes the capsule between two posed bones' joints (their world positions into the model frame by `objectInverse`,
 * plus `carryM`) and its radius at `capsulesM[o … o + 6]`.
 */
export function boneCapsule(capsulesM: Float32Array, o: number, from: THREE.Object3D, to: THREE.Object3D, radiusM: number, objectInverse: THREE.Matrix4, carryM: THREE.Vector3, scratch: THREE.Vector3): void {
  capsuleEnd(capsulesM, o, scratch.setFromMatrixPosition(from.matrixWorld).applyMatrix4(objectInverse), carryM);
  capsuleEnd(capsulesM, o + 3, scratch.setFromMatrixPosition(to.matrixWorld).applyMatrix4(objectInverse), carryM);
  capsulesM[o + 6] = radiusM;
}

/**
 * Moves the two thighs' capsules' upper ends, at `capsulesM[left …]` and `capsulesM[right …]`, from the skeleton's
 * upper-leg joints — posed on BlazePose's hip landmarks (joint-targets.ts), a pelvis's width apart — to the hip
 * joint centres between them (shared/hip-joint-centre.ts), where a thigh turns.
 */
export function thighsOnHipJoints(capsulesM: Float32Array, left: number, right: number): void {
  for (let c = 0; c < 3; c++) {
    const l = capsulesM[left + c]!;
    const r = capsulesM[right + c]!;
    capsulesM[left + c] = hipJointCentreAt(l, r);
    capsulesM[right + c] = hipJointCentreAt(r, l);
  }
}
