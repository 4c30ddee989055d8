import { describe, expect, it } from 'vitest';
import { frameFit, median, misses, summarise, type FrameFit } from '../../scripts/fit/fit-metrics';
import type { OwnClothes } from '../../scripts/fit/own-clothes';
import { PoseLandmark as L } from '../../src/shared/pose';

const W = 100;
const H = 200;

function rect(x0: number, x1: number, y0: number, y1: number, value = 1): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = value;
  return m;
}

/** T-shirt x 30–70 × y 40–100 (2400 px), shorts x 32–68 × y 100–160 (2160 px); straight legs at x 42 and 58. */
function clothes(): { c: OwnClothes; lm: Float64Array } {
  const c: OwnClothes = {
    widthPx: W,
    heightPx: H,
    tee: rect(30, 70, 40, 100),
    shorts: rect(32, 68, 100, 160),
    teePixels: 2400,
    shortsPixels: 2160,
    person: rect(20, 80, 10, 195),
    shoulderYPx: 45,
    hipYPx: 105,
    kneeYPx: 150,
    ankleYPx: 190,
    bodyHeightPx: 200,
  };
  const lm = new Float64Array(66);
  for (const [i, x, y] of [
    [L.leftShoulder, 64, 45],
    [L.rightShoulder, 36, 45],
    [L.leftHip, 58, 105],
    [L.rightHip, 42, 105],
    [L.leftKnee, 58, 150],
    [L.rightKnee, 42, 150],
    [L.leftAnkle, 58, 190],
    [L.rightAnkle, 42, 190],
  ] as const)
    lm.set([x, y], 2 * i);
  return { c, lm };
}

describe('fit figures on drawn masks', () => {
  const { c, lm } = clothes();

  it('IoU and coverage of the T-shirt: exact, half, none', () => {
    expect(frameFit(0, c, rect(30, 70, 40, 100, 255), lm)).toMatchObject({ teeIoU: 1, teeCovered: 1 });
    // The garment covers the T-shirt's upper half only: IoU 1200 / 2400.
    expect(frameFit(0, c, rect(30, 70, 40, 70, 255), lm)).toMatchObject({ teeIoU: 0.5, teeCovered: 0.5 });
    // Twice as wide (x 10–90), so a quarter of it (x 10–20 and 80–90) hangs off the person (x 20–80).
    expect(frameFit(0, c, rect(10, 90, 40, 100, 255), lm)).toMatchObject({ teeIoU: 0.5, teeCovered: 1, offPerson: 0.25 });
    expect(frameFit(0, c, new Uint8Array(W * H), lm)).toMatchObject({ teeIoU: 0, teeCovered: 0, hemKneeToAnkle: null });
  });

  it("dress: the T-shirt's torso below the armpits and between the shoulder joints, not its sleeves", () => {
    // Shoulder joints at x 36 and 64; the armpits 0.2 of the 60 px torso below them (y 57): the torso is
    // x 36–64 × y 57–99, 29 × 43 = 1247 px of the T-shirt's 2400.
    const slip = rect(36, 65, 57, 160, 255);
    const f = frameFit(0, c, slip, lm);
    expect(f.torsoCovered).toBe(1);
    expect(f.teeCovered).toBeCloseTo(1247 / 2400, 6);
    expect(f.shortsCovered).toBeCloseTo((29 * 60) / 2160, 6);
    // A bodice that stops at the waist (y 80) covers the torso above it only: 29 × 23 of 1247.
    expect(frameFit(0, c, rect(36, 65, 57, 80, 255), lm).torsoCovered).toBeCloseTo((29 * 23) / 1247, 6);
  });

  it('trousers: shorts covered, hems measured along each leg from its ankle', () => {
    // Legs of trousers down to y = 180 on the left leg and y = 195 on the right (ankles at 190).
    const g = rect(32, 68, 95, 160, 255);
    for (let y = 160; y <= 180; y++) for (let x = 52; x < 64; x++) g[y * W + x] = 255;
    for (let y = 160; y <= 195; y++) for (let x = 36; x < 48; x++) g[y * W + x] = 255;
    const f = frameFit(0, c, g, lm);
    expect(f.shortsCovered).toBe(1);
    expect(f.hemToAnkleOfHeight[0]).toBeCloseTo(-10 / 200, 3);
    expect(f.hemToAnkleOfHeight[1]).toBeCloseTo(5 / 200, 3);
    // The lower hem, 5 px past the ankle on a 40 px shin: 1.125 of knee → ankle.
    expect(f.hemKneeToAnkle).toBeCloseTo(1.125, 3);
  });

  it('skirts: the shorts covered down to the hem, those below a short skirt\'s hem not counted', () => {
    // A mini from y 95 to 130 over the shorts' full width (x 32–68), and 4 px narrower each side.
    expect(frameFit(0, c, rect(32, 68, 95, 130, 255), lm).shortsCoveredAboveHem).toBe(1);
    expect(frameFit(0, c, rect(36, 64, 95, 130, 255), lm).shortsCoveredAboveHem).toBeCloseTo(28 / 36, 6);
    // No shorts above the hem: nothing to measure.
    expect(frameFit(0, c, rect(32, 68, 20, 90, 255), lm).shortsCoveredAboveHem).toBeNaN();
  });

  it('thresholds: a summary that meets them passes, one that misses says why', () => {
    const good: FrameFit = { frame: 0, teeIoU: 0.85, teeCovered: 0.95, torsoCovered: 0.9, shortsIoU: 0.8, shortsCovered: 0.95, shortsCoveredAboveHem: 0.95, offPerson: 0.05, hemToAnkleOfHeight: [0.01, -0.02], hemKneeToAnkle: 0.5 };
    const bad: FrameFit = { ...good, frame: 1, teeIoU: 0.6, hemToAnkleOfHeight: [0.2, null], hemKneeToAnkle: -0.2 };
    expect(misses('top', summarise([good, good, good]))).toEqual([]);
    expect(misses('trousers', summarise([good, good]))).toEqual([]);
    expect(misses('dress', summarise([good]))).toEqual([]);
    // One bad frame of three: the median still passes, the worst frame does not.
    expect(misses('top', summarise([good, good, bad]))).toEqual(['T-shirt IoU worst frame 0.600 < 0.65']);
    expect(misses('trousers', summarise([good, bad]))).toEqual(['a leg without trouser on it in some frame']);
    expect(misses('trousers', summarise([good, { ...good, hemToAnkleOfHeight: [0.2, 0] }]))).toEqual(['hem to ankle 0.200 of height > 0.05']);
    expect(misses('dress', summarise([bad]))).toEqual(['hem at -0.200 of knee→ankle, not within 0…1']);
    expect(misses('skirt', summarise([good, { ...good, shortsCoveredAboveHem: Number.NaN }]))).toEqual([]);
    expect(misses('skirt', summarise([{ ...good, shortsCoveredAboveHem: 0.7 }]))).toEqual(['shorts above the hem covered 0.700 < 0.9']);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
