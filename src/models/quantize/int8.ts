/**
 * Static int8 quantization of our converted ONNX graphs, QDQ format (what ONNX Runtime's own `quantize_static` writes
 * with `QuantFormat.QDQ`): weights int8, symmetric, one scale per output channel; activations uint8, asymmetric, one
 * scale per tensor from ranges observed on calibration inputs; biases int32 at the input scale × weight scale. ORT's
 * graph optimiser then fuses `DequantizeLinear → Conv → QuantizeLinear` into QLinearConv and the same around Add into
 * QLinearAdd, and drops a ReLU6 `Clip` whose quantized range already lies inside [0, 6] (ClipQuantFusion).
 *
 * Only Conv and Add run in int8 (they are ≥ 95 % of the landmark models' time, ORT profile); every other node sees the
 * dequantized float tensor, and graph outputs stay float32.
 */
import { DataType, ModelProto } from '../onnx/proto';

interface OnnxNode {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: Array<Record<string, unknown>>;
}
interface OnnxTensor {
  dims: number[];
  dataType: number;
  name: string;
  rawData: Uint8Array;
}
interface OnnxValueInfo {
  name: string;
  type?: { tensorType: { elemType: number; shape?: { dim: Array<{ dimValue?: number }> } } };
}
interface OnnxGraph {
  name?: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}
interface OnnxModel {
  graph: OnnxGraph;
  [k: string]: unknown;
}

/** Observed value range of one activation tensor over the calibration inputs. */
export interface ActivationRange {
  min: number;
  max: number;
}

function decode(bytes: Uint8Array): OnnxModel {
  const message = ModelProto.decode(bytes);
  const model = ModelProto.toObject(message, { longs: Number, arrays: true }) as OnnxModel;
  for (const n of model.graph.node) {
    n.input ??= [];
    n.output ??= [];
  }
  model.graph.initializer ??= [];
  return model;
}

function encode(model: OnnxModel): Uint8Array {
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
 * The activation tensors to quantize: every float input of a Conv (its data input) or Add, and their outputs — taken
 * after a ReLU / ReLU6 that is the output's only consumer, so the range is the clipped one.
 */
export function quantizableTensors(bytes: Uint8Array): string[] {
  return [...activationTensors(decode(bytes).graph)];
}

function activationTensors(g: OnnxGraph): Set<string> {
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
    if (!QUANTIZED_OPS.has(n.opType) || (n.domain ?? '') !== '') continue;
    if (n.opType === 'Conv' && !consts.has(n.input[1] ?? '')) continue;
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
export function observedModel(bytes: Uint8Array): { onnx: Uint8Array; tensors: string[] } {
  const model = decode(bytes);
  const tensors = [...activationTensors(model.graph)];
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
 * Symmetric int8 weights, one scale per output channel (axis 0). Values are clamped to ±127 (not −128) so that the
 * range is symmetric, as ORT's quantizer does for weights.
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
    const s = amax > 0 ? amax / 127 : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / s)));
  }
  return { q, scales };
}

const f32 = (t: OnnxTensor): Float32Array => {
  if (t.dataType !== DataType.FLOAT) throw new Error(`initializer ${t.name} is not float32`);
  const copy = new Uint8Array(t.rawData);
  return new Float32Array(copy.buffer, 0, copy.length / 4);
};
const raw = (a: Float32Array | Int8Array | Uint8Array | Int32Array): Uint8Array =>
  new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/**
 * Writes the QDQ int8 model. Every tensor of {@link quantizableTensors} needs a range in `ranges` (an unobserved tensor
 * is an error: a silently float tensor would break ORT's fusion and hide it). Borrows its inputs; returns new bytes.
 */
export function quantizeInt8(bytes: Uint8Array, ranges: ReadonlyMap<string, ActivationRange>, label = 'model'): Uint8Array {
  const model = decode(bytes);
  const g = model.graph;
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const tensors = activationTensors(g);
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
    if (n.opType === 'Conv' && inits.has(n.input[1] ?? '') && params.has(n.input[0]!)) {
      const w = inits.get(n.input[1]!)!;
      const outChannels = w.dims[0]!;
      const { q, scales } = quantizeWeightsPerChannel(f32(w), outChannels);
      const wq = addInit(`${w.name}__int8`, w.dims, DataType.INT8, q);
      const ws = addInit(`${w.name}__scale`, [outChannels], DataType.FLOAT, scales);
      const wz = addInit(`${w.name}__zp`, [outChannels], DataType.INT8, new Int8Array(outChannels));
      nodes.push({ opType: 'DequantizeLinear', name: `${w.name}__DQ`, input: [wq, ws, wz], output: [`${w.name}__dq`], attribute: [{ name: 'axis', type: 2, i: 0 }] });
      node.input[1] = `${w.name}__dq`;
      const b = n.input[2] ? inits.get(n.input[2]) : undefined;
      if (b) {
        const xScale = params.get(n.input[0]!)!.scale;
        const bias = f32(b);
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
