/**
 * The render harness of the cloth checks on the real shaders: garments drawn by `atelier tryon`'s render page (the
 * mirror's own MirrorScene and Fitting, headless Chromium on SwiftShader) over synthetic camera pictures, with one
 * real tracked pose of the mirror clip (tests/fixtures/tracks), so nothing but the picture under the garment changes
 * between renders. Needs the built renderer (`npm run build`), the demo collection and Chromium: `useDemoCatalog`
 * fails, never skips, without them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { findChromium, RenderBrowser } from '../../src/cli/tryon/render-browser';
import { RenderServer } from '../../src/cli/tryon/render-server';
import { chooseGarment, tryOnGarment } from '../../src/cli/tryon/garment-choice';
import { Catalog } from '../../src/core/catalog/catalog';
import { seedDemoCatalog } from '../../src/core/demo/seed';
import { WEB_ASSET_PATH } from '../../src/shared/asset-url';
import type { PersonMask, PoseFrame } from '../../src/shared/pose';
import { TRYON_PAGE, tryOnResultLayout, type TryOnJob } from '../../src/shared/tryon';
import { encodeWire } from '../../src/shared/wire';
import { loadClipTrack, type ClipFrame } from '../helpers/clip-tracks';

const REPO = path.resolve(import.meta.dirname, '../..');
const RENDERER = path.join(REPO, 'out/renderer');
const OUT = path.join(REPO, 'test-results/cloth');

const track = loadClipTrack('mirror-run');
export const W = track.widthPx;
export const H = track.heightPx;
/** A frame of the clip with the shopper facing the mirror, arms down. */
export const FRAME = track.frames[0]!;
/** The mirror clip's body scale, cm per px (175 cm over ≈ 920 px). */
export const CM_PER_PX = 0.19;

/** Opens the demo collection in a throw-away data directory for the file's tests; returns a getter for it. */
export function useDemoCatalog(): () => Catalog {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-render-'));
  let catalog: Catalog | undefined;
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
  return () => catalog!;
}

function pose(i: number, timestampMs: number, frame: ClipFrame, mask: PersonMask | null): PoseFrame {
  const lm = frame.landmarksPx;
  return {
    frameId: i,
    timestampMs,
    landmarks: Array.from({ length: 33 }, (_, k) => ({ x: lm[2 * k]! / W, y: lm[2 * k + 1]! / H, z: 0, visibility: frame.visibility[k]!, presence: 1 })),
    worldLandmarks: Array.from({ length: 33 }, (_, k) => ({ x: frame.worldM[3 * k]!, y: frame.worldM[3 * k + 1]!, z: frame.worldM[3 * k + 2]! })),
    presence: 1,
    mask,
    stagesMs: {},
    provider: 'test',
  };
}

/** A picture from per-pixel sRGB-encoded values (0..1) of each channel. */
export function picture(rgb: (i: number, c: number) => number): Uint8Array {
  const out = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    for (let c = 0; c < 3; c++) out[4 * i + c] = Math.round(Math.min(1, Math.max(0, rgb(i, c))) * 255);
    out[4 * i + 3] = 255;
  }
  return out;
}

export interface Rendered {
  /** The camera's size, or the display's when one is given. */
  composite: Uint8Array;
  /** Empty when rendered at a display's size (the coverage pass is in camera pixels). */
  coverage: Uint8Array;
}

export interface RenderOptions {
  /** The tracked pose the pictures are shown with. @default {@link FRAME} */
  frame?: ClipFrame;
  /** The mirror's screen size, the picture cover-fitted on it (`atelier tryon --display`); composite only. */
  display?: { widthPx: number; heightPx: number };
  /** The person mask sent with every picture. @default none (the person everywhere) */
  mask?: PersonMask;
}

/** Renders `pictures` in turn (timestamps given) with one garment on; returns each composite and coverage. */
export function render(catalog: Catalog, productId: string, colour: string, mode: '2d' | '3d', pictures: Uint8Array[], timestampsMs: number[], opts: RenderOptions = {}): Promise<Rendered[]> {
  return renderOutfit(catalog, [{ productId, colour, mode }], pictures, timestampsMs, opts);
}

/** One garment of an outfit to render: a product in a colour (@default its first) and a mode. */
export interface OutfitGarment {
  productId: string;
  colour?: string;
  mode: '2d' | '3d';
}

/** {@link render} with an outfit on: the garments put on in turn, as `atelier tryon --product a,b,…` does. */
export async function renderOutfit(catalog: Catalog, garments: readonly OutfitGarment[], pictures: Uint8Array[], timestampsMs: number[], opts: RenderOptions = {}): Promise<Rendered[]> {
  const frame = opts.frame ?? FRAME;
  const display = opts.display ?? null;
  const productId = garments.map((g) => g.productId).join('+');
  const mode = garments.map((g) => g.mode).join('+');
  const job: TryOnJob = {
    garments: garments.map((g) => tryOnGarment(chooseGarment(catalog.product(g.productId), g), g.mode)),
    assetBase: `/${WEB_ASSET_PATH}`,
    widthPx: W,
    heightPx: H,
    display,
    coverage: !display,
  };
  const { compositeBytes, coverageBytes } = tryOnResultLayout(job);
  const server = await RenderServer.start(RENDERER, catalog, compositeBytes + coverageBytes);
  let browser: RenderBrowser | null = null;
  try {
    browser = await RenderBrowser.open(new URL(TRYON_PAGE, server.url).href, job);
    const out: Rendered[] = [];
    for (let i = 0; i < pictures.length; i++) {
      server.putFrame(i, encodeWire({ pose: pose(i, timestampsMs[i]!, frame, opts.mask ?? null), rgba: pictures[i]! }) as ArrayBuffer);
      const { fit } = await browser.render(i);
      expect(fit.drawn, `${productId} ${mode}: the garment was not drawn`).toBe(true);
      const r = server.takeResult(i);
      out.push({ composite: new Uint8Array(r.subarray(0, compositeBytes)), coverage: new Uint8Array(r.subarray(compositeBytes)) });
    }
    return out;
  } finally {
    await browser?.close();
    await server.close();
  }
}

/** Keeps a rendered picture under test-results/cloth for a person to look at. */
export async function save(name: string, rgba: Uint8Array): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await sharp(Buffer.from(rgba), { raw: { width: W, height: H, channels: 4 } }).png().toFile(path.join(OUT, `${name}.png`));
}
