/**
 * The mask head only when the body moved (issue 18.3): a tracker that reuses the last mask on frames whose body moved
 * by less than a mask pixel against one that runs the head on every frame, on real footage with the same models.
 * The footage: `mirror_run.mp4` (a shopper running in place) with a still stretch spliced in — one of its frames held
 * for a second with camera noise on every pixel, as a shopper standing still in front of the mirror gives the camera.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';
import { compareMasks } from '../../tests/helpers/mask-compare';
import { MEDIA, MODELS_DIR } from '../../tests/helpers/repo-paths';
import { decodeVideo, type DecodedFrames } from './bench/frames';
import { createOrtPoseModels, type OrtPoseModels } from './pose-models-ort';
import { PoseTracker } from './tracker';

const CLIP = path.join(MEDIA, 'mirror_run.mp4');

/** Moving frames before and after the still stretch, and the still stretch's length (one second at the clip's 30 fps). */
const MOVING_FRAMES = 40;
const STILL_FRAMES = 30;
/**
 * Camera noise on the held frame, ± 8-bit levels (uniform): a webcam's sensor noise in shop lighting is a few levels
 * (σ ≈ 1–3), so ± 4 is at its upper end — the landmarks must not read it as movement.
 */
const NOISE_LEVELS = 4;
/** A reused mask must agree with the one the head computes on the same frame (IoU of the person pixels). */
const MIN_IOU = 0.95;

/** The clip's first frames, one of them held with noise, then the frames after it. Deterministic (fixed PRNG seed). */
function withStillStretch(clip: DecodedFrames): Uint8Array[] {
  let seed = 0x9e3779b9;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const held = clip.frames[MOVING_FRAMES]!;
  const still = Array.from({ length: STILL_FRAMES }, () => {
    const f = new Uint8Array(held);
    for (let i = 0; i < f.length; i++) {
      if ((i & 3) === 3) continue;
      f[i] = Math.min(255, Math.max(0, f[i]! + Math.round((random() * 2 - 1) * NOISE_LEVELS)));
    }
    return f;
  });
  return [...clip.frames.slice(0, MOVING_FRAMES), ...still, ...clip.frames.slice(MOVING_FRAMES + 1, 2 * MOVING_FRAMES + 1)];
}

describe('mask reuse while the body stands still (lite, trunk + mask head)', () => {
  let models: OrtPoseModels;
  let clip: DecodedFrames;
  beforeAll(async () => {
    requirePrerequisites([
      { path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW },
      { path: CLIP, how: MEDIA_HOW },
    ]);
    // The head on the tracker's thread: a reused mask is compared with the one the head computes for the same frame.
    models = await createOrtPoseModels({ modelsDir: MODELS_DIR, model: 'lite', ep: 'cpu', maskHead: 'split', threads: 1, maskHeadThread: 'engine' });
    clip = await decodeVideo(CLIP, 2 * MOVING_FRAMES + 1);
  }, 120_000);
  afterAll(async () => models?.dispose());

  it('reuses the mask on still frames only, the reused masks match the computed ones, and the landmarks are identical', async () => {
    expect(models.maskHead, 'the models folder lacks the lite trunk / mask-head pair: run `atelier models build`').toBe('split');
    const frames = withStillStretch(clip);
    const options = { mode: 'tracking', segmentation: true, maskResolution: 'model' } as const;
    const reusing = new PoseTracker(models, { ...options, reuseStillMask: true });
    const computing = new PoseTracker(models, { ...options, reuseStillMask: false });
    const reusedAt: number[] = [];
    const ious: number[] = [];
    for (let i = 0; i < frames.length; i++) {
      const frame = { data: frames[i]!, widthPx: clip.widthPx, heightPx: clip.heightPx, timestampMs: (i * 1000) / clip.fps };
      const before = reusing.maskReuses;
      const a = await reusing.process(frame);
      const b = await computing.process(frame);
      // The head runs after the landmarks are read: whether it runs changes no landmark.
      expect(a.landmarks, `frame ${i}`).toEqual(b.landmarks);
      if (reusing.maskReuses === before) continue;
      reusedAt.push(i);
      expect(a.mask && b.mask, `frame ${i}: a mask from both`).toBeTruthy();
      expect([a.mask!.widthPx, a.mask!.heightPx]).toEqual([b.mask!.widthPx, b.mask!.heightPx]);
      ious.push(compareMasks(a.mask!.data, b.mask!.data, a.mask!.widthPx).iou);
    }
    const still = reusedAt.filter((i) => i >= MOVING_FRAMES && i < MOVING_FRAMES + STILL_FRAMES);
    const worst = Math.min(...ious);
    console.log(
      `mask reuse, lite on ${path.basename(CLIP)} with a ${STILL_FRAMES}-frame still stretch: reused on ${still.length} of ${STILL_FRAMES} still frames, ` +
        `${reusedAt.length - still.length} of ${frames.length - STILL_FRAMES} moving ones; IoU with the computed mask: worst ${worst.toFixed(4)}`,
    );
    // A still body lets the head rest (how often is the log's number: the feet's landmarks jitter by about a mask pixel
    // even on identical frames, as the ROI carried from frame to frame settles); a runner never does.
    expect(still.length).toBeGreaterThan(0);
    expect(reusedAt.length - still.length).toBe(0);
    expect(worst).toBeGreaterThanOrEqual(MIN_IOU);
  }, 300_000);
});
