import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { GarmentAssetSchema, type GarmentAsset } from '../../src/shared/garment';
import { GarmentAnchorsError, garmentFromAnchors } from '../../src/shared/garment-from-anchors';
import { GarmentRig } from '../../src/renderer/garment/rig';
import { PoseLandmark as L } from '../../src/shared/pose';
import { REALISTIC_POSES } from '../fixtures/poses/synthetic';
import { requirePrerequisites } from '../support/prerequisites';

const DIR = path.resolve('assets/generated/garments');
requirePrerequisites([{ path: DIR, how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
const demo = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));

/** What the catalog stores for a demo garment: only the image and its anchors, normalised. */
function fromCatalogView(asset: GarmentAsset): GarmentAsset {
  const anchors = Object.fromEntries(
    Object.entries(asset.anchorsPx).map(([name, [x, y]]) => [name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), [x / asset.image.widthPx, y / asset.image.heightPx] as const]),
  );
  return garmentFromAnchors({ id: asset.id, imageFile: asset.image.file, widthPx: asset.image.widthPx, heightPx: asset.image.heightPx, anchors, category: asset.category });
}

/** Inside test for a convex or concave quad (even-odd). */
function inQuad(q: GarmentAsset['parts'][number]['quadPx'], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = 3; i < 4; j = i++) {
    const [xi, yi] = q[i]!;
    const [xj, yj] = q[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('garment parts derived from anchors alone', () => {
  it('needs the generated demo collection', () => {
    expect(demo.length, 'run atelier demo build').toBeGreaterThanOrEqual(12);
  });

  it.each(demo)('%s: valid, covers the garment, fits every pose without folding', async (file) => {
    const original = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
    const derived = v.parse(GarmentAssetSchema, fromCatalogView(original));
    expect(derived.category).toBe(original.category);

    // Coverage: opaque pixels that no part draws would vanish from the mirror.
    const { data, info } = await sharp(path.join(DIR, original.image.file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    let opaque = 0;
    let covered = 0;
    // Above a top's anchors (the shoulder line up to the high point of the shoulder, a collar), or a bottom's waist
    // anchors (the waistband, rising at the centre front): all of it is drawn.
    const a = original.anchorsPx;
    const topY = a.neck && a.leftShoulder ? Math.min(a.neck[1], a.leftShoulder[1]) : a.leftWaist && a.rightWaist && !a.leftShoulder ? Math.min(a.leftWaist[1], a.rightWaist[1]) : -1;
    let opaqueTop = 0;
    let coveredTop = 0;
    for (let y = 0; y < info.height; y += 3) {
      for (let x = 0; x < info.width; x += 3) {
        if (data[(y * info.width + x) * 4 + 3]! < 128) continue;
        opaque++;
        const inside = derived.parts.some((p) => inQuad(p.quadPx, x + 0.5, y + 0.5));
        if (inside) covered++;
        if (y < topY) {
          opaqueTop++;
          if (inside) coveredTop++;
        }
      }
    }
    expect(covered / opaque).toBeGreaterThan(0.985);
    if (opaqueTop > 0) expect(coveredTop / opaqueTop, 'the shoulder line and collar, or the waistband, above the anchors').toBeGreaterThan(0.995);

    // Fits every synthetic pose facing the mirror without folding (no chart: the regular-fit fallback).
    const rig = new GarmentRig(derived);
    for (const pose of REALISTIC_POSES) {
      if (pose.landmarksPx[2 * L.leftShoulder]! <= pose.landmarksPx[2 * L.rightShoulder]!) continue;
      const shoulderPx = Math.hypot(pose.landmarksPx[2 * L.leftShoulder]! - pose.landmarksPx[2 * L.rightShoulder]!, pose.landmarksPx[2 * L.leftShoulder + 1]! - pose.landmarksPx[2 * L.rightShoulder + 1]!);
      const report = rig.fit({ landmarksPx: pose.landmarksPx, worldM: null, cmPerPx: 36 / shoulderPx });
      expect(report.foldedTriangles, pose.name).toBe(0);
    }
  });

  it('says which anchor is missing, and refuses unknown or wild anchors', () => {
    const base = { id: 'x', imageFile: 'x.png', widthPx: 100, heightPx: 100 };
    expect(() => garmentFromAnchors({ ...base, category: 'shirt', anchors: { neck: [0.5, 0], left_shoulder: [0.7, 0.1] } })).toThrow(/rightShoulder/);
    expect(() => garmentFromAnchors({ ...base, anchors: { collar_bone: [0.5, 0.5] } })).toThrow(GarmentAnchorsError);
    expect(() => garmentFromAnchors({ ...base, anchors: { neck: [9, 0.5] } })).toThrow(/far outside/);
  });
});
