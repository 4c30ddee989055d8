/**
 * The accuracy gate of a quantized landmark model: the tracker with it against the tracker with the float model on
 * photos of people (static-image mode, as `atelier pose`). Thresholds from issue 18 point 4.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedLandmark } from '../../shared/pose';
import { loadImageRgba } from '../bench/frames';
import { createOrtPoseModels, type PrecisionChoice, type PoseModelSize } from '../pose-models-ort';
import { PoseTracker } from '../tracker';

/** Median over the photos of the per-photo mean landmark error, as a fraction of the body's diagonal. */
export const GATE_MEDIAN_ERROR = 0.005;
/** No photo's mean landmark error above this fraction of the body's diagonal. */
export const GATE_MAX_ERROR = 0.03;
/** MediaPipe's own visibility threshold for "this landmark is in the picture". */
const VISIBLE = 0.5;

export interface GateResult {
  passed: boolean;
  photos: number;
  medianError: number;
  maxError: number;
  decisionsDiffer: number;
  /** Per photo: mean error (null when neither model found a person), and whether the detect decisions differ. */
  perPhoto: Array<{ file: string; error: number | null; decisionDiffers: boolean }>;
}

/**
 * Mean distance between two poses' landmarks over those `reference` marks visible, divided by the diagonal of their
 * bounding box in pixels (the metric of tracker.parity.test.ts). Borrows its inputs.
 */
export function landmarkError(reference: readonly NormalizedLandmark[], test: readonly NormalizedLandmark[], widthPx: number, heightPx: number): number {
  const visible = reference.map((l, i) => ({ l, i })).filter(({ l }) => l.visibility > VISIBLE);
  const use = visible.length >= 2 ? visible : reference.map((l, i) => ({ l, i }));
  const xs = use.map(({ l }) => l.x * widthPx);
  const ys = use.map(({ l }) => l.y * heightPx);
  const diagonalPx = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  if (!(diagonalPx > 0)) return 0;
  let sum = 0;
  for (const { l, i } of use) sum += Math.hypot((test[i]!.x - l.x) * widthPx, (test[i]!.y - l.y) * heightPx);
  return sum / use.length / diagonalPx;
}

/** Applies the thresholds to per-photo results. */
export function judgeGate(perPhoto: GateResult['perPhoto']): GateResult {
  const errors = perPhoto.flatMap((p) => (p.error === null ? [] : [p.error])).sort((a, b) => a - b);
  const medianError = errors.length === 0 ? 0 : errors.length % 2 ? errors[errors.length >> 1]! : (errors[errors.length / 2 - 1]! + errors[errors.length / 2]!) / 2;
  const maxError = errors.length === 0 ? 0 : errors[errors.length - 1]!;
  const decisionsDiffer = perPhoto.filter((p) => p.decisionDiffers).length;
  return {
    passed: decisionsDiffer === 0 && medianError <= GATE_MEDIAN_ERROR && maxError <= GATE_MAX_ERROR,
    photos: perPhoto.length,
    medianError,
    maxError,
    decisionsDiffer,
    perPhoto,
  };
}

/** The gate's photos: the COCO photos of the shared media, sorted by name. */
export function gatePhotos(mediaDir: string): string[] {
  return readdirSync(mediaDir)
    .filter((f) => /^COCO_.*\.jpe?g$/i.test(f))
    .sort()
    .map((f) => path.join(mediaDir, f));
}

/** Runs `precision` against fp32 on `photos` (files) with one landmark model size. */
export async function runAccuracyGate(modelsDir: string, model: PoseModelSize, precision: Exclude<PrecisionChoice, 'fp32' | 'auto'>, photos: readonly string[]): Promise<GateResult> {
  const open = (p: 'fp32' | typeof precision) => createOrtPoseModels({ modelsDir, model, ep: 'cpu', precision: p });
  const reference = await open('fp32');
  const quantized = await open(precision);
  try {
    const a = new PoseTracker(reference, { mode: 'static', segmentation: false, subject: 'highest-score' });
    const b = new PoseTracker(quantized, { mode: 'static', segmentation: false, subject: 'highest-score' });
    const perPhoto: GateResult['perPhoto'] = [];
    for (const file of photos) {
      const image = await loadImageRgba(file);
      const ref = await a.process({ ...image, timestampMs: 0 });
      const test = await b.process({ ...image, timestampMs: 0 });
      const found = [ref.landmarks.length > 0, test.landmarks.length > 0];
      perPhoto.push({
        file,
        decisionDiffers: found[0] !== found[1],
        error: found[0] && found[1] ? landmarkError(ref.landmarks, test.landmarks, image.widthPx, image.heightPx) : null,
      });
    }
    return judgeGate(perPhoto);
  } finally {
    await reference.dispose();
    await quantized.dispose();
  }
}
