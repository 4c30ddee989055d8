import { describe, expect, it } from 'vitest';
import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';
import { raisedHandAnchors } from './hand-raised';

const W = 720;
const H = 1280;

/** A person facing the camera, shoulders 0.2 of the frame wide; the right arm (image left) placed by the caller. */
function pose(rightElbow: [number, number], rightWrist: [number, number], wristVisibility = 1): NormalizedLandmark[] {
  const lm: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5, z: 0, visibility: 1, presence: 1 }));
  const set = (i: number, x: number, y: number, visibility = 1) => (lm[i] = { x, y, z: 0, visibility, presence: 1 });
  set(PoseLandmark.leftShoulder, 0.6, 0.3);
  set(PoseLandmark.rightShoulder, 0.4, 0.3);
  set(PoseLandmark.leftElbow, 0.62, 0.42);
  set(PoseLandmark.leftWrist, 0.63, 0.52);
  set(PoseLandmark.rightElbow, ...rightElbow);
  set(PoseLandmark.rightWrist, rightWrist[0], rightWrist[1], wristVisibility);
  set(PoseLandmark.rightIndex, rightWrist[0], rightWrist[1] - 0.03);
  set(PoseLandmark.rightPinky, rightWrist[0] + 0.01, rightWrist[1] - 0.025);
  return lm;
}

describe('raised hand gate', () => {
  it('a forearm lifted in front of the chest is raised; the hanging arm is not', () => {
    const lm = pose([0.36, 0.42], [0.42, 0.33]);
    const a = raisedHandAnchors(lm, 'right', W, H);
    expect(a?.wristX).toBeCloseTo(0.42, 9);
    expect(a?.indexY).toBeCloseTo(0.3, 9);
    expect(raisedHandAnchors(lm, 'left', W, H)).toBeNull();
  });

  it('a wrist below its elbow (hands on hips, arms down) is not raised', () => {
    expect(raisedHandAnchors(pose([0.36, 0.42], [0.4, 0.5]), 'right', W, H)).toBeNull();
  });

  it('an arm stretched out sideways (beyond half the shoulders plus an upper arm) is not pointing', () => {
    // Upper arm 0.12 of the width long; half the shoulders 0.1: the limit is 0.22 from the centre.
    expect(raisedHandAnchors(pose([0.28, 0.29], [0.16, 0.27]), 'right', W, H)).toBeNull();
  });

  it('an unseen wrist is not looked for (MediaPipe’s visibility gate, 0.1)', () => {
    expect(raisedHandAnchors(pose([0.36, 0.42], [0.42, 0.33], 0.05), 'right', W, H)).toBeNull();
  });
});
