/**
 * Weighted non-maximum suppression, as MediaPipe's NonMaxSuppressionCalculator with the options of
 * pose_detection_cpu.pbtxt (`min_suppression_threshold: 0.3`, `overlap_type: INTERSECTION_OVER_UNION`,
 * `algorithm: WEIGHTED`).
 */
import type { Detection } from './types';

/** Source: pose_detection_cpu.pbtxt, NonMaxSuppressionCalculatorOptions.min_suppression_threshold. */
export const NMS_MIN_SUPPRESSION_THRESHOLD = 0.3;

/** Intersection over union of two axis-aligned boxes; 0 when either is empty. */
export function iou(a: Detection, b: Detection): number {
  const x0 = Math.max(a.xMin, b.xMin);
  const y0 = Math.max(a.yMin, b.yMin);
  const x1 = Math.min(a.xMin + a.width, b.xMin + b.width);
  const y1 = Math.min(a.yMin + a.height, b.yMin + b.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  const inter = (x1 - x0) * (y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Repeatedly takes the best-scoring remaining detection, gathers every remaining detection overlapping it by more
 * than `threshold` (itself included) and replaces it by their score-weighted average box and keypoints; the score
 * stays the best one's.
 * @param detections borrowed; not modified.
 * @returns new detections (caller-owned), best first.
 */
export function weightedNms(detections: readonly Detection[], threshold = NMS_MIN_SUPPRESSION_THRESHOLD, maxDetections = -1): Detection[] {
  let remaining = [...detections].sort((p, q) => q.score - p.score);
  const out: Detection[] = [];
  while (remaining.length > 0) {
    if (maxDetections >= 0 && out.length >= maxDetections) break;
    const best = remaining[0]!;
    const candidates: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(d, best) > threshold ? candidates : rest).push(d);
    let weighted: Detection = best;
    if (candidates.length > 0) {
      let total = 0;
      let xMin = 0;
      let yMin = 0;
      let xMax = 0;
      let yMax = 0;
      const keypoints = new Float32Array(best.keypoints.length);
      for (const c of candidates) {
        const w = c.score;
        total += w;
        xMin += c.xMin * w;
        yMin += c.yMin * w;
        xMax += (c.xMin + c.width) * w;
        yMax += (c.yMin + c.height) * w;
        for (let k = 0; k < keypoints.length; k++) keypoints[k] = keypoints[k]! + c.keypoints[k]! * w;
      }
      for (let k = 0; k < keypoints.length; k++) keypoints[k] = keypoints[k]! / total;
      weighted = {
        score: best.score,
        xMin: xMin / total,
        yMin: yMin / total,
        width: (xMax - xMin) / total,
        height: (yMax - yMin) / total,
        keypoints,
      };
    }
    out.push(weighted);
    // MediaPipe stops when an iteration suppresses nothing (only possible if the best box does not overlap itself,
    // i.e. an empty box).
    if (rest.length === remaining.length) break;
    remaining = rest;
  }
  return out;
}
