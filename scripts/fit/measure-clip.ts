/**
 * The fit measurement of issue 13 point 7 on one clip: the person's own clothes per frame (tracked once), then any
 * number of `atelier tryon --mask` folders measured against them. Used by tests/fit/tryon-fit.test.ts and
 * `npm run fit:report`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { trackClip } from './clip-bodies';
import { frameFit, readMask, type FrameFit } from './fit-metrics';
import { findOwnClothes, type OwnClothes } from './own-clothes';
import { writeFitOverlay } from './overlay';

export const REPO = path.resolve(import.meta.dirname, '../..');
/** The mirror clip: a person in a white T-shirt and grey shorts running in place, 412×960 portrait. */
export const MIRROR_CLIP = path.resolve(REPO, '../shared/media/mirror_run.mp4');

export interface ClipFrame {
  clothes: OwnClothes;
  landmarksPx: Float64Array;
  /** The picture, kept only for the frames overlays are drawn on. */
  rgba: Uint8Array | null;
}

/**
 * Tracks the clip and finds the person's clothes in every `step`-th frame (the frames `atelier tryon --step` renders).
 * @param overlayFrames frames whose picture is kept for {@link measureMasks}' overlays.
 */
export async function clipClothes(file: string, step: number, overlayFrames: readonly number[] = []): Promise<Map<number, ClipFrame>> {
  const out = new Map<number, ClipFrame>();
  for await (const f of trackClip(file, { step })) {
    if (!f.mask || !f.landmarksPx) continue;
    const clothes = findOwnClothes(f.rgba, f.mask, f.landmarksPx, f.widthPx, f.heightPx);
    out.set(f.index, { clothes, landmarksPx: f.landmarksPx, rgba: overlayFrames.includes(f.index) ? f.rgba : null });
  }
  return out;
}

/**
 * Measures the masks `atelier tryon --mask <maskDir>` wrote against the clip's clothes. A frame whose mask is missing
 * counts as a garment that covers nothing (the garment was not drawn there).
 * @param overlayDir where to write the overlays of the frames that kept their picture (none when null).
 */
export async function measureMasks(frames: ReadonlyMap<number, ClipFrame>, maskDir: string, overlayDir: string | null, label = 'fit'): Promise<FrameFit[]> {
  const fits: FrameFit[] = [];
  for (const [i, f] of frames) {
    const file = path.join(maskDir, `${String(i).padStart(5, '0')}.png`);
    const garment = existsSync(file) ? (await readMask(file)).data : new Uint8Array(f.clothes.widthPx * f.clothes.heightPx);
    fits.push(frameFit(i, f.clothes, garment, f.landmarksPx));
    if (overlayDir && f.rgba) {
      mkdirSync(overlayDir, { recursive: true });
      await writeFitOverlay(path.join(overlayDir, `${label}-${String(i).padStart(5, '0')}.png`), f.rgba, f.clothes, garment);
    }
  }
  return fits;
}

/**
 * Runs the built CLI (`bin/atelier.mjs tryon`) on the clip with `--step` and `--mask`, in a child process. Resolves
 * with its exit code and stderr; the mask folder is emptied first. No composite is drawn unless `mp4` names one: the
 * masks are the same without it (compared byte for byte, 2026-12-07) and the page takes half the time.
 */
export async function runTryOn(opts: {
  clip: string;
  productId: string;
  mode: '2d' | '3d';
  step: number;
  outDir: string;
  dataDir: string;
  extra?: readonly string[];
  /** Also write the composite, as `<outDir>/<product>-<mode>.mp4`. */
  mp4?: boolean;
}): Promise<{ code: number; stderr: string; maskDir: string; mp4: string | null }> {
  const maskDir = path.join(opts.outDir, `${opts.productId}-${opts.mode}-masks`);
  const mp4 = opts.mp4 ? path.join(opts.outDir, `${opts.productId}-${opts.mode}.mp4`) : null;
  rmSync(maskDir, { recursive: true, force: true });
  mkdirSync(opts.outDir, { recursive: true });
  const args = [
    path.join(REPO, 'bin/atelier.mjs'),
    '--data-dir', opts.dataDir, '--ep', 'cpu',
    'tryon', opts.clip, '--product', opts.productId, '--mode', opts.mode, '--step', String(opts.step),
    ...(mp4 ? ['-o', mp4] : []), '--mask', maskDir, ...(opts.extra ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, stderr: stderr.trim(), maskDir, mp4 };
}
