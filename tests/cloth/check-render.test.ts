/**
 * The 3D blazer shows its wool check (issue 14: a tailored check blazer, not a plain grey slab): rendered by the
 * mirror's own shaders over a plain grey camera picture (nothing of the picture's own to transfer), its front panels
 * show the check's two colours and repeat down the body at the check's repeat at the rendered scale. Needs the
 * built renderer (`npm run build`), the demo collection and Chromium (tryon-render.ts).
 */
import { describe, expect, it } from 'vitest';
import { CHECK_REPEAT_CM } from '../../src/core/demo/check-texture';
import { PoseLandmark as L } from '../../src/shared/pose';
import { CM_PER_PX, FRAME, H, render, save, useDemoCatalog, W } from './tryon-render';

const catalog = useDemoCatalog();

/** sRGB byte → linear light. */
const linear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

describe('the 3D check blazer (issue 14)', () => {
  it('its front panels carry the check: two colours, repeating down the body at the check’s repeat', { timeout: 180_000 }, async () => {
    const grey = new Uint8Array(W * H * 4).fill(118);
    for (let i = 3; i < grey.length; i += 4) grey[i] = 255;
    const r = (await render(catalog(), 'blazer-check', 'Grey Check', '3d', [grey], [0]))[0]!;
    await save('check-blazer', r.composite);
    const lm = FRAME.landmarksPx;
    const periodPx = CHECK_REPEAT_CM / CM_PER_PX;
    for (const [shoulder, hip] of [[L.leftShoulder, L.leftHip], [L.rightShoulder, L.rightHip]] as const) {
      // A band of each front panel: a third to two thirds of the way in from the shoulder to the body's centre line
      // (clear of the arm at the side and of the open fronts' gap), from a tenth below the shoulders to the hips.
      const midX = (lm[2 * L.leftShoulder]! + lm[2 * L.rightShoulder]!) / 2;
      const sx = lm[2 * shoulder]!;
      const [x0, x1] = [sx + (midX - sx) / 3, sx + (2 * (midX - sx)) / 3].sort((a, b) => a - b) as [number, number];
      const y0 = Math.round(lm[2 * shoulder + 1]! + 0.1 * (lm[2 * hip + 1]! - lm[2 * shoulder + 1]!));
      const y1 = Math.round(lm[2 * hip + 1]!);
      const rows: number[] = [];
      const lumas: number[] = [];
      for (let y = y0; y <= y1; y++) {
        let sum = 0;
        let n = 0;
        for (let x = Math.round(x0); x <= Math.round(x1); x++) {
          const i = y * W + x;
          if (r.coverage[i] !== 255) continue;
          const l = 0.2126 * linear(r.composite[4 * i]!) + 0.7152 * linear(r.composite[4 * i + 1]!) + 0.0722 * linear(r.composite[4 * i + 2]!);
          sum += l;
          n++;
          lumas.push(l);
        }
        rows.push(n > 0 ? sum / n : NaN);
      }
      expect(rows.filter(Number.isNaN).length, 'rows of the panel without cloth').toBeLessThan(rows.length * 0.1);
      // The check's period down the panel: the autocorrelation of the rows' luminance (less its mean over a repeat,
      // which removes the light's slow change down the body) peaks at the repeat's height in pixels.
      const half = Math.round(periodPx / 2);
      const detrended = rows.map((v, i) => {
        const win = rows.slice(Math.max(0, i - half), i + half + 1).filter((w) => !Number.isNaN(w));
        return Number.isNaN(v) ? 0 : v - win.reduce((a, b) => a + b, 0) / win.length;
      });
      const corr = (lag: number): number => {
        let s = 0;
        let a = 0;
        let b = 0;
        for (let i = 0; i + lag < detrended.length; i++) {
          s += detrended[i]! * detrended[i + lag]!;
          a += detrended[i]! ** 2;
          b += detrended[i + lag]! ** 2;
        }
        return s / Math.sqrt(a * b);
      };
      let best = 0;
      let bestLag = 0;
      for (let lag = Math.round(0.6 * periodPx); lag <= Math.round(1.4 * periodPx) && lag < detrended.length / 2; lag++) {
        const c = corr(lag);
        if (c > best) [best, bestLag] = [c, lag];
      }
      expect(best, 'the panel’s rows repeat (autocorrelation at the best lag)').toBeGreaterThan(0.4);
      expect(Math.abs(bestLag - periodPx) / periodPx, `period ${bestLag} px, the check's ${periodPx.toFixed(1)} px`).toBeLessThan(0.15);
      // Two colours: the darkest fifth of the panel (the check's bars) against the lightest (its ground), as the
      // cloth's two yarns: the bar is 70 % of the way from the ground (#6b6d70) to the secondary (#34363a) in sRGB,
      // ≈ 0.4 of the ground's linear luminance; the light varies by less over a panel than that.
      lumas.sort((a, b) => a - b);
      const dark = lumas[Math.floor(0.1 * lumas.length)]!;
      const light = lumas[Math.floor(0.9 * lumas.length)]!;
      expect(dark / light, 'bar ÷ ground luminance').toBeLessThan(0.7);
    }
  });
});
