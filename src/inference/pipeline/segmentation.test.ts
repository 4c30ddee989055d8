import { describe, expect, it } from 'vitest';
import { fastSigmoid, maskSizePx, maskStepPx, PersonMaskBuilder, smoothMaskValue, SEGMENTATION_SIZE_PX } from './segmentation';
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

describe('fastSigmoid', () => {
  it('matches the logistic function to 3e-6 over and beyond the table, and maps NaN to 0.5', () => {
    let worst = 0;
    for (let x = -20; x <= 20; x += 0.0037) worst = Math.max(worst, Math.abs(fastSigmoid(x) - 1 / (1 + Math.exp(-x))));
    expect(worst).toBeLessThan(3e-6);
    expect(fastSigmoid(-Infinity)).toBe(0);
    expect(fastSigmoid(Infinity)).toBe(1);
    expect(fastSigmoid(NaN)).toBe(0.5);
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

describe('mask at the model resolution', () => {
  const square = (sideNorm: number): NormRect => ({ xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: sideNorm, heightNorm: sideNorm, rotationRad: 0 });

  it('steps by the power of two nearest to the ROI pixels per model pixel', () => {
    // 1280 × 720 frame: an ROI 720 px tall is 2.8 frame px per model px → step 2; 1100 px → 4.3 → 4; 400 px → 1.6 → 2;
    // 200 px → 1.
    expect(maskStepPx({ ...square(0), heightNorm: 1, widthNorm: 720 / 1280 }, 1280, 720)).toBe(2);
    expect(maskStepPx({ ...square(0), heightNorm: 1100 / 720, widthNorm: 1100 / 1280 }, 1280, 720)).toBe(4);
    expect(maskStepPx({ ...square(0), heightNorm: 400 / 720, widthNorm: 400 / 1280 }, 1280, 720)).toBe(2);
    expect(maskStepPx({ ...square(0), heightNorm: 300 / 720, widthNorm: 300 / 1280 }, 1280, 720)).toBe(1);
    expect(maskStepPx({ ...square(0), heightNorm: 200 / 720, widthNorm: 200 / 1280 }, 1280, 720)).toBe(1);
    // A 4K frame with the shopper filling it stops at 8.
    expect(maskStepPx(square(2), 3840, 2160)).toBe(8);
    expect(maskSizePx(1280, 720, 2)).toEqual({ widthPx: 640, heightPx: 360 });
    expect(maskSizePx(412, 960, 4)).toEqual({ widthPx: 103, heightPx: 240 });
  });

  it('a half-size mask matches the frame-size mask sampled at its pixel centres', () => {
    const rect: NormRect = { xCenterNorm: 0.45, yCenterNorm: 0.55, widthNorm: 0.6, heightNorm: 0.5, rotationRad: 0.3 };
    const logits = new Float32Array(S * S);
    // A smooth blob, so bilinear sampling at nearby points differs little.
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) logits[y * S + x] = 8 - Math.hypot(x - 100, y - 140) / 8;
    const full = new Uint8Array(200 * 120);
    new PersonMaskBuilder().build(logits, rect, 200, 120, full, false);
    const half = new Uint8Array(100 * 60);
    const builder = new PersonMaskBuilder();
    builder.build(logits, rect, 200, 120, half, false, { widthPx: 100, heightPx: 60 });
    expect(builder.sizePx).toEqual({ widthPx: 100, heightPx: 60 });
    let worst = 0;
    let compared = 0;
    for (let y = 0; y < 60; y++)
      for (let x = 0; x < 100; x++) {
        // Mask pixel (x, y) centres on frame point (2x + 1, 2y + 1), the middle of four frame pixels' centres.
        const quad = [full[2 * y * 200 + 2 * x]!, full[2 * y * 200 + 2 * x + 1]!, full[(2 * y + 1) * 200 + 2 * x]!, full[(2 * y + 1) * 200 + 2 * x + 1]!];
        // Away from the ROI's edge (where the value drops to 0), a smooth field's value there is the four's mean.
        if (quad.some((q) => q === 0) || half[y * 100 + x] === 0) continue;
        compared++;
        worst = Math.max(worst, Math.abs(half[y * 100 + x]! - quad.reduce((a, b) => a + b, 0) / 4));
      }
    expect(compared).toBeGreaterThan(1000);
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe('PersonMaskBuilder with pooled buffers', () => {
  it('gives the same masks into reused buffers as into fresh ones while the ROI moves (it clears only what it wrote)', () => {
    const logits = leftHalfLogits();
    const rects: NormRect[] = [
      { xCenterNorm: 0.3, yCenterNorm: 0.4, widthNorm: 0.4, heightNorm: 0.5, rotationRad: 0 },
      { xCenterNorm: 0.7, yCenterNorm: 0.6, widthNorm: 0.3, heightNorm: 0.3, rotationRad: 0.4 },
      { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 0.2, heightNorm: 0.2, rotationRad: -0.2 },
      { xCenterNorm: 0.2, yCenterNorm: 0.8, widthNorm: 0.5, heightNorm: 0.4, rotationRad: 0 },
    ];
    const pooled = new PersonMaskBuilder();
    const fresh = new PersonMaskBuilder();
    const pool = [new Uint8Array(120 * 80).fill(77), new Uint8Array(120 * 80).fill(77)];
    rects.forEach((rect, i) => {
      const a = pool[i % 2]!;
      pooled.build(logits, rect, 120, 80, a);
      const b = new Uint8Array(120 * 80);
      fresh.build(logits, rect, 120, 80, b);
      expect(a).toEqual(b);
    });
  });
});
