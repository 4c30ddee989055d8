import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownLegHemEnds } from '../../shared/own-leg-hems';
import { PoseLandmark as L } from '../../shared/pose';
import { streamVideoFrames } from '../bench/frames';
import { createOrtPoseModels } from '../pose-models-ort';
import { PoseTracker } from '../tracker';

/**
 * Where his grey shorts end on each leg, picture y px, per frame. Measured off the decoded frames (ffmpeg, rgb24):
 * down each leg's hip → knee → ankle landmark line (this engine's static pose), a 5 px strip across the line, the first
 * row from which red leads green and blue by over 0.05 of the sum for 10 rows on (the camo print's greys lead by
 * under 0.01, his skin by 0.08–0.12; the 4:2:0 chroma moves in 2-row steps, so the truth is ±2 px).
 */
const HEMS_Y: Record<number, { left: number; right: number }> = {
  // His left leg lifted (running), its hem higher on the picture than his right's.
  40: { left: 678, right: 694 },
  60: { left: 688, right: 696 },
  110: { left: 714, right: 704 },
};
/** Within 8 px: 1.5 cm at the clip's 0.19 cm a pixel, under a step of the walk down the thigh (≈ 9 px here). */
const TOLERANCE_PX = 8;
const W = 412;
const H = 960;

/** The own-leg-hems reading (src/shared/own-leg-hems.ts) on the engine's own pose of real frames. */
describe('where the shopper’s own shorts end, on the mirror clip', () => {
  it('reads his grey shorts’ hems on both legs where the picture has them (frames 40, 60, 110)', async () => {
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
        const read = ownLegHemEnds({ data: frame!, widthPx: W, heightPx: H }, pose.landmarks);
        // A place on the leg path (0 hip, 1 knee, 2 ankle) as picture y.
        const yOf = (side: 'left' | 'right', place: number | null) => {
          if (place === null) return Number.NaN;
          const h = pose.landmarks[side === 'left' ? L.leftHip : L.rightHip]!;
          const k = pose.landmarks[side === 'left' ? L.leftKnee : L.rightKnee]!;
          const a = pose.landmarks[side === 'left' ? L.leftAnkle : L.rightAnkle]!;
          return (place <= 1 ? h.y + place * (k.y - h.y) : k.y + (place - 1) * (a.y - k.y)) * H;
        };
        for (const side of ['left', 'right'] as const) {
          const y = yOf(side, read[side]);
          expect(Math.abs(y - truth[side]), `frame ${n}, ${side} leg: read ${read[side]} at y ${y}, truth ${truth[side]}`).toBeLessThanOrEqual(TOLERANCE_PX);
        }
      }
    } finally {
      await models.dispose();
    }
  }, 60_000);
});
