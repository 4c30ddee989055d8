import * as v from 'valibot';

/**
 * `models/manifest.json`, written by `atelier models build` (src/models) and read by the vision engine
 * (src/inference) to learn each ONNX model's tensor names, shapes, layouts and input normalization.
 */

const Shape = v.array(v.pipe(v.number(), v.integer()));

export const ModelTensor = v.object({
  name: v.string(),
  shape: Shape,
  /** Element type; every tensor of these models is float32. */
  dtype: v.literal('float32'),
  /** Memory layout in words (e.g. 'NHWC', '[1, 33*5]: x, y, z, visibility, presence per landmark'). */
  layout: v.string(),
  description: v.optional(v.string()),
});
export type ModelTensor = v.InferOutput<typeof ModelTensor>;

export const Normalization = v.object({
  /** Value range the model expects for RGB input. */
  range: v.tuple([v.number(), v.number()]),
  /** value = (pixel - mean) / std, pixel in 0..255 (MediaPipe's NormalizationOptions). */
  mean: v.number(),
  std: v.number(),
  /** Channel order of the input. */
  channels: v.literal('RGB'),
});
export type Normalization = v.InferOutput<typeof Normalization>;

/** Numeric precision of a model's weights and arithmetic. */
export const ModelPrecision = v.picklist(['fp32', 'int8', 'fp16']);
export type ModelPrecision = v.InferOutput<typeof ModelPrecision>;

/**
 * The accuracy gate a quantized model passed (or failed) when it was built: the tracker with it against the tracker
 * with the float model, on photos of people. Errors are landmark distances divided by the diagonal of the visible
 * landmarks' bounding box, averaged per photo.
 */
export const AccuracyGate = v.object({
  passed: v.boolean(),
  photos: v.number(),
  /** Median over the photos of the per-photo mean error, as a fraction of the body's diagonal. */
  medianError: v.number(),
  /** Largest per-photo mean error. */
  maxError: v.number(),
  /** Photos where one model found a person and the other did not. */
  decisionsDiffer: v.number(),
  /** Where the gate photos came from. */
  source: v.string(),
});
export type AccuracyGate = v.InferOutput<typeof AccuracyGate>;

export const ManifestModel = v.object({
  id: v.string(),
  /** File name relative to the manifest. */
  file: v.string(),
  sha256: v.string(),
  bytes: v.number(),
  source: v.object({
    package: v.string(),
    version: v.string(),
    /** Path inside the package. */
    file: v.string(),
    /** Byte range inside `file` when the model is packed with other assets. */
    range: v.optional(v.tuple([v.number(), v.number()])),
    sha256: v.string(),
  }),
  license: v.string(),
  inputs: v.array(ModelTensor),
  outputs: v.array(ModelTensor),
  normalization: Normalization,
  opset: v.number(),
  /** @default 'fp32' */
  precision: v.optional(ModelPrecision),
  /** For a quantized model: the id and sha256 of the float model it was made from. */
  derivedFrom: v.optional(v.object({ id: v.string(), sha256: v.string() })),
  /** For an int8 model: its accuracy gate at build time. */
  gate: v.optional(AccuracyGate),
  /** For a mixed-precision int8 model: the Conv / Add nodes kept float (the most sensitive per cost). */
  keptFloat: v.optional(v.array(v.string())),
  /**
   * For a mixed-precision int8 model: how the float nodes were chosen — `branches` (the stem and the regression branch
   * whole, src/models/quantize/int8.ts `branchKeepFloat`) or `sensitivity` (node by node, most sensitive per cost).
   */
  keptFloatBy: v.optional(v.picklist(['branches', 'sensitivity'])),
  /**
   * For an int8 model: fp32 CPU time per landmark run over int8's, one thread, both run in turn on the calibration
   * crops at build (CPU time, not wall: it measures the work, also on a machine others load).
   */
  cpuSpeedup: v.optional(v.number()),
  /** For an int8 model: how activation ranges were calibrated (src/inference/quantization/calibrate.ts). */
  calibration: v.optional(v.picklist(['minmax', 'mse', 'percentile'])),
  /**
   * For a landmark model: the same graph split at its segmentation head (src/models/convert/split-mask-head.ts), the
   * trunk giving every other output plus `features`, the head taking `features` and giving the mask.
   */
  maskHeadSplit: v.optional(
    v.object({
      trunk: v.object({ file: v.string(), sha256: v.string() }),
      head: v.object({ file: v.string(), sha256: v.string() }),
      /**
       * The head with its 256-px tail run at 128 px (split-mask-head.ts `lowerMaskHeadTail`): 1 × 128 × 128 × 1
       * logits. Optional: folders built before it have only `head`.
       */
      head128: v.optional(v.object({ file: v.string(), sha256: v.string() })),
      features: v.array(v.string()),
    }),
  ),
});
export type ManifestModel = v.InferOutput<typeof ManifestModel>;

export const ManifestBundle = v.object({
  id: v.string(),
  file: v.string(),
  sha256: v.string(),
  /** What it is for, e.g. '@mediapipe/tasks-vision PoseLandmarker model asset'. */
  use: v.string(),
  /** Source model ids it was made from. */
  from: v.array(v.string()),
});
export type ManifestBundle = v.InferOutput<typeof ManifestBundle>;

export const ModelsManifest = v.object({
  /** Bumped when the converter's output changes for the same input (forces a rebuild). */
  converterVersion: v.number(),
  models: v.array(ManifestModel),
  bundles: v.array(ManifestBundle),
});
export type ModelsManifest = v.InferOutput<typeof ModelsManifest>;

export const MANIFEST_FILE = 'manifest.json';
