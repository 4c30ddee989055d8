// Runs Google's legacy @mediapipe/pose solution (WASM, unchanged from npm) in a Chromium page, for the accuracy test
// (e2e/pose-accuracy.spec.ts) and the speed comparison (scripts/bench-vs-mediapipe.mjs). Plain JS (typed by
// mediapipe-harness.d.mts) so that both the TypeScript spec and the Node script can use it.
//
// What it took to run MediaPipe here (../shared/reference/README.md): WebGL2 even for CPU inference (SwiftShader),
// the hidden option `useCpuInference: true` (TFLite on XNNPACK WASM), and `pose.reset()` before each photo because
// the JS solution ignores staticImageMode.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADLESS_CHROMIUM_ARGS } from './chromium.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POSE_DIR = path.join(REPO, 'node_modules/@mediapipe/pose');
/** Photos and video: `../shared/media` beside the repository (ATELIER_SHARED_MEDIA overrides). */
export const SHARED_MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.join(REPO, '../shared/media'));

const TYPES = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>mediapipe pose</title><script src="/pose/pose.js" crossorigin="anonymous"></script>`;

/** Serves a file below `root`, refusing paths that climb out of it. */
export function serveFile(res, root, rel) {
  const file = path.resolve(root, decodeURIComponent(rel));
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
  createReadStream(file).pipe(res);
}

/**
 * Starts a static server on 127.0.0.1 (a free port): `/` a blank page loading pose.js, `/pose/*` the solution's
 * files from node_modules, `/media/*` the shared photos, `/frame/<i>` raw RGBA frames from `frames` (if given).
 * @param {{ frames?: (index: number) => Uint8Array | undefined, mediaDir?: string }} [options] `mediaDir` serves other
 *   photos (made by a test) at `/media/*` instead of the shared ones.
 */
export async function startMediapipeServer(options = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (url.pathname.startsWith('/pose/')) return serveFile(res, POSE_DIR, url.pathname.slice('/pose/'.length));
    if (url.pathname.startsWith('/media/')) return serveFile(res, options.mediaDir ?? SHARED_MEDIA, url.pathname.slice('/media/'.length));
    const frame = /^\/frame\/(\d+)$/.exec(url.pathname);
    if (frame && options.frames) {
      const data = options.frames(Number(frame[1]));
      if (!data) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      return void res.end(data);
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/**
 * Opens the page and creates one Pose instance with the given options (useCpuInference is always on: fp32 XNNPACK,
 * MediaPipe's faster path here). Replaces any previous instance on that page.
 * @param {import('@playwright/test').Page} page
 * @param {string} origin
 * @param {{ modelComplexity: 0 | 1 | 2, smoothLandmarks?: boolean, enableSegmentation?: boolean, minDetectionConfidence?: number }} options
 */
export async function openMediapipePose(page, origin, options) {
  if (!page.url().startsWith(origin)) await page.goto(`${origin}/`);
  await page.evaluate(async ({ origin, options }) => {
    const w = /** @type {any} */ (window);
    if (w.mp) await w.mp.pose.close();
    const pose = new w.Pose({ locateFile: (file) => `${origin}/pose/${file}` });
    pose.setOptions({
      modelComplexity: options.modelComplexity,
      smoothLandmarks: options.smoothLandmarks ?? false,
      enableSegmentation: options.enableSegmentation ?? false,
      smoothSegmentation: false,
      minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
      minTrackingConfidence: 0.5,
      useCpuInference: true,
    });
    const mp = { pose, last: null, wantMask: options.enableSegmentation ?? false };
    // The mask is only valid inside the callback: read it back there.
    pose.onResults((r) => {
      let mask = null;
      if (mp.wantMask && r.segmentationMask && r.poseLandmarks) {
        const width = r.image.width;
        const height = r.image.height;
        const canvas = new OffscreenCanvas(width, height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(r.segmentationMask, 0, 0, width, height);
        const rgba = ctx.getImageData(0, 0, width, height).data;
        // The probability is in the alpha channel; red reads 255 wherever alpha > 0 (un-premultiplied by the canvas),
        // so only alpha counts. Thresholded at 0.5 → one byte 0/1 per pixel, base64.
        const bits = new Uint8Array(width * height);
        for (let i = 0; i < bits.length; i++) bits[i] = rgba[4 * i + 3] >= 128 ? 1 : 0;
        let s = '';
        for (let i = 0; i < bits.length; i += 0x8000) s += String.fromCharCode(...bits.subarray(i, i + 0x8000));
        mask = { width, height, base64: btoa(s) };
      }
      mp.last = { poseLandmarks: r.poseLandmarks ?? null, poseWorldLandmarks: r.poseWorldLandmarks ?? null, mask };
    });
    await pose.initialize();
    w.mp = mp;
  }, { origin, options });
}

/**
 * MediaPipe's static-image result on one shared photo (`pose.reset()` first).
 * @param {import('@playwright/test').Page} page
 * @param {string} name a file name in the shared media folder
 */
export async function mediapipeOnPhoto(page, name) {
  return page.evaluate(async (name) => {
    const w = /** @type {any} */ (window);
    const img = new Image();
    img.src = `/media/${name}`;
    await img.decode();
    w.mp.last = null;
    w.mp.pose.reset();
    const t0 = performance.now();
    await w.mp.pose.send({ image: img });
    const ms = performance.now() - t0;
    const r = w.mp.last;
    const pose = r && r.poseLandmarks ? { poseLandmarks: r.poseLandmarks, poseWorldLandmarks: r.poseWorldLandmarks } : null;
    return { image: name, width: img.naturalWidth, height: img.naturalHeight, ms, pose, mask: r ? r.mask : null };
  }, name);
}

/**
 * Times MediaPipe in tracking mode (smoothing as configured, no reset between frames) over `count` raw RGBA frames
 * served at `/frame/<i>`. Each frame is fetched and drawn on a canvas before its timer starts; the timer covers
 * `pose.send` (texture upload, graph, landmarks out). The first `warmUp` frames run untimed, then the graph is reset.
 * Returns per-frame milliseconds and the number of timed frames with a person.
 * @param {import('@playwright/test').Page} page
 * @param {{ count: number, widthPx: number, heightPx: number, fps: number, warmUp?: number }} frames
 */
export async function mediapipeOnFrames(page, frames) {
  return page.evaluate(async ({ count, widthPx, heightPx, fps, warmUp }) => {
    const w = /** @type {any} */ (window);
    const canvas = document.createElement('canvas');
    canvas.width = widthPx;
    canvas.height = heightPx;
    const ctx = canvas.getContext('2d');
    const draw = async (i) => {
      const bytes = new Uint8ClampedArray(await (await fetch(`/frame/${i}`)).arrayBuffer());
      ctx.putImageData(new ImageData(bytes, widthPx, heightPx), 0, 0);
    };
    for (let i = 0; i < warmUp; i++) {
      await draw(i % count);
      await w.mp.pose.send({ image: canvas }, (i * 1000) / fps);
    }
    w.mp.pose.reset();
    const ms = [];
    let withPerson = 0;
    for (let i = 0; i < count; i++) {
      await draw(i);
      w.mp.last = null;
      const t0 = performance.now();
      await w.mp.pose.send({ image: canvas }, ((i + warmUp) * 1000) / fps);
      ms.push(performance.now() - t0);
      if (w.mp.last && w.mp.last.poseLandmarks) withPerson++;
    }
    return { ms, withPerson };
  }, { warmUp: 0, ...frames });
}

/** Chromium flags MediaPipe needs here: WebGL2 on SwiftShader (even CPU inference needs it), no background traffic. */
export const MEDIAPIPE_CHROMIUM_ARGS = HEADLESS_CHROMIUM_ARGS;
