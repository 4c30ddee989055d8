import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseFrameSchema, PoseLandmark } from '../../shared/pose';
import {
  REPORTED_PRESENCE,
  bodyDiagonalPx,
  confidenceToMask,
  cutRgbaWidth,
  isWasmAbort,
  landmarksOnUncut,
  MASK_WIDTH_STEP,
  maskOnUncut,
  maskSafeWidth,
  rememberSubject,
  selectSubject,
  toPoseFrame,
  type TasksLandmark,
} from './pose-frame';

const W = 640;
const H = 480;
const meta = { frameId: 7, timestampMs: 1234.5, provider: 'browser:cpu', stagesMs: { pose: 12 } };

/** A synthetic body: landmarks spread over a box of `sizeNorm` around (cx, cy); hips at the centre. */
function body(cxNorm: number, cyNorm: number, sizeNorm: number): TasksLandmark[] {
  const lms = Array.from({ length: POSE_LANDMARK_COUNT }, (_, i) => {
    const a = (i / POSE_LANDMARK_COUNT) * 2 * Math.PI;
    return { x: cxNorm + (Math.cos(a) * sizeNorm) / 2, y: cyNorm + (Math.sin(a) * sizeNorm) / 2, z: -0.1 * i, visibility: 0.9 };
  });
  lms[PoseLandmark.leftHip] = { x: cxNorm - 0.01, y: cyNorm, z: 0, visibility: 0.9 };
  lms[PoseLandmark.rightHip] = { x: cxNorm + 0.01, y: cyNorm, z: 0, visibility: 0.9 };
  return lms;
}

describe('toPoseFrame', () => {
  it('copies the chosen pose into a PoseFrame with the frame metadata', () => {
    const lms = body(0.5, 0.5, 0.4);
    const world = lms.map((p, i) => ({ x: p.x - 0.5, y: p.y - 0.5, z: i * 0.01 }));
    const frame = toPoseFrame({ landmarks: [lms], worldLandmarks: [world] }, 0, null, meta);
    expect(frame.frameId).toBe(7);
    expect(frame.timestampMs).toBe(1234.5);
    expect(frame.provider).toBe('browser:cpu');
    expect(frame.stagesMs).toEqual({ pose: 12 });
    expect(frame.landmarks).toHaveLength(33);
    expect(frame.worldLandmarks).toHaveLength(33);
    expect(frame.landmarks[3]).toEqual({ ...lms[3], presence: REPORTED_PRESENCE });
    expect(frame.landmarks[3]).not.toBe(lms[3]);
    expect(frame.worldLandmarks[5]).toEqual(world[5]);
    expect(frame.presence).toBe(REPORTED_PRESENCE);
  });

  it('clamps visibility, keeps a presence tasks-vision provides, and reads a missing visibility as 0', () => {
    const lms: TasksLandmark[] = body(0.5, 0.5, 0.4);
    lms[0] = { x: 0.1, y: 0.2, z: 0, visibility: 1.2, presence: 0.3 };
    lms[1] = { x: 0.1, y: 0.2, z: 0 };
    const frame = toPoseFrame({ landmarks: [lms], worldLandmarks: [lms] }, 0, null, meta);
    expect(frame.landmarks[0]).toMatchObject({ visibility: 1, presence: 0.3 });
    expect(frame.landmarks[1]).toMatchObject({ visibility: 0, presence: REPORTED_PRESENCE });
  });

  it('is an empty frame with presence 0 and no mask when nobody was chosen or the pose is malformed', () => {
    const mask = confidenceToMask(new Float32Array(4), 2, 2);
    const none = toPoseFrame({ landmarks: [], worldLandmarks: [] }, -1, mask, meta);
    expect(none).toMatchObject({ landmarks: [], worldLandmarks: [], presence: 0, mask: null, frameId: 7 });
    const short = body(0.5, 0.5, 0.4).slice(0, 20);
    expect(toPoseFrame({ landmarks: [short], worldLandmarks: [short] }, 0, mask, meta).landmarks).toEqual([]);
  });

  it('passes the mask through, and what it builds is a valid PoseFrame for the contract', () => {
    const lms = body(0.5, 0.5, 0.4);
    const mask = confidenceToMask(new Float32Array([0, 1, 0.5, 0]), 2, 2);
    const frame = toPoseFrame({ landmarks: [lms], worldLandmarks: [lms] }, 0, mask, meta);
    expect(frame.mask).toBe(mask);
    expect(v.safeParse(PoseFrameSchema, frame).success).toBe(true);
    expect(v.safeParse(PoseFrameSchema, toPoseFrame({ landmarks: [], worldLandmarks: [] }, -1, null, meta)).success).toBe(true);
  });
});

describe('confidenceToMask', () => {
  it('maps [0,1] to 0–255, clamping out-of-range values and reading NaN as background', () => {
    const m = confidenceToMask(new Float32Array([0, 0.5, 1, -0.2, 1.5, NaN]), 3, 2);
    expect(m.widthPx).toBe(3);
    expect(m.heightPx).toBe(2);
    expect(Array.from(m.data)).toEqual([0, 128, 255, 0, 255, 0]);
  });

  it('refuses a size that does not match the data', () => {
    expect(() => confidenceToMask(new Float32Array(5), 3, 2)).toThrow(RangeError);
  });
});

describe('selectSubject', () => {
  it('is -1 without a (complete) pose', () => {
    expect(selectSubject([], W, H, null)).toBe(-1);
    expect(selectSubject([body(0.5, 0.5, 0.4).slice(0, 10)], W, H, null)).toBe(-1);
  });

  it('prefers the larger body, and the central one of two equal bodies', () => {
    expect(selectSubject([body(0.3, 0.5, 0.2), body(0.6, 0.5, 0.5)], W, H, null)).toBe(1);
    expect(selectSubject([body(0.1, 0.2, 0.3), body(0.5, 0.5, 0.3)], W, H, null)).toBe(1);
  });

  it('keeps following the previous subject when a larger person appears, and re-picks when they leave', () => {
    const shopper = body(0.5, 0.5, 0.3);
    const previous = rememberSubject(shopper, W, H);
    const passerBy = body(0.25, 0.5, 0.6);
    expect(selectSubject([passerBy, body(0.51, 0.5, 0.3)], W, H, previous)).toBe(1);
    expect(selectSubject([passerBy, body(0.9, 0.5, 0.2)], W, H, previous)).toBe(0);
  });

  it('measures bodies inside the frame only', () => {
    const inside = bodyDiagonalPx(body(0.5, 0.5, 0.4), W, H);
    const halfOut = bodyDiagonalPx(body(1.0, 0.5, 0.4), W, H);
    expect(halfOut).toBeLessThan(inside);
    // 33 points on a circle miss its exact top and bottom: within 1% of the box diagonal.
    expect(Math.abs(inside / Math.hypot(0.4 * W, 0.4 * H) - 1)).toBeLessThan(0.01);
  });
});

describe('a frame cut to a width the landmarker\'s masks survive, and its result put back', () => {
  it('cuts at most 3 columns, and none from a width that is a multiple of 4', () => {
    expect(MASK_WIDTH_STEP).toBe(4);
    expect([412, 388, 640, 314, 375, 333, 387, 4].map(maskSafeWidth)).toEqual([412, 388, 640, 312, 372, 332, 384, 4]);
  });

  it('copies the left columns of every row', () => {
    // 5 × 2 RGBA: pixel (x, y) holds x + 10 y in every channel.
    const data = Uint8ClampedArray.from({ length: 5 * 2 * 4 }, (_, i) => Math.floor(i / 4) % 5 + 10 * Math.floor(i / 20));
    const cut = cutRgbaWidth(data, 5, 2, 4);
    expect(cut.length).toBe(4 * 2 * 4);
    expect(Array.from({ length: 8 }, (_, p) => cut[4 * p])).toEqual([0, 1, 2, 3, 10, 11, 12, 13]);
    // Into a kept buffer of the cut's size (the worker's, frame after frame): the same buffer, the same bytes.
    const kept = new Uint8ClampedArray(4 * 2 * 4);
    expect(cutRgbaWidth(data, 5, 2, 4, kept)).toBe(kept);
    expect(Array.from(kept)).toEqual(Array.from(cut));
    // Of another size: a new array.
    expect(cutRgbaWidth(data, 5, 2, 4, new Uint8ClampedArray(4))).not.toBe(kept);
  });

  it('puts landmarks found on the cut frame back at the same picture point of the whole frame', () => {
    // A point at pixel x 300 of a 312-wide cut is pixel x 300 of the 314-wide frame.
    const found = { landmarks: [[{ x: 300 / 312, y: 0.5, z: 0.2, visibility: 0.9 }]], worldLandmarks: [[{ x: 0.1, y: 0.2, z: 0.3 }]] };
    const back = landmarksOnUncut(found, 312, 314);
    expect(back.landmarks[0]![0]!.x * 314).toBeCloseTo(300, 9);
    expect(back.landmarks[0]![0]!.y).toBe(0.5);
    expect(back.landmarks[0]![0]!.z).toBeCloseTo((0.2 * 312) / 314, 12);
    expect(back.landmarks[0]![0]!.visibility).toBe(0.9);
    expect(back.worldLandmarks).toBe(found.worldLandmarks);
    // The tasks' own result is not touched.
    expect(found.landmarks[0]![0]!.x).toBe(300 / 312);
  });

  it("widens the cut frame's mask to the whole frame, its last column carried into the columns cut off", () => {
    const cut = { widthPx: 4, heightPx: 2, data: Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70]) };
    const whole = maskOnUncut(cut, 6);
    expect(whole.widthPx).toBe(6);
    expect(whole.heightPx).toBe(2);
    expect(Array.from(whole.data)).toEqual([0, 10, 20, 30, 30, 30, 40, 50, 60, 70, 70, 70]);
  });
});

describe('isWasmAbort', () => {
  it("tells a task's aborted module (the engine is dead) from one bad frame", () => {
    expect(isWasmAbort('Aborted(). Build with -sASSERTIONS for more info.')).toBe(true);
    expect(isWasmAbort('Aborted(OOM)')).toBe(true);
    expect(isWasmAbort('frame before the engine was ready')).toBe(false);
    expect(isWasmAbort('WaitUntilIdle failed: Aborted()')).toBe(false);
  });
});
