import type { Page } from '@playwright/test';

/** One landmark as MediaPipe returns it. */
export interface MpLandmark {
  x: number;
  y: number;
  z: number;
  visibility?: number;
}

/** MediaPipe's person mask thresholded at 0.5, one byte (0/1) per image pixel, base64. */
export interface MpMask {
  width: number;
  height: number;
  base64: string;
}

export interface MpPhotoResult {
  image: string;
  width: number;
  height: number;
  /** Milliseconds of `pose.send`. */
  ms: number;
  pose: null | { poseLandmarks: MpLandmark[]; poseWorldLandmarks: MpLandmark[] };
  mask: MpMask | null;
}

export declare const SHARED_MEDIA: string;

export declare function startMediapipeServer(options?: {
  frames?: (index: number) => Uint8Array | undefined;
  /** Serve these photos at /media/* instead of the shared ones. */
  mediaDir?: string;
}): Promise<{ origin: string; close(): Promise<void> }>;

export declare function openMediapipePose(
  page: Page,
  origin: string,
  options: { modelComplexity: 0 | 1 | 2; smoothLandmarks?: boolean; enableSegmentation?: boolean; minDetectionConfidence?: number },
): Promise<void>;

export declare function mediapipeOnPhoto(page: Page, name: string): Promise<MpPhotoResult>;

export declare function mediapipeOnFrames(
  page: Page,
  frames: { count: number; widthPx: number; heightPx: number; fps: number; warmUp?: number },
): Promise<{ ms: number[]; withPerson: number }>;

export declare const MEDIAPIPE_CHROMIUM_ARGS: readonly string[];
