/**
 * Issue 14 point 3 on the real shaders: the 3D chino (a pressed crease down each leg, in its GLB's fold map) rendered
 * by `atelier tryon`'s render page (the mirror's own MirrorScene and Fitting, headless Chromium on SwiftShader) over
 * a flat grey camera picture (the cloth shading's fold transfer is the identity there: what shows is the garment's
 * own relief) with a real tracked pose of the mirror clip. Across each thigh the luminance shows a ridge on the
 * leg's centre line: the strongest fine detail across the leg lies within 1.5 cm of its middle, well above the rest
 * of the leg's. Only the thighs: in this frame the shins face the camera and the store light square on, and a flat
 * grey room lights a crease's two flanks (turned left and right by the same angle) alike — as a real one: a pressed
 * crease shows where the leg turns from the light, as the thighs do here.
 *
 * Needs the built renderer (`npm run build`), the demo collection built by it (`atelier demo build`) and Chromium;
 * fails, never skips, without them.
 */
import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../src/shared/pose';
import { CM_PER_PX, FRAME, H, render, save, useDemoCatalog, W } from './tryon-render';

const catalog = useDemoCatalog();

/**
 * Mean |fine detail| of the luminance across a leg, by offset (px) from the middle of the leg's span on each row:
 * luma minus its 3 cm running mean, over the rows between two landmarks (fractions `from`–`to` of the way).
 */
function acrossLeg(r: { composite: Uint8Array; coverage: Uint8Array }, top: number, bottom: number, from: number, to: number): { profile: Map<number, number>; rows: number } {
  const lm = FRAME.landmarksPx;
  const half = Math.round(1.5 / CM_PER_PX);
  const sums = new Map<number, { s: number; n: number }>();
  let rows = 0;
  const y0 = lm[2 * top + 1]!;
  const y1 = lm[2 * bottom + 1]!;
  for (let y = Math.round(y0 + from * (y1 - y0)); y <= Math.round(y0 + to * (y1 - y0)); y++) {
    const t = (y - y0) / (y1 - y0);
    const x = Math.round(lm[2 * top]! + t * (lm[2 * bottom]! - lm[2 * top]!));
    if (r.coverage[y * W + x] !== 255) continue;
    let a = x;
    let b = x;
    while (a > 0 && r.coverage[y * W + a - 1] === 255) a--;
    while (b < W - 1 && r.coverage[y * W + b + 1] === 255) b++;
    // One leg only (not both legs run together): narrower than 25 cm.
    if ((b - a) * CM_PER_PX > 25 || b - a < 4 * half) continue;
    const luma = (i: number): number => 0.2126 * r.composite[4 * i]! + 0.7152 * r.composite[4 * i + 1]! + 0.0722 * r.composite[4 * i + 2]!;
    const mid = (a + b) / 2;
    for (let xx = a + half + 2; xx <= b - half - 2; xx++) {
      let m = 0;
      for (let k = -half; k <= half; k++) m += luma(y * W + xx + k);
      const d = Math.abs(luma(y * W + xx) - m / (2 * half + 1));
      const off = Math.round(xx - mid);
      const e = sums.get(off) ?? { s: 0, n: 0 };
      e.s += d;
      e.n++;
      sums.set(off, e);
    }
    rows++;
  }
  const profile = new Map<number, number>();
  for (const [off, { s, n }] of sums) if (n >= rows / 2) profile.set(off, s / n);
  return { profile, rows };
}

describe('the 3D chino shows its pressed crease (issue 14 point 3)', () => {
  it('luminance across each thigh has a ridge on its centre line (± 1.5 cm)', { timeout: 180_000 }, async () => {
    const grey = new Uint8Array(W * H * 4).fill(118);
    for (let i = 3; i < grey.length; i += 4) grey[i] = 255;
    const r = (await render(catalog(), 'chino-slim', 'Khaki', '3d', [grey], [0]))[0]!;
    await save('crease-chino', r.composite);
    const parts = [
      { name: 'left thigh', top: L.leftHip, bottom: L.leftKnee, from: 0.45, to: 0.8 },
      { name: 'right thigh', top: L.rightHip, bottom: L.rightKnee, from: 0.45, to: 0.8 },
    ];
    for (const p of parts) {
      const { profile, rows } = acrossLeg(r, p.top, p.bottom, p.from, p.to);
      expect(rows, `${p.name}: rows across one leg`).toBeGreaterThan(10);
      const entries = [...profile.entries()].sort((a, b) => a[0] - b[0]);
      const [peakOff, peak] = entries.reduce((best, e) => (e[1] > best[1] ? e : best));
      const sorted = entries.map((e) => e[1]).sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1]!;
      console.log(`${p.name}: ${rows} rows, ridge at ${(peakOff * CM_PER_PX).toFixed(1)} cm from the middle, ${peak.toFixed(2)} vs median ${median.toFixed(2)} (luma levels)`);
      expect(Math.abs(peakOff * CM_PER_PX), `${p.name}: the ridge is off the leg's centre line`).toBeLessThanOrEqual(1.5);
      expect(peak, `${p.name}: no ridge above the leg's other detail`).toBeGreaterThan(2 * median);
    }
  });
});
