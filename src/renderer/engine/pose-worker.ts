/**
 * The browser pose engine's worker: tasks-vision's PoseLandmarker (and optionally ImageSegmenter for the selfie
 * mask) in VIDEO mode, off the renderer's main thread. It loads its wasm and models from our own origin only
 * (`assetBaseUrl`), answers every frame with exactly one message, and never holds more than the frame at hand.
 */
import { FilesetResolver, ImageSegmenter, PoseLandmarker, type PoseLandmarkerResult } from '@mediapipe/tasks-vision';
import type { PersonMask, PoseFrame } from '../../shared/pose';
import { ownHemsOf } from '../../shared/own-hems';
import { chooseDelegate, nextVideoTimestampMs, type WebGlProbe } from './delegate';
import { confidenceToMask, cutRgbaWidth, isWasmAbort, landmarksOnUncut, maskOnUncut, maskSafeWidth, rememberSubject, selectSubject, toPoseFrame, type SubjectMemory } from './pose-frame';
import { parseToWorker, type FromWorker, type WorkerInit } from './protocol';

/** The worker global, typed to what we use (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
};

interface Engine {
  pose: PoseLandmarker;
  segmenter: ImageSegmenter | null;
  provider: string;
  init: WorkerInit;
  lastTimestampMs: number;
  subject: SubjectMemory | null;
}

const NO_POSES = { landmarks: [], worldLandmarks: [] };

let engine: Engine | null = null;
let disposed = false;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Asks this worker's own WebGL2 what it runs on (the page's GL may differ from an OffscreenCanvas's). */
function probeWebGl(): WebGlProbe {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { webgl2: false, renderer: null };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { webgl2: true, renderer };
  } catch {
    return { webgl2: false, renderer: null };
  }
}

async function create(init: WorkerInit, delegate: 'GPU' | 'CPU'): Promise<Pick<Engine, 'pose' | 'segmenter'>> {
  const base = init.assetBaseUrl.endsWith('/') ? init.assetBaseUrl : `${init.assetBaseUrl}/`;
  // `true`: the ES-module build of the wasm loader, the only one a module worker can load (no importScripts).
  const fileset = await FilesetResolver.forVisionTasks(`${base}mediapipe/wasm`, true);
  const pose = await PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${base}models/pose_landmarker_${init.modelSize}.task`, delegate },
    runningMode: 'VIDEO',
    numPoses: init.numPoses,
    outputSegmentationMasks: init.mask === 'pose',
  });
  let segmenter: ImageSegmenter | null = null;
  if (init.mask === 'selfie') {
    try {
      // The module loader sets `globalThis.ModuleFactory` when it is evaluated and tasks-vision clears it after one
      // use; a second task in this worker would find it unset ("ModuleFactory not set."). A distinct URL makes the
      // browser evaluate the loader again, for the segmenter's own wasm instance.
      const segmenterFileset = { ...fileset, wasmLoaderPath: `${fileset.wasmLoaderPath}?task=segmenter` };
      segmenter = await ImageSegmenter.createFromOptions(segmenterFileset, {
        baseOptions: { modelAssetPath: `${base}models/selfie_segmenter.tflite`, delegate },
        runningMode: 'VIDEO',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      });
    } catch (e) {
      pose.close();
      throw e;
    }
  }
  return { pose, segmenter };
}

async function start(init: WorkerInit): Promise<void> {
  const choice = chooseDelegate(init.delegate, probeWebGl());
  const notes = choice.note ? [choice.note] : [];
  let delegate = choice.delegate;
  let created: Pick<Engine, 'pose' | 'segmenter'>;
  try {
    created = await create(init, delegate === 'gpu' ? 'GPU' : 'CPU');
  } catch (e) {
    if (delegate === 'cpu') throw e;
    // A GPU that WebGL2 reports but tasks-vision cannot use (shader compile, context loss): the CPU delegate still works.
    notes.push(`browser:gpu: failed to start (${e instanceof Error ? e.message : String(e)})`);
    delegate = 'cpu';
    created = await create(init, 'CPU');
  }
  if (disposed) {
    created.pose.close();
    created.segmenter?.close();
    return;
  }
  const provider = `browser:${delegate}`;
  engine = { ...created, provider, init, lastTimestampMs: -Infinity, subject: null };
  post({ t: 'ready', provider, providerNotes: notes });
}

/** The canvas a bitmap or video frame is cut on, kept from frame to frame (a camera's frames are all one size). */
let cutCtx: OffscreenCanvasRenderingContext2D | null = null;
/** The cut of an RGBA frame, kept likewise (the landmarker reads it before `detectForVideo` returns). */
let cutRgba: ImageData | null = null;

/** The left `widthPx` columns of a frame, for the landmarker (see MASK_WIDTH_STEP). */
function cutImage(image: ImageBitmap | VideoFrame | ImageData, widthPx: number, heightPx: number): ImageData {
  if (image instanceof ImageData) {
    if (cutRgba?.width !== widthPx || cutRgba.height !== heightPx) cutRgba = new ImageData(widthPx, heightPx);
    cutRgbaWidth(image.data, image.width, heightPx, widthPx, cutRgba.data);
    return cutRgba;
  }
  if (cutCtx?.canvas.width !== widthPx || cutCtx.canvas.height !== heightPx) {
    cutCtx = new OffscreenCanvas(widthPx, heightPx).getContext('2d', { willReadFrequently: true })!;
  }
  const ctx = cutCtx;
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, widthPx, heightPx);
}

/**
 * Runs one frame through the tasks and posts its PoseFrame. `stagesMs`: `pose` (tasks-vision's whole graph —
 * detector, landmarks, filters and mask, which it does not time separately), `convert` (subject choice and our copy
 * of landmarks and mask), `segment` (the selfie segmenter, when used) and `total`, as the native engine's `total`.
 * @param image borrowed: the caller closes it afterwards.
 */
function detect(e: Engine, image: ImageBitmap | VideoFrame | ImageData, frameId: number, timestampMs: number, wantMask = true): void {
  const widthPx = image instanceof ImageData ? image.width : 'displayWidth' in image ? image.displayWidth : image.width;
  const heightPx = image instanceof ImageData ? image.height : 'displayHeight' in image ? image.displayHeight : image.height;
  const t0 = performance.now();
  const videoMs = nextVideoTimestampMs(timestampMs, e.lastTimestampMs);
  e.lastTimestampMs = videoMs;

  // The landmarker's own masks abort its wasm on a width that is not a multiple of 4 (MASK_WIDTH_STEP): such a frame
  // goes in cut to the width below, and what comes out is put back on the whole frame.
  const cutWidthPx = e.init.mask === 'pose' ? maskSafeWidth(widthPx) : widthPx;
  const input = cutWidthPx === widthPx ? image : cutImage(image, cutWidthPx, heightPx);

  // Callbacks run synchronously inside detectForVideo/segmentForVideo; a holder keeps TypeScript's narrowing honest.
  const got: { frame: PoseFrame | null; poseDoneMs: number } = { frame: null, poseDoneMs: t0 };
  e.pose.detectForVideo(input, videoMs, (found: PoseLandmarkerResult) => {
    got.poseDoneMs = performance.now();
    const result = cutWidthPx === widthPx ? found : landmarksOnUncut(found, cutWidthPx, widthPx);
    const index = selectSubject(result.landmarks, widthPx, heightPx, e.subject);
    e.subject = index >= 0 ? rememberSubject(result.landmarks[index]!, widthPx, heightPx) : null;
    // The mask lives only as long as this callback: copy it out now.
    const m = index >= 0 && wantMask ? result.segmentationMasks?.[index] : undefined;
    const cutMask: PersonMask | null = m ? confidenceToMask(m.getAsFloat32Array(), m.width, m.height) : null;
    const mask = cutMask && cutMask.widthPx !== widthPx ? maskOnUncut(cutMask, widthPx) : cutMask;
    got.frame = toPoseFrame(result, index, mask, { frameId, timestampMs, provider: e.provider, stagesMs: {} });
  });
  const tAfterPose = performance.now();
  if (!got.frame) got.poseDoneMs = tAfterPose;
  const out = got.frame ?? toPoseFrame(NO_POSES, -1, null, { frameId, timestampMs, provider: e.provider, stagesMs: {} });
  const stagesMs: Record<string, number> = { pose: got.poseDoneMs - t0, convert: tAfterPose - got.poseDoneMs };
  if (e.segmenter && wantMask && out.landmarks.length > 0) {
    e.segmenter.segmentForVideo(image, videoMs, (result) => {
      const m = result.confidenceMasks?.[0];
      out.mask = m ? confidenceToMask(m.getAsFloat32Array(), m.width, m.height) : null;
    });
    stagesMs.segment = performance.now() - tAfterPose;
  }
  // Where the shopper's own sleeves and shorts end, read off the picture as the native engine reads them: only for a sender that
  // draws a garment (the mask's flag), and where the frame's bytes are at hand — the mirror's FramePump sends RGBA; a
  // bitmap's would first have to be read back from the GPU.
  if (wantMask && out.landmarks.length > 0 && image instanceof ImageData) Object.assign(out, ownHemsOf({ data: image.data, widthPx, heightPx }, out.landmarks));
  stagesMs.total = performance.now() - t0;
  out.stagesMs = stagesMs;
  post({ t: 'pose', pose: out }, out.mask ? [out.mask.data.buffer] : []);
}

scope.onmessage = (event) => {
  const parsed = parseToWorker(event.data);
  if (!parsed.ok) {
    // Not a frame we can answer by id: report it as a failed frame so the sender's one-in-flight gate opens again.
    post({ t: 'error', message: parsed.error, fatal: false });
    return;
  }
  const msg = parsed.msg;
  switch (msg.t) {
    case 'init':
      start(msg).catch((e: unknown) => post({ t: 'error', message: e instanceof Error ? e.message : String(e), fatal: true }));
      return;
    case 'image':
    case 'rgba': {
      const e = engine;
      const image =
        msg.t === 'image'
          ? msg.image
          : new ImageData(new Uint8ClampedArray(msg.data.buffer as ArrayBuffer, msg.data.byteOffset, msg.data.byteLength), msg.widthPx, msg.heightPx);
      try {
        if (!e) throw new Error('frame before the engine was ready');
        detect(e, image, msg.frameId, msg.timestampMs, msg.t === 'rgba' ? msg.needsMask !== false : true);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // An aborted wasm module answers no frame again: the engine has failed, not this frame.
        post({ t: 'error', message, fatal: isWasmAbort(message), frameId: msg.frameId });
      } finally {
        if (!(image instanceof ImageData)) image.close();
      }
      return;
    }
    case 'dispose':
      disposed = true;
      engine?.pose.close();
      engine?.segmenter?.close();
      engine = null;
      return;
  }
};
