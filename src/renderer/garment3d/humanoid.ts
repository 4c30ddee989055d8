import { HUMANOID_BONES, type HumanoidBone } from '../../shared/humanoid';

export { HUMANOID_BONES, type HumanoidBone };
/**
 * The humanoid skeleton our 3D garments are skinned to: 19 bones named as VRM's humanoid set, bind pose = T-pose,
 * metres, glTF axes (y up, +z towards the viewer the garment faces, the wearer's left along +x). The demo
 * collection's GLBs are built on it (src/core/demo/model3d.ts); any GLB with these bone names can be worn.
 */
export const BONE_COUNT = HUMANOID_BONES.length;

/** Index of each bone in {@link HUMANOID_BONES} (and in every per-bone array of this folder). */
export const B = Object.fromEntries(HUMANOID_BONES.map((name, i) => [name, i])) as Record<HumanoidBone, number>;

/** Parent of each bone, by index (-1 for the root); parents come before their children. */
export const PARENT: readonly number[] = [
  -1, B.hips, B.spine, B.chest, B.neck,
  B.chest, B.leftShoulder, B.leftUpperArm, B.leftLowerArm,
  B.chest, B.rightShoulder, B.rightUpperArm, B.rightLowerArm,
  B.hips, B.leftUpperLeg, B.leftLowerLeg,
  B.hips, B.rightUpperLeg, B.rightLowerLeg,
];

/**
 * Bind-pose joint positions (metres, model space) of a 1.70 m adult in T-pose, interleaved x, y, z per bone: the
 * skeleton of the demo GLBs. A loaded garment reads its own skeleton instead; these are the solver's defaults and
 * the tests' reference body.
 */
export const T_POSE_JOINTS_M: Float64Array = Float64Array.from([
  0, 0.95, 0, 0, 1.08, 0, 0, 1.25, 0, 0, 1.45, 0, 0, 1.55, 0,
  0.05, 1.4, 0, 0.19, 1.4, 0, 0.46, 1.4, 0, 0.71, 1.4, 0,
  -0.05, 1.4, 0, -0.19, 1.4, 0, -0.46, 1.4, 0, -0.71, 1.4, 0,
  0.1, 0.92, 0, 0.1, 0.5, 0, 0.1, 0.08, 0,
  -0.1, 0.92, 0, -0.1, 0.5, 0, -0.1, 0.08, 0,
]);
