import type { ModelTensor, Normalization } from '../shared/models-manifest';

/** Where one TFLite model ships and how its tensors read. */
export interface ModelSource {
  id: string;
  package: string;
  /** Path inside the package. */
  file: string;
  /**
   * When the model is packed with other assets: the packed file's name in the package's Emscripten loader
   * (`*_loader.js` lists `{filename, start, end}` per packed file).
   */
  packed?: { loader: string; name: string };
  normalization: Normalization;
  /** Layout and meaning of each output, by TFLite output order. */
  outputs: Array<Pick<ModelTensor, 'layout' | 'description'>>;
  /** Further graphs converted from the same TFLite model, each leaving some outputs (and their heads) out. */
  variants?: readonly ModelVariant[];
  /**
   * Output position of a segmentation head to also write as a trunk / head pair (`<id>_trunk.onnx`,
   * `<id>_maskhead.onnx`, split-mask-head.ts), so the engine can run the head as its own session.
   */
  splitMaskHead?: number;
  /**
   * Memory order of the ONNX graph's image input (ConvertOptions.inputLayout). The pose models take planar NCHW: the
   * tracker's crop and letterbox write either order at the same cost, and the graph then starts at its first
   * convolution instead of a Transpose. @default 'nhwc' (TFLite's, as decoded pixels come)
   */
  inputLayout?: 'nhwc' | 'nchw';
}

/** A graph made from a source model without some of its outputs; written as `<id><suffix>.onnx`. */
export interface ModelVariant {
  suffix: string;
  /** Positions in the source's output list to leave out. */
  omitOutputs: readonly number[];
}

/**
 * The landmark graph without its segmentation head (output #2): the head runs five 16-channel convolutions and a
 * resize at 256 × 256, as many operations as lite's whole backbone (ORT profile: 44% of lite's time, 30% of full's),
 * so frames that need no mask run this one.
 */
export const NO_MASK_VARIANT: ModelVariant = { suffix: '_nomask', omitOutputs: [2] };

const APACHE = 'Apache-2.0';
export const MODEL_LICENSE = APACHE;

/** Detector input: MediaPipe's pose_detection_cpu graph converts with output_tensor_float_range -1..1. */
const MINUS_ONE_TO_ONE: Normalization = { range: [-1, 1], mean: 127.5, std: 127.5, channels: 'RGB' };
/** Landmark and selfie models: their MediaPipe graphs convert to 0..1. */
const ZERO_TO_ONE: Normalization = { range: [0, 1], mean: 0, std: 255, channels: 'RGB' };

const landmarkOutputs: ModelSource['outputs'] = [
  { layout: '[1, 195]: 39 points × (x, y, z, visibility, presence), x/y in input pixels (0..256), logits for visibility/presence', description: 'landmarks (33 body + 6 auxiliary)' },
  { layout: '[1, 1]', description: 'pose presence probability (the model applies the sigmoid)' },
  { layout: 'NHWC [1, 256, 256, 1]', description: 'segmentation logits (apply sigmoid)' },
  { layout: 'NHWC [1, 64, 64, 39]', description: 'landmark heatmaps, one channel per point' },
  { layout: '[1, 117]: 39 points × (x, y, z) in metres, hip-centred', description: 'world landmarks' },
];

/**
 * MediaPipe's hand landmark model (hand_landmark_cpu.pbtxt: 224 × 224 crop, output_tensor_float_range 0..1).
 * Identity_1 is the hand presence and Identity_2 the handedness, both after the model's own sigmoid.
 */
const handLandmarkOutputs: ModelSource['outputs'] = [
  { layout: '[1, 63]: 21 points × (x, y, z), x/y in input pixels (0..224), z relative to the wrist in the same scale', description: 'hand landmarks' },
  { layout: '[1, 1]', description: 'hand presence probability (the model applies the sigmoid)' },
  { layout: '[1, 1]', description: 'handedness: probability of a right hand, MediaPipe assuming a mirrored (selfie) picture (sigmoid applied)' },
  { layout: '[1, 63]: 21 points × (x, y, z) in metres, about the hand\'s centre', description: 'hand world landmarks' },
];

export const MODEL_SOURCES: readonly ModelSource[] = [
  {
    id: 'pose_detection',
    package: '@mediapipe/pose',
    file: 'pose_solution_packed_assets.data',
    packed: { loader: 'pose_solution_packed_assets_loader.js', name: 'pose_detection.tflite' },
    normalization: MINUS_ONE_TO_ONE,
    inputLayout: 'nchw',
    outputs: [
      { layout: '[1, 2254, 12]: per anchor (dx, dy, w, h) then 4 keypoints (x, y), in input pixels (0..224), relative to the anchor', description: 'boxes and keypoints' },
      { layout: '[1, 2254, 1]', description: 'score logits (apply sigmoid)' },
    ],
  },
  ...(['lite', 'full', 'heavy'] as const).map(
    (size): ModelSource => ({
      id: `pose_landmark_${size}`,
      package: '@mediapipe/pose',
      file: `pose_landmark_${size}.tflite`,
      normalization: ZERO_TO_ONE,
      inputLayout: 'nchw',
      outputs: landmarkOutputs,
      variants: [NO_MASK_VARIANT],
      // Lite and full: split, the engine can run the trunk on every frame and the head only on frames whose body moved
      // by more than a mask pixel since the last mask (tracker.ts, issue 18.3). Not heavy: every .onnx ships in the
      // kiosk package (heavy's trunk: 55 MB) and heavy's head is its smallest share.
      ...(size !== 'heavy' ? { splitMaskHead: 2 } : {}),
    }),
  ),
  ...(['lite', 'full'] as const).map(
    (size): ModelSource => ({
      id: `hand_landmark_${size}`,
      package: '@mediapipe/hands',
      file: `hand_landmark_${size}.tflite`,
      normalization: ZERO_TO_ONE,
      outputs: handLandmarkOutputs,
    }),
  ),
  {
    id: 'selfie_segmentation',
    package: '@mediapipe/selfie_segmentation',
    file: 'selfie_segmentation.tflite',
    normalization: ZERO_TO_ONE,
    outputs: [{ layout: 'NHWC [1, 256, 256, 1]', description: 'person probability (sigmoid applied)' }],
  },
  {
    id: 'selfie_segmentation_landscape',
    package: '@mediapipe/selfie_segmentation',
    file: 'selfie_segmentation_landscape.tflite',
    normalization: ZERO_TO_ONE,
    outputs: [{ layout: 'NHWC [1, 144, 256, 1]', description: 'person probability (sigmoid applied)' }],
  },
];
