/**
 * Accuracy against MediaPipe: our tracker in static-image mode on the ONNX models vs the legacy @mediapipe/pose
 * solution's results on the shared COCO photos (../shared/reference/mediapipe_pose_coco_static.json, CPU inference).
 * Metrics per image, over the landmarks MediaPipe marks visible (> 0.5): mean and median distance divided by the
 * diagonal of those landmarks' bounding box; world landmarks: median 3D distance. Prints a table per model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';
import { createOrtPoseModels, type OrtPoseModels, type PoseModelSize } from './pose-models-ort';
import { PoseTracker } from './tracker';

const REPO = path.resolve(import.meta.dirname, '../..');
const MODELS_DIR = path.join(REPO, 'models');
const MEDIA_DIR = path.resolve(REPO, '../shared/media');
const REFERENCE = path.resolve(REPO, '../shared/reference/mediapipe_pose_coco_static.json');

interface RefLandmark {
  x: number;
  y: number;
  z: number;
  visibility: number;
}
interface RefImage {
  image: string;
  width: number;
  height: number;
  pose: null | { poseLandmarks: RefLandmark[]; poseWorldLandmarks: RefLandmark[] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function loadRgba(file: string) {
  const { data, info } = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height, timestampMs: 0 };
}

const complexity: Record<PoseModelSize, number> = { lite: 0, full: 1, heavy: 2 };

/**
 * How much MediaPipe disagrees with itself on an image: the largest mean distance (over the landmarks visible in
 * `run`) between `run` and MediaPipe's other model sizes, divided by the same bounding-box diagonal. A small,
 * distant person (a baseball catcher in a stadium crowd) moves by more than 5 % between MediaPipe's own lite and
 * full models; such an image is borderline, and the issue allows one borderline case.
 */
function selfDisagreement(image: string, run: { modelComplexity: number }, runs: { modelComplexity: number; images: RefImage[] }[], w: number, h: number): number {
  const mine = runs.find((r) => r === run)!.images.find((i) => i.image === image)?.pose;
  if (!mine) return 0;
  const visible = mine.poseLandmarks.map((l, i) => ({ l, i })).filter(({ l }) => l.visibility > 0.5);
  const xs = visible.map(({ l }) => l.x * w);
  const ys = visible.map(({ l }) => l.y * h);
  const diagonalPx = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  let worst = 0;
  for (const other of runs) {
    if (other === run) continue;
    const theirs = other.images.find((i) => i.image === image)?.pose;
    if (!theirs) continue;
    const d = visible.map(({ l, i }) => Math.hypot((theirs.poseLandmarks[i]!.x - l.x) * w, (theirs.poseLandmarks[i]!.y - l.y) * h) / diagonalPx);
    worst = Math.max(worst, d.reduce((a, b) => a + b, 0) / d.length);
  }
  return worst;
}

describe('parity with MediaPipe on the COCO photos (needs models/ and ../shared)', () => {
  beforeAll(() =>
    requirePrerequisites([
      { path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW },
      { path: REFERENCE, how: "MediaPipe's own results in ../shared/reference" },
      { path: MEDIA_DIR, how: MEDIA_HOW },
    ]),
  );
  const opened: OrtPoseModels[] = [];
  afterAll(async () => {
    for (const m of opened) await m.dispose();
  });

  it.each(['lite', 'full', 'heavy'] as const)('%s model', async (size) => {
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { runs: { modelComplexity: number; images: RefImage[] }[] };
    const run = reference.runs.find((r) => r.modelComplexity === complexity[size])!;
    const models = await createOrtPoseModels({ modelsDir: MODELS_DIR, model: size, ep: 'cpu' });
    opened.push(models);
    const tracker = new PoseTracker(models, { mode: 'static', segmentation: false, subject: 'highest-score' });
    const rows: string[] = [];
    const meanErrors: number[] = [];
    const worldErrorsM: number[] = [];
    let decisionMismatches = 0;
    /** Images above 5 % that MediaPipe itself does not reproduce within 5 % across model sizes. */
    const borderline: string[] = [];
    /** Images above 5 % on which MediaPipe is self-consistent: these are real misses. */
    const misses: string[] = [];
    for (const ref of run.images) {
      const frame = await loadRgba(path.join(MEDIA_DIR, ref.image));
      const pose = await tracker.process(frame);
      const ours = pose.landmarks.length > 0;
      const theirs = ref.pose !== null;
      if (ours !== theirs) {
        decisionMismatches++;
        rows.push(`${ref.image}  person: ours ${ours} vs mediapipe ${theirs}`);
        continue;
      }
      if (!ref.pose) {
        rows.push(`${ref.image}  nobody (both)`);
        continue;
      }
      const visible = ref.pose.poseLandmarks.map((l, i) => ({ l, i })).filter(({ l }) => l.visibility > 0.5);
      const xs = visible.map(({ l }) => l.x * frame.widthPx);
      const ys = visible.map(({ l }) => l.y * frame.heightPx);
      const diagonalPx = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
      const errors = visible.map(({ l, i }) =>
        Math.hypot((pose.landmarks[i]!.x - l.x) * frame.widthPx, (pose.landmarks[i]!.y - l.y) * frame.heightPx) / diagonalPx,
      );
      const world = ref.pose.poseWorldLandmarks.map((l, i) => {
        const w = pose.worldLandmarks[i]!;
        return Math.hypot(w.x - l.x, w.y - l.y, w.z - l.z);
      });
      const meanError = errors.reduce((a, b) => a + b, 0) / errors.length;
      meanErrors.push(meanError);
      if (meanError > 0.05) {
        const self = selfDisagreement(ref.image, run, reference.runs, frame.widthPx, frame.heightPx);
        (self > 0.05 ? borderline : misses).push(`${ref.image} ${(meanError * 100).toFixed(1)}% (MediaPipe across sizes: ${(self * 100).toFixed(1)}%)`);
      }
      worldErrorsM.push(median(world));
      rows.push(
        `${ref.image}  visible ${String(visible.length).padStart(2)}  mean ${(meanError * 100).toFixed(2)}%  median ${(median(errors) * 100).toFixed(2)}%  world median ${(median(world) * 100).toFixed(1)} cm`,
      );
    }
    const summary = `${size}: median over images of mean error ${(median(meanErrors) * 100).toFixed(2)}% of bbox diagonal, worst ${(Math.max(...meanErrors) * 100).toFixed(2)}%, world median ${(median(worldErrorsM) * 100).toFixed(1)} cm, person/no-person mismatches ${decisionMismatches}, above 5%: ${[...misses, ...borderline].join('; ') || 'none'}`;
    console.log([summary, ...rows].join('\n'));
    expect(decisionMismatches).toBeLessThanOrEqual(1);
    expect(median(meanErrors)).toBeLessThanOrEqual(0.01);
    // No image above 5 % where MediaPipe is self-consistent; at most one borderline image (see selfDisagreement).
    expect(misses).toEqual([]);
    expect(borderline.length + decisionMismatches).toBeLessThanOrEqual(1);
    expect(median(worldErrorsM)).toBeLessThanOrEqual(0.02);
  }, 120_000);
});
