/**
 * The mask head with its 256-px tail run at 128 px (issue 18.3, split-mask-head.ts `lowerMaskHeadTail`) against the
 * model's own head, both through the tracker as the engine runs it: on `mirror_run.mp4` (a shopper running in place,
 * tracking mode) and on the 20 shared COCO photos (static mode), for lite and full. The landmarks must be identical
 * (the same trunk), and the lowered head's mask edge must lie within one pixel of the model's own 256-px mask of the
 * exact one: an edge the exact head itself cannot place more finely than that.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';
import { photos } from '../../tests/fixtures/models-testing';
import { compareMasks, type MaskStats } from '../../tests/helpers/mask-compare';
import { MEDIA, MODELS_DIR } from '../../tests/helpers/repo-paths';
import { decodeVideo, loadImageRgba, type DecodedFrames } from './bench/frames';
import { createOrtPoseModels, type OrtPoseModels } from './pose-models-ort';
import { SEGMENTATION_SIZE_PX } from './pipeline/segmentation';
import { PoseTracker, type RgbaFrame } from './tracker';

const CLIP = path.join(MEDIA, 'mirror_run.mp4');
/** Two seconds of the clip at its 30 fps: a full stride of running in place, arms and legs through their swing. */
const CLIP_FRAMES = 60;

/**
 * Largest mean edge offset, in pixels of the exact head's 256-px ROI mask (the ROI's side / 256 in frame pixels):
 * the lowered head's edges come from logits one 128-px step apart, so they may move by up to half a 128-px step
 * (one 256-px pixel) where the exact tail sharpened them; more than that would be a different silhouette.
 */
const MAX_MEAN_EDGE_MODEL_PX = 1;
/**
 * Least IoU of the person pixels per frame or photo. The narrowest body part whose edge the occlusion follows is a
 * forearm, ≈ 8 cm across; at the ROI's scale (≈ 2.2 m over 256 px for a standing adult: 8.6 mm per model pixel) about
 * 9 model pixels. Edges within half a model pixel on each side of it change its area by ≤ 1/9: an IoU of 0.9 over
 * the whole body is what the edge bound above allows where the body is made of its narrowest parts.
 */
const MIN_IOU = 0.9;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe.each(['lite', 'full'] as const)('mask head with its tail at 128 px vs the exact head (%s)', (model) => {
  let exact: OrtPoseModels;
  let lowered: OrtPoseModels;
  let clip: DecodedFrames;
  beforeAll(async () => {
    requirePrerequisites([
      { path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW },
      { path: CLIP, how: MEDIA_HOW },
    ]);
    // The heads on the tracker's thread: both masks of a frame are that frame's (in its worker the mask is a frame late).
    const common = { modelsDir: MODELS_DIR, model, ep: 'cpu', maskHead: 'split', threads: 1, maskHeadThread: 'engine' } as const;
    exact = await createOrtPoseModels({ ...common, maskSizePx: 256 });
    lowered = await createOrtPoseModels({ ...common, maskSizePx: 128 });
    clip = await decodeVideo(CLIP, CLIP_FRAMES);
  }, 120_000);
  afterAll(async () => {
    await exact?.dispose();
    await lowered?.dispose();
  });

  /** Runs both trackers on the frames; returns per-frame stats with the edge offset in exact-mask model pixels. */
  async function run(mode: 'tracking' | 'static', frames: readonly RgbaFrame[]): Promise<Array<MaskStats & { edgeModelPx: number }>> {
    // Frame resolution: the edge offset is then in frame pixels, whatever the ROI's size.
    const options = { mode, segmentation: true, maskResolution: 'frame', reuseStillMask: false, subject: 'highest-score' } as const;
    const a = new PoseTracker(exact, options);
    const b = new PoseTracker(lowered, options);
    const out: Array<MaskStats & { edgeModelPx: number }> = [];
    for (const [i, frame] of frames.entries()) {
      const pa = await a.process(frame);
      const pb = await b.process(frame);
      expect(pb.landmarks, `frame ${i}: the same trunk gives the same landmarks`).toEqual(pa.landmarks);
      if (!pa.mask || !pb.mask) {
        expect(pb.mask, `frame ${i}: a mask from both or neither`).toBe(pa.mask);
        continue;
      }
      const stats = compareMasks(pa.mask.data, pb.mask.data, pa.mask.widthPx);
      // Frame pixels per pixel of the exact head's mask: the ROI's side over 256.
      const roi = a.lastRoi!;
      const sidePx = Math.max(roi.widthNorm * frame.widthPx, roi.heightNorm * frame.heightPx);
      out.push({ ...stats, edgeModelPx: stats.edgePx / (sidePx / SEGMENTATION_SIZE_PX) });
    }
    return out;
  }

  it('on mirror_run.mp4 (tracking): same landmarks, mask edges within a model pixel of the exact head', async () => {
    expect(lowered.maskSizePx, 'the models folder lacks the 128-px mask head: run `atelier models build`').toBe(128);
    expect(exact.maskSizePx).toBe(256);
    const frames = clip.frames.map((data, i) => ({ data, widthPx: clip.widthPx, heightPx: clip.heightPx, timestampMs: (i * 1000) / clip.fps }));
    const stats = await run('tracking', frames);
    expect(stats.length).toBeGreaterThan(CLIP_FRAMES * 0.9);
    const ious = stats.map((s) => s.iou);
    const edges = stats.map((s) => s.edgeModelPx);
    console.log(
      `${model} mask 128 vs 256 on ${path.basename(CLIP)}, ${stats.length} frames: IoU median ${median(ious).toFixed(4)}, worst ${Math.min(...ious).toFixed(4)}; ` +
        `edge offset median ${median(stats.map((s) => s.edgePx)).toFixed(2)} frame px (${median(edges).toFixed(2)} model px), worst ${Math.max(...edges).toFixed(2)} model px`,
    );
    expect(Math.max(...edges)).toBeLessThanOrEqual(MAX_MEAN_EDGE_MODEL_PX);
    expect(Math.min(...ious)).toBeGreaterThanOrEqual(MIN_IOU);
  }, 300_000);

  it('on the 20 COCO photos (static): same landmarks, mask edges within a model pixel of the exact head', async () => {
    const files = photos();
    expect(files.length).toBe(20);
    const frames: RgbaFrame[] = [];
    for (const f of files) frames.push({ ...(await loadImageRgba(f)), timestampMs: 0 });
    const stats = await run('static', frames);
    const ious = stats.map((s) => s.iou);
    const edges = stats.map((s) => s.edgeModelPx);
    console.log(
      `${model} mask 128 vs 256 on ${stats.length} COCO photos with a person: IoU median ${median(ious).toFixed(4)}, worst ${Math.min(...ious).toFixed(4)}; ` +
        `edge offset median ${median(stats.map((s) => s.edgePx)).toFixed(2)} frame px (${median(edges).toFixed(2)} model px), worst ${Math.max(...edges).toFixed(2)} model px`,
    );
    expect(stats.length).toBeGreaterThan(10);
    expect(Math.max(...edges)).toBeLessThanOrEqual(MAX_MEAN_EDGE_MODEL_PX);
    expect(Math.min(...ious)).toBeGreaterThanOrEqual(MIN_IOU);
  }, 300_000);
});
