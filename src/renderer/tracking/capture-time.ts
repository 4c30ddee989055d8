import type { PoseFrame } from '../../shared/pose';

/** A pose's capture time older than this is not believed (a clock from another process, a frame held for ages). */
const MAX_CAPTURE_AGE_MS = 10_000;

/**
 * When the camera took the frame a pose was found on, on the renderer's clock (`performance.now()`): the pose's own
 * `timestampMs` when it is a plausible capture time, else `nowMs`. Gestures are timed on it, not on when the pose
 * arrived: on a busy machine poses arrive in bursts after a stall, and a swipe timed on arrival is stretched or
 * squeezed by the stall instead of measured as the shopper made it.
 */
export function captureTimeMs(pose: Pick<PoseFrame, 'timestampMs'>, nowMs: number): number {
  const t = pose.timestampMs;
  return Number.isFinite(t) && t <= nowMs && nowMs - t <= MAX_CAPTURE_AGE_MS ? t : nowMs;
}
