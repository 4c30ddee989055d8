/**
 * The person of a clip as the mirror's engine sees them, frame by frame: landmarks in camera pixels and the person
 * mask, from the native tracker in video mode (as `atelier tryon` and the mirror track), with the picture itself.
 */
import path from 'node:path';
import { probeVideo, streamVideoFrames } from '../../src/inference/bench/frames';
import { createOrtPoseModels } from '../../src/inference/pose-models-ort';
import { PoseTracker } from '../../src/inference/tracker';

export interface TrackedFrame {
  index: number;
  widthPx: number;
  heightPx: number;
  /** The picture, RGBA rows top first (owned by the receiver). */
  rgba: Uint8Array;
  /** Person mask, probability × 255, a copy (owned by the receiver); null without a person. */
  mask: Uint8Array | null;
  /** 33 landmarks, camera pixels, interleaved x, y; null without a person. */
  landmarksPx: Float64Array | null;
  /** 33 world landmarks, metres, interleaved x, y, z; null without a person. */
  worldM: Float64Array | null;
  /** 33 landmarks' visibility, 0..1; null without a person. */
  visibility: Float64Array | null;
}

/** The repository's converted models (`models/`). */
export const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');

/** Tracks a picture (or a clip to its end) and gives its last frame, or null when nobody is found in it. */
export async function trackPicture(file: string): Promise<(TrackedFrame & { landmarksPx: Float64Array }) | null> {
  let last: TrackedFrame | null = null;
  for await (const f of trackClip(file)) last = f;
  return last?.landmarksPx ? { ...last, landmarksPx: last.landmarksPx } : null;
}

/** Tracks every frame of `file` (up to `maxFrames`) and yields those whose index is a multiple of `step`. */
export async function* trackClip(file: string, opts: { maxFrames?: number; step?: number } = {}): AsyncGenerator<TrackedFrame> {
  const { widthPx, heightPx, fps } = await probeVideo(file);
  const step = opts.step ?? 1;
  const models = await createOrtPoseModels({ modelsDir: MODELS_DIR, model: 'full', ep: 'cpu' });
  try {
    const tracker = new PoseTracker(models, { mode: 'tracking', segmentation: true, subject: 'mirror' });
    let index = 0;
    for await (const rgba of streamVideoFrames(file, { widthPx, heightPx }, opts.maxFrames ?? Infinity)) {
      const i = index++;
      const pose = await tracker.process({ data: rgba, widthPx, heightPx, timestampMs: (i * 1000) / fps });
      if (i % step !== 0) continue;
      const found = pose.landmarks.length > 0;
      const landmarksPx = found ? new Float64Array(pose.landmarks.flatMap((l) => [l.x * widthPx, l.y * heightPx])) : null;
      const worldM = found && pose.worldLandmarks.length > 0 ? new Float64Array(pose.worldLandmarks.flatMap((l) => [l.x, l.y, l.z])) : null;
      const visibility = found ? new Float64Array(pose.landmarks.map((l) => l.visibility ?? 0)) : null;
      yield { index: i, widthPx, heightPx, rgba, mask: found && pose.mask ? pose.mask.data.slice() : null, landmarksPx, worldM, visibility };
    }
  } finally {
    await models.dispose();
  }
}
