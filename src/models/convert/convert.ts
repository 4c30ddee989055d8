import { GraphBuilder } from '../onnx/graph';
import { constantValues, type ConstData } from '../tflite/constants';
import type { TfliteModel, TfliteOperator, TfliteTensor } from '../tflite/model';
import { Activation, F, Padding, TensorType } from '../tflite/schema';

/** ONNX opset the converter targets (ReduceMean still takes `axes` as an attribute at 17). */
export const ONNX_OPSET = 17;

/** Thrown when a model uses an operator (or operator variant) the converter does not implement. */
export class UnsupportedOperatorError extends Error {
  override name = 'UnsupportedOperatorError';
  constructor(
    readonly model: string,
    readonly operator: string,
    detail = '',
  ) {
    super(`${model}: operator ${operator} is not supported by the TFLite→ONNX converter${detail ? ` (${detail})` : ''}`);
  }
}

export interface ConvertOptions {
  /** Model name for errors and the ONNX graph name. */
  label: string;
  /** Extra TFLite tensors (by index) to expose as graph outputs in TFLite (NHWC) layout; for tests. */
  extraOutputs?: readonly number[];
  /**
   * TFLite output positions (indices into the model's output list) to leave out, with every node only they need:
   * e.g. the landmark model's segmentation head, which costs as much as lite's whole backbone. @default none
   */
  omitOutputs?: readonly number[];
  /**
   * Memory order of the graph's rank-4 inputs. `nchw` declares them [N, C, H, W], so the convolutions read the input
   * as given, without the Transpose an NHWC input needs (0.35–0.74 ms a run on the pose landmark models, measured in
   * docs/frame-pipe.md); the caller then writes planar pixels. @default 'nhwc'
   */
  inputLayout?: 'nhwc' | 'nchw';
  docString?: string;
  metadata?: Record<string, string>;
}

export interface ConvertedModel {
  onnx: Uint8Array;
  /** As declared in the graph: NCHW shapes for rank-4 inputs with `inputLayout: 'nchw'`. */
  inputs: Array<{ name: string; shape: number[] }>;
  outputs: Array<{ name: string; shape: number[] }>;
}

/** NHWC → NCHW and back. */
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** 'nchw': a rank-4 TFLite NHWC tensor held transposed; 'tf': the same layout as in TFLite. */
type Layout = 'nchw' | 'tf';

/** The ONNX names holding one TFLite tensor, per layout (a tensor may be held in both). */
type Value = Partial<Record<Layout, string>>;

/** SAME padding as TFLite computes it: the odd pixel goes after. Returns [before, after]. */
export function samePadding(inSize: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const outSize = Math.ceil(inSize / stride);
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max((outSize - 1) * stride + effective - inSize, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Converts the first subgraph of a TFLite model to ONNX. Activations run NCHW; the graph's outputs keep TFLite's
 * shapes and layout (NHWC), and so do its inputs unless `inputLayout` is `nchw`, with transposes only at those
 * boundaries (and around reshapes).
 * Constants are folded here: fp16 weights are widened (DEQUANTIZE), sparse weights expanded (DENSIFY).
 * Borrows `model` (and the bytes it views); the returned bytes are new.
 */
export function convertTflite(model: TfliteModel, opts: ConvertOptions): ConvertedModel {
  const { label } = opts;
  const g = new GraphBuilder();
  const values = new Map<number, Value>();
  const consts = new Map<number, ConstData>();
  const tensor = (i: number): TfliteTensor => {
    const t = model.tensors[i];
    if (!t) throw new Error(`${label}: tensor index ${i} out of range`);
    return t;
  };
  const constOf = (i: number): ConstData | undefined => {
    const hit = consts.get(i);
    if (hit) return hit;
    const t = tensor(i);
    if (!t.data) return undefined;
    const v = constantValues(t, label);
    consts.set(i, v);
    return v;
  };
  const requireConst = (i: number, op: string): ConstData => {
    const c = constOf(i);
    if (!c) throw new UnsupportedOperatorError(label, op, `input ${tensor(i).name} must be constant`);
    return c;
  };
  const rank4 = (i: number) => tensor(i).shape.length === 4;
  const safeName = (t: TfliteTensor) => t.name.replace(/[^A-Za-z0-9_./:-]/g, '_');

  /** The value of tensor `i` in the requested layout, transposing (once, cached) if needed. */
  const valueIn = (i: number, layout: Layout): string => {
    const want: Layout = rank4(i) ? layout : 'tf';
    let held = values.get(i);
    if (!held) {
      // A constant used as a dynamic input (e.g. an ADD operand): materialize it in the wanted layout.
      const c = constOf(i);
      if (!c) throw new Error(`${label}: tensor ${tensor(i).name} used before it is produced`);
      const t = tensor(i);
      const [n = 1, h = 1, w = 1, ch = 1] = t.shape;
      held = want === 'nchw' ? { nchw: g.floatConst(safeName(t), [n, ch, h, w], nhwcToNchw(toF32(c), t.shape)) } : { tf: g.floatConst(safeName(t), t.shape, toF32(c)) };
      values.set(i, held);
    }
    const have = held[want];
    if (have) return have;
    const other = want === 'nchw' ? held.tf : held.nchw;
    if (!other) throw new Error(`${label}: tensor ${tensor(i).name} has no value`);
    const name = g.node('Transpose', [other], { perm: want === 'nchw' ? TO_NCHW : TO_NHWC });
    held[want] = name;
    return name;
  };

  /** Operand for a broadcasting binary op whose other operand is NCHW: reshape constants to NCHW rank 4. */
  const broadcastOperand = (i: number, otherNchw: boolean): string => {
    const t = tensor(i);
    const c = values.has(i) ? undefined : constOf(i);
    if (!otherNchw || rank4(i)) return valueIn(i, otherNchw ? 'nchw' : 'tf');
    if (!c) throw new UnsupportedOperatorError(label, 'broadcast', `rank-${t.shape.length} activation ${t.name} against a rank-4 one`);
    const shape = [...t.shape];
    while (shape.length < 4) shape.unshift(1);
    const f32 = c instanceof Float32Array ? c : Float32Array.from(c);
    const [, h, w, ch] = shape as [number, number, number, number];
    return g.floatConst(safeName(t), [1, ch, h, w], nhwcToNchw(f32, shape));
  };

  const activation = (x: string, code: number, op: string): string => {
    switch (code) {
      case Activation.NONE:
        return x;
      case Activation.RELU:
        return g.node('Relu', [x]);
      case Activation.RELU6:
        return g.node('Clip', [x, scalar(g, 0), scalar(g, 6)]);
      case Activation.RELU_N1_TO_1:
        return g.node('Clip', [x, scalar(g, -1), scalar(g, 1)]);
      case Activation.TANH:
        return g.node('Tanh', [x]);
      default:
        throw new UnsupportedOperatorError(label, op, `fused activation ${code}`);
    }
  };

  const define = (i: number, name: string, layout: Layout) => values.set(i, { [rank4(i) ? layout : 'tf']: name });

  const inputs: ConvertedModel['inputs'] = [];
  for (const i of model.inputs) {
    const t = tensor(i);
    if (t.type !== TensorType.FLOAT32) throw new Error(`${label}: input ${t.name} is not float32`);
    const planar = opts.inputLayout === 'nchw' && rank4(i);
    const [n = 1, h = 1, w = 1, ch = 1] = t.shape;
    const shape = planar ? [n, ch, h, w] : [...t.shape];
    g.input(t.name, shape);
    values.set(i, planar ? { nchw: t.name } : { tf: t.name });
    inputs.push({ name: t.name, shape });
  }

  for (const op of model.operators) convertOp(op);

  function convertOp(op: TfliteOperator): void {
    const [in0 = -1, in1 = -1, in2 = -1] = op.inputs;
    const out = op.outputs[0] ?? -1;
    const o = op.options;
    switch (op.op) {
      case 'DEQUANTIZE':
      case 'DENSIFY': {
        const c = constOf(in0);
        if (!c) throw new UnsupportedOperatorError(label, op.op, 'only constant inputs are folded');
        consts.set(out, c);
        return;
      }
      case 'CONV_2D':
      case 'DEPTHWISE_CONV_2D': {
        const depthwise = op.op === 'DEPTHWISE_CONV_2D';
        const O = depthwise ? F.DepthwiseConv2DOptions : F.Conv2DOptions;
        const w = requireConst(in1, op.op);
        const ws = tensor(in1).shape as [number, number, number, number];
        const xs = tensor(in0).shape as [number, number, number, number];
        const strideH = o?.int32(O.strideH, 1) ?? 1;
        const strideW = o?.int32(O.strideW, 1) ?? 1;
        const dilH = o?.int32(O.dilationH, 1) ?? 1;
        const dilW = o?.int32(O.dilationW, 1) ?? 1;
        const [, kh, kw] = ws;
        let weight: Float32Array;
        let wShape: number[];
        let group = 1;
        if (depthwise) {
          // TFLite [1, KH, KW, Cin*mult] → ONNX [Cin*mult, 1, KH, KW], one group per input channel.
          const cout = ws[3];
          weight = reorder1hwc(toF32(w), kh, kw, cout);
          wShape = [cout, 1, kh, kw];
          group = xs[3];
        } else {
          weight = ohwiToOihw(toF32(w), ws);
          wShape = [ws[0], ws[3], kh, kw];
        }
        const pads = padsFor(o?.int8(O.padding, Padding.SAME) ?? Padding.SAME, xs, [kh, kw], [strideH, strideW], [dilH, dilW]);
        const inputs = [valueIn(in0, 'nchw'), g.floatConst(`${safeName(tensor(in1))}`, wShape, weight)];
        if (in2 >= 0) inputs.push(g.floatConst(safeName(tensor(in2)), [wShape[0]!], toF32(requireConst(in2, op.op))));
        const y = g.node('Conv', inputs, {
          kernel_shape: [kh, kw],
          strides: [strideH, strideW],
          dilations: [dilH, dilW],
          pads,
          group,
        });
        define(out, activation(y, o?.int8(O.activation) ?? 0, op.op), 'nchw');
        return;
      }
      case 'Convolution2DTransposeBias': {
        // MediaPipe custom op: options are a raw TfLiteTransposeConvParams {int32 padding (1 SAME, 2 VALID),
        // int32 stride_w, int32 stride_h}; inputs are x, weights [Cout, KH, KW, Cin], bias [Cout].
        const raw = op.customOptions;
        if (!raw || raw.length < 12) throw new UnsupportedOperatorError(label, op.op, 'missing custom options');
        const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        const strideW = dv.getInt32(4, true);
        const strideH = dv.getInt32(8, true);
        const ws = tensor(in1).shape as [number, number, number, number];
        const xs = tensor(in0).shape as [number, number, number, number];
        const ys = tensor(out).shape as [number, number, number, number];
        const [cout, kh, kw, cin] = ws;
        const totalH = Math.max((xs[1] - 1) * strideH + kh - ys[1], 0);
        const totalW = Math.max((xs[2] - 1) * strideW + kw - ys[2], 0);
        const pads = [Math.floor(totalH / 2), Math.floor(totalW / 2), totalH - Math.floor(totalH / 2), totalW - Math.floor(totalW / 2)];
        const weight = ohwiToIohw(toF32(requireConst(in1, op.op)), ws);
        const y = g.node('ConvTranspose', [
          valueIn(in0, 'nchw'),
          g.floatConst(safeName(tensor(in1)), [cin, cout, kh, kw], weight),
          g.floatConst(safeName(tensor(in2)), [cout], toF32(requireConst(in2, op.op))),
        ], { kernel_shape: [kh, kw], strides: [strideH, strideW], pads });
        define(out, y, 'nchw');
        return;
      }
      case 'ADD':
      case 'MUL':
      case 'SUB':
      case 'DIV': {
        const onnxOp = { ADD: 'Add', MUL: 'Mul', SUB: 'Sub', DIV: 'Div' }[op.op]!;
        const nchw = rank4(out);
        const y = g.node(onnxOp, [broadcastOperand(in0, nchw), broadcastOperand(in1, nchw)]);
        define(out, activation(y, o?.int8(0) ?? 0, op.op), 'nchw');
        return;
      }
      case 'PAD': {
        const p = requireConst(in1, op.op);
        const r = tensor(in0).shape.length;
        const before: number[] = [];
        const after: number[] = [];
        const perm = r === 4 ? TO_NCHW : [...Array(r).keys()];
        for (const d of perm) {
          before.push(p[2 * d]!);
          after.push(p[2 * d + 1]!);
        }
        define(out, g.node('Pad', [valueIn(in0, 'nchw'), g.int64Const('pads', [...before, ...after])]), 'nchw');
        return;
      }
      case 'MAX_POOL_2D':
      case 'AVERAGE_POOL_2D': {
        const O = F.Pool2DOptions;
        const kh = o?.int32(O.filterH) ?? 1;
        const kw = o?.int32(O.filterW) ?? 1;
        const sh = o?.int32(O.strideH, 1) ?? 1;
        const sw = o?.int32(O.strideW, 1) ?? 1;
        const xs = tensor(in0).shape as [number, number, number, number];
        const pads = padsFor(o?.int8(O.padding) ?? Padding.SAME, xs, [kh, kw], [sh, sw], [1, 1]);
        // TFLite averages over the valid (unpadded) pixels only: count_include_pad = 0, ONNX's default.
        const y = g.node(op.op === 'MAX_POOL_2D' ? 'MaxPool' : 'AveragePool', [valueIn(in0, 'nchw')], {
          kernel_shape: [kh, kw],
          strides: [sh, sw],
          pads,
        });
        define(out, activation(y, o?.int8(O.activation) ?? 0, op.op), 'nchw');
        return;
      }
      case 'MEAN': {
        const axes = Array.from(requireConst(in1, op.op)).map((a) => (a < 0 ? a + tensor(in0).shape.length : a));
        const keep = o?.bool(F.ReducerOptions.keepDims) ?? false;
        if (rank4(in0) && keep) {
          const y = g.node('ReduceMean', [valueIn(in0, 'nchw')], { axes: axes.map((a) => TO_NHWC[a]!), keepdims: 1 });
          define(out, y, 'nchw');
        } else {
          define(out, g.node('ReduceMean', [valueIn(in0, 'tf')], { axes, keepdims: keep ? 1 : 0 }), 'tf');
        }
        return;
      }
      case 'FULLY_CONNECTED': {
        // y = x · Wᵀ + b with TFLite's weights [out, in] (weights_format DEFAULT); x is flattened to [-1, in] in
        // TFLite's own (NHWC) order, as the TFLite kernel reads it. The hand landmark heads are the users.
        const O = F.FullyConnectedOptions;
        if ((o?.int8(O.weightsFormat) ?? 0) !== 0) throw new UnsupportedOperatorError(label, op.op, 'shuffled weights');
        const ws = tensor(in1).shape as [number, number];
        const [units, depth] = ws;
        let x = valueIn(in0, 'tf');
        const xs = tensor(in0).shape;
        if (xs.length !== 2 || xs[1] !== depth) x = g.node('Reshape', [x, g.int64Const('shape', [-1, depth])]);
        const inputs = [x, g.floatConst(safeName(tensor(in1)), [units, depth], toF32(requireConst(in1, op.op)))];
        if (in2 >= 0) inputs.push(g.floatConst(safeName(tensor(in2)), [units], toF32(requireConst(in2, op.op))));
        let y = g.node('Gemm', inputs, { transB: 1 });
        const ys = tensor(out).shape;
        if (ys.length !== 2) y = g.node('Reshape', [y, g.int64Const('shape', ys)]);
        define(out, activation(y, o?.int8(O.activation) ?? 0, op.op), 'tf');
        return;
      }
      case 'RESHAPE': {
        const shape = tensor(out).shape;
        define(out, g.node('Reshape', [valueIn(in0, 'tf'), g.int64Const('shape', shape)]), 'tf');
        return;
      }
      case 'CONCATENATION': {
        const r = tensor(out).shape.length;
        let axis = o?.int32(F.ConcatenationOptions.axis) ?? 0;
        if (axis < 0) axis += r;
        const nchw = r === 4;
        const inputs = op.inputs.map((i) => valueIn(i, nchw ? 'nchw' : 'tf'));
        const y = g.node('Concat', inputs, { axis: nchw ? TO_NHWC[axis]! : axis });
        define(out, activation(y, o?.int8(F.ConcatenationOptions.activation) ?? 0, op.op), 'nchw');
        return;
      }
      case 'RESIZE_BILINEAR': {
        const R = F.ResizeBilinearOptions;
        const alignCorners = o?.bool(R.alignCorners) ?? false;
        const halfPixel = o?.bool(R.halfPixelCenters) ?? false;
        const ys = tensor(out).shape as [number, number, number, number];
        const y = g.node('Resize', [valueIn(in0, 'nchw'), '', '', g.int64Const('sizes', [ys[0], ys[3], ys[1], ys[2]])], {
          mode: 'linear',
          coordinate_transformation_mode: alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric',
        });
        define(out, y, 'nchw');
        return;
      }
      case 'DEPTH_TO_SPACE': {
        const block = o?.int32(F.DepthToSpaceOptions.blockSize) ?? 0;
        // TF's depth_to_space orders channels (row-in-block, col-in-block, channel): ONNX's DCR mode.
        define(out, g.node('DepthToSpace', [valueIn(in0, 'nchw')], { blocksize: block, mode: 'DCR' }), 'nchw');
        return;
      }
      case 'LOGISTIC':
      case 'RELU':
      case 'RELU6':
      case 'TANH':
      case 'HARD_SWISH': {
        const x = valueIn(in0, 'nchw');
        const y =
          op.op === 'LOGISTIC'
            ? g.node('Sigmoid', [x])
            : op.op === 'RELU'
              ? g.node('Relu', [x])
              : op.op === 'RELU6'
                ? g.node('Clip', [x, scalar(g, 0), scalar(g, 6)])
                : op.op === 'TANH'
                  ? g.node('Tanh', [x])
                  : g.node('HardSwish', [x]);
        define(out, y, 'nchw');
        return;
      }
      default:
        throw new UnsupportedOperatorError(label, op.op);
    }
  }

  const outputs: ConvertedModel['outputs'] = [];
  const publish = (i: number, name: string) => {
    const t = tensor(i);
    let v = valueIn(i, 'tf');
    if (model.inputs.includes(i) || outputs.some((x) => x.name === name)) v = g.node('Identity', [v]);
    // Graph outputs need a node output named after them; Identity is folded away by ORT.
    const id = g.node('Identity', [v], {}, `${name}__tmp`);
    g.rename(id, name);
    g.output(name, t.shape);
    outputs.push({ name, shape: [...t.shape] });
  };
  for (const i of model.outputs) publish(i, tensor(i).name);
  for (const i of opts.extraOutputs ?? []) publish(i, `extra_${i}`);
  const omit = new Set((opts.omitOutputs ?? []).map((k) => {
    const i = model.outputs[k];
    if (i === undefined) throw new Error(`${label}: no output #${k} to omit`);
    return tensor(i).name;
  }));
  if (omit.size > 0) {
    g.keepOnlyOutputs(new Set(outputs.filter((o) => !omit.has(o.name)).map((o) => o.name)));
    outputs.splice(0, outputs.length, ...outputs.filter((o) => !omit.has(o.name)));
  }

  const onnx = g.encode({
    name: label,
    opset: ONNX_OPSET,
    docString: opts.docString ?? `${label}, converted from TFLite by atelier`,
    metadata: opts.metadata ?? {},
  });
  return { onnx, inputs, outputs };
}

function toF32(c: ConstData): Float32Array {
  return c instanceof Float32Array ? c : Float32Array.from(c);
}

const scalarCache = new WeakMap<GraphBuilder, Map<number, string>>();
/** A float scalar initializer, shared per graph. */
function scalar(g: GraphBuilder, x: number): string {
  let m = scalarCache.get(g);
  if (!m) scalarCache.set(g, (m = new Map()));
  let name = m.get(x);
  if (!name) {
    name = g.floatConst(`const_${x}`.replace('-', 'm'), [], Float32Array.of(x));
    m.set(x, name);
  }
  return name;
}

/** ONNX `pads` [top, left, bottom, right] for a TFLite SAME / VALID window over an NHWC input. */
function padsFor(padding: number, xs: readonly number[], k: [number, number], s: [number, number], d: [number, number]): number[] {
  if (padding === Padding.VALID) return [0, 0, 0, 0];
  const [t, b] = samePadding(xs[1]!, k[0], s[0], d[0]);
  const [l, r] = samePadding(xs[2]!, k[1], s[1], d[1]);
  return [t, l, b, r];
}

/** NHWC → NCHW copy of a rank-4 array. */
export function nhwcToNchw(x: Float32Array, shape: readonly number[]): Float32Array {
  const [n, h, w, c] = shape as [number, number, number, number];
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++)
        for (let ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + xx] = x[((b * h + y) * w + xx) * c + ch]!;
  return out;
}

/** Conv weights OHWI (TFLite) → OIHW (ONNX). Copies. */
function ohwiToOihw(w: Float32Array, s: readonly number[]): Float32Array {
  return nhwcToNchw(w, s);
}

/** Depthwise weights [1, KH, KW, C] → [C, 1, KH, KW]. Copies. */
function reorder1hwc(w: Float32Array, kh: number, kw: number, c: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let ch = 0; ch < c; ch++) out[(ch * kh + y) * kw + x] = w[(y * kw + x) * c + ch]!;
  return out;
}

/** Transposed-conv weights OHWI → IOHW (ONNX ConvTranspose's [Cin, Cout, KH, KW]). Copies. */
function ohwiToIohw(w: Float32Array, s: readonly number[]): Float32Array {
  const [o, h, wd, i] = s as [number, number, number, number];
  const out = new Float32Array(w.length);
  for (let oc = 0; oc < o; oc++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < wd; x++) for (let ic = 0; ic < i; ic++) out[((ic * o + oc) * h + y) * wd + x] = w[((oc * h + y) * wd + x) * i + ic]!;
  return out;
}
