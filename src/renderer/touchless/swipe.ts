import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';

export interface SwipeOptions {
  /** Horizontal travel of the hand, in shoulder widths, for a swipe. @default 1.4 */
  minTravelSw?: number;
  /** ... done within this long, ms (generous: pose frames arrive unevenly on a busy machine). @default 900 */
  maxDurationMs?: number;
  /** Vertical drift allowed during the swipe, shoulder widths. @default 0.7 */
  maxDriftSw?: number;
  /** After a swipe, none for this long, ms. @default 900 */
  cooldownMs?: number;
}

/** On-screen direction of a swipe (mirrored like the picture: a hand moving to the shopper's left swipes left). */
export type SwipeDirection = 'left' | 'right';

/** A hand this far above the hips' line, in shoulder widths, may swipe; below it, arms swinging while walking. */
const SWIPE_ABOVE_HIPS_SW = 0.5;

interface Sample {
  tMs: number;
  xSw: number;
  ySw: number;
}

/**
 * Horizontal swipe of either hand. Positions are taken relative to the shoulders' centre in shoulder widths, so
 * walking past the mirror (the whole body moving) is not a swipe, and the same gesture works at any distance.
 */
export class SwipeDetector {
  private readonly minTravelSw: number;
  private readonly maxDurationMs: number;
  private readonly maxDriftSw: number;
  private readonly cooldownMs: number;
  private readonly history: Record<'left' | 'right', Sample[]> = { left: [], right: [] };
  private cooldownUntilMs = -Infinity;

  constructor(opts: SwipeOptions = {}) {
    this.minTravelSw = opts.minTravelSw ?? 1.4;
    this.maxDurationMs = opts.maxDurationMs ?? 900;
    this.maxDriftSw = opts.maxDriftSw ?? 0.7;
    this.cooldownMs = opts.cooldownMs ?? 900;
  }

  /** Feed every pose frame (image landmarks, borrowed; `aspect` = frame width / height). */
  update(landmarks: readonly NormalizedLandmark[], aspect: number, nowMs: number): SwipeDirection | null {
    if (landmarks.length < 33) {
      this.clear();
      return null;
    }
    const ls = landmarks[PoseLandmark.leftShoulder]!;
    const rs = landmarks[PoseLandmark.rightShoulder]!;
    const sw = Math.hypot((ls.x - rs.x) * aspect, ls.y - rs.y);
    if (sw < 0.02) return null;
    const cx = (ls.x + rs.x) / 2;
    const cy = (ls.y + rs.y) / 2;
    const hipY = (landmarks[PoseLandmark.leftHip]!.y + landmarks[PoseLandmark.rightHip]!.y) / 2;
    let result: SwipeDirection | null = null;
    for (const hand of ['left', 'right'] as const) {
      const w = landmarks[hand === 'left' ? PoseLandmark.leftWrist : PoseLandmark.rightWrist]!;
      const h = this.history[hand];
      if (w.visibility < 0.5 || (hipY - w.y) / sw < SWIPE_ABOVE_HIPS_SW) {
        h.length = 0;
        continue;
      }
      h.push({ tMs: nowMs, xSw: ((w.x - cx) * aspect) / sw, ySw: (w.y - cy) / sw });
      while (h.length > 0 && nowMs - h[0]!.tMs > this.maxDurationMs) h.shift();
      if (nowMs < this.cooldownUntilMs || result) continue;
      result = this.detect(h);
    }
    if (result) {
      this.cooldownUntilMs = nowMs + this.cooldownMs;
      this.clear();
    }
    return result;
  }

  private detect(h: readonly Sample[]): SwipeDirection | null {
    if (h.length < 3) return null;
    const last = h[h.length - 1]!;
    // Any start in the window that is far enough, steady in height, and moved mostly one way.
    for (let i = 0; i < h.length - 2; i++) {
      const first = h[i]!;
      const dx = last.xSw - first.xSw;
      if (Math.abs(dx) < this.minTravelSw) continue;
      let path = 0;
      let minY = first.ySw;
      let maxY = first.ySw;
      for (let j = i + 1; j < h.length; j++) {
        path += Math.abs(h[j]!.xSw - h[j - 1]!.xSw);
        minY = Math.min(minY, h[j]!.ySw);
        maxY = Math.max(maxY, h[j]!.ySw);
      }
      if (maxY - minY > this.maxDriftSw || Math.abs(dx) / path < 0.8) continue;
      // Image x grows to the shopper's left, which the mirror shows on the screen's left.
      return dx > 0 ? 'left' : 'right';
    }
    return null;
  }

  clear(): void {
    this.history.left.length = 0;
    this.history.right.length = 0;
  }
}
