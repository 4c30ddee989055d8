// Runs Google's legacy @mediapipe/hands solution (WASM, unchanged from npm: palm detector + hand landmark model) in a
// Chromium page, for the hand parity test (e2e/hand-parity.spec.ts). Plain JS (typed by mediapipe-hands-harness.d.mts)
// like the pose harness, whose lessons apply: WebGL2 even for CPU inference (SwiftShader), the hidden option
// `useCpuInference: true` (TFLite on XNNPACK WASM), and `reset()` before each photo (the JS solution ignores
// staticImageMode: without it the previous photo's hands steer the next one's crops).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFile } from './mediapipe-harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HANDS_DIR = path.join(REPO, 'node_modules/@mediapipe/hands');

const PAGE = `<!doctype html><meta charset="utf-8"><title>mediapipe hands</title><script src="/hands/hands.js" crossorigin="anonymous"></script>`;

/**
 * Starts a static server on 127.0.0.1 (a free port): `/` a blank page loading hands.js, `/hands/*` the solution's
 * files from node_modules, `/media/*` the photos in `mediaDir`.
 * @param {{ mediaDir: string }} options
 */
export async function startMediapipeHandsServer(options) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (url.pathname.startsWith('/hands/')) return serveFile(res, HANDS_DIR, url.pathname.slice('/hands/'.length));
    if (url.pathname.startsWith('/media/')) return serveFile(res, options.mediaDir, url.pathname.slice('/media/'.length));
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/**
 * Opens the page and creates one Hands instance (useCpuInference: fp32 XNNPACK, like our ONNX Runtime CPU path;
 * selfieMode off: the photo as it is). Replaces any previous instance on that page.
 * @param {import('@playwright/test').Page} page
 * @param {string} origin
 * @param {{ modelComplexity: 0 | 1, maxNumHands?: number, minDetectionConfidence?: number }} options
 */
export async function openMediapipeHands(page, origin, options) {
  if (!page.url().startsWith(origin)) await page.goto(`${origin}/`);
  await page.evaluate(async ({ origin, options }) => {
    const w = /** @type {any} */ (window);
    if (w.mpHands) await w.mpHands.hands.close();
    const hands = new w.Hands({ locateFile: (file) => `${origin}/hands/${file}` });
    hands.setOptions({
      modelComplexity: options.modelComplexity,
      maxNumHands: options.maxNumHands ?? 2,
      minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
      minTrackingConfidence: 0.5,
      selfieMode: false,
      useCpuInference: true,
    });
    const mp = { hands, last: null };
    hands.onResults((r) => {
      mp.last = {
        landmarks: (r.multiHandLandmarks ?? []).map((l) => l.map((p) => ({ x: p.x, y: p.y, z: p.z }))),
        handedness: (r.multiHandedness ?? []).map((h) => ({ label: h.label, score: h.score })),
      };
    });
    await hands.initialize();
    w.mpHands = mp;
  }, { origin, options });
}

/**
 * MediaPipe's hands on one photo: the first pass after `reset()` (palm detector → crop → landmarks, the static-image
 * result), then `passes - 1` more sends of the same photo (tracking: each crop from the hand's own landmarks a frame
 * before, as on a video of a hand held still). Returns every pass's hands.
 * @param {import('@playwright/test').Page} page
 * @param {string} name a file name in the served media folder
 * @param {number} passes
 */
export async function mediapipeHandsOnPhoto(page, name, passes) {
  return page.evaluate(async ({ name, passes }) => {
    const w = /** @type {any} */ (window);
    const img = new Image();
    img.src = `/media/${name}`;
    await img.decode();
    w.mpHands.hands.reset();
    const out = [];
    for (let pass = 0; pass < passes; pass++) {
      w.mpHands.last = null;
      await w.mpHands.hands.send({ image: img });
      out.push(w.mpHands.last ?? { landmarks: [], handedness: [] });
    }
    return { image: name, width: img.naturalWidth, height: img.naturalHeight, passes: out };
  }, { name, passes });
}
