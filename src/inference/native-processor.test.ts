import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';
import { loadImageRgba } from './bench/frames';
import { createNativeProcessor } from './native-processor';

const MODELS = path.resolve(import.meta.dirname, '../../models');
const MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.resolve(import.meta.dirname, '../../../shared/media'));
/** One person, standing, most of the picture. */
const PHOTO = path.join(MEDIA, 'COCO_val2014_000000000241.jpg');
/** A man with both forearms raised (MediaPipe's pose has both wrists above the elbows). */
const HANDS_UP = path.join(MEDIA, 'COCO_val2014_000000000428.jpg');

const covered = (mask: Uint8Array): number => mask.reduce((n, v) => n + (v >= 128 ? 1 : 0), 0) / mask.length;

describe('native processor (real models)', () => {
  beforeAll(() =>
    requirePrerequisites([
      { path: path.join(MODELS, 'manifest.json'), how: MODELS_HOW },
      { path: PHOTO, how: MEDIA_HOW },
      { path: HANDS_UP, how: MEDIA_HOW },
    ]),
  );
  it('answers each camera frame with that frame’s id, not a running count of its own', async () => {
    const p = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'lite', ep: 'cpu', mask: 'off', absentAfterFrames: 1, hands: 'off' });
    const frame = (frameId: number) => ({ frameId, timestampMs: frameId * 33, widthPx: 64, heightPx: 48, data: new Uint8Array(64 * 48 * 4) });
    expect((await p.process(frame(41))).frameId).toBe(41);
    expect((await p.process(frame(7))).frameId).toBe(7);
    await p.dispose();
  });

  it('honours the mask setting: the pose model’s mask, the selfie model’s, or none', async () => {
    const photo = await loadImageRgba(PHOTO);
    const frame = { frameId: 1, timestampMs: 0, widthPx: photo.widthPx, heightPx: photo.heightPx, data: photo.data };
    const masks: Record<string, Uint8Array | null> = {};
    for (const mask of ['pose', 'selfie', 'off'] as const) {
      const p = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'lite', ep: 'cpu', mask, absentAfterFrames: 1, hands: 'off' });
      const out = await p.process({ ...frame, data: frame.data.slice() });
      expect(out.landmarks.length, mask).toBe(33);
      // Where his own sleeves end is read off the same frame whenever someone is tracked.
      expect(out.ownSleeves, mask).toBeDefined();
      masks[mask] = out.mask?.data ?? null;
      // The selfie mask covers the frame pixel for pixel; the pose mask is the mask head's 128 × 128 over the ROI,
      // placed in the frame for the renderer to warp.
      if (out.mask && mask === 'selfie') {
        expect(out.mask).toMatchObject({ widthPx: photo.widthPx, heightPx: photo.heightPx });
        expect(out.mask.frameFromMask).toBeUndefined();
      }
      if (out.mask && mask === 'pose') {
        expect(out.mask).toMatchObject({ widthPx: 128, heightPx: 128 });
        expect(out.mask.frameFromMask).toHaveLength(6);
      }
      await p.dispose();
    }
    expect(masks.off).toBeNull();
    // Both masks find the person (a large share of this photo), and they are two different models' answers.
    expect(covered(masks.pose!)).toBeGreaterThan(0.1);
    expect(covered(masks.selfie!)).toBeGreaterThan(0.1);
    expect(masks.selfie!.length).toBe(photo.widthPx * photo.heightPx);
    expect(masks.pose!.length).toBeLessThan(masks.selfie!.length);
  });

  it('skips the mask on frames whose sender draws nothing with it, with the same landmarks, and computes it again when asked', async () => {
    const photo = await loadImageRgba(PHOTO);
    const frame = (frameId: number, needsMask?: boolean) => ({
      frameId,
      timestampMs: frameId * 33,
      widthPx: photo.widthPx,
      heightPx: photo.heightPx,
      data: photo.data.slice(),
      ...(needsMask === undefined ? {} : { needsMask }),
    });
    for (const mask of ['pose', 'selfie'] as const) {
      const withMask = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'lite', ep: 'cpu', mask, absentAfterFrames: 1, hands: 'off' });
      const without = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'lite', ep: 'cpu', mask, absentAfterFrames: 1, hands: 'off' });
      const a = await withMask.process(frame(1));
      const b = await without.process(frame(1, false));
      expect(a.mask, mask).not.toBeNull();
      expect(b.mask, mask).toBeNull();
      // Nothing drawn, nothing reads the own sleeves either: they are read only with the mask.
      expect(a.ownSleeves, mask).toBeDefined();
      expect(b.ownSleeves, mask).toBeUndefined();
      // The mask head is a branch off the landmark trunk: leaving it out changes no landmark.
      expect(b.landmarks.map((l) => [l.x, l.y, l.z]), mask).toEqual(a.landmarks.map((l) => [l.x, l.y, l.z]));
      // A garment put on: the next frame asks for the mask and gets a whole one (not blended with a stale mask).
      const c = await without.process(frame(2, true));
      expect(c.mask, mask).not.toBeNull();
      expect(covered(c.mask!.data), mask).toBeGreaterThan(0.1);
      await withMask.dispose();
      await without.dispose();
    }
  });

  it('runs the hand stage after the pose on raised hands only, and sends 21 landmarks per hand at the pose’s wrists', async () => {
    const p = await createNativeProcessor({ modelsDir: MODELS, modelSize: 'full', ep: 'cpu', mask: 'off', absentAfterFrames: 1, hands: 'full' });
    const up = await loadImageRgba(HANDS_UP);
    const out = await p.process({ frameId: 1, timestampMs: 0, widthPx: up.widthPx, heightPx: up.heightPx, data: up.data.slice() });
    expect(out.hands?.map((h) => h.side).sort()).toEqual(['left', 'right']);
    expect(out.stagesMs.hands).toBeGreaterThan(0);
    const lm = out.landmarks;
    const shoulderPx = Math.hypot((lm[11]!.x - lm[12]!.x) * up.widthPx, (lm[11]!.y - lm[12]!.y) * up.heightPx);
    for (const h of out.hands!) {
      expect(h.landmarks).toHaveLength(21);
      const wrist = lm[h.side === 'left' ? 15 : 16]!;
      // The hand model's wrist lands on the pose's wrist (within a quarter of the shoulder width).
      const offPx = Math.hypot((h.landmarks[0]!.x - wrist.x) * up.widthPx, (h.landmarks[0]!.y - wrist.y) * up.heightPx);
      expect(offPx / shoulderPx, h.side).toBeLessThan(0.25);
    }
    // Arms down: no hand model runs.
    p.reset();
    const standing = await loadImageRgba(PHOTO);
    const still = await p.process({ frameId: 2, timestampMs: 0, widthPx: standing.widthPx, heightPx: standing.heightPx, data: standing.data.slice() });
    expect(still.landmarks).toHaveLength(33);
    expect(still.hands).toEqual([]);
    expect(still.stagesMs.hands).toBe(0);
    await p.dispose();
  });
});
