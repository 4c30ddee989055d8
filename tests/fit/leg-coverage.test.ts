import { describe, expect, it } from 'vitest';
import { isSkin, legwearCover } from '../../scripts/fit/leg-coverage';
import { PoseLandmark as L } from '../../src/shared/pose';

const W = 100;
const H = 200;

/**
 * A drawn shopper from the hips down: grey shorts (x 30–70) from the hip line (y 60) to y 120, the legs touching down
 * to y 90 and parted below it (background x 48–52), skin legs below the shorts; a passer-by's grey coat beyond a
 * strip of background (x 80–90). Knees at y 140.
 */
function shopper(): { rgba: Uint8Array; person: Uint8Array; landmarksPx: Float64Array } {
  const rgba = new Uint8Array(W * H * 4);
  const person = new Uint8Array(W * H);
  const paint = (x0: number, x1: number, y0: number, y1: number, rgb: [number, number, number], isPerson: boolean): void => {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        rgba.set([...rgb, 255], 4 * (y * W + x));
        person[y * W + x] = isPerson ? 255 : 0;
      }
    }
  };
  paint(0, W, 0, H, [150, 100, 60], false); // a wooden cabinet
  paint(30, 70, 0, 60, [235, 235, 230], true); // the T-shirt above the hip line
  paint(30, 70, 60, 120, [130, 130, 126], true); // shorts
  paint(48, 52, 90, 120, [150, 100, 60], false); // between the parted legs: the cabinet
  paint(34, 46, 120, 200, [210, 160, 130], true); // skin legs
  paint(54, 66, 120, 200, [210, 160, 130], true);
  paint(80, 90, 0, 200, [120, 120, 120], true); // someone else
  const landmarksPx = new Float64Array(66);
  const joints: Array<[number, number, number]> = [
    [L.leftShoulder, 60, 0], [L.rightShoulder, 40, 0], [L.leftHip, 60, 60], [L.rightHip, 40, 60], [L.leftKnee, 60, 140], [L.rightKnee, 40, 140],
  ];
  for (const [i, x, y] of joints) landmarksPx.set([x, y], 2 * i);
  return { rgba, person, landmarksPx };
}

/** A garment's coverage mask with the given rectangles filled. */
function garment(...rects: Array<[number, number, number, number]>): Uint8Array {
  const m = new Uint8Array(W * H);
  for (const [x0, x1, y0, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 255;
  return m;
}

describe('legwearCover on a drawn shopper', () => {
  const { rgba, person, landmarksPx } = shopper();
  // Counted rows: from 6 px below the hip line (0.1 of the 60 px torso: a top's hem) to the knee line (y 140); the
  // shorts are the only legwear there (the legs below them are skin, the passer-by is beyond the background).
  const legwearPx = 40 * (120 - 66) - 4 * 30;

  it('counts the shorts, not the skin, the top, the background or someone beyond it', () => {
    const c = legwearCover(garment(), person, rgba, W, H, landmarksPx);
    expect(c.legwearPx).toBe(legwearPx);
    expect(c.bare).toBe(1);
    // Between the legs' centre lines (x 40–60), the background of the parted legs: 4 px × 30 rows between the
    // shorts' legs, and 8 px × 21 rows between the bare legs below them, down to the knee line.
    expect(c.gapPx).toBe(4 * 30 + 8 * 21);
    expect(c.gapCovered).toBe(0);
  });

  it('tells the inner sides and the gap between the legs from the outer sides', () => {
    // Trousers covering the shorts outside the legs' centre lines only (x 30–39 and 61–69), then the whole shorts
    // and the gap too. Inside them (x 40–60), 21 columns of 54 rows, less the gap.
    const outerOnly = legwearCover(garment([30, 40, 0, 200], [61, 70, 0, 200]), person, rgba, W, H, landmarksPx);
    expect(outerOnly.bareOuterPx).toBe(0);
    expect(outerOnly.bareInnerPx).toBe(21 * 54 - 120);
    const tent = legwearCover(garment([30, 70, 0, 200]), person, rgba, W, H, landmarksPx);
    expect(tent.bare).toBe(0);
    expect(tent.gapCoveredPx).toBe(tent.gapPx);
    expect(tent.gapCovered).toBe(1);
  });

  it('does not count legwear below a shorter garment\'s hem (Bermudas over knee-length shorts)', () => {
    const c = legwearCover(garment([30, 70, 0, 100]), person, rgba, W, H, landmarksPx);
    expect(c.bare).toBe(0);
    expect(c.legwearPx).toBe(40 * (100 - 66) - 4 * 10);
  });
});

describe('isSkin', () => {
  it('takes lit and shaded skin, not grey marl, denim, white cloth or black', () => {
    const skin: Array<[number, number, number]> = [[210, 160, 130], [160, 110, 85], [225, 180, 150]];
    const cloth: Array<[number, number, number]> = [[130, 130, 126], [70, 90, 130], [235, 235, 230], [20, 20, 20]];
    for (const [r, g, b] of skin) expect(isSkin(r, g, b), `${r} ${g} ${b}`).toBe(true);
    for (const [r, g, b] of cloth) expect(isSkin(r, g, b), `${r} ${g} ${b}`).toBe(false);
  });
});
