/**
 * Which of the tracked person's hands to look at: only a raised hand near the body runs the hand model, so a shopper
 * standing with arms down (most frames) costs nothing. Reads the pose's frame-normalised image landmarks.
 */
import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';
import type { HandSide } from '../../shared/hands';
import { HAND_WRIST_MIN_VISIBILITY, type HandAnchorsNorm } from './hand-roi';

const ARMS = {
  left: { shoulder: PoseLandmark.leftShoulder, elbow: PoseLandmark.leftElbow, wrist: PoseLandmark.leftWrist, pinky: PoseLandmark.leftPinky, index: PoseLandmark.leftIndex },
  right: { shoulder: PoseLandmark.rightShoulder, elbow: PoseLandmark.rightElbow, wrist: PoseLandmark.rightWrist, pinky: PoseLandmark.rightPinky, index: PoseLandmark.rightIndex },
} as const;

export const HAND_SIDES: readonly HandSide[] = ['left', 'right'];

/**
 * The pose anchors of `side`'s hand when that hand is raised near the body, else null:
 * - the wrist is seen (visibility ≥ MediaPipe's 0.1) and above its elbow in the picture (a forearm lifted to point;
 *   hanging arms and hands on hips have the wrist below the elbow);
 * - the wrist is no further sideways from the shoulders' midpoint than half the shoulder width plus one upper arm
 *   (shoulder → elbow): a hand lifted in front of the body or beside the shoulder, not an arm stretched out sideways
 *   (a T-pose to check a fit, a reach for the rail).
 * @param landmarks borrowed image landmarks (33), x and y normalised to a `widthPx × heightPx` frame.
 */
export function raisedHandAnchors(landmarks: readonly NormalizedLandmark[], side: HandSide, widthPx: number, heightPx: number): HandAnchorsNorm | null {
  if (landmarks.length < 33) return null;
  const arm = ARMS[side];
  const wrist = landmarks[arm.wrist]!;
  const elbow = landmarks[arm.elbow]!;
  const shoulder = landmarks[arm.shoulder]!;
  if (wrist.visibility < HAND_WRIST_MIN_VISIBILITY) return null;
  if (wrist.y >= elbow.y) return null;
  const ls = landmarks[PoseLandmark.leftShoulder]!;
  const rs = landmarks[PoseLandmark.rightShoulder]!;
  const midXPx = ((ls.x + rs.x) / 2) * widthPx;
  const halfShoulderPx = (Math.hypot((ls.x - rs.x) * widthPx, (ls.y - rs.y) * heightPx)) / 2;
  const upperArmPx = Math.hypot((elbow.x - shoulder.x) * widthPx, (elbow.y - shoulder.y) * heightPx);
  if (Math.abs(wrist.x * widthPx - midXPx) > halfShoulderPx + upperArmPx) return null;
  return anchorsOf(landmarks, side);
}

/**
 * The pose anchors of `side`'s hand whenever its wrist is seen (visibility ≥ MediaPipe's 0.1), raised or not: what
 * MediaPipe holistic looks at. For measuring the hand model on photos (parity), not for the kiosk's cursor.
 */
export function visibleHandAnchors(landmarks: readonly NormalizedLandmark[], side: HandSide): HandAnchorsNorm | null {
  if (landmarks.length < 33) return null;
  if (landmarks[ARMS[side].wrist]!.visibility < HAND_WRIST_MIN_VISIBILITY) return null;
  return anchorsOf(landmarks, side);
}

function anchorsOf(landmarks: readonly NormalizedLandmark[], side: HandSide): HandAnchorsNorm {
  const arm = ARMS[side];
  const wrist = landmarks[arm.wrist]!;
  const pinky = landmarks[arm.pinky]!;
  const index = landmarks[arm.index]!;
  return { wristX: wrist.x, wristY: wrist.y, pinkyX: pinky.x, pinkyY: pinky.y, indexX: index.x, indexY: index.y };
}
