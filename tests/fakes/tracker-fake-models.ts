/**
 * Test double of PoseModels that "sees" synthetic people. Frames must come from `gradientFrame` (red = column,
 * green = row, so frames up to 256 px): the fake landmark model reads back from its crop where in the frame the
 * crop was taken, and places the landmarks where the people truly are — so tracking, ROI feedback and projection
 * are exercised end to end without a network.
 */
import { generateAnchors } from '../../src/inference/pipeline/anchors';
import { letterboxPadding, letterboxX, letterboxY } from '../../src/inference/pipeline/letterbox';
import { LANDMARK_STRIDE, MODEL_LANDMARK_COUNT } from '../../src/inference/pipeline/landmarks';
import type { DetectorOutput, LandmarkOutput, PoseModels } from '../../src/inference/pipeline/pose-models';
import type { TensorLayout } from '../../src/inference/pipeline/types';

export interface FakePerson {
  hipXNorm: number;
  hipYNorm: number;
  /** Body radius (hip centre → head-top point) in pixels. */
  radiusPx: number;
}

const CROP = 256;
const anchors = generateAnchors();

/** Offset of body landmark k from the hip centre, in body radii (an upright 5-wide grid, enough for tests). */
export function bodyOffset(k: number): [number, number] {
  return [((k % 5) - 2) * 0.2, (Math.floor(k / 5) - 3) * 0.25];
}

export class FakePoseModels implements PoseModels {
  readonly provider = 'fake';
  people: FakePerson[] = [];
  presence = 0.95;
  segmentationLogit = 10;
  detectCalls = 0;
  landmarkCalls = 0;
  lastDetectInput = new Float32Array(0);

  constructor(
    private readonly widthPx: number,
    private readonly heightPx: number,
    readonly inputLayout: TensorLayout = 'nhwc',
  ) {}

  async detect(input: Float32Array): Promise<DetectorOutput> {
    this.detectCalls++;
    this.lastDetectInput = input.slice();
    const boxes = new Float32Array(2254 * 12);
    const scores = new Float32Array(2254).fill(-10);
    const padding = letterboxPadding(this.widthPx, this.heightPx);
    this.people.forEach((p, n) => {
      const a = 300 + n * 400; // one anchor per person, far apart so NMS keeps them separate
      const ax = anchors.data[a * 4]!;
      const ay = anchors.data[a * 4 + 1]!;
      const hipX = letterboxX(p.hipXNorm, padding);
      const hipY = letterboxY(p.hipYNorm, padding);
      const topX = hipX;
      const topY = letterboxY(p.hipYNorm - p.radiusPx / this.heightPx, padding);
      // Face box around the head top, 0.05 of the input wide.
      boxes.set([(topX - ax) * 224, (topY - ay) * 224, 11.2, 11.2, (hipX - ax) * 224, (hipY - ay) * 224, (topX - ax) * 224, (topY - ay) * 224], a * 12);
      scores[a] = 4;
    });
    return { boxes, scores };
  }

  /** Whether each landmark call asked for the mask, in call order. */
  readonly segmentationWanted: Array<boolean | 'deferred'> = [];
  /** Answer a deferred mask with `segmentationLater`, as models split at their mask head do. */
  canDeferMask = false;
  /** Times the deferred mask head ran. */
  headRuns = 0;

  async landmarks(input: Float32Array, want?: { segmentation?: boolean | 'deferred' }): Promise<LandmarkOutput> {
    this.landmarkCalls++;
    this.segmentationWanted.push(want?.segmentation ?? true);
    // Frame pixel (index space) seen at crop pixel (i, j): read back from the gradient.
    const at = (i: number, j: number): [number, number] => {
      if (this.inputLayout === 'nchw') return [input[j * CROP + i]! * 255, input[CROP * CROP + j * CROP + i]! * 255];
      const o = (j * CROP + i) * 3;
      return [input[o]! * 255, input[o + 1]! * 255];
    };
    const p00 = at(0, 0);
    const p10 = at(CROP - 1, 0);
    const p01 = at(0, CROP - 1);
    const ux = (p10[0] - p00[0]) / (CROP - 1);
    const uy = (p10[1] - p00[1]) / (CROP - 1);
    const vx = (p01[0] - p00[0]) / (CROP - 1);
    const vy = (p01[1] - p00[1]) / (CROP - 1);
    const det = ux * vy - uy * vx;
    /** Frame-normalised point → crop pixel units (0..256) as the model reports them. */
    const toCrop = (xNorm: number, yNorm: number): [number, number] => {
      const qx = xNorm * this.widthPx - 0.5 - p00[0];
      const qy = yNorm * this.heightPx - 0.5 - p00[1];
      const i = (qx * vy - qy * vx) / det;
      const j = (ux * qy - uy * qx) / det;
      return [i + 0.5, j + 0.5];
    };
    const landmarks = new Float32Array(MODEL_LANDMARK_COUNT * LANDMARK_STRIDE);
    const person = this.people[0];
    if (person) {
      const put = (k: number, xNorm: number, yNorm: number) => {
        const [cx, cy] = toCrop(xNorm, yNorm);
        landmarks.set([cx, cy, 0, 3, 3], k * LANDMARK_STRIDE);
      };
      const rx = person.radiusPx / this.widthPx;
      const ry = person.radiusPx / this.heightPx;
      for (let k = 0; k < 33; k++) {
        const [dx, dy] = bodyOffset(k);
        put(k, person.hipXNorm + dx * rx, person.hipYNorm + dy * ry);
      }
      put(33, person.hipXNorm, person.hipYNorm);
      put(34, person.hipXNorm, person.hipYNorm - ry);
    }
    const world = new Float32Array(MODEL_LANDMARK_COUNT * 3);
    for (let k = 0; k < MODEL_LANDMARK_COUNT; k++) world.set([0.01 * k, -0.02 * k, 0.005 * k], k * 3);
    const logit = this.segmentationLogit;
    const mask = () => new Float32Array(CROP * CROP).fill(logit);
    if (want?.segmentation === 'deferred' && this.canDeferMask) {
      return {
        landmarks,
        presence: person ? this.presence : 0.01,
        segmentationLater: async () => {
          this.headRuns++;
          return mask();
        },
        world,
      };
    }
    return { landmarks, presence: person ? this.presence : 0.01, segmentation: mask(), world };
  }
}
