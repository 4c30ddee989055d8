import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCollection, type BuildResult } from '../../src/core/demo/build';
import { DemoCatalogSchema, PRODUCTS, SIZES } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { clearDrape3dCache } from '../../src/core/demo/drape/drape-3d';
import { clearDrapeCache } from '../../src/core/demo/drape/product-drape';
import { GarmentAssetSchema, REQUIRED_ANCHORS } from '../../src/shared/garment';

function digestDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('demo collection build', () => {
  let dirA: string;
  let dirB: string;
  let result: BuildResult;

  beforeAll(async () => {
    dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-demo-a-'));
    dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-demo-b-'));
    result = await buildDemoCollection(dirA);
    // The second build solves the draped skirts again, so their bytes are compared solve against solve.
    clearDrapeCache();
    clearDrape3dCache();
    await buildDemoCollection(dirB);
    // Two builds, each solving four drapes (two pictures', two GLBs'; ≈ 2 s of CPU apiece): 2 minutes is too close on a
    // loaded 2-core machine.
  }, 300_000);
  afterAll(() => {
    fs.rmSync(dirA, { recursive: true, force: true });
    fs.rmSync(dirB, { recursive: true, force: true });
  });

  it('is deterministic: two builds give identical bytes (the draped skirts solved twice)', () => {
    expect(Object.keys(result.drapeMs).sort()).toEqual(['dress-floral', 'skirt-aline', 'skirt-pencil', 'skirt-pleated']);
    const a = digestDir(dirA);
    expect(Object.keys(a).length).toBeGreaterThan(30);
    expect(digestDir(dirB)).toEqual(a);
  });

  it('writes ≥ 12 products with 2D assets for every colour, a size chart for each, and ≥ 6 products in 3D', () => {
    expect(result.products).toBeGreaterThanOrEqual(12);
    expect(result.garments3d).toBeGreaterThanOrEqual(6);
    const catalog = v.parse(DemoCatalogSchema, JSON.parse(fs.readFileSync(path.join(dirA, 'demo-catalog.json'), 'utf8')));
    expect(new Set(catalog.products.map((p) => p.category))).toEqual(new Set(['tshirt', 'shirt', 'jacket', 'dress', 'trousers', 'skirt']));
    for (const p of catalog.products) {
      expect(p.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(catalog.sizeCharts.some((c) => c.id === p.sizeChart)).toBe(true);
      expect(p.variants.length).toBe(p.colours.length * SIZES.length);
      expect(new Set(p.variants.map((x) => x.sku)).size).toBe(p.variants.length);
      expect(p.colours.length).toBeGreaterThan(0);
      for (const c of p.colours) {
        expect(fs.existsSync(path.join(dirA, 'garments', `${c.garment2d}.png`))).toBe(true);
        expect(fs.existsSync(path.join(dirA, 'garments', `${c.garment2d}.json`))).toBe(true);
        if (c.garment3d) expect(fs.readFileSync(path.join(dirA, 'garments', `${c.garment3d}.glb`)).subarray(0, 4).toString('latin1')).toBe('glTF');
      }
      // The garment's own size chart (finished measurements) for every size it sells.
      const spec = PRODUCTS.find((x) => x.id === p.id)!;
      expect(Object.keys(demoGarmentChart(spec))).toEqual([...SIZES]);
    }
    expect(catalog.products.filter((p) => p.colours.every((c) => c.garment3d)).length).toBeGreaterThanOrEqual(6);
  });

  it('each 2D asset validates, its PNG has the declared size, and its torso anchors sit on opaque cloth', async () => {
    for (const p of PRODUCTS) {
      for (const c of p.colourways) {
        const id = `${p.id}-${c.code.toLowerCase()}`;
        const asset = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(path.join(dirA, 'garments', `${id}.json`), 'utf8')));
        const { data, info } = await sharp(path.join(dirA, 'garments', asset.image.file)).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height, info.channels]).toEqual([asset.image.widthPx, asset.image.heightPx, 4]);
        // Its back picture (issue 14): written beside it, the same size, so the same anchors fit it.
        expect(asset.back, id).toBeDefined();
        const back = await sharp(path.join(dirA, 'garments', asset.back!.file)).metadata();
        expect([back.width, back.height], `${id} back`).toEqual([asset.image.widthPx, asset.image.heightPx]);
        // Corners are transparent: a garment, not a rectangle.
        expect(data[3]).toBe(0);
        for (const name of REQUIRED_ANCHORS[asset.category].filter((n) => /Shoulder|Hip|Waist/.test(n))) {
          const [x, y] = asset.anchorsPx[name]!;
          const alpha = data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3]!;
          if (asset.id.startsWith('dress-slip') && name.endsWith('Shoulder')) continue; // straps sit inside the joints
          expect(alpha, `${id} ${name}`).toBeGreaterThan(200);
        }
      }
    }
  });

  it('each GLB holds a skin whose joints are named humanoid bones', () => {
    const glbs = fs.readdirSync(path.join(dirA, 'garments')).filter((f) => f.endsWith('.glb'));
    expect(glbs.length).toBeGreaterThanOrEqual(6);
    for (const f of glbs) {
      const buf = fs.readFileSync(path.join(dirA, 'garments', f));
      const jsonLength = buf.readUInt32LE(12);
      const gltf = JSON.parse(buf.subarray(20, 20 + jsonLength).toString('utf8')) as { skins: Array<{ joints: number[] }>; nodes: Array<{ name?: string }>; meshes: unknown[] };
      expect(gltf.skins.length).toBe(1);
      const names = gltf.skins[0]!.joints.map((j) => gltf.nodes[j]!.name);
      expect(names).toEqual(expect.arrayContaining(['hips', 'spine', 'chest', 'leftUpperArm', 'rightUpperLeg']));
      expect(gltf.meshes.length).toBe(1);
    }
  });
});
