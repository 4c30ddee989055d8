import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { WRIST_IN_FRONT_M } from '../scene/occlusion-regions';
import { ARM_ALONG_TORSO_DEG, sleeveOverTorso } from './sleeve-over-torso';

/**
 * A person facing the camera (camera pixels; the wearer's left on the image right), upper arms `armDeg` out from the
 * torso's line, forearms hanging straight on from the elbows.
 */
function body(armDeg: number): { px: Float64Array; world: Float64Array } {
  const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const world = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const put = (i: number, x: number, y: number): void => {
    px[2 * i] = x;
    px[2 * i + 1] = y;
    world[3 * i] = (x - 640) / 400;
    world[3 * i + 1] = (y - 500) / 400;
  };
  put(L.leftShoulder, 720, 300);
  put(L.rightShoulder, 560, 300);
  put(L.leftHip, 700, 560);
  put(L.rightHip, 580, 560);
  const a = (armDeg * Math.PI) / 180;
  const upper = 120;
  for (const [s, e, w, sign] of [[L.leftShoulder, L.leftElbow, L.leftWrist, 1], [L.rightShoulder, L.rightElbow, L.rightWrist, -1]] as const) {
    const ex = px[2 * s]! + sign * upper * Math.sin(a);
    const ey = px[2 * s + 1]! + upper * Math.cos(a);
    put(e, ex, ey);
    put(w, ex + sign * upper * Math.sin(a), ey + upper * Math.cos(a));
  }
  return { px, world };
}

describe('sleeveOverTorso', () => {
  it('puts the sleeve of an arm hanging along the body over the torso, of an arm held out under it', () => {
    for (const side of ['left', 'right'] as const) {
      expect(sleeveOverTorso(side, body(5).px, body(5).world)).toBe(true);
      expect(sleeveOverTorso(side, body(ARM_ALONG_TORSO_DEG - 5).px, null)).toBe(true);
      expect(sleeveOverTorso(side, body(ARM_ALONG_TORSO_DEG + 5).px, null)).toBe(false);
      expect(sleeveOverTorso(side, body(90).px, body(90).world)).toBe(false);
    }
  });

  it('keeps the sleeve of an upper arm swung back behind the body under the torso', () => {
    const { px, world } = body(5);
    world[3 * L.leftElbow + 2] = WRIST_IN_FRONT_M + 0.05;
    expect(sleeveOverTorso('left', px, world)).toBe(false);
    expect(sleeveOverTorso('right', px, world)).toBe(true);
  });

  it('puts the sleeve of an arm held out in front of the body (wrist nearer the camera) over the torso', () => {
    const { px, world } = body(60);
    world[3 * L.rightWrist + 2] = -(WRIST_IN_FRONT_M + 0.05);
    expect(sleeveOverTorso('right', px, world)).toBe(true);
    expect(sleeveOverTorso('left', px, world)).toBe(false);
  });
});
