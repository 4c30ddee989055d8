import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import sharp from 'sharp';
import { createOrtSession } from '../src/inference/ort/index';
import { buildModels } from '../src/models/build';
import { SHARED_MEDIA } from './support/env';

/**
 * The tasks-vision bundles load and run in Chromium, and MediaPipe's own TFLite runtime (tasks-vision's WASM,
 * XNNPACK CPU) agrees with the converted ONNX model (onnxruntime-node CPU) on real photos.
 */
const ORIGIN = 'http://models.test';
const MODELS_DIR = path.resolve('models');
const TASKS_DIR = path.resolve('node_modules/@mediapipe/tasks-vision');
const PHOTOS = ['241', '294', '328', '338', '357', '360', '395', '415', '428', '459', '474', '488'].map((n) =>
  path.join(SHARED_MEDIA, `COCO_val2014_000000000${n}.jpg`),
);
const MASK_MEAN_ABS_LIMIT = 1e-3;

const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

async function openTasksPage(page: Page): Promise<void> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const file = url.pathname.startsWith('/tasks/')
      ? path.join(TASKS_DIR, url.pathname.slice('/tasks/'.length))
      : url.pathname.startsWith('/models/')
        ? path.join(MODELS_DIR, url.pathname.slice('/models/'.length))
        : undefined;
    if (url.pathname === '/') return route.fulfill({ body: '<!doctype html><title>models</title>', contentType: 'text/html' });
    if (!file) return route.fulfill({ status: 404 });
    return route.fulfill({ body: readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  await page.goto(`${ORIGIN}/`);
}

test.describe('models in tasks-vision (Chromium)', () => {
  test.beforeAll(() => {
    buildModels({ outDir: MODELS_DIR });
  });

  test('selfie segmenter: TFLite (tasks-vision) vs ONNX Runtime on 12 photos', async ({ page }) => {
    test.setTimeout(180_000);
    await openTasksPage(page);
    const manifest = JSON.parse(readFileSync(path.join(MODELS_DIR, 'manifest.json'), 'utf8')) as {
      models: Array<{ id: string; file: string; inputs: Array<{ name: string; shape: number[] }>; outputs: Array<{ name: string }> }>;
    };
    const m = manifest.models.find((x) => x.id === 'selfie_segmentation')!;
    const shapes = { [m.inputs[0]!.name]: m.inputs[0]!.shape };
    const session = await createOrtSession(path.join(MODELS_DIR, m.file), shapes, { ep: 'cpu' });
    const [, h, w] = m.inputs[0]!.shape as [number, number, number, number];
    await page.evaluate(async (origin) => {
      const vision = await import(`${origin}/tasks/vision_bundle.mjs`);
      const fileset = await vision.FilesetResolver.forVisionTasks(`${origin}/tasks/wasm`);
      (window as unknown as Record<string, unknown>).segmenter = await vision.ImageSegmenter.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: `${origin}/models/selfie_segmenter.tflite`, delegate: 'CPU' },
        runningMode: 'IMAGE',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      });
    }, ORIGIN);
    const diffs: number[] = [];
    let photosWithPerson = 0;
    for (const photo of PHOTOS) {
      const rgb = await sharp(photo).removeAlpha().resize(w, h, { fit: 'fill' }).raw().toBuffer();
      const rgba = Buffer.alloc(w * h * 4, 255);
      for (let i = 0; i < w * h; i++) rgb.copy(rgba, 4 * i, 3 * i, 3 * i + 3);
      const tflite = await page.evaluate(
        ([b64, width, height]) => {
          const bytes = Uint8ClampedArray.from(atob(b64 as string), (c) => c.charCodeAt(0));
          const seg = (window as unknown as Record<string, { segment(i: ImageData): { confidenceMasks: Array<{ getAsFloat32Array(): Float32Array; width: number; height: number }> } }>).segmenter!;
          const r = seg.segment(new ImageData(bytes, width as number, height as number));
          const mask = r.confidenceMasks[0]!;
          return { width: mask.width, height: mask.height, data: Array.from(mask.getAsFloat32Array()) };
        },
        [rgba.toString('base64'), w, h] as const,
      );
      expect([tflite.width, tflite.height]).toEqual([w, h]);
      const x = new Float32Array(rgb.length);
      for (let i = 0; i < rgb.length; i++) x[i] = rgb[i]! / 255;
      const onnx = (await session.run({ [m.inputs[0]!.name]: x }, shapes))[m.outputs[0]!.name]!.data;
      let sum = 0;
      for (let i = 0; i < onnx.length; i++) sum += Math.abs(onnx[i]! - tflite.data[i]!);
      diffs.push(sum / onnx.length);
      if (tflite.data.some((p) => p > 0.5)) photosWithPerson++;
    }
    await session.dispose();
    console.log(`selfie_segmentation mask mean |ONNX - TFLite| per photo: ${diffs.map((d) => d.toExponential(2)).join(' ')}`);
    for (const d of diffs) expect(d).toBeLessThanOrEqual(MASK_MEAN_ABS_LIMIT);
    // Agreement on empty masks would prove little: most of these photos show people.
    expect(photosWithPerson).toBeGreaterThanOrEqual(PHOTOS.length / 2);
  });

  for (const size of ['lite', 'full', 'heavy']) {
    test(`PoseLandmarker loads pose_landmarker_${size}.task and finds a person`, async ({ page }) => {
      test.setTimeout(120_000);
      await openTasksPage(page);
      const rgb = await sharp(PHOTOS[0]!).removeAlpha().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const count = await page.evaluate(
        async ([origin, file, b64, width, height]) => {
          const vision = await import(`${origin}/tasks/vision_bundle.mjs`);
          const fileset = await vision.FilesetResolver.forVisionTasks(`${origin}/tasks/wasm`);
          const pose = await vision.PoseLandmarker.createFromOptions(fileset, {
            baseOptions: { modelAssetPath: `${origin}/models/${file}`, delegate: 'CPU' },
            runningMode: 'IMAGE',
            numPoses: 1,
          });
          const bytes = Uint8ClampedArray.from(atob(b64 as string), (c) => c.charCodeAt(0));
          const r = pose.detect(new ImageData(bytes, width as number, height as number));
          return r.landmarks.length > 0 ? r.landmarks[0].length : 0;
        },
        [ORIGIN, `pose_landmarker_${size}.task`, rgb.data.toString('base64'), rgb.info.width, rgb.info.height] as const,
      );
      expect(count).toBe(33);
    });
  }
});
