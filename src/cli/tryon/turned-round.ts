import type { PoseFrame } from '../../shared/pose';

/**
 * BlazePose's left/right landmark pairs (eyes, ears, mouth corners, shoulders … feet): the wearer's sides.
 * Indices as in shared/pose.ts `PoseLandmark`.
 */
const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [1, 4], [2, 5], [3, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15, 16], [17, 18], [19, 20], [21, 22], [23, 24], [25, 26], [27, 28], [29, 30], [31, 32],
];

/**
 * The pose of the same body turned round where it stands (`atelier tryon --turned`): every joint stays where it is in
 * the picture, but each one's side swaps (seen from behind, the wearer's left shoulder is on the picture's left). Lets
 * the back view be rendered on footage of a shopper facing the camera. Returns a new frame; `pose` is not changed.
 */
export function turnedRound(pose: PoseFrame): PoseFrame {
  const swap = <T>(list: readonly T[]): T[] => {
    const out = list.slice();
    if (out.length < 33) return out;
    for (const [a, b] of PAIRS) [out[a], out[b]] = [list[b]!, list[a]!];
    return out;
  };
  const sleeves = pose.ownSleeves;
  const legs = pose.ownLegHems;
  const top = pose.ownTopHems;
  return {
    ...pose,
    landmarks: swap(pose.landmarks),
    worldLandmarks: swap(pose.worldLandmarks),
    ...(sleeves ? { ownSleeves: { left: sleeves.right, right: sleeves.left } } : {}),
    ...(legs ? { ownLegHems: { left: legs.right, right: legs.left } } : {}),
    ...(top ? { ownTopHems: { left: top.right, right: top.left } } : {}),
  };
}
