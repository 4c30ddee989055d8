import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { armInFront, createOcclusionRegions, insideTorso, occlusionRegions, WRIST_IN_FRONT_M } from './occlusion-regions';

/** A person facing the camera, arms hanging at their sides (camera pixels; the wearer's left on the image right). */
function standing(): { px: Float64Array; world: Float64Array } {
  const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const world = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const put = (i: number, x: number, y: number, zM = 0): void => {
    px[2 * i] = x;
    px[2 * i + 1] = y;
    world[3 * i] = (x - 640) / 400;
    world[3 * i + 1] = (y - 500) / 400;
    world[3 * i + 2] = zM;
  };
  put(L.leftEar, 670, 180);
  put(L.rightEar, 610, 180);
  put(L.leftShoulder, 720, 300);
  put(L.rightShoulder, 560, 300);
  put(L.leftElbow, 740, 420);
  put(L.rightElbow, 540, 420);
  put(L.leftWrist, 745, 530);
  put(L.rightWrist, 535, 530);
  put(L.leftIndex, 748, 560);
  put(L.leftPinky, 742, 560);
  put(L.rightIndex, 532, 560);
  put(L.rightPinky, 538, 560);
  put(L.leftHip, 690, 500);
  put(L.rightHip, 590, 500);
  return { px, world };
}

describe('occlusion regions', () => {
  it('arms at the sides are not in front of the torso: only the head region is on', () => {
    const { px, world } = standing();
    expect(armInFront('left', px, world)).toBe(false);
    expect(armInFront('right', px, world)).toBe(false);
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect([...r.radiiPx]).toEqual([0, 0, 0, 0]);
    expect(r.head[0]).toBe(640);
    expect(r.head[2]).toBeCloseTo(0.3 * 160, 6);
    // The cut line sits between the ears and the shoulder line, above the shoulder seam.
    expect(r.headBottomPx).toBeGreaterThan(180);
    expect(r.headBottomPx).toBeLessThan(300);
    expect(r.boundsPx[1]).toBeLessThan(180);
  });

  it('a wrist well in front of the shoulder (world z) turns that arm on, whatever the image says', () => {
    const { px, world } = standing();
    world[3 * L.leftWrist + 2] = -(WRIST_IN_FRONT_M + 0.05);
    expect(armInFront('left', px, world)).toBe(true);
    expect(armInFront('right', px, world)).toBe(false);
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect(r.radiiPx[0]).toBeGreaterThan(0);
    expect(r.radiiPx[1]).toBeGreaterThan(0);
    expect(r.radiiPx[2]).toBe(0);
    // The hand capsule runs past the knuckles towards the fingertips.
    expect(r.capsules[7]).toBeGreaterThan(560);
    expect(r.boundsPx[2]).toBeGreaterThan(745);
    // A garment with long sleeves keeps its sleeve over the forearm: only the hand is redrawn.
    occlusionRegions(px, world, r, false);
    expect(r.radiiPx[0]).toBe(0);
    expect(r.radiiPx[1]).toBeGreaterThan(0);
    // Only 3D garments worn (their arm stand-ins hide the cloth behind the hand by depth): neither is redrawn.
    occlusionRegions(px, world, r, false, false);
    expect([...r.radiiPx]).toEqual([0, 0, 0, 0]);
  });

  it('a forearm across the belly is in front even with no depth', () => {
    const { px } = standing();
    px[2 * L.rightWrist] = 690;
    px[2 * L.rightWrist + 1] = 460;
    expect(armInFront('right', px, null)).toBe(true);
  });

  it('with the back to the mirror, a forearm across the torso reaches forward behind the body: not in front', () => {
    const { px, world } = standing();
    // Turned round: the wearer's left shoulder and hip on the picture's left, the right forearm across the back.
    [px[2 * L.leftShoulder], px[2 * L.rightShoulder]] = [px[2 * L.rightShoulder]!, px[2 * L.leftShoulder]!];
    [px[2 * L.leftHip], px[2 * L.rightHip]] = [px[2 * L.rightHip]!, px[2 * L.leftHip]!];
    px[2 * L.rightWrist] = 640;
    px[2 * L.rightWrist + 1] = 460;
    expect(armInFront('right', px, null)).toBe(false);
    // A wrist nearer the camera than the shoulder (a hand behind the back) still is.
    world[3 * L.rightWrist + 2] = -(WRIST_IN_FRONT_M + 0.05);
    expect(armInFront('right', px, world)).toBe(true);
  });

  it('the torso test holds for either winding (facing or turned away)', () => {
    const { px } = standing();
    expect(insideTorso(px, 640, 400)).toBe(true);
    expect(insideTorso(px, 800, 400)).toBe(false);
    [px[2 * L.leftShoulder], px[2 * L.rightShoulder]] = [px[2 * L.rightShoulder]!, px[2 * L.leftShoulder]!];
    [px[2 * L.leftHip], px[2 * L.rightHip]] = [px[2 * L.rightHip]!, px[2 * L.leftHip]!];
    expect(insideTorso(px, 640, 400)).toBe(true);
  });
});
