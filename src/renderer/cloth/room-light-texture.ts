/**
 * The room's light on the shopper ({@link RoomLightSolver}) as a GPU texture for the 2D cloth shading: one texel per
 * cell, the light against the picture's mean (1 = average; half floats, linearly filtered), rows top first, spanning
 * the camera frame. Until the first estimate (and for layers drawn without one) a single texel of 1: evenly lit.
 *
 * Materials share `uniforms` (not the texture): when the grid's size changes the texture is replaced and every
 * material sees the new one. Owns its textures and buffers; `dispose()` frees them.
 */
import * as THREE from 'three';
import { RoomLightSolver } from './room-light-field';

/**
 * The uniforms of the room's light in the cloth shading's GLSL: its field (`clothLightField`) and its colour as the
 * 2D garments' tint (`clothTint`: linear RGB factors, the largest 1; set by the store light).
 */
export interface RoomLightUniforms {
  clothLightField: THREE.IUniform<THREE.Texture>;
  clothTint: THREE.IUniform<THREE.Vector3>;
}

/** A 1×1 "evenly lit" texture shared by {@link evenRoomLightUniforms} (one texel, never disposed). */
let evenShared: THREE.DataTexture | null = null;

/** Uniforms of an evenly lit room, for layers drawn without a light field (and 3D garments, which do not read it). */
export function evenRoomLightUniforms(): RoomLightUniforms {
  evenShared ??= makeFieldTexture(1, 1);
  return { clothLightField: { value: evenShared }, clothTint: { value: new THREE.Vector3(1, 1, 1) } };
}

export class RoomLightTexture {
  readonly uniforms: RoomLightUniforms;
  private readonly even = makeFieldTexture(1, 1);
  private sized: THREE.DataTexture | null = null;
  private readonly solver = new RoomLightSolver();
  private field = new Float32Array(0);

  constructor() {
    this.uniforms = { clothLightField: { value: this.even }, clothTint: { value: new THREE.Vector3(1, 1, 1) } };
  }

  /**
   * A new light field from the camera picture scaled down to one pixel per cell (`rgba`: sRGB bytes, rows top
   * first, `cellsX` × `cellsY`; read, not kept). Allocates only when the grid's size changes.
   */
  update(rgba: ArrayLike<number>, cellsX: number, cellsY: number): void {
    const n = cellsX * cellsY;
    if (this.field.length < n) this.field = new Float32Array(n);
    this.solver.solve(rgba, cellsX, cellsY, this.field, 4, 1 / 255);
    this.setField(this.field, cellsX, cellsY);
  }

  /** A field solved elsewhere (the light worker): light against the mean per cell, rows top first; read, not kept. */
  setField(field: ArrayLike<number>, cellsX: number, cellsY: number): void {
    const n = cellsX * cellsY;
    let t = this.sized;
    if (!t || t.image.width !== cellsX || t.image.height !== cellsY) {
      t?.dispose();
      t = makeFieldTexture(cellsX, cellsY);
      this.sized = t;
    }
    const texels = t.image.data as Uint16Array;
    for (let i = 0; i < n; i++) texels[i] = THREE.DataUtils.toHalfFloat(field[i]!);
    t.needsUpdate = true;
    this.uniforms.clothLightField.value = t;
  }

  dispose(): void {
    this.even.dispose();
    this.sized?.dispose();
    this.sized = null;
  }
}

function makeFieldTexture(w: number, h: number): THREE.DataTexture {
  const data = new Uint16Array(w * h).fill(THREE.DataUtils.toHalfFloat(1));
  const t = new THREE.DataTexture(data, w, h, THREE.RedFormat, THREE.HalfFloatType);
  t.flipY = false;
  t.minFilter = THREE.LinearFilter;
  t.magFilter = THREE.LinearFilter;
  t.wrapS = THREE.ClampToEdgeWrapping;
  t.wrapT = THREE.ClampToEdgeWrapping;
  t.generateMipmaps = false;
  t.needsUpdate = true;
  return t;
}
