/**
 * The 3D slip dress showed a thin black sliver on the runner's white T-shirt, between its strap and its side, on every
 * frame of the mirror clip: its back (the back strap running down the shoulder blade, the back bodice's top, higher at
 * the side than the front's V), seen past the trunk's depth-only stand-in, which is narrower than his chest and turned
 * with him (src/renderer/garment3d/body-stand-ins.ts, the underarm band). Drawn by the real CLI (`atelier tryon --mask
 * --mode 3d`, size M, built: `npm run build`): the garment's coverage must be whole pieces — no scrap of cloth cut off
 * from the rest, floating on him.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStill } from '../helpers/mirror-still';

/**
 * The smallest piece of the slip's coverage a frame may hold, camera pixels. Main (3cf86a1) drew the sliver as a piece
 * of 33 px on frame 60 and 76 px on frame 120; the slip itself is one piece of ≈ 107,000 px on both.
 */
const MIN_PIECE_PX = 100;

/** The sizes of the 4-connected pieces of `mask` (≥ 128 is cloth), largest first. */
function pieceSizes(mask: Uint8Array, widthPx: number, heightPx: number): number[] {
  const seen = new Uint8Array(mask.length);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start]! < 128 || seen[start]) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      const x = i % widthPx;
      for (const j of [x > 0 ? i - 1 : -1, x < widthPx - 1 ? i + 1 : -1, i - widthPx, i + widthPx]) {
        if (j < 0 || j >= widthPx * heightPx || seen[j] || mask[j]! < 128) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
    sizes.push(size);
  }
  return sizes.sort((a, b) => b - a);
}

describe('the 3D slip dress shows no scrap of its back on his T-shirt (mirror clip)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-slip-back-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps its one piece on frames 60 and 120', { timeout: 300_000 }, async () => {
    for (const frame of [60, 120]) {
      const still = path.join(tmp, `frame${frame}.png`);
      const { widthPx, heightPx } = await mirrorStill(frame, still);
      const run = await tryOnStill(still, 'dress-slip', '3d', tmp, path.join(tmp, 'data'));
      if ('error' in run) expect.fail(run.error);
      const sizes = pieceSizes(run.mask, widthPx, heightPx);
      console.log(`frame ${frame}: dress-slip 3D in ${sizes.length} piece(s): ${sizes.slice(0, 6).join(', ')} px`);
      expect(sizes[0], 'the slip is drawn').toBeGreaterThan(50_000);
      expect(Math.min(...sizes), `frame ${frame}: a piece cut off from the slip`).toBeGreaterThanOrEqual(MIN_PIECE_PX);
    }
  });
});
