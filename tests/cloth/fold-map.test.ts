/**
 * The demo GLBs' fold maps (issue 14 point 3, the garment's own creases): read from the GLB's bytes as a glTF
 * viewer would (the mesh's positions and uvs, its PNG normal texture), the chino's pressed crease lies on the centre
 * line of each leg's front, the map is the same bytes every build, and garments without folds carry none.
 */
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { pressedCreaseM } from '../../src/core/demo/fold-map';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import type * as Model3d from '../../src/core/demo/model3d';

const product = (id: string) => PRODUCTS.find((p) => p.id === id)!;

interface Gltf {
  accessors: Array<{ bufferView: number; byteOffset?: number; count: number; type: string }>;
  bufferViews: Array<{ byteOffset?: number; byteLength: number; byteStride?: number }>;
  meshes: Array<{ primitives: Array<{ attributes: Record<string, number> }> }>;
  materials: Array<{ normalTexture?: { index: number; texCoord?: number } }>;
  textures?: Array<{ source: number }>;
  images?: Array<{ bufferView: number; mimeType: string }>;
}

/** The GLB's JSON and binary chunk. */
function readGlb(glb: Uint8Array): { json: Gltf; bin: Uint8Array } {
  const v = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLen = v.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen))) as Gltf;
  const binLen = v.getUint32(20 + jsonLen, true);
  return { json, bin: glb.subarray(28 + jsonLen, 28 + jsonLen + binLen) };
}

function floats(g: { json: Gltf; bin: Uint8Array }, accessor: number, size: number): Float32Array {
  const a = g.json.accessors[accessor]!;
  const bv = g.json.bufferViews[a.bufferView]!;
  expect(bv.byteStride ?? 4 * size, 'tightly packed').toBe(4 * size);
  const start = g.bin.byteOffset + (bv.byteOffset ?? 0) + (a.byteOffset ?? 0);
  return new Float32Array(g.bin.buffer.slice(start, start + a.count * size * 4));
}

async function foldMap(g: { json: Gltf; bin: Uint8Array }): Promise<{ rgb: Uint8Array; w: number; h: number }> {
  const tex = g.json.materials[0]!.normalTexture;
  expect(tex, 'the material has a normal texture').toBeDefined();
  const image = g.json.images![g.json.textures![tex!.index]!.source]!;
  expect(image.mimeType).toBe('image/png');
  const bv = g.json.bufferViews[image.bufferView]!;
  const png = g.bin.subarray(bv.byteOffset ?? 0, (bv.byteOffset ?? 0) + bv.byteLength);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), w: info.width, h: info.height };
}

describe('fold maps of the demo 3D garments', () => {
  it('chino-slim: the pressed crease runs down the centre line of each leg front (± 1 cm)', async () => {
    const g = readGlb(await exportGarmentGlb(product('chino-slim'), product('chino-slim').colourways[0]!));
    const prim = g.json.meshes[0]!.primitives[0]!;
    const pos = floats(g, prim.attributes.POSITION!, 3);
    const uv = floats(g, prim.attributes.TEXCOORD_0!, 2);
    const map = await foldMap(g);
    const ch = (map.rgb.length / (map.w * map.h)) | 0;
    // The map's slope round the cloth (red: 128 flat, lower where the height rises towards +u).
    const slopeAt = (u: number, v: number): number => {
      const x = Math.min(map.w - 1, Math.max(0, Math.floor(u * map.w)));
      const y = Math.min(map.h - 1, Math.max(0, Math.floor(v * map.h)));
      return (128 - map.rgb[ch * (y * map.w + x)]!) / 127;
    };
    // Rings of the legs at mid-thigh, above and below the knee and mid-shin: the front vertices of each leg's ring.
    let checked = 0;
    for (const ringY of [0.7, 0.6, 0.45, 0.3]) {
      for (const side of [1, -1]) {
        const ring: number[] = [];
        for (let i = 0; i < pos.length / 3; i++) if (Math.abs(pos[3 * i + 1]! - ringY) < 0.021 && pos[3 * i]! * side > 0.02) ring.push(i);
        expect(ring.length, `a ring of the ${side > 0 ? 'left' : 'right'} leg near y ${ringY}`).toBeGreaterThan(10);
        // Keep one ring (the nearest height), ordered by u.
        const y0 = ring.map((i) => pos[3 * i + 1]!).sort((a, b) => Math.abs(a - ringY) - Math.abs(b - ringY))[0]!;
        const verts = ring.filter((i) => Math.abs(pos[3 * i + 1]! - y0) < 1e-4).sort((a, b) => uv[2 * a]! - uv[2 * b]!);
        const xs = verts.map((i) => pos[3 * i]!);
        const centreX = (Math.max(...xs) + Math.min(...xs)) / 2;
        // Integrate the slope over the front half of the ring (in metres of cloth between vertices, 8 samples each)
        // and find where the height peaks.
        let h = 0;
        let best = { h: -Infinity, x: 0, z: 0 };
        for (let k = 0; k + 1 < verts.length; k++) {
          const a = verts[k]!;
          const b = verts[k + 1]!;
          if (pos[3 * a + 2]! <= 0 && pos[3 * b + 2]! <= 0) continue;
          const stepM = Math.hypot(pos[3 * b]! - pos[3 * a]!, pos[3 * b + 2]! - pos[3 * a + 2]!) / 8;
          for (let s = 0; s < 8; s++) {
            const t = (s + 0.5) / 8;
            h += slopeAt(uv[2 * a]! + t * (uv[2 * b]! - uv[2 * a]!), uv[2 * a + 1]! + t * (uv[2 * b + 1]! - uv[2 * a + 1]!)) * stepM;
            if (h > best.h) best = { h, x: pos[3 * a]! + t * (pos[3 * b]! - pos[3 * a]!), z: pos[3 * a + 2]! + t * (pos[3 * b + 2]! - pos[3 * a + 2]!) };
          }
        }
        // The ridge: as high as the pressed crease (≈ 3 mm, within the map's 8-bit slopes), in front, on the centre line.
        expect(best.h, `crease height at y ${ringY}`).toBeGreaterThan(0.5 * pressedCreaseM(0));
        expect(best.z).toBeGreaterThan(0);
        expect(Math.abs(best.x - centreX), `crease off the centre line at y ${ringY} (${side > 0 ? 'left' : 'right'} leg)`).toBeLessThanOrEqual(0.01);
        checked++;
      }
    }
    expect(checked).toBe(8);
  });

  it('is deterministic: the same product gives the same bytes', async () => {
    const p = product('jeans-straight');
    const a = await exportGarmentGlb(p, p.colourways[0]!);
    // A fresh module: the fold map is drawn again, not taken from the build's cache.
    vi.resetModules();
    const fresh: typeof Model3d = await import('../../src/core/demo/model3d');
    const b = await fresh.exportGarmentGlb(p, p.colourways[0]!);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('tees, shirts and jeans carry a fold map; the slip dress none', async () => {
    for (const id of ['tee-everyday', 'shirt-oxford', 'jeans-straight']) {
      const g = readGlb(await exportGarmentGlb(product(id), product(id).colourways[0]!));
      const map = await foldMap(g);
      // Some of it is folded (not all flat).
      let folded = 0;
      for (let i = 0; i < map.w * map.h; i++) if (Math.abs(map.rgb[3 * i]! - 128) > 8 || Math.abs(map.rgb[3 * i + 1]! - 128) > 8) folded++;
      expect(folded, id).toBeGreaterThan(500);
    }
    const slip = readGlb(await exportGarmentGlb(product('dress-slip'), product('dress-slip').colourways[0]!));
    expect(slip.json.materials[0]!.normalTexture).toBeUndefined();
    // The oxford's and the slip's cloth are hung at build time (≈ 5 s each on a loaded 2-core machine).
  }, 120_000);
});
