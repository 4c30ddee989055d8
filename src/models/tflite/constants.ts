import type { Sparsity, TfliteTensor } from './model';
import { TensorType } from './schema';

/** Decodes one IEEE 754 half-precision value. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Element type of a decoded constant: floats widen to float32, integer index data to int32. */
export type ConstData = Float32Array | Int32Array;

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Decodes a tensor's stored values (not yet densified). Copies: the result owns its memory.
 * FLOAT16 values are widened to float32 (what TFLite's DEQUANTIZE does for fp16 weights).
 */
export function decodeValues(t: TfliteTensor, label: string): ConstData {
  const raw = t.data;
  if (!raw) throw new Error(`${label}: tensor ${t.name} has no constant data`);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (t.type) {
    case TensorType.FLOAT32: {
      const out = new Float32Array(raw.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    }
    case TensorType.FLOAT16: {
      const out = new Float32Array(raw.byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = halfToFloat(dv.getUint16(2 * i, true));
      return out;
    }
    case TensorType.INT32: {
      const out = new Int32Array(raw.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = dv.getInt32(4 * i, true);
      return out;
    }
    case TensorType.INT64: {
      const out = new Int32Array(raw.byteLength / 8);
      for (let i = 0; i < out.length; i++) out[i] = Number(dv.getBigInt64(8 * i, true));
      return out;
    }
    default:
      throw new Error(`${label}: tensor ${t.name} has unsupported constant type ${t.type}`);
  }
}

/**
 * Expands TFLite's sparse encoding (SparsityParameters: traversal order, optional block map, per-dimension
 * DENSE / SPARSE_CSR metadata) into a dense row-major array of `shape`. Borrows `values`; returns a new array.
 */
export function densify<T extends ConstData>(values: T, shape: readonly number[], sp: Sparsity): T {
  const rank = shape.length;
  const order = sp.traversalOrder;
  const out = new (values.constructor as { new (n: number): T })(product(shape));
  // Expanded dims: 0..rank-1 are the (block-)index dims of the original dims, rank+b the in-block dims.
  const blockSize = new Array<number>(rank).fill(1);
  sp.blockMap.forEach((orig, b) => {
    const level = order.indexOf(rank + b);
    blockSize[orig] = sp.dims[level]?.denseSize ?? 1;
  });
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  const coord = new Array<number>(order.length).fill(0);

  const visit = (level: number, pos: number): void => {
    if (level === order.length) {
      let flat = 0;
      for (let d = 0; d < rank; d++) {
        let c = coord[d]! * blockSize[d]!;
        const b = sp.blockMap.indexOf(d);
        if (b >= 0) c += coord[rank + b]!;
        flat += c * strides[d]!;
      }
      out[flat] = values[pos]!;
      return;
    }
    const meta = sp.dims[level];
    const dim = order[level]!;
    if (!meta) throw new Error('sparsity metadata shorter than traversal order');
    if (meta.format === 'dense') {
      for (let i = 0; i < meta.denseSize; i++) {
        coord[dim] = i;
        visit(level + 1, pos * meta.denseSize + i);
      }
    } else {
      const from = meta.segments[pos]!;
      const to = meta.segments[pos + 1]!;
      for (let k = from; k < to; k++) {
        coord[dim] = meta.indices[k]!;
        visit(level + 1, k);
      }
    }
  };
  visit(0, 0);
  return out;
}

/** A constant tensor's dense values (decoded, densified). Copies. */
export function constantValues(t: TfliteTensor, label: string): ConstData {
  const values = decodeValues(t, label);
  return t.sparsity ? densify(values, t.shape, t.sparsity) : values;
}
