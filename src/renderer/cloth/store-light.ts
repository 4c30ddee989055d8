/**
 * The store's light in the mirror's scene (issue 14 point 2): a LightProbe (spherical harmonics) and one key
 * DirectionalLight, estimated from the camera picture about once a second ({@link estimateStoreLight}) and eased
 * towards each new estimate, so a shopper walking under a spotlight does not make the garment flicker. The same
 * estimate's mean luma is the 2D cloth shading's reference, and with the same picture, scaled down to the body's
 * 6 cm cells, the room's light on the shopper without their clothes is re-estimated ({@link RoomLightTexture}: the
 * 2D cloth shading's light term).
 *
 * After the first estimate the frame only wraps the camera's current picture in a VideoFrame and hands it to the
 * light worker (light-worker.ts), which scales it down, reads it back and solves it: the frame's own share of a
 * re-estimate is then easing the lights and uploading the field's few hundred texels. Without a worker (one that
 * failed to start) or VideoFrame, the picture is scaled down with createImageBitmap and read on a later frame.
 *
 * Owns its lights (add `object` to the mirror's world), the light field's texture, its worker and the tiny 2D
 * canvases it samples the picture into.
 */
import * as THREE from 'three';
import { LUMA_WEIGHTS } from '../../shared/colour';
import { roomLightGrid } from './room-light-field';
import { RoomLightTexture } from './room-light-texture';
import type { FromLightWorker, ToLightWorker } from './light-protocol';
import { createStoreLightEstimate, estimateStoreLight, type StoreLightEstimate } from './store-light-estimate';
import { warmLightSolversOnce } from './warm-light-solvers';
import { reportCaught } from '../bridge/page-problems';

/** Longest side of the sampled picture, px. */
const SAMPLE_PX = 32;
/** A new estimate this often, ms. */
export const ESTIMATE_INTERVAL_MS = 1000;
/** Easing time constant towards the latest estimate, ms. */
const EASE_MS = 450;

export class StoreLight {
  /** The lights, in the mirror's world (its mirrored camera-pixel space). */
  readonly object = new THREE.Group();
  readonly probe = new THREE.LightProbe();
  readonly key = new THREE.DirectionalLight();
  /** The light being shown (eased). */
  readonly current: StoreLightEstimate = createStoreLightEstimate();
  /** The room's light on the shopper, split from their clothes (the 2D garments' light term): share its uniforms. */
  readonly roomLight = new RoomLightTexture();
  private readonly target: StoreLightEstimate = createStoreLightEstimate();
  /**
   * Estimate on the frame itself every time (`atelier tryon` on a photo: each still is rendered once, in its own
   * light, and no frame rate is at stake). @default false
   */
  synchronous = false;
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;
  private fieldCanvas: OffscreenCanvas | null = null;
  private fieldContext: OffscreenCanvasRenderingContext2D | null = null;
  private lastEstimateMs = -Infinity;
  /** A re-estimate on its way (to the worker, or being scaled down here), resolved when it lands: {@link settled}. */
  private flight: { done: Promise<void>; resolve: () => void } | null = null;
  /**
   * Without a worker, the scaled-down pictures arrived, read at the next update: the estimate's and the light
   * field's (one pixel per cell, scaled down with a box filter: cells average, not sample).
   */
  private ready: ImageBitmap | null = null;
  private readyField: ImageBitmap | null = null;
  private disposed = false;
  /** The light worker, made with the first re-estimate; null before, and after it failed (then the frame reads). */
  private worker: Worker | null = null;
  private workerFailed = false;
  private seq = 0;
  /** The worker's answer, applied at the next update. */
  private answer: Extract<FromLightWorker, { t: 'estimate' }> | null = null;
  /**
   * Time the last {@link update} spent drawing the camera picture into its small canvases and reading them back, ms
   * (0 when it drew none): the part of the light's cost that is the browser's, not the estimate's.
   */
  pictureReadMs = 0;
  /**
   * The worker's time for the estimate the last {@link update} took in (reading the pictures back and solving), ms;
   * 0 when none arrived. Off the frame's thread, but on the kiosk's CPU.
   */
  workerMs = 0;
  /** Since it was made: updates that read the picture on the frame, and re-estimates the worker answered (e2e). */
  readonly counts = { frameReads: 0, workerAnswers: 0 };
  private lastUpdateMs = -Infinity;
  private estimated = false;

  constructor() {
    // Its solvers run once a second: V8 compiles them only after a few runs, and until then the frame of each
    // re-estimate paid its interpreter (issue 14.5; see warm-light-solvers.ts).
    warmLightSolversOnce();
    this.key.position.set(0, 0, 1);
    this.object.add(this.probe, this.key, this.key.target);
    this.apply();
  }

  /** The picture's mean luma (sRGB-encoded) of the light shown: the 2D cloth shading's reference. */
  get referenceLuma(): number {
    return this.current.meanLuma;
  }

  /**
   * Frame stage: re-estimates from `source` (the camera picture) when {@link ESTIMATE_INTERVAL_MS} has passed and
   * eases the lights towards it. The first estimate is made at once and shown without easing; later ones are
   * handed to the light worker and taken in by a later frame, so no frame waits for the camera picture to come back
   * from the GPU. A source without a picture yet changes nothing.
   * `cmPerPx`: the body's scale, for the light field's cells (≤ 0: not known yet, the finest cells).
   */
  update(nowMs: number, source: CanvasImageSource | null, sourceWidthPx: number, sourceHeightPx: number, cmPerPx = 0): void {
    this.pictureReadMs = 0;
    this.workerMs = 0;
    if (this.answer) {
      const a = this.answer;
      this.answer = null;
      if (a.estimate) copyEstimate(a.estimate, this.target);
      if (a.field) this.roomLight.setField(a.field, a.cellsX, a.cellsY);
      this.workerMs = a.readMs + a.solveMs;
      this.counts.workerAnswers++;
    }
    if (this.ready) {
      this.estimateFrom(this.ready, this.ready.width, this.ready.height);
      this.ready.close();
      this.ready = null;
    }
    if (this.readyField) {
      this.fieldFrom(this.readyField, this.readyField.width, this.readyField.height);
      this.readyField.close();
      this.readyField = null;
    }
    const due = nowMs - this.lastEstimateMs >= ESTIMATE_INTERVAL_MS || nowMs < this.lastEstimateMs;
    if (source && sourceWidthPx > 0 && sourceHeightPx > 0 && due && !this.flight && readable(source)) {
      const scale = SAMPLE_PX / Math.max(sourceWidthPx, sourceHeightPx);
      const w = Math.max(4, Math.round(sourceWidthPx * scale));
      const h = Math.max(4, Math.round(sourceHeightPx * scale));
      const grid = roomLightGrid(sourceWidthPx, sourceHeightPx, cmPerPx);
      if (!this.estimated || this.synchronous) {
        this.fieldFrom(source, grid.cellsX, grid.cellsY);
        if (this.estimateFrom(source, w, h)) {
          this.lastEstimateMs = nowMs;
          if (!this.estimated) {
            copyEstimate(this.target, this.current);
            this.estimated = true;
            this.lastUpdateMs = nowMs;
          }
        }
      } else {
        this.lastEstimateMs = nowMs;
        this.scaleDownOffFrame(source, w, h, grid.cellsX, grid.cellsY);
      }
    }
    const dt = Math.max(0, nowMs - this.lastUpdateMs);
    this.lastUpdateMs = nowMs;
    if (this.estimated && dt > 0) easeEstimate(this.current, this.target, 1 - Math.exp(-dt / EASE_MS));
    this.apply();
  }

  /**
   * Hands the picture to the worker, which scales it down for the estimate (w × h) and the field (one pixel per
   * cell, averaged), reads it back and solves both; the frame only wraps the camera's current buffer in a
   * VideoFrame. Without a worker (or VideoFrame) the picture is scaled down here without waiting (createImageBitmap)
   * and read at the next update.
   */
  private scaleDownOffFrame(source: CanvasImageSource, w: number, h: number, cellsX: number, cellsY: number): void {
    let resolve = (): void => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    this.flight = { done, resolve };
    const worker = typeof VideoFrame === 'undefined' ? null : this.lightWorker();
    if (worker) {
      let picture: VideoFrame;
      try {
        picture = source instanceof VideoFrame ? source.clone() : new VideoFrame(source as HTMLVideoElement, { timestamp: 0 });
      } catch {
        // No frame to wrap (a video between frames): the next due frame tries again.
        this.landed();
        return;
      }
      const m: ToLightWorker = { t: 'estimate', seq: ++this.seq, picture, sampleW: w, sampleH: h, cellsX, cellsY };
      worker.postMessage(m, [picture]);
      return; // pending until it answers
    }
    const sample = createImageBitmap(source as ImageBitmapSource, { resizeWidth: w, resizeHeight: h, resizeQuality: 'low' });
    const field = createImageBitmap(source as ImageBitmapSource, { resizeWidth: cellsX, resizeHeight: cellsY, resizeQuality: 'high' });
    void Promise.allSettled([sample, field]).then(([s, f]) => {
      const sampleBitmap = s.status === 'fulfilled' ? s.value : null;
      const fieldBitmap = f.status === 'fulfilled' ? f.value : null;
      if (this.disposed) {
        sampleBitmap?.close();
        fieldBitmap?.close();
      } else {
        this.ready?.close();
        this.ready = sampleBitmap;
        this.readyField?.close();
        this.readyField = fieldBitmap;
      }
      this.landed();
    });
  }

  /** Nothing is on its way any more. */
  private landed(): void {
    const f = this.flight;
    this.flight = null;
    f?.resolve();
  }

  /**
   * Resolves once the re-estimate on its way (if any) has arrived, to be taken in by the next {@link update}:
   * `atelier tryon` waits for it between a video's frames, so its light is the mirror's yet the same on every run.
   */
  settled(): Promise<void> {
    return this.flight?.done ?? Promise.resolve();
  }

  private lightWorker(): Worker | null {
    if (this.worker || this.workerFailed) return this.worker;
    if (typeof Worker === 'undefined') {
      this.workerFailed = true;
      return null;
    }
    try {
      this.worker = new Worker(new URL('./light-worker.ts', import.meta.url), { type: 'module', name: 'atelier-light' });
    } catch (err) {
      this.failWorker(err instanceof Error ? err.message : String(err));
      return null;
    }
    this.worker.onmessage = (e: MessageEvent<FromLightWorker>) => {
      const m = e.data;
      if (m.t === 'error') {
        this.failWorker(m.message);
        return;
      }
      if (m.seq === this.seq && !this.disposed) this.answer = m;
      this.landed();
    };
    this.worker.onerror = (e) => this.failWorker(e.message || 'the light worker failed to load');
    return this.worker;
  }

  /** A worker that cannot run: the frame reads the pictures from now on (said once in the console and the shell's log, never thrown). */
  private failWorker(message: string): void {
    if (this.workerFailed && !this.worker) return;
    this.workerFailed = true;
    console.warn(`store light read on the frame: ${message}`);
    reportCaught('store light worker', message);
    this.worker?.terminate();
    this.worker = null;
    this.landed();
  }

  /** Draws the picture at w × h and estimates the target from it; false when it cannot be read. */
  private estimateFrom(source: CanvasImageSource, w: number, h: number): boolean {
    if (!this.canvas || this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas = new OffscreenCanvas(w, h);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    const ctx = this.context;
    if (!ctx) return false;
    try {
      const t = performance.now();
      ctx.drawImage(source, 0, 0, w, h);
      const rgba = ctx.getImageData(0, 0, w, h).data;
      this.pictureReadMs += performance.now() - t;
      this.counts.frameReads++;
      estimateStoreLight(rgba, w, h, this.target);
      return true;
    } catch {
      return false;
    }
  }

  /** Draws the picture at one pixel per cell (averaged: 'high' smoothing) and solves the light field from it. */
  private fieldFrom(source: CanvasImageSource, cellsX: number, cellsY: number): void {
    if (!this.fieldCanvas || this.fieldCanvas.width !== cellsX || this.fieldCanvas.height !== cellsY) {
      this.fieldCanvas = new OffscreenCanvas(cellsX, cellsY);
      this.fieldContext = this.fieldCanvas.getContext('2d', { willReadFrequently: true });
    }
    const ctx = this.fieldContext;
    if (!ctx) return;
    try {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      const t = performance.now();
      ctx.drawImage(source, 0, 0, cellsX, cellsY);
      const rgba = ctx.getImageData(0, 0, cellsX, cellsY).data;
      this.pictureReadMs += performance.now() - t;
      this.roomLight.update(rgba, cellsX, cellsY);
    } catch {
      // An unreadable picture keeps the last field.
    }
  }

  /** The shown estimate → the three.js lights. */
  private apply(): void {
    const c = this.current;
    const coefficients = this.probe.sh.coefficients;
    for (let k = 0; k < 9; k++) coefficients[k]!.set(c.sh[3 * k]!, c.sh[3 * k + 1]!, c.sh[3 * k + 2]!);
    // A surface facing the viewer gets `exposure` in all (a white garment's front stays white in a well exposed
    // picture): the probe's luminance there and the key's cosine, scaled together.
    const front = (1 - c.keyShare) * frontLuminance(c.sh) + c.keyShare * Math.max(c.keyDirection[2]!, 0);
    const scale = c.exposure / Math.max(front, 0.2);
    this.probe.intensity = scale * (1 - c.keyShare);
    this.key.color.setRGB(c.keyColour[0]!, c.keyColour[1]!, c.keyColour[2]!, THREE.LinearSRGBColorSpace);
    // Direct light's diffuse is colour × intensity × albedo / π: π makes the key's share comparable to the probe's.
    this.key.intensity = scale * c.keyShare * Math.PI;
    // The lights live in the mirror's world, which is the scene mirrored in x and y: the key's direction (scene
    // space) is mirrored back into it.
    const d = c.keyDirection;
    this.key.position.set(-d[0]!, -d[1]!, d[2]!);
    this.key.target.position.set(0, 0, 0);
    this.roomLight.uniforms.clothTint.value.set(c.tint[0]!, c.tint[1]!, c.tint[2]!);
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    this.answer = null;
    this.landed();
    this.ready?.close();
    this.ready = null;
    this.readyField?.close();
    this.readyField = null;
    this.roomLight.dispose();
    this.key.dispose();
    this.probe.dispose();
    this.canvas = null;
    this.context = null;
    this.fieldCanvas = null;
    this.fieldContext = null;
  }
}

/** Luminance of the SH's irradiance / π at the normal (0, 0, 1) (three.js's shGetIrradianceAt, band 0, 1, 2 at z). */
function frontLuminance(sh: Float64Array): number {
  let l = 0;
  for (let c = 0; c < 3; c++) l += LUMA_WEIGHTS[c]! * (0.886227 * sh[c]! + 2 * 0.511664 * sh[6 + c]! + (0.743125 - 0.247708) * sh[18 + c]!);
  return l / Math.PI;
}

/** A camera video without a decoded frame draws nothing: an all-black estimate would darken the garments. */
function readable(source: CanvasImageSource): boolean {
  const video = source as HTMLVideoElement;
  return video.readyState === undefined || video.readyState >= 2;
}

function copyEstimate(from: StoreLightEstimate, to: StoreLightEstimate): void {
  to.sh.set(from.sh);
  to.keyDirection.set(from.keyDirection);
  to.keyColour.set(from.keyColour);
  to.keyShare = from.keyShare;
  to.exposure = from.exposure;
  to.meanLuma = from.meanLuma;
  to.tint.set(from.tint);
}

/** Moves `cur` a share `t` of the way to `target` (the key direction re-normalised). */
export function easeEstimate(cur: StoreLightEstimate, target: StoreLightEstimate, t: number): void {
  for (let i = 0; i < 27; i++) cur.sh[i]! += (target.sh[i]! - cur.sh[i]!) * t;
  for (let i = 0; i < 3; i++) {
    cur.keyDirection[i]! += (target.keyDirection[i]! - cur.keyDirection[i]!) * t;
    cur.keyColour[i]! += (target.keyColour[i]! - cur.keyColour[i]!) * t;
    cur.tint[i]! += (target.tint[i]! - cur.tint[i]!) * t;
  }
  const n = Math.hypot(cur.keyDirection[0]!, cur.keyDirection[1]!, cur.keyDirection[2]!) || 1;
  for (let i = 0; i < 3; i++) cur.keyDirection[i]! /= n;
  cur.keyShare += (target.keyShare - cur.keyShare) * t;
  cur.exposure += (target.exposure - cur.exposure) * t;
  cur.meanLuma += (target.meanLuma - cur.meanLuma) * t;
}
