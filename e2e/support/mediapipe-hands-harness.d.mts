import type { Page } from '@playwright/test';

/** One hand landmark as MediaPipe returns it: x, y normalised to the image, z relative depth. */
export interface MpHandPoint {
  x: number;
  y: number;
  z: number;
}

/** The hands MediaPipe found on one pass over a photo. */
export interface MpHandsPass {
  /** 21 landmarks per hand. */
  landmarks: MpHandPoint[][];
  handedness: Array<{ label: 'Left' | 'Right'; score: number }>;
}

export interface MpHandsPhotoResult {
  image: string;
  width: number;
  height: number;
  /** Pass 0: static image (palm detector's crop); later passes: tracking on the same photo. */
  passes: MpHandsPass[];
}

export declare function startMediapipeHandsServer(options: { mediaDir: string }): Promise<{ origin: string; close(): Promise<void> }>;

export declare function openMediapipeHands(
  page: Page,
  origin: string,
  options: { modelComplexity: 0 | 1; maxNumHands?: number; minDetectionConfidence?: number },
): Promise<void>;

export declare function mediapipeHandsOnPhoto(page: Page, name: string, passes: number): Promise<MpHandsPhotoResult>;
