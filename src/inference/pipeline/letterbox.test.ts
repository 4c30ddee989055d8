import { describe, expect, it } from 'vitest';
import { letterbox, letterboxPadding, letterboxX, letterboxY, unletterboxX, unletterboxY } from './letterbox';
import { gradientFrame } from '../../../tests/fixtures/test-frames';

describe('letterbox', () => {
  it('pads a landscape frame top and bottom, a portrait frame left and right', () => {
    expect(letterboxPadding(640, 480)).toEqual({ padXLb: 0, padYLb: 0.125 });
    expect(letterboxPadding(480, 640)).toEqual({ padXLb: 0.125, padYLb: 0 });
    expect(letterboxPadding(500, 500)).toEqual({ padXLb: 0, padYLb: 0 });
  });

  it('writes black ([-1]) padding and the frame scaled to fit, in [-1, 1]', () => {
    const frame = gradientFrame(224, 112, 255);
    const out = new Float32Array(224 * 224 * 3);
    const padding = letterbox(frame, out);
    expect(padding.padYLb).toBeCloseTo(0.25, 9);
    // Row 10 lies in the top padding (56 rows).
    expect(out[(10 * 224 + 100) * 3 + 2]).toBe(-1);
    // Row 56 + 30 is frame row 30 at scale 1: blue 255 → 1, green 30 → 30/127.5 − 1.
    const o = ((56 + 30) * 224 + 100) * 3;
    expect(out[o + 2]).toBeCloseTo(1, 6);
    expect(out[o + 1]).toBeCloseTo(30 / 127.5 - 1, 5);
    expect(out[o]).toBeCloseTo(100 / 127.5 - 1, 5);
  });

  it('round-trips points between frame and letterbox space', () => {
    const padding = letterboxPadding(1280, 720);
    for (const [x, y] of [[0, 0], [1, 1], [0.3, 0.77]] as const) {
      expect(unletterboxX(letterboxX(x, padding), padding)).toBeCloseTo(x, 12);
      expect(unletterboxY(letterboxY(y, padding), padding)).toBeCloseTo(y, 12);
    }
    // The frame's top edge sits at the padding.
    expect(letterboxY(0, padding)).toBeCloseTo((1 - 720 / 1280) / 2, 12);
  });
});
