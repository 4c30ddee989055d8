import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { compressionWeight, CompressionWrinkles, FULL_BUCKLE_RAD, STRAIGHT_LIMB_RAD } from './compression-wrinkles';
import { B, BONE_COUNT, T_POSE_JOINTS_M } from './humanoid';

const deg = (d: number): number => (d * Math.PI) / 180;

describe('compression weight by joint angle', () => {
  it('is 0 for a straight limb (within landmark noise) and rises with the bend to 1 at a right angle', () => {
    expect(compressionWeight(0)).toBe(0);
    expect(compressionWeight(STRAIGHT_LIMB_RAD)).toBe(0);
    let last = 0;
    for (let d = 12; d <= 90; d += 6) {
      const w = compressionWeight(deg(d));
      expect(w).toBeGreaterThan(last);
      last = w;
    }
    expect(compressionWeight(FULL_BUCKLE_RAD)).toBe(1);
    expect(compressionWeight(deg(150))).toBe(1);
  });
});

describe('CompressionWrinkles on the solved skeleton', () => {
  /** Slot = humanoid index (the demo GLBs' order). */
  const slots = Array.from({ length: BONE_COUNT }, (_, b) => b);
  const make = (): CompressionWrinkles => new CompressionWrinkles(slots, T_POSE_JOINTS_M, new THREE.Matrix3(), 'jersey');
  const identity = (): THREE.Quaternion[] => Array.from({ length: BONE_COUNT }, () => new THREE.Quaternion());

  it('the bind pose (every limb straight) compresses nothing', () => {
    const w = make();
    w.update(identity());
    expect(w.uniforms.wrinkleBend.value.every((x) => x === 0)).toBe(true);
  });

  it('an elbow bent 90° forward compresses the elbow fully, its inside facing forward and up the arm; nothing else', () => {
    const w = make();
    const g = identity();
    // The left forearm (along +x in the T-pose) turned to point forward (+z), carrying the hand.
    const bend = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), -Math.PI / 2);
    g[B.leftLowerArm]!.copy(bend);
    g[B.leftHand]!.copy(bend);
    w.update(g);
    const u = w.uniforms;
    expect(u.wrinkleBend.value[B.leftLowerArm]).toBeCloseTo(1, 6);
    for (let b = 0; b < BONE_COUNT; b++) if (b !== B.leftLowerArm) expect(u.wrinkleBend.value[b], `bone ${b}`).toBe(0);
    // Inside of the bend: towards the forearm (+z) and back along the upper arm (−x).
    const inner = u.wrinkleInner.value[B.leftLowerArm]!;
    expect(inner.z).toBeGreaterThan(0.6);
    expect(inner.x).toBeLessThan(-0.6);
    // The elbow's parent for the blend is the upper arm.
    expect(u.wrinkleParent.value[B.leftLowerArm]).toBe(B.leftUpperArm);
  });

  it('a knee bent by 45° compresses it part way; a hanging arm (lowered from the T-pose) does not count as raised', () => {
    const w = make();
    const g = identity();
    const knee = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 0, 0), deg(45));
    g[B.rightLowerLeg]!.copy(knee);
    g[B.rightFoot]!.copy(knee);
    const down = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 0, 1), -Math.PI / 2);
    g[B.leftUpperArm]!.copy(down);
    g[B.leftLowerArm]!.copy(down);
    g[B.leftHand]!.copy(down);
    w.update(g);
    const k = w.uniforms.wrinkleBend.value[B.rightLowerLeg]!;
    expect(k).toBeGreaterThan(0.2);
    expect(k).toBeLessThan(0.8);
    expect(w.uniforms.wrinkleBend.value[B.leftUpperArm]).toBe(0);
    // Raised above the shoulder line instead: the shoulder's cloth is compressed.
    const up = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 0, 1), Math.PI / 3);
    g[B.leftUpperArm]!.copy(up);
    g[B.leftLowerArm]!.copy(up);
    g[B.leftHand]!.copy(up);
    w.update(g);
    expect(w.uniforms.wrinkleBend.value[B.leftUpperArm]).toBeGreaterThan(0.5);
  });
});
