/**
 * The 3D tee's neck rib as the kiosk's screen shows it (issue 14): the real render page (`atelier tryon`'s, the
 * mirror's MirrorScene and Fitting) at 1080 × 1920 over a flat grey camera picture, with the mirror clip's frame 60
 * pose, measured on the rendered picture down each screen column across the front of the neck.
 *
 * The rib and its seam's shadow are drawn into the garment's base-colour atlas (neck-rib.ts). The atlas's rows ran
 * by the body tube's centre line, which hardly moves over the yoke, so there a row was ≈ 6 mm of cloth and the 2.5 mm
 * shadow was averaged and spread by the mipmaps into a grey band with a ragged edge round the neck (a dirty collar,
 * on the clip at the kiosk's size). The rows run by the cloth's own length now (model3d.ts `foldRect`).
 */
import { describe, expect, it } from 'vitest';
import { coverFit } from '../../src/shared/cover-fit';
import { PoseLandmark as L } from '../../src/shared/pose';
import { DISPLAY, frame } from './occluder-frame';
import { CM_PER_PX, H, picture, render, useDemoCatalog, W } from './tryon-render';

const catalog = useDemoCatalog();
const GREY = 118;

describe('the 3D tee’s neck rib on the kiosk’s screen', () => {
  it('its seam is a thin dark line round the front of the neck, not a grey band', { timeout: 240_000 }, async () => {
    const [r] = await render(catalog(), 'tee-everyday', 'Chalk White', '3d', [picture(() => GREY / 255)], [0], { frame, display: DISPLAY });
    const c = r!.composite;
    const v = coverFit(W, H, DISPLAY.widthPx, DISPLAY.heightPx);
    const screenPerCamera = DISPLAY.widthPx / v.widthPx;
    const cmPerScreenPx = CM_PER_PX / screenPerCamera;
    const lm = frame.landmarksPx;
    const centreX = Math.round(((lm[2 * L.leftShoulder]! + lm[2 * L.rightShoulder]!) / 2 - v.xPx) * screenPerCamera);
    const luma = (x: number, y: number): number => {
      const i = 4 * (y * DISPLAY.widthPx + x);
      return 0.2126 * c[i]! + 0.7152 * c[i + 1]! + 0.0722 * c[i + 2]!;
    };
    // Down each column across the front (± 5 cm of the centre): from the neck's hole (the camera's grey, drawn by the
    // neck's occluder) through the rib (1.6 cm) to the body. The seam's line: the darkest pixel within 3.3 cm below
    // the hole, its depth under the body's level (1 cm further down) and its width at half that depth.
    const reach = Math.round(3.3 / cmPerScreenPx);
    const widths: number[] = [];
    const depths: number[] = [];
    const halfSpan = Math.round(5 / cmPerScreenPx);
    for (let x = centreX - halfSpan; x <= centreX + halfSpan; x += 4) {
      let hole = -1;
      for (let y = 0; y < DISPLAY.heightPx / 2; y++) if (Math.abs(luma(x, y) - GREY) < 4) hole = y;
      expect(hole, `no neck hole above column ${x}`).toBeGreaterThan(0);
      const from = hole + 4;
      const window = Array.from({ length: reach }, (_, k) => luma(x, from + k));
      const body = [...Array.from({ length: 20 }, (_, k) => luma(x, from + reach + 10 + k))].sort((a, b) => a - b)[10]!;
      const darkest = Math.min(...window);
      depths.push(body - darkest);
      widths.push(window.filter((l) => l < (darkest + body) / 2).length);
    }
    const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
    console.log(`neck rib's seam over ${widths.length} columns: width median ${median(widths)} px (${(median(widths) * cmPerScreenPx).toFixed(2)} cm), depth median ${median(depths).toFixed(0)} levels`);
    // Measured: 5 px (0.36 cm) wide, 53 levels deep; before, 24 px (1.7 cm) and 31 levels: a grey band.
    expect(median(widths) * cmPerScreenPx).toBeLessThan(0.8);
    expect(median(depths)).toBeGreaterThan(40);
  });
});
