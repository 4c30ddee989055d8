import sharp from 'sharp';
import type * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, type ProductSpec } from '../../src/core/demo/catalog';
import { CHECK_BAR_CM, CHECK_REPEAT_CM } from '../../src/core/demo/check-texture';
import { PLAID_CHECK } from '../../src/core/demo/draw';
import { CM_PER_UNIT } from '../../src/core/demo/layout';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { parseGlbInNode } from '../helpers/gltf-node';

/** The 3D check blazer's GLB (issue 14): its wool check printed on the cloth, read back from the file's bytes. */
const blazer = PRODUCTS.find((p) => p.id === 'blazer-check')! as ProductSpec;

interface Json {
  materials: Array<{ pbrMetallicRoughness?: { baseColorTexture?: { index: number; texCoord: number; extensions?: { KHR_texture_transform?: { scale: [number, number] } } } } }>;
  textures: Array<{ sampler: number; source: number }>;
  samplers: Array<{ wrapS?: number; wrapT?: number }>;
  images: Array<{ bufferView: number; mimeType: string }>;
  bufferViews: Array<{ byteOffset?: number; byteLength: number }>;
  extensionsUsed?: string[];
}

/** The GLB's JSON chunk and its binary chunk. */
function chunks(glb: Uint8Array): { json: Json; bin: Uint8Array } {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLen = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen))) as Json;
  const binAt = 20 + jsonLen;
  return { json, bin: glb.subarray(binAt + 8, binAt + 8 + view.getUint32(binAt, true)) };
}

const REPEAT = 10497;
const linear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

describe('the 3D check blazer’s print', () => {
  it('is a tiling base-colour texture whose repeat, read from the GLB, is the check’s repeat in the picture (15.4 cm)', { timeout: 60_000 }, async () => {
    expect(CHECK_REPEAT_CM).toBeCloseTo(PLAID_CHECK.periodU * CM_PER_UNIT, 9);
    for (const colour of blazer.colourways) {
      const glb = await exportGarmentGlb(blazer, colour);
      const again = await exportGarmentGlb(blazer, colour);
      expect(Buffer.from(glb).equals(Buffer.from(again)), `${colour.code}: same bytes twice`).toBe(true);
      // Small: the cloth (≈ 200 kB with its print uv and shadow colours) and one repeat of the check as a PNG.
      expect(glb.byteLength).toBeLessThan(260_000);
      const { json, bin } = chunks(glb);
      const ref = json.materials[0]!.pbrMetallicRoughness!.baseColorTexture!;
      expect(ref).toBeDefined();
      const scale = ref.extensions!.KHR_texture_transform!.scale;
      expect(json.extensionsUsed).toContain('KHR_texture_transform');
      expect(1 / scale[0]).toBeCloseTo(CHECK_REPEAT_CM, 6);
      expect(1 / scale[1]).toBeCloseTo(CHECK_REPEAT_CM, 6);
      const texture = json.textures[ref.index]!;
      expect(json.samplers[texture.sampler]).toMatchObject({ wrapS: REPEAT, wrapT: REPEAT });
      // The image: the check's two colours, the ground (primary) and its bars towards the secondary.
      const image = json.images[texture.source]!;
      const v = json.bufferViews[image.bufferView]!;
      const { data, info } = await sharp(bin.subarray(v.byteOffset ?? 0, (v.byteOffset ?? 0) + v.byteLength)).raw().toBuffer({ resolveWithObject: true });
      const hex = (h: string): number[] => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
      const near = (rgb: number[]): number => {
        let n = 0;
        for (let i = 0; i < info.width * info.height; i++) if (rgb.every((c, k) => Math.abs(data[info.channels * i + k]! - c) <= 2)) n++;
        return n / (info.width * info.height);
      };
      expect(near(hex(colour.primary)), 'texels of the ground').toBeGreaterThan(0.3);
      expect(near(hex(colour.secondary)), 'texels where two bars cross').toBeGreaterThan(0.02);
    }
  });

  it('lies on the cloth in cm along its grain: down the body and along the sleeves, mirrored about the centre back', { timeout: 60_000 }, async () => {
    const gltf = await parseGlbInNode(await exportGarmentGlb(blazer, blazer.colourways[0]!));
    let mesh: THREE.SkinnedMesh | null = null;
    gltf.scene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) mesh = o as THREE.SkinnedMesh;
    });
    const m = mesh! as THREE.SkinnedMesh;
    const material = m.material as THREE.MeshStandardMaterial;
    expect(material.map, 'the loader gives the material its print').not.toBeNull();
    expect(material.map!.repeat.x).toBeCloseTo(1 / CHECK_REPEAT_CM, 6);
    const pos = m.geometry.getAttribute('position');
    const uv = m.geometry.getAttribute('uv');
    const colour = m.geometry.getAttribute('color');
    // The body (|x| under 10 cm: between the sleeves) down the grain: 1 cm of cloth down per cm of height.
    const body: Array<[number, number]> = [];
    const sleeve: Array<[number, number]> = [];
    const at = new Map<string, number>();
    const key = (x: number, y: number, z: number): string => `${Math.round(x * 1e4)},${Math.round(y * 1e4)},${Math.round(z * 1e4)}`;
    let darker = 0;
    for (let i = 0; i < pos.count; i++) {
      const [x, y, z] = [pos.getX(i), pos.getY(i), pos.getZ(i)];
      // The button takes one texel of the ground everywhere; its vertex colour is the trim's.
      if (Math.abs(uv.getX(i) - uv.getY(i)) < 1e-6) continue;
      if (Math.abs(x) < 0.1) body.push([y, uv.getY(i)]);
      if (Math.abs(x) > 0.35) sleeve.push([Math.abs(x), uv.getY(i)]);
      at.set(key(x, y, z), i);
      if (colour.getX(i) < 0.95) darker++;
    }
    for (const [name, pts, sign] of [['body', body, -1], ['sleeves', sleeve, 1]] as const) {
      const [p0] = pts;
      for (const [s, v] of pts) expect(v - p0![1], `${name}: cm of cloth along the grain`).toBeCloseTo(sign * 100 * (s - p0![0]), 1);
    }
    // Left and right are cut as mirror images (a check matched at the centre back and front): the same print at
    // (x, y, z) and (−x, y, z).
    let pairs = 0;
    for (const [k, i] of at) {
      const [x, y, z] = k.split(',').map(Number) as [number, number, number];
      if (x <= 0) continue;
      const j = at.get(key(-x / 1e4, y / 1e4, z / 1e4));
      if (j === undefined) continue;
      pairs++;
      expect(uv.getX(j)).toBeCloseTo(uv.getX(i), 2);
      expect(uv.getY(j)).toBeCloseTo(uv.getY(i), 2);
    }
    expect(pairs).toBeGreaterThan(pos.count / 4);
    // The broad bar is centred on the centre back: the back's middle is at the bar's middle across.
    let centreBack = 0;
    for (let i = 0; i < pos.count; i++) {
      if (Math.abs(pos.getX(i)) < 1e-4 && pos.getZ(i) < 0) {
        expect(uv.getX(i)).toBeCloseTo(CHECK_BAR_CM, 2);
        centreBack++;
      }
    }
    expect(centreBack).toBeGreaterThan(10);
    // Its own shadows (under the lapels, the collar's fall, the seams) darken some vertices, not the cloth as a whole.
    expect(darker).toBeGreaterThan(50);
    expect(darker).toBeLessThan(pos.count / 3);
  });

  it('the top button is in the trim’s colour over the print’s ground', { timeout: 60_000 }, async () => {
    const gltf = await parseGlbInNode(await exportGarmentGlb(blazer, blazer.colourways[0]!));
    let mesh: THREE.SkinnedMesh | null = null;
    gltf.scene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) mesh = o as THREE.SkinnedMesh;
    });
    const g = (mesh! as THREE.SkinnedMesh).geometry;
    const uv = g.getAttribute('uv');
    const colour = g.getAttribute('color');
    const pos = g.getAttribute('position');
    const c = blazer.colourways[0]!;
    const hex = (h: string, k: number): number => linear(Number.parseInt(h.slice(1 + 2 * k, 3 + 2 * k), 16));
    let n = 0;
    for (let i = 0; i < pos.count; i++) {
      if (Math.abs(uv.getX(i) - uv.getY(i)) > 1e-6) continue;
      n++;
      // On the wearer's right front (−x), in front, at the waist.
      expect(pos.getX(i)).toBeLessThan(0);
      expect(pos.getZ(i)).toBeGreaterThan(0);
      for (let k = 0; k < 3; k++) expect(colour.getComponent(i, k) * hex(c.primary, k)).toBeCloseTo(hex(c.trim, k), 2);
    }
    expect(n).toBeGreaterThan(12);
  });
});
