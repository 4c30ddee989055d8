import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownSleeveEnds } from '../../shared/own-sleeves';
import { PoseLandmark as L } from '../../shared/pose';
import { streamVideoFrames } from '../bench/frames';
import { createOrtPoseModels } from '../pose-models-ort';
import { PoseTracker } from '../tracker';

/** The own-sleeves reading (src/shared/own-sleeves.ts) on the engine's own pose of a real frame. */
describe('where the shopper’s own sleeves end, on the mirror clip', () => {
  it('reads his own sleeves’ hems on the mirror clip where the picture has them (frame 60)', async () => {
    const clip = path.resolve(import.meta.dirname, '../../../../shared/media/mirror_run.mp4');
    expect(existsSync(clip), `${clip} is missing (the test media belong in ../shared/media)`).toBe(true);
    let frame: Uint8Array | null = null;
    let i = 0;
    for await (const rgba of streamVideoFrames(clip, { widthPx: 412, heightPx: 960 }, 61)) if (i++ === 60) frame = rgba;
    const models = await createOrtPoseModels({ modelsDir: path.resolve(import.meta.dirname, '../../../models'), model: 'full', ep: 'cpu' });
    try {
      const tracker = new PoseTracker(models, { mode: 'static', segmentation: false, subject: 'mirror' });
      const pose = await tracker.process({ data: frame!, widthPx: 412, heightPx: 960, timestampMs: 0 });
      const read = ownSleeveEnds({ data: frame!, widthPx: 412, heightPx: 960 }, pose.landmarks);
      // The hems read off the picture along each arm's landmark line (white cloth above, skin below): his left
      // (the picture's right) at y ≈ 295, his right at y ≈ 338. Within 7 px (1.3 cm at the clip's 0.19 cm a pixel).
      const yOf = (side: 'left' | 'right', share: number | null) => {
        const s = pose.landmarks[side === 'left' ? L.leftShoulder : L.rightShoulder]!;
        const e = pose.landmarks[side === 'left' ? L.leftElbow : L.rightElbow]!;
        return share === null ? Number.NaN : (s.y + share * (e.y - s.y)) * 960;
      };
      expect(Math.abs(yOf('left', read.left) - 295), `left read at y ${yOf('left', read.left)}`).toBeLessThanOrEqual(7);
      expect(Math.abs(yOf('right', read.right) - 338), `right read at y ${yOf('right', read.right)}`).toBeLessThanOrEqual(7);
    } finally {
      await models.dispose();
    }
  }, 60_000);
});
