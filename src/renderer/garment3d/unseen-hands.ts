import * as THREE from 'three';
import { armInFront, HAND_SAMPLE_LANDMARKS, SKIN_LIKE_GLSL, SKIN_SAMPLES } from '../scene/occlusion-regions';

/**
 * Whether the camera picture shows each hand, for the 3D garment's arm stand-ins (body-stand-ins.ts): an arm the pose
 * puts in front of the body hides the cloth behind it so the camera's arm shows there — but where none of the hand's
 * samples can be skin (`isSkinLike`, the 2D occluder's rule) the pose guessed that arm, e.g. in front of a back turned
 * to the camera (the street frame), and its stand-ins cut a hole through the garment's back. As in 2D, only an arm in
 * front of the torso (`armInFront`) is keyed; one hanging at the side (a hand in a pocket, or out of the picture) keeps
 * its stand-ins. The stand-ins' shader reads the hand's samples from the camera picture each frame.
 */
export interface HandSkinUniforms {
  /** The camera picture and its size in pixels: the cloth shading's own uniforms, shared. */
  clothVideo: THREE.IUniform<THREE.Texture>;
  clothFramePx: THREE.IUniform<THREE.Vector2>;
  /** The hands' sample points, camera pixels: {@link SKIN_SAMPLES} for the wearer's left hand, then the right's. */
  handSamplesPx: THREE.IUniform<THREE.Vector2[]>;
  /** Per hand (left, right): 1 when its arm is in front of the torso, so its stand-ins need the hand seen; else 0. */
  handKeyed: THREE.IUniform<THREE.Vector2>;
}

export function createHandSkinUniforms(clothVideo: THREE.IUniform<THREE.Texture>, clothFramePx: THREE.IUniform<THREE.Vector2>): HandSkinUniforms {
  return {
    clothVideo,
    clothFramePx,
    handSamplesPx: { value: Array.from({ length: 2 * SKIN_SAMPLES }, () => new THREE.Vector2()) },
    handKeyed: { value: new THREE.Vector2() },
  };
}

/** This frame's hands: the sample points on its landmarks (camera pixels, x, y interleaved) and which arms are in front. */
export function setHandSamples(u: HandSkinUniforms, imagePx: ArrayLike<number>, worldM: ArrayLike<number>): void {
  HAND_SAMPLE_LANDMARKS.forEach((landmarks, side) =>
    landmarks.forEach((i, k) => u.handSamplesPx.value[side * SKIN_SAMPLES + k]!.set(imagePx[2 * i]!, imagePx[2 * i + 1]!)),
  );
  u.handKeyed.value.set(armInFront('left', imagePx, worldM) ? 1 : 0, armInFront('right', imagePx, worldM) ? 1 : 0);
}

/**
 * The fragment shader's declarations: the uniforms and `bool handSeen(int side)` (0 the wearer's left, 1 right) —
 * whether that arm is not keyed, or any of its hand's samples can be skin.
 */
export const HAND_SKIN_GLSL = `
  uniform sampler2D clothVideo;
  uniform vec2 clothFramePx;
  uniform vec2 handSamplesPx[${2 * SKIN_SAMPLES}];
  uniform vec2 handKeyed;
  ${SKIN_LIKE_GLSL}
  bool handSeen(int side) {
    if ((side == 0 ? handKeyed.x : handKeyed.y) < 0.5) return true;
    for (int i = 0; i < ${SKIN_SAMPLES}; i++) {
      vec2 px = handSamplesPx[side * ${SKIN_SAMPLES} + i];
      if (skinLike(texture2D(clothVideo, vec2(px.x / clothFramePx.x, 1.0 - px.y / clothFramePx.y)).rgb)) return true;
    }
    return false;
  }
`;
