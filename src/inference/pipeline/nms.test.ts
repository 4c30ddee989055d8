import { describe, expect, it } from 'vitest';
import { iou, weightedNms } from './nms';
import type { Detection } from './types';

function det(score: number, xMin: number, yMin: number, size: number, kx = xMin): Detection {
  return { score, xMin, yMin, width: size, height: size, keypoints: new Float32Array([kx, yMin, 0, 0, 0, 0, 0, 0]) };
}

describe('iou', () => {
  it('is 1 for identical boxes, 0 for disjoint ones, and 1/3 for half-overlapping squares', () => {
    expect(iou(det(1, 0, 0, 1), det(1, 0, 0, 1))).toBe(1);
    expect(iou(det(1, 0, 0, 1), det(1, 2, 2, 1))).toBe(0);
    expect(iou(det(1, 0, 0, 1), { ...det(1, 0.5, 0, 1) })).toBeCloseTo(1 / 3, 9);
  });
});

describe('weightedNms', () => {
  it('merges overlapping detections into their score-weighted average and keeps separate people apart', () => {
    const a = det(0.9, 0.1, 0.1, 0.2, 0.1);
    const b = det(0.6, 0.12, 0.1, 0.2, 0.16); // IoU with a ≈ 0.82
    const c = det(0.7, 0.6, 0.6, 0.2);
    const out = weightedNms([b, c, a]);
    expect(out).toHaveLength(2);
    expect(out[0]!.score).toBe(0.9);
    expect(out[0]!.xMin).toBeCloseTo((0.1 * 0.9 + 0.12 * 0.6) / 1.5, 9);
    expect(out[0]!.keypoints[0]).toBeCloseTo((0.1 * 0.9 + 0.16 * 0.6) / 1.5, 6);
    expect(out[1]!.score).toBe(0.7);
    expect(out[1]!.xMin).toBeCloseTo(0.6, 9);
    expect(out[1]!.width).toBeCloseTo(0.2, 9);
  });

  it('does not merge boxes overlapping at or below IoU 0.3', () => {
    // Two unit squares shifted by 0.55: IoU = 0.45/1.55 ≈ 0.29.
    const out = weightedNms([det(0.9, 0, 0, 1), det(0.8, 0.55, 0, 1)]);
    expect(out).toHaveLength(2);
  });

  it('returns nothing for no detections', () => {
    expect(weightedNms([])).toEqual([]);
  });
});
