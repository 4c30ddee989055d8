/**
 * The feathered key on the GPU is the CPU's (`armKeyWeightAt`: featheredKey and the ring vote on the bilinearly
 * sampled picture): the occluder's real shader, drawn by `atelier tryon`'s render page at the mirror's screen size,
 * over a synthetic camera picture — the shopper's shirt, and a skin-coloured fist with a soft (camera-averaged) rim
 * where the mirror clip's frame 60 has his right fist in front of his chest. The occluder's alpha at each screen
 * pixel is read off the render against a second render without the fist (the garment alone: with the hand's samples
 * on the shirt the key is a tie, behind), and compared with the CPU's at the same camera point.
 */
import { describe, expect, it } from 'vitest';
import { alphaAgainstGarment, onKeyEdge, screenToCamera } from '../../scripts/fit/occluder-edge';
import { armKeyWeightAt, cameraRgbAt } from '../../src/renderer/scene/key-weight-at';
import { DISPLAY, frame, handInFront, SHIRT, SKIN } from './occluder-frame';
import { H, picture, render, save, useDemoCatalog, W } from './tryon-render';

const catalog = useDemoCatalog();
/** Supersamples a side when averaging the fist's rim into a camera pixel, as a camera's sensor does. */
const RIM_SAMPLES = 4;

describe("the occluder's feathered key in the shader", () => {
  it("draws the fist's rim with the CPU's alpha at every screen pixel round it", async () => {
    const { regions, side } = handInFront();
    // The fist: a disc round the hand's four samples (wrist, thumb, index, pinky), a little larger than they reach.
    const s = regions.samplesPx.subarray(8 * side, 8 * side + 8);
    const cx = (s[0]! + s[2]! + s[4]! + s[6]!) / 4;
    const cy = (s[1]! + s[3]! + s[5]! + s[7]!) / 4;
    const radius = Math.max(...[0, 1, 2, 3].map((k) => Math.hypot(s[2 * k]! - cx, s[2 * k + 1]! - cy))) + 3.3;
    const fistShare = (i: number): number => {
      const x = i % W;
      const y = Math.floor(i / W);
      let inside = 0;
      for (let a = 0; a < RIM_SAMPLES; a++) for (let b = 0; b < RIM_SAMPLES; b++) if (Math.hypot(x + (a + 0.5) / RIM_SAMPLES - cx, y + (b + 0.5) / RIM_SAMPLES - cy) < radius) inside++;
      return inside / RIM_SAMPLES ** 2;
    };
    const withFist = picture((i, c) => (fistShare(i) * SKIN[c]! + (1 - fistShare(i)) * SHIRT[c]!) / 255);
    const without = picture((_, c) => SHIRT[c]! / 255);
    const [a, b] = await render(catalog(), 'tee-everyday', 'Navy', '2d', [withFist, without], [0, 1000], { frame, display: DISPLAY });
    await save('occluder-feather-fist-camera', withFist);

    const camera = { rgba: withFist, widthPx: W, heightPx: H };
    const toCamera = screenToCamera(camera, DISPLAY);
    // The fist's rim inside the hand's region (not the region's own outline): where the key's line passes near.
    const onEdge = onKeyEdge(camera, regions);
    const errors: number[] = [];
    let soft = 0;
    let lowContrast = 0;
    for (let y = 0; y < DISPLAY.heightPx; y++) {
      for (let x = 0; x < DISPLAY.widthPx; x++) {
        const [px, py] = toCamera(x, y);
        if (!onEdge(px, py)) continue;
        const expected = armKeyWeightAt(withFist, W, H, () => true, regions, side, px, py);
        const cam = cameraRgbAt(withFist, W, H, px, py);
        const i = 4 * (y * DISPLAY.widthPx + x);
        const measured = alphaAgainstGarment(a!.composite, b!.composite, cam, i);
        if (measured === null) {
          lowContrast++;
          continue;
        }
        errors.push(Math.abs(measured - expected));
        if (measured > 0.2 && measured < 0.8) soft++;
      }
    }
    errors.sort((p, q) => p - q);
    const mean = errors.reduce((p, e) => p + e, 0) / errors.length;
    const p95 = errors[Math.floor(0.95 * errors.length)]!;
    const figures = `${errors.length} screen pixels (${lowContrast} without the garment under them), |GPU − CPU| mean ${mean.toFixed(3)}, 95th percentile ${p95.toFixed(3)}, ${soft} between 0.2 and 0.8`;
    console.log(figures);
    expect(errors.length).toBeGreaterThan(500);
    expect(lowContrast, figures).toBeLessThan(errors.length / 10);
    expect(mean, figures).toBeLessThan(0.03);
    expect(p95, figures).toBeLessThan(0.1);
    // Soft: the pixels measured lie within a camera pixel either side of the key's line (5.2 screen px across); the
    // feathered alpha is between 0.2 and 0.8 over ≈ 0.5 camera px of that (15 % measured), the hard key's over the
    // 0.03 px its alpha ramp took (≈ 1 %).
    expect(soft, figures).toBeGreaterThan(errors.length / 10);
  }, 240_000);
});
