/**
 * How a garment's collar meets the shopper's neck and chin in a render, measured against the camera picture: from
 * `atelier tryon --mask` (the garment's coverage after occlusion), the photo and its landmarks.
 *
 * Run as a script (`npx jiti scripts/fit/collar-figures.ts [out-dir]`, built: `npm run build`) it puts the shirts and
 * the tee on COCO 459, 428, 241 and the mirror clip's frames 60 and 120 and prints the figures per render; the
 * renders and their masks go to `out-dir`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PoseLandmark as L } from '../../src/shared/pose';
import { trackPicture } from './clip-bodies';
import { MIRROR_CLIP, REPO } from './measure-clip';
import { tryOnStill } from './tryon-still';

/** A pixel is the face's skin within this chromaticity distance of the skin under the nose (r, g, b over their sum). */
const SKIN_CHROMA = 0.03;
/** Darker than this (r + g + b, 0..765) a pixel's chromaticity is noise (hair, shadow): not counted as skin. */
const SKIN_MIN_SUM = 120;

export interface CollarFigures {
  /**
   * Of the camera's skin pixels under the mouth (the chin, and the neck where the head is up), within a mouth's
   * width either side of its centre and above the shoulder line, the share the garment covers.
   */
  chinSkinCovered: number;
  /** How many skin pixels that share is of. */
  chinSkinPx: number;
  /**
   * The garment's coverage of the neck's base: across the neck (± 8 % of the shoulders' breadth round their centre),
   * from 12 % to 2 % of that breadth above the shoulder line, where a shirt's collar stands in front of the neck.
   */
  neckBaseCovered: number;
  /**
   * Bites out of the collar: in each row of the neck band (mouth line to shoulder line, within half the shoulders'
   * breadth of their centre), the garment leaves the neck's opening bare, one run with cloth either side; every
   * further bare run with cloth either side is a notch cut into the collar. Their pixels, summed over the band.
   */
  notchPx: number;
}

/** The photo as RGB bytes. */
export async function readRgb(file: string): Promise<{ data: Uint8Array; widthPx: number; heightPx: number }> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/**
 * @param rgb the camera picture, RGB bytes, `widthPx` wide; `mask` the coverage, a byte per pixel (≥ 128 garment).
 * @param landmarksPx camera pixels, x, y per landmark.
 */
export function collarFigures(rgb: Uint8Array, mask: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>): CollarFigures {
  const at = (i: number): [number, number] => [landmarksPx[2 * i]!, landmarksPx[2 * i + 1]!];
  const [lsx, lsy] = at(L.leftShoulder);
  const [rsx, rsy] = at(L.rightShoulder);
  const [mlx, mly] = at(L.mouthLeft);
  const [mrx, mry] = at(L.mouthRight);
  const [, noseY] = at(L.nose);
  const breadthPx = Math.hypot(lsx - rsx, lsy - rsy);
  const cx = (lsx + rsx) / 2;
  const shoulderY = (lsy + rsy) / 2;
  const mouthX = (mlx + mrx) / 2;
  const mouthY = Math.max(mly, mry);
  const mouthW = Math.hypot(mlx - mrx, mly - mry);
  const chroma = (o: number): [number, number, number] => {
    const s = Math.max(1, rgb[o]! + rgb[o + 1]! + rgb[o + 2]!);
    return [rgb[o]! / s, rgb[o + 1]! / s, rgb[o + 2]! / s];
  };
  // The skin reference: the median chromaticity between the nose and the mouth's corners (the upper lip's skin).
  const refs: Array<[number, number, number]> = [];
  for (let y = Math.round(Math.min(noseY, mouthY)); y < Math.round(mouthY); y++) {
    for (let x = Math.round(Math.min(mlx, mrx)); x <= Math.round(Math.max(mlx, mrx)); x++) {
      const o = 3 * (y * widthPx + x);
      if (rgb[o]! + rgb[o + 1]! + rgb[o + 2]! >= SKIN_MIN_SUM) refs.push(chroma(o));
    }
  }
  const med = (k: number): number => {
    const v = refs.map((c) => c[k]!).sort((a, b) => a - b);
    return v.length ? v[v.length >> 1]! : 1 / 3;
  };
  const ref = [med(0), med(1), med(2)];
  let skin = 0;
  let skinCovered = 0;
  for (let y = Math.max(0, Math.round(mouthY)); y < Math.min(heightPx, Math.round(shoulderY)); y++) {
    for (let x = Math.max(0, Math.round(mouthX - mouthW)); x <= Math.min(widthPx - 1, Math.round(mouthX + mouthW)); x++) {
      const o = 3 * (y * widthPx + x);
      if (rgb[o]! + rgb[o + 1]! + rgb[o + 2]! < SKIN_MIN_SUM) continue;
      const c = chroma(o);
      if (Math.hypot(c[0] - ref[0]!, c[1] - ref[1]!, c[2] - ref[2]!) > SKIN_CHROMA) continue;
      skin++;
      if (mask[y * widthPx + x]! >= 128) skinCovered++;
    }
  }
  let box = 0;
  let covered = 0;
  for (let y = Math.max(0, Math.round(shoulderY - 0.12 * breadthPx)); y <= Math.min(heightPx - 1, Math.round(shoulderY - 0.02 * breadthPx)); y++) {
    for (let x = Math.max(0, Math.round(cx - 0.08 * breadthPx)); x <= Math.min(widthPx - 1, Math.round(cx + 0.08 * breadthPx)); x++) {
      box++;
      if (mask[y * widthPx + x]! >= 128) covered++;
    }
  }
  return { chinSkinCovered: skin ? skinCovered / skin : 0, chinSkinPx: skin, neckBaseCovered: box ? covered / box : 0, notchPx: notchPx(mask, widthPx, heightPx, mouthY, shoulderY, cx, breadthPx) };
}

/** {@link CollarFigures.notchPx}: bare runs enclosed by cloth in one row, all but the widest, in the neck band. */
function notchPx(mask: Uint8Array, widthPx: number, heightPx: number, mouthY: number, shoulderY: number, cx: number, breadthPx: number): number {
  const x0 = Math.max(0, Math.round(cx - breadthPx / 2));
  const x1 = Math.min(widthPx - 1, Math.round(cx + breadthPx / 2));
  let notch = 0;
  for (let y = Math.max(0, Math.round(mouthY)); y < Math.min(heightPx, Math.round(shoulderY)); y++) {
    const row = y * widthPx;
    const runs: number[] = [];
    let start = -1;
    let clothSeen = false;
    for (let x = x0; x <= x1; x++) {
      const cloth = mask[row + x]! >= 128;
      if (!cloth && start < 0 && clothSeen) start = x;
      if (cloth) {
        if (start >= 0) runs.push(x - start);
        start = -1;
        clothSeen = true;
      }
    }
    if (runs.length > 1) notch += runs.reduce((a, b) => a + b, 0) - Math.max(...runs);
  }
  return notch;
}

/** The pictures and garments the figures are taken on (the brief of round 14: the 2D and 3D collars, the tee). */
const PHOTOS = ['COCO_val2014_000000000459.jpg', 'COCO_val2014_000000000428.jpg', 'COCO_val2014_000000000241.jpg'];
const MIRROR_FRAMES = [60, 120];
const GARMENTS: ReadonlyArray<readonly [string, '2d' | '3d']> = [
  ['shirt-oxford', '2d'], ['shirt-oxford', '3d'], ['shirt-gingham', '2d'], ['shirt-pinstripe', '2d'], ['tee-everyday', '2d'], ['tee-everyday', '3d'],
];

async function main(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const media = path.resolve(REPO, '../shared/media');
  const pictures = PHOTOS.map((f) => path.join(media, f));
  for (const n of MIRROR_FRAMES) {
    const frame = path.join(outDir, `mirror${String(n).padStart(3, '0')}.png`);
    if (!existsSync(frame)) {
      const cut = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', MIRROR_CLIP, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', frame], { encoding: 'utf8' });
      if (cut.status !== 0) throw new Error(cut.stderr);
    }
    pictures.push(frame);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'atelier-collar-figures-'));
  for (const picture of pictures) {
    const tracked = await trackPicture(picture);
    if (!tracked) {
      console.log(`${path.basename(picture)}: nobody found`);
      continue;
    }
    const rgb = await readRgb(picture);
    for (const [product, mode] of GARMENTS) {
      const run = await tryOnStill(picture, product, mode, outDir, dataDir);
      if ('error' in run) {
        console.log(`${path.basename(picture)} ${product} ${mode}: failed: ${run.error}`);
        continue;
      }
      const f = collarFigures(rgb.data, run.mask, rgb.widthPx, rgb.heightPx, tracked.landmarksPx);
      console.log(`${path.basename(picture)} ${product} ${mode}: neck base covered ${f.neckBaseCovered.toFixed(3)}, chin skin covered ${f.chinSkinCovered.toFixed(3)} of ${f.chinSkinPx} px, notch ${f.notchPx} px`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await main(process.argv[2] ?? mkdtempSync(path.join(os.tmpdir(), 'atelier-collar-figures-out-')));
}
