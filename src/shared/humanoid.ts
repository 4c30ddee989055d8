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
