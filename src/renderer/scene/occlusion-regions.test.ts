import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { aboveHipLine, armInFront, createOcclusionRegions, insideTorso, occlusionRegions, ownTopKeyWeight, ownTopVote, WRIST_IN_FRONT_M } from './occlusion-regions';

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

  it("the shopper's own top is in front of a worn bottom above the hip line only when asked (no garment top worn)", () => {
    const { px, world } = standing();
    px[2 * L.leftKnee] = 690;
    px[2 * L.leftKnee + 1] = 700;
    px[2 * L.rightKnee] = 590;
    px[2 * L.rightKnee + 1] = 700;
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect([...r.ownTopLine]).toEqual([0, 0, 0, 0]);
    expect(aboveHipLine(r, 640, 400)).toBe(false);
    occlusionRegions(px, world, r, true, true, true);
    // Just above the hips (the waistband's place) is in the region, just below is not; the bounds reach the hem.
    expect(aboveHipLine(r, 640, 495)).toBe(true);
    expect(aboveHipLine(r, 640, 505)).toBe(false);
    expect(r.boundsPx[3]).toBeGreaterThanOrEqual(500);
    expect(r.boundsPx[0]).toBeLessThanOrEqual(560);
    // The thighs are sampled a quarter of the way down as the own bottom's colour (the last two samples).
    const n = r.samplesPx.length;
    expect([...r.samplesPx.slice(n - 4)]).toEqual([690, 550, 590, 550]);
  });

  it('keys the own top against the own bottom: the top and the skin are in front, the own waistband is not', () => {
    const skin = [200, 150, 120];
    // A white T-shirt (lit and shaded) over grey shorts.
    const tees = [[230, 230, 228], [215, 214, 210], [150, 148, 140], [225, 224, 222]];
    const shorts = [[120, 120, 122], [110, 111, 112]];
    expect(ownTopKeyWeight([228, 228, 226], skin, tees, shorts)).toBe(1);
    expect(ownTopKeyWeight([118, 118, 120], skin, tees, shorts)).toBe(0);
    expect(ownTopKeyWeight([205, 152, 118], skin, tees, shorts)).toBe(1);
    // A blue shirt tucked into black jeans: the jeans' waistband above the hip line stays under the garment.
    const shirts = [[90, 120, 200], [80, 110, 190], [70, 95, 170], [85, 115, 195]];
    const jeans = [[30, 30, 35], [25, 26, 30]];
    expect(ownTopKeyWeight([28, 28, 33], skin, shirts, jeans)).toBe(0);
    expect(ownTopKeyWeight([86, 116, 196], skin, shirts, jeans)).toBe(1);
  });

  it('votes with its neighbourhood: a shadow inside the own top is top, the waistband edge keeps its own key', () => {
    // A fold's shadow keyed as bottom, surrounded by top on the whole ring: top.
    expect(ownTopVote(0, [1, 1, 1, 1, 1, 1, 1, 1])).toBe(1);
    // Six of eight agree (three quarters): still top; a light speck on the own waistband, ring all bottom: bottom.
    expect(ownTopVote(0, [1, 1, 1, 1, 1, 1, 0, 0])).toBeGreaterThan(0.5);
    expect(ownTopVote(1, [0, 0, 0, 0, 0, 0, 0, 0])).toBe(0);
    // On the edge between the top's hem (above) and the waistband (below) half the ring is each: the pixel decides.
    expect(ownTopVote(1, [1, 1, 1, 1, 0, 0, 0, 0])).toBe(1);
    expect(ownTopVote(0, [1, 1, 1, 0, 0, 0, 0, 0])).toBe(0);
    // Ring samples off the person are left out by the caller: none left, the pixel decides.
    expect(ownTopVote(0.3, [])).toBe(0.3);
  });

  it('sizes the vote to the body: a sixth-ish of the shoulder width, off with the region', () => {
    const { px, world } = standing();
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r, true, true, true);
    const shoulderW = Math.hypot(px[2 * L.leftShoulder]! - px[2 * L.rightShoulder]!, px[2 * L.leftShoulder + 1]! - px[2 * L.rightShoulder + 1]!);
    expect(r.ownTopVoteRadiusPx).toBeCloseTo(0.15 * shoulderW, 3);
    occlusionRegions(px, world, r);
    expect(r.ownTopVoteRadiusPx).toBe(0);
  });
});
