/**
 * Messages between `BrowserPoseEngine` (renderer main thread) and `pose-worker.ts`. The main thread sends a frame
 * only when the worker has answered the previous one, so the worker never holds more than one frame.
 */
import type { ModelSize } from '../../shared/config-schema';
import type { PoseFrame } from '../../shared/pose';
import type { DelegatePreference } from './delegate';

/** Where the person mask comes from. */
export type MaskSource = 'pose' | 'selfie' | 'none';

export interface WorkerInit {
  t: 'init';
  /** Absolute URL of the folder holding `mediapipe/wasm/` and `models/` (our own origin, never a CDN). */
  assetBaseUrl: string;
  modelSize: ModelSize;
  delegate: DelegatePreference;
  mask: MaskSource;
  numPoses: number;
}

/** A frame as an image; transferred, the worker closes it. */
export interface WorkerImageFrame {
  t: 'image';
  frameId: number;
  timestampMs: number;
  image: ImageBitmap | VideoFrame;
}

/** A frame as RGBA bytes (the shape `api.engine.submitFrame` takes); `data`'s buffer is transferred. */
export interface WorkerRgbaFrame {
  t: 'rgba';
  frameId: number;
  timestampMs: number;
  widthPx: number;
  heightPx: number;
  data: Uint8Array;
}

export type ToWorker = WorkerInit | WorkerImageFrame | WorkerRgbaFrame | { t: 'dispose' };

export type FromWorker =
  | { t: 'ready'; provider: string; providerNotes: string[] }
  /** One per frame received; the mask's buffer is transferred. */
  | { t: 'pose'; pose: PoseFrame }
  /** A frame that failed (the engine keeps running) or, with `fatal`, an engine that cannot run. */
  | { t: 'error'; message: string; fatal: boolean; frameId?: number };
