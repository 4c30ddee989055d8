import { Table } from './table';
import { BuiltinOperator, DimensionType, F, SparseIndexVector, builtinName } from './schema';

/** One dimension of a tensor's sparse encoding, in traversal order. */
export interface SparseDim {
  format: 'dense' | 'csr';
  /** Size of a dense dimension. */
  denseSize: number;
  /** CSR row pointers (length = parent positions + 1). */
  segments: number[];
  /** CSR column indices. */
  indices: number[];
}

/** TFLite `SparsityParameters`, decoded. */
export interface Sparsity {
  traversalOrder: number[];
  blockMap: number[];
  dims: SparseDim[];
}

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  /** `TensorType` code. */
  type: number;
  /** Constant bytes; borrowed from the file (a view, never copied). Undefined for activations. */
  data?: Uint8Array;
  sparsity?: Sparsity;
}

export interface TfliteOperator {
  /** Builtin name (`CONV_2D`) or the custom code (`Convolution2DTransposeBias`). */
  op: string;
  builtinCode: number;
  inputs: number[];
  outputs: number[];
  /** The builtin options table, when present. Borrows the file's bytes. */
  options?: Table;
  /** Raw custom options; borrowed view. */
  customOptions?: Uint8Array;
}

/** The first subgraph of a TFLite model, decoded. Borrows `bytes`: keep them alive while using it. */
export interface TfliteModel {
  version: number;
  description: string;
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
  /** Names of the model's metadata entries (e.g. `min_runtime_version`, `TFLITE_METADATA`). */
  metadataNames: string[];
}

const TFLITE_IDENTIFIER = 'TFL3';

export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length > 8 && String.fromCharCode(...bytes.subarray(4, 8)) === TFLITE_IDENTIFIER;
}

function sparseIndexValues(t: Table, typeField: number, valueField: number): number[] {
  const kind = t.uint8(typeField);
  const vec = t.table(valueField);
  if (!vec || kind === SparseIndexVector.NONE) return [];
  if (kind === SparseIndexVector.Int32Vector) return vec.int32s(0);
  if (kind === SparseIndexVector.Uint16Vector) return vec.uint16s(0);
  if (kind === SparseIndexVector.Uint8Vector) return Array.from(vec.bytes(0) ?? []);
  throw new Error(`unknown SparseIndexVector type ${kind}`);
}

function readSparsity(t: Table): Sparsity {
  const S = F.SparsityParameters;
  const D = F.DimensionMetadata;
  return {
    traversalOrder: t.int32s(S.traversalOrder),
    blockMap: t.int32s(S.blockMap),
    dims: t.tables(S.dimMetadata).map((d) => ({
      format: d.int8(D.format) === DimensionType.SPARSE_CSR ? 'csr' : 'dense',
      denseSize: d.int32(D.denseSize),
      segments: sparseIndexValues(d, D.segmentsType, D.segments),
      indices: sparseIndexValues(d, D.indicesType, D.indices),
    })),
  };
}

/**
 * Decodes a TFLite flatbuffer's first subgraph.
 * @param bytes the whole `.tflite` file; borrowed (constant tensors are views into it).
 * @param label model name used in error messages.
 */
export function readTflite(bytes: Uint8Array, label = 'model'): TfliteModel {
  if (!isTflite(bytes)) throw new Error(`${label}: not a TFLite flatbuffer (no TFL3 identifier)`);
  const root = Table.root(bytes);
  const M = F.Model;
  const buffers = root.tables(M.buffers).map((b, i) => {
    if (b.has(F.Buffer.offset) && !b.has(F.Buffer.data)) {
      throw new Error(`${label}: buffer ${i} is stored outside the flatbuffer (offset/size), not supported`);
    }
    return b.bytes(F.Buffer.data);
  });
  const codes = root.tables(M.operatorCodes).map((c) => {
    const O = F.OperatorCode;
    // Files written before the int32 field existed keep the code only in the deprecated byte.
    const code = Math.max(c.int8(O.deprecatedBuiltinCode), c.int32(O.builtinCode));
    const custom = c.string(O.customCode);
    return { code, name: code === BuiltinOperator.CUSTOM ? (custom ?? 'CUSTOM') : builtinName(code) };
  });
  const subgraphs = root.tables(M.subgraphs);
  const g = subgraphs[0];
  if (!g) throw new Error(`${label}: no subgraph`);
  const T = F.Tensor;
  const tensors: TfliteTensor[] = g.tables(F.SubGraph.tensors).map((t, index) => {
    const data = buffers[t.uint32(T.buffer)];
    const sp = t.table(T.sparsity);
    const tensor: TfliteTensor = {
      index,
      name: t.string(T.name) ?? `tensor_${index}`,
      shape: t.int32s(T.shape),
      type: t.int8(T.type),
    };
    if (data && data.length > 0) tensor.data = data;
    if (sp) tensor.sparsity = readSparsity(sp);
    return tensor;
  });
  const O = F.Operator;
  const operators: TfliteOperator[] = g.tables(F.SubGraph.operators).map((o) => {
    const code = codes[o.uint32(O.opcodeIndex)];
    if (!code) throw new Error(`${label}: operator refers to a missing opcode`);
    const op: TfliteOperator = {
      op: code.name,
      builtinCode: code.code,
      inputs: o.int32s(O.inputs),
      outputs: o.int32s(O.outputs),
    };
    const options = o.table(O.builtinOptions);
    if (options) op.options = options;
    const custom = o.bytes(O.customOptions);
    if (custom) op.customOptions = custom;
    return op;
  });
  return {
    version: root.uint32(M.version),
    description: root.string(M.description) ?? '',
    tensors,
    operators,
    inputs: g.int32s(F.SubGraph.inputs),
    outputs: g.int32s(F.SubGraph.outputs),
    metadataNames: root.tables(M.metadata).map((m) => m.string(F.Metadata.name) ?? ''),
  };
}
