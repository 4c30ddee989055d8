/**
 * A frame of the mirror clip (../shared/media/mirror_run.mp4) written out as a still picture and tracked as the CLI
 * tracks a picture, for render tests that put garments on it with `atelier tryon` and measure them on it. Fails (never
 * skips) without the clip or the built app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { trackClip, type TrackedFrame } from '../../scripts/fit/clip-bodies';
import { REPO } from '../../scripts/fit/measure-clip';

const CLIP = path.resolve(REPO, '../shared/media/mirror_run.mp4');

/** Writes frame `index` to `file` (PNG) and returns it tracked as a still (its landmarks and mask checked present). */
export async function mirrorStill(index: number, file: string): Promise<TrackedFrame & { landmarksPx: Float64Array; mask: Uint8Array }> {
  expect(existsSync(CLIP), `${CLIP} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  let still: TrackedFrame | undefined;
  for await (const f of trackClip(CLIP, { maxFrames: index + 1 })) if (f.index === index) still = f;
  expect(still, `the clip has no frame ${index}`).toBeTruthy();
  await sharp(still!.rgba, { raw: { width: still!.widthPx, height: still!.heightPx, channels: 4 } }).png().toFile(file);
  // The still tracked as the CLI tracks it (a picture, not the clip's frame in its run).
  let person: TrackedFrame | undefined;
  for await (const f of trackClip(file)) person = f;
  expect(person?.landmarksPx && person.mask, `frame ${index}: nobody found`).toBeTruthy();
  return person as TrackedFrame & { landmarksPx: Float64Array; mask: Uint8Array };
}
