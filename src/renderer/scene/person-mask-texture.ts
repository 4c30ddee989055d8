import * as THREE from 'three';
import { FRAME_SPANNING, invertAffine } from '../../shared/person-mask-at';
import type { PersonMask } from '../../shared/pose';

/**
 * The person mask in a shader: `personMaskAt(frameUv)` (frame-normalised, v = y / height, top down) gives 0..1,
 * sampled through the mask's placement (`PersonMask.frameFromMask`) — bilinear (the texture's linear filter), and for
 * a placed mask zero past its edge: the clamped edge sample times a ramp over the half pixel outside, which is what a
 * bilinear tap with a zero border gives (the CPU's warp, src/inference/pipeline/segmentation.ts, and
 * src/shared/person-mask-at.ts). Uniforms: {@link PersonMaskUniforms}.
 */
export const PERSON_MASK_GLSL = /* glsl */ `
  uniform sampler2D personMask;
  // Frame-normalised → mask-normalised (the inverse of frameFromMask), column-major.
  uniform mat3 personMaskFromFrame;
  // xy: the mask's size in pixels; z: 1 = zero past its edge (a placed mask), 0 = clamp (a frame-spanning one).
  uniform vec3 personMaskEdge;
  float personMaskAt(vec2 frameUv) {
    vec2 uv = (personMaskFromFrame * vec3(frameUv, 1.0)).xy;
    float value = texture2D(personMask, uv).r;
    if (personMaskEdge.z == 0.0) return value;
    vec2 s = uv * personMaskEdge.xy;
    vec2 ramp = clamp(s + 0.5, 0.0, 1.0) * clamp(personMaskEdge.xy + 0.5 - s, 0.0, 1.0);
    return value * ramp.x * ramp.y;
  }
`;

/** The uniforms of {@link PERSON_MASK_GLSL}, shared by every material that samples the mask. */
export interface PersonMaskUniforms {
  personMask: THREE.IUniform<THREE.Texture>;
  personMaskFromFrame: THREE.IUniform<THREE.Matrix3>;
  personMaskEdge: THREE.IUniform<THREE.Vector3>;
}

/** A 1×1 "person everywhere" texture shared by {@link personEverywhereUniforms} (one texel, never disposed). */
let everywhereShared: THREE.DataTexture | null = null;

/** Uniforms of a mask that says "person" everywhere, for layers drawn without one. */
export function personEverywhereUniforms(): PersonMaskUniforms {
  everywhereShared ??= makeMaskTexture(new Uint8Array([255]), 1, 1);
  return { personMask: { value: everywhereShared }, personMaskFromFrame: { value: new THREE.Matrix3() }, personMaskEdge: { value: new THREE.Vector3(1, 1, 0) } };
}

/**
 * The engine's person mask as a GPU texture (red channel, 0 = background, 1 = person; rows uploaded top row first,
 * no flip) with its placement in the camera frame, read in shaders by {@link PERSON_MASK_GLSL}. Until a mask
 * arrives, and whenever the engine sends none, it is a 1×1 "person everywhere" texture, so occluders fall back to
 * their shapes alone.
 *
 * Materials share `uniforms` (not the texture): when the mask's size changes the texture is replaced and every
 * material sees the new one. Owns its textures; `dispose()` frees them.
 */
export class PersonMaskTexture {
  readonly uniforms: PersonMaskUniforms;
  private readonly everywhere: THREE.DataTexture;
  private sized: THREE.DataTexture | null = null;

  constructor() {
    this.everywhere = makeMaskTexture(new Uint8Array([255]), 1, 1);
    this.uniforms = { personMask: { value: this.everywhere }, personMaskFromFrame: { value: new THREE.Matrix3() }, personMaskEdge: { value: new THREE.Vector3(1, 1, 0) } };
  }

  /** True while a real mask (not the fallback) is bound. */
  get hasMask(): boolean {
    return this.uniforms.personMask.value !== this.everywhere;
  }

  /**
   * Shows a new mask. Borrows `mask.data` until the next call (the GPU upload reads it at the next render; the
   * caller must not reuse the buffer before then). Allocates only when the mask's size changes.
   */
  update(mask: PersonMask | null): void {
    const u = this.uniforms;
    if (!mask) {
      u.personMask.value = this.everywhere;
      u.personMaskFromFrame.value.identity();
      u.personMaskEdge.value.set(1, 1, 0);
      return;
    }
    let t = this.sized;
    if (!t || t.image.width !== mask.widthPx || t.image.height !== mask.heightPx) {
      t?.dispose();
      t = makeMaskTexture(mask.data, mask.widthPx, mask.heightPx);
      this.sized = t;
    } else {
      (t.image as { data: Uint8Array }).data = mask.data;
    }
    t.needsUpdate = true;
    u.personMask.value = t;
    const [a, b, c, d, e, f] = mask.frameFromMask ? invertAffine(mask.frameFromMask) : FRAME_SPANNING;
    u.personMaskFromFrame.value.set(a, b, c, d, e, f, 0, 0, 1);
    u.personMaskEdge.value.set(mask.widthPx, mask.heightPx, mask.frameFromMask ? 1 : 0);
  }

  dispose(): void {
    this.everywhere.dispose();
    this.sized?.dispose();
    this.sized = null;
  }
}

function makeMaskTexture(data: Uint8Array, w: number, h: number): THREE.DataTexture {
  const t = new THREE.DataTexture(data, w, h, THREE.RedFormat, THREE.UnsignedByteType);
  t.unpackAlignment = 1;
  t.flipY = false;
  t.minFilter = THREE.LinearFilter;
  t.magFilter = THREE.LinearFilter;
  t.generateMipmaps = false;
  t.needsUpdate = true;
  return t;
}
