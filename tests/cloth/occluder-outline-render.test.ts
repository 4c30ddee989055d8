/**
 * The occluder's regions' own outlines are soft on the mirror's screen, as the CPU twin (`occluderAlphaAt`) says: the
 * occluder's real shader, drawn by `atelier tryon`'s render page at 1080 × 1920 with the mirror clip's frame 60 pose,
 * over synthetic camera pictures where the colour key is in front on both sides of an outline, so the only edge is the
 * region's: a skin disc wider than the hand's capsule (the capsule's end across a hand, a forearm), and the shopper's
 * own top running on below the own-top hip line over a worn 2D bottom (the waistband's top edge). The alpha at each
 * screen pixel is read off the render against a render of the garment alone, and compared with the CPU's. main's
 * hard outlines jumped from 0 to 1 within a screen pixel there. Also the own-top key's path across the body, in the
 * shader as on the CPU: a side of the top in shade as grey as the own bottom, down to it, stays in front.
 */
import { describe, expect, it } from 'vitest';
import { alphaAgainstGarment, screenToCamera } from '../../scripts/fit/occluder-edge';
import { cameraRgbAt, occluderAlphaAt } from '../../src/renderer/scene/key-weight-at';
import { CLOTH_SAMPLES, capsuleEdgeAlpha, createOcclusionRegions, FACE_SAMPLES, SKIN_SAMPLES, headRegionAlpha, occlusionRegions, ownTopEdgeAlpha, type OcclusionRegions } from '../../src/renderer/scene/occlusion-regions';
import { PoseLandmark as L } from '../../src/shared/pose';
import { DISPLAY, frame, handInFront, SHIRT, SKIN } from './occluder-frame';
import { H, picture, render, save, useDemoCatalog, W } from './tryon-render';

const catalog = useDemoCatalog();
/** The shopper's own top and own bottom for the waistband: as far apart in RGB as a white tee and grey shorts, one luma. */
const OWN_TOP = [90, 90, 90];
const OWN_BOTTOM = [120, 82, 70];

interface Compared {
  figures: string;
  measured: number;
  mean: number;
  p95: number;
  soft: number;
  /** The mean alpha read off the render. */
  meanAlpha: number;
}

/**
 * The occluder's alpha read off render `a` against the garment alone (`b`) at the screen pixels whose camera point
 * `where` picks, compared with the CPU's ({@link occluderAlphaAt}; `maskAt` the person mask the renders were sent,
 * by default none: the person everywhere).
 */
function compare(a: Uint8Array, b: Uint8Array, camera: Uint8Array, regions: OcclusionRegions, where: (xPx: number, yPx: number) => boolean, maskAt: (xPx: number, yPx: number) => number = () => 1): Compared {
  const toCamera = screenToCamera({ rgba: camera, widthPx: W, heightPx: H }, DISPLAY);
  const errors: number[] = [];
  let soft = 0;
  let alphaSum = 0;
  for (let y = 0; y < DISPLAY.heightPx; y++) {
    for (let x = 0; x < DISPLAY.widthPx; x++) {
      const [px, py] = toCamera(x, y);
      if (!where(px, py)) continue;
      const cam = cameraRgbAt(camera, W, H, px, py);
      const i = 4 * (y * DISPLAY.widthPx + x);
      const measured = alphaAgainstGarment(a, b, cam, i);
      // No garment under the pixel (past the garment's own outline): nothing to read.
      if (measured === null) continue;
      errors.push(Math.abs(measured - occluderAlphaAt(camera, W, H, maskAt, regions, px, py)));
      if (measured > 0.2 && measured < 0.8) soft++;
      alphaSum += measured;
    }
  }
  errors.sort((p, q) => p - q);
  const mean = errors.reduce((p, e) => p + e, 0) / errors.length;
  const p95 = errors[Math.floor(0.95 * errors.length)]!;
  const figures = `${errors.length} screen pixels, |GPU − CPU| mean ${mean.toFixed(3)}, 95th percentile ${p95.toFixed(3)}, ${soft} between 0.2 and 0.8`;
  console.log(figures);
  return { figures, measured: errors.length, mean, p95, soft, meanAlpha: alphaSum / errors.length };
}

/**
 * The outline measured along enough of its length, its alpha the CPU's, and soft: across the band the alpha rises over
 * the whole of it (main: a step, ≈ no pixel between 0.2 and 0.8).
 */
function expectSoftAsTheCpu(r: Compared): void {
  expect(r.measured, r.figures).toBeGreaterThan(200);
  expect(r.mean, r.figures).toBeLessThan(0.05);
  expect(r.p95, r.figures).toBeLessThan(0.15);
  expect(r.soft, r.figures).toBeGreaterThan(r.measured / 3);
}

/**
 * Frame 60's regions with the own-top region on (a 2D bottom worn without a top), its landmarks, the hip and shoulder
 * lines' heights, and where the own bottom starts in the pictures: a little above the thighs' samples (a fifth of the
 * way down to the knees), clear of the key's ring round the hip line.
 */
function ownTopScene(): { regions: OcclusionRegions; lm: Float64Array; hipY: number; shoulderY: number; bottomFromY: number } {
  const regions = createOcclusionRegions();
  occlusionRegions(frame.landmarksPx, frame.worldM, regions, { ownTop: true });
  const lm = frame.landmarksPx;
  const hipY = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
  const shoulderY = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
  const kneeY = (lm[2 * L.leftKnee + 1]! + lm[2 * L.rightKnee + 1]!) / 2;
  return { regions, lm, hipY, shoulderY, bottomFromY: hipY + 0.2 * (kneeY - hipY) };
}

describe("the occluder's region outlines in the shader", () => {
  it("draws a hand capsule's outline across the skin with the CPU's soft alpha", async () => {
    const { regions, side } = handInFront();
    // A skin disc round the hand capsule's far end, twice its radius: the capsule's end lies inside it, the disc's
    // own rim (the key's edge) a capsule radius further out.
    const hand = 2 * side + 1;
    const cx = regions.capsules[4 * hand + 2]!;
    const cy = regions.capsules[4 * hand + 3]!;
    const radius = 2 * regions.radiiPx[hand]!;
    const inDisc = (i: number): boolean => Math.hypot((i % W) + 0.5 - cx, Math.floor(i / W) + 0.5 - cy) < radius;
    const withSkin = picture((i, c) => (inDisc(i) ? SKIN[c]! : SHIRT[c]!) / 255);
    const without = picture((_, c) => SHIRT[c]! / 255);
    const [a, b] = await render(catalog(), 'tee-everyday', 'Navy', '2d', [withSkin, without], [0, 1000], { frame, display: DISPLAY });
    await save('occluder-outline-hand-camera', withSkin);
    // Within the hand capsule's soft band, well inside the disc, clear of the forearm's capsule (the tee's sleeve is
    // drawn again over the occluder near the elbow: the garment's own edge, not the occluder's) and of the head region.
    const band = regions.edgeSoftPx;
    const onOutline = (x: number, y: number): boolean => {
      const e = capsuleEdgeAlpha(regions, hand, x, y);
      return e > 0 && e < 1 && Math.hypot(x - cx, y - cy) < radius - 4 && capsuleEdgeAlpha(regions, 2 * side, x, y) === 0 && headRegionAlpha(regions, x, y) === 0;
    };
    expect(band, 'the soft band is more than a camera pixel').toBeGreaterThan(1);
    expectSoftAsTheCpu(compare(a!.composite, b!.composite, withSkin, regions, onOutline));
  }, 240_000);

  it("draws the own top's hip line over a 2D bottom's waistband with the CPU's soft alpha, not a stair-step", async () => {
    // The own bottom in the garment-alone picture from three quarters down the torso, above the hip line.
    const { regions, hipY, shoulderY, bottomFromY } = ownTopScene();
    expect(bottomFromY - hipY, 'the own bottom starts below the ring round the hip line').toBeGreaterThan(regions.ownTopVoteRadiusPx + regions.edgeSoftPx);
    const referenceFromY = shoulderY + 0.75 * (hipY - shoulderY);
    const split = (fromY: number) => picture((i, c) => (Math.floor(i / W) + 0.5 < fromY ? OWN_TOP[c]! : OWN_BOTTOM[c]!) / 255);
    const withTop = split(bottomFromY);
    const without = split(referenceFromY);
    const [a, b] = await render(catalog(), 'chino-slim', 'Khaki', '2d', [withTop, without], [0, 1000], { frame, display: DISPLAY });
    await save('occluder-outline-waist-camera', withTop);
    const onLine = (x: number, y: number): boolean => {
      const e = ownTopEdgeAlpha(regions, x, y);
      return e > 0 && e < 1;
    };
    expectSoftAsTheCpu(compare(a!.composite, b!.composite, withTop, regions, onLine));
  }, 240_000);

  it("keeps a side of the own top in shade in front of a 2D bottom, as grey as the own bottom down to it (the path across)", async () => {
    const { regions, lm, hipY, bottomFromY } = ownTopScene();
    // The strip: the own bottom's very colour, from a ring radius below the torso's samples (they read the top's
    // colour) down to the own bottom, over the body's right side round its hip landmark, two ring radii wide, so the
    // ring and the path down see little else; the lit top lies between it and the body's middle.
    const ring = regions.ownTopVoteRadiusPx;
    const side = Math.min(lm[2 * L.leftHip]!, lm[2 * L.rightHip]!);
    const stripX = [side - 1.5 * ring, side + 0.5 * ring];
    let samplesY = 0;
    for (let k = 2 * SKIN_SAMPLES + FACE_SAMPLES; k < 2 * SKIN_SAMPLES + FACE_SAMPLES + CLOTH_SAMPLES; k++) samplesY = Math.max(samplesY, regions.samplesPx[2 * k + 1]!);
    const stripY = samplesY + ring;
    expect(hipY - stripY, 'the strip runs two ring radii down to the hip line').toBeGreaterThan(2 * ring);
    const inStrip = (x: number, y: number): boolean => x >= stripX[0]! && x < stripX[1]! && y >= stripY;
    const shaded = picture((i, c) => {
      const x = (i % W) + 0.5;
      const y = Math.floor(i / W) + 0.5;
      return (y >= bottomFromY || inStrip(x, y) ? OWN_BOTTOM[c]! : OWN_TOP[c]!) / 255;
    });
    // The garment alone: the own bottom from the strip's top across the body (a top riding up: under the garment).
    const without = picture((i, c) => (Math.floor(i / W) + 0.5 >= stripY ? OWN_BOTTOM[c]! : OWN_TOP[c]!) / 255);
    const [a, b] = await render(catalog(), 'skirt-aline', 'Mustard Dot', '2d', [shaded, without], [0, 1000], { frame, display: DISPLAY });
    await save('occluder-own-top-shade-camera', shaded);
    const inside = (x: number, y: number): boolean => inStrip(x, y) && x > stripX[0]! + 2 && x < stripX[1]! - 2 && ownTopEdgeAlpha(regions, x, y) === 1;
    const r = compare(a!.composite, b!.composite, shaded, regions, inside);
    expect(r.measured, r.figures).toBeGreaterThan(200);
    expect(r.mean, r.figures).toBeLessThan(0.05);
    expect(r.meanAlpha, `${r.figures}: the shade is in front`).toBeGreaterThan(0.95);
  }, 240_000);

  it('draws the picture beside the own top over a 2D bottom that is wider than the person above the hip line', async () => {
    const { regions, lm, bottomFromY } = ownTopScene();
    // The person ends just outside the body's right hip landmark (the torso stays on it, or no garment is hung): the
    // skirt's waist, cut wider than the hip landmarks, stands out past the person there. The same picture both times;
    // the mask alone differs.
    const cutX = Math.round(Math.min(lm[2 * L.leftHip]!, lm[2 * L.rightHip]!)) - 2;
    const mask = (cut: number) => ({ widthPx: W, heightPx: H, data: Uint8Array.from({ length: W * H }, (_, i) => (i % W >= cut ? 255 : 0)) });
    const maskAt = (x: number): number => (x >= cutX ? 1 : 0);
    const camera = picture((i, c) => (Math.floor(i / W) + 0.5 < bottomFromY ? OWN_TOP[c]! : OWN_BOTTOM[c]!) / 255);
    const [a] = await render(catalog(), 'skirt-aline', 'Mustard Dot', '2d', [camera], [0], { frame, display: DISPLAY, mask: mask(cutX) });
    // The garment alone: the own bottom up the whole picture, so the key leaves the garment everywhere on the person,
    // and the person mask everywhere, so nothing is off it.
    const alone = picture((_, c) => OWN_BOTTOM[c]! / 255);
    const [b] = await render(catalog(), 'skirt-aline', 'Mustard Dot', '2d', [alone], [0], { frame, display: DISPLAY, mask: mask(0) });
    await save('occluder-own-top-beside-camera', camera);
    // Off the person, above the hip line's soft band, clear of the mask's own soft edge.
    const beside = (x: number, y: number): boolean => x < cutX - 3 && ownTopEdgeAlpha(regions, x, y) === 1;
    const r = compare(a!.composite, b!.composite, camera, regions, beside, maskAt);
    expect(r.measured, r.figures).toBeGreaterThan(200);
    expect(r.mean, r.figures).toBeLessThan(0.05);
    expect(r.meanAlpha, `${r.figures}: the picture is drawn over the garment beside the top`).toBeGreaterThan(0.95);
  }, 240_000);
});
