import type { AtelierApi } from '../../shared/contract';
import { ENGINE_HANG_TIMEOUT_MS } from '../../shared/frame-gate';
import type { PoseFrame } from '../../shared/pose';

export interface FramePumpOptions {
  /** Frames are downscaled to at most this width before they go to the engine. @default 640 */
  maxWidthPx?: number;
  /**
   * …and to at most this many pixels: a portrait camera (412 × 960) is narrower than `maxWidthPx` but 1.7 × the
   * pixels of a 640 × 360 frame, and every byte of a frame costs time on its way (in the web shell the browser pushes
   * it through the socket on the page's busy main thread: seconds on a loaded 2-core kiosk). The pose and mask models
   * see a 256² and 128² crop of the person: 733 px of height is still more than they take. @default 640 × 360
   */
  maxPixels?: number;
  /**
   * A frame unanswered for this long no longer blocks the next one (lost on the way, engine restarting), or for twice
   * the last answered frame's trip when that is longer (up to the engine's hang timeout): a frame given up while it
   * is merely slow is captured for nothing, and in Electron, where nothing refuses it, makes the engine run twice.
   * @default 1000
   */
  staleAfterMs?: number;
  /**
   * Asked as each frame goes: does the picture need the engine's person mask for it (see `CameraFrame.needsMask`)?
   * @default always
   */
  needsMask?: () => boolean;
}

/**
 * Feeds camera frames to the engine: one frame in flight; the next is captured only when the engine has
 * answered, so the engine always works on the newest picture and nothing queues anywhere. Camera frames that come
 * meanwhile are skipped, never kept. Frames stay in memory: they are read from the video into a canvas and handed to
 * the bridge, never stored.
 */
export class FramePump {
  private readonly canvas: OffscreenCanvas;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private readonly maxWidthPx: number;
  private readonly maxPixels: number;
  private readonly staleAfterMs: number;
  private readonly needsMask: () => boolean;
  private inFlight: { frameId: number; sentAtMs: number } | null = null;
  /** The frame last given up: its answer may still come, and tells how long a trip takes. */
  private gaveUp: { frameId: number; sentAtMs: number } | null = null;
  private lastTripMs = 0;
  private nextFrameId = 1;
  private handle = 0;
  private running = false;
  /** Frames handed to the engine. */
  sent = 0;
  /**
   * Frames given up without an answer (see `staleAfterMs`): lost on the way, an engine restarting, or just a slow
   * trip. The next frame went without waiting for them.
   */
  givenUp = 0;
  /**
   * Since when the engine has had a frame it has not answered, ms (`performance.now()`): from the first frame sent
   * after its last answer (frames given up since do not restart it); null when nothing is awaited. The shopper
   * session reads it to tell a busy engine from an empty zone.
   */
  awaitingSinceMs: number | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly api: AtelierApi,
    opts: FramePumpOptions = {},
  ) {
    this.maxWidthPx = opts.maxWidthPx ?? 640;
    this.maxPixels = opts.maxPixels ?? 640 * 360;
    this.staleAfterMs = opts.staleAfterMs ?? 1000;
    this.needsMask = opts.needsMask ?? (() => true);
    this.canvas = new OffscreenCanvas(16, 16);
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const onFrame = (): void => {
      if (!this.running) return;
      this.pump();
      this.handle = this.video.requestVideoFrameCallback(onFrame);
    };
    this.handle = this.video.requestVideoFrameCallback(onFrame);
  }

  stop(): void {
    this.running = false;
    this.awaitingSinceMs = null;
    this.video.cancelVideoFrameCallback(this.handle);
  }

  /**
   * The engine answered: the next camera frame may go — also when the answer is to a frame given up earlier (a trip
   * slower than the pump waited). Every stage behind the pump keeps only the newest frame, so the frame still out
   * cannot make a queue, whereas waiting for it to be answered too would stall the mirror on every slow trip.
   */
  acknowledge(pose: PoseFrame): void {
    const answered = [this.inFlight, this.gaveUp].find((f) => f?.frameId === pose.frameId);
    if (answered) this.lastTripMs = performance.now() - answered.sentAtMs;
    this.inFlight = null;
    this.awaitingSinceMs = null;
  }

  private pump(): void {
    const now = performance.now();
    const giveUpAfterMs = Math.max(this.staleAfterMs, Math.min(2 * this.lastTripMs, ENGINE_HANG_TIMEOUT_MS));
    if (this.inFlight && now - this.inFlight.sentAtMs < giveUpAfterMs) return;
    const vw = this.video.videoWidth;
    const vh = this.video.videoHeight;
    if (!vw || !vh) return;
    if (this.inFlight) {
      this.givenUp++;
      this.gaveUp = this.inFlight;
    }
    const scale = Math.min(1, this.maxWidthPx / vw, Math.sqrt(this.maxPixels / (vw * vh)));
    const w = Math.max(16, Math.round(vw * scale));
    const h = Math.max(16, Math.round(vh * scale));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.ctx.drawImage(this.video, 0, 0, w, h);
    const pixels = this.ctx.getImageData(0, 0, w, h).data;
    const data = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    const frameId = this.nextFrameId++;
    this.inFlight = { frameId, sentAtMs: now };
    this.awaitingSinceMs ??= now;
    this.sent++;
    // The buffer is handed over and never touched again: the browser engine transfers it to its worker; the native
    // engine's transports copy it (contextBridge and IPC in Electron, the wire codec in the web shell), so no
    // transfer list here — it would do nothing through contextBridge.
    this.api.engine.submitFrame({ frameId, timestampMs: now, widthPx: w, heightPx: h, data, needsMask: this.needsMask() });
  }
}
