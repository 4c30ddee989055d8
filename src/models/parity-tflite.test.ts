import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtSession } from '../inference/ort/index';
import { MANIFEST_FILE, type ModelsManifest } from '../shared/models-manifest';
import { buildModels, readSource } from './build';
import { MODEL_SOURCES } from './sources';
import { openTflite } from '../../tests/fixtures/models-litert';
import { MEDIA_DIR, inModelLayout, nhwcShape } from '../../tests/fixtures/models-testing';

/**
 * The built ONNX models (onnxruntime-node, CPU) against the ORIGINAL TFLite files run by Google's TFLite
 * runtime (LiteRT.js, XNNPACK on WASM, in Node), raw output tensors, on real photos: letterboxed to the
 * detector's and the selfie models' input, cropped around the person for the landmark models. Targets
 * (issue 4): landmark, world-landmark, detector box and score tensors within 1e-3 of the reference tensor's
 * value range (max |ONNX − TFLite| / (max − min)); masks within 1e-3 mean absolute
 * difference after the sigmoid.
 */

const MODELS_DIR = path.resolve('models');
/** COCO photos that show at least one person (192 and 257 are a distant and a crowded scene: no pose). */
const PHOTO_IDS = ['241', '294', '328', '338', '357', '360', '395', '415', '428', '459'];
const PHOTOS = PHOTO_IDS.map((n) => path.join(MEDIA_DIR, `COCO_val2014_000000000${n}.jpg`));
const RANGE_LIMIT = 1e-3;
const MASK_MEAN_ABS_LIMIT = 1e-3;
/** A single probability has no range: compare it absolutely. */
const SCALAR_ABS_LIMIT = 1e-3;

type Metric = 'range' | 'mask-logits' | 'mask-prob' | 'scalar';

/** How each output is compared, by model kind and ONNX/TFLite tensor name. */
const METRICS: Record<string, Record<string, Metric>> = {
  pose_detection: { Identity: 'range', Identity_1: 'range' },
  pose_landmark: { Identity: 'range', Identity_1: 'scalar', Identity_2: 'mask-logits', Identity_3: 'range', Identity_4: 'range' },
  selfie_segmentation: { activation_10: 'mask-prob' },
  selfie_segmentation_landscape: { segment_back: 'mask-prob' },
};

/**
 * Whether the reference saw a person in this photo (agreement on empty outputs would prove little): the
 * detector's best score, the landmark model's presence, or any mask pixel above one half.
 */
const PERSON_SEEN: Record<string, (ref: Record<string, Float32Array>) => boolean> = {
  pose_detection: (ref) => ref.Identity_1!.some((logit) => logit > 0),
  pose_landmark: (ref) => ref.Identity_1![0]! > 0.5,
  selfie_segmentation: (ref) => ref.activation_10!.some((p) => p > 0.5),
  selfie_segmentation_landscape: (ref) => ref.segment_back!.some((p) => p > 0.5),
};

function metricsFor(id: string): Record<string, Metric> {
  const m = METRICS[id] ?? METRICS[id.replace(/_(lite|full|heavy)$/, '')];
  if (!m) throw new Error(`no metrics for ${id}`);
  return m;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The error measure of `metric` for one output (both arrays borrowed), and the reference's range. */
function compare(metric: Metric, ref: Float32Array, got: Float32Array): { err: number; lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let maxAbs = 0;
  let sumAbs = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const g = got[i]!;
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
    maxAbs = Math.max(maxAbs, Math.abs(r - g));
    sumAbs += metric === 'mask-logits' ? Math.abs(sigmoid(r) - sigmoid(g)) : Math.abs(r - g);
  }
  if (metric === 'range') return { err: maxAbs / (hi - lo), lo, hi };
  if (metric === 'scalar') return { err: maxAbs, lo, hi };
  return { err: sumAbs / ref.length, lo, hi };
}

const LIMITS: Record<Metric, number> = { range: RANGE_LIMIT, 'mask-logits': MASK_MEAN_ABS_LIMIT, 'mask-prob': MASK_MEAN_ABS_LIMIT, scalar: SCALAR_ABS_LIMIT };
const METRIC_LABEL: Record<Metric, string> = {
  range: 'max|Δ|/range',
  'mask-logits': 'mean|Δσ|',
  'mask-prob': 'mean|Δ|',
  scalar: '|Δ|',
};

/**
 * A photo letterboxed (aspect kept, black bars) to `width`×`height`, NHWC float32 RGB as (v − mean) / std.
 * Returns a new array.
 */
async function letterboxed(file: string, width: number, height: number, mean: number, std: number): Promise<Float32Array> {
  const raw = await sharp(file)
    .removeAlpha()
    .resize(width, height, { fit: 'contain', background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer();
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! - mean) / std;
  return out;
}

/**
 * MediaPipe's own pose results on the shared photos (../reference beside the media): the landmark models are
 * built for a crop around one person, so they get the square around the person MediaPipe found, as its
 * pose_landmark graph would feed them; on a whole letterboxed photo they mostly report "no person".
 */
const REFERENCE_POSES = path.join(MEDIA_DIR, '../reference/mediapipe_pose_coco_static.json');
/** MediaPipe's pose ROI is the person's box enlarged by 1.25 (pose_landmark_by_roi: scale_x/scale_y 1.25). */
const ROI_SCALE = 1.25;

interface ReferencePoses {
  runs: Array<{ modelComplexity: number; images: Array<{ image: string; pose: null | { poseLandmarks: Array<{ x: number; y: number }> } }> }>;
}

let referencePoses: ReferencePoses | undefined;

/** Square person box in pixels (may reach outside the photo), from MediaPipe's full-model landmarks. */
function personSquare(photo: string, widthPx: number, heightPx: number): { leftPx: number; topPx: number; sidePx: number } {
  referencePoses ??= JSON.parse(readFileSync(REFERENCE_POSES, 'utf8')) as ReferencePoses;
  const run = referencePoses.runs.find((r) => r.modelComplexity === 1)!;
  const pose = run.images.find((i) => i.image === path.basename(photo))?.pose;
  if (!pose) throw new Error(`${REFERENCE_POSES} has no pose for ${path.basename(photo)}`);
  const xsPx = pose.poseLandmarks.map((p) => p.x * widthPx);
  const ysPx = pose.poseLandmarks.map((p) => p.y * heightPx);
  const [x0, x1, y0, y1] = [Math.min(...xsPx), Math.max(...xsPx), Math.min(...ysPx), Math.max(...ysPx)];
  const sidePx = Math.round(ROI_SCALE * Math.max(x1 - x0, y1 - y0));
  return { leftPx: Math.round((x0 + x1 - sidePx) / 2), topPx: Math.round((y0 + y1 - sidePx) / 2), sidePx };
}

/**
 * The square around the photo's person, zero-padded where it leaves the photo, stretched to `width`×`height`,
 * NHWC float32 RGB as (v − mean) / std. Returns a new array.
 */
async function personCrop(file: string, width: number, height: number, mean: number, std: number): Promise<Float32Array> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { leftPx, topPx, sidePx } = personSquare(file, info.width, info.height);
  const pad = sidePx;
  const padded = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = await sharp(padded.data, { raw: { width: padded.info.width, height: padded.info.height, channels: 3 } })
    .extract({ left: leftPx + pad, top: topPx + pad, width: sidePx, height: sidePx })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! - mean) / std;
  return out;
}

const report: string[] = [];

describe('converted ONNX models vs TFLite (LiteRT.js) on real photos', () => {
  let manifest: ModelsManifest;
  // A no-op when models/ is current (the install step builds it); a fresh checkout converts all six here.
  beforeAll(() => {
    buildModels({ outDir: MODELS_DIR });
    manifest = JSON.parse(readFileSync(path.join(MODELS_DIR, MANIFEST_FILE), 'utf8')) as ModelsManifest;
  }, 180_000);

  afterAll(() => {
    console.log(`ONNX Runtime vs LiteRT.js, worst over ${PHOTOS.length} photos:\n${report.join('\n')}`);
  });

  // The hand models read hand crops, not person crops: hand-parity.test.ts compares them.
  it.each(MODEL_SOURCES.filter((s) => !s.id.startsWith('hand_')).map((s) => s.id))('%s', async (id) => {
    const src = MODEL_SOURCES.find((s) => s.id === id)!;
    const entry = manifest.models.find((m) => m.id === id)!;
    const metrics = metricsFor(id);
    const personSeen = PERSON_SEEN[id] ?? PERSON_SEEN[id.replace(/_(lite|full|heavy)$/, '')]!;
    let photosWithPerson = 0;
    const tflite = await openTflite(readSource(src, process.cwd()).bytes);
    const inputName = entry.inputs[0]!.name;
    const shape = entry.inputs[0]!.shape;
    // The same image either way: the pose graphs take it planar (NCHW), TFLite interleaved (NHWC).
    expect(tflite.inputs[0]!.shape).toEqual(nhwcShape(entry.inputs[0]!));
    expect(tflite.outputs.map((o) => o.name).sort()).toEqual(entry.outputs.map((o) => o.name).sort());
    // Every output is compared: none may slip through unmeasured.
    expect(Object.keys(metrics).sort()).toEqual(entry.outputs.map((o) => o.name).sort());
    const shapes = { [inputName]: shape };
    const onnx = await createOrtSession(path.join(MODELS_DIR, entry.file), shapes, { ep: 'cpu', warmUp: false });
    const [, h, w] = nhwcShape(entry.inputs[0]!) as [number, number, number, number];
    const worst = new Map<string, { err: number; lo: number; hi: number }>();
    let msTflite = 0;
    let msOnnx = 0;
    for (const photo of PHOTOS) {
      const prepare = id.startsWith('pose_landmark') ? personCrop : letterboxed;
      const x = await prepare(photo, w, h, src.normalization.mean, src.normalization.std);
      let t0 = performance.now();
      const ref = await tflite.run(x);
      msTflite += performance.now() - t0;
      if (personSeen(ref)) photosWithPerson++;
      t0 = performance.now();
      const got = await onnx.run({ [inputName]: inModelLayout(x, entry.inputs[0]!) }, shapes);
      msOnnx += performance.now() - t0;
      for (const [name, metric] of Object.entries(metrics)) {
        const r = ref[name]!;
        const g = got[name]!.data;
        expect(g.length, `${id}/${name} size`).toBe(r.length);
        const c = compare(metric, r, g);
        const prev = worst.get(name);
        worst.set(name, {
          err: Math.max(prev?.err ?? 0, c.err),
          lo: Math.min(prev?.lo ?? Infinity, c.lo),
          hi: Math.max(prev?.hi ?? -Infinity, c.hi),
        });
      }
    }
    tflite.dispose();
    await onnx.dispose();
    for (const [name, metric] of Object.entries(metrics)) {
      const wst = worst.get(name)!;
      report.push(
        `  ${id}/${name}: ${METRIC_LABEL[metric]} ${wst.err.toExponential(2)} (limit ${LIMITS[metric]}, reference values ${wst.lo.toPrecision(3)}..${wst.hi.toPrecision(3)})`,
      );
    }
    report.push(`  ${id}: person seen by TFLite in ${photosWithPerson}/${PHOTOS.length} photos; ${(msTflite / PHOTOS.length).toFixed(0)} ms/photo LiteRT.js, ${(msOnnx / PHOTOS.length).toFixed(0)} ms/photo ONNX Runtime`);
    for (const [name, metric] of Object.entries(metrics)) {
      expect(worst.get(name)!.err, `${id}/${name} ${METRIC_LABEL[metric]}`).toBeLessThanOrEqual(LIMITS[metric]);
    }
    expect(photosWithPerson, `${id}: photos where the reference sees a person`).toBeGreaterThanOrEqual(PHOTOS.length / 2);
  }, 60_000);
});
