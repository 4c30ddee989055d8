/**
 * Adds a PNG texture to a GLB's materials after three.js's GLTFExporter has written it: the exporter draws textures
 * through a canvas, which Node has none of. The image is appended to the binary chunk as one more buffer view;
 * nothing else in the file moves. A normal map (a fold atlas) or a base colour (a tiling print).
 */
const GLB_MAGIC = 0x46546c67;
const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;
const pad4 = (n: number): number => (n + 3) & ~3;

interface GltfJson {
  buffers?: Array<{ byteLength: number }>;
  bufferViews?: Array<{ buffer: number; byteOffset: number; byteLength: number }>;
  images?: Array<{ bufferView: number; mimeType: string; name?: string }>;
  samplers?: Array<Record<string, number>>;
  textures?: Array<{ sampler: number; source: number; name?: string }>;
  materials?: Array<{ normalTexture?: { index: number; texCoord: number; scale: number }; pbrMetallicRoughness?: { baseColorTexture?: TextureRef } }>;
  extensionsUsed?: string[];
}

interface TextureRef {
  index: number;
  texCoord: number;
  extensions?: { KHR_texture_transform: { scale: [number, number] } };
}

/** glTF sampler constants (WebGL's). */
const LINEAR = 9729;
const LINEAR_MIPMAP_LINEAR = 9987;
const CLAMP_TO_EDGE = 33071;
const REPEAT = 10497;

/** A fold atlas as every material's `normalTexture` (texCoord 0): linear, mipmapped, clamped (its pieces must not wrap into each other). */
export function addNormalTexture(glb: Uint8Array, png: Uint8Array, name: string): Uint8Array {
  return addTexture(glb, png, name, { magFilter: LINEAR, minFilter: LINEAR_MIPMAP_LINEAR, wrapS: CLAMP_TO_EDGE, wrapT: CLAMP_TO_EDGE }, (m, index) => {
    m.normalTexture = { index, texCoord: 0, scale: 1 };
  });
}

/**
 * The cloth's colours drawn on the fold atlas (a shirt's placket, buttons and pocket: fold-map.ts's tint) as every
 * material's `baseColorTexture` on texCoord 0, the fold map's uv: linear, mipmapped, clamped as the fold map.
 */
export function addBaseColorAtlas(glb: Uint8Array, png: Uint8Array, name: string): Uint8Array {
  return addTexture(glb, png, name, { magFilter: LINEAR, minFilter: LINEAR_MIPMAP_LINEAR, wrapS: CLAMP_TO_EDGE, wrapT: CLAMP_TO_EDGE }, (m, index) => {
    (m.pbrMetallicRoughness ??= {}).baseColorTexture = { index, texCoord: 0 };
  });
}

/**
 * A tiling print as every material's `baseColorTexture` on texCoord 0, whose uv are centimetres of cloth: the image
 * is one repeat of the print, `repeatCm` each way, so it is scaled by 1 / `repeatCm` (KHR_texture_transform) and
 * wraps (REPEAT). The repeat is a fact of the cloth, readable from the file.
 */
export function addBaseColorTexture(glb: Uint8Array, png: Uint8Array, name: string, repeatCm: number): Uint8Array {
  return addTexture(glb, png, name, { magFilter: LINEAR, minFilter: LINEAR_MIPMAP_LINEAR, wrapS: REPEAT, wrapT: REPEAT }, (m, index, json) => {
    const scale = 1 / repeatCm;
    (m.pbrMetallicRoughness ??= {}).baseColorTexture = { index, texCoord: 0, extensions: { KHR_texture_transform: { scale: [scale, scale] } } };
    const used = (json.extensionsUsed ??= []);
    if (!used.includes('KHR_texture_transform')) used.push('KHR_texture_transform');
  });
}

function addTexture(glb: Uint8Array, png: Uint8Array, name: string, sampler: Record<string, number>, assign: (m: NonNullable<GltfJson['materials']>[number], index: number, json: GltfJson) => void): Uint8Array {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new Error('not a GLB');
  const jsonLen = view.getUint32(12, true);
  if (view.getUint32(16, true) !== JSON_CHUNK) throw new Error('GLB without a JSON chunk first');
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen))) as GltfJson;
  const binAt = 20 + jsonLen;
  const hasBin = binAt + 8 <= glb.byteLength && view.getUint32(binAt + 4, true) === BIN_CHUNK;
  const bin = hasBin ? glb.subarray(binAt + 8, binAt + 8 + view.getUint32(binAt, true)) : new Uint8Array(0);
  const imageOffset = pad4(bin.length);
  const newBin = new Uint8Array(pad4(imageOffset + png.length));
  newBin.set(bin);
  newBin.set(png, imageOffset);
  json.buffers = json.buffers?.length ? json.buffers : [{ byteLength: 0 }];
  json.buffers[0]!.byteLength = newBin.length;
  const views = (json.bufferViews ??= []);
  views.push({ buffer: 0, byteOffset: imageOffset, byteLength: png.length });
  const images = (json.images ??= []);
  images.push({ bufferView: views.length - 1, mimeType: 'image/png', name });
  const samplers = (json.samplers ??= []);
  samplers.push(sampler);
  const textures = (json.textures ??= []);
  textures.push({ sampler: samplers.length - 1, source: images.length - 1, name });
  for (const m of json.materials ?? []) assign(m, textures.length - 1, json);
  let text = JSON.stringify(json);
  while (Buffer.byteLength(text) % 4) text += ' ';
  const jsonBytes = new TextEncoder().encode(text);
  const total = 12 + 8 + jsonBytes.length + 8 + newBin.length;
  const out = new Uint8Array(total);
  const o = new DataView(out.buffer);
  o.setUint32(0, GLB_MAGIC, true);
  o.setUint32(4, 2, true);
  o.setUint32(8, total, true);
  o.setUint32(12, jsonBytes.length, true);
  o.setUint32(16, JSON_CHUNK, true);
  out.set(jsonBytes, 20);
  const b = 20 + jsonBytes.length;
  o.setUint32(b, newBin.length, true);
  o.setUint32(b + 4, BIN_CHUNK, true);
  out.set(newBin, b + 8);
  return out;
}
