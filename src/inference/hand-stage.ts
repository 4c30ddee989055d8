/**
 * The hand stage of the inference process, run after the pose on the same frame: for each raised hand of the tracked
 * person, crop the square the pose (or the hand a frame ago) gives, run MediaPipe's hand landmark model, and report
 * the 21 landmarks on the frame. No palm detector: the pose already says where the hands are, as in MediaPipe's
 * holistic graph (hand_landmarks_from_pose_cpu.pbtxt).
 */
import type { Hand, HandSide } from '../shared/hands';
import type { NormalizedLandmark } from '../shared/pose';
import { cropRectToTensor } from './pipeline/crop';
import { projectHandLandmarks, rectContains } from './pipeline/hand-landmarks';
import { HAND_SIDES, raisedHandAnchors, visibleHandAnchors } from './pipeline/hand-raised';
import { HAND_INPUT_SIZE_PX, HAND_LANDMARK_COUNT, HAND_PRESENCE_THRESHOLD, handRoiFromLandmarks, handRoiFromPose } from './pipeline/hand-roi';
import type { NormRect, RgbaFrame } from './pipeline/types';

export interface HandModelOutput {
  /** 21 × (x, y, z) in 224-px input units; the caller's. */
  landmarks: Float32Array;
  /** Hand presence probability in [0,1]. */
  presence: number;
  /** Probability of a right hand (MediaPipe assumes a mirrored picture). */
  handedness: number;
}

/** The hand landmark network as the stage sees it (the ORT adapter implements it; tests use fakes). */
export interface HandModel {
  /** @param input 224 × 224 × 3 NHWC crop in [0, 1]; borrowed for the call. */
  run(input: Float32Array): Promise<HandModelOutput>;
  dispose(): Promise<void>;
}

export interface HandStageResult {
  /** New objects, the caller's. Empty when no hand is raised. */
  hands: Hand[];
  /** Hand models run on this frame (0, 1 or 2). */
  runs: number;
  /** Wall time of the stage, ms (0 when no hand is raised). */
  ms: number;
}

/** Not re-entrant: one input buffer, reused every frame. */
export class HandStage {
  private readonly input = new Float32Array(HAND_INPUT_SIZE_PX * HAND_INPUT_SIZE_PX * 3);
  private readonly xyz = new Float32Array(HAND_LANDMARK_COUNT * 3);
  /** The square around each hand found a frame ago (tracking), by the arm it belongs to. */
  private readonly lastRoi: Record<HandSide, NormRect | null> = { left: null, right: null };

  constructor(
    private readonly model: HandModel,
    private readonly options: {
      tracking?: boolean;
      /** 'raised' (the kiosk: only a hand lifted to point) or 'visible' (every seen wrist: parity on photos). @default 'raised' */
      hands?: 'raised' | 'visible';
    } = {},
  ) {}

  /**
   * @param frame borrowed for the call.
   * @param pose the tracked person's image landmarks (33, borrowed); empty when nobody is tracked.
   */
  async process(frame: RgbaFrame, pose: readonly NormalizedLandmark[]): Promise<HandStageResult> {
    const hands: Hand[] = [];
    let runs = 0;
    const t0 = performance.now();
    for (const side of HAND_SIDES) {
      const anchors = this.options.hands === 'visible' ? visibleHandAnchors(pose, side) : raisedHandAnchors(pose, side, frame.widthPx, frame.heightPx);
      if (!anchors) {
        this.lastRoi[side] = null;
        continue;
      }
      const fromPose = handRoiFromPose(anchors, frame.widthPx, frame.heightPx);
      // MediaPipe's HandTracking: keep following the hand's own box while it is still where the pose says the hand is.
      const last = this.options.tracking === false ? null : this.lastRoi[side];
      const roi = last && rectContains(fromPose, last.xCenterNorm, last.yCenterNorm, frame.widthPx, frame.heightPx) ? last : fromPose;
      const hand = await this.handInRoi(frame, roi, side);
      runs++;
      this.lastRoi[side] = hand ? handRoiFromLandmarks(this.xyz, frame.widthPx, frame.heightPx) : null;
      if (hand) hands.push(hand);
    }
    return { hands, runs, ms: runs > 0 ? performance.now() - t0 : 0 };
  }

  /**
   * The hand landmark model on one square of the frame, landmarks put back on the frame; null when the model sees no
   * hand there. Public so that parity checks can run it on the crop another pipeline chose.
   * @param frame borrowed for the call.
   */
  async handInRoi(frame: RgbaFrame, roi: NormRect, side: HandSide): Promise<Hand | null> {
    cropRectToTensor(frame, roi, this.input, { widthPx: HAND_INPUT_SIZE_PX, heightPx: HAND_INPUT_SIZE_PX, layout: 'nhwc', rangeMin: 0, rangeMax: 1 });
    const out = await this.model.run(this.input);
    if (out.presence < HAND_PRESENCE_THRESHOLD) return null;
    projectHandLandmarks(out.landmarks, roi, this.xyz);
    const landmarks = new Array<Hand['landmarks'][number]>(HAND_LANDMARK_COUNT);
    for (let i = 0; i < HAND_LANDMARK_COUNT; i++) landmarks[i] = { x: this.xyz[i * 3]!, y: this.xyz[i * 3 + 1]!, z: this.xyz[i * 3 + 2]! };
    return { side, presence: out.presence, landmarks };
  }

  reset(): void {
    this.lastRoi.left = null;
    this.lastRoi.right = null;
  }
}
