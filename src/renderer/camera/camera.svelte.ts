import type { CameraRotation } from '../../shared/config-schema';
import { CameraRotator } from './rotator';

/** What the shopper sees when there is no picture, and why. */
export type CameraState =
  | { kind: 'starting' }
  | { kind: 'live'; widthPx: number; heightPx: number; label: string }
  | { kind: 'no-camera' }
  | { kind: 'denied' }
  | { kind: 'unplugged' }
  | { kind: 'error'; message: string };

export interface CameraOptions {
  /** MediaDevices deviceId; empty = first camera. */
  deviceId: string;
  /** Requested capture size in pixels, as the camera delivers it (before rotation; the camera may give less). */
  widthPx: number;
  heightPx: number;
  /** Requested frames per second. @default 30 */
  frameRate?: number;
  /** Degrees clockwise the picture is turned to stand upright (a camera mounted on its side: 90 or 270). @default 0 */
  rotationDeg?: CameraRotation;
}

/** Retry period while no camera works (unplugged, denied, missing). */
const RETRY_MS = 2000;

/**
 * Owns the camera stream and the <video> element it plays in. Recovers by itself: a camera that is unplugged,
 * missing or refused is retried every 2 s and on every `devicechange`. Frames never leave memory.
 */
export class Camera {
  state = $state<CameraState>({ kind: 'starting' });
  readonly video: HTMLVideoElement;
  private stream: MediaStream | null = null;
  /** Turns a camera mounted on its side upright; null at rotation 0 (the camera's stream plays as it is). */
  private rotator: CameraRotator | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly onDeviceChange = (): void => {
    if (this.state.kind !== 'live') void this.start();
  };

  constructor(private readonly opts: CameraOptions) {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.autoplay = true;
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    this.clearRetry();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.fail({ kind: 'error', message: 'this browser cannot use a camera' });
      return;
    }
    try {
      const video: MediaTrackConstraints & { resizeMode?: string } = {
        width: { ideal: this.opts.widthPx },
        height: { ideal: this.opts.heightPx },
        frameRate: { ideal: this.opts.frameRate ?? 30 },
        // The camera's own picture, never cropped to the requested aspect: Chromium's default ("crop-and-scale")
        // would cut a portrait camera's 9:16 picture down to 16:9, taking the shopper's head and feet with it.
        resizeMode: 'none',
      };
      if (this.opts.deviceId) video.deviceId = { exact: this.opts.deviceId };
      const stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
      if (this.stopped) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      this.stream = stream;
      const track = stream.getVideoTracks()[0];
      track?.addEventListener('ended', () => this.fail({ kind: 'unplugged' }));
      const rotation = this.opts.rotationDeg ?? 0;
      if (rotation !== 0) {
        // Everything downstream (engine frames, the scene, framing) sees the upright picture: the rotated stream.
        this.rotator = new CameraRotator(rotation);
        this.video.srcObject = await this.rotator.start(stream);
      } else {
        this.video.srcObject = stream;
      }
      await this.video.play();
      const s = track?.getSettings() ?? {};
      const quarter = rotation === 90 || rotation === 270;
      this.state = {
        kind: 'live',
        widthPx: this.video.videoWidth || (quarter ? s.height : s.width) || this.opts.widthPx,
        heightPx: this.video.videoHeight || (quarter ? s.width : s.height) || this.opts.heightPx,
        label: track?.label ?? 'camera',
      };
    } catch (e) {
      const name = (e as DOMException).name;
      if (name === 'NotAllowedError' || name === 'SecurityError') this.fail({ kind: 'denied' });
      else if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
        this.fail({ kind: 'no-camera' });
      else this.fail({ kind: 'error', message: (e as Error).message });
    }
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    this.release();
  }

  private fail(state: CameraState): void {
    this.release();
    this.state = state;
    this.clearRetry();
    if (!this.stopped) this.retryTimer = setTimeout(() => void this.start(), RETRY_MS);
  }

  private release(): void {
    this.rotator?.stop();
    this.rotator = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
