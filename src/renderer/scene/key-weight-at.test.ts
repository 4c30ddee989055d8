import { describe, expect, it } from 'vitest';
import { guidedFeatheredKey } from './key-weight-at';
import { featheredKey, KEY_GRADIENT_STEP_PX, occlusionKeyMargin } from './occlusion-regions';
import { cameraRgbAt } from './key-weight-at';

/**
 * A fist on a shirt as a camera sends it: a skin disc, anti-aliased, on a cloth of one colour, its chroma averaged
 * over 2 × 2 pixel blocks and repeated over each block (4:2:0, upsampled as ffmpeg's default conversion does), the
 * luma kept per pixel (BT.601, full range).
 */
function fistIn420(sizePx: number, cx: number, cy: number, radiusPx: number, skin: readonly number[], cloth: readonly number[]): Uint8ClampedArray {
  const rgb = new Float64Array(sizePx * sizePx * 3);
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      // Coverage of the pixel by the disc, 4 × 4 supersampled.
      let cover = 0;
      for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) if (Math.hypot(x + (i + 0.5) / 4 - cx, y + (j + 0.5) / 4 - cy) < radiusPx) cover++;
      for (let c = 0; c < 3; c++) rgb[3 * (y * sizePx + x) + c] = (cover / 16) * skin[c]! + (1 - cover / 16) * cloth[c]!;
    }
  }
  const ycc = new Float64Array(rgb.length);
  for (let p = 0; p < sizePx * sizePx; p++) {
    const [r, g, b] = [rgb[3 * p]!, rgb[3 * p + 1]!, rgb[3 * p + 2]!];
    ycc[3 * p] = 0.299 * r + 0.587 * g + 0.114 * b;
    ycc[3 * p + 1] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    ycc[3 * p + 2] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const out = new Uint8ClampedArray(sizePx * sizePx * 4);
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      const bx = x - (x % 2);
      const by = y - (y % 2);
      let cb = 0;
      let cr = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        cb += ycc[3 * ((by + dy) * sizePx + bx + dx) + 1]! / 4;
        cr += ycc[3 * ((by + dy) * sizePx + bx + dx) + 2]! / 4;
      }
      const l = ycc[3 * (y * sizePx + x)]!;
      const o = 4 * (y * sizePx + x);
      out[o] = l + 1.402 * cr;
      out[o + 1] = l - 0.344136 * cb - 0.714136 * cr;
      out[o + 2] = l + 1.772 * cb;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Where the key's alpha crosses 0.5 along a ray from the disc's centre, px from it (bisection; alpha falls outwards). */
function keyRadius(alphaAt: (x: number, y: number) => number, cx: number, cy: number, angle: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (alphaAt(cx + mid * Math.cos(angle), cy + mid * Math.sin(angle)) >= 0.5) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('the key on a 4:2:0 picture', () => {
  const SIZE = 64;
  const [CX, CY, R] = [32.3, 31.6, 17.4];
  const SKIN = [205, 150, 118];
  const rays = Array.from({ length: 180 }, (_, i) => (2 * Math.PI * i) / 180);
  const unguided = (rgba: ArrayLike<number>, cloth: readonly number[]) => (x: number, y: number): number => {
    const m = (u: number, v: number): number => occlusionKeyMargin(cameraRgbAt(rgba, SIZE, SIZE, u, v), SKIN, cloth);
    const h = KEY_GRADIENT_STEP_PX;
    return featheredKey(m(x, y), m(x + h, y), m(x - h, y), m(x, y + h), m(x, y - h));
  };
  const guided = (rgba: ArrayLike<number>, cloth: readonly number[]) => (x: number, y: number): number => guidedFeatheredKey(rgba, SIZE, SIZE, SKIN, cloth, x, y);
  /** RMS and worst distance of the key's outline from the disc's, px. */
  const outlineError = (alphaAt: (x: number, y: number) => number): { rms: number; worst: number } => {
    const errors = rays.map((a) => keyRadius(alphaAt, CX, CY, a, R - 6, R + 6) - R);
    return { rms: Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length), worst: Math.max(...errors.map(Math.abs)) };
  };

  it("follows the fist's outline where the colour comes in 2 × 2 blocks and the brightness does not (a fist on a white tee)", () => {
    const cloth = [236, 234, 228];
    const rgba = fistIn420(SIZE, CX, CY, R, SKIN, cloth);
    const before = outlineError(unguided(rgba, cloth));
    const after = outlineError(guided(rgba, cloth));
    console.log(`white tee: outline off the fist's by ${before.rms.toFixed(3)} px RMS (worst ${before.worst.toFixed(2)}) → guided ${after.rms.toFixed(3)} (${after.worst.toFixed(2)})`);
    expect(after.rms).toBeLessThan(0.15);
    expect(after.worst).toBeLessThan(0.4);
    expect(after.rms).toBeLessThan(before.rms / 2);
  });

  it('is no worse where skin and cloth are equally bright (only the colour tells them apart)', () => {
    // A mid-blue of the skin's luma (0.299·205 + 0.587·150 + 0.114·118 ≈ 163).
    const cloth = [120, 165, 215];
    const rgba = fistIn420(SIZE, CX, CY, R, SKIN, cloth);
    const before = outlineError(unguided(rgba, cloth));
    const after = outlineError(guided(rgba, cloth));
    console.log(`isoluminant cloth: ${before.rms.toFixed(3)} px RMS (worst ${before.worst.toFixed(2)}) → guided ${after.rms.toFixed(3)} (${after.worst.toFixed(2)})`);
    expect(after.rms).toBeLessThan(before.rms * 1.1 + 0.01);
  });

  it('is the sampled key inside a flat colour', () => {
    const cloth = [236, 234, 228];
    const rgba = fistIn420(SIZE, CX, CY, R, SKIN, cloth);
    expect(guided(rgba, cloth)(CX, CY)).toBe(1);
    expect(guided(rgba, cloth)(4.5, 4.5)).toBe(0);
  });
});
