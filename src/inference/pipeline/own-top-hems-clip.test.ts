import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownTopHemEnds, torsoLineAt } from '../../shared/own-top-hems';
import { streamVideoFrames } from '../bench/frames';
import { createOrtPoseModels } from '../pose-models-ort';
import { PoseTracker } from '../tracker';

/**
 * Where his white T-shirt ends over his grey shorts on each side of the torso, picture y px, per frame. Measured off
 * the decoded frames: down each side's torso line (this engine's static pose), a 5 px strip across it, the row where
 * its luma falls through the middle between the T-shirt's just above (180–245) and the shorts' just below (80–110),
 * at its steepest fall (2 px a row; the T-shirt's own folds fall by 30–50 levels higher up, never into the shorts').
 */
const HEMS_Y: Record<number, { left: number; right: number }> = {
  40: { left: 528, right: 530 },
  60: { left: 520, right: 526 },
  110: { left: 532, right: 536 },
};
/** Within 8 px: 1.5 cm at the clip's 0.19 cm a pixel, a step of the walk down the torso (≈ 7 px here) and a bit. */
const TOLERANCE_PX = 8;
const W = 412;
const H = 960;

/** The own-top-hems reading (src/shared/own-top-hems.ts) on the engine's own pose of real frames. */
describe('where the shopper’s own top ends, on the mirror clip', () => {
  it('reads his white T-shirt’s hem over his grey shorts on both sides where the picture has it (frames 40, 60, 110)', async () => {
    const clip = path.resolve(import.meta.dirname, '../../../../shared/media/mirror_run.mp4');
    expect(existsSync(clip), `${clip} is missing (the test media belong in ../shared/media)`).toBe(true);
    const last = Math.max(...Object.keys(HEMS_Y).map(Number));
    const frames = new Map<number, Uint8Array>();
    let i = 0;
    for await (const rgba of streamVideoFrames(clip, { widthPx: W, heightPx: H }, last + 1)) {
      if (i in HEMS_Y) frames.set(i, rgba);
      i++;
    }
    const models = await createOrtPoseModels({ modelsDir: path.resolve(import.meta.dirname, '../../../models'), model: 'full', ep: 'cpu' });
    try {
      const tracker = new PoseTracker(models, { mode: 'static', segmentation: false, subject: 'mirror' });
      for (const [n, truth] of Object.entries(HEMS_Y)) {
        const frame = frames.get(Number(n));
        expect(frame, `frame ${n} was not decoded`).toBeDefined();
        const pose = await tracker.process({ data: frame!, widthPx: W, heightPx: H, timestampMs: 0 });
        const read = ownTopHemEnds({ data: frame!, widthPx: W, heightPx: H }, pose.landmarks);
        const px = (k: number) => [pose.landmarks[k]!.x * W, pose.landmarks[k]!.y * H] as const;
        for (const side of ['left', 'right'] as const) {
          const place = read[side];
          const y = place === null ? Number.NaN : torsoLineAt(px, side, place)[1];
          expect(Math.abs(y - truth[side]), `frame ${n}, ${side} side: read ${place} at y ${y}, truth ${truth[side]}`).toBeLessThanOrEqual(TOLERANCE_PX);
        }
      }
    } finally {
      await models.dispose();
    }
  }, 60_000);
});
