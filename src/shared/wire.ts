/**
 * The web bridge's message codec: JSON, except that typed arrays travel as raw bytes in one binary WebSocket
 * message (a person mask or a camera frame is 64 KB–4 MB; base64 would add a third and a copy).
 *
 * Binary layout: "AT1\0" | u32 LE json length | json (UTF-8) | pad to 8 | blob 0 | pad | blob 1 … |
 * index: (u32 offset, u32 byteLength) per blob | u32 blob count.
 * Each typed array in the value is replaced in the JSON by `{ "$bin": index, "type": "Uint8Array", ... }`.
 */

const MAGIC = 0x00315441; // "AT1\0" little-endian
const TYPES = {
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypeName = keyof typeof TYPES;

export class WireError extends Error {
  override name = 'WireError';
}

interface BinRef {
  $bin: number;
  type: TypeName;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Encodes a message. Returns a string when it holds no typed arrays, else one ArrayBuffer.
 * Copies each typed array's bytes exactly once, into the one buffer it allocates (header, JSON, blobs and index are
 * laid out before anything is written); the caller keeps ownership of its arrays.
 */
export function encodeWire(message: unknown): string | ArrayBuffer {
  const blobs: ArrayBufferView[] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const type = value.constructor.name as TypeName;
      if (!(type in TYPES)) throw new WireError(`cannot encode ${type}`);
      blobs.push(value);
      return { $bin: blobs.length - 1, type } satisfies BinRef;
    }
    return value;
  });
  if (blobs.length === 0) return json;
  const jsonBytes = new TextEncoder().encode(json);
  let size = align8(8 + jsonBytes.byteLength);
  const offsets: number[] = [];
  for (const b of blobs) {
    offsets.push(size);
    size = align8(size + b.byteLength);
  }
  // The index (offset + length per blob, then the count) goes after the blobs so the JSON part stays first and readable.
  const indexAt = size;
  const buf = new ArrayBuffer(indexAt + blobs.length * 8 + 4);
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, jsonBytes.byteLength, true);
  bytes.set(jsonBytes, 8);
  blobs.forEach((b, i) => {
    bytes.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[i]);
    view.setUint32(indexAt + i * 8, offsets[i] ?? 0, true);
    view.setUint32(indexAt + i * 8 + 4, b.byteLength, true);
  });
  view.setUint32(indexAt + blobs.length * 8, blobs.length, true);
  return buf;
}

/**
 * Decodes what `encodeWire` produced. Typed arrays in the result are views into `data`'s own buffer, not copies
 * (the encoder aligns every blob to 8 bytes, so they are aligned whenever `data` starts on an element boundary;
 * a blob that is not is copied). `data` therefore passes to the caller with the result: whoever receives the
 * message owns its buffer and must not reuse it while the arrays are in use.
 * Throws `WireError` on anything malformed — callers turn it into a clear protocol error.
 */
export function decodeWire(data: string | ArrayBuffer | ArrayBufferView): unknown {
  if (typeof data === 'string') return parseJson(data);
  const bytes =
    data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.byteLength < 12) throw new WireError('binary message too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new WireError('binary message has no AT1 header');
  const jsonLen = view.getUint32(4, true);
  const count = view.getUint32(bytes.byteLength - 4, true);
  const indexStart = bytes.byteLength - 4 - count * 8;
  if (count > 64 || indexStart < 8 + jsonLen) throw new WireError('binary message index is corrupt');
  const blobs: Array<{ offset: number; length: number }> = [];
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(indexStart + i * 8, true);
    const length = view.getUint32(indexStart + i * 8 + 4, true);
    if (offset < 8 + jsonLen || offset + length > indexStart) throw new WireError('binary blob out of range');
    blobs.push({ offset, length });
  }
  const json = new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen));
  return parseJson(json, (ref) => {
    const blob = blobs[ref.$bin];
    const Ctor = TYPES[ref.type];
    if (!blob || !Ctor) throw new WireError(`bad binary reference ${String(ref.$bin)}`);
    if (blob.length % Ctor.BYTES_PER_ELEMENT !== 0) throw new WireError('binary blob length does not fit its type');
    const at = bytes.byteOffset + blob.offset;
    if (at % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer as ArrayBuffer, at, blob.length / Ctor.BYTES_PER_ELEMENT);
    const copy = bytes.slice(blob.offset, blob.offset + blob.length);
    return new Ctor(copy.buffer, 0, blob.length / Ctor.BYTES_PER_ELEMENT);
  });
}

function parseJson(text: string, resolve?: (ref: BinRef) => unknown): unknown {
  try {
    return JSON.parse(text, (_k, value: unknown) => {
      if (
        resolve &&
        value !== null &&
        typeof value === 'object' &&
        typeof (value as BinRef).$bin === 'number' &&
        typeof (value as BinRef).type === 'string'
      ) {
        return resolve(value as BinRef);
      }
      return value;
    }) as unknown;
  } catch (e) {
    if (e instanceof WireError) throw e;
    throw new WireError(`message is not valid JSON: ${(e as Error).message}`);
  }
}
