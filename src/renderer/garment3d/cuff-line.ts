import type * as THREE from 'three';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * How far before the wrist landmark (the joint's centre) a long sleeve's hem ends, as a share of the forearm (elbow →
 * wrist): at the wrist bone (the ulnar styloid), where a tailor ends a jacket's sleeve, ≈ 1–1.5 cm above the joint's
 * centre on a ≈ 25 cm forearm. The fist's heel lies over the joint: cut at the landmark itself, the sleeves covered 0.33
 * of the hand's skin pixels on the mirror clip's frames 60 and 120 (`handCover`), at 0.05 0.30 (and 0.28 at 0.08).
 */
export const CUFF_ABOVE_WRIST_OF_FOREARM = 0.05;

/**
 * Where a long sleeve's second pass ends, in the camera picture: the line square to the forearm (elbow → wrist
 * landmarks) through its hem, {@link CUFF_ABOVE_WRIST_OF_FOREARM} before the wrist. The second pass (long-sleeves.ts) covers the shopper's redrawn forearm again up
 * to it and leaves what lies past it — the hand, as the occluder redraws it from the camera picture — in front. The
 * cuff ends where the picture's hand comes out of it, wherever BlazePose's depth guess puts the hand in 3D: on the
 * mirror clip's frame 120 it puts the fist 10 cm in front of the elbow, pointing at the camera, so the 3D cuff's
 * opening faced the camera with the picture's forearm inside it while the picture's fist lies beside it.
 *
 * Written as x, y (the hem's point on the forearm, camera pixels) and z, w (the unit elbow → wrist direction in the picture); z = w = 0 when
 * the forearm has no length in the picture (nothing is cut: a forearm pointing straight at the camera has no side
 * the hand comes out on).
 *
 * @param imagePx 33 landmarks, camera pixels, interleaved x, y (borrowed).
 * @param side the wearer's arm.
 * @param out written and returned.
 */
export function cuffLinePx(imagePx: ArrayLike<number>, side: 'left' | 'right', out: THREE.Vector4): THREE.Vector4 {
  const elbow = side === 'left' ? L.leftElbow : L.rightElbow;
  const wrist = side === 'left' ? L.leftWrist : L.rightWrist;
  const wx = imagePx[2 * wrist]!;
  const wy = imagePx[2 * wrist + 1]!;
  const dx = wx - imagePx[2 * elbow]!;
  const dy = wy - imagePx[2 * elbow + 1]!;
  const lengthPx = Math.hypot(dx, dy);
  if (!(lengthPx > MIN_FOREARM_PX)) return out.set(wx, wy, 0, 0);
  return out.set(wx - CUFF_ABOVE_WRIST_OF_FOREARM * dx, wy - CUFF_ABOVE_WRIST_OF_FOREARM * dy, dx / lengthPx, dy / lengthPx);
}

/** A forearm shorter than this in the picture (camera pixels) gives no direction. */
const MIN_FOREARM_PX = 1;

/**
 * Cuts a cloth material's fragments past `line` ({@link cuffLinePx}) in the camera picture, and shows the cloth's
 * inside on this side of it: a sleeve's lining seen through its cuff is cloth, not the shopper (his forearm, which
 * the occluder redraws, ends at the line; `CLOTH_INSIDE_SHOWN`, cloth/fabric-material.ts). The material must declare
 * the fragment's camera pixel as `vFramePx` (fabric-material.ts does) and keep its own `onBeforeCompile` and
 * `customProgramCacheKey`, which this wraps (a cut material compiles its own program).
 * @param material modified in place (borrowed).
 * @param line the uniform's value, read each frame (shared by reference: the caller updates it).
 */
export function cutPastCuff(material: THREE.Material, line: THREE.Vector4): void {
  material.defines = { ...material.defines, CLOTH_INSIDE_SHOWN: '' };
  const compile = material.onBeforeCompile.bind(material);
  const key = material.customProgramCacheKey.bind(material);
  material.onBeforeCompile = (shader, renderer) => {
    compile(shader, renderer);
    shader.uniforms.cuffLinePx = { value: line };
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nuniform vec4 cuffLinePx;')
      .replace('#include <clipping_planes_fragment>', '#include <clipping_planes_fragment>\nif (dot(vFramePx - cuffLinePx.xy, cuffLinePx.zw) > 0.0) discard;');
  };
  material.customProgramCacheKey = () => `${key()}-cut-past-cuff`;
}
