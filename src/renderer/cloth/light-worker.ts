/**
 * The light worker: scales the camera picture down, reads it back and solves the store light's estimate and the
 * room light's field from it, off the renderer's main thread (issue 14 point 5: on the frame that did it, scaling
 * and reading back took 11–24 ms, once a second, and the frame was dropped). Every picture gets exactly one answer.
 */
import type { FromLightWorker, ToLightWorker } from './light-protocol';
import { RoomLightSolver } from './room-light-field';
import { createStoreLightEstimate, estimateStoreLight } from './store-light-estimate';
import { warmLightSolversOnce } from './warm-light-solvers';

/** The worker global, typed to what we use (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(message: FromLightWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToLightWorker>) => void) | null;
};

const solver = new RoomLightSolver();
/** One small canvas per picture size in use (the sample's and the field's sizes change only with the camera or the body's scale). */
const canvases = new Map<string, OffscreenCanvasRenderingContext2D>();

/** The picture scaled down to w × h ('low': sampled, 'high': averaged), as sRGB bytes (rows top first), or null. */
async function pixels(picture: VideoFrame, w: number, h: number, quality: ResizeQuality): Promise<Uint8ClampedArray | null> {
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(picture, { resizeWidth: w, resizeHeight: h, resizeQuality: quality });
    const key = `${w}x${h}`;
    let ctx = canvases.get(key);
    if (!ctx) {
      const made = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
      if (!made) return null;
      ctx = made;
      canvases.set(key, ctx);
    }
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, w, h).data;
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}

async function handle(m: ToLightWorker): Promise<void> {
  const t0 = performance.now();
  let sample: Uint8ClampedArray | null;
  let fieldPixels: Uint8ClampedArray | null;
  try {
    sample = await pixels(m.picture, m.sampleW, m.sampleH, 'low');
    fieldPixels = await pixels(m.picture, m.cellsX, m.cellsY, 'high');
  } finally {
    m.picture.close();
  }
  const t1 = performance.now();
  const estimate = sample ? estimateStoreLight(sample, m.sampleW, m.sampleH, createStoreLightEstimate()) : null;
  let field: Float32Array | null = null;
  if (fieldPixels) {
    field = new Float32Array(m.cellsX * m.cellsY);
    solver.solve(fieldPixels, m.cellsX, m.cellsY, field, 4, 1 / 255);
  }
  const transfer: Transferable[] = field ? [field.buffer] : [];
  scope.postMessage({ t: 'estimate', seq: m.seq, estimate, field, cellsX: m.cellsX, cellsY: m.cellsY, readMs: t1 - t0, solveMs: performance.now() - t1 }, transfer);
}

// Its solvers run once a second: compiled now, before the first picture (see warm-light-solvers.ts).
warmLightSolversOnce();

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => scope.postMessage({ t: 'error', message: err instanceof Error ? err.message : String(err) }));
};
