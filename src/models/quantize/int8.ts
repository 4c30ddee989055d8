/**
 * Static int8 quantization of our converted ONNX graphs, QDQ format (what ONNX Runtime's own `quantize_static` writes
 * with `QuantFormat.QDQ`): weights int8, symmetric, one scale per output channel; activations uint8, asymmetric, one
 * scale per tensor from ranges observed on calibration inputs; biases int32 at the input scale × weight scale. ORT's
 * graph optimiser then fuses `DequantizeLinear → Conv → QuantizeLinear` into QLinearConv and the same around Add into
 * QLinearAdd, and drops a ReLU6 `Clip` whose quantized range already lies inside [0, 6] (ClipQuantFusion).
 *
 * Only Conv and Add are quantized from calibrated ranges (they are ≥ 95 % of the landmark models' time, ORT profile);
 * MaxPool and Resize between two quantized tensors carry their input's scale through (ORT's QDQ "drop" rule then runs
 * them on uint8); every other node sees the dequantized float tensor, and graph outputs stay float32.
 *
 * Mixed precision: {@link QuantizeOptions.keepFloat} names Conv / Add nodes that stay float (the sensitive ones,
 * src/inference/quantization/mixed-precision.ts finds them). A zero Pad feeding a Conv is folded into the Conv's own
 * padding first (ORT does so for float graphs, but a Q/DQ pair between them would block it and leave a float Pad and a
 * QuantizeLinear over the whole padded tensor: 14 % of the int8 full model's time, ORT profile).
 */
import { AttributeType, DataType, ModelProto } from '../onnx/proto';

interface OnnxAttribute {
  name: string;
  type?: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  [k: string]: unknown;
}
export interface OnnxNode {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}
export interface OnnxTensor {
  dims: number[];
  dataType: number;
  name: string;
  rawData?: Uint8Array;
  int64Data?: number[];
  floatData?: number[];
}
interface OnnxValueInfo {
  name: string;
  type?: { tensorType: { elemType: number; shape?: { dim: Array<{ dimValue?: number }> } } };
}
export interface OnnxGraph {
  name?: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}
export interface OnnxModel {
  graph: OnnxGraph;
  [k: string]: unknown;
}

/** An int8 Conv of the graph-to-be: what bias correction and weight rounding need to know of it. */
export interface QuantizedConv {
  node: string;
  /** Data input and output tensors (the output before any activation). */
  input: string;
  output: string;
  /** Output channels. */
  channels: number;
  /** Float weights [O, I/group, kh, kw], row major (a copy). */
  weights: Float32Array;
  weightDims: number[];
  group: number;
  strides: number[];
  /** [top, left, bottom, right]. */
  pads: number[];
  dilations: number[];
}

/** Observed value range of one activation tensor over the calibration inputs. */
export interface ActivationRange {
  min: number;
  max: number;
}

export interface QuantizeOptions {
  /**
   * Conv / Add nodes (by {@link nodeKey}) that stay float: their weights stay float32 and their inputs and outputs
   * are quantized only where another, quantized node reads or writes them. @default none
   */
  keepFloat?: ReadonlySet<string>;
  /**
   * Bias correction: per Conv node (by {@link nodeKey}), one value per output channel subtracted from its float bias
   * before the bias is quantized (a Conv without a bias gets one) — the mean error its int8 weights and inputs add to
   * that channel (src/inference/quantization/bias-correction.ts measures it). Nodes kept float ignore it. @default none
   */
  biasShift?: ReadonlyMap<string, Float32Array>;
  /**
   * Int8 weights chosen elsewhere (by node key; src/models/quantize/gptq.ts rounds them against the layer's input
   * statistics), used instead of nearest rounding. Same layout and per-channel scales as
   * {@link quantizeWeightsPerChannel}. @default nearest rounding everywhere
   */
  weightInts?: ReadonlyMap<string, { q: Int8Array; scales: Float32Array }>;
}

/** A node's identity for {@link QuantizeOptions.keepFloat}: its name, or its first output's when it has none. */
export const nodeKey = (n: { name?: string; output: string[] }): string => n.name || n.output[0]!;

/** The model as plain objects, zero Pads already folded into their Convs ({@link foldZeroPadsIntoConvs}). */
export function decode(bytes: Uint8Array): OnnxModel {
  const message = ModelProto.decode(bytes);
  const model = ModelProto.toObject(message, { longs: Number, arrays: true }) as OnnxModel;
  for (const n of model.graph.node) {
    n.input ??= [];
    n.output ??= [];
  }
  model.graph.initializer ??= [];
  foldZeroPadsIntoConvs(model.graph);
  return model;
}

const int64Values = (t: OnnxTensor): number[] => {
  if (t.int64Data && t.int64Data.length > 0) return t.int64Data.map(Number);
  const raw = t.rawData ?? new Uint8Array(0);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 8 }, (_, i) => Number(dv.getBigInt64(8 * i, true)));
};
export const floatValues = (t: OnnxTensor): number[] => {
  if (t.floatData && t.floatData.length > 0) return t.floatData;
  const raw = t.rawData ?? new Uint8Array(0);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 4 }, (_, i) => dv.getFloat32(4 * i, true));
};
export const attr = (n: OnnxNode, name: string): OnnxAttribute | undefined => n.attribute?.find((a) => a.name === name);

/**
 * Folds every `Pad` (constant mode, value 0, on the two spatial axes of an NCHW tensor) whose only reader is a
 * Conv's data input into that Conv's `pads` — exact: the Conv pads with zeros too. In place; returns how many.
 */
export function foldZeroPadsIntoConvs(g: OnnxGraph): number {
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const readers = new Map<string, OnnxNode[]>();
  for (const n of g.node) for (const x of n.input) if (x) readers.set(x, [...(readers.get(x) ?? []), n]);
  const graphOutputs = new Set(g.output.map((o) => o.name));
  const dropped = new Set<OnnxNode>();
  for (const pad of g.node) {
    if (pad.opType !== 'Pad' || (pad.domain ?? '') !== '') continue;
    const mode = attr(pad, 'mode')?.s;
    if (mode && new TextDecoder().decode(mode) !== 'constant') continue;
    const padsInit = inits.get(pad.input[1] ?? '');
    if (!padsInit || pad.input[3]) continue; // pads computed at run time, or an explicit axes list
    const value = pad.input[2] ? inits.get(pad.input[2]) : undefined;
    if (pad.input[2] && (!value || floatValues(value).some((v) => v !== 0))) continue;
    const pads = int64Values(padsInit);
    // [n, c, h, w] begins then ends: only h and w may be padded.
    if (pads.length !== 8 || pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0) continue;
    const y = pad.output[0]!;
    const next = readers.get(y) ?? [];
    const conv = next[0];
    if (next.length !== 1 || !conv || conv.opType !== 'Conv' || conv.input[0] !== y || graphOutputs.has(y)) continue;
    const autoPad = attr(conv, 'auto_pad')?.s;
    if (autoPad && new TextDecoder().decode(autoPad) !== 'NOTSET') continue;
    const own = attr(conv, 'pads')?.ints ?? [0, 0, 0, 0];
    const merged = [own[0]! + pads[2]!, own[1]! + pads[3]!, own[2]! + pads[6]!, own[3]! + pads[7]!];
    conv.attribute = [...(conv.attribute ?? []).filter((a) => a.name !== 'pads'), { name: 'pads', type: AttributeType.INTS, ints: merged }];
    conv.input[0] = pad.input[0]!;
    dropped.add(pad);
  }
  if (dropped.size === 0) return 0;
  g.node = g.node.filter((n) => !dropped.has(n));
  const used = new Set(g.node.flatMap((n) => n.input));
  g.initializer = g.initializer.filter((t) => used.has(t.name));
  return dropped.size;
}

export function encode(model: OnnxModel): Uint8Array {
  const err = ModelProto.verify(model);
  if (err) throw new Error(`invalid ONNX model: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Ops that only move values: a tensor that reaches a graph output through these alone is that output. */
const LAYOUT_OPS = new Set(['Reshape', 'Transpose', 'Identity', 'Flatten', 'Squeeze', 'Unsqueeze']);

/** Ops whose float inputs and outputs are quantized. */
const QUANTIZED_OPS = new Set(['Conv', 'Add']);
/** Activations ORT folds into the preceding quantized op's output range. */
const FOLDABLE_ACTIVATIONS = new Set(['Relu', 'Clip']);
/**
 * Ops whose output lies within their input's range, so a quantized input's scale serves the output too (and ORT's QDQ
 * "drop" rule runs them directly on uint8 when Q/DQ around them share scale and zero point).
 */
const RANGE_PRESERVING_OPS = new Set(['MaxPool', 'Resize']);

/**
 * The activation tensors to quantize: every float input of a Conv (its data input) or Add, and their outputs — taken
 * after a ReLU / ReLU6 that is the output's only consumer, so the range is the clipped one.
 */
export function quantizableTensors(bytes: Uint8Array, options: QuantizeOptions = {}): string[] {
  return [...activationTensors(decode(bytes).graph, options.keepFloat)];
}

/** The Conv (with constant weights) and Add nodes that can run in int8, by {@link nodeKey}, in graph order. */
export function quantizableNodes(bytes: Uint8Array): string[] {
  const g = decode(bytes).graph;
  const consts = new Set(g.initializer.map((t) => t.name));
  return g.node.filter((n) => quantizable(n, consts)).map(nodeKey);
}

/**
 * Multiply-accumulates per run of each quantizable node (a Conv: weights × output positions; an Add: its output's
 * elements), from the element counts of its output — `elementsOf` answers for the tensors {@link observedModel}
 * exposes (a Conv followed by a ReLU is looked up by the ReLU's output). The cost side of mixed precision: keeping a
 * cheap node float loses little speed.
 */
export function nodeCosts(bytes: Uint8Array, elementsOf: (tensor: string) => number | undefined): Map<string, number> {
  const g = decode(bytes).graph;
  const consts = new Map(g.initializer.map((t) => [t.name, t]));
  const readers = new Map<string, OnnxNode[]>();
  for (const n of g.node) for (const x of n.input) if (x) readers.set(x, [...(readers.get(x) ?? []), n]);
  const out = new Map<string, number>();
  for (const n of g.node) {
    if (!quantizable(n, new Set(consts.keys()))) continue;
    const y = n.output[0]!;
    const next = readers.get(y) ?? [];
    const w = n.opType === 'Conv' ? consts.get(n.input[1]!)! : undefined;
    // A head's output is not observed (it stays float): then its size follows from its input's (stride 1 heads).
    const fromInput = () => {
      const x = elementsOf(n.input[0]!);
      if (x === undefined || !w) return x;
      const group = Number(attr(n, 'group')?.i ?? 1);
      return (x / (w.dims[1]! * group)) * w.dims[0]!;
    };
    const elements = elementsOf(y) ?? (next.length === 1 ? elementsOf(next[0]!.output[0]!) : undefined) ?? fromInput();
    if (elements === undefined || !Number.isFinite(elements)) throw new Error(`no size known for ${y}, the output of ${nodeKey(n)}`);
    if (!w) {
      out.set(nodeKey(n), elements);
      continue;
    }
    const outChannels = w.dims[0]!;
    const weights = w.dims.reduce((a, b) => a * b, 1);
    out.set(nodeKey(n), (weights / outChannels) * elements);
  }
  return out;
}

const quantizable = (n: OnnxNode, consts: ReadonlySet<string>): boolean =>
  QUANTIZED_OPS.has(n.opType) && (n.domain ?? '') === '' && (n.opType !== 'Conv' || consts.has(n.input[1] ?? ''));

function activationTensors(g: OnnxGraph, keepFloat: ReadonlySet<string> = new Set()): Set<string> {
  const consts = new Set(g.initializer.map((t) => t.name));
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of g.node) for (const x of n.input) if (x) consumers.set(x, [...(consumers.get(x) ?? []), n]);
  const graphOutputs = new Set(g.output.map((o) => o.name));
  // The heads' last tensors stay float: 8 bits over a landmark head's range (≈ −50..300 crop pixels) would step by
  // more than a pixel, far above the float model's own error; their producers then run float convolutions.
  const outputLike = new Set(graphOutputs);
  for (let i = g.node.length - 1; i >= 0; i--) {
    const n = g.node[i]!;
    if (LAYOUT_OPS.has(n.opType) && n.output.some((o) => outputLike.has(o)) && n.input[0]) outputLike.add(n.input[0]);
  }
  const out = new Set<string>();
  for (const n of g.node) {
    if (!quantizable(n, consts) || keepFloat.has(nodeKey(n))) continue;
    const dataInputs = n.opType === 'Conv' ? [n.input[0]!] : n.input;
    for (const x of dataInputs) if (x && !consts.has(x)) out.add(x);
    let y = n.output[0]!;
    const next = consumers.get(y) ?? [];
    if (next.length === 1 && FOLDABLE_ACTIVATIONS.has(next[0]!.opType) && !graphOutputs.has(y)) y = next[0]!.output[0]!;
    if (!outputLike.has(y)) out.add(y);
  }
  return out;
}

/**
 * The same model with every tensor of {@link quantizableTensors} also a graph output (float32, shape left to the
 * runtime), to observe ranges on calibration inputs. Returns new bytes; borrows `bytes`.
 */
export function observedModel(bytes: Uint8Array, options: QuantizeOptions = {}): { onnx: Uint8Array; tensors: string[] } {
  const model = decode(bytes);
  const tensors = [...activationTensors(model.graph, options.keepFloat)];
  const existing = new Set(model.graph.output.map((o) => o.name));
  for (const name of tensors) if (!existing.has(name)) model.graph.output.push({ name, type: { tensorType: { elemType: DataType.FLOAT } } });
  return { onnx: encode(model), tensors };
}

/** uint8 scale and zero point covering [min, max] and 0 (zero must be exact: padding and ReLU outputs are zeros). */
export function activationQuantParams(range: ActivationRange): { scale: number; zeroPoint: number } {
  const lo = Math.min(0, range.min);
  const hi = Math.max(0, range.max);
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint };
}

/**
 * The largest int8 weight: 7 bits, not 8 ("reduce range"). On x86 CPUs without VNNI (AVX2 only: many kiosk PCs, and
 * this project's build machines) ONNX Runtime's u8 × s8 kernels multiply with VPMADDUBSW, which adds two products in
 * 16 bits with saturation: 255 × 127 × 2 = 64,770 overflows 32,767, and the layer's output goes wrong (measured on
 * int8.test.ts's three-conv graph on such a CPU: off by 6.35 where its output spans 21.0; 0.42 with 7-bit weights).
 * 255 × 63 × 2 = 32,130 fits. ORT's own quantizer offers the same (`reduce_range`) for such CPUs; it costs one bit of
 * weight resolution everywhere, and the accuracy gate at build decides as before.
 */
export const WEIGHT_QMAX = 63;

/**
 * Symmetric int8 weights, one scale per output channel (axis 0), within ±{@link WEIGHT_QMAX} (symmetric, as ORT's
 * quantizer does for weights).
 * @param w borrowed, float weights, output channel major.
 * @returns new arrays.
 */
export function quantizeWeightsPerChannel(w: Float32Array, outChannels: number): { q: Int8Array; scales: Float32Array } {
  const per = w.length / outChannels;
  if (!Number.isInteger(per)) throw new RangeError(`${w.length} weights do not split into ${outChannels} channels`);
  const q = new Int8Array(w.length);
  const scales = new Float32Array(outChannels);
  for (let c = 0; c < outChannels; c++) {
    let amax = 0;
    for (let i = c * per; i < (c + 1) * per; i++) amax = Math.max(amax, Math.abs(w[i]!));
    const s = amax > 0 ? amax / WEIGHT_QMAX : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.max(-WEIGHT_QMAX, Math.min(WEIGHT_QMAX, Math.round(w[i]! / s)));
  }
  return { q, scales };
}

export const f32 = (t: OnnxTensor): Float32Array => {
  if (t.dataType !== DataType.FLOAT) throw new Error(`initializer ${t.name} is not float32`);
  if (!t.rawData || t.rawData.length === 0) return Float32Array.from(floatValues(t));
  const copy = new Uint8Array(t.rawData);
  return new Float32Array(copy.buffer, 0, copy.length / 4);
};
export const raw = (a: Float32Array | Int8Array | Uint8Array | Int32Array): Uint8Array =>
  new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/**
 * Writes the QDQ int8 model. Every tensor of {@link quantizableTensors} needs a range in `ranges` (an unobserved tensor
 * is an error: a silently float tensor would break ORT's fusion and hide it). Borrows its inputs; returns new bytes.
 */
export function quantizeInt8(bytes: Uint8Array, ranges: ReadonlyMap<string, ActivationRange>, label = 'model', options: QuantizeOptions = {}): Uint8Array {
  const model = decode(bytes);
  const g = model.graph;
  const keepFloat = options.keepFloat ?? new Set<string>();
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const tensors = activationTensors(g, keepFloat);
  const params = new Map<string, { scale: number; zeroPoint: number; scaleName: string; zpName: string; dq: string }>();
  const added: OnnxTensor[] = [];
  const addInit = (name: string, dims: number[], dataType: number, data: Float32Array | Int8Array | Uint8Array | Int32Array): string => {
    added.push({ name, dims, dataType, rawData: raw(data) });
    return name;
  };
  for (const name of tensors) {
    const r = ranges.get(name);
    if (!r || !Number.isFinite(r.min) || !Number.isFinite(r.max)) throw new Error(`${label}: no calibration range for tensor ${name}`);
    const p = activationQuantParams(r);
    params.set(name, {
      ...p,
      scaleName: addInit(`${name}__scale`, [], DataType.FLOAT, Float32Array.of(p.scale)),
      zpName: addInit(`${name}__zp`, [], DataType.UINT8, Uint8Array.of(p.zeroPoint)),
      dq: `${name}__dq`,
    });
  }
  // A range-preserving op's output takes its input's parameters (replacing its own calibrated ones, if any: they
  // cover a sub-range), so that Q and DQ around the op match and ORT runs it on uint8.
  const outputs = new Set(g.output.map((o) => o.name));
  for (const n of g.node) {
    const x = params.get(n.input[0] ?? '');
    const y = n.output[0]!;
    if (RANGE_PRESERVING_OPS.has(n.opType) && x && !outputs.has(y)) params.set(y, { ...x, dq: `${y}__dq` });
  }

  const nodes: OnnxNode[] = [];
  const qdq = (name: string) => {
    const p = params.get(name)!;
    nodes.push({ opType: 'QuantizeLinear', name: `${name}__Q`, input: [name, p.scaleName, p.zpName], output: [`${name}__q`] });
    nodes.push({ opType: 'DequantizeLinear', name: `${name}__DQ`, input: [`${name}__q`, p.scaleName, p.zpName], output: [p.dq] });
  };
  for (const i of g.input) if (params.has(i.name)) qdq(i.name);
  const rewired = (x: string) => params.get(x)?.dq ?? x;
  for (const n of g.node) {
    const node: OnnxNode = { ...n, input: n.input.map(rewired) };
    if (n.opType === 'Conv' && inits.has(n.input[1] ?? '') && params.has(n.input[0]!) && !keepFloat.has(nodeKey(n))) {
      const w = inits.get(n.input[1]!)!;
      const outChannels = w.dims[0]!;
      const given = options.weightInts?.get(nodeKey(n));
      if (given && (given.q.length !== f32(w).length || given.scales.length !== outChannels)) throw new Error(`${label}: int8 weights of ${nodeKey(n)} do not fit its ${w.dims.join('×')} weights`);
      const { q, scales } = given ?? quantizeWeightsPerChannel(f32(w), outChannels);
      const wq = addInit(`${w.name}__int8`, w.dims, DataType.INT8, q);
      const ws = addInit(`${w.name}__scale`, [outChannels], DataType.FLOAT, scales);
      const wz = addInit(`${w.name}__zp`, [outChannels], DataType.INT8, new Int8Array(outChannels));
      nodes.push({ opType: 'DequantizeLinear', name: `${w.name}__DQ`, input: [wq, ws, wz], output: [`${w.name}__dq`], attribute: [{ name: 'axis', type: 2, i: 0 }] });
      node.input[1] = `${w.name}__dq`;
      const shift = options.biasShift?.get(nodeKey(n));
      if (shift && shift.length !== outChannels) throw new Error(`${label}: bias shift of ${nodeKey(n)} has ${shift.length} values for ${outChannels} channels`);
      const biasInit = n.input[2] ? inits.get(n.input[2]) : undefined;
      const b = biasInit ?? (shift ? { name: `${w.name}__bias`, dims: [outChannels], dataType: DataType.FLOAT, rawData: raw(new Float32Array(outChannels)) } : undefined);
      if (b) {
        const xScale = params.get(n.input[0]!)!.scale;
        const bias = f32(b);
        if (shift) for (let c = 0; c < bias.length; c++) bias[c]! -= shift[c]!;
        const bq = new Int32Array(bias.length);
        const bs = new Float32Array(bias.length);
        for (let c = 0; c < bias.length; c++) {
          bs[c] = xScale * scales[c]!;
          bq[c] = Math.round(bias[c]! / bs[c]!);
        }
        const bqn = addInit(`${b.name}__int32`, b.dims, DataType.INT32, bq);
        const bsn = addInit(`${b.name}__scale`, [bias.length], DataType.FLOAT, bs);
        const bzn = addInit(`${b.name}__zp`, [bias.length], DataType.INT32, new Int32Array(bias.length));
        nodes.push({ opType: 'DequantizeLinear', name: `${b.name}__DQ`, input: [bqn, bsn, bzn], output: [`${b.name}__dq`], attribute: [{ name: 'axis', type: 2, i: 0 }] });
        node.input[2] = `${b.name}__dq`;
      }
    }
    nodes.push(node);
    for (const y of n.output) if (params.has(y)) qdq(y);
  }
  g.node = nodes;
  // Float weights now read only through their int8 copies: drop them.
  const used = new Set(nodes.flatMap((n) => n.input));
  g.initializer = [...g.initializer, ...added].filter((t) => used.has(t.name));
  return encode(model);
}

/**
 * The int8 Convs of a quantized graph-to-be (constant weights, data input quantized, not kept float): node key, output
 * tensor (before any activation) and output channels, in graph order. Bias correction measures their outputs.
 */
export function quantizedConvs(bytes: Uint8Array, options: QuantizeOptions = {}): QuantizedConv[] {
  const g = decode(bytes).graph;
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const tensors = activationTensors(g, options.keepFloat);
  const ints = (n: OnnxNode, name: string, fallback: number[]) => (attr(n, name)?.ints ?? fallback).map(Number);
  return g.node
    .filter((n) => n.opType === 'Conv' && quantizable(n, new Set(inits.keys())) && tensors.has(n.input[0]!) && !options.keepFloat?.has(nodeKey(n)))
    .map((n) => {
      const w = inits.get(n.input[1]!)!;
      const autoPad = attr(n, 'auto_pad')?.s;
      if (autoPad && new TextDecoder().decode(autoPad) !== 'NOTSET') throw new Error(`${nodeKey(n)}: auto_pad is not supported`);
      return {
        node: nodeKey(n),
        input: n.input[0]!,
        output: n.output[0]!,
        channels: w.dims[0]!,
        weights: f32(w),
        weightDims: w.dims.map(Number),
        group: Number(attr(n, 'group')?.i ?? 1),
        strides: ints(n, 'strides', [1, 1]),
        pads: ints(n, 'pads', [0, 0, 0, 0]),
        dilations: ints(n, 'dilations', [1, 1]),
      };
    });
}

/** The same model with `tensors` also graph outputs (float32), to read intermediate values. Returns new bytes. */
export function withOutputs(bytes: Uint8Array, tensors: readonly string[]): Uint8Array {
  const model = decode(bytes);
  const existing = new Set(model.graph.output.map((o) => o.name));
  for (const name of tensors) if (!existing.has(name)) model.graph.output.push({ name, type: { tensorType: { elemType: DataType.FLOAT } } });
  return encode(model);
}

/**
 * Branch-level mixed precision: the Conv / Add nodes (by {@link nodeKey}, graph order) that stay float when whole
 * branches of a landmark model are kept float rather than single nodes —
 * - the stem: the first Conv on the image and a depthwise Conv reading its (activated) output. Its input is the
 *   image's own 8-bit grid, and full's depthwise has a high-gain edge channel (taps up to ≈ 500 that mostly cancel)
 *   that multiplies any rounding of its input; together they are ≈ 4 % of full's multiply-accumulates.
 * - the regression branch: every node whose output reaches a graph output but not `heatmapOutput` (the landmark,
 *   presence and world-landmark heads after the heatmap decoder splits off; ≈ 3 % of full's compute). The landmark
 *   regression reads these directly, so their rounding is the largest share of int8's median error.
 * Few float/int8 boundaries (two), so the rest keeps ORT's int8 kernels back to back (models/README.md, int8).
 * Throws when `heatmapOutput` is not a graph output.
 */
export function branchKeepFloat(bytes: Uint8Array, heatmapOutput: string): string[] {
  const g = decode(bytes).graph;
  const outputs = g.output.map((o) => o.name);
  if (!outputs.includes(heatmapOutput)) throw new Error(`${heatmapOutput} is not an output of the graph (${outputs.join(', ')})`);
  const consts = new Set(g.initializer.map((t) => t.name));
  const producer = new Map<string, OnnxNode>();
  for (const n of g.node) for (const y of n.output) producer.set(y, n);
  // Graph outputs each tensor reaches, walking back from every output (nodes are in topological order).
  const reaches = new Map<string, Set<string>>();
  const mark = (tensor: string, output: string) => {
    const stack = [tensor];
    while (stack.length) {
      const t = stack.pop()!;
      const set = reaches.get(t) ?? new Set<string>();
      if (set.has(output)) continue;
      set.add(output);
      reaches.set(t, set);
      const p = producer.get(t);
      if (p) stack.push(...p.input.filter((x) => x && !consts.has(x)));
    }
  };
  for (const o of outputs) mark(o, o);
  const keep = new Set<string>();
  for (const n of g.node) {
    if (!quantizable(n, consts)) continue;
    const r = reaches.get(n.output[0]!) ?? new Set<string>();
    if (r.size > 0 && !r.has(heatmapOutput)) keep.add(nodeKey(n));
  }
  // The stem: the first Conv whose data input comes from the graph input through layout ops only, and a depthwise Conv
  // reading its output (directly or through one activation).
  const graphInputs = new Set(g.input.map((i) => i.name));
  const fromImage = (t: string): boolean => {
    if (graphInputs.has(t)) return true;
    const p = producer.get(t);
    return !!p && LAYOUT_OPS.has(p.opType) && fromImage(p.input[0] ?? '');
  };
  const first = g.node.find((n) => quantizable(n, consts) && n.opType === 'Conv' && fromImage(n.input[0]!));
  if (first) {
    keep.add(nodeKey(first));
    let y = first.output[0]!;
    const readers = (t: string) => g.node.filter((n) => n.input.includes(t));
    const next = readers(y);
    if (next.length === 1 && FOLDABLE_ACTIVATIONS.has(next[0]!.opType)) y = next[0]!.output[0]!;
    const dw = readers(y).find((n) => quantizable(n, consts) && n.opType === 'Conv' && Number(attr(n, 'group')?.i ?? 1) > 1 && n.input[0] === y);
    if (dw) keep.add(nodeKey(dw));
  }
  return quantizableNodes(bytes).filter((k) => keep.has(k));
}
