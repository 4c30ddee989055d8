import { constantValues, type ConstData } from '../tflite/constants';
import type { TfliteModel, TfliteOperator } from '../tflite/model';
import { Activation, F, Padding } from '../tflite/schema';
import { samePadding } from './convert';

/**
 * A deliberately naive NHWC interpreter of the operators the converter supports, written straight from
 * TFLite's reference kernels' semantics. It is the "direct TypeScript computation" the converter's tests
 * compare ONNX Runtime against; it is slow and never used at run time.
 */

export interface RefTensor {
  shape: number[];
  data: Float32Array;
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function act(x: number, code: number): number {
  switch (code) {
    case Activation.RELU:
      return Math.max(0, x);
    case Activation.RELU6:
      return Math.min(6, Math.max(0, x));
    case Activation.RELU_N1_TO_1:
      return Math.min(1, Math.max(-1, x));
    case Activation.TANH:
      return Math.tanh(x);
    default:
      return x;
  }
}

function pads(padding: number, inSize: number, k: number, s: number, d = 1): number {
  return padding === Padding.VALID ? 0 : samePadding(inSize, k, s, d)[0];
}

/** Broadcast index of `flat` (in `outShape`) into a tensor of `shape` (numpy rules). */
function bcastIndex(flat: number, outShape: readonly number[], shape: readonly number[]): number {
  let idx = 0;
  let stride = 1;
  let rem = flat;
  for (let d = outShape.length - 1, e = shape.length - 1; d >= 0; d--, e--) {
    const c = rem % outShape[d]!;
    rem = Math.floor(rem / outShape[d]!);
    if (e >= 0) {
      if (shape[e]! !== 1) idx += c * stride;
      stride *= shape[e]!;
    }
  }
  return idx;
}

/**
 * Evaluates one operator. Borrows `inputs`; returns new tensors. `outShapes` are the TFLite output shapes.
 */
export function evalOp(op: TfliteOperator, inputs: Array<RefTensor | undefined>, outShape: readonly number[]): RefTensor {
  const o = op.options;
  const x = inputs[0]!;
  const out = (data: Float32Array): RefTensor => ({ shape: [...outShape], data });
  switch (op.op) {
    case 'DEQUANTIZE':
    case 'DENSIFY':
      return { shape: [...outShape], data: x.data };
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const dw = op.op === 'DEPTHWISE_CONV_2D';
      const O = dw ? F.DepthwiseConv2DOptions : F.Conv2DOptions;
      const w = inputs[1]!;
      const bias = inputs[2];
      const [, H, W, C] = x.shape as [number, number, number, number];
      const [, OH, OW, OC] = outShape as [number, number, number, number];
      const [, KH, KW] = w.shape as [number, number, number, number];
      const sh = o?.int32(O.strideH, 1) ?? 1;
      const sw = o?.int32(O.strideW, 1) ?? 1;
      const dh = o?.int32(O.dilationH, 1) ?? 1;
      const dwl = o?.int32(O.dilationW, 1) ?? 1;
      const pad = o?.int8(O.padding) ?? 0;
      const pt = pads(pad, H, KH, sh, dh);
      const pl = pads(pad, W, KW, sw, dwl);
      const a = o?.int8(O.activation) ?? 0;
      const mult = dw ? OC / C : 1;
      const y = new Float32Array(size(outShape));
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0; ox < OW; ox++)
          for (let oc = 0; oc < OC; oc++) {
            let s = bias ? bias.data[oc]! : 0;
            for (let ky = 0; ky < KH; ky++) {
              const iy = oy * sh - pt + ky * dh;
              if (iy < 0 || iy >= H) continue;
              for (let kx = 0; kx < KW; kx++) {
                const ix = ox * sw - pl + kx * dwl;
                if (ix < 0 || ix >= W) continue;
                const base = (iy * W + ix) * C;
                if (dw) s += x.data[base + Math.floor(oc / mult)]! * w.data[(ky * KW + kx) * OC + oc]!;
                else {
                  const wb = ((oc * KH + ky) * KW + kx) * C;
                  for (let ic = 0; ic < C; ic++) s += x.data[base + ic]! * w.data[wb + ic]!;
                }
              }
            }
            y[(oy * OW + ox) * OC + oc] = act(s, a);
          }
      return out(y);
    }
    case 'Convolution2DTransposeBias': {
      const raw = op.customOptions!;
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const sw = dv.getInt32(4, true);
      const sh = dv.getInt32(8, true);
      const w = inputs[1]!;
      const bias = inputs[2]!;
      const [, H, W, C] = x.shape as [number, number, number, number];
      const [, OH, OW, OC] = outShape as [number, number, number, number];
      const [, KH, KW] = w.shape as [number, number, number, number];
      const pt = Math.floor(Math.max((H - 1) * sh + KH - OH, 0) / 2);
      const pl = Math.floor(Math.max((W - 1) * sw + KW - OW, 0) / 2);
      const y = new Float32Array(size(outShape));
      for (let i = 0; i < OH * OW; i++) for (let oc = 0; oc < OC; oc++) y[i * OC + oc] = bias.data[oc]!;
      for (let iy = 0; iy < H; iy++)
        for (let ix = 0; ix < W; ix++)
          for (let ky = 0; ky < KH; ky++) {
            const oy = iy * sh - pt + ky;
            if (oy < 0 || oy >= OH) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ox = ix * sw - pl + kx;
              if (ox < 0 || ox >= OW) continue;
              for (let oc = 0; oc < OC; oc++) {
                let s = 0;
                const wb = ((oc * KH + ky) * KW + kx) * C;
                for (let ic = 0; ic < C; ic++) s += x.data[(iy * W + ix) * C + ic]! * w.data[wb + ic]!;
                y[(oy * OW + ox) * OC + oc]! += s;
              }
            }
          }
      return out(y);
    }
    case 'ADD':
    case 'MUL':
    case 'SUB':
    case 'DIV': {
      const b = inputs[1]!;
      const a = o?.int8(0) ?? 0;
      const f = { ADD: (p: number, q: number) => p + q, MUL: (p: number, q: number) => p * q, SUB: (p: number, q: number) => p - q, DIV: (p: number, q: number) => p / q }[op.op]!;
      const y = new Float32Array(size(outShape));
      for (let i = 0; i < y.length; i++) y[i] = act(f(x.data[bcastIndex(i, outShape, x.shape)]!, b.data[bcastIndex(i, outShape, b.shape)]!), a);
      return out(y);
    }
    case 'PAD': {
      const p = inputs[1]!.data;
      const y = new Float32Array(size(outShape));
      const r = x.shape.length;
      for (let i = 0; i < x.data.length; i++) {
        let rem = i;
        let flat = 0;
        let stride = 1;
        for (let d = r - 1; d >= 0; d--) {
          const c = rem % x.shape[d]!;
          rem = Math.floor(rem / x.shape[d]!);
          flat += (c + p[2 * d]!) * stride;
          stride *= outShape[d]!;
        }
        y[flat] = x.data[i]!;
      }
      return out(y);
    }
    case 'MAX_POOL_2D':
    case 'AVERAGE_POOL_2D': {
      const O = F.Pool2DOptions;
      const [, H, W, C] = x.shape as [number, number, number, number];
      const [, OH, OW] = outShape as [number, number, number, number];
      const KH = o?.int32(O.filterH) ?? 1;
      const KW = o?.int32(O.filterW) ?? 1;
      const sh = o?.int32(O.strideH, 1) ?? 1;
      const sw = o?.int32(O.strideW, 1) ?? 1;
      const pad = o?.int8(O.padding) ?? 0;
      const pt = pads(pad, H, KH, sh);
      const pl = pads(pad, W, KW, sw);
      const max = op.op === 'MAX_POOL_2D';
      const y = new Float32Array(size(outShape));
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0; ox < OW; ox++)
          for (let c = 0; c < C; c++) {
            let s = max ? -Infinity : 0;
            let n = 0;
            for (let ky = 0; ky < KH; ky++)
              for (let kx = 0; kx < KW; kx++) {
                const iy = oy * sh - pt + ky;
                const ix = ox * sw - pl + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                const v = x.data[(iy * W + ix) * C + c]!;
                s = max ? Math.max(s, v) : s + v;
                n++;
              }
            y[(oy * OW + ox) * C + c] = act(max ? s : s / n, o?.int8(O.activation) ?? 0);
          }
      return out(y);
    }
    case 'MEAN': {
      const axes = new Set(Array.from(inputs[1]!.data).map((a) => (a < 0 ? a + x.shape.length : a)));
      const keptShape = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
      const y = new Float32Array(size(keptShape));
      const count = x.data.length / y.length;
      for (let i = 0; i < x.data.length; i++) {
        let rem = i;
        let flat = 0;
        let stride = 1;
        for (let d = x.shape.length - 1; d >= 0; d--) {
          const c = rem % x.shape[d]!;
          rem = Math.floor(rem / x.shape[d]!);
          if (!axes.has(d)) flat += c * stride;
          stride *= keptShape[d]!;
        }
        y[flat]! += x.data[i]! / count;
      }
      return out(y);
    }
    case 'FULLY_CONNECTED': {
      const w = inputs[1]!;
      const bias = inputs[2];
      const [units, depth] = w.shape as [number, number];
      const rows = x.data.length / depth;
      const a = o?.int8(F.FullyConnectedOptions.activation) ?? 0;
      const y = new Float32Array(rows * units);
      for (let r = 0; r < rows; r++)
        for (let u = 0; u < units; u++) {
          let s = bias ? bias.data[u]! : 0;
          for (let k = 0; k < depth; k++) s += x.data[r * depth + k]! * w.data[u * depth + k]!;
          y[r * units + u] = act(s, a);
        }
      return out(y);
    }
    case 'RESHAPE':
      return out(x.data);
    case 'CONCATENATION': {
      const r = outShape.length;
      let axis = o?.int32(F.ConcatenationOptions.axis) ?? 0;
      if (axis < 0) axis += r;
      const outer = size(outShape.slice(0, axis));
      const y = new Float32Array(size(outShape));
      let k = 0;
      for (let i = 0; i < outer; i++)
        for (const t of inputs) {
          const inner = size(t!.shape.slice(axis));
          y.set(t!.data.subarray(i * inner, (i + 1) * inner), k);
          k += inner;
        }
      return out(y);
    }
    case 'RESIZE_BILINEAR': {
      const R = F.ResizeBilinearOptions;
      const align = o?.bool(R.alignCorners) ?? false;
      const half = o?.bool(R.halfPixelCenters) ?? false;
      const [, H, W, C] = x.shape as [number, number, number, number];
      const [, OH, OW] = outShape as [number, number, number, number];
      const scale = (inS: number, outS: number) => (align && outS > 1 ? (inS - 1) / (outS - 1) : inS / outS);
      const sy = scale(H, OH);
      const sx = scale(W, OW);
      const src = (o2: number, s: number) => (half ? Math.max((o2 + 0.5) * s - 0.5, 0) : o2 * s);
      const y = new Float32Array(size(outShape));
      for (let oy = 0; oy < OH; oy++) {
        const fy = src(oy, sy);
        const y0 = Math.min(Math.floor(fy), H - 1);
        const y1 = Math.min(y0 + 1, H - 1);
        const wy = fy - Math.floor(fy);
        for (let ox = 0; ox < OW; ox++) {
          const fx = src(ox, sx);
          const x0 = Math.min(Math.floor(fx), W - 1);
          const x1 = Math.min(x0 + 1, W - 1);
          const wx = fx - Math.floor(fx);
          for (let c = 0; c < C; c++) {
            const v = (yy: number, xx: number) => x.data[(yy * W + xx) * C + c]!;
            const top = v(y0, x0) + (v(y0, x1) - v(y0, x0)) * wx;
            const bot = v(y1, x0) + (v(y1, x1) - v(y1, x0)) * wx;
            y[(oy * OW + ox) * C + c] = top + (bot - top) * wy;
          }
        }
      }
      return out(y);
    }
    case 'DEPTH_TO_SPACE': {
      const bs = o?.int32(F.DepthToSpaceOptions.blockSize) ?? 1;
      const [, H, W, C] = x.shape as [number, number, number, number];
      const OC = C / (bs * bs);
      const OW = W * bs;
      const y = new Float32Array(size(outShape));
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++)
          for (let c = 0; c < C; c++) {
            const oc = c % OC;
            const bx = Math.floor(c / OC) % bs;
            const by = Math.floor(c / OC / bs);
            y[((h * bs + by) * OW + w * bs + bx) * OC + oc] = x.data[(h * W + w) * C + c]!;
          }
      return out(y);
    }
    case 'LOGISTIC':
      return out(x.data.map((v) => 1 / (1 + Math.exp(-v))));
    case 'RELU':
      return out(x.data.map((v) => Math.max(0, v)));
    case 'RELU6':
      return out(x.data.map((v) => Math.min(6, Math.max(0, v))));
    case 'TANH':
      return out(x.data.map((v) => Math.tanh(v)));
    case 'HARD_SWISH':
      return out(x.data.map((v) => (v * Math.min(6, Math.max(0, v + 3))) / 6));
    default:
      throw new Error(`reference: no kernel for ${op.op}`);
  }
}

function toF32(c: ConstData): Float32Array {
  return c instanceof Float32Array ? c : Float32Array.from(c);
}

/**
 * Runs the whole model on `input` (NHWC float32, borrowed). Returns every tensor by TFLite index (new arrays).
 * @param stopAfter stop after this many operators (for slicing tests).
 */
export function runReference(model: TfliteModel, input: Float32Array, stopAfter = Infinity): Map<number, RefTensor> {
  const env = new Map<number, RefTensor>();
  const get = (i: number): RefTensor | undefined => {
    const hit = env.get(i);
    if (hit) return hit;
    const t = model.tensors[i]!;
    if (!t.data) return undefined;
    const v = { shape: [...t.shape], data: toF32(constantValues(t, 'reference')) };
    env.set(i, v);
    return v;
  };
  const inIdx = model.inputs[0]!;
  env.set(inIdx, { shape: [...model.tensors[inIdx]!.shape], data: input });
  let n = 0;
  for (const op of model.operators) {
    if (n++ >= stopAfter) break;
    const outIdx = op.outputs[0]!;
    env.set(outIdx, evalOp(op, op.inputs.map((i) => (i < 0 ? undefined : get(i))), model.tensors[outIdx]!.shape));
  }
  return env;
}
