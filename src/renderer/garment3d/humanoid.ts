import { HUMANOID_BONES, HUMANOID_PARENT, HUMANOID_T_POSE_M, type HumanoidBone } from '../../shared/humanoid';

export { HUMANOID_BONES, type HumanoidBone };
/**
 * The humanoid skeleton our 3D garments are skinned to (src/shared/humanoid.ts), by index: bind pose = T-pose,
 * metres, glTF axes (y up, +z towards the viewer the garment faces, the wearer's left along +x). Any GLB with these
 * bone names can be worn.
 */
export const BONE_COUNT = HUMANOID_BONES.length;

/** Index of each bone in {@link HUMANOID_BONES} (and in every per-bone array of this folder). */
export const B = Object.fromEntries(HUMANOID_BONES.map((name, i) => [name, i])) as Record<HumanoidBone, number>;

/** Parent of each bone, by index (-1 for the root); parents come before their children. */
export const PARENT: readonly number[] = HUMANOID_BONES.map((name) => {
  const p = HUMANOID_PARENT[name];
  return p === null ? -1 : B[p];
});

/**
 * Bind-pose joint positions (metres, model space) of the reference body, interleaved x, y, z per bone: the
 * skeleton of the demo GLBs. A loaded garment reads its own skeleton instead; these are the solver's defaults and
 * the tests' reference body.
 */
export const T_POSE_JOINTS_M: Float64Array = Float64Array.from(HUMANOID_BONES.flatMap((name) => HUMANOID_T_POSE_M[name]));
