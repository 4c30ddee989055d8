import { Builder } from 'flatbuffers';
import { Table } from '../tflite/table';
import { F } from '../tflite/schema';

/**
 * TFLite model metadata (tensorflow/tflite-support, metadata_schema.fbs, identifier "M001"), just enough for
 * MediaPipe tasks to accept a float32 image model: the input's NormalizationOptions and ImageProperties.
 */
const METADATA_IDENTIFIER = 'M001';
/** Name MediaPipe's ModelMetadataExtractor looks for in Model.metadata. */
export const TFLITE_METADATA = 'TFLITE_METADATA';
/** `union ProcessUnitOptions`: NormalizationOptions. */
const PROCESS_UNIT_NORMALIZATION = 1;
/** `union ContentProperties`: ImageProperties. */
const CONTENT_IMAGE = 2;
/** `enum ColorSpaceType`: RGB. */
const COLOR_SPACE_RGB = 1;

export interface ImageModelMetadata {
  name: string;
  description: string;
  /** value = (pixel - mean) / std, pixel 0..255. */
  mean: number;
  std: number;
  license: string;
}

/** Serializes a ModelMetadata flatbuffer for a single-image-input model. Returns new bytes. */
export function imageModelMetadata(m: ImageModelMetadata): Uint8Array {
  const b = new Builder(512);
  const vecF32 = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]!);
    return b.endVector();
  };
  const vecOff = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i]!);
    return b.endVector();
  };
  const meanV = vecF32([m.mean]);
  const stdV = vecF32([m.std]);
  b.startObject(2); // NormalizationOptions { mean, std }
  b.addFieldOffset(0, meanV, 0);
  b.addFieldOffset(1, stdV, 0);
  const norm = b.endObject();
  b.startObject(2); // ProcessUnit { options_type, options }
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, norm, 0);
  const unit = b.endObject();
  b.startObject(2); // ImageProperties { color_space, default_size }
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const image = b.endObject();
  b.startObject(3); // Content { content_properties_type, content_properties, range }
  b.addFieldInt8(0, CONTENT_IMAGE, 0);
  b.addFieldOffset(1, image, 0);
  const content = b.endObject();
  const tName = b.createString('image');
  const units = vecOff([unit]);
  b.startObject(7); // TensorMetadata { name, description, dimension_names, content, process_units, stats, associated_files }
  b.addFieldOffset(0, tName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, units, 0);
  const tensor = b.endObject();
  const inputs = vecOff([tensor]);
  const sgName = b.createString(m.name);
  b.startObject(9); // SubGraphMetadata { name, description, input_tensor_metadata, ... }
  b.addFieldOffset(0, sgName, 0);
  b.addFieldOffset(2, inputs, 0);
  const subgraph = b.endObject();
  const subgraphs = vecOff([subgraph]);
  const name = b.createString(m.name);
  const description = b.createString(m.description);
  const license = b.createString(m.license);
  const minParser = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(5, license, 0);
  b.addFieldOffset(7, minParser, 0);
  const root = b.endObject();
  b.finish(root, METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

const MODEL_FIELDS = 8;
/** Alignment of the original file inside the new one; TFLite buffers are force_align 16. */
const ALIGN = 16;

/**
 * Returns a copy of a TFLite model with `metadata` attached as a new buffer named TFLITE_METADATA (replacing
 * an existing entry of that name). Works without re-serializing the model: a new root Model table is written
 * in front of the untouched original bytes; flatbuffer offsets only point forward, so the new table can
 * reference the old subgraphs, buffers and operator codes where they are. Borrows `tflite`.
 */
export function withMetadata(tflite: Uint8Array, metadata: Uint8Array): Uint8Array {
  const old = Table.root(tflite);
  const bb = old.bb;
  const vtable = old.pos - bb.readInt32(old.pos);
  const vtFields = (bb.readUint16(vtable) - 4) / 2;
  if (vtFields > MODEL_FIELDS) throw new Error('TFLite Model table has fields this writer does not know');
  const oldBuffers = vectorElements(old, F.Model.buffers);
  const oldMetadata = vectorElements(old, F.Model.metadata).filter((pos) => new Table(bb, pos).string(F.Metadata.name) !== TFLITE_METADATA);
  const nameBytes = new TextEncoder().encode(TFLITE_METADATA);

  // Layout of the prefix (absolute offsets in the new file).
  let cursor = 8;
  const take = (n: number, align = 4) => {
    cursor = Math.ceil(cursor / align) * align;
    const at = cursor;
    cursor += n;
    return at;
  };
  const modelVt = take(4 + 2 * MODEL_FIELDS, 2);
  const modelTable = take(4 + 4 * MODEL_FIELDS);
  const buffersVec = take(4 + 4 * (oldBuffers.length + 1));
  const metadataVec = take(4 + 4 * (oldMetadata.length + 1));
  const bufVt = take(6, 2);
  const bufTable = take(8);
  const metaVt = take(8, 2);
  const metaTable = take(12);
  const nameStr = take(4 + nameBytes.length + 1);
  // Vector data (after the length word) 16-aligned, as TFLite's force_align asks.
  const dataVec = take(4 + metadata.length, 1);
  const dataStartFix = (ALIGN - ((dataVec + 4) % ALIGN)) % ALIGN;
  cursor += dataStartFix;
  const dataAt = dataVec + dataStartFix;
  const shift = Math.ceil(cursor / ALIGN) * ALIGN;
  const out = new Uint8Array(shift + tflite.length);
  const dv = new DataView(out.buffer);
  const u32 = (at: number, x: number) => dv.setUint32(at, x, true);
  const ref = (at: number, target: number) => u32(at, target - at);

  u32(0, modelTable);
  out.set(new TextEncoder().encode('TFL3'), 4);
  // Model vtable + table: copy scalars, re-point offsets into the shifted original.
  dv.setUint16(modelVt, 4 + 2 * MODEL_FIELDS, true);
  dv.setUint16(modelVt + 2, 4 + 4 * MODEL_FIELDS, true);
  dv.setInt32(modelTable, modelTable - modelVt, true);
  for (let f = 0; f < MODEL_FIELDS; f++) {
    const slot = modelTable + 4 + 4 * f;
    const rel = f < vtFields ? bb.__offset(old.pos, 4 + 2 * f) : 0;
    if (f === F.Model.buffers) ref(slot, buffersVec);
    else if (f === F.Model.metadata) ref(slot, metadataVec);
    else if (!rel) continue;
    else if (f === F.Model.version) u32(slot, bb.readUint32(old.pos + rel));
    else ref(slot, shift + old.pos + rel + bb.readUint32(old.pos + rel));
    dv.setUint16(modelVt + 4 + 2 * f, slot - modelTable, true);
  }
  u32(buffersVec, oldBuffers.length + 1);
  oldBuffers.forEach((pos, i) => ref(buffersVec + 4 + 4 * i, shift + pos));
  ref(buffersVec + 4 + 4 * oldBuffers.length, bufTable);
  u32(metadataVec, oldMetadata.length + 1);
  oldMetadata.forEach((pos, i) => ref(metadataVec + 4 + 4 * i, shift + pos));
  ref(metadataVec + 4 + 4 * oldMetadata.length, metaTable);
  dv.setUint16(bufVt, 6, true);
  dv.setUint16(bufVt + 2, 8, true);
  dv.setUint16(bufVt + 4, 4, true);
  dv.setInt32(bufTable, bufTable - bufVt, true);
  ref(bufTable + 4, dataAt);
  dv.setUint16(metaVt, 8, true);
  dv.setUint16(metaVt + 2, 12, true);
  dv.setUint16(metaVt + 4, 4, true);
  dv.setUint16(metaVt + 6, 8, true);
  dv.setInt32(metaTable, metaTable - metaVt, true);
  ref(metaTable + 4, nameStr);
  u32(metaTable + 8, oldBuffers.length);
  u32(nameStr, nameBytes.length);
  out.set(nameBytes, nameStr + 4);
  u32(dataAt, metadata.length);
  out.set(metadata, dataAt + 4);
  out.set(tflite, shift);
  return out;
}

/** Absolute positions of the tables in a `[Table]` vector field. */
function vectorElements(t: Table, field: number): number[] {
  return t.tables(field).map((x) => x.pos);
}
