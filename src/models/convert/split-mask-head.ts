/**
 * Splits a converted landmark graph in two at its segmentation head: a trunk (every output but the mask, plus the
 * feature maps the head reads) and the head (those feature maps in, the mask out). Same nodes, same weights: the two
 * run one after the other give the whole graph's outputs (issue 18.3).
 *
 * Why: in one graph the head is ≈ 45 % of the landmark run (ORT profile, `scripts/profile-model.mjs`) and ONNX Runtime
 * optimises it with the rest. As its own session it can be optimised on its own terms (its 8-channel 128 / 256-px
 * convolutions pay for NCHWc's 16-channel blocks and the reorders around every residual Add, see
 * `pose-models-ort.ts` and models/README.md), and it is what running the head on another core than the trunk would
 * start from.
 */
import { ModelProto } from '../onnx/proto';

interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute?: Array<{ name: string; ints?: number[] }>;
}
interface OnnxValueInfo {
  name: string;
}
interface OnnxTensor {
  name: string;
  dims?: number[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
}
interface OnnxGraph {
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
  name?: string;
}
interface OnnxModel {
  graph: OnnxGraph;
  docString?: string;
}

export interface MaskHeadSplit {
  /** The graph without the head; its outputs are the whole graph's others, then `features`. */
  trunk: Uint8Array;
  /** The head alone: `features` in, the segmentation output (its name unchanged) out. */
  head: Uint8Array;
  /** Tensors the trunk hands to the head, in the head's input order. */
  features: string[];
}

/** A float tensor of unstated shape (ORT takes the shape from the producing node, or from the fed tensor). */
const floatValue = (name: string) => ({ name, type: { tensorType: { elemType: 1 } } });

/**
 * @param onnx a whole landmark graph (borrowed).
 * @param segmentationOutput the graph output that is the mask.
 */
export function splitMaskHead(onnx: Uint8Array, segmentationOutput: string): MaskHeadSplit {
  const model = ModelProto.toObject(ModelProto.decode(onnx), { arrays: true, longs: Number, bytes: Uint8Array }) as OnnxModel;
  const g = model.graph;
  if (!g.output.some((o) => o.name === segmentationOutput)) throw new Error(`no graph output ${segmentationOutput} to split off`);
  const producer = new Map<string, OnnxNode>();
  for (const n of g.node) for (const o of n.output) producer.set(o, n);
  const ancestors = (names: readonly string[]): Set<OnnxNode> => {
    const seen = new Set<OnnxNode>();
    const stack = [...names];
    while (stack.length > 0) {
      const node = producer.get(stack.pop()!);
      if (!node || seen.has(node)) continue;
      seen.add(node);
      stack.push(...node.input.filter((x) => x));
    }
    return seen;
  };
  const others = g.output.filter((o) => o.name !== segmentationOutput).map((o) => o.name);
  const trunkNeeds = ancestors(others);
  const headNodes = [...ancestors([segmentationOutput])].filter((n) => !trunkNeeds.has(n));
  if (headNodes.length === 0) throw new Error(`${segmentationOutput} has no nodes of its own to split off`);
  const inHead = new Set(headNodes);
  const headOutputs = new Set(headNodes.flatMap((n) => n.output));
  // Graph order (topological) for both halves; the features in the order the head first reads them.
  const headInOrder = g.node.filter((n) => inHead.has(n));
  const trunkInOrder = g.node.filter((n) => !inHead.has(n));
  const features: string[] = [];
  for (const n of headInOrder) for (const x of n.input) if (x && producer.has(x) && !headOutputs.has(x) && !features.includes(x)) features.push(x);
  if (features.length === 0) throw new Error(`${segmentationOutput}'s head reads nothing from the trunk`);

  const usedBy = (nodes: readonly OnnxNode[]) => new Set(nodes.flatMap((n) => n.input));
  const trunkUses = usedBy(trunkInOrder);
  const headUses = usedBy(headInOrder);
  const encode = (graph: OnnxGraph): Uint8Array => ModelProto.encode(ModelProto.fromObject({ ...model, graph })).finish();
  const trunk = encode({
    ...g,
    node: trunkInOrder,
    initializer: g.initializer.filter((t) => trunkUses.has(t.name)),
    output: [...g.output.filter((o) => o.name !== segmentationOutput), ...features.map(floatValue)],
    valueInfo: [],
  });
  const head = encode({
    ...g,
    name: `${g.name ?? 'graph'}_maskhead`,
    node: headInOrder,
    initializer: g.initializer.filter((t) => headUses.has(t.name)),
    input: features.map(floatValue),
    output: g.output.filter((o) => o.name === segmentationOutput),
    valueInfo: [],
  });
  return { trunk, head, features };
}

/** Side of the mask a head lowered by {@link lowerMaskHeadTail} gives, in pixels (the model's 128-px feature map). */
export const LOWERED_MASK_SIZE_PX = 128;

/**
 * The mask head with its 256-px tail run at 128 px (issue 18.3): the last Resize (128 → 256, bilinear, half-pixel) is
 * dropped, so the residual blocks and the 3 × 3 output convolution after it run on the 128-px map, and the head gives
 * 1 × 128 × 128 × 1 logits, which the mask builder upsamples bilinearly when it unprojects them into the frame.
 * Why: the tail is ≈ 60 % of the head's multiply-accumulates (convolutions of 8 channels at 256²) but adds no
 * information the 128-px map lacks — its input is that map upsampled — only a finer edge.
 *
 * The 3 × 3 kernels are not reused as they are (at 128 px they would reach twice as far): each becomes the kernel
 * that gives, on the 128-px grid, the mean of the 256-px kernel's outputs over the 2 × 2 block of 256-px pixels a
 * 128-px pixel covers, with the 256-px input read by the dropped Resize's own interpolation from the 128-px one
 * ({@link HALF_SCALE_TAPS}). Exact for the first layer's linear part; past the Clips it is the block mean of a
 * nonlinear map, an approximation (measured against the exact head in `src/inference/mask-head-lowered.test.ts`).
 * @param head a mask head from {@link splitMaskHead} (borrowed).
 */
export function lowerMaskHeadTail(head: Uint8Array): Uint8Array {
  const model = ModelProto.toObject(ModelProto.decode(head), { arrays: true, longs: Number, bytes: Uint8Array }) as OnnxModel;
  const g = model.graph;
  const last = g.node.filter((n) => n.opType === 'Resize').at(-1);
  if (!last || g.output.length !== 1) throw new Error('not a mask head: no Resize before its output, or several outputs');
  const mode = last.attribute?.find((a) => a.name === 'mode') as { s?: Uint8Array } | undefined;
  const coords = last.attribute?.find((a) => a.name === 'coordinate_transformation_mode') as { s?: Uint8Array } | undefined;
  const text = (a?: { s?: Uint8Array }) => (a?.s ? new TextDecoder().decode(a.s) : '');
  if (text(mode) !== 'linear' || text(coords) !== 'half_pixel') throw new Error(`mask head's last Resize is not bilinear half-pixel (${text(mode)}, ${text(coords)})`);
  const [from] = last.input;
  const to = last.output[0]!;
  const sizes = last.input[3];
  // After the last Resize only elementwise nodes and unit-stride 1 × 1 / 3 × 3 convolutions, so that the same graph
  // runs at half the size (a strided or pooling node would change what the tail computes).
  const after = g.node.slice(g.node.indexOf(last) + 1);
  const kernelOf = (n: OnnxNode) => n.attribute?.find((a) => a.name === 'kernel_shape')?.ints ?? [];
  for (const n of after) {
    const strided = n.attribute?.some((a) => a.name === 'strides' && a.ints?.some((x) => x !== 1));
    const kernel = kernelOf(n);
    const oddKernel = n.opType === 'Conv' && !(kernel.length === 2 && kernel.every((k) => k === 1 || k === 3) && kernel[0] === kernel[1]);
    if (!['Conv', 'Clip', 'Add', 'Relu', 'Transpose', 'Identity'].includes(n.opType) || strided || oddKernel) {
      throw new Error(`mask head tail has a ${n.opType} node (${n.name}) that cannot run at 128 px`);
    }
  }
  const initializers = new Map(g.initializer.map((t) => [t.name, t]));
  const usedBefore = new Set(g.node.slice(0, g.node.indexOf(last)).flatMap((n) => n.input));
  const extra: OnnxTensor[] = [];
  const node = g.node
    .filter((n) => n !== last)
    .map((n) => {
      const input = n.input.map((x) => (x === to ? from! : x));
      if (after.includes(n) && n.opType === 'Conv' && kernelOf(n)[0] === 3) {
        const w = initializers.get(input[1]!);
        if (!w) throw new Error(`mask head tail conv ${n.name} has no constant weights`);
        const halved: OnnxTensor = { ...w, name: `${w.name}_half_scale`, rawData: new Uint8Array(halfScaleKernels(floatsOf(w)).buffer), floatData: [] };
        // A weight also read before the Resize keeps its own values there.
        if (!usedBefore.has(w.name)) initializers.delete(w.name);
        extra.push(halved);
        input[1] = halved.name;
      }
      return { ...n, input };
    });
  const lowered: OnnxGraph = {
    ...g,
    name: `${g.name ?? 'graph'}_${LOWERED_MASK_SIZE_PX}`,
    node,
    initializer: [...[...initializers.values()].filter((t) => t.name !== sizes), ...extra],
    // Shape left to ORT (the source graph states 256 × 256).
    output: g.output.map((o) => floatValue(o.name)),
  };
  return ModelProto.encode(ModelProto.fromObject({ ...model, graph: lowered })).finish();
}

/**
 * 1-D taps of a 256-px 3-tap kernel (k₀, k₁, k₂) on the 128-px grid: row t gives the weight of the 128-px pixel i + t − 1
 * in the mean of the kernel's outputs at the 256-px pixels 2i and 2i + 1 (the two a 128-px pixel covers), the 256-px
 * input being read by bilinear half-pixel interpolation of the 128-px one (256-px pixel 2i sits at 128-px coordinate
 * i − ¼, 2i + 1 at i + ¼, 2i − 1 at i − ¾, 2i + 2 at i + ¾). Each column sums to 1: a flat input gives what it gave.
 */
export const HALF_SCALE_TAPS: readonly (readonly number[])[] = [
  [0.5, 0.125, 0],
  [0.5, 0.75, 0.5],
  [0, 0.125, 0.5],
];

/** Every 3 × 3 kernel of a conv weight tensor (…, 3, 3) turned into its 128-px equivalent: T K Tᵀ. Returns a new array. */
export function halfScaleKernels(weights: Float32Array): Float32Array {
  if (weights.length % 9 !== 0) throw new Error('not 3 × 3 kernels');
  const out = new Float32Array(weights.length);
  const t = HALF_SCALE_TAPS;
  for (let base = 0; base < weights.length; base += 9) {
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let acc = 0;
        for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) acc += t[a]![p]! * t[b]![q]! * weights[base + p * 3 + q]!;
        out[base + a * 3 + b] = acc;
      }
    }
  }
  return out;
}

/** A float initializer's values (raw little-endian bytes or the float list). */
function floatsOf(t: OnnxTensor): Float32Array {
  if (t.dataType !== undefined && t.dataType !== 1) throw new Error(`initializer ${t.name} is not float32`);
  // A copy: the decoded bytes may be a view into a larger, unaligned buffer.
  if (t.rawData && t.rawData.length > 0) return new Float32Array(Uint8Array.from(t.rawData).buffer);
  return Float32Array.from(t.floatData ?? []);
}
