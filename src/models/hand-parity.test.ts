import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo, streamVideoFrames } from '../inference/bench/frames';
import { createOrtSession } from '../inference/ort/index';
import { cropRectToTensor } from '../inference/pipeline/crop';
import { HAND_INPUT_SIZE_PX, handRoiFromPose, type HandAnchorsNorm } from '../inference/pipeline/hand-roi';
import type { RgbaFrame } from '../inference/pipeline/types';
import { MANIFEST_FILE, type ModelsManifest } from '../shared/models-manifest';
import { PoseLandmark } from '../shared/pose';
import { readSource } from './build';
import { MODEL_SOURCES } from './sources';
import { openTflite } from '../../tests/fixtures/models-litert';
import { MEDIA_DIR } from '../../tests/fixtures/models-testing';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../tests/support/prerequisites';

/**
 * The converted hand landmark models (ONNX Runtime, CPU) against the ORIGINAL TFLite files run by Google's TFLite
 * runtime (LiteRT.js, XNNPACK on WASM), on hand crops cut as the engine cuts them (the square the pose's wrist, pinky
 * and index landmarks give, MediaPipe holistic's hand ROI from pose): from the shared COCO photos (MediaPipe's own
 * pose results say where the hands are) and from frames of mirror_run.mp4 (our tracked landmarks, fixture). Target
 * (issue 18): median landmark error ≤ 1 % of the hand's box diagonal over the hands TFLite sees.
 */

const MODELS_DIR = path.resolve('models');
const REFERENCE_POSES = path.join(MEDIA_DIR, '../reference/mediapipe_pose_coco_static.json');
const CLIP = path.join(MEDIA_DIR, 'mirror_run.mp4');
const CLIP_LANDMARKS = path.resolve('tests/fixtures/mirror-run/landmarks.json');
/** Pose landmarks this visible are taken as "the hand is in the picture" for choosing crops. */
const MIN_VISIBILITY = 0.5;
const MEDIAN_LIMIT = 0.01;
/** Hands the reference must see, so that agreement is measured on real hands (not on empty crops). */
const MIN_HANDS_SEEN = 6;
const HAND_IDS = MODEL_SOURCES.filter((s) => s.id.startsWith('hand_landmark')).map((s) => s.id);

interface Crop {
  label: string;
  input: Float32Array;
}

type Point = { x: number; y: number; visibility: number };

/** Crops around each visible hand of one pose (x, y normalised to `frame`). */
function handCrops(frame: RgbaFrame, pose: readonly Point[], label: string): Crop[] {
  const crops: Crop[] = [];
  for (const side of ['left', 'right'] as const) {
    const w = pose[side === 'left' ? PoseLandmark.leftWrist : PoseLandmark.rightWrist]!;
    const p = pose[side === 'left' ? PoseLandmark.leftPinky : PoseLandmark.rightPinky]!;
    const i = pose[side === 'left' ? PoseLandmark.leftIndex : PoseLandmark.rightIndex]!;
    if (Math.min(w.visibility, p.visibility, i.visibility) < MIN_VISIBILITY) continue;
    const anchors: HandAnchorsNorm = { wristX: w.x, wristY: w.y, pinkyX: p.x, pinkyY: p.y, indexX: i.x, indexY: i.y };
    const roi = handRoiFromPose(anchors, frame.widthPx, frame.heightPx);
    const input = new Float32Array(HAND_INPUT_SIZE_PX * HAND_INPUT_SIZE_PX * 3);
    cropRectToTensor(frame, roi, input, { widthPx: HAND_INPUT_SIZE_PX, heightPx: HAND_INPUT_SIZE_PX, rangeMin: 0, rangeMax: 1 });
    crops.push({ label: `${label} ${side}`, input });
  }
  return crops;
}

async function photoFrame(file: string): Promise<RgbaFrame> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), widthPx: info.width, heightPx: info.height, timestampMs: 0 };
}

const crops: Crop[] = [];
const report: string[] = [];

beforeAll(async () => {
  requirePrerequisites([
    { path: path.join(MODELS_DIR, MANIFEST_FILE), how: MODELS_HOW },
    { path: REFERENCE_POSES, how: MEDIA_HOW },
    { path: CLIP, how: MEDIA_HOW },
  ]);
  const ref = JSON.parse(readFileSync(REFERENCE_POSES, 'utf8')) as {
    runs: Array<{ modelComplexity: number; images: Array<{ image: string; pose: null | { poseLandmarks: Point[] } }> }>;
  };
  for (const img of ref.runs.find((r) => r.modelComplexity === 1)!.images) {
    if (!img.pose) continue;
    crops.push(...handCrops(await photoFrame(path.join(MEDIA_DIR, img.image)), img.pose.poseLandmarks, img.image));
  }
  const clip = JSON.parse(readFileSync(CLIP_LANDMARKS, 'utf8')) as { frames: Array<{ frame: number; landmarks: Array<[number, number, number]> }> };
  const wanted = new Map(clip.frames.map((f) => [f.frame, f.landmarks.map(([x, y, visibility]) => ({ x, y, visibility }))]));
  const size = await probeVideo(CLIP);
  let n = 0;
  for await (const data of streamVideoFrames(CLIP, size, Math.max(...wanted.keys()) + 1)) {
    const pose = wanted.get(n);
    if (pose) crops.push(...handCrops({ data, ...size, timestampMs: 0 }, pose, `mirror_run#${n}`));
    n++;
  }
}, 120_000);

afterAll(() => {
  console.log(`hand landmark models, ONNX Runtime vs LiteRT.js on ${crops.length} hand crops:\n${report.join('\n')}`);
});

describe('converted hand landmark models vs TFLite (LiteRT.js) on hand crops', () => {
  it.each(HAND_IDS)('%s', async (id) => {
    const manifest = JSON.parse(readFileSync(path.join(MODELS_DIR, MANIFEST_FILE), 'utf8')) as ModelsManifest;
    const entry = manifest.models.find((m) => m.id === id);
    if (!entry) throw new Error(`models/manifest.json has no ${id} (${MODELS_HOW})`);
    const src = MODEL_SOURCES.find((s) => s.id === id)!;
    const tflite = await openTflite(readSource(src, process.cwd()).bytes);
    const inputName = entry.inputs[0]!.name;
    const shapes = { [inputName]: entry.inputs[0]!.shape };
    const onnx = await createOrtSession(path.join(MODELS_DIR, entry.file), shapes, { ep: 'cpu', warmUp: false });
    const errors: number[] = [];
    let worstPresence = 0;
    let worstWorld = 0;
    for (const crop of crops) {
      const r = await tflite.run(crop.input);
      const g = await onnx.run({ [inputName]: crop.input }, shapes);
      worstPresence = Math.max(worstPresence, Math.abs(r.Identity_1![0]! - g.Identity_1!.data[0]!), Math.abs(r.Identity_2![0]! - g.Identity_2!.data[0]!));
      if (r.Identity_1![0]! < 0.5) continue;
      const a = r.Identity!;
      const b = g.Identity!.data;
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      let sum = 0;
      for (let k = 0; k < 21; k++) {
        minX = Math.min(minX, a[k * 3]!);
        maxX = Math.max(maxX, a[k * 3]!);
        minY = Math.min(minY, a[k * 3 + 1]!);
        maxY = Math.max(maxY, a[k * 3 + 1]!);
        sum += Math.hypot(a[k * 3]! - b[k * 3]!, a[k * 3 + 1]! - b[k * 3 + 1]!);
      }
      errors.push(sum / 21 / Math.hypot(maxX - minX, maxY - minY));
      for (let k = 0; k < 63; k++) worstWorld = Math.max(worstWorld, Math.abs(r.Identity_3![k]! - g.Identity_3!.data[k]!));
    }
    tflite.dispose();
    await onnx.dispose();
    errors.sort((x, y) => x - y);
    const median = errors[Math.floor(errors.length / 2)] ?? NaN;
    report.push(
      `  ${id}: ${errors.length}/${crops.length} crops with a hand (TFLite presence ≥ 0.5); mean landmark error / hand box diagonal: median ${(median * 100).toExponential(2)} %, worst ${((errors.at(-1) ?? NaN) * 100).toExponential(2)} %; presence/handedness |Δ| ≤ ${worstPresence.toExponential(2)}; world landmarks |Δ| ≤ ${worstWorld.toExponential(2)} m`,
    );
    expect(errors.length, `${id}: hands the reference sees`).toBeGreaterThanOrEqual(MIN_HANDS_SEEN);
    expect(median, `${id} median error / hand diagonal`).toBeLessThanOrEqual(MEDIAN_LIMIT);
    expect(errors.at(-1)!, `${id} worst error / hand diagonal`).toBeLessThanOrEqual(MEDIAN_LIMIT);
    expect(worstPresence, `${id} presence / handedness`).toBeLessThanOrEqual(1e-3);
  }, 120_000);
});
