/**
 * PoseTracker: the BlazePose graph (mediapipe/modules/pose_landmark/pose_landmark_cpu.pbtxt) over our pipeline stages:
 * detect a person only when there is no ROI from the previous frame, crop and run the landmark model, filter, derive
 * the next ROI from the auxiliary landmarks, and unproject the person mask. One tracker per camera; not re-entrant
 * (put a FrameGate, src/shared/frame-gate.ts, in front of it).
 */
import { clamp01 } from '../shared/math/clamp';
import type { Affine2 } from '../shared/person-mask-at';
import type { NormalizedLandmark, PoseFrame, WorldLandmark } from '../shared/pose';
import { generateAnchors, type Anchors } from './pipeline/anchors';
import { cropRectToTensor, LANDMARK_INPUT_SIZE_PX } from './pipeline/crop';
import { decodeDetections, removeLetterbox } from './pipeline/detector';
import { POSE_LANDMARKS_VELOCITY_FILTER, type LandmarkFilterConfig } from './pipeline/filters';
import { PoseLandmarkFiltering } from './pipeline/landmark-filtering';
import {
  AUX_LANDMARK_COUNT,
  AUX_LANDMARK_OFFSET,
  BODY_LANDMARK_COUNT,
  decodeLandmarks,
  LANDMARK_STRIDE,
  MODEL_LANDMARK_COUNT,
  POSE_PRESENCE_THRESHOLD,
  projectLandmarks,
  projectWorldLandmarks,
  refineLandmarksFromHeatmap,
  WORLD_STRIDE,
} from './pipeline/landmarks';
import { DETECTOR_INPUT_SIZE_PX, letterbox } from './pipeline/letterbox';
import type { LandmarkOutput, PoseModels } from './pipeline/pose-models';
import { weightedNms } from './pipeline/nms';
import { roiFromAuxLandmarks, roiFromDetection } from './pipeline/roi';
import { carryPlacement, roiPlacement, RoiPersonMaskBuilder } from './pipeline/roi-mask';
import { maskSizePx, maskStepPx, PersonMaskBuilder, SEGMENTATION_SIZE_PX, type MaskResolution } from './pipeline/segmentation';
import { ABSENT_AFTER_FRAMES, PresenceDebouncer, selectSubject, type SubjectState } from './pipeline/subject';
import type { NormRect, RgbaFrame } from './pipeline/types';

export type { PoseModels } from './pipeline/pose-models';
export type { RgbaFrame } from './pipeline/types';

/**
 * Stage names reported in `PoseFrame.stagesMs`, in pipeline order. `maskHead` (the mask head's own run, when the
 * landmark model runs it apart; with the head in a worker thread, the wait for its mask) and `maskWarp` (the logits
 * unprojected into the frame and blended with the previous mask; with the worker, taking its mask in) are the parts of
 * `mask`, the time on the engine's thread, and so is `maskHandOver` (the features posted to the worker). `maskWorker`:
 * the worker's head and blend for the mask it delivered, off the engine's thread (0 without the worker).
 */
export const TRACKER_STAGES = ['letterbox', 'detector', 'nms', 'crop', 'landmarks', 'filters', 'mask', 'maskHead', 'maskWarp', 'maskHandOver', 'maskWorker', 'total'] as const;
export type TrackerStage = (typeof TRACKER_STAGES)[number];

export interface PoseTrackerOptions {
  /**
   * `tracking`: video, ROI carried from frame to frame, filters on. `static`: every frame is an unrelated photo
   * (detector every time, no filters, no mask blending, no holding) — MediaPipe's static_image_mode.
   * @default 'tracking'
   */
  mode?: 'tracking' | 'static';
  /** Landmark filtering in tracking mode. @default true */
  smoothLandmarks?: boolean;
  /** Body-landmark filter. @default POSE_LANDMARKS_VELOCITY_FILTER */
  landmarkFilter?: LandmarkFilterConfig;
  /** Produce the person mask. @default true */
  segmentation?: boolean;
  /** Blend the mask with the previous one in tracking mode. @default true */
  smoothSegmentation?: boolean;
  /**
   * `frame`: one mask pixel per frame pixel. `model`: about one per pixel of the model's 256 × 256 mask over the ROI
   * (a power-of-two fraction of the frame's size, same framing; the renderer upsamples it on the GPU): up to 16×
   * fewer pixels to warp and send for the same detail. `roi`: the model's mask over the ROI as it comes (128 × 128
   * from the lowered head), placed in the frame by `mask.frameFromMask`; the renderer warps it on the GPU
   * (pipeline/roi-mask.ts). @default 'frame'
   */
  maskResolution?: MaskResolution;
  /**
   * Tracking mode with a mask: run the model's mask head only on frames whose body moved by more than a mask pixel
   * since the last mask was computed (or when that mask is {@link MASK_REUSE_MAX_AGE_MS} old); on the others the
   * last mask is written again — the mask is in frame space, so a body that did not move has the same mask. Saves
   * the head's cost (≈ 45 % of the landmark run) while the shopper stands still; needs models that can run the head
   * on its own (`PoseModels.landmarks` with `segmentation: 'deferred'`), others compute the mask every frame.
   * @default true
   */
  reuseStillMask?: boolean;
  /**
   * With the mask head in a worker thread: longest a frame waits for the worker's mask of the frame before,
   * milliseconds; not there by then, the frame shows the last mask and the worker keeps its job (counted in
   * {@link PoseTracker.masksLate}). Tests that compare the worker's masks with the engine thread's, frame by frame, raise it.
   * @default OFF_THREAD_MASK_WAIT_MS
   */
  maskWaitMs?: number;
  /** Refine landmarks with the model's heatmap when the models provide it. @default true */
  refineWithHeatmap?: boolean;
  /**
   * Whom to follow when the detector finds several people: `mirror` = the largest, most central body (the shopper in
   * front of the mirror; in tracking mode the person tracked a moment ago first), `highest-score` = the detector's best
   * detection, as MediaPipe does (for parity with its results).
   * @default 'mirror'
   */
  subject?: 'mirror' | 'highest-score';
  /**
   * Tracking mode: frames without a person during which the last pose is still reported before "nobody present".
   * 1 reports absence at once. @default ABSENT_AFTER_FRAMES (5)
   */
  absentAfterFrames?: number;
}

/**
 * Longest a mask is written again without the head running, milliseconds. The 33 landmarks bound the silhouette only
 * at the joints: fingers, hair or a loose hem can move while no joint does. A quarter second bounds how long such a
 * change can lag in the mask (about one saccade-and-fixation of the viewer, so a lag is seen at most once) and still
 * skips 6 of 7 heads at 30 fps for a shopper standing still.
 */
export const MASK_REUSE_MAX_AGE_MS = 250;
/**
 * Longest the engine's thread waits for the worker's mask of the previous frame, milliseconds, beyond one turn of its
 * event loop (which reads an answer already posted). Quiet, the mask is there before the next frame's trunk ends
 * (head 3.3 ms against crop + trunk ≈ 5 ms); a mask not there by then is late because the worker lost its core, and
 * waiting for it cost the pose a third to half of its fps under load (hand-over p95 9–40 ms, models/README.md). Even
 * 2 ms cost: loaded, 40 % of frames waited the whole 2 ms (a timer of 2 ms ends after 2.2 ms at best, after 124 ms
 * once) and most got no mask for it. So the pose goes on with the last mask at once.
 */
export const OFF_THREAD_MASK_WAIT_MS = 0;

/**
 * Least visibility of a landmark whose movement decides whether the mask is reused: MediaPipe's own threshold for a
 * landmark to count as visible (drawing_utils' _VISIBILITY_THRESHOLD); a landmark hidden behind the body or out of the
 * frame moves no edge of the visible mask.
 */
const MASK_MOTION_VISIBILITY = 0.5;

/** Milliseconds since an arbitrary origin. */
const now = (): number => performance.now();

export class PoseTracker {
  private readonly anchors: Anchors = generateAnchors();
  private readonly mode: 'tracking' | 'static';
  private readonly smoothLandmarks: boolean;
  private segmentation: boolean;
  private readonly smoothSegmentation: boolean;
  private readonly maskResolution: MaskResolution;
  private readonly refineWithHeatmap: boolean;
  private readonly subjectPolicy: 'mirror' | 'highest-score';

  // Preallocated per tracker (borrowed by the models during a call, reused every frame).
  private readonly detectorInput = new Float32Array(DETECTOR_INPUT_SIZE_PX * DETECTOR_INPUT_SIZE_PX * 3);
  private readonly landmarkInput = new Float32Array(LANDMARK_INPUT_SIZE_PX * LANDMARK_INPUT_SIZE_PX * 3);
  private readonly roiLandmarks = new Float32Array(MODEL_LANDMARK_COUNT * LANDMARK_STRIDE);
  private readonly frameLandmarks = new Float32Array(MODEL_LANDMARK_COUNT * LANDMARK_STRIDE);
  private readonly bodyLandmarks = this.frameLandmarks.subarray(0, BODY_LANDMARK_COUNT * LANDMARK_STRIDE);
  private readonly auxLandmarks = this.frameLandmarks.subarray(
    AUX_LANDMARK_OFFSET * LANDMARK_STRIDE,
    (AUX_LANDMARK_OFFSET + AUX_LANDMARK_COUNT) * LANDMARK_STRIDE,
  );
  private readonly worldLandmarks = new Float32Array(BODY_LANDMARK_COUNT * WORLD_STRIDE);
  private readonly filtering: PoseLandmarkFiltering;
  private readonly maskBuilder = new PersonMaskBuilder();
  private readonly roiMaskBuilder = new RoiPersonMaskBuilder();
  private readonly maskPool: Uint8Array<ArrayBuffer>[] = [];
  private readonly debouncer: PresenceDebouncer;
  private readonly reuseStillMask: boolean;
  private readonly maskWaitMs: number;
  /** Body landmarks (frame-normalised, filtered) of the frame whose mask the head last computed. */
  private readonly maskLandmarks = new Float32Array(BODY_LANDMARK_COUNT * LANDMARK_STRIDE);
  /** Timestamp of that frame; NaN: no mask to reuse. */
  private maskComputedAtMs = Number.NaN;
  private maskReuseCount = 0;
  /** A frame's features are with the mask head's worker; its mask is picked up with the next frame. */
  private offThreadPending = false;
  /** The next off-thread mask starts afresh (first since a reset: the worker must not blend it with its last one). */
  private offThreadFresh = true;
  /**
   * Placement of the ROI the pose of the frame handed over to the worker gives (the next frame's crop ROI then): the
   * body's place when its features were computed, from which the late mask is carried to the body's place now.
   */
  private offThreadBodyPlacement: Affine2 | null = null;
  /** The same for the mask the ROI mask builder holds now: where the body was when it was last placed. */
  private heldMaskBodyPlacement: Affine2 | null = null;
  private maskLateCount = 0;

  private roi: NormRect | null = null;
  /** The ROI the last frame was cropped with. */
  private croppedRoi: NormRect | null = null;
  /** ROI of the person last tracked, kept after losing them so that re-detection prefers them. */
  private lastSubjectRoi: NormRect | null = null;
  private lastPose: Pick<PoseFrame, 'landmarks' | 'worldLandmarks' | 'presence'> | null = null;
  private frameSize = { widthPx: 0, heightPx: 0 };
  private nextFrameId = 0;
  private busy = false;
  private subjectState: SubjectState = 'absent';
  private detectorRunCount = 0;

  constructor(
    private readonly models: PoseModels,
    options: PoseTrackerOptions = {},
  ) {
    this.mode = options.mode ?? 'tracking';
    this.smoothLandmarks = options.smoothLandmarks ?? true;
    this.segmentation = options.segmentation ?? true;
    this.smoothSegmentation = options.smoothSegmentation ?? true;
    this.maskResolution = options.maskResolution ?? 'frame';
    this.refineWithHeatmap = options.refineWithHeatmap ?? true;
    this.reuseStillMask = options.reuseStillMask ?? true;
    this.maskWaitMs = options.maskWaitMs ?? OFF_THREAD_MASK_WAIT_MS;
    this.subjectPolicy = options.subject ?? 'mirror';
    this.filtering = new PoseLandmarkFiltering({ landmarks: options.landmarkFilter ?? POSE_LANDMARKS_VELOCITY_FILTER });
    this.debouncer = new PresenceDebouncer(options.absentAfterFrames ?? ABSENT_AFTER_FRAMES);
  }

  /** Times the detector has run since construction. */
  get detectorRuns(): number {
    return this.detectorRunCount;
  }

  /** Frames since construction whose mask was the previous one written again (the body had not moved). */
  get maskReuses(): number {
    return this.maskReuseCount;
  }

  /**
   * Frames since construction whose due mask (the worker's, of the frame before) was not ready within
   * the bound (`maskWaitMs`): they showed an older mask, the mask now late by two frames or more.
   */
  get masksLate(): number {
    return this.maskLateCount;
  }

  /** Debounced presence after the last frame. */
  get state(): SubjectState {
    return this.subjectState;
  }

  /** The ROI the last frame was cropped with (null: nobody in it). A copy. */
  get lastRoi(): NormRect | null {
    return this.croppedRoi ? { ...this.croppedRoi } : null;
  }

  /** The ROI the next frame will be cropped with (null: the detector will run). A copy. */
  get nextRoi(): NormRect | null {
    return this.roi ? { ...this.roi } : null;
  }

  /**
   * Turns one frame into a PoseFrame.
   * @param frame borrowed for the duration of the call (not retained).
   * @returns a new PoseFrame owned by the caller; `mask.data` is a buffer the caller owns and may transfer; hand it
   *   back with {@link recycleMask} when done to spare an allocation.
   */
  async process(frame: RgbaFrame): Promise<PoseFrame> {
    if (this.busy) throw new Error('PoseTracker.process called while a frame is in flight; put a FrameGate in front of it');
    this.busy = true;
    try {
      return await this.processFrame(frame);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Turns the person mask on or off from the next frame on. Off, the landmark model runs without its segmentation head
   * (the `_nomask` graph: lite then costs about 40 % of its time with the mask), so a caller that knows no garment is
   * drawn — nothing to occlude — can stop paying for it. Turning it back on starts the mask afresh (no blend with a
   * stale one).
   */
  setSegmentation(on: boolean): void {
    if (on && !this.segmentation) this.forgetMask();
    this.segmentation = on;
  }

  /** Gives a mask buffer from a previous PoseFrame back to the tracker (ownership returns to the tracker). */
  recycleMask(data: Uint8Array<ArrayBuffer>): void {
    if (data.length === this.maskBytes() && this.maskPool.length < 4) this.maskPool.push(data);
  }

  /** Forgets the tracked person: next frame runs the detector, filters start afresh. */
  reset(): void {
    this.roi = null;
    this.lastSubjectRoi = null;
    this.lastPose = null;
    this.filtering.reset();
    this.forgetMask();
    this.debouncer.reset();
    this.subjectState = 'absent';
  }

  private async processFrame(frame: RgbaFrame): Promise<PoseFrame> {
    const t0 = now();
    const stagesMs: Record<TrackerStage, number> = { letterbox: 0, detector: 0, nms: 0, crop: 0, landmarks: 0, filters: 0, mask: 0, maskHead: 0, maskWarp: 0, maskHandOver: 0, maskWorker: 0, total: 0 };
    const { widthPx, heightPx } = frame;
    if (frame.data.length < widthPx * heightPx * 4) throw new RangeError(`frame data holds ${frame.data.length} bytes, expected ${widthPx * heightPx * 4}`);
    if (widthPx !== this.frameSize.widthPx || heightPx !== this.frameSize.heightPx) {
      this.reset();
      this.maskPool.length = 0;
      this.frameSize = { widthPx, heightPx };
    }
    const tracking = this.mode === 'tracking';
    const layout = this.models.inputLayout;

    let roi = tracking ? this.roi : null;
    if (!roi) {
      let t = now();
      const padding = letterbox(frame, this.detectorInput, { layout });
      stagesMs.letterbox = now() - t;
      t = now();
      const raw = await this.models.detect(this.detectorInput);
      this.detectorRunCount++;
      stagesMs.detector = now() - t;
      t = now();
      const detections = weightedNms(decodeDetections(raw.boxes, raw.scores, this.anchors)).map((d) => removeLetterbox(d, padding));
      // weightedNms returns the best score first.
      const subject =
        this.subjectPolicy === 'highest-score'
          ? detections.length > 0
            ? 0
            : -1
          : selectSubject(detections, widthPx, heightPx, tracking ? this.lastSubjectRoi : null);
      roi = subject >= 0 ? roiFromDetection(detections[subject]!, widthPx, heightPx) : null;
      stagesMs.nms = now() - t;
    }
    this.croppedRoi = roi;
    if (!roi) return this.nobody(frame, stagesMs, t0);

    let t = now();
    cropRectToTensor(frame, roi, this.landmarkInput, { layout });
    stagesMs.crop = now() - t;
    t = now();
    // Deferred: the head runs after the landmarks are read, when the body moved (reuse) or off this thread (over the ROI).
    const deferMask = this.segmentation && tracking && (this.reuseStillMask || this.maskResolution === 'roi');
    const out = await this.models.landmarks(this.landmarkInput, { segmentation: deferMask ? 'deferred' : this.segmentation });
    if (!(out.presence >= POSE_PRESENCE_THRESHOLD)) {
      stagesMs.landmarks = now() - t;
      return this.nobody(frame, stagesMs, t0);
    }
    decodeLandmarks(out.landmarks, this.roiLandmarks);
    if (this.refineWithHeatmap && out.heatmap) refineLandmarksFromHeatmap(this.roiLandmarks, out.heatmap);
    projectLandmarks(this.roiLandmarks, roi, this.frameLandmarks);
    projectWorldLandmarks(out.world, roi, this.worldLandmarks);
    stagesMs.landmarks = now() - t;

    t = now();
    if (tracking) {
      if (this.smoothLandmarks) {
        this.filtering.apply(this.bodyLandmarks, this.auxLandmarks, this.worldLandmarks, frame.timestampMs, widthPx, heightPx);
      }
      this.roi = roiFromAuxLandmarks(this.auxLandmarks, LANDMARK_STRIDE, widthPx, heightPx);
      this.lastSubjectRoi = this.roi;
    }
    const landmarks: NormalizedLandmark[] = new Array(BODY_LANDMARK_COUNT);
    const worldLandmarks: WorldLandmark[] = new Array(BODY_LANDMARK_COUNT);
    const l = this.bodyLandmarks;
    const w = this.worldLandmarks;
    for (let i = 0; i < BODY_LANDMARK_COUNT; i++) {
      const b = i * LANDMARK_STRIDE;
      landmarks[i] = { x: l[b]!, y: l[b + 1]!, z: l[b + 2]!, visibility: clamp01(l[b + 3]!), presence: clamp01(l[b + 4]!) };
      const c = i * WORLD_STRIDE;
      worldLandmarks[i] = { x: w[c]!, y: w[c + 1]!, z: w[c + 2]! };
    }
    stagesMs.filters = now() - t;

    t = now();
    let mask: PoseFrame['mask'] = null;
    if (this.segmentation && (out.segmentation || out.segmentationLater) && this.maskResolution === 'roi') {
      mask = await this.maskOverRoi(out, roi, frame, stagesMs);
    } else if (this.segmentation && (out.segmentation || out.segmentationLater)) {
      const size = this.maskResolution === 'model' ? maskSizePx(widthPx, heightPx, maskStepPx(roi, widthPx, heightPx)) : { widthPx, heightPx };
      const data = this.takeMaskBuffer(size.widthPx * size.heightPx);
      if (!out.segmentation && this.bodyStillSinceMask(roi, size, frame) && this.maskBuilder.writePrevious(data)) {
        this.maskReuseCount++;
      } else {
        const tHead = now();
        const logits = out.segmentation ?? (await out.segmentationLater!());
        const tWarp = now();
        // Only when the head ran here (with the whole graph it ran in the landmarks stage).
        if (!out.segmentation) stagesMs.maskHead = tWarp - tHead;
        this.maskBuilder.build(logits, roi, widthPx, heightPx, data, tracking && this.smoothSegmentation, size);
        stagesMs.maskWarp = now() - tWarp;
        this.maskLandmarks.set(this.bodyLandmarks);
        this.maskComputedAtMs = frame.timestampMs;
      }
      mask = { ...size, data };
    }
    stagesMs.mask = now() - t;

    const presence = clamp01(out.presence);
    this.lastPose = { landmarks, worldLandmarks, presence };
    this.subjectState = tracking ? this.debouncer.update(true, frame.timestampMs) : 'present';
    stagesMs.total = now() - t0;
    return { frameId: this.nextFrameId++, timestampMs: frame.timestampMs, landmarks, worldLandmarks, presence, mask, stagesMs, provider: this.models.provider };
  }

  /** No person in this frame: drop the ROI and the filter state; in tracking mode hold the last pose for a few frames. */
  private nobody(frame: RgbaFrame, stagesMs: Record<TrackerStage, number>, t0: number): PoseFrame {
    this.roi = null;
    this.filtering.reset();
    const tracking = this.mode === 'tracking';
    this.subjectState = tracking ? this.debouncer.update(false, frame.timestampMs) : 'absent';
    const base = { frameId: this.nextFrameId++, timestampMs: frame.timestampMs, stagesMs, provider: this.models.provider };
    if (this.subjectState === 'holding' && this.lastPose) {
      let mask: PoseFrame['mask'] = null;
      if (this.segmentation) mask = this.previousMask();
      stagesMs.total = now() - t0;
      return { ...base, ...this.lastPose, mask };
    }
    this.lastPose = null;
    this.forgetMask();
    stagesMs.total = now() - t0;
    return { ...base, landmarks: [], worldLandmarks: [], presence: 0, mask: null };
  }

  /** Drops the previous mask (no blend with it, no reuse of it) and any mask the worker still makes for it. */
  private forgetMask(): void {
    this.maskBuilder.reset();
    this.roiMaskBuilder.reset();
    this.maskComputedAtMs = Number.NaN;
    this.offThreadPending = false;
    this.offThreadFresh = true;
    this.offThreadBodyPlacement = null;
    this.heldMaskBodyPlacement = null;
  }

  /**
   * Whether the last computed mask is still this frame's: same mask size, younger than {@link MASK_REUSE_MAX_AGE_MS},
   * and no visible body landmark moved by a mask pixel (the ROI's side over the model's 256 mask pixels, in frame
   * pixels) since — a mask shifted by less than one of its own pixels is as right as the model can make it.
   */
  private bodyStillSinceMask(roi: NormRect, size: { widthPx: number; heightPx: number } | null, frame: RgbaFrame): boolean {
    const age = frame.timestampMs - this.maskComputedAtMs;
    if (!(age >= 0 && age < MASK_REUSE_MAX_AGE_MS)) return false;
    const built = this.maskBuilder.sizePx;
    if (size && (built.widthPx !== size.widthPx || built.heightPx !== size.heightPx)) return false;
    const { widthPx, heightPx } = frame;
    const maskPixelPx = Math.max(roi.widthNorm * widthPx, roi.heightNorm * heightPx) / SEGMENTATION_SIZE_PX;
    const limitSq = maskPixelPx * maskPixelPx;
    const current = this.bodyLandmarks;
    const then = this.maskLandmarks;
    for (let b = 0; b < current.length; b += LANDMARK_STRIDE) {
      if (current[b + 3]! < MASK_MOTION_VISIBILITY && then[b + 3]! < MASK_MOTION_VISIBILITY) continue;
      const dx = (current[b]! - then[b]!) * widthPx;
      const dy = (current[b + 1]! - then[b + 1]!) * heightPx;
      if (dx * dx + dy * dy > limitSq) return false;
    }
    return true;
  }

  /**
   * The mask over the ROI (`maskResolution: 'roi'`): the last one again when the body did not move, else the head's
   * logits as bytes with the ROI's placement. The placement is the ROI this frame was cropped with, the one the
   * logits were computed on.
   */
  private async maskOverRoi(out: Awaited<ReturnType<PoseModels['landmarks']>>, roi: NormRect, frame: RgbaFrame, stagesMs: Record<TrackerStage, number>): Promise<PoseFrame['mask']> {
    const smooth = this.mode === 'tracking' && this.smoothSegmentation;
    // The previous frame's mask from the head's worker: it ran while this frame was cropped and its trunk ran. Not
    // ready within a small bound, the worker keeps the job and this frame shows the last mask: the pose never waits.
    let workerBusy = false;
    if (this.offThreadPending) {
      const tWait = now();
      const late = await this.models.collectOffThreadMask?.(this.maskWaitMs);
      const tTake = now();
      stagesMs.maskHead = tTake - tWait;
      if (late === 'busy') {
        workerBusy = true;
        this.maskLateCount++;
        // The mask shown again follows the body meanwhile, as an adopted one does.
        const body = this.bodyPlacement(frame);
        if (this.heldMaskBodyPlacement && body) this.roiMaskBuilder.carryPrevious(this.heldMaskBodyPlacement, body);
        this.heldMaskBodyPlacement = body;
      } else {
        this.offThreadPending = false;
        // A lost one leaves the mask before it (the worker logged why); the builder keeps the mask the next blends with.
        if (late) {
          const then = this.offThreadBodyPlacement;
          const body = this.bodyPlacement(frame);
          // Carried with the body from where it was on the features' frame to where it is on this one. The ROI masks
          // are in the body's frame, so the body's move is the move of the ROI its pose gives.
          this.roiMaskBuilder.adopt(late.data, then && body ? carryPlacement(late.frameFromMask, then, body) : late.frameFromMask);
          this.heldMaskBodyPlacement = body;
          stagesMs.maskWorker = late.headMs + late.blendMs;
        }
        stagesMs.maskWarp = now() - tTake;
      }
    }
    if (!out.segmentation && this.reuseStillMask && this.bodyStillSinceMask(roi, null, frame)) {
      const reused = this.previousMask();
      if (reused) {
        this.maskReuseCount++;
        return reused;
      }
    }
    // The worker still runs an earlier frame's head: this frame's features are not handed over (a queue would only
    // make every later mask later) and the head does not run here either (that would cost the pose what the worker saves).
    if (workerBusy) return this.previousMask();
    // The head in its worker: this frame's mask comes with the next frame; this one shows the last mask made. The
    // first since a reset (a new shopper, a photo: frame 0) is also made here, on time, from the same features, which
    // the worker gets too: its blend then starts from the same mask as this thread's would.
    const fresh = this.offThreadFresh;
    const inTime = fresh && out.segmentationOffThread ? await this.maskHere(out, roi, frame, smooth, stagesMs) : null;
    const tHandOver = now();
    const handedOver = out.segmentationOffThread?.({ rect: roi, widthPx: frame.widthPx, heightPx: frame.heightPx, blend: smooth && !fresh });
    if (handedOver) {
      stagesMs.maskHandOver = now() - tHandOver;
      this.offThreadPending = true;
      this.offThreadFresh = false;
      this.offThreadBodyPlacement = this.bodyPlacement(frame);
      this.maskLandmarks.set(this.bodyLandmarks);
      this.maskComputedAtMs = frame.timestampMs;
      return inTime ?? this.previousMask();
    }
    return inTime ?? (await this.maskHere(out, roi, frame, smooth, stagesMs));
  }

  /** This frame's mask over the ROI, the head run on this thread (or its logits taken from the landmark run). */
  private async maskHere(out: LandmarkOutput, roi: NormRect, frame: RgbaFrame, smooth: boolean, stagesMs: Record<TrackerStage, number>): Promise<PoseFrame['mask']> {
    const tHead = now();
    const logits = out.segmentation ?? (await out.segmentationLater!());
    const tWarp = now();
    if (!out.segmentation) stagesMs.maskHead = tWarp - tHead;
    const side = Math.round(Math.sqrt(logits.length));
    const data = this.takeMaskBuffer(side * side);
    const frameFromMask = this.roiMaskBuilder.build(logits, roi, frame.widthPx, frame.heightPx, data, smooth);
    this.heldMaskBodyPlacement = this.bodyPlacement(frame);
    stagesMs.maskWarp = now() - tWarp;
    this.maskLandmarks.set(this.bodyLandmarks);
    this.maskComputedAtMs = frame.timestampMs;
    this.offThreadFresh = false;
    return { widthPx: side, heightPx: side, data, frameFromMask: [...frameFromMask] };
  }

  /**
   * Where the body is on this frame, as a placement (tracking: the ROI its pose gives, which the next frame is cropped
   * with); null without a pose.
   */
  private bodyPlacement(frame: RgbaFrame): Affine2 | null {
    return this.roi ? roiPlacement(this.roi, frame.widthPx, frame.heightPx) : null;
  }

  /** The last mask written again (null when there is none), in a pooled buffer. */
  private previousMask(): PoseFrame['mask'] {
    if (this.maskResolution === 'roi') {
      const side = this.roiMaskBuilder.sidePx;
      const data = this.takeMaskBuffer(side * side);
      const frameFromMask = this.roiMaskBuilder.writePrevious(data);
      return frameFromMask ? { widthPx: side, heightPx: side, data, frameFromMask: [...frameFromMask] } : null;
    }
    const size = this.maskBuilder.sizePx;
    const data = this.takeMaskBuffer(size.widthPx * size.heightPx);
    return this.maskBuilder.writePrevious(data) ? { ...size, data } : null;
  }

  /** Bytes of the masks the tracker builds now (its pool holds buffers of this size). */
  private maskBytes(): number {
    if (this.maskResolution === 'roi') return this.roiMaskBuilder.sidePx ** 2;
    const { widthPx, heightPx } = this.maskBuilder.sizePx;
    return widthPx * heightPx;
  }

  /** A pooled mask buffer of `bytes` (the pool is emptied when the mask's size changed). */
  private takeMaskBuffer(bytes: number): Uint8Array<ArrayBuffer> {
    let data = this.maskPool.pop();
    while (data && data.length !== bytes) data = this.maskPool.pop();
    return data ?? new Uint8Array(bytes);
  }
}
