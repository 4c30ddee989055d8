import { MODEL_LICENSE, MODEL_SOURCES } from '../sources';
import { imageModelMetadata, withMetadata } from './metadata';
import { storedZip } from './zip';

export interface TaskBundle {
  id: string;
  file: string;
  use: string;
  from: string[];
  bytes: Uint8Array;
}

/** File names inside a PoseLandmarker `.task` bundle, as tasks-vision's pose_landmarker_graph expects them. */
const POSE_DETECTOR_IN_BUNDLE = 'pose_detector.tflite';
const POSE_LANDMARKS_IN_BUNDLE = 'pose_landmarks_detector.tflite';

function withNormalization(id: string, tflite: Uint8Array): Uint8Array {
  const src = MODEL_SOURCES.find((s) => s.id === id);
  if (!src) throw new Error(`unknown model ${id}`);
  return withMetadata(
    tflite,
    imageModelMetadata({
      name: id,
      description: `${id} from ${src.package}, input normalised to [${src.normalization.range.join(', ')}]`,
      mean: src.normalization.mean,
      std: src.normalization.std,
      license: MODEL_LICENSE,
    }),
  );
}

/**
 * The `@mediapipe/tasks-vision` assets: PoseLandmarker bundles (stored zip of detector + landmark model)
 * and the ImageSegmenter's selfie model, each TFLite file given the NormalizationOptions metadata tasks
 * requires for float32 inputs. Borrows `tflites` (id → bytes); returns new bytes.
 */
export function buildTaskBundles(tflites: ReadonlyMap<string, Uint8Array>): TaskBundle[] {
  const get = (id: string) => {
    const b = tflites.get(id);
    if (!b) throw new Error(`model ${id} missing for the tasks bundles`);
    return b;
  };
  const detector = withNormalization('pose_detection', get('pose_detection'));
  const out: TaskBundle[] = (['lite', 'full', 'heavy'] as const).map((size) => ({
    id: `pose_landmarker_${size}`,
    file: `pose_landmarker_${size}.task`,
    use: '@mediapipe/tasks-vision PoseLandmarker modelAssetPath',
    from: ['pose_detection', `pose_landmark_${size}`],
    bytes: storedZip([
      { name: POSE_DETECTOR_IN_BUNDLE, data: detector },
      { name: POSE_LANDMARKS_IN_BUNDLE, data: withNormalization(`pose_landmark_${size}`, get(`pose_landmark_${size}`)) },
    ]),
  }));
  out.push({
    id: 'selfie_segmenter',
    file: 'selfie_segmenter.tflite',
    use: '@mediapipe/tasks-vision ImageSegmenter modelAssetPath',
    from: ['selfie_segmentation'],
    bytes: withNormalization('selfie_segmentation', get('selfie_segmentation')),
  });
  return out;
}
