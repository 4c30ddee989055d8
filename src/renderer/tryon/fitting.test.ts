import fs from 'node:fs';
import path from 'node:path';
import * as THREE from 'three';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { loadClipTrack } from '../../../tests/helpers/clip-tracks';
import { GarmentAssetSchema, type GarmentAsset } from '../../shared/garment';
import { POSE_LANDMARK_COUNT } from '../../shared/pose';
import { demoGlb } from '../../../tests/helpers/gltf-node';
import { Fitting, HANDS_OVER_ORDER } from './fitting';

const GARMENTS = path.resolve(__dirname, '../../../assets/generated/garments');

/** A demo garment as the loader gives it; the image is a stand-in (nothing is drawn here). */
function garment(id: string): { asset: GarmentAsset; image: ImageBitmap; backImage: null; silhouette: null } {
  const file = path.join(GARMENTS, `${id}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "atelier demo build" (npm ci does) first`);
  const asset = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(file, 'utf8')));
  return { asset, image: { width: asset.image.widthPx, height: asset.image.heightPx, close() {} } as ImageBitmap, backImage: null, silhouette: null };
}

/**
 * A worn 3D garment's cloth: its skinned meshes in the fabric material that writes depth (not its body stand-ins, not
 * its long sleeves' second pass).
 */
function clothOf(f: Fitting): THREE.SkinnedMesh[] {
  const meshes: THREE.SkinnedMesh[] = [];
  f.garment3dLayer?.object.traverse((o) => {
    const mesh = o as THREE.SkinnedMesh;
    const m = mesh.material as THREE.Material | undefined;
    if (mesh.isSkinnedMesh && m?.name.startsWith('atelier-fabric') && m.depthWrite) meshes.push(mesh);
  });
  return meshes;
}

/** What is drawn in the scene: the garment meshes (back and front parts), the occluders and the cover, not the store's light. */
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
    // Two garments × (back + front) + the occluder + the hands' pass over long sleeves + the covers of the shopper's
    // own shorts under a shorter bottom and of their own top under a shorter top.
    expect(drawn(world, f)).toHaveLength(8);
    const [jeans, tee] = f.outfit;
    expect(tee!.renderOrder).toBeGreaterThan(jeans!.renderOrder);
    const all = orders(world, f).map((o) => o.order);
    const occluder = drawn(world, f).find((o) => o.renderOrder === 20)!;
    expect(occluder).toBeDefined();
    // The back parts, and under every garment the covers of their own shorts and top (the top's in three's opaque
    // pass, drawn before every transparent layer: under the 3D garments too).
    expect(all.filter((o) => o < 20)).toHaveLength(4);
    expect(f.ownShortsCover!.object.renderOrder).toBe(Math.min(...all));
    expect(f.ownTopCover!.object.renderOrder).toBe(Math.min(...all));
    expect(f.ownTopCover!.object.material.transparent).toBe(false);
    expect(all.filter((o) => o > 20 && o < HANDS_OVER_ORDER)).toHaveLength(2);
    expect(Math.max(...all)).toBe(HANDS_OVER_ORDER);

    // A tucked-in shirt replaces the tee and goes under the jeans; a jacket goes over both.
    f.wear(garment('shirt-oxford-blu'), { slots: ['top'], tuck: 'in' });
    f.wear(garment('blazer-check-gry'), { slots: ['outerwear'] });
    expect(f.outfit.map((w) => w.id)).toEqual(['shirt-oxford-blu', 'jeans-straight-mid', 'blazer-check-gry']);
    expect(drawn(world, f)).toHaveLength(10);
    const o = f.outfit.map((w) => w.renderOrder);
    expect(o).toEqual([...o].sort((a, b) => a - b));

    // A dress takes the top and the bottom; the jacket stays.
    f.wear(garment('dress-floral-rse'), { slots: ['top', 'bottom'] });
    expect(f.outfit.map((w) => w.id)).toEqual(['dress-floral-rse', 'blazer-check-gry']);
    expect(drawn(world, f)).toHaveLength(8);
    f.takeOffSlot('outerwear');
    expect(f.outfit.map((w) => w.id)).toEqual(['dress-floral-rse']);
    f.takeOff();
    expect(f.outfit).toEqual([]);
    expect(drawn(world, f)).toHaveLength(0);
    f.dispose();
  });

  it('draws 2D and 3D garments in one order: a 3D jacket over a 2D shirt, a 2D shirt into 3D trousers, a 2D jacket over a 3D shirt', async () => {
    const world = new THREE.Group();
    const f = new Fitting(world, new THREE.Texture());
    f.wear(garment('shirt-oxford-blu'), { slots: ['top'], tuck: 'out' });
    f.wear3d(await demoGlb('blazer-check-gry'), { slots: ['outerwear'] });
    let [shirt, blazer] = f.outfit;
    expect([shirt!.kind, blazer!.kind]).toEqual(['2d', '3d']);
    // The 3D cloth is in three's transparent pass, where the 2D layers are, after the shirt's back parts — and after
    // its lower sleeves too, which go under the 3D cloth (drawn after the forearms' occluder, they lay over the
    // blazer's front where its skinned sleeve does not follow the 2D rig's).
    expect(blazer!.renderOrder).toBeGreaterThan(shirt!.renderOrder);
    const cloth = clothOf(f);
    expect(cloth.length).toBeGreaterThan(0);
    for (const mesh of cloth) {
      expect(mesh.renderOrder).toBe(blazer!.renderOrder);
      expect((mesh.material as THREE.Material).transparent).toBe(true);
    }
    const shirtLayer = drawn(world, f).filter((o) => (o as THREE.Mesh).isMesh && o.renderOrder > shirt!.renderOrder && o.renderOrder < blazer!.renderOrder);
    expect(shirtLayer, "the 2D shirt's front parts, between its back and the blazer").toHaveLength(1);

    // A 2D shirt tucked into 3D trousers: its lower sleeves stay over the forearms (after the occluder at 20), where
    // nothing of the trousers covers them.
    f.takeOff();
    f.wear(garment('shirt-oxford-blu'), { slots: ['top'], tuck: 'in' });
    f.wear3d(await demoGlb('chino-slim-khk'), { slots: ['bottom'] });
    const [tucked, chinos] = f.outfit;
    expect([tucked!.kind, chinos!.kind]).toEqual(['2d', '3d']);
    expect(chinos!.renderOrder).toBeGreaterThan(tucked!.renderOrder);
    expect(drawn(world, f).filter((o) => (o as THREE.Mesh).isMesh && o.renderOrder > 20 && o.renderOrder < HANDS_OVER_ORDER)).toHaveLength(1);

    // The other way round, as before: the 2D blazer over the 3D shirt, its lower sleeves after the forearms.
    f.takeOff();
    f.wear3d(await demoGlb('shirt-oxford-blu'), { slots: ['top'], tuck: 'out' });
    f.wear(garment('blazer-check-gry'), { slots: ['outerwear'] });
    [shirt, blazer] = f.outfit;
    expect([shirt!.kind, blazer!.kind]).toEqual(['3d', '2d']);
    expect(blazer!.renderOrder).toBeGreaterThan(shirt!.renderOrder);
    expect(drawn(world, f).filter((o) => (o as THREE.Mesh).isMesh && o.renderOrder > 20 && o.renderOrder < HANDS_OVER_ORDER)).toHaveLength(1);
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
    const cover = f.ownShortsCover!.object;
    const topCover = f.ownTopCover!.object;
    const meshes = drawn(world, f).filter((o) => o.renderOrder !== 20 && o.renderOrder !== HANDS_OVER_ORDER && o !== cover && o !== topCover);
    expect(meshes.every((m) => m.visible)).toBe(true);
    // No person mask (nor their own hems read) in this frame: the covers of their own shorts and top draw nothing.
    expect(cover.visible).toBe(false);
    expect(topCover.visible).toBe(false);
    // The shoulder check reads the top (the chinos have no shoulders) and counts both garments' triangles.
    expect(f.fitSamples()).toHaveLength(1);
    expect(f.fitSamples()[0]!.shoulderErrorOfWidth).toBeLessThan(0.05);
    // Fitted, each garment's front parts (a long sleeve past the elbow) are still drawn after the forearms' occluder:
    // before it, the shopper's forearm was redrawn over the sleeve (issue 14: long sleeves stopped at a bent elbow).
    const all = orders(world, f).map((o) => o.order);
    expect(all.filter((o) => o < 20 && o !== cover.renderOrder)).toHaveLength(2);
    expect(topCover.renderOrder).toBe(cover.renderOrder);
    expect(all.filter((o) => o > 20 && o < HANDS_OVER_ORDER)).toHaveLength(2);
    f.dispose();
  });

  it("leaves the shopper's forearms to a 2D garment's long sleeves and still redraws the hands", () => {
    // The mirror clip's runner, frame 96: his right fist at his chest, that forearm in front of his torso.
    const track = loadClipTrack('mirror-run');
    const frame = track.frames.find((c) => c.index === 96)!;
    const W = track.widthPx;
    const H = track.heightPx;
    const pose = {
      timestampMs: 0,
      landmarks: Array.from({ length: POSE_LANDMARK_COUNT }, (_, i) => ({ x: frame.landmarksPx[2 * i]! / W, y: frame.landmarksPx[2 * i + 1]! / H, z: 0, visibility: 1, presence: 1 })),
      worldLandmarks: Array.from({ length: POSE_LANDMARK_COUNT }, (_, i) => ({ x: frame.worldM[3 * i]!, y: frame.worldM[3 * i + 1]!, z: frame.worldM[3 * i + 2]! })),
      mask: null,
    };
    const radii = (id: string): number[] => {
      const f = new Fitting(new THREE.Group(), new THREE.Texture());
      f.wear(garment(id), { slots: ['top'] });
      f.onPose(pose as never, W, H);
      f.stage(0);
      // Capsules of the occluder before the fronts, then of the hands' pass after them.
      const r = f.wornOccluders.flatMap((o) => [...o.regions.radiiPx]);
      f.dispose();
      return r;
    };
    // Capsules: left forearm, left hand, right forearm, right hand.
    const tee = radii('tee-everyday-wht');
    expect(tee[2], 'a tee leaves his forearm bare: it is redrawn over it').toBeGreaterThan(0);
    const oxford = radii('shirt-oxford-blu');
    // The forearm is in the sleeve, which is drawn after the occluder: redrawing the picture's forearm beside a
    // sleeve showed a sliver of bare skin along it wherever the pose's forearm line was off the arm in the picture.
    expect(oxford[2]).toBe(0);
    // His fist is in front of the shirt and of its cuff: drawn again after the sleeves (only before them, the cuff
    // lay over half of it on the mirror clip's frames 45–65).
    expect(oxford[3], 'his fist, before the sleeves (the end of the forearm behind the wrist, over the torso)').toBeGreaterThan(0);
    expect(oxford[4 + 3], 'and after them').toBeGreaterThan(0);
    expect(oxford[4 + 2], 'not his forearm').toBe(0);
    expect(tee[4 + 3], 'a tee has no long sleeve to draw it over').toBe(0);
  });
});
