import fs from 'node:fs';
import path from 'node:path';
import * as THREE from 'three';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { GarmentAssetSchema, type GarmentAsset } from '../../shared/garment';
import { Fitting } from './fitting';

const GARMENTS = path.resolve(__dirname, '../../../assets/generated/garments');

/** A demo garment as the loader gives it; the image is a stand-in (nothing is drawn here). */
function garment(id: string): { asset: GarmentAsset; image: ImageBitmap; backImage: null; silhouette: null } {
  const file = path.join(GARMENTS, `${id}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "atelier demo build" (npm ci does) first`);
  const asset = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(file, 'utf8')));
  return { asset, image: { width: asset.image.widthPx, height: asset.image.heightPx, close() {} } as ImageBitmap, backImage: null, silhouette: null };
}

/** What is drawn in the scene: the garment meshes (back and front parts) and the occluder, not the store's light. */
function drawn(world: THREE.Object3D, f: Fitting): THREE.Object3D[] {
  return world.children.filter((o) => o !== f.light.object);
}

/** Render orders of what is drawn. */
function orders(world: THREE.Object3D, f: Fitting): Array<{ order: number; what: string }> {
  return drawn(world, f).map((o) => ({ order: o.renderOrder, what: o.name || o.type }));
}

describe('Fitting: an outfit of several garments, each with its own layer', () => {
  it('puts each garment in its slot, keeps the others, and orders back parts < forearms < front parts', () => {
    const world = new THREE.Group();
    const f = new Fitting(world, new THREE.Texture());
    f.wear(garment('tee-everyday-wht'), { slots: ['top'], tuck: 'out' });
    f.wear(garment('jeans-straight-mid'), { slots: ['bottom'], tuck: 'out', garmentCm: { waist: 82, inseam: 81 } });
    expect(f.outfit.map((w) => [w.id, w.slots])).toEqual([
      ['jeans-straight-mid', ['bottom']],
      ['tee-everyday-wht', ['top']],
    ]);
    // Two garments × (back + front) + the occluder.
    expect(drawn(world, f)).toHaveLength(5);
    const [jeans, tee] = f.outfit;
    expect(tee!.renderOrder).toBeGreaterThan(jeans!.renderOrder);
    const all = orders(world, f).map((o) => o.order);
    const occluder = drawn(world, f).find((o) => o.renderOrder === 20)!;
    expect(occluder).toBeDefined();
    expect(all.filter((o) => o < 20)).toHaveLength(2);
    expect(all.filter((o) => o > 20)).toHaveLength(2);

    // A tucked-in shirt replaces the tee and goes under the jeans; a jacket goes over both.
    f.wear(garment('shirt-oxford-blu'), { slots: ['top'], tuck: 'in' });
    f.wear(garment('blazer-check-gry'), { slots: ['outerwear'] });
    expect(f.outfit.map((w) => w.id)).toEqual(['shirt-oxford-blu', 'jeans-straight-mid', 'blazer-check-gry']);
    expect(drawn(world, f)).toHaveLength(7);
    const o = f.outfit.map((w) => w.renderOrder);
    expect(o).toEqual([...o].sort((a, b) => a - b));

    // A dress takes the top and the bottom; the jacket stays.
    f.wear(garment('dress-floral-rse'), { slots: ['top', 'bottom'] });
    expect(f.outfit.map((w) => w.id)).toEqual(['dress-floral-rse', 'blazer-check-gry']);
    expect(drawn(world, f)).toHaveLength(5);
    f.takeOffSlot('outerwear');
    expect(f.outfit.map((w) => w.id)).toEqual(['dress-floral-rse']);
    f.takeOff();
    expect(f.outfit).toEqual([]);
    expect(drawn(world, f)).toHaveLength(0);
    f.dispose();
  });

  it('fits every worn garment to the same landmarks each frame', () => {
    const world = new THREE.Group();
    const f = new Fitting(world, new THREE.Texture(), true);
    f.wear(garment('tee-everyday-wht'), { slots: ['top'] });
    f.wear(garment('chino-slim-khk'), { slots: ['bottom'] });
    const track = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../e2e/fixtures/tracks/standing.json'), 'utf8')) as {
      frames: Array<{ tMs: number; landmarks: Array<{ x: number; y: number; z: number; visibility: number; presence: number }>; worldLandmarks: Array<{ x: number; y: number; z: number }> }>;
    };
    const frame = track.frames[0]!;
    f.onPose({ timestampMs: frame.tMs, landmarks: frame.landmarks, worldLandmarks: frame.worldLandmarks, mask: null } as never, 1280, 720);
    f.stage(frame.tMs);
    const meshes = drawn(world, f).filter((o) => o.renderOrder !== 20);
    expect(meshes.every((m) => m.visible)).toBe(true);
    // The shoulder check reads the top (the chinos have no shoulders) and counts both garments' triangles.
    expect(f.fitSamples()).toHaveLength(1);
    expect(f.fitSamples()[0]!.shoulderErrorOfWidth).toBeLessThan(0.05);
    // Fitted, each garment's front parts (a long sleeve past the elbow) are still drawn after the forearms' occluder:
    // before it, the shopper's forearm was redrawn over the sleeve (issue 14: long sleeves stopped at a bent elbow).
    const all = orders(world, f).map((o) => o.order);
    expect(all.filter((o) => o < 20)).toHaveLength(2);
    expect(all.filter((o) => o > 20)).toHaveLength(2);
    f.dispose();
  });
});
