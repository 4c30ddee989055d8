import { describe, expect, it } from 'vitest';
import { resizeProbabilities } from './segment-selfie';

describe('resizeProbabilities', () => {
  it('keeps a constant map constant at any size', () => {
    const out = new Uint8Array(7 * 5);
    resizeProbabilities(new Float32Array(4).fill(0.5), 2, 2, out, 7, 5);
    expect([...new Set(out)]).toEqual([128]);
  });

  it('aligns pixel centres: a left/right split stays a left/right split, thresholded to 0/255', () => {
    const prob = new Float32Array([0, 1, 0, 1]);
    const out = new Uint8Array(4 * 2);
    resizeProbabilities(prob, 2, 2, out, 4, 2, 0.5);
    expect([...out]).toEqual([0, 0, 255, 255, 0, 0, 255, 255]);
  });

  it('interpolates linearly between source centres', () => {
    const out = new Uint8Array(4);
    resizeProbabilities(new Float32Array([0, 1]), 2, 1, out, 4, 1);
    // destination centres at source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
    expect([...out]).toEqual([0, 64, 191, 255]);
  });

  it('refuses a too-small output', () => {
    expect(() => resizeProbabilities(new Float32Array(4), 2, 2, new Uint8Array(3), 2, 2)).toThrow(RangeError);
  });
});
