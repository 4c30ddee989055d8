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
