import { describe, expect, it } from 'vitest';
import { PoseLandmark, type NormalizedLandmark } from '../shared/pose';
import { HandStage, type HandModel, type HandModelOutput } from './hand-stage';
import { handRoiFromLandmarks, handRoiFromPose } from './pipeline/hand-roi';
import { projectHandLandmarks } from './pipeline/hand-landmarks';
import type { RgbaFrame } from './pipeline/types';

const W = 640;
const H = 480;
const frame: RgbaFrame = { data: new Uint8Array(W * H * 4), widthPx: W, heightPx: H, timestampMs: 0 };

/** A hand in crop pixels: wrist low in the crop, fingers up (what the model reports for a well-framed hand). */
function cropHand(): Float32Array {
  const raw = new Float32Array(63);
  for (let i = 0; i < 21; i++) {
    raw[i * 3] = 112 + ((i % 5) - 2) * 12;
    raw[i * 3 + 1] = i === 0 ? 170 : 150 - Math.floor(i / 4) * 14;
  }
  return raw;
}

class FakeHandModel implements HandModel {
  runs = 0;
  constructor(private readonly presence = 0.98) {}
  run(): Promise<HandModelOutput> {
    this.runs++;
    return Promise.resolve({ landmarks: cropHand(), presence: this.presence, handedness: 0.9 });
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

function person(rightRaised: boolean): NormalizedLandmark[] {
  const lm: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5, z: 0, visibility: 1, presence: 1 }));
  const set = (i: number, x: number, y: number) => (lm[i] = { x, y, z: 0, visibility: 1, presence: 1 });
  set(PoseLandmark.leftShoulder, 0.6, 0.35);
  set(PoseLandmark.rightShoulder, 0.4, 0.35);
  set(PoseLandmark.leftElbow, 0.63, 0.55);
  set(PoseLandmark.leftWrist, 0.64, 0.72);
  set(PoseLandmark.rightElbow, 0.36, 0.55);
  set(PoseLandmark.rightWrist, 0.4, rightRaised ? 0.4 : 0.72);
  set(PoseLandmark.rightIndex, 0.4, rightRaised ? 0.33 : 0.78);
  set(PoseLandmark.rightPinky, 0.42, rightRaised ? 0.34 : 0.77);
  return lm;
}

describe('hand stage', () => {
  it('runs nothing while no hand is raised', async () => {
    const model = new FakeHandModel();
    const r = await new HandStage(model).process(frame, person(false));
    expect(r).toEqual({ hands: [], runs: 0, ms: 0 });
    expect(model.runs).toBe(0);
  });

  it('runs the model once on the raised hand and puts its landmarks on the frame through the pose’s hand ROI', async () => {
    const model = new FakeHandModel();
    const stage = new HandStage(model);
    const pose = person(true);
    const r = await stage.process(frame, pose);
    expect(model.runs).toBe(1);
    expect(r.hands).toHaveLength(1);
    expect(r.hands[0]!.side).toBe('right');
    const roi = handRoiFromPose({ wristX: 0.4, wristY: 0.4, indexX: 0.4, indexY: 0.33, pinkyX: 0.42, pinkyY: 0.34 }, W, H);
    const expected = new Float32Array(63);
    projectHandLandmarks(cropHand(), roi, expected);
    expect(r.hands[0]!.landmarks[8]!.x).toBeCloseTo(expected[24]!, 6);
    expect(r.hands[0]!.landmarks[8]!.y).toBeCloseTo(expected[25]!, 6);

    // Next frame: the crop follows the hand found (its own landmarks' box), as MediaPipe's hand tracking does.
    const next = await stage.process(frame, pose);
    const roi2 = handRoiFromLandmarks(expected, W, H);
    const expected2 = new Float32Array(63);
    projectHandLandmarks(cropHand(), roi2, expected2);
    expect(next.hands[0]!.landmarks[8]!.x).toBeCloseTo(expected2[24]!, 6);
    expect(next.hands[0]!.landmarks[8]!.y).toBeCloseTo(expected2[25]!, 6);
  });

  it('reports no hand when the model sees none in the crop (presence below 0.5)', async () => {
    const model = new FakeHandModel(0.2);
    const r = await new HandStage(model).process(frame, person(true));
    expect(model.runs).toBe(1);
    expect(r.hands).toEqual([]);
  });
});
