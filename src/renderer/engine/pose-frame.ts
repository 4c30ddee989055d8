/**
 * Pure conversions from tasks-vision's PoseLandmarker output to our `PoseFrame` (src/shared/pose.ts). No
 * tasks-vision import here: the shapes below are the structural subset we read, so this runs (and is tested) in
 * Node.
 */
import { clamp01 } from '../../shared/math/clamp';
import { POSE_LANDMARK_COUNT, PoseLandmark, type NormalizedLandmark, type PersonMask, type PoseFrame, type WorldLandmark } from '../../shared/pose';

/** One landmark as tasks-vision 0.10.35 returns it. It has no `presence`: its JS bundle drops that proto field. */
export interface TasksLandmark {
  x: number;
  y: number;
  z: number;
  visibility?: number;
  presence?: number;
}

/** The part of tasks-vision's `PoseLandmarkerResult` we read: one entry per detected pose. */
export interface TasksPoseResult {
  landmarks: readonly (readonly TasksLandmark[])[];
  worldLandmarks: readonly (readonly TasksLandmark[])[];
}

/**
 * Presence we report for a pose tasks-vision returned. tasks-vision only returns poses whose presence score passed
 * `minPosePresenceConfidence` but does not expose the score itself (0.10.35 drops the field), so a returned pose is
 * reported as present (1) and a missing pose as absent (0). Per-landmark presence is unknown for the same reason and
 * also reported as 1 unless tasks-vision provides it.
 */
export const REPORTED_PRESENCE = 1;

/**
 * How much being off-centre costs when several people are in view: a body at the frame's corner counts this
 * fraction smaller than the same body at the centre. The same choice as the native engine's
 * `SUBJECT_CENTRE_WEIGHT` (src/inference/pipeline/subject.ts), which the renderer may not import.
 * @default 0.5
 */
export const SUBJECT_CENTRE_WEIGHT = 0.5;

/**
 * A pose whose hip centre lies within this fraction of the previous subject's body diagonal from the previous hip
 * centre is taken to be the same person: we keep following them rather than re-picking by size every frame.
 * @default 0.5
 */
export const SUBJECT_KEEP_RADIUS = 0.5;

/** Where the subject was last frame, in normalised frame coordinates. */
export interface SubjectMemory {
  hipXNorm: number;
  hipYNorm: number;
  /** Diagonal of the subject's landmark bounding box, in pixels. */
  diagonalPx: number;
}

function hipCentre(lms: readonly TasksLandmark[]): { xNorm: number; yNorm: number } {
  const l = lms[PoseLandmark.leftHip]!;
  const r = lms[PoseLandmark.rightHip]!;
  return { xNorm: (l.x + r.x) / 2, yNorm: (l.y + r.y) / 2 };
}

/** Diagonal, in pixels, of the bounding box of a pose's landmarks clamped to the frame. */
export function bodyDiagonalPx(lms: readonly TasksLandmark[], widthPx: number, heightPx: number): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of lms) {
    const x = Math.min(1, Math.max(0, p.x));
    const y = Math.min(1, Math.max(0, p.y));
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (minX > maxX) return 0;
  return Math.hypot((maxX - minX) * widthPx, (maxY - minY) * heightPx);
}

/** Size × centrality of a pose, the same measure the native engine applies to detections. */
export function subjectScore(lms: readonly TasksLandmark[], widthPx: number, heightPx: number): number {
  const hip = hipCentre(lms);
  const halfDiagonalPx = Math.hypot(widthPx, heightPx) / 2;
  const offCentre = Math.min(1, Math.hypot((hip.xNorm - 0.5) * widthPx, (hip.yNorm - 0.5) * heightPx) / halfDiagonalPx);
  return (bodyDiagonalPx(lms, widthPx, heightPx) / halfDiagonalPx) * (1 - SUBJECT_CENTRE_WEIGHT * offCentre);
}

/**
 * Picks the person in front of the mirror among the poses tasks-vision returned: whoever we followed last frame
 * if they are still there (hip centre within {@link SUBJECT_KEEP_RADIUS} of their body diagonal), otherwise the
 * largest, most central body.
 * @param poses borrowed; only poses with {@link POSE_LANDMARK_COUNT} landmarks are considered.
 * @returns index into `poses`, or -1 when there is none.
 */
export function selectSubject(
  poses: readonly (readonly TasksLandmark[])[],
  widthPx: number,
  heightPx: number,
  previous: SubjectMemory | null,
): number {
  const valid = (i: number): boolean => poses[i]!.length === POSE_LANDMARK_COUNT;
  if (previous) {
    let best = -1;
    let bestDistancePx = previous.diagonalPx * SUBJECT_KEEP_RADIUS;
    for (let i = 0; i < poses.length; i++) {
      if (!valid(i)) continue;
      const hip = hipCentre(poses[i]!);
      const distancePx = Math.hypot((hip.xNorm - previous.hipXNorm) * widthPx, (hip.yNorm - previous.hipYNorm) * heightPx);
      if (distancePx <= bestDistancePx) {
        bestDistancePx = distancePx;
        best = i;
      }
    }
    if (best >= 0) return best;
  }
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < poses.length; i++) {
    if (!valid(i)) continue;
    const score = subjectScore(poses[i]!, widthPx, heightPx);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** What to remember of the chosen subject for the next frame's {@link selectSubject}. */
export function rememberSubject(lms: readonly TasksLandmark[], widthPx: number, heightPx: number): SubjectMemory {
  const hip = hipCentre(lms);
  return { hipXNorm: hip.xNorm, hipYNorm: hip.yNorm, diagonalPx: bodyDiagonalPx(lms, widthPx, heightPx) };
}


/** Copies one tasks-vision pose into our landmark objects (x, y normalised to the frame as tasks-vision gives them). */
export function toLandmarks(lms: readonly TasksLandmark[]): NormalizedLandmark[] {
  return lms.map((p) => ({
    x: p.x,
    y: p.y,
    z: p.z,
    visibility: clamp01(p.visibility ?? 0),
    presence: clamp01(p.presence ?? REPORTED_PRESENCE),
  }));
}

/** Copies one tasks-vision world pose (metres, hip-centred, y down: the same convention as ours). */
export function toWorldLandmarks(lms: readonly TasksLandmark[]): WorldLandmark[] {
  return lms.map((p) => ({ x: p.x, y: p.y, z: p.z }));
}

/**
 * Quantises a confidence mask in [0,1] to our 0–255 person mask.
 * @param confidence borrowed (may be a view into tasks-vision's memory that dies after its callback); not kept.
 * @returns a new `Uint8Array` the caller owns (and may transfer).
 */
export function confidenceToMask(confidence: Float32Array, widthPx: number, heightPx: number): PersonMask {
  if (confidence.length !== widthPx * heightPx) {
    throw new RangeError(`mask has ${confidence.length} values, expected ${widthPx}×${heightPx}`);
  }
  const data = new Uint8Array(confidence.length);
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i]!;
    // NaN (never expected) reads as background rather than poisoning the mask.
    data[i] = c > 0 ? (c < 1 ? Math.round(c * 255) : 255) : 0;
  }
  return { widthPx, heightPx, data };
}

export interface PoseFrameMeta {
  frameId: number;
  timestampMs: number;
  provider: string;
  stagesMs: Record<string, number>;
}

/**
 * Builds the `PoseFrame` for pose `index` of a tasks-vision result (or an empty frame when `index` < 0). Landmark
 * objects are copied; `mask` is taken as is (the caller hands over ownership).
 */
export function toPoseFrame(result: TasksPoseResult, index: number, mask: PersonMask | null, meta: PoseFrameMeta): PoseFrame {
  const lms = index >= 0 ? result.landmarks[index] : undefined;
  const world = index >= 0 ? result.worldLandmarks[index] : undefined;
  if (!lms || lms.length !== POSE_LANDMARK_COUNT || !world || world.length !== POSE_LANDMARK_COUNT) {
    return { ...meta, landmarks: [], worldLandmarks: [], presence: 0, mask: null };
  }
  return {
    ...meta,
    landmarks: toLandmarks(lms),
    worldLandmarks: toWorldLandmarks(world),
    presence: REPORTED_PRESENCE,
    mask,
  };
}

/**
 * tasks-vision's PoseLandmarker (0.10.35, CPU delegate) aborts its whole WebAssembly module when it outputs segmentation
 * masks for an image whose width is not a multiple of this ("image_frame.cc:415 Check failed: 1 == ChannelSize()"),
 * and the worker then answers no frame again. Measured on the portrait mirror clip as the FramePump scales it, and on
 * photos: 412, 388, 368 and 640 wide ran; 387, 386, 375, 365, 333 and 314 aborted. The worker gives it such a frame cut
 * to the width below ({@link maskSafeWidth}: at most 3 columns off the right edge) and maps what it finds back onto the
 * whole frame ({@link landmarksOnUncut}, {@link maskOnUncut}).
 */
export const MASK_WIDTH_STEP = 4;

/** The widest width ≤ `widthPx` the pose landmarker's masks survive ({@link MASK_WIDTH_STEP}). */
export function maskSafeWidth(widthPx: number): number {
  return widthPx - (widthPx % MASK_WIDTH_STEP);
}

/**
 * The left `toWidthPx` columns of an RGBA picture `widthPx` × `heightPx` (rows top first), copied into `into` when it
 * is that size (a camera's frames are: no allocation per frame), else into a new array.
 */
export function cutRgbaWidth(data: ArrayLike<number>, widthPx: number, heightPx: number, toWidthPx: number, into?: Uint8ClampedArray<ArrayBuffer>): Uint8ClampedArray<ArrayBuffer> {
  const out = into?.length === toWidthPx * heightPx * 4 ? into : new Uint8ClampedArray(toWidthPx * heightPx * 4);
  const src = data instanceof Uint8ClampedArray || data instanceof Uint8Array ? data : Uint8ClampedArray.from(data);
  for (let y = 0; y < heightPx; y++) out.set(src.subarray(y * widthPx * 4, (y * widthPx + toWidthPx) * 4), y * toWidthPx * 4);
  return out;
}

/**
 * A result found on the frame cut to its left `cutWidthPx` columns, on the whole frame (`widthPx` wide): normalised x
 * and z (tasks-vision scales z as x) shrink by the cut's share; y and the world landmarks are the same. A new result.
 */
export function landmarksOnUncut<R extends TasksPoseResult>(result: R, cutWidthPx: number, widthPx: number): R {
  const k = cutWidthPx / widthPx;
  return { ...result, landmarks: result.landmarks.map((pose) => pose.map((l) => ({ ...l, x: l.x * k, z: l.z * k }))) };
}

/** A mask of the cut frame on the whole frame, `widthPx` wide: the columns cut off repeat the cut's last column. */
export function maskOnUncut(mask: PersonMask, widthPx: number): PersonMask {
  const { widthPx: cut, heightPx } = mask;
  const data = new Uint8Array(widthPx * heightPx);
  for (let y = 0; y < heightPx; y++) {
    data.set(mask.data.subarray(y * cut, (y + 1) * cut), y * widthPx);
    data.fill(mask.data[(y + 1) * cut - 1]!, y * widthPx + cut, (y + 1) * widthPx);
  }
  return { widthPx, heightPx, data };
}

/**
 * Whether an error thrown by a task is its WebAssembly module aborting (emscripten's `abort`: "Aborted(…)"): the module
 * is dead and every later call fails, so the engine has failed, not one frame.
 */
export function isWasmAbort(message: string): boolean {
  return /^Aborted\(/.test(message);
}
