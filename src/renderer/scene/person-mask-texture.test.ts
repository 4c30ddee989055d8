/**
 * The person mask warped on the GPU against the CPU warp, on real frames: the tracker's 128 × 128 mask over the ROI
 * (as the mirror's engine sends it), uploaded and placed by PersonMaskTexture and read by PERSON_MASK_GLSL in
 * headless Chromium (WebGL 2 on SwiftShader, as `atelier tryon` renders), against the same tracker's mask warped into
 * the frame on the CPU at the frame's resolution (PersonMaskBuilder, the path it replaces). Lite with the 128-px mask
 * head, on mirror_run.mp4 (the mirror's case) and a stretch of video.avi (a street, people walking).
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareMasks } from '../../../tests/helpers/mask-compare';
import { MEDIA, MODELS_DIR } from '../../../tests/helpers/repo-paths';
import { MEDIA_HOW, MODELS_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import { CHROMIUM_ARGS, findChromium } from '../../cli/tryon/render-browser';
import { decodeVideo } from '../../inference/bench/frames';
import { createOrtPoseModels, type OrtPoseModels } from '../../inference/pose-models-ort';
import { PoseTracker, type PoseTrackerOptions } from '../../inference/tracker';
import type { PersonMask } from '../../shared/pose';
import { PERSON_MASK_GLSL, PersonMaskTexture } from './person-mask-texture';

/** Frames per clip: the first 12 (0.4 s; the blend's memory is a few frames). */
const FRAMES = 12;

/**
 * Without the temporal blend the two paths sample the same probabilities through the same transform, the GPU's from
 * bytes (the CPU's from floats, rounded after): they differ by rounding only. Measured on mirror_run.mp4: IoU worst
 * 0.9998, mean edge offset worst 0.008 frame px (≈ 0.001 mask px). Bounds: a hundredth of a mask
 * pixel (the ROI's side / 128 in frame px), IoU 0.999.
 */
const MIN_IOU_WARP = 0.999;
const MAX_EDGE_MASK_PX_WARP = 0.01;
/**
 * With the blend: the ROI path blends in the mask's 128-px grid (the previous mask resampled into the new ROI,
 * roi-mask.ts), the CPU path after upsampling, per frame pixel. The blend is not linear (the less sure a value, the
 * more of the past it keeps), so blending the upsampled values moves the 0.5 crossing within the mask pixel it lies
 * in. Measured (the log lines): mean edge offset ≈ 0.25 mask px (≈ 2 frame px on mirror_run.mp4, whose ROI is ≈ 1000
 * px), IoU ≈ 0.96. Bounds: half a mask pixel — where the 128-px mask cannot place an edge more finely, the lowered
 * head's own offset from the 256-px head (mask-head-lowered.test.ts: ≤ 1 px of 256 = half of 128) — and IoU 0.94.
 */
const MIN_IOU_BLEND = 0.94;
const MAX_EDGE_MASK_PX_BLEND = 0.5;

const FRAGMENT = /* glsl */ `#version 300 es
  precision highp float;
  #define texture2D texture
  ${PERSON_MASK_GLSL}
  uniform vec2 frameSizePx;
  out vec4 colour;
  void main() {
    // Frame-normalised with y down (the renderer's frameUv); the canvas's rows count up.
    vec2 frameUv = vec2(gl_FragCoord.x / frameSizePx.x, 1.0 - gl_FragCoord.y / frameSizePx.y);
    colour = vec4(personMaskAt(frameUv), 0.0, 0.0, 1.0);
  }
`;

interface GpuJob {
  fragment: string;
  frameW: number;
  frameH: number;
  maskW: number;
  maskH: number;
  /** The mask's bytes, base64 (a JSON array of numbers is slow to pass). */
  mask: string;
  fromFrame: number[];
  edge: number[];
}

/** Runs in the page: draws the frame with the fragment shader, returns its red channel, top row first, base64. */
function drawOnGpu(job: GpuJob): string {
  const canvas = document.createElement('canvas');
  canvas.width = job.frameW;
  canvas.height = job.frameH;
  const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true })!;
  const shader = (type: number, src: string): WebGLShader => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s) ?? 'shader');
    return s;
  };
  const program = gl.createProgram()!;
  gl.attachShader(program, shader(gl.VERTEX_SHADER, '#version 300 es\nin vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }'));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, job.fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program) ?? 'link');
  gl.useProgram(program);
  const quad = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, quad);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  const at = gl.getAttribLocation(program, 'p');
  gl.enableVertexAttribArray(at);
  gl.vertexAttribPointer(at, 2, gl.FLOAT, false, 0, 0);
  // As three.js uploads PersonMaskTexture's DataTexture: R8, linear filtering, clamped, rows top first.
  const texture = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, job.maskW, job.maskH, 0, gl.RED, gl.UNSIGNED_BYTE, Uint8Array.from(atob(job.mask), (c) => c.charCodeAt(0)));
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  gl.uniform1i(gl.getUniformLocation(program, 'personMask'), 0);
  gl.uniformMatrix3fv(gl.getUniformLocation(program, 'personMaskFromFrame'), false, job.fromFrame);
  gl.uniform3fv(gl.getUniformLocation(program, 'personMaskEdge'), job.edge);
  gl.uniform2f(gl.getUniformLocation(program, 'frameSizePx'), job.frameW, job.frameH);
  gl.viewport(0, 0, job.frameW, job.frameH);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  const rgba = new Uint8Array(job.frameW * job.frameH * 4);
  gl.readPixels(0, 0, job.frameW, job.frameH, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
  let out = '';
  for (let y = 0; y < job.frameH; y++) {
    const row = new Array<number>(job.frameW);
    for (let x = 0; x < job.frameW; x++) row[x] = rgba[((job.frameH - 1 - y) * job.frameW + x) * 4]!;
    out += String.fromCharCode(...row);
  }
  return btoa(out);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('the person mask warped by the shader vs the CPU warp (lite, 128-px mask head)', () => {
  let models: OrtPoseModels;
  let browser: Browser;
  beforeAll(async () => {
    requirePrerequisites([
      { path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW },
      { path: path.join(MEDIA, 'mirror_run.mp4'), how: MEDIA_HOW },
      { path: path.join(MEDIA, 'video.avi'), how: MEDIA_HOW },
    ]);
    const executablePath = findChromium();
    expect(executablePath, 'no Chromium (install chromium or set CHROMIUM_PATH)').not.toBeNull();
    browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: CHROMIUM_ARGS });
    // The head on the tracker's thread: each frame's own mask, compared with its CPU warp on that frame.
    models = await createOrtPoseModels({ modelsDir: MODELS_DIR, model: 'lite', ep: 'cpu', maskHead: 'split', maskSizePx: 128, threads: 1, maskHeadThread: 'engine' });
  }, 120_000);
  afterAll(async () => {
    await models?.dispose();
    await browser?.close();
  });

  /** Both paths over the clip's first frames; the IoU and edge offset of the GPU's mask against the CPU's, per frame. */
  async function compare(clip: string, smoothSegmentation: boolean): Promise<Array<{ iou: number; edgePx: number; edgeMaskPx: number }>> {
    const decoded = await decodeVideo(path.join(MEDIA, clip), FRAMES);
    const options: PoseTrackerOptions = { mode: 'tracking', segmentation: true, smoothSegmentation, reuseStillMask: false };
    const onGpu = new PoseTracker(models, { ...options, maskResolution: 'roi' });
    const onCpu = new PoseTracker(models, { ...options, maskResolution: 'frame' });
    const page = await browser.newPage();
    const texture = new PersonMaskTexture();
    const stats: Array<{ iou: number; edgePx: number; edgeMaskPx: number }> = [];
    try {
      for (const [i, data] of decoded.frames.entries()) {
        const frame = { data, widthPx: decoded.widthPx, heightPx: decoded.heightPx, timestampMs: (i * 1000) / decoded.fps };
        const roiPose = await onGpu.process(frame);
        const framePose = await onCpu.process(frame);
        expect(roiPose.landmarks, `frame ${i}: one model, one pose`).toEqual(framePose.landmarks);
        if (!roiPose.mask || !framePose.mask) {
          expect(Boolean(roiPose.mask), `frame ${i}: a mask from both or neither`).toBe(Boolean(framePose.mask));
          continue;
        }
        expect(roiPose.mask).toMatchObject({ widthPx: 128, heightPx: 128 });
        expect(roiPose.mask.data.length).toBeLessThan(framePose.mask.data.length / 10);
        const gpu = await drawMask(texture, roiPose.mask, decoded.widthPx, decoded.heightPx, page);
        const s = compareMasks(framePose.mask.data, gpu, decoded.widthPx);
        // Frame pixels per mask pixel: the ROI's side over the mask's.
        const roi = onGpu.lastRoi!;
        const maskPixelPx = Math.max(roi.widthNorm * decoded.widthPx, roi.heightNorm * decoded.heightPx) / roiPose.mask.widthPx;
        stats.push({ ...s, edgeMaskPx: s.edgePx / maskPixelPx });
      }
    } finally {
      texture.dispose();
      await page.close();
    }
    return stats;
  }

  /** The mask through PersonMaskTexture's uniforms and PERSON_MASK_GLSL on the page, at the frame's size. */
  async function drawMask(texture: PersonMaskTexture, mask: PersonMask, frameW: number, frameH: number, page: Page): Promise<Uint8Array> {
    texture.update(mask);
    const u = texture.uniforms;
    const job: GpuJob = {
      fragment: FRAGMENT,
      frameW,
      frameH,
      maskW: mask.widthPx,
      maskH: mask.heightPx,
      mask: Buffer.from(mask.data).toString('base64'),
      fromFrame: [...u.personMaskFromFrame.value.elements],
      edge: u.personMaskEdge.value.toArray(),
    };
    return new Uint8Array(Buffer.from(await page.evaluate(drawOnGpu, job), 'base64'));
  }

  it.each([
    ['mirror_run.mp4', false, MIN_IOU_WARP, MAX_EDGE_MASK_PX_WARP],
    ['mirror_run.mp4', true, MIN_IOU_BLEND, MAX_EDGE_MASK_PX_BLEND],
    ['video.avi', true, MIN_IOU_BLEND, MAX_EDGE_MASK_PX_BLEND],
  ] as const)('%s (blend %s): the GPU-sampled mask matches the CPU warp', async (clip, smooth, minIou, maxEdgeMaskPx) => {
    const stats = await compare(clip, smooth);
    expect(stats.length, 'a person in most frames').toBeGreaterThan(FRAMES * 0.8);
    const ious = stats.map((s) => s.iou);
    const edges = stats.map((s) => s.edgeMaskPx);
    console.log(
      `mask GPU vs CPU warp, ${clip}, blend ${smooth}, ${stats.length} frames: IoU median ${median(ious).toFixed(4)}, worst ${Math.min(...ious).toFixed(4)}; ` +
        `edge offset median ${median(stats.map((s) => s.edgePx)).toFixed(3)} frame px (${median(edges).toFixed(3)} mask px), worst ${Math.max(...edges).toFixed(3)} mask px`,
    );
    expect(Math.min(...ious)).toBeGreaterThanOrEqual(minIou);
    expect(Math.max(...edges)).toBeLessThanOrEqual(maxEdgeMaskPx);
  }, 300_000);
});
