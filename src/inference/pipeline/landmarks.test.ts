import { describe, expect, it } from 'vitest';
import {
  decodeLandmarks,
  LANDMARK_STRIDE,
  MODEL_LANDMARK_COUNT,
  projectLandmarks,
  projectWorldLandmarks,
  refineLandmarksFromHeatmap,
} from './landmarks';
import type { NormRect } from './types';

const N = MODEL_LANDMARK_COUNT * LANDMARK_STRIDE;

describe('decodeLandmarks', () => {
  it('normalises by 256 px and puts visibility and presence through a sigmoid', () => {
    const raw = new Float32Array(N);
    raw.set([128, 64, -32, 0, 100], 0);
    const out = new Float32Array(N);
    decodeLandmarks(raw, out);
    expect(Array.from(out.subarray(0, 5))).toEqual([0.5, 0.25, -0.125, 0.5, 1]);
  });
});

describe('refineLandmarksFromHeatmap', () => {
  const side = 64;
  function heatmapWithPeak(lm: number, row: number, col: number, logit: number): Float32Array {
    const hm = new Float32Array(side * side * MODEL_LANDMARK_COUNT).fill(-20);
    hm[(row * side + col) * MODEL_LANDMARK_COUNT + lm] = logit;
    return hm;
  }

  it('moves a landmark to a confident peak within the 7×7 window', () => {
    const lms = new Float32Array(N);
    lms[5 * LANDMARK_STRIDE] = 20.5 / 64;
    lms[5 * LANDMARK_STRIDE + 1] = 30.5 / 64;
    refineLandmarksFromHeatmap(lms, heatmapWithPeak(5, 32, 22, 10));
    expect(lms[5 * LANDMARK_STRIDE]! * 64).toBeCloseTo(22, 3);
    expect(lms[5 * LANDMARK_STRIDE + 1]! * 64).toBeCloseTo(32, 3);
  });

  it('leaves a landmark alone when the heatmap is not confident (peak sigmoid < 0.5)', () => {
    const lms = new Float32Array(N);
    lms[0] = 0.3;
    lms[1] = 0.3;
    refineLandmarksFromHeatmap(lms, heatmapWithPeak(0, 19, 19, -0.1));
    expect(lms[0]).toBeCloseTo(0.3, 6);
    expect(lms[1]).toBeCloseTo(0.3, 6);
  });
});

describe('projectLandmarks', () => {
  it('maps the ROI centre to the rect centre and rotates offsets with the rect', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.4, widthNorm: 0.5, heightNorm: 0.25, rotationRad: Math.PI / 2 };
    const lms = new Float32Array(2 * LANDMARK_STRIDE);
    lms.set([0.5, 0.5, 0.1, 0.9, 0.8, 1, 0.5, 0, 0, 0]);
    const out = new Float32Array(lms.length);
    projectLandmarks(lms, rect, out, 2);
    expect(out[0]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBeCloseTo(0.4, 6);
    expect(out[2]).toBeCloseTo(0.05, 6); // z scaled like x
    expect(out[3]).toBeCloseTo(0.9, 6);
    // +0.5 along the rect's x axis points down the frame when rotated by +90°.
    expect(out[5]).toBeCloseTo(0.5, 6);
    expect(out[6]).toBeCloseTo(0.4 + 0.5 * 0.25, 6);
  });
});

describe('projectWorldLandmarks', () => {
  it('rotates x, y by the ROI angle and keeps z', () => {
    const raw = new Float32Array(MODEL_LANDMARK_COUNT * 3);
    raw.set([1, 0, 0.3]);
    const out = new Float32Array(33 * 3);
    projectWorldLandmarks(raw, { xCenterNorm: 0, yCenterNorm: 0, widthNorm: 1, heightNorm: 1, rotationRad: Math.PI / 2 }, out);
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(0.3, 6);
  });
});
