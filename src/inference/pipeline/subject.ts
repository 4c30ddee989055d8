/**
 * Who the mirror is looking at. MediaPipe takes the detector's best-scoring pose; in a store several people can be
 * in view, so we pick the person standing in front of the mirror — the largest body, closest to the frame centre —
 * prefer whoever we were tracking, and declare "nobody present" only after several empty frames.
 */
import type { Detection, NormRect } from './types';

/**
 * How much being off-centre costs: a body at the frame's corner counts this fraction smaller than the same body at
 * the centre. Our choice (not MediaPipe's): size dominates, centrality breaks near-ties.
 * @default 0.5
 */
export const SUBJECT_CENTRE_WEIGHT = 0.5;

/**
 * Default number of consecutive frames without a person before the tracker reports nobody present (≈ 1/6 s at 30 fps:
 * long enough to ride over a missed frame, short enough that an empty mirror clears at once).
 */
export const ABSENT_AFTER_FRAMES = 5;

/**
 * The same bound in time: a slow engine (a few frames per second on a loaded kiosk) must not hold a person who left
 * for five of its slow frames. 300 ms rides over one missed frame at 10 fps and still clears an empty mirror well
 * within the session's 1 s bound.
 */
export const ABSENT_AFTER_MS = 300;

/**
 * Size × centrality score of a frame-normalised detection: body radius (hip centre → keypoint 1) relative to the
 * frame diagonal, discounted by the hip centre's distance from the frame centre.
 */
export function subjectScore(detection: Detection, widthPx: number, heightPx: number): number {
  const k = detection.keypoints;
  const hipXPx = k[0]! * widthPx;
  const hipYPx = k[1]! * heightPx;
  const radiusPx = Math.hypot(k[2]! * widthPx - hipXPx, k[3]! * heightPx - hipYPx);
  const halfDiagonalPx = Math.hypot(widthPx, heightPx) / 2;
  const offCentre = Math.min(1, Math.hypot(hipXPx - widthPx / 2, hipYPx - heightPx / 2) / halfDiagonalPx);
  return (radiusPx / halfDiagonalPx) * (1 - SUBJECT_CENTRE_WEIGHT * offCentre);
}

/**
 * Picks the subject among frame-normalised detections: if `previousRoi` is given (we were tracking someone a moment
 * ago), the detection whose hip centre lies inside it and nearest its centre; otherwise the best {@link subjectScore}.
 * @param detections borrowed.
 * @returns index into `detections`, or -1 when empty.
 */
export function selectSubject(detections: readonly Detection[], widthPx: number, heightPx: number, previousRoi?: NormRect | null): number {
  if (previousRoi) {
    let best = -1;
    let bestDistance = Infinity;
    const cos = Math.cos(previousRoi.rotationRad);
    const sin = Math.sin(previousRoi.rotationRad);
    const halfWPx = (previousRoi.widthNorm * widthPx) / 2;
    const halfHPx = (previousRoi.heightNorm * heightPx) / 2;
    detections.forEach((d, i) => {
      const dx = (d.keypoints[0]! - previousRoi.xCenterNorm) * widthPx;
      const dy = (d.keypoints[1]! - previousRoi.yCenterNorm) * heightPx;
      const lx = cos * dx + sin * dy;
      const ly = -sin * dx + cos * dy;
      if (Math.abs(lx) > halfWPx || Math.abs(ly) > halfHPx) return;
      const distance = Math.hypot(dx, dy);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    });
    if (best >= 0) return best;
  }
  let best = -1;
  let bestScore = -Infinity;
  detections.forEach((d, i) => {
    const score = subjectScore(d, widthPx, heightPx);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** What the presence debouncer says about the current frame. */
export type SubjectState = 'present' | 'holding' | 'absent';

/**
 * Debounces presence: a person missing for fewer than `absentAfterFrames` frames and less than `absentAfterMs` is
 * `holding` (the last pose may be shown), after that `absent`.
 */
export class PresenceDebouncer {
  private missing: number;
  private lastSeenMs = -Infinity;

  /**
   * @param absentAfterFrames @default ABSENT_AFTER_FRAMES
   * @param absentAfterMs frame-timestamp milliseconds; @default ABSENT_AFTER_MS
   */
  constructor(
    private readonly absentAfterFrames = ABSENT_AFTER_FRAMES,
    private readonly absentAfterMs = ABSENT_AFTER_MS,
  ) {
    this.missing = absentAfterFrames;
  }

  /** @param timestampMs the frame's timestamp (ms); without one only frames are counted. */
  update(personSeen: boolean, timestampMs = NaN): SubjectState {
    if (personSeen) {
      this.missing = 0;
      this.lastSeenMs = timestampMs;
      return 'present';
    }
    if (this.missing < this.absentAfterFrames) this.missing++;
    if (timestampMs - this.lastSeenMs >= this.absentAfterMs) this.missing = this.absentAfterFrames;
    return this.missing >= this.absentAfterFrames ? 'absent' : 'holding';
  }

  reset(): void {
    this.missing = this.absentAfterFrames;
    this.lastSeenMs = -Infinity;
  }
}
