/**
 * Issue 14: where the occluder's own-top key (a 2D bottom worn without a garment top: the shopper's own top redrawn
 * over the bottom's waistband) takes their top for their own bottom, so the garment shows through the top. Each picture
 * is tracked as the mirror tracks it; on the person above the hip line, up to half the torso's height (where a bottom
 * garment's waist may be drawn), it counts the pixels the CPU twin of the shader (`ownTopWeightAt`) leaves to the
 * garment, by bands of a tenth of the torso above the hip line. On the mirror clip, where his white T-shirt hangs to
 * the hip line, every such pixel is a hole through his T-shirt.
 *
 *   jiti scripts/fit/own-top-key.ts picture...
 */
import path from 'node:path';
import { ownTopWeightAt } from '../../src/renderer/scene/key-weight-at';
import { createOcclusionRegions, occlusionRegions, regionAt } from '../../src/renderer/scene/occlusion-regions';
import { PoseLandmark as L } from '../../src/shared/pose';
import { PERSON_CUT } from './own-clothes';
import { trackedStills } from './tryon-still';

/** Bands of this share of the torso (shoulder line to hip line) above the hip line, up to half the torso. */
const BAND_OF_TORSO = 0.1;
const BANDS = 5;

for await (const { picture, person } of trackedStills(process.argv.slice(2))) {
  const { rgba, mask, landmarksPx: lm, worldM, widthPx: W, heightPx: H } = person;
  const regions = createOcclusionRegions();
  occlusionRegions(lm, worldM, regions, { ownTop: true });
  const isPerson = (x: number, y: number): boolean => {
    const cx = Math.min(W - 1, Math.max(0, Math.round(x)));
    const cy = Math.min(H - 1, Math.max(0, Math.round(y)));
    return mask[cy * W + cx]! >= PERSON_CUT;
  };
  const shoulderY = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
  const hipY = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
  const torsoPx = hipY - shoulderY;
  const t = regions.ownTopLine;
  const bands = new Array<number>(BANDS).fill(0);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!isPerson(x, y) || regionAt(regions, x, y).region !== 3) continue;
      const band = Math.floor(((x - t[0]!) * t[2]! + (y - t[1]!) * t[3]!) / torsoPx / BAND_OF_TORSO);
      if (band < 0 || band >= BANDS) continue;
      if (ownTopWeightAt(rgba, W, H, isPerson, regions, x, y) < 0.5) bands[band]!++;
    }
  }
  const total = bands.reduce((a, n) => a + n, 0);
  console.log(`${path.basename(picture)}: ${total} px of the person above the hip line left to the garment (by tenths of the torso up: ${bands.join(' ')})`);
}
