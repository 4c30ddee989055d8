/**
 * Frames of the mirror clip (../shared/media/mirror_run.mp4) and of the street video written out as still pictures and tracked as the CLI
 * tracks a picture, for render tests that put garments on them with `atelier tryon` and measure them on them. Fails
 * (never skips) without the clip or the built app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { trackClip, type TrackedFrame } from '../../scripts/fit/clip-bodies';
import { REPO } from '../../scripts/fit/measure-clip';
import { streamVideoFrames } from '../../src/inference/bench/frames';

const CLIP = path.resolve(REPO, '../shared/media/mirror_run.mp4');
const CLIP_SIZE = { widthPx: 412, heightPx: 960 };
const STREET = path.resolve(REPO, '../shared/media/video.avi');
const STREET_SIZE = { widthPx: 1280, heightPx: 720 };

/** A still with what the render tests measure against: its landmarks and person mask. */
export type TrackedStill = TrackedFrame & { landmarksPx: Float64Array; mask: Uint8Array };

/**
 * Writes each frame of `indices` to `fileOf(index)` (PNG) and returns them tracked as stills (landmarks and mask
 * checked present). The clip is decoded once, up to the last index.
 */
export async function mirrorStills(indices: readonly number[], fileOf: (index: number) => string): Promise<Map<number, TrackedStill>> {
  return clipStills(CLIP, CLIP_SIZE, indices, fileOf);
}

/** Frame `index` of the street video (../shared/media/video.avi, 1280 × 720) written to `file` and tracked as a still. */
export async function streetStill(index: number, file: string): Promise<TrackedStill> {
  return (await clipStills(STREET, STREET_SIZE, [index], () => file)).get(index)!;
}

async function clipStills(clip: string, size: { widthPx: number; heightPx: number }, indices: readonly number[], fileOf: (index: number) => string): Promise<Map<number, TrackedStill>> {
  expect(existsSync(clip), `${clip} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  let i = 0;
  const written = new Set<number>();
  for await (const rgba of streamVideoFrames(clip, size, Math.max(...indices) + 1)) {
    if (indices.includes(i)) {
      await sharp(rgba, { raw: { width: size.widthPx, height: size.heightPx, channels: 4 } }).png().toFile(fileOf(i));
      written.add(i);
    }
    i++;
  }
  const stills = new Map<number, TrackedStill>();
  for (const index of indices) {
    expect(written.has(index), `the clip has no frame ${index}`).toBe(true);
    // The still tracked as the CLI tracks it (a picture, not the clip's frame in its run).
    let person: TrackedFrame | undefined;
    for await (const f of trackClip(fileOf(index))) person = f;
    expect(person?.landmarksPx && person.mask, `frame ${index}: nobody found`).toBeTruthy();
    stills.set(index, person as TrackedStill);
  }
  return stills;
}

/** Writes frame `index` to `file` (PNG) and returns it tracked as a still. */
export async function mirrorStill(index: number, file: string): Promise<TrackedStill> {
  return (await mirrorStills([index], () => file)).get(index)!;
}
