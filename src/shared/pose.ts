import * as v from 'valibot';
import { HandSchema } from './hands';

/** Number of BlazePose body landmarks. Source: mediapipe/modules/pose_landmark (33 of the model's 39). */
export const POSE_LANDMARK_COUNT = 33;

/** BlazePose landmark indices (mediapipe/python/solutions/pose.py PoseLandmark). */
export const PoseLandmark = {
  nose: 0,
  leftEyeInner: 1,
  leftEye: 2,
  leftEyeOuter: 3,
  rightEyeInner: 4,
  rightEye: 5,
  rightEyeOuter: 6,
  leftEar: 7,
  rightEar: 8,
  mouthLeft: 9,
  mouthRight: 10,
  leftShoulder: 11,
  rightShoulder: 12,
  leftElbow: 13,
  rightElbow: 14,
  leftWrist: 15,
  rightWrist: 16,
  leftPinky: 17,
  rightPinky: 18,
  leftIndex: 19,
  rightIndex: 20,
  leftThumb: 21,
  rightThumb: 22,
  leftHip: 23,
  rightHip: 24,
  leftKnee: 25,
  rightKnee: 26,
  leftAnkle: 27,
  rightAnkle: 28,
  leftHeel: 29,
  rightHeel: 30,
  leftFootIndex: 31,
  rightFootIndex: 32,
} as const;
export type PoseLandmarkName = keyof typeof PoseLandmark;

/**
 * Bones between the 33 landmarks, for drawing a skeleton. Source: MediaPipe's POSE_CONNECTIONS
 * (mediapipe/python/solutions/pose_connections.py).
 */
export const POSE_CONNECTIONS: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28],
  [27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32],
];

const finite = v.pipe(v.number(), v.finite());

/**
 * One image landmark. x, y normalised to the camera frame ([0,1], may fall slightly outside for off-screen joints),
 * z in the same scale as x (relative depth, hip-centred), visibility and presence in [0,1].
 */
export const NormalizedLandmarkSchema = v.object({
  x: finite,
  y: finite,
  z: finite,
  visibility: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  presence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type NormalizedLandmark = v.InferOutput<typeof NormalizedLandmarkSchema>;

/** One world landmark in metres, origin at the hip centre, y down (as MediaPipe). */
export const WorldLandmarkSchema = v.object({ x: finite, y: finite, z: finite });
export type WorldLandmark = v.InferOutput<typeof WorldLandmarkSchema>;

/** Largest side of a person mask, pixels (a 4K camera frame's width). */
const MASK_SIDE_MAX_PX = 4096;
/** Least |determinant| of a mask's placement: below it the mask would be squeezed to a line (a garbage transform). */
const MASK_PLACEMENT_MIN_DET = 1e-9;

/**
 * A person mask: `widthPx × heightPx` bytes, 0 = background, 255 = person, row-major.
 *
 * Where it lies in the camera frame: `frameFromMask` = [a, b, c, d, e, f] maps a point of the mask, normalised to it
 * (u = column / widthPx, v = row / heightPx, pixel centres at +0.5), to the frame, normalised (x = a·u + b·v + c,
 * y = d·u + e·v + f); outside the mask's square the mask is background, its pixels fading to 0 over the half pixel
 * past its edge (bilinear with a zero border, as MediaPipe's BORDER_ZERO warp). The native engine sends the landmark
 * model's mask over the pose's ROI this way (128 × 128, a rotated square in the frame) and the renderer samples it
 * through the transform on the GPU (src/shared/person-mask-at.ts for the CPU's readers). Absent: the mask spans the
 * whole frame in the frame's framing (the browser engine's and the selfie model's masks), edges clamped.
 */
export const PersonMaskSchema = v.pipe(
  v.object({
    widthPx: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MASK_SIDE_MAX_PX)),
    heightPx: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MASK_SIDE_MAX_PX)),
    data: v.instance(Uint8Array),
    frameFromMask: v.optional(
      v.pipe(
        v.tuple([finite, finite, finite, finite, finite, finite]),
        v.check(([a, b, , d, e]) => Math.abs(a * e - b * d) >= MASK_PLACEMENT_MIN_DET, 'frameFromMask is not invertible (the mask would have no area in the frame)'),
      ),
    ),
  }),
  v.check((m) => m.data.length === m.widthPx * m.heightPx, (issue) => {
    const m = issue.input;
    return `mask data holds ${m.data.length} bytes, expected widthPx × heightPx = ${m.widthPx * m.heightPx}`;
  }),
);
export type PersonMask = v.InferOutput<typeof PersonMaskSchema>;

/** A share of the way from a joint to the next, 0..1. */
const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/**
 * Where the tracked person's own sleeves end on their upper arms, as shares of the way from the shoulder to the elbow
 * landmark (1: at the elbow or below it); null where it was not read (a long sleeve, a sleeveless top, a top of the
 * skin's hue, an arm out of the picture). Side names are the wearer's. From the camera picture's colours
 * (src/shared/own-sleeves.ts): a worn short sleeve reaches at least as far, so the shopper's own sleeve
 * does not show under it.
 */
export const OwnSleevesSchema = v.object({ left: v.nullable(share), right: v.nullable(share) });
export type OwnSleeves = v.InferOutput<typeof OwnSleevesSchema>;

/** A place on a leg's landmark path: 0 at the hip, 1 at the knee, 1 + s at share s of the way on to the ankle. */
const legPlace = v.pipe(v.number(), v.minValue(0), v.maxValue(2));

/**
 * Where the tracked person's own shorts (or skirt) end on each leg, as places on the leg's landmark path (0 hip,
 * 1 knee, 2 ankle); null where it was not read (trousers to the ankle, bare legs, bottoms of the skin's hue, a leg
 * out of the picture). Side names are the wearer's. From the camera picture's colours (src/shared/own-leg-hems.ts):
 * a worn garment that ends above it would leave a band of the shopper's own shorts showing under its hem, which the
 * mirror covers (renderer/scene/own-hem-cover-layer.ts).
 */
export const OwnLegHemsSchema = v.object({ left: v.nullable(legPlace), right: v.nullable(legPlace) });
export type OwnLegHems = v.InferOutput<typeof OwnLegHemsSchema>;

/** A place on a side's torso line: 0 at the shoulders' height, 1 at the hip landmarks', 1 + s on by s of that length. */
const torsoPlace = v.pipe(v.number(), v.minValue(0), v.maxValue(2));

/**
 * Where the tracked person's own top ends over their bottoms on each side of the torso, as places on the side's torso
 * line (src/shared/own-top-hems.ts); null where it was not read (a top tucked in, a dress, top and bottoms alike).
 * Side names are the wearer's. A worn top that ends above it would leave a band of the shopper's own top showing
 * under its hem, which the mirror covers (renderer/scene/own-top-cover-layer.ts).
 */
export const OwnTopHemsSchema = v.object({ left: v.nullable(torsoPlace), right: v.nullable(torsoPlace) });
export type OwnTopHems = v.InferOutput<typeof OwnTopHemsSchema>;

/**
 * What the engine sends for every processed camera frame. `landmarks` is empty when nobody is present.
 * `timestampMs` is the capture timestamp of the source frame (the renderer's video clock), so the renderer can
 * interpolate landmarks to the video frame it is showing.
 */
export const PoseFrameSchema = v.object({
  /** The id of the camera frame this pose was computed from (`CameraFrame.frameId`). */
  frameId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  timestampMs: finite,
  landmarks: v.array(NormalizedLandmarkSchema),
  worldLandmarks: v.array(WorldLandmarkSchema),
  /** Presence score of the tracked person in [0,1]; 0 when nobody is present. */
  presence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  mask: v.nullable(PersonMaskSchema),
  /** Per-stage timings in milliseconds (e.g. detector, landmarks, filters, total). */
  stagesMs: v.record(v.string(), finite),
  /** Execution provider or engine that produced the frame, e.g. "cpu", "cuda", "browser:gpu". */
  provider: v.string(),
  /**
   * Raised hands of the tracked person (at most one per arm), when the engine runs the hand stage; absent or empty
   * when no hand is raised or the engine has no hand model (the browser engine).
   */
  hands: v.optional(v.pipe(v.array(HandSchema), v.maxLength(2))),
  /** Where the tracked person's own sleeves end: read by the native engine on frames that ask for the mask (absent: not read). */
  ownSleeves: v.optional(OwnSleevesSchema),
  /** Where the tracked person's own shorts or skirt end on their legs: read with the sleeves (absent: not read). */
  ownLegHems: v.optional(OwnLegHemsSchema),
  /** Where the tracked person's own top ends over their bottoms: read with the sleeves (absent: not read). */
  ownTopHems: v.optional(OwnTopHemsSchema),
});
export type PoseFrame = v.InferOutput<typeof PoseFrameSchema>;
