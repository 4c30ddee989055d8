import * as v from 'valibot';
import { ExecutionProvider, ModelSize } from './config-schema';
import { CameraFrameSchema } from './contract';
import { PoseFrameSchema } from './pose';

/**
 * Messages between the inference host (main process / web shell) and the inference process. Both directions
 * are validated on receipt: a crash or a bug on one side must show up as a clear error on the other.
 */

export const EngineInitSchema = v.object({
  /** Folder with the ONNX models and manifest.json. */
  modelsDir: v.string(),
  modelSize: ModelSize,
  ep: ExecutionProvider,
  /** Person mask source: the landmark model's segmentation, the selfie model, or none. @default 'pose' */
  mask: v.optional(v.picklist(['pose', 'selfie', 'off']), 'pose'),
  /** Frames without a person before "nobody present" is reported. @default 15 */
  absentAfterFrames: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 15),
  /**
   * Hand landmark model run on each raised hand after the pose (the touchless pointer's fingertip and pinch), or
   * `off` (the pointer follows the pose's wrist). `lite` by default: it finds as many hands as `full` on the shared
   * photos and costs about half (measured in one run of `atelier bench --hands`: 0.24 vs 0.44 of the pose landmark
   * model's time), within the 6 ms per raised hand the pointer may add. @default 'lite'
   */
  hands: v.optional(v.picklist(['off', 'lite', 'full']), 'lite'),
});
export type EngineInit = v.InferOutput<typeof EngineInitSchema>;

export const HostToEngineSchema = v.variant('t', [
  v.object({ t: v.literal('init'), init: EngineInitSchema }),
  v.object({ t: v.literal('frame'), frame: CameraFrameSchema }),
  /** Forget the tracked person (new shopper session). */
  v.object({ t: v.literal('reset') }),
]);
export type HostToEngine = v.InferOutput<typeof HostToEngineSchema>;

export const EngineToHostSchema = v.variant('t', [
  v.object({
    t: v.literal('ready'),
    provider: v.string(),
    providerNotes: v.array(v.string()),
    warmUpMs: v.number(),
  }),
  v.object({ t: v.literal('pose'), pose: PoseFrameSchema }),
  /** A frame that could not be processed; `fatal` means the engine cannot go on (the host restarts it). */
  v.object({ t: v.literal('error'), message: v.string(), fatal: v.boolean(), frameId: v.optional(v.number()) }),
]);
export type EngineToHost = v.InferOutput<typeof EngineToHostSchema>;
