/**
 * Mixed-precision int8: which Conv / Add nodes of a landmark model must stay float for the int8 model to track like
 * the float one. Each node is quantized alone (everything else float) and its effect on the landmarks is measured on
 * the calibration crops (its sensitivity); then the most sensitive nodes are kept float, as few as the error budget
 * allows (a bisection over "keep the k most sensitive float", which assumes the error falls as k grows — it is
 * measured again on the chosen set, never assumed).
 *
 * The quantizer itself (src/models/quantize/int8.ts) is passed in: this layer only runs models.
 *
 * The error is the accuracy gate's own metric (gate.ts `landmarkError`: mean landmark distance over the visible body
 * landmarks, as a fraction of their bounding box's diagonal) taken in the 256 × 256 crop, int8 against float.
 */
import type { NormalizedLandmark } from '../../shared/pose';
import { createOrtSession } from '../ort';
import { BODY_LANDMARK_COUNT, decodeLandmarks, LANDMARK_STRIDE, MODEL_LANDMARK_COUNT, refineLandmarksFromHeatmap } from '../pipeline/landmarks';
import { landmarkError } from './gate';

/** The landmark model's input as the manifest gives it. */
export interface ModelInput {
  name: string;
  shape: readonly number[];
}

/** Error of a quantized model against the float one over the crops, fractions of the body's diagonal. */
export interface CropErrors {
  median: number;
  max: number;
}

export interface NodeSensitivity extends CropErrors {
  /** Node key (src/models/quantize/int8.ts `nodeKey`). */
  node: string;
}

/** The landmark model's raw outputs the tracker reads for landmarks: [1, 195] landmarks and the [1, 64, 64, 39] heatmap. */
export interface RawLandmarks {
  landmarks: Float32Array;
  heatmap: Float32Array;
}

const LANDMARK_OUTPUT_SIZE = MODEL_LANDMARK_COUNT * LANDMARK_STRIDE;
/** Heatmap output: 64 × 64 × 39 (pose_landmark_*.tflite output #3). */
const HEATMAP_OUTPUT_SIZE = 64 * 64 * MODEL_LANDMARK_COUNT;

/** The 33 body landmarks as the tracker makes them (decoded, refined from the heatmap), in crop-normalised space. */
function bodyLandmarks(raw: RawLandmarks): NormalizedLandmark[] {
  const decoded = new Float32Array(LANDMARK_OUTPUT_SIZE);
  decodeLandmarks(raw.landmarks, decoded);
  refineLandmarksFromHeatmap(decoded, raw.heatmap);
  return Array.from({ length: BODY_LANDMARK_COUNT }, (_, i) => {
    const o = i * LANDMARK_STRIDE;
    return { x: decoded[o]!, y: decoded[o + 1]!, z: decoded[o + 2]!, visibility: decoded[o + 3]!, presence: decoded[o + 4]! };
  });
}

/**
 * The gate's metric between two landmark outputs of one crop (fraction of the reference body's diagonal), on the
 * landmarks the tracker would make of them (heatmap refinement included). Borrows both.
 */
export function cropLandmarkError(reference: RawLandmarks, test: RawLandmarks): number {
  return landmarkError(bodyLandmarks(reference), bodyLandmarks(test), 1, 1);
}

/** Median and maximum of per-crop errors. */
export function summarizeErrors(errors: readonly number[]): CropErrors {
  if (errors.length === 0) return { median: 0, max: 0 };
  const s = [...errors].sort((a, b) => a - b);
  const median = s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median, max: s[s.length - 1]! };
}

/**
 * Raw landmark output of `model` (bytes, borrowed) for every crop (borrowed), in order; one CPU session, released
 * before returning. Returns new arrays.
 */
export async function landmarkOutputs(model: Uint8Array, input: ModelInput, crops: readonly Float32Array[], threads?: number): Promise<RawLandmarks[]> {
  const session = await createOrtSession(model, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false, ...(threads ? { threads } : {}) });
  try {
    const out: RawLandmarks[] = [];
    for (const crop of crops) {
      const outs = Object.values(await session.run({ [input.name]: crop }, { [input.name]: input.shape }));
      const landmarks = outs.find((t) => t.data.length === LANDMARK_OUTPUT_SIZE)?.data;
      const heatmap = outs.find((t) => t.data.length === HEATMAP_OUTPUT_SIZE)?.data;
      if (!landmarks || !heatmap) throw new Error(`landmark model lacks the ${LANDMARK_OUTPUT_SIZE}-value landmark or the 64 × 64 × 39 heatmap output`);
      out.push({ landmarks, heatmap });
    }
    return out;
  } finally {
    await session.dispose();
  }
}

/** Everything the measurements share: the quantizer, the crops and the float model's landmarks on them. */
export interface MixedPrecisionInputs {
  /** The quantizable nodes' keys, in graph order (int8.ts `quantizableNodes`). */
  nodes: readonly string[];
  /** The int8 model keeping `keepFloat` float (int8.ts `quantizeInt8` with its calibrated ranges); new bytes. */
  quantize(keepFloat: ReadonlySet<string>): Uint8Array;
  input: ModelInput;
  /**
   * Multiply-accumulates of each node (int8.ts `nodeCosts`): with them, nodes are kept float in order of severity per
   * multiply-accumulate ({@link keepFloatOrder}); without, by severity.
   */
  costs?: ReadonlyMap<string, number>;
  crops: readonly Float32Array[];
  /** The float model's outputs on `crops` ({@link landmarkOutputs}). */
  reference: readonly RawLandmarks[];
  threads?: number;
}

/** Error over the crops of the int8 model that keeps `keepFloat` float. */
export async function int8Errors(m: MixedPrecisionInputs, keepFloat: ReadonlySet<string>): Promise<CropErrors> {
  const q = m.quantize(keepFloat);
  const outs = await landmarkOutputs(q, m.input, m.crops, m.threads);
  return summarizeErrors(outs.map((o, i) => cropLandmarkError(m.reference[i]!, o)));
}

/**
 * Sensitivity of every quantizable node: the error of the model with that node alone in int8. Sorted most sensitive
 * first (by median error, then maximum).
 */
export async function measureSensitivity(m: MixedPrecisionInputs, onProgress?: (done: number, total: number) => void): Promise<NodeSensitivity[]> {
  const nodes = m.nodes;
  const out: NodeSensitivity[] = [];
  for (const node of nodes) {
    const others = new Set(nodes.filter((n) => n !== node));
    out.push({ node, ...(await int8Errors(m, others)) });
    onProgress?.(out.length, nodes.length);
  }
  return out.sort((a, b) => b.median - a.median || b.max - a.max);
}

export interface MixedPrecisionChoice {
  /** Nodes kept float (the most sensitive ones), most sensitive first. */
  keepFloat: string[];
  /** Quantizable nodes in all. */
  nodes: number;
  /** Error of the chosen model over the crops. */
  errors: CropErrors;
  /** Every set tried: how many kept float, and its error. */
  tried: Array<{ keptFloat: number } & CropErrors>;
}

/**
 * The order in which nodes are kept float. A node's severity is its error as a share of the budget — median or worst
 * crop, whichever is nearer its limit (some nodes move a few crops far and the rest not at all) — and with `costs`
 * the order is by severity per multiply-accumulate (a severe but cheap node goes first, a costly one last).
 */
export function keepFloatOrder(sensitivity: readonly NodeSensitivity[], budget: CropErrors, costs?: ReadonlyMap<string, number>): string[] {
  const severity = (s: NodeSensitivity) => Math.max(s.median / budget.median, s.max / budget.max);
  const score = (s: NodeSensitivity) => severity(s) / (costs ? Math.max(1, costs.get(s.node) ?? 1) : 1);
  return [...sensitivity].sort((a, b) => score(b) - score(a)).map((s) => s.node);
}

/**
 * The smallest k such that keeping the first k nodes of {@link keepFloatOrder} float meets `budget` (median and max of the per-crop
 * errors), by bisection over k. `sensitivity` is {@link measureSensitivity}'s list (most sensitive first).
 */
export async function chooseKeepFloat(m: MixedPrecisionInputs, sensitivity: readonly NodeSensitivity[], budget: CropErrors): Promise<MixedPrecisionChoice> {
  const order = keepFloatOrder(sensitivity, budget, m.costs);
  const tried: MixedPrecisionChoice['tried'] = [];
  const cache = new Map<number, CropErrors>();
  const errorsAt = async (k: number): Promise<CropErrors> => {
    const hit = cache.get(k);
    if (hit) return hit;
    const e = k >= order.length ? { median: 0, max: 0 } : await int8Errors(m, new Set(order.slice(0, k)));
    cache.set(k, e);
    tried.push({ keptFloat: k, ...e });
    return e;
  };
  const fits = (e: CropErrors) => e.median <= budget.median && e.max <= budget.max;
  let lo = 0; // largest k known (or assumed, at 0 before measuring) not to fit
  let hi = order.length; // smallest k known to fit (all float always does)
  if (fits(await errorsAt(0))) hi = 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(await errorsAt(mid))) hi = mid;
    else lo = mid;
  }
  return { keepFloat: order.slice(0, hi), nodes: order.length, errors: await errorsAt(hi), tried };
}

/**
 * CPU milliseconds per run of each model (bytes, borrowed) on the crops, one intra-op thread, the models run in turn
 * crop by crop so that whatever else loads the machine weighs on each alike. One warm-up run each; sessions released.
 */
export async function cpuMsPerRun(models: readonly Uint8Array[], input: ModelInput, crops: readonly Float32Array[]): Promise<number[]> {
  const sessions = [];
  for (const m of models) sessions.push(await createOrtSession(m, { [input.name]: input.shape }, { ep: 'cpu', threads: 1 }));
  const shapes = { [input.name]: input.shape };
  const totals = models.map(() => 0);
  try {
    for (const crop of crops) {
      for (const [i, s] of sessions.entries()) {
        const c0 = process.cpuUsage();
        await s.run({ [input.name]: crop }, shapes);
        const c = process.cpuUsage(c0);
        totals[i]! += (c.user + c.system) / 1000;
      }
    }
  } finally {
    for (const s of sessions) await s.dispose();
  }
  return totals.map((t) => t / crops.length);
}
