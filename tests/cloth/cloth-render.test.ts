/**
 * Issue 14 "Checks" on the real shaders: garments rendered by `atelier tryon`'s render page (the mirror's own
 * MirrorScene and Fitting, headless Chromium on SwiftShader) over synthetic camera pictures, with a real tracked pose
 * of the mirror clip (tests/fixtures/tracks), so nothing but the picture under the garment changes between renders.
 *
 * - Shading: the same garment over a flat grey picture (the shading is the identity there: no folds, the mean's
 *   light) and over the scene of tests/cloth/scene.ts (ramp + folds + a fine print, the same mean): the change in
 *   lightness follows the scene's band-passed luma (r ≥ 0.8), the mean colour stays within ΔE 5, a white and a black
 *   garment keep their lightness within 10 %.
 * - Light: a 3D garment under a warm and under a cool picture: its rendered white balance moves the same way.
 *
 * Needs the built renderer (`npm run build`) and Chromium; fails, never skips, without them.
 */
import { describe, expect, it } from 'vitest';
import { deltaE76, srgbToLab, srgbToLinear } from '../../src/shared/colour';
import { PoseLandmark } from '../../src/shared/pose';
import { correlation, lumaScene, referenceBand } from './scene';
import { CM_PER_PX, FRAME, H, picture, render as renderWith, save, useDemoCatalog, W, type Rendered } from './tryon-render';

const catalog = useDemoCatalog();
const render = (productId: string, colour: string, mode: '2d' | '3d', pictures: Uint8Array[], timestampsMs: number[]): Promise<Rendered[]> =>
  renderWith(catalog(), productId, colour, mode, pictures, timestampsMs);

/** Coverage eroded by `r` px: the garment's inside, away from its anti-aliased edge and contact shadow. */
function inside(coverage: Uint8Array, r: number): number[] {
  const idx: number[] = [];
  for (let y = r; y < H - r; y++) {
    for (let x = r; x < W - r; x++) {
      let all = true;
      for (let dy = -r; dy <= r && all; dy += r) for (let dx = -r; dx <= r && all; dx += r) all = coverage[(y + dy) * W + x + dx] === 255;
      if (all) idx.push(y * W + x);
    }
  }
  return idx;
}

function labAt(rgba: Uint8Array, i: number, out: number[]): number[] {
  return srgbToLab(rgba[4 * i]! / 255, rgba[4 * i + 1]! / 255, rgba[4 * i + 2]! / 255, out) as number[];
}

/** Mean colour over `idx` (averaged in linear light), as CIELAB. */
function meanLab(rgba: Uint8Array, idx: readonly number[]): number[] {
  const sum = [0, 0, 0];
  for (const i of idx) for (let c = 0; c < 3; c++) sum[c]! += srgbToLinear(rgba[4 * i + c]! / 255);
  const enc = sum.map((s) => {
    const x = s / idx.length;
    return x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
  });
  return srgbToLab(enc[0]!, enc[1]!, enc[2]!, [0, 0, 0]) as number[];
}

const scene = lumaScene(W, H, CM_PER_PX);
const band = referenceBand(scene, CM_PER_PX);
const flat = picture(() => scene.mean);
const folded = picture((i) => scene.luma[i]!);

describe('2D cloth shading, rendered (issue 14 checks)', () => {
  const cases = [
    { productId: 'tee-everyday', colour: 'Sage', check: 'folds' },
    { productId: 'tee-everyday', colour: 'Chalk White', check: 'lightness' },
    { productId: 'dress-slip', colour: 'Black', check: 'lightness' },
  ] as const;
  for (const c of cases) {
    it(`${c.productId} ${c.colour}: follows the picture's folds (r ≥ 0.8), mean colour within ΔE 5${c.check === 'lightness' ? ', lightness within 10 %' : ''}`, { timeout: 120_000 }, async () => {
      const [a, b] = await render(c.productId, c.colour, '2d', [flat, folded], [0, 33]);
      await save(`shading-${c.productId}-${c.colour.replace(/\s/g, '')}`, b!.composite);
      const idx = inside(b!.coverage, 4);
      expect(idx.length, 'garment pixels').toBeGreaterThan(5000);
      const la = [0, 0, 0];
      const lb = [0, 0, 0];
      const dL = idx.map((i) => labAt(b!.composite, i, lb)[0]! - labAt(a!.composite, i, la)[0]!);
      const r = correlation(dL, idx.map((i) => band[i]!));
      const before = meanLab(a!.composite, idx);
      const after = meanLab(b!.composite, idx);
      const dE = deltaE76(before, after);
      console.log(`${c.productId} ${c.colour}: r = ${r.toFixed(3)}, ΔE = ${dE.toFixed(2)}, L* ${before[0]!.toFixed(1)} → ${after[0]!.toFixed(1)}, ${idx.length} px`);
      expect(r).toBeGreaterThanOrEqual(0.8);
      expect(dE).toBeLessThanOrEqual(5);
      if (c.check === 'lightness') expect(Math.abs(after[0]! - before[0]!) / before[0]!).toBeLessThanOrEqual(0.1);
    });
  }
});

describe('2D room light, rendered: the light, not the clothes under the garment', () => {
  it('dress over a white tee and grey shorts in one light: no step at the tee\'s hem; the light\'s gradient shows', { timeout: 120_000 }, async () => {
    // The picture under the dress: a white tee (0.85) down to the track's hip line, grey shorts (0.45) below it, all
    // lit alike, 1.3 : 1 from the picture's left to its right. Against a flat grey picture of the same mean, the
    // dress's lightness change over the tee and over the shorts, away from the hem (past the fold band's reach).
    const hemY = Math.round((FRAME.landmarksPx[2 * PoseLandmark.leftHip + 1]! + FRAME.landmarksPx[2 * PoseLandmark.rightHip + 1]!) / 2);
    const light = (x: number): number => 0.87 + (0.26 * x) / W;
    const clothes = picture((i) => (Math.floor(i / W) < hemY ? 0.85 : 0.45) * light(i % W));
    let mean = 0;
    for (let i = 0; i < W * H; i++) mean += clothes[4 * i]! / 255 / (W * H);
    const [a, b] = await render('dress-floral', 'Rose Garden', '2d', [picture(() => mean), clothes], [0, 20_000]);
    await save('room-light-dress', b!.composite);
    const idx = inside(b!.coverage, 4);
    const reachPx = Math.round(9 / CM_PER_PX);
    const la = [0, 0, 0];
    const lb = [0, 0, 0];
    const mid = W / 2;
    const region = (keep: (x: number, y: number) => boolean): number => {
      const dL = idx.filter((i) => keep(i % W, Math.floor(i / W))).map((i) => labAt(b!.composite, i, lb)[0]! - labAt(a!.composite, i, la)[0]!);
      expect(dL.length, 'garment pixels in the region').toBeGreaterThan(1000);
      return dL.reduce((s, d) => s + d, 0) / dL.length;
    };
    const overTee = region((_, y) => y < hemY - reachPx && y > hemY - 3 * reachPx);
    const overShorts = region((_, y) => y > hemY + reachPx && y < hemY + 3 * reachPx);
    const left = region((x, y) => x < mid - 20 && Math.abs(y - hemY) > reachPx);
    const right = region((x, y) => x > mid + 20 && Math.abs(y - hemY) > reachPx);
    console.log(`room light on the dress: ΔL* over the tee ${overTee.toFixed(2)}, over the shorts ${overShorts.toFixed(2)}; left ${left.toFixed(2)}, right ${right.toFixed(2)}`);
    expect(Math.abs(overTee - overShorts)).toBeLessThan(1);
    expect(right - left).toBeGreaterThan(0.5);
  });
});

describe('3D garment lit by the store light (issue 14 checks)', () => {
  it('a warm picture makes the white tee warmer, a cool one cooler, than a neutral one', { timeout: 120_000 }, async () => {
    const tint = (r: number, b: number): Uint8Array => picture((_, c) => 0.45 * (c === 0 ? r : c === 2 ? b : 1));
    // 20 s apart: the light is re-estimated and fully eased in between.
    const [neutral, warm, cool] = await render('tee-everyday', 'Chalk White', '3d', [tint(1, 1), tint(1.12, 0.86), tint(0.86, 1.12)], [0, 20_000, 40_000]);
    await save('light-neutral', neutral!.composite);
    await save('light-warm', warm!.composite);
    await save('light-cool', cool!.composite);
    const balance = (r: Rendered): { rb: number; L: number } => {
      const idx = inside(r.coverage, 2);
      expect(idx.length, 'garment pixels').toBeGreaterThan(5000);
      let red = 0;
      let blue = 0;
      for (const i of idx) {
        red += srgbToLinear(r.composite[4 * i]! / 255);
        blue += srgbToLinear(r.composite[4 * i + 2]! / 255);
      }
      return { rb: red / blue, L: meanLab(r.composite, idx)[0]! };
    };
    const n = balance(neutral!);
    const w = balance(warm!);
    const c = balance(cool!);
    console.log(`3D white tee: R/B neutral ${n.rb.toFixed(3)}, warm ${w.rb.toFixed(3)}, cool ${c.rb.toFixed(3)}; L* ${n.L.toFixed(1)}, ${w.L.toFixed(1)}, ${c.L.toFixed(1)}`);
    expect(w.rb / n.rb).toBeGreaterThan(1.03);
    expect(c.rb / n.rb).toBeLessThan(0.97);
    // Lit, not black: a white tee in a mid-grey room reads light.
    for (const x of [n, w, c]) expect(x.L).toBeGreaterThan(55);
  });

  it("a picture graded warm or cool whole, its white floor too: the 2D white tee takes the whites' colour", { timeout: 120_000 }, async () => {
    // A grey room over white floor tiles (the bottom eighth), the whole picture graded as a camera's white balance would.
    const graded = (r: number, b: number): Uint8Array => picture((i, c) => (Math.floor(i / W) > 0.875 * H ? 0.95 : 0.45) * (c === 0 ? r : c === 2 ? b : 1));
    const [neutral, warm, cool] = await render('tee-everyday', 'Chalk White', '2d', [graded(1, 1), graded(1, 0.72), graded(0.74, 1)], [0, 20_000, 40_000]);
    await save('tint-2d-warm', warm!.composite);
    await save('tint-2d-cool', cool!.composite);
    const rb = (rgba: Uint8Array, idx: readonly number[]): number => {
      let red = 0;
      let blue = 0;
      for (const i of idx) {
        red += srgbToLinear(rgba[4 * i]! / 255);
        blue += srgbToLinear(rgba[4 * i + 2]! / 255);
      }
      return red / blue;
    };
    const idx = inside(neutral!.coverage, 2);
    expect(idx.length, 'garment pixels').toBeGreaterThan(5000);
    const floor = Array.from({ length: W }, (_, x) => (H - 2) * W + x);
    const [n, w, c] = [neutral!, warm!, cool!].map((r) => rb(r.composite, idx));
    const [fw, fc] = [warm!, cool!].map((r) => rb(r.composite, floor));
    console.log(`2D white tee: R/B neutral ${n!.toFixed(3)}, warm ${w!.toFixed(3)} (the floor ${fw!.toFixed(3)}), cool ${c!.toFixed(3)} (the floor ${fc!.toFixed(3)})`);
    // Graded, the tee's white moves the way the floor's whites did, most of the way and not beyond it (the tee's
    // own chalk white is a warm white: compared with itself under neutral whites).
    expect(w! / n!).toBeGreaterThan(1 + 0.6 * (fw! - 1));
    expect(w! / n!).toBeLessThan(1.1 * fw!);
    expect(c! / n!).toBeLessThan(1 - 0.6 * (1 - fc!));
    expect(c! / n!).toBeGreaterThan(0.9 * fc!);
  });
});
