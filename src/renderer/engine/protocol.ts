/**
 * Messages between `BrowserPoseEngine` (renderer main thread) and `pose-worker.ts`, declared once as valibot
 * schemas like the contract: each side validates what it receives (`parseToWorker`, `parseFromWorker`) and turns a
 * malformed message into an error, never a crash. The main thread sends a frame only when the worker has answered
 * the previous one, so the worker never holds more than one frame.
 */
import * as v from 'valibot';
import { ModelSize } from '../../shared/config-schema';
import { describeIssues } from '../../shared/contract-kit';
import { PoseFrameSchema } from '../../shared/pose';

/** Where the person mask comes from. */
export const MaskSourceSchema = v.picklist(['pose', 'selfie', 'none']);
export type MaskSource = v.InferOutput<typeof MaskSourceSchema>;

const frameId = v.pipe(v.number(), v.integer(), v.minValue(0));
const timestampMs = v.pipe(v.number(), v.finite());
const sizePx = v.pipe(v.number(), v.integer(), v.minValue(1));

export const WorkerInitSchema = v.object({
  t: v.literal('init'),
  /** Absolute URL of the folder holding `mediapipe/wasm/` and `models/` (our own origin, never a CDN). */
  assetBaseUrl: v.pipe(v.string(), v.url()),
  modelSize: ModelSize,
  delegate: v.picklist(['auto', 'gpu', 'cpu']),
  mask: MaskSourceSchema,
  numPoses: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type WorkerInit = v.InferOutput<typeof WorkerInitSchema>;

/**
 * A decoded picture the worker can close (`ImageBitmap` or `VideoFrame`). Checked by shape: neither class exists
 * in every context these schemas load in (unit tests run in Node).
 */
const ClosableImageSchema = v.custom<ImageBitmap | VideoFrame>(
  (x) => typeof x === 'object' && x !== null && typeof (x as { close?: unknown }).close === 'function',
  'an ImageBitmap or VideoFrame',
);

/** A frame as an image; transferred, the worker closes it. */
export const WorkerImageFrameSchema = v.object({ t: v.literal('image'), frameId, timestampMs, image: ClosableImageSchema });
export type WorkerImageFrame = v.InferOutput<typeof WorkerImageFrameSchema>;

/** RGBA bytes of any backing buffer (the camera's frames may sit in a pooled one). */
const RgbaBytesSchema = v.custom<Uint8Array>((x) => x instanceof Uint8Array, 'a Uint8Array');

/** A frame as RGBA bytes (the shape `api.engine.submitFrame` takes); `data`'s buffer is transferred. */
export const WorkerRgbaFrameSchema = v.pipe(
  v.object({
    t: v.literal('rgba'),
    frameId,
    timestampMs,
    widthPx: sizePx,
    heightPx: sizePx,
    data: RgbaBytesSchema,
    /** `CameraFrame.needsMask`: false skips copying the mask out and the selfie segmenter. */
    needsMask: v.optional(v.boolean()),
  }),
  v.check((f) => f.data.byteLength === f.widthPx * f.heightPx * 4, 'data is not widthPx × heightPx RGBA'),
);
export type WorkerRgbaFrame = v.InferOutput<typeof WorkerRgbaFrameSchema>;

export const ToWorkerSchema = v.union([WorkerInitSchema, WorkerImageFrameSchema, WorkerRgbaFrameSchema, v.object({ t: v.literal('dispose') })]);
export type ToWorker = v.InferOutput<typeof ToWorkerSchema>;

export const FromWorkerSchema = v.variant('t', [
  v.object({ t: v.literal('ready'), provider: v.string(), providerNotes: v.array(v.string()) }),
  /** One per frame received; the mask's buffer is transferred. */
  v.object({ t: v.literal('pose'), pose: PoseFrameSchema }),
  /** A frame that failed (the engine keeps running) or, with `fatal`, an engine that cannot run. */
  v.object({ t: v.literal('error'), message: v.string(), fatal: v.boolean(), frameId: v.optional(frameId) }),
]);
export type FromWorker = v.InferOutput<typeof FromWorkerSchema>;

/** The message, or the one-line reason it is not one (`ok: false`). Borrows the message: nothing is copied. */
export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: string };

function parse<T>(schema: v.GenericSchema<unknown, T>, raw: unknown, what: string): Parsed<T> {
  const r = v.safeParse(schema, raw);
  return r.success ? { ok: true, msg: r.output } : { ok: false, error: `malformed ${what}: ${describeIssues(r.issues).join('; ')}` };
}

/** Validates a message the worker received from the main thread. */
export const parseToWorker = (raw: unknown): Parsed<ToWorker> => parse(ToWorkerSchema, raw, 'message to the pose worker');
/** Validates a message the main thread received from the worker. */
export const parseFromWorker = (raw: unknown): Parsed<FromWorker> => parse(FromWorkerSchema, raw, 'message from the pose worker');
