import type { CameraFrame } from '../shared/contract';
import type { EngineInit } from '../shared/engine-protocol';
import type { CreateFrameProcessor, FrameProcessor } from './engine';
import { createOrtPoseModels } from './pose-models-ort';
import { PoseTracker } from './tracker';

/**
 * The native engine: BlazePose on ONNX Runtime (sessions created once and warmed up), tracking mode. Runs inside
 * the inference process.
 */
export const createNativeProcessor: CreateFrameProcessor = async (init: EngineInit): Promise<FrameProcessor> => {
  const t0 = performance.now();
  const models = await createOrtPoseModels({ modelsDir: init.modelsDir, model: init.modelSize, ep: init.ep });
  const warmUpMs = performance.now() - t0;
  const tracker = new PoseTracker(models, {
    mode: 'tracking',
    segmentation: init.mask !== 'off',
    absentAfterFrames: init.absentAfterFrames,
  });
  return {
    provider: models.provider,
    providerNotes: models.notes,
    warmUpMs,
    // The pose answers the camera frame it came from: the renderer's frame pump waits for that id before it sends
    // the next frame, so the tracker's own running count must not leak out.
    process: async (frame: CameraFrame) => ({
      ...(await tracker.process({ data: frame.data, widthPx: frame.widthPx, heightPx: frame.heightPx, timestampMs: frame.timestampMs })),
      frameId: frame.frameId,
    }),
    reset: () => tracker.reset(),
    dispose: () => models.dispose(),
  };
};
