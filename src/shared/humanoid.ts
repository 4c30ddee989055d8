/**
 * The humanoid skeleton every 3D garment is skinned to: VRM humanoid bone names, in this order. The demo builder
 * writes it, the admin's GLB check requires it, and the renderer's pose solver drives it by index.
 */
export const HUMANOID_BONES = [
  'hips', 'spine', 'chest', 'neck', 'head',
  'leftShoulder', 'leftUpperArm', 'leftLowerArm', 'leftHand',
  'rightShoulder', 'rightUpperArm', 'rightLowerArm', 'rightHand',
  'leftUpperLeg', 'leftLowerLeg', 'leftFoot',
  'rightUpperLeg', 'rightLowerLeg', 'rightFoot',
] as const;
export type HumanoidBone = (typeof HUMANOID_BONES)[number];

/** Each bone's parent (null for the root); parents come before their children in {@link HUMANOID_BONES}. */
export const HUMANOID_PARENT: Readonly<Record<HumanoidBone, HumanoidBone | null>> = {
  hips: null, spine: 'hips', chest: 'spine', neck: 'chest', head: 'neck',
  leftShoulder: 'chest', leftUpperArm: 'leftShoulder', leftLowerArm: 'leftUpperArm', leftHand: 'leftLowerArm',
  rightShoulder: 'chest', rightUpperArm: 'rightShoulder', rightLowerArm: 'rightUpperArm', rightHand: 'rightLowerArm',
  leftUpperLeg: 'hips', leftLowerLeg: 'leftUpperLeg', leftFoot: 'leftLowerLeg',
  rightUpperLeg: 'hips', rightLowerLeg: 'rightUpperLeg', rightFoot: 'rightLowerLeg',
};

/**
 * Bind-pose joint positions of the reference body (metres, glTF axes: y up, +z towards the viewer the garment
 * faces, the wearer's left along +x; T-pose). Proportions are BlazePose's world landmarks of an adult of about
 * 1.75 m (the mirror clip's shopper, median over its frames, rounded): the upper-arm joints sit on the shoulder landmarks, the upper legs
 * on the hip landmarks, so a garment modelled on this body is posed by landmark directions directly. The demo
 * GLBs are built on it; the renderer puts its joints on each shopper's landmarks every frame.
 */
export const HUMANOID_T_POSE_M: Readonly<Record<HumanoidBone, readonly [number, number, number]>> = {
  hips: [0, 0.95, 0],
  spine: [0, 1.1, 0],
  chest: [0, 1.27, 0],
  neck: [0, 1.44, 0],
  head: [0, 1.63, 0],
  leftShoulder: [0.04, 1.44, 0],
  leftUpperArm: [0.17, 1.44, 0],
  leftLowerArm: [0.4, 1.44, 0],
  leftHand: [0.6, 1.44, 0],
  rightShoulder: [-0.04, 1.44, 0],
  rightUpperArm: [-0.17, 1.44, 0],
  rightLowerArm: [-0.4, 1.44, 0],
  rightHand: [-0.6, 1.44, 0],
  leftUpperLeg: [0.12, 0.95, 0],
  leftLowerLeg: [0.12, 0.55, 0],
  leftFoot: [0.12, 0.17, 0],
  rightUpperLeg: [-0.12, 0.95, 0],
  rightLowerLeg: [-0.12, 0.55, 0],
  rightFoot: [-0.12, 0.17, 0],
};
