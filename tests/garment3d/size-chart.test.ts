import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { exportGarmentGlb, referenceMeasurementsCm } from '../../src/core/demo/model3d';
import type { GarmentMeasurementsCm } from '../../src/shared/garment-measurements';
import { PoseLandmark as L } from '../../src/shared/pose';
import { coverageMask, frameArrays, mirrorRunTrack, skinnedVerticesPx, wearGlb } from './posed-garment';

/**
 * True size in 3D: the worn size's chart row re-sizes the cloth, drawn at the shopper's scale. Measured on the
 * rendered coverage of one real frame of the mirror clip (arms down, frame 96).
 */
const track = mirrorRunTrack();
const frame = track.frames.find((f) => f.frame === 96)!;
const tee = PRODUCTS.find((p) => p.id === 'tee-everyday')!;
const chino = PRODUCTS.find((p) => p.id === 'chino-slim')!;

/** Worn on the frame (after 30 frames of it, so the body estimate has settled): coverage mask and the scale. */
async function wornOnFrame(productId: string, glb: Uint8Array, sizeCm: GarmentMeasurementsCm | null) {
  const { layer, world, scene } = await wearGlb(productId, glb, sizeCm);
  const { imagePx, worldM } = frameArrays(track, frame);
  for (let i = 0; i < 30; i++) layer.update(imagePx, worldM, track.widthPx, track.heightPx);
  const mask = coverageMask(world, scene, track.widthPx, track.heightPx);
  // The lowest point of the cloth in camera pixels (it may hang below the picture's edge).
  const lowestPx = Math.max(...skinnedVerticesPx(world, scene).flatMap(({ px }) => Array.from({ length: px.length / 3 }, (_, i) => px[3 * i + 1]!)));
  const out = { mask, imagePx, lowestPx, pxPerM: layer.scalePxPerM, drawnAt: layer.drawnAt };
  layer.dispose();
  return out;
}

/** Covered pixels in row y between x0 and x1 (the garment's width across the body there). */
function rowWidthPx(mask: Uint8Array, y: number, x0: number, x1: number): number {
  let n = 0;
  for (let x = Math.max(0, Math.floor(x0)); x < Math.min(track.widthPx, Math.ceil(x1)); x++) n += mask[Math.round(y) * track.widthPx + x]!;
  return n;
}

/** Lowest covered row in the column band x0..x1. */
function lowestRow(mask: Uint8Array, x0: number, x1: number): number {
  for (let y = track.heightPx - 1; y >= 0; y--) {
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) if (mask[y * track.widthPx + x]) return y;
  }
  return -1;
}

describe('3D garments at their chart size', () => {
  it('tee S vs XL on the same frame: the rendered chest width ratio is the chart’s within 3 %, lengths differ by the chart’s cm within 1.5 cm', async () => {
    // Chest only (no waist row): the whole body's girth follows the chest, so any row across the trunk shows its ratio.
    const { waist: _, ...ref } = referenceMeasurementsCm(tee);
    const S: GarmentMeasurementsCm = { ...ref, chest: 92, length: 64, sleeve: 18 };
    const XL: GarmentMeasurementsCm = { ...ref, chest: 116, length: 72, sleeve: 22 };
    const glb = await exportGarmentGlb(tee, tee.colourways[0]!);
    const s = await wornOnFrame(tee.id, glb, S);
    const xl = await wornOnFrame(tee.id, glb, XL);
    expect(s.drawnAt).toBe('chart');
    const y = (i: number): number => s.imagePx[2 * i + 1]!;
    const x = (i: number): number => s.imagePx[2 * i]!;
    // Across the trunk at 80 % of the way from the shoulders to the hips: below the sleeves, above the hands.
    const rowY = 0.2 * (y(L.leftShoulder) + y(L.rightShoulder)) / 2 + 0.8 * (y(L.leftHip) + y(L.rightHip)) / 2;
    const cx = (x(L.leftHip) + x(L.rightHip)) / 2;
    const half = 0.45 * Math.abs(x(L.leftShoulder) - x(L.rightShoulder)) + 60;
    const ratio = rowWidthPx(xl.mask, rowY, cx - half - 40, cx + half + 40) / rowWidthPx(s.mask, rowY, cx - half - 40, cx + half + 40);
    console.log(`tee XL ÷ S rendered width ${ratio.toFixed(3)}, chart ${(116 / 92).toFixed(3)}`);
    expect(Math.abs(ratio / (116 / 92) - 1)).toBeLessThan(0.03);
    // Length: the hem's drop in the middle of the body, through the body scale, against the chart's 8 cm.
    const band = [cx - 10, cx + 10] as const;
    const dropCm = ((lowestRow(xl.mask, ...band) - lowestRow(s.mask, ...band)) / s.pxPerM) * 100;
    console.log(`tee XL hem ${dropCm.toFixed(1)} cm below S (chart 8 cm)`);
    expect(Math.abs(dropCm - 8)).toBeLessThan(1.5);
  });

  it('trousers: a longer inseam lowers the hems by the chart’s difference', async () => {
    const ref = referenceMeasurementsCm(chino);
    const glb = await exportGarmentGlb(chino, chino.colourways[0]!);
    // Cropped lengths: both hems above the ankles on this frame (longer ones gather at the shoe; next test).
    const short = await wornOnFrame(chino.id, glb, { ...ref, inseam: 50 });
    const long = await wornOnFrame(chino.id, glb, { ...ref, inseam: 60 });
    const dropCm = ((long.lowestPx - short.lowestPx) / short.pxPerM) * 100;
    // The shins are not upright on this frame (running in place): the hem drops by the 10 cm along the shin, so by
    // 10 cm × the shin's upright share (the picture's knee → ankle at the body's scale, with the world depth).
    const { imagePx, worldM } = frameArrays(track, frame);
    const upright = (knee: number, ankle: number): number => {
      const dy = (imagePx[2 * ankle + 1]! - imagePx[2 * knee + 1]!) / short.pxPerM;
      const dx = (imagePx[2 * ankle]! - imagePx[2 * knee]!) / short.pxPerM;
      return Math.abs(dy) / Math.hypot(dx, dy, worldM[3 * ankle + 2]! - worldM[3 * knee + 2]!);
    };
    const expectedCm = 10 * Math.max(upright(L.leftKnee, L.leftAnkle), upright(L.rightKnee, L.rightAnkle));
    console.log(`chino inseam 60 hem ${dropCm.toFixed(1)} cm below inseam 50 (expected ${expectedCm.toFixed(1)} cm)`);
    expect(Math.abs(dropCm - expectedCm)).toBeLessThan(1.5);
  });

  it('trousers longer than the leg gather at the shoe: the hem stops just past the ankle, however long the chart says', async () => {
    const ref = referenceMeasurementsCm(chino);
    const glb = await exportGarmentGlb(chino, chino.colourways[0]!);
    const m = await wornOnFrame(chino.id, glb, ref);
    const longer = await wornOnFrame(chino.id, glb, { ...ref, inseam: ref.inseam! + 15 });
    expect(Math.abs(longer.lowestPx - m.lowestPx)).toBeLessThan(2);
    const { imagePx } = frameArrays(track, frame);
    // Lowest hem vs the lower ankle: no further below it than the allowance past the ankle (6 % of the shin, here
    // under 4 cm) plus the cuff's own radius.
    const ankleYPx = Math.max(imagePx[2 * L.leftAnkle + 1]!, imagePx[2 * L.rightAnkle + 1]!);
    const belowCm = ((m.lowestPx - ankleYPx) / m.pxPerM) * 100;
    console.log(`chino M (inseam ${ref.inseam} cm) hem ${belowCm.toFixed(1)} cm below the ankle`);
    expect(belowCm).toBeLessThan(10);
  });

  it('without a chart (null) the garment is drawn as modelled: the same pixels as its own measurements', async () => {
    const glb = await exportGarmentGlb(tee, tee.colourways[0]!);
    const plain = await wornOnFrame(tee.id, glb, null);
    const own = await wornOnFrame(tee.id, glb, referenceMeasurementsCm(tee));
    expect(plain.drawnAt).toBe('modelled');
    let diff = 0;
    for (let i = 0; i < plain.mask.length; i++) diff += Math.abs(plain.mask[i]! - own.mask[i]!);
    expect(diff).toBeLessThan(5);
  });
});
