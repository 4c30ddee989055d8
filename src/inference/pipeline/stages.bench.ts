/**
 * Per-stage CPU cost of the pure pipeline stages on a 1280×720 frame (the camera's size; the renderer may send
 * smaller). Run: `npx vitest bench --run src/inference/pipeline/stages.bench.ts`.
 */
import { bench, describe } from 'vitest';
import { cropRectToTensor } from './crop';
import { PoseLandmarkFiltering } from './landmark-filtering';
import { letterbox } from './letterbox';
import { PersonMaskBuilder } from './segmentation';
import { gradientFrame } from '../../../tests/fixtures/test-frames';
import type { NormRect } from './types';

const frame = gradientFrame(1280, 720);
const roi: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.55, widthNorm: 0.5, heightNorm: 0.5 * (1280 / 720), rotationRad: 0.2 };
const crop = new Float32Array(256 * 256 * 3);
const det = new Float32Array(224 * 224 * 3);
const logits = new Float32Array(256 * 256).map((_, i) => ((i % 256) - 128) / 16);
const mask = new Uint8Array(1280 * 720);
const builder = new PersonMaskBuilder();
const filtering = new PoseLandmarkFiltering();
const body = new Float32Array(33 * 5).map((_, i) => (i % 5 < 2 ? 0.3 + (i % 7) * 0.05 : 0.9));
const aux = new Float32Array([0.5, 0.6, 0, 1, 1, 0.5, 0.3, 0, 1, 1]);
const world = new Float32Array(33 * 3).map((_, i) => (i % 3) * 0.1);
let t = 0;

describe('pipeline stages, 1280×720 frame', () => {
  bench('crop 256×256 (rotated ROI, NHWC)', () => cropRectToTensor(frame, roi, crop));
  bench('crop 256×256 (rotated ROI, NCHW)', () => cropRectToTensor(frame, roi, crop, { layout: 'nchw' }));
  bench('letterbox 224×224', () => {
    letterbox(frame, det);
  });
  bench('mask unproject + blend (frame-sized)', () => builder.build(logits, roi, 1280, 720, mask));
  bench('landmark filtering (33 + 2 + 33 world)', () => {
    t += 33.3;
    body[0] = 0.3 + Math.sin(t) * 0.001;
    filtering.apply(body, aux, world, t, 1280, 720);
  });
});
