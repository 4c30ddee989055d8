import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { BodyProportions, emptyProportions, imageHipBreadthM, measureProportions, PROPORTION_SMOOTHING } from './body-proportions';

/** A standing body as world landmarks (MediaPipe: metres, y down, hip-centred), `k` times the reference size. */
function standing(k = 1): Float64Array {
  const w = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const set = (i: number, x: number, y: number): void => w.set([k * x, k * y, 0], 3 * i);
  set(L.leftShoulder, 0.17, -0.49);
  set(L.rightShoulder, -0.17, -0.49);
  set(L.leftEar, 0.07, -0.68);
  set(L.rightEar, -0.07, -0.68);
  set(L.leftElbow, 0.17, -0.26);
  set(L.rightElbow, -0.17, -0.26);
  set(L.leftWrist, 0.17, -0.06);
  set(L.rightWrist, -0.17, -0.06);
  set(L.leftHip, 0.12, 0);
  set(L.rightHip, -0.12, 0);
  set(L.leftKnee, 0.12, 0.4);
  set(L.rightKnee, -0.12, 0.4);
  set(L.leftAnkle, 0.12, 0.78);
  set(L.rightAnkle, -0.12, 0.78);
  return w;
}

describe('measureProportions', () => {
  it('reads bone lengths and breadths off the landmarks', () => {
    const p = measureProportions(standing(), emptyProportions());
    expect(p.shoulderHalfM).toBeCloseTo(0.17, 9);
    expect(p.hipHalfM).toBeCloseTo(0.12, 9);
    expect(p.torsoM).toBeCloseTo(0.49, 9);
    expect(p.neckM).toBeCloseTo(0.19, 9);
    expect(p.upperArmM).toBeCloseTo(0.23, 9);
    expect(p.forearmM).toBeCloseTo(0.2, 9);
    expect(p.thighM).toBeCloseTo(0.4, 9);
    expect(p.shinM).toBeCloseTo(0.38, 9);
  });
});

describe('BodyProportions', () => {
  it('starts at the first frame, then moves a share of the way to each new one, and forgets on reset', () => {
    const b = new BodyProportions();
    b.update(standing());
    expect(b.value.torsoM).toBeCloseTo(0.49, 9);
    b.update(standing(1.1));
    expect(b.value.torsoM).toBeCloseTo(0.49 + PROPORTION_SMOOTHING * 0.049, 9);
    expect(b.count).toBe(2);
    b.reset();
    expect(b.count).toBe(0);
    expect(b.value.torsoM).toBe(0);
  });

  it('a frame with a span far off the running value (a mis-detected landmark) does not move it', () => {
    const b = new BodyProportions();
    b.update(standing());
    const bad = standing();
    bad[3 * L.leftWrist + 1] = 0.6; // the wrist found at the knee: forearm 0.86 m
    b.update(bad);
    expect(b.value.forearmM).toBeCloseTo(0.2, 9);
    expect(b.value.upperArmM).toBeCloseTo(0.23, 9);
  });

  it('with the picture, the hips take the breadth the picture shows', () => {
    const w = standing();
    const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
    // 500 px per metre, hips 90 px apart in the picture (0.18 m) while the world landmarks say 0.24 m.
    px[2 * L.leftHip] = 245;
    px[2 * L.rightHip] = 155;
    expect(imageHipBreadthM(w, px, 500)).toBeCloseTo(0.18, 9);
    const b = new BodyProportions();
    b.update(w, px, 500);
    expect(b.value.hipHalfM).toBeCloseTo(0.09, 9);
    // Hips seen edge-on say nothing about their breadth.
    const side = standing();
    side[3 * L.leftHip] = 0.01;
    side[3 * L.leftHip + 2] = 0.12;
    side[3 * L.rightHip] = -0.01;
    side[3 * L.rightHip + 2] = -0.12;
    expect(imageHipBreadthM(side, px, 500)).toBeNaN();
  });
});
