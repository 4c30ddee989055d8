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
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, RenderBrowser } from '../../src/cli/tryon/render-browser';
import { RenderServer } from '../../src/cli/tryon/render-server';
import { chooseGarment } from '../../src/cli/tryon/garment-choice';
import { Catalog } from '../../src/core/catalog/catalog';
import { seedDemoCatalog } from '../../src/core/demo/seed';
import { WEB_ASSET_PATH } from '../../src/shared/asset-url';
import { fabricOf } from '../../src/shared/fabric';
import { PoseLandmark as L, type PoseFrame } from '../../src/shared/pose';
import { TRYON_PAGE, type TryOnJob } from '../../src/shared/tryon';
import { encodeWire } from '../../src/shared/wire';
import { loadClipTrack } from '../helpers/clip-tracks';

const REPO = path.resolve(import.meta.dirname, '../..');
const RENDERER = path.join(REPO, 'out/renderer');
const OUT = path.join(REPO, 'test-results/cloth');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-crease-'));
let catalog: Catalog;

const track = loadClipTrack('mirror-run');
const W = track.widthPx;
const H = track.heightPx;
/** A frame of the clip with the shopper facing the mirror, arms down. */
const FRAME = track.frames[0]!;
/** The mirror clip's body scale, cm per px (175 cm over ≈ 920 px). */
const CM_PER_PX = 0.19;

beforeAll(() => {
  expect(existsSync(path.join(RENDERER, TRYON_PAGE)), 'the renderer is not built (npm run build)').toBe(true);
  expect(findChromium(), 'no Chromium (install chromium or set CHROMIUM_PATH)').not.toBeNull();
  expect(existsSync(path.join(REPO, 'assets/generated/demo-catalog.json')), 'the demo collection is not built (npm ci builds it)').toBe(true);
  catalog = Catalog.open(path.join(tmp, 'data'));
  seedDemoCatalog(catalog, path.join(REPO, 'assets/generated'));
});
afterAll(() => {
  catalog?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function pose(): PoseFrame {
  const lm = FRAME.landmarksPx;
  return {
    frameId: 0,
    timestampMs: 0,
    landmarks: Array.from({ length: 33 }, (_, k) => ({ x: lm[2 * k]! / W, y: lm[2 * k + 1]! / H, z: 0, visibility: FRAME.visibility[k]!, presence: 1 })),
    worldLandmarks: Array.from({ length: 33 }, (_, k) => ({ x: FRAME.worldM[3 * k]!, y: FRAME.worldM[3 * k + 1]!, z: FRAME.worldM[3 * k + 2]! })),
    presence: 1,
    mask: null,
    stagesMs: {},
    provider: 'test',
  };
}

async function render3d(productId: string, colour: string, rgba: Uint8Array): Promise<{ composite: Uint8Array; coverage: Uint8Array }> {
  const product = catalog.product(productId);
  const choice = chooseGarment(product, { productId, colour, mode: '3d' });
  const job: TryOnJob = {
    mode: '3d',
    garment: choice.garment,
    categoryId: choice.product.categoryId,
    garmentCm: choice.product.garmentChart[choice.variant.size] ?? null,
    fabric: fabricOf(choice.product),
    assetBase: `/${WEB_ASSET_PATH}`,
    widthPx: W,
    heightPx: H,
    coverage: true,
  };
  const server = await RenderServer.start(RENDERER, catalog, W * H * 5);
  let browser: RenderBrowser | null = null;
  try {
    browser = await RenderBrowser.open(new URL(TRYON_PAGE, server.url).href, job);
    server.putFrame(0, encodeWire({ pose: pose(), rgba }) as ArrayBuffer);
    const fit = await browser.render(0);
    expect(fit.drawn, `${productId}: the garment was not drawn`).toBe(true);
    const r = server.takeResult(0);
    return { composite: new Uint8Array(r.subarray(0, 4 * W * H)), coverage: new Uint8Array(r.subarray(4 * W * H)) };
  } finally {
    await browser?.close();
    await server.close();
  }
}

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
    const r = await render3d('chino-slim', 'Khaki', grey);
    mkdirSync(OUT, { recursive: true });
    await sharp(Buffer.from(r.composite), { raw: { width: W, height: H, channels: 4 } }).png().toFile(path.join(OUT, 'crease-chino.png'));
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
