import { describe, expect, it } from 'vitest';
import { HAND_ROI_FROM_POSE, handRoiFromLandmarks, handRoiFromPose, transformRect } from './hand-roi';
import { projectHandLandmarks, rectContains } from './hand-landmarks';

const W = 640;
const H = 480;

describe('hand ROI from the pose (HandDetectionsFromPoseToRectsCalculator + recrop transformation)', () => {
  it('an upright hand: centred on the middle knuckle (shifted along the hand), side scale × twice the wrist → knuckle distance, no rotation', () => {
    // Wrist at (320, 300) px, index knuckle (310, 240), pinky knuckle (340, 246): middle = (320, 242).
    const roi = handRoiFromPose({ wristX: 320 / W, wristY: 300 / H, indexX: 310 / W, indexY: 240 / H, pinkyX: 340 / W, pinkyY: 246 / H }, W, H);
    const sidePx = 2 * 58 * HAND_ROI_FROM_POSE.scale;
    expect(roi.rotationRad).toBeCloseTo(0, 6);
    expect(roi.widthNorm * W).toBeCloseTo(sidePx, 3);
    expect(roi.heightNorm * H).toBeCloseTo(sidePx, 3);
    expect(roi.xCenterNorm * W).toBeCloseTo(320, 3);
    // shift_y of the (pre-scale) box along the hand: positive is towards the wrist, i.e. down on screen.
    expect(roi.yCenterNorm * H).toBeCloseTo(242 + HAND_ROI_FROM_POSE.shiftY * 2 * 58, 3);
  });

  it('a hand pointing sideways is rotated so that the fingers point up in the crop, and shifted along the hand', () => {
    // Fingers to the right of the wrist: the rect turns by −90° (its up axis along +x).
    const roi = handRoiFromPose({ wristX: 300 / W, wristY: 240 / H, indexX: 360 / W, indexY: 230 / H, pinkyX: 360 / W, pinkyY: 260 / H }, W, H);
    expect(Math.abs(roi.rotationRad)).toBeGreaterThan(1.2);
    // The shift runs along the hand (x here), towards the wrist at x = 300: left of the knuckles at x = 360.
    expect(roi.xCenterNorm * W).toBeLessThan(360);
    expect(roi.yCenterNorm * H).toBeCloseTo(240, 0);
  });
});

describe('hand ROI from the hand’s own landmarks (next frame)', () => {
  it('contains every landmark and turns with the hand', () => {
    const xyz = new Float32Array(63);
    for (let i = 0; i < 21; i++) {
      // A hand tilted 30°: points along the wrist → knuckle axis and across it.
      const along = i === 0 ? 0 : 40 + (i % 4) * 15;
      const across = i === 0 ? 0 : (Math.floor((i - 1) / 4) - 2) * 12;
      const a = (-60 * Math.PI) / 180;
      xyz[i * 3] = (300 + along * Math.cos(a) - across * Math.sin(a)) / W;
      xyz[i * 3 + 1] = (300 + along * Math.sin(a) + across * Math.cos(a)) / H;
    }
    const roi = handRoiFromLandmarks(xyz, W, H);
    expect(roi.rotationRad).toBeCloseTo((30 * Math.PI) / 180, 1);
    for (let i = 0; i < 21; i++) expect(rectContains(roi, xyz[i * 3]!, xyz[i * 3 + 1]!, W, H), `landmark ${i}`).toBe(true);
  });

  it('projects crop pixels back to the frame through the rect (centre → centre, z scaled by the rect width)', () => {
    const rect = transformRect({ xCenterNorm: 0.5, yCenterNorm: 0.4, widthNorm: 0.2, heightNorm: 0.2 * (W / H), rotationRad: 0.3 }, W, H, 1, 0);
    const raw = new Float32Array(63).fill(112);
    const out = new Float32Array(63);
    projectHandLandmarks(raw, rect, out);
    expect(out[0]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBeCloseTo(0.4, 6);
    expect(out[2]).toBeCloseTo(0.5 * rect.widthNorm, 6);
  });
});
