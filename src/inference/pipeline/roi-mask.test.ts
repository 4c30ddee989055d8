import { describe, expect, it } from 'vitest';
import { PersonMaskSampler } from '../../shared/person-mask-at';
import { rectCornersPx } from './roi';
import { RoiPersonMaskBuilder, roiPlacement } from './roi-mask';
import { PersonMaskBuilder, SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO } from './segmentation';
import type { NormRect } from './types';

const W = 640;
const H = 360;
const rect: NormRect = { xCenterNorm: 0.45, yCenterNorm: 0.55, widthNorm: 0.5, heightNorm: 0.9, rotationRad: 0.3 };

/** Logits of a disc of radius `r` (ROI-normalised) round (cx, cy): +8 inside, −8 outside, a soft edge one pixel wide. */
function disc(side: number, cx: number, cy: number, r: number): Float32Array {
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) out[y * side + x] = 8 * Math.tanh(((r - Math.hypot((x + 0.5) / side - cx, (y + 0.5) / side - cy)) * side) / 2);
  }
  return out;
}

describe('roiPlacement', () => {
  it("maps the mask's corners onto the ROI's corners in the frame (the crop's rotation, in pixels)", () => {
    const [a, b, c, d, e, f] = roiPlacement(rect, W, H);
    const corners = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([u, v]) => [(a * u! + b * v! + c) * W, (d * u! + e * v! + f) * H]);
    const expected = rectCornersPx(rect, W, H);
    for (let k = 0; k < 4; k++) {
      expect(corners[k]![0]).toBeCloseTo(expected[k]![0], 9);
      expect(corners[k]![1]).toBeCloseTo(expected[k]![1], 9);
    }
  });
});

describe('RoiPersonMaskBuilder', () => {
  it('gives the same mask, read through its placement, as the frame-space warp of the same logits', () => {
    const logits = disc(128, 0.5, 0.4, 0.3);
    const roi = new Uint8Array(128 * 128);
    const placement = new RoiPersonMaskBuilder().build(logits, rect, W, H, roi, false);
    const framed = new Uint8Array(W * H);
    new PersonMaskBuilder().build(logits, rect, W, H, framed, false);
    const sampler = new PersonMaskSampler({ widthPx: 128, heightPx: 128, data: roi, frameFromMask: [...placement] });
    let worst = 0;
    let person = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const expected = framed[y * W + x]!;
        if (expected >= 128) person++;
        worst = Math.max(worst, Math.abs(sampler.at((x + 0.5) / W, (y + 0.5) / H) - expected));
      }
    }
    expect(person).toBeGreaterThan(10_000);
    // Rounding the probabilities to bytes before the bilinear tap instead of after: at most one step of each.
    expect(worst).toBeLessThanOrEqual(1.01);
  });

  it('blends with the previous mask where it lay in the frame, even though the ROI moved', () => {
    const builder = new RoiPersonMaskBuilder();
    const out = new Uint8Array(128 * 128);
    builder.build(disc(128, 0.5, 0.5, 0.3), rect, W, H, out);
    // The ROI shifts right by a quarter of its width; the body stays: its disc is now left of the ROI's centre.
    const moved = { ...rect, xCenterNorm: rect.xCenterNorm + (0.25 * rect.widthNorm * Math.cos(rect.rotationRad)), yCenterNorm: rect.yCenterNorm + (0.25 * rect.widthNorm * W * Math.sin(rect.rotationRad)) / H };
    // An unsure new mask (logit 0, probability 0.5) keeps the previous one's share: person where the body was.
    const placement = builder.build(new Float32Array(128 * 128), moved, W, H, out);
    const sampler = new PersonMaskSampler({ widthPx: 128, heightPx: 128, data: out, frameFromMask: [...placement] });
    const [a, b, c, d, e, f] = roiPlacement(rect, W, H);
    const atOld = (u: number, v: number) => sampler.at(a * u + b * v + c, d * u + e * v + f);
    const kept = 0.5 + (1 - 0.5) * SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO;
    expect(atOld(0.5, 0.5)).toBeCloseTo(kept * 255, -0.5);
    expect(atOld(0.5, 0.95)).toBeCloseTo(0.5 * (1 - SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO) * 255, -0.5);
  });

  it('writes the last mask again with its placement, and nothing after a reset', () => {
    const builder = new RoiPersonMaskBuilder();
    const first = new Uint8Array(128 * 128);
    const placement = builder.build(disc(128, 0.5, 0.5, 0.3), rect, W, H, first);
    const again = new Uint8Array(128 * 128);
    expect(builder.writePrevious(again)).toEqual(placement);
    expect(again).toEqual(first);
    builder.reset();
    expect(builder.writePrevious(again)).toBeNull();
  });
});
