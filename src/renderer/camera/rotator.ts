import type { CameraRotation } from '../../shared/config-schema';

/** Size of a `widthPx` × `heightPx` picture turned by `rotationDeg` (a quarter turn swaps them). */
export function rotatedSize(widthPx: number, heightPx: number, rotationDeg: CameraRotation): { widthPx: number; heightPx: number } {
  return rotationDeg === 90 || rotationDeg === 270 ? { widthPx: heightPx, heightPx: widthPx } : { widthPx, heightPx };
}

/**
 * The canvas transform that draws a picture turned `rotationDeg` clockwise into a canvas of the rotated size:
 * `[a, b, c, d, e, f]` for `setTransform`, after which the picture is drawn at (0, 0) in its own size.
 */
export function rotationTransform(widthPx: number, heightPx: number, rotationDeg: CameraRotation): [number, number, number, number, number, number] {
  switch (rotationDeg) {
    case 90:
      return [0, 1, -1, 0, heightPx, 0];
    case 180:
      return [-1, 0, 0, -1, widthPx, heightPx];
    case 270:
      return [0, -1, 1, 0, 0, widthPx];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

/**
 * Turns a camera mounted on its side (or upside down) upright: each new camera frame is drawn, rotated, into a
 * canvas whose stream replaces the camera's, so the engine, the scene and the framing all see an upright picture
 * of the rotated size (a 1280×720 camera turned 90° is a 720×1280 portrait picture). Frames stay in memory.
 * Owns the hidden video that plays the camera and the canvas; `stop()` releases both (the camera's own tracks
 * belong to the caller).
 */
export class CameraRotator {
  private readonly source = document.createElement('video');
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D;
  private output: MediaStream | null = null;
  private handle = 0;
  private running = false;

  constructor(private readonly rotationDeg: CameraRotation) {
    this.source.muted = true;
    this.source.playsInline = true;
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
  }

  /** Plays `camera` and returns the upright stream (owned here; stopped by `stop()`). */
  async start(camera: MediaStream): Promise<MediaStream> {
    this.source.srcObject = camera;
    await this.source.play();
    this.running = true;
    this.draw();
    const fps = camera.getVideoTracks()[0]?.getSettings().frameRate;
    this.output = this.canvas.captureStream(fps && fps > 0 ? fps : 30);
    const onFrame = (): void => {
      if (!this.running) return;
      this.draw();
      this.handle = this.source.requestVideoFrameCallback(onFrame);
    };
    this.handle = this.source.requestVideoFrameCallback(onFrame);
    return this.output;
  }

  private draw(): void {
    const w = this.source.videoWidth;
    const h = this.source.videoHeight;
    if (!w || !h) return;
    const size = rotatedSize(w, h, this.rotationDeg);
    if (this.canvas.width !== size.widthPx || this.canvas.height !== size.heightPx) {
      this.canvas.width = size.widthPx;
      this.canvas.height = size.heightPx;
    }
    this.ctx.setTransform(...rotationTransform(w, h, this.rotationDeg));
    this.ctx.drawImage(this.source, 0, 0, w, h);
  }

  stop(): void {
    this.running = false;
    this.source.cancelVideoFrameCallback(this.handle);
    this.output?.getTracks().forEach((t) => t.stop());
    this.output = null;
    this.source.srcObject = null;
  }
}
