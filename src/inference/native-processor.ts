import type { CameraFrame } from '../shared/contract';
import type { EngineInit } from '../shared/engine-protocol';
import type { CreateFrameProcessor, FrameProcessor } from './engine';
import { createOrtHandModel } from './hand-model-ort';
import { HandStage } from './hand-stage';
import { ownHemsOf } from '../shared/own-hems';
import { createOrtPoseModels } from './pose-models-ort';
import { SelfieSegmenter } from './segment-selfie';
import { PoseTracker } from './tracker';

/**
 * The native engine: BlazePose on ONNX Runtime (sessions created once and warmed up), tracking mode. Runs inside
 * the inference process. The person mask comes from the landmark model (`pose`: the tracked person only), from the
 * selfie segmentation model over the whole frame (`selfie`: everyone in view, drawn while a person is tracked), or
 * is not computed (`off`).
 */
export const createNativeProcessor: CreateFrameProcessor = async (init: EngineInit): Promise<FrameProcessor> => {
  const t0 = performance.now();
  // The trunk / mask-head pair where the models folder has it (lite and full): the tracker then runs the head only on
  // frames whose body moved (reuseStillMask, on by default) — a shopper standing at the mirror skips most heads. On a
  // moving body the split costs what the whole graph does, within the loaded machine's spread (issue 18.3 numbers in
  // models/README.md).
  // The head runs in its own worker thread (maskHeadThread's default): the pose never waits for it (a mask not ready
  // is shown a frame later), and with a renderer's load on 2 cores the pose kept or gained fps while the mask stage
  // on this thread fell to 0.4 ms (models/README.md, "The head in its own worker thread").
  const models = await createOrtPoseModels({ modelsDir: init.modelsDir, model: init.modelSize, ep: init.ep, maskHead: 'split' });
  const selfie = init.mask === 'selfie' ? await SelfieSegmenter.open({ modelsDir: init.modelsDir, ep: init.ep }) : null;
  const notes = [...models.notes];
  // A models folder from before the hand models still runs the pose: the pointer falls back to the wrist and dwell.
  const handModel =
    init.hands === 'off'
      ? null
      : await createOrtHandModel({ modelsDir: init.modelsDir, size: init.hands, ep: init.ep }).catch((err: unknown) => {
          notes.push(`hands off: ${(err as Error).message}`);
          return null;
        });
  const hands = handModel ? new HandStage(handModel) : null;
  const warmUpMs = performance.now() - t0;
  const tracker = new PoseTracker(models, {
    mode: 'tracking',
    segmentation: init.mask === 'pose',
    // The mask over the ROI as the head gives it (128 × 128), with the ROI's placement: the renderer's shaders warp
    // it into the frame (a texture lookup), sparing the CPU warp (1.9 ms a frame) and sending 16 KB, not the frame's
    // size.
    maskResolution: 'roi',
    absentAfterFrames: init.absentAfterFrames,
  });
  return {
    provider: models.provider,
    providerNotes: notes,
    warmUpMs,
    // The pose answers the camera frame it came from: the renderer's frame pump waits for that id before it sends
    // the next frame, so the tracker's own running count must not leak out.
    process: async (frame: CameraFrame) => {
      const rgba = { data: frame.data, widthPx: frame.widthPx, heightPx: frame.heightPx, timestampMs: frame.timestampMs };
      // The sender says per frame whether it draws anything the mask serves; without it the trunk runs alone.
      const wantMask = frame.needsMask !== false;
      tracker.setSegmentation(init.mask === 'pose' && wantMask);
      const pose = await tracker.process(rgba);
      // The selfie model runs only when someone is tracked and the mask is wanted: an empty mirror needs no mask.
      const mask =
        selfie && wantMask && pose.landmarks.length > 0
          ? { widthPx: frame.widthPx, heightPx: frame.heightPx, data: await selfie.mask(rgba) }
          : selfie
            ? null
            : pose.mask;
      if (pose.landmarks.length === 0) {
        hands?.reset();
        return { ...pose, mask, frameId: frame.frameId };
      }
      // Where the shopper's own sleeves and shorts end, read off this frame's picture along the tracked limbs — only
      // for a sender that draws a garment (the same flag as the mask's: nothing else reads them).
      const read = wantMask ? ownHemsOf(rgba, pose.landmarks) : {};
      if (!hands) return { ...pose, mask, frameId: frame.frameId, ...read };
      // After the pose, on the same frame: only raised hands of the tracked person run the hand model.
      const h = await hands.process(rgba, pose.landmarks);
      return { ...pose, mask, frameId: frame.frameId, ...read, hands: h.hands, stagesMs: { ...pose.stagesMs, hands: h.ms } };
    },
    // The tracker pools buffers of its own masks' size; it drops any other (a selfie mask is the frame's size).
    recycleMask: (data) => tracker.recycleMask(data as Uint8Array<ArrayBuffer>),
    reset: () => {
      tracker.reset();
      hands?.reset();
    },
    dispose: async () => {
      await handModel?.dispose();
      await selfie?.dispose();
      await models.dispose();
    },
  };
};
