import { describe, expect, it } from 'vitest';
import { generateAnchors } from './anchors';
import { decodeDetections, removeLetterbox } from './detector';

const anchors = generateAnchors();

function rawOutputs(): { boxes: Float32Array; scores: Float32Array } {
  return { boxes: new Float32Array(2254 * 12), scores: new Float32Array(2254).fill(-10) };
}

describe('decodeDetections', () => {
  it('keeps anchors whose sigmoid score reaches 0.5 and decodes box and keypoints relative to the anchor', () => {
    const { boxes, scores } = rawOutputs();
    const i = 1000; // some anchor of the stride-16 map
    const ax = anchors.data[i * 4]!;
    const ay = anchors.data[i * 4 + 1]!;
    scores[i] = 2;
    // Centre offset (+22.4, -11.2) px of the 224 input, size 44.8 × 67.2 px.
    boxes.set([22.4, -11.2, 44.8, 67.2, 0, 0, 11.2, 22.4, -22.4, 0, 0, 0], i * 12);
    const dets = decodeDetections(boxes, scores, anchors);
    expect(dets).toHaveLength(1);
    const d = dets[0]!;
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d.xMin + d.width / 2).toBeCloseTo(ax + 0.1, 6);
    expect(d.yMin + d.height / 2).toBeCloseTo(ay - 0.05, 6);
    expect(d.width).toBeCloseTo(0.2, 6);
    expect(d.height).toBeCloseTo(0.3, 6);
    expect(d.keypoints[0]).toBeCloseTo(ax, 6);
    expect(d.keypoints[2]).toBeCloseTo(ax + 0.05, 6);
    expect(d.keypoints[3]).toBeCloseTo(ay + 0.1, 6);
    expect(d.keypoints[4]).toBeCloseTo(ax - 0.1, 6);
  });

  it('clips huge logits instead of overflowing, and drops boxes with negative size', () => {
    const { boxes, scores } = rawOutputs();
    scores[3] = 1e6;
    scores[4] = 5;
    boxes[4 * 12 + 2] = -1; // negative width
    const dets = decodeDetections(boxes, scores, anchors);
    expect(dets).toHaveLength(1);
    expect(dets[0]!.score).toBeCloseTo(1, 12);
    expect(Number.isFinite(dets[0]!.score)).toBe(true);
  });

  it('rejects outputs of the wrong size', () => {
    expect(() => decodeDetections(new Float32Array(10), new Float32Array(10), anchors)).toThrow(RangeError);
  });
});

describe('removeLetterbox', () => {
  it('maps letterbox coordinates back to the frame', () => {
    const det = { score: 0.9, xMin: 0.25, yMin: 0.25, width: 0.5, height: 0.5, keypoints: new Float32Array([0.5, 0.125, 0.5, 0.875, 0, 0, 0, 0]) };
    const out = removeLetterbox(det, { padXLb: 0, padYLb: 0.125 });
    expect(out.xMin).toBeCloseTo(0.25, 9);
    expect(out.yMin).toBeCloseTo(0.125 / 0.75, 9);
    expect(out.height).toBeCloseTo(0.5 / 0.75, 9);
    expect(out.keypoints[1]).toBeCloseTo(0, 9);
    expect(out.keypoints[3]).toBeCloseTo(1, 9);
    expect(det.xMin).toBe(0.25); // input untouched
  });
});
