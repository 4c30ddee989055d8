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
}
interface OnnxValueInfo {
  name: string;
}
interface OnnxGraph {
  node: OnnxNode[];
  initializer: Array<{ name: string }>;
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
