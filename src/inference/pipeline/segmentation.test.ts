import { describe, expect, it } from 'vitest';
import { PersonMaskBuilder, smoothMaskValue, SEGMENTATION_SIZE_PX } from './segmentation';
import type { NormRect } from './types';

const S = SEGMENTATION_SIZE_PX;

/** Logits that are +10 (person) inside the left half of the ROI mask and −10 elsewhere. */
function leftHalfLogits(): Float32Array {
  const l = new Float32Array(S * S).fill(-10);
  for (let y = 0; y < S; y++) for (let x = 0; x < S / 2; x++) l[y * S + x] = 10;
  return l;
}

describe('smoothMaskValue', () => {
  it('keeps certain new values and leans on the previous value for uncertain ones', () => {
    expect(smoothMaskValue(1, 0)).toBeCloseTo(0, 3);
    expect(smoothMaskValue(0, 1)).toBeCloseTo(1, 3);
    // p = 0.5 is fully uncertain: 70 % of the previous value.
    expect(smoothMaskValue(1, 0.5)).toBeCloseTo(0.5 + 0.5 * 0.7, 6);
  });
});

describe('PersonMaskBuilder', () => {
  it('unprojects the ROI mask into the frame, zero outside the ROI', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 0.5, heightNorm: 0.5, rotationRad: 0 };
    const out = new Uint8Array(100 * 100);
    new PersonMaskBuilder().build(leftHalfLogits(), rect, 100, 100, out);
    // ROI spans x, y ∈ [25, 75); its left half [25, 50) is person.
    expect(out[50 * 100 + 30]).toBe(255);
    expect(out[50 * 100 + 70]).toBe(0);
    expect(out[50 * 100 + 10]).toBe(0);
    expect(out[10 * 100 + 30]).toBe(0);
  });

  it('rotates with the ROI: at +90° the ROI left half lies in the frame top half', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 0.5, heightNorm: 0.5, rotationRad: Math.PI / 2 };
    const out = new Uint8Array(100 * 100);
    new PersonMaskBuilder().build(leftHalfLogits(), rect, 100, 100, out);
    expect(out[30 * 100 + 50]).toBe(255);
    expect(out[70 * 100 + 50]).toBe(0);
  });

  it('blends with the previous mask where the new one is uncertain, and forgets it after reset', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 1, heightNorm: 1, rotationRad: 0 };
    const builder = new PersonMaskBuilder();
    const out = new Uint8Array(64 * 64);
    builder.build(new Float32Array(S * S).fill(10), rect, 64, 64, out);
    expect(out[32 * 64 + 32]).toBe(255);
    builder.build(new Float32Array(S * S).fill(0), rect, 64, 64, out); // p = 0.5 everywhere
    expect(out[32 * 64 + 32]).toBe(Math.round((0.5 + 0.5 * 0.7) * 255));
    builder.reset();
    builder.build(new Float32Array(S * S).fill(0), rect, 64, 64, out);
    expect(out[32 * 64 + 32]).toBe(128);
  });

  it('does not blend in static-image mode', () => {
    const rect: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 1, heightNorm: 1, rotationRad: 0 };
    const builder = new PersonMaskBuilder();
    const out = new Uint8Array(16 * 16);
    builder.build(new Float32Array(S * S).fill(10), rect, 16, 16, out, false);
    builder.build(new Float32Array(S * S).fill(0), rect, 16, 16, out, false);
    expect(out[8 * 16 + 8]).toBe(128);
  });
});
