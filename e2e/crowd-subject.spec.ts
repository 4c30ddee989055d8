import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/test';
import sharp from 'sharp';
import { atelierPose } from './support/atelier-pose';
import { loadImageRgba } from '../src/inference/bench/frames';
import { generateAnchors } from '../src/inference/pipeline/anchors';
import { decodeDetections, removeLetterbox } from '../src/inference/pipeline/detector';
import { DETECTOR_INPUT_SIZE_PX, letterbox } from '../src/inference/pipeline/letterbox';
import { weightedNms } from '../src/inference/pipeline/nms';
import { createOrtPoseModels, type PoseModelSize } from '../src/inference/pose-models-ort';
import { mediapipeOnPhoto, openMediapipePose, SHARED_MEDIA, startMediapipeServer, type MpPhotoResult } from './support/mediapipe-harness.mjs';

/**
 * Who is tracked when several people are in the picture: `atelier pose --subject highest-score` must pick the same
 * person as Google's @mediapipe/pose solution run live (CPU inference, static image, all three complexities). The
 * photos are composed here, deterministically, from the shared COCO photos: a crowd around one large person in
 * front, the same crowd at night (a quarter of the light), a person cut by the left edge beside one in the centre,
 * and exact and near ties (one person pasted twice, the same size and 1 % larger) — the cases where a difference in
 * anchor decoding, score clipping, NMS order or letterbox removal would pick someone else. The detector's candidates
 * before and after NMS are printed per photo and written to test-results/crowd-subject.json.
 */
const MODELS: readonly PoseModelSize[] = ['lite', 'full', 'heavy'];
const COMPLEXITY: Record<PoseModelSize, 0 | 1 | 2> = { lite: 0, full: 1, heavy: 2 };
const OUT_DIR = path.resolve('test-results/crowd-subject');
const REPORT = path.resolve('test-results/crowd-subject.json');
/** Same person: our hip centre within this share of MediaPipe's body diagonal from theirs (people here are ≥ 1 body apart). */
const SAME_PERSON_OF_DIAGONAL = 0.1;

const PEOPLE = ['241', '415', '474', '623', '459', '564', '589'].map((n) => `COCO_val2014_000000000${n}.jpg`);
const W = 1280;
const H = 720;

interface Layer {
  photo: string;
  heightPx: number;
  left: number;
  top: number;
  /** Keep this share of the photo's width from its right side (the rest is cut off by the frame's left edge). */
  keepRight?: number;
}

async function compose(name: string, layers: Layer[], gain = 1): Promise<string> {
  const inputs = [];
  for (const l of layers) {
    let img = await sharp(path.join(SHARED_MEDIA, l.photo)).resize({ height: l.heightPx }).toBuffer();
    const { width = 0 } = await sharp(img).metadata();
    if (l.keepRight) {
      const cut = Math.round(width * (1 - l.keepRight));
      img = await sharp(img).extract({ left: cut, top: 0, width: width - cut, height: l.heightPx }).toBuffer();
    }
    inputs.push({ input: img, left: l.left, top: l.top });
  }
  const file = path.join(OUT_DIR, `${name}.jpg`);
  await sharp({ create: { width: W, height: H, channels: 3, background: { r: 12, g: 12, b: 20 } } })
    .composite(inputs)
    .linear(gain, 0)
    .jpeg({ quality: 92 })
    .toFile(file);
  return file;
}

async function composePhotos(): Promise<string[]> {
  mkdirSync(OUT_DIR, { recursive: true });
  const crowd: Layer[] = [
    { photo: PEOPLE[1]!, heightPx: 300, left: 0, top: 40 },
    { photo: PEOPLE[2]!, heightPx: 280, left: 180, top: 10 },
    { photo: PEOPLE[3]!, heightPx: 300, left: 860, top: 30 },
    { photo: PEOPLE[4]!, heightPx: 260, left: 1040, top: 0 },
    { photo: PEOPLE[5]!, heightPx: 240, left: 1100, top: 300 },
    { photo: PEOPLE[0]!, heightPx: 560, left: 440, top: 160 },
  ];
  return [
    await compose('crowd-front-centre', crowd),
    await compose('crowd-at-night', crowd, 0.25),
    await compose('cut-by-left-edge', [
      { photo: PEOPLE[0]!, heightPx: 700, left: 0, top: 0, keepRight: 0.5 },
      { photo: PEOPLE[3]!, heightPx: 560, left: 560, top: 160 },
    ]),
    await compose('tie-same-size', [
      { photo: PEOPLE[0]!, heightPx: 560, left: 40, top: 60 },
      { photo: PEOPLE[0]!, heightPx: 560, left: 820, top: 60 },
    ]),
    await compose('tie-one-percent', [
      { photo: PEOPLE[3]!, heightPx: 560, left: 40, top: 60 },
      { photo: PEOPLE[3]!, heightPx: 566, left: 880, top: 60 },
    ]),
  ];
}

/** The detector's candidates (score, hip centre in pixels) before and after weighted NMS, best first. */
async function candidates(files: string[]): Promise<Array<{ before: number[]; after: Array<{ score: number; hipXPx: number; hipYPx: number }> }>> {
  const models = await createOrtPoseModels({ modelsDir: path.resolve('models'), model: 'full', ep: 'cpu' });
  try {
    const anchors = generateAnchors();
    const input = new Float32Array(DETECTOR_INPUT_SIZE_PX * DETECTOR_INPUT_SIZE_PX * 3);
    const out = [];
    for (const f of files) {
      const frame = { ...(await loadImageRgba(f)), timestampMs: 0 };
      const padding = letterbox(frame, input, { layout: models.inputLayout });
      const raw = await models.detect(input);
      const decoded = decodeDetections(raw.boxes, raw.scores, anchors);
      const kept = weightedNms(decoded).map((d) => removeLetterbox(d, padding));
      out.push({
        before: decoded.map((d) => d.score).sort((a, b) => b - a),
        after: kept.map((d) => ({ score: d.score, hipXPx: d.keypoints[0]! * frame.widthPx, hipYPx: d.keypoints[1]! * frame.heightPx })),
      });
    }
    return out;
  } finally {
    await models.dispose();
  }
}

function hipCentre(landmarks: ReadonlyArray<{ x: number; y: number }>): { x: number; y: number } {
  return { x: ((landmarks[23]!.x + landmarks[24]!.x) / 2) * W, y: ((landmarks[23]!.y + landmarks[24]!.y) / 2) * H };
}

function diagonalPx(landmarks: ReadonlyArray<{ x: number; y: number }>): number {
  const xs = landmarks.map((l) => l.x * W);
  const ys = landmarks.map((l) => l.y * H);
  return Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

test.describe('the same person as MediaPipe when several people are in the picture', () => {
  test.beforeAll(() => {
    expect(existsSync(path.join(SHARED_MEDIA, PEOPLE[0]!)), `the shared COCO photos are missing from ${SHARED_MEDIA}`).toBe(true);
    expect(existsSync('models/manifest.json'), 'models not built: run `atelier models build`').toBe(true);
  });

  test('crowds, a person cut by the edge, and ties: lite, full and heavy', async ({ page }) => {
    test.setTimeout(300_000);
    const files = await composePhotos();
    const names = files.map((f) => path.basename(f));
    const detector = await candidates(files);
    const server = await startMediapipeServer({ mediaDir: OUT_DIR });
    const report: Record<string, unknown> = { detectorFull: Object.fromEntries(names.map((n, i) => [n, detector[i]])) };
    try {
      for (const [i, n] of names.entries()) {
        const d = detector[i]!;
        console.log(
          `${n}: ${d.before.length} candidates ≥ 0.5 (${d.before.slice(0, 6).map((s) => s.toFixed(3)).join(', ')}…) → after NMS ` +
            d.after.map((a) => `${a.score.toFixed(3)} @ (${a.hipXPx.toFixed(0)}, ${a.hipYPx.toFixed(0)})`).join(', '),
        );
      }
      for (const size of MODELS) {
        const ours = await atelierPose(size, files);
        await openMediapipePose(page, server.origin, { modelComplexity: COMPLEXITY[size], smoothLandmarks: false, minDetectionConfidence: 0.5 });
        const rows = [];
        for (const [i, name] of names.entries()) {
          const mp: MpPhotoResult = await mediapipeOnPhoto(page, name);
          const mine = ours[i]!;
          const row: Record<string, unknown> = { image: name, mediapipePerson: mp.pose !== null, oursPerson: mine.landmarks !== null };
          if (mp.pose && mine.landmarks) {
            const a = hipCentre(mp.pose.poseLandmarks);
            const b = hipCentre(mine.landmarks);
            row.hipDistanceOfDiagonal = Math.hypot(a.x - b.x, a.y - b.y) / diagonalPx(mp.pose.poseLandmarks);
            row.mediapipeHipPx = [Math.round(a.x), Math.round(a.y)];
            row.oursHipPx = [Math.round(b.x), Math.round(b.y)];
          }
          rows.push(row);
          console.log(`  ${size} ${JSON.stringify(row)}`);
        }
        report[size] = rows;
        for (const r of rows) {
          expect(r.oursPerson, `${size} ${String(r.image)}: person found`).toBe(r.mediapipePerson);
          if (r.hipDistanceOfDiagonal !== undefined) {
            expect(r.hipDistanceOfDiagonal as number, `${size} ${String(r.image)}: the same person as MediaPipe`).toBeLessThan(SAME_PERSON_OF_DIAGONAL);
          }
        }
        // The compositions must exercise the choice: most of them hold a person for both.
        expect(rows.filter((r) => r.hipDistanceOfDiagonal !== undefined).length, `${size}: photos with a person`).toBeGreaterThanOrEqual(5);
      }
    } finally {
      writeFileSync(REPORT, JSON.stringify(report, null, 2));
      await server.close();
    }
  });
});
