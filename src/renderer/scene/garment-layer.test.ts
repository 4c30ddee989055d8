import fs from 'node:fs';
import path from 'node:path';
import * as THREE from 'three';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { GarmentAssetSchema, type GarmentAsset } from '../../shared/garment';
import type { BodyInput } from '../garment/rig';
import { GarmentLayer } from './garment-layer';

const GARMENTS = path.resolve(__dirname, '../../../assets/generated/garments');
const W = 1280;
const H = 720;

function asset(id: string): GarmentAsset {
  const file = path.join(GARMENTS, `${id}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "atelier demo build" (npm ci does) first`);
  return v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** A stand-in picture that records being closed (nothing is drawn here). */
function picture(a: GarmentAsset): ImageBitmap & { closed: boolean } {
  const p = { width: a.image.widthPx, height: a.image.heightPx, closed: false, close() { p.closed = true; } };
  return p as unknown as ImageBitmap & { closed: boolean };
}

/** A standing person facing the camera (the e2e track's first frame), or the same body turned round where it stands. */
function body(turned: boolean): BodyInput {
  const track = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../e2e/fixtures/tracks/standing.json'), 'utf8')) as {
    frames: Array<{ landmarks: Array<{ x: number; y: number }>; worldLandmarks: Array<{ x: number; y: number; z: number }> }>;
  };
  const f = track.frames[0]!;
  // Turned round, each joint stays where it is but its side swaps (BlazePose's left/right pairs: 1↔4 … 31↔32).
  const side = (i: number): number => (!turned || i === 0 ? i : i <= 6 ? (i <= 3 ? i + 3 : i - 3) : i % 2 === 1 ? i + 1 : i - 1);
  const landmarksPx = new Float64Array(66);
  const worldM = new Float64Array(99);
  for (let i = 0; i < 33; i++) {
    const l = f.landmarks[side(i)]!;
    const w = f.worldLandmarks[side(i)]!;
    landmarksPx.set([l.x * W, l.y * H], 2 * i);
    worldM.set([w.x, w.y, w.z], 3 * i);
  }
  return { landmarksPx, worldM, cmPerPx: 0.3 };
}

const mapOf = (layer: GarmentLayer): unknown => layer.object.material.uniforms.garmentMap!.value;

describe('GarmentLayer: the back view', () => {
  it("draws the garment's own back picture when the shopper turns round, the front when they face the mirror", () => {
    const a = asset('shirt-oxford-blu');
    const front = picture(a);
    const back = picture(a);
    const layer = new GarmentLayer(a, front, new THREE.Texture(), {}, null, back);
    layer.update(body(false), W, H);
    expect(layer.lastFit!.backView).toBe(false);
    expect(layer.drawnSide).toBe('front');
    expect((mapOf(layer) as THREE.Texture).image).toBe(front);
    layer.update(body(true), W, H);
    expect(layer.lastFit!.backView).toBe(true);
    expect(layer.drawnSide).toBe('ownBack');
    expect((mapOf(layer) as THREE.Texture).image).toBe(back);
    // Its own back replaces the shader's derived one (no centre-front band or neck fill over it).
    expect(layer.object.material.uniforms.backView!.value).toBe(0);
    layer.update(body(false), W, H);
    expect(layer.drawnSide).toBe('front');
    layer.dispose();
    expect(front.closed && back.closed).toBe(true);
  });

  it('without a back picture a top falls back to the back derived from its front, a bottom is drawn as is', () => {
    const top = new GarmentLayer(asset('shirt-oxford-blu'), picture(asset('shirt-oxford-blu')), new THREE.Texture());
    top.update(body(true), W, H);
    expect(top.drawnSide).toBe('derivedBack');
    expect(top.object.material.uniforms.backView!.value).toBe(1);
    top.dispose();
    const jeans = asset('jeans-straight-mid');
    const bottom = new GarmentLayer(jeans, picture(jeans), new THREE.Texture());
    bottom.update(body(true), W, H);
    expect(bottom.lastFit!.backView).toBe(true);
    expect(bottom.drawnSide).toBe('front');
    bottom.dispose();
    // With its back picture the jeans show their back pockets and yoke instead.
    const withBack = new GarmentLayer(jeans, picture(jeans), new THREE.Texture(), {}, null, picture(jeans));
    withBack.update(body(true), W, H);
    expect(withBack.drawnSide).toBe('ownBack');
    withBack.dispose();
  });
});
