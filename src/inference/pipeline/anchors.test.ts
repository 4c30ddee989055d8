import { describe, expect, it } from 'vitest';
import { generateAnchors } from './anchors';

describe('generateAnchors (pose detector)', () => {
  const anchors = generateAnchors();

  it('produces the 2254 anchors pose_detection.tflite expects', () => {
    // 28×28×2 (stride 8) + 14×14×2 (stride 16) + 7×7×6 (three stride-32 layers merged) = 2254.
    expect(anchors.count).toBe(2254);
    expect(anchors.data.length).toBe(2254 * 4);
  });

  it('starts at the first cell centre of the stride-8 map and ends at the last cell of the stride-32 map', () => {
    expect(Array.from(anchors.data.subarray(0, 8))).toEqual([0.5 / 28, 0.5 / 28, 1, 1, 0.5 / 28, 0.5 / 28, 1, 1].map(Math.fround));
    // The 785th anchor is the first of the 14×14 map (784 = 28×28 cells × 2 anchors / 2).
    expect(anchors.data[1568 * 4]).toBeCloseTo(0.5 / 14, 6);
    const last = Array.from(anchors.data.subarray(2253 * 4));
    expect(last[0]).toBeCloseTo(6.5 / 7, 6);
    expect(last[1]).toBeCloseTo(6.5 / 7, 6);
    expect(last.slice(2)).toEqual([1, 1]);
    // The stride-32 block starts at anchor 1568 + 392 = 1960 with 6 anchors per cell.
    expect(anchors.data[1960 * 4]).toBeCloseTo(0.5 / 7, 6);
    expect(anchors.data[(1960 + 6) * 4]).toBeCloseTo(1.5 / 7, 6);
  });
});
