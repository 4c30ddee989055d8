import * as THREE from 'three';
import type { PersonMask } from '../../shared/pose';

/**
 * The engine's person mask as a GPU texture (red channel, 0 = background, 1 = person), sampled in the camera
 * frame's normalised coordinates with v = y / height (rows are uploaded top row first, no flip). Until a mask
 * arrives, and whenever the engine sends none, it is a 1×1 "person everywhere" texture, so occluders fall back to
 * their shapes alone.
 *
 * Materials share `uniform` (not the texture): when the mask's size changes the texture is replaced and every
 * material sees the new one. Owns its textures; `dispose()` frees them.
 */
export class PersonMaskTexture {
  readonly uniform: { value: THREE.DataTexture };
  private readonly everywhere: THREE.DataTexture;
  private sized: THREE.DataTexture | null = null;

  constructor() {
    this.everywhere = PersonMaskTexture.make(new Uint8Array([255]), 1, 1);
    this.uniform = { value: this.everywhere };
  }

  /** True while a real mask (not the fallback) is bound. */
  get hasMask(): boolean {
    return this.uniform.value !== this.everywhere;
  }

  /**
   * Shows a new mask. Borrows `mask.data` until the next call (the GPU upload reads it at the next render; the
   * caller must not reuse the buffer before then). Allocates only when the mask's size changes.
   */
  update(mask: PersonMask | null): void {
    if (!mask) {
      this.uniform.value = this.everywhere;
      return;
    }
    let t = this.sized;
    if (!t || t.image.width !== mask.widthPx || t.image.height !== mask.heightPx) {
      t?.dispose();
      t = PersonMaskTexture.make(mask.data, mask.widthPx, mask.heightPx);
      this.sized = t;
    } else {
      (t.image as { data: Uint8Array }).data = mask.data;
    }
    t.needsUpdate = true;
    this.uniform.value = t;
  }

  private static make(data: Uint8Array, w: number, h: number): THREE.DataTexture {
    const t = new THREE.DataTexture(data, w, h, THREE.RedFormat, THREE.UnsignedByteType);
    t.unpackAlignment = 1;
    t.flipY = false;
    t.minFilter = THREE.LinearFilter;
    t.magFilter = THREE.LinearFilter;
    t.generateMipmaps = false;
    t.needsUpdate = true;
    return t;
  }

  dispose(): void {
    this.everywhere.dispose();
    this.sized?.dispose();
    this.sized = null;
  }
}
