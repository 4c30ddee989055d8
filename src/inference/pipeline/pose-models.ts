/**
 * The two BlazePose networks as the pipeline sees them. The ONNX Runtime adapter (pose-models-ort.ts) implements it;
 * tests use fakes. Inputs are borrowed for the duration of the call (the tracker reuses its buffers for the next
 * frame); outputs become the caller's (the tracker reads them and lets them go).
 */
import type { Affine2 } from '../../shared/person-mask-at';
import type { NormRect, TensorLayout } from './types';

export interface DetectorOutput {
  /** 2254 × 12 raw regressors (box x, y, w, h then 4 keypoints x, y, in 224-px input units relative to the anchor). */
  boxes: Float32Array;
  /** 2254 raw score logits. */
  scores: Float32Array;
}

export interface LandmarkOutput {
  /** 39 × 5 raw values: x, y, z in 256-px crop units, visibility and presence logits. */
  landmarks: Float32Array;
  /** Pose presence probability in [0,1] (the model applies its own sigmoid). */
  presence: number;
  /** 256 × 256 segmentation logits, row-major; absent when the call asked for no mask or deferred it. */
  segmentation?: Float32Array;
  /**
   * With `want.segmentation: 'deferred'` and a model split at its mask head: runs the head on this call's features
   * and gives the logits as `segmentation` would. Valid until the next `landmarks` call; never called, the head's
   * cost is never paid (the tracker reuses the last mask when the body did not move).
   */
  segmentationLater?: () => Promise<Float32Array>;
  /**
   * With `want.segmentation: 'deferred'` and the mask head in its own worker thread: hands this call's features to it
   * (transferred: `segmentationLater` may not be called after a `true`) with the ROI they were computed on; the mask —
   * probabilities over the ROI as bytes, blended with the worker's previous one when `blend` — comes from
   * {@link PoseModels.collectOffThreadMask}. Valid until the next `landmarks` call.
   * @returns false when the worker cannot take it now (restarting): nothing was handed over.
   */
  segmentationOffThread?: (placement: { rect: NormRect; widthPx: number; heightPx: number; blend: boolean }) => boolean;
  /** 39 × 3 world landmarks in metres, hip-centred, in the ROI's rotated frame. */
  world: Float32Array;
  /** 64 × 64 × 39 heatmap logits (HWC); when absent the landmarks are used unrefined. */
  heatmap?: Float32Array;
}

export interface PoseModels {
  /** Memory order the models' image inputs expect. */
  readonly inputLayout: TensorLayout;
  /** Execution provider or engine name reported in PoseFrame.provider (e.g. "cpu", "cuda"). */
  readonly provider: string;
  /** @param input 224 × 224 × 3 letterboxed frame in [-1, 1], in `inputLayout`; borrowed. */
  detect(input: Float32Array): Promise<DetectorOutput>;
  /**
   * @param input 256 × 256 × 3 ROI crop in [0, 1], in `inputLayout`; borrowed.
   * @param want.segmentation whether the caller reads the mask; without it an implementation may run a graph
   *   without the segmentation head (cheaper); `deferred`: the caller decides after reading the landmarks — an
   *   implementation that can run the head on its own returns `segmentationLater`, any other returns `segmentation`
   *   as with `true`. @default true
   */
  landmarks(input: Float32Array, want?: { segmentation?: boolean | 'deferred' }): Promise<LandmarkOutput>;
  /**
   * The mask of the last `segmentationOffThread` job, when the worker has finished it (the caller collects it with
   * the next frame). Null when there is none, or the job was lost (failed, worker died or hung: logged, restarted);
   * `busy` when the worker has not finished it within `maxWaitMs` (the job stays with it: collect again later).
   * The mask's bytes become the caller's.
   * @param maxWaitMs longest to wait for it, milliseconds. @default the worker's hang limit
   */
  collectOffThreadMask?(maxWaitMs?: number): Promise<OffThreadRoiMask | null | 'busy'>;
}

/** A ROI mask made off the engine's thread: side × side bytes, its placement, the worker's times. */
export interface OffThreadRoiMask {
  widthPx: number;
  heightPx: number;
  data: Uint8Array<ArrayBuffer>;
  /** PersonMask.frameFromMask of the ROI its features were computed on. */
  frameFromMask: Affine2;
  /** The worker's head run and its sigmoid + blend, milliseconds of the worker's wall time. */
  headMs: number;
  blendMs: number;
}
