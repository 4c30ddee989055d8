import { AttributeType, DataType, ModelProto } from './proto';

export type AttrValue = number | number[] | string | { floats: number[] } | { int: number } | { float: number };

interface Attribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
}

interface Node {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute: Attribute[];
}

interface Tensor {
  dims: number[];
  dataType: number;
  name: string;
  rawData: Uint8Array;
}

interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Array<{ dimValue: number }> } } };
}

function toAttribute(name: string, value: AttrValue): Attribute {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: AttributeType.INT, i: value } : { name, type: AttributeType.FLOAT, f: value };
  }
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: value.floats };
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  return { name, type: AttributeType.FLOAT, f: value.float };
}

function valueInfo(name: string, shape: readonly number[], elemType: number = DataType.FLOAT): ValueInfo {
  return { name, type: { tensorType: { elemType, shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

/** Little-endian bytes of a typed array (copies; platform-endianness independent). */
function leBytes(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const dv = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((x, i) => dv.setFloat32(4 * i, x, true));
  else if (data instanceof Int32Array) data.forEach((x, i) => dv.setInt32(4 * i, x, true));
  else data.forEach((x, i) => dv.setBigInt64(8 * i, x, true));
  return out;
}

/**
 * Accumulates an ONNX graph (nodes in insertion order, so output bytes are deterministic) and encodes it.
 * Names passed in are used verbatim; `fresh()` makes unique ones.
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  input(name: string, shape: readonly number[]): void {
    this.used.add(name);
    this.inputs.push(valueInfo(name, shape));
  }

  output(name: string, shape: readonly number[]): void {
    this.outputs.push(valueInfo(name, shape));
  }

  /** Adds a float32 initializer. Copies `data`. Returns its name. */
  floatConst(hint: string, dims: readonly number[], data: Float32Array): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims: [...dims], dataType: DataType.FLOAT, rawData: leBytes(data) });
    return name;
  }

  /** Adds an int64 initializer (shapes, axes, pads). Returns its name. */
  int64Const(hint: string, values: readonly number[]): string {
    const name = this.fresh(hint);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: leBytes(data) });
    return name;
  }

  /** Appends a node; returns its first output's name. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, outputHint?: string): string {
    const output = this.fresh(outputHint ?? opType.toLowerCase());
    this.nodes.push({
      input: [...inputs],
      output: [output],
      name: this.fresh(`${opType}_${this.nodes.length}`),
      opType,
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    return output;
  }

  /** Renames the output of the node that produced `from` (used to give graph outputs their public names). */
  rename(from: string, to: string): void {
    this.used.add(to);
    for (const n of this.nodes) {
      n.input = n.input.map((x) => (x === from ? to : x));
      n.output = n.output.map((x) => (x === from ? to : x));
    }
  }

  /**
   * Drops graph outputs not in `keep`, then every node and initializer no remaining output depends on (dead-code
   * elimination; ORT runs every node of a graph even when a run fetches only some outputs, so a head nobody reads
   * must leave the graph to stop costing time).
   */
  keepOnlyOutputs(keep: ReadonlySet<string>): void {
    const outputs = this.outputs.filter((o) => keep.has(o.name));
    this.outputs.splice(0, this.outputs.length, ...outputs);
    const live = new Set(outputs.map((o) => o.name));
    const liveNodes: Node[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (!n.output.some((o) => live.has(o))) continue;
      liveNodes.push(n);
      for (const x of n.input) if (x) live.add(x);
    }
    this.nodes.splice(0, this.nodes.length, ...liveNodes.reverse());
    const inits = this.initializers.filter((t) => live.has(t.name));
    this.initializers.splice(0, this.initializers.length, ...inits);
  }

  /** Serializes the ONNX model. Same calls in the same order give identical bytes. */
  encode(opts: { name: string; opset: number; docString: string; metadata: Record<string, string> }): Uint8Array {
    const model = {
      irVersion: 8,
      producerName: 'atelier-tflite2onnx',
      producerVersion: '1',
      docString: opts.docString,
      opsetImport: [{ domain: '', version: opts.opset }],
      metadataProps: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: opts.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    const err = ModelProto.verify(model);
    if (err) throw new Error(`invalid ONNX model: ${err}`);
    return ModelProto.encode(ModelProto.fromObject(model)).finish();
  }
}
