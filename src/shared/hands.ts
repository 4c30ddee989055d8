/**
 * Hands as the engine sends them with a pose frame: 21 landmarks per raised hand, from MediaPipe's hand landmark model
 * run on a crop the pose chose (only while the hand is raised). Indices follow MediaPipe's hand model.
 */
import * as v from 'valibot';

/** MediaPipe hand landmark indices (hand_landmark model card). */
export const HandLandmark = {
  wrist: 0,
  thumbCmc: 1,
  thumbMcp: 2,
  thumbIp: 3,
  thumbTip: 4,
  indexMcp: 5,
  indexPip: 6,
  indexDip: 7,
  indexTip: 8,
  middleMcp: 9,
  middlePip: 10,
  middleDip: 11,
  middleTip: 12,
  ringMcp: 13,
  ringPip: 14,
  ringDip: 15,
  ringTip: 16,
  pinkyMcp: 17,
  pinkyPip: 18,
  pinkyDip: 19,
  pinkyTip: 20,
} as const;

export const HAND_LANDMARKS_PER_HAND = 21;

const finite = v.pipe(v.number(), v.finite());

/**
 * One hand landmark: x, y normalised to the camera frame (as the pose's), z relative depth from the wrist in the
 * same scale as x (smaller = nearer the camera).
 */
export const HandPointSchema = v.object({ x: finite, y: finite, z: finite });
export type HandPoint = v.InferOutput<typeof HandPointSchema>;

/** Which of the person's arms (the pose's left or right wrist) the hand was found at. */
export const HandSideSchema = v.picklist(['left', 'right']);
export type HandSide = v.InferOutput<typeof HandSideSchema>;

export const HandSchema = v.object({
  side: HandSideSchema,
  /** The hand model's presence probability in [0,1] (only hands at or above 0.5 are sent). */
  presence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  landmarks: v.pipe(v.array(HandPointSchema), v.length(HAND_LANDMARKS_PER_HAND)),
});
export type Hand = v.InferOutput<typeof HandSchema>;
