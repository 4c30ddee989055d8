/**
 * Constants of the public TFLite flatbuffer schema (tensorflow/lite/schema/schema.fbs). Field numbers are the
 * declaration order of each table's fields; a union occupies two (type byte, then value).
 */

/** `enum TensorType : byte`. */
export const TensorType = {
  FLOAT32: 0,
  FLOAT16: 1,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  STRING: 5,
  BOOL: 6,
  INT16: 7,
  COMPLEX64: 8,
  INT8: 9,
  FLOAT64: 10,
} as const;

/** `enum BuiltinOperator : int32`, the codes this converter knows by name. */
export const BuiltinOperator: Readonly<Record<string, number>> = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEPTH_TO_SPACE: 5,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU_N1_TO_1: 20,
  RELU6: 21,
  RESHAPE: 22,
  RESIZE_BILINEAR: 23,
  SOFTMAX: 25,
  TANH: 28,
  CUSTOM: 32,
  PAD: 34,
  TRANSPOSE: 39,
  MEAN: 40,
  SUB: 41,
  DIV: 42,
  PRELU: 54,
  TRANSPOSE_CONV: 67,
  HARD_SWISH: 117,
  DENSIFY: 124,
};

const builtinNames = new Map(Object.entries(BuiltinOperator).map(([k, v]) => [v, k]));

/** Name of a builtin operator code, `BUILTIN_<n>` for the ones not listed above. */
export function builtinName(code: number): string {
  return builtinNames.get(code) ?? `BUILTIN_${code}`;
}

/** `enum ActivationFunctionType : byte`. */
export const Activation = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3, TANH: 4, SIGN_BIT: 5 } as const;

/** `enum Padding : byte`. */
export const Padding = { SAME: 0, VALID: 1 } as const;

/** Field numbers of the tables the converter reads. */
export const F = {
  Model: { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6 },
  OperatorCode: { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, isVariable: 5, sparsity: 6 },
  Buffer: { data: 0, offset: 1, size: 2 },
  Metadata: { name: 0, buffer: 1 },
  Operator: { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4, customOptions: 5 },
  SparsityParameters: { traversalOrder: 0, blockMap: 1, dimMetadata: 2 },
  DimensionMetadata: { format: 0, denseSize: 1, segmentsType: 2, segments: 3, indicesType: 4, indices: 5 },
  Conv2DOptions: { padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 },
  DepthwiseConv2DOptions: { padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 },
  Pool2DOptions: { padding: 0, strideW: 1, strideH: 2, filterW: 3, filterH: 4, activation: 5 },
  AddOptions: { activation: 0 },
  MulOptions: { activation: 0 },
  SubOptions: { activation: 0 },
  ConcatenationOptions: { axis: 0, activation: 1 },
  ReshapeOptions: { newShape: 0 },
  ResizeBilinearOptions: { alignCorners: 2, halfPixelCenters: 3 },
  DepthToSpaceOptions: { blockSize: 0 },
  ReducerOptions: { keepDims: 0 },
  SoftmaxOptions: { beta: 0 },
  FullyConnectedOptions: { activation: 0, weightsFormat: 1, keepNumDims: 2 },
} as const;

/** `enum DimensionType : byte` of DimensionMetadata. */
export const DimensionType = { DENSE: 0, SPARSE_CSR: 1 } as const;

/** `union SparseIndexVector`: each member is a table whose field 0 is `values`. */
export const SparseIndexVector = { NONE: 0, Int32Vector: 1, Uint16Vector: 2, Uint8Vector: 3 } as const;
