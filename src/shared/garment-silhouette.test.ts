import { describe, expect, it } from 'vitest';
import { measureSilhouette, opaqueRunPx } from './garment-silhouette';

/** A 200 × 300 picture: a 100 px wide torso (x 50..150), a sleeve beside it (x 160..190) not touching. */
function picture(): Uint8Array {
  const a = new Uint8Array(200 * 300);
  for (let y = 20; y < 280; y++) {
    for (let x = 50; x < 150; x++) a[y * 200 + x] = 255;
    for (let x = 160; x < 190; x++) a[y * 200 + x] = 255;
  }
  return a;
}

describe('garment silhouette', () => {
  it('measures the opaque run through a point, and 0 outside the garment', () => {
    const a = picture();
    expect(opaqueRunPx(a, 200, 300, 100, 100, 1, 0)).toBeCloseTo(100, 0);
    expect(opaqueRunPx(a, 200, 300, 155, 100, 1, 0)).toBe(0);
    expect(opaqueRunPx(a, 200, 300, 100, 100, 0, 1)).toBeCloseTo(260, 0);
  });

  it('reads the chest across the garment\'s own axis, not the sleeve beside it', () => {
    const s = measureSilhouette(
      { image: { file: 'x', widthPx: 200, heightPx: 300 }, anchorsPx: { leftShoulder: [140, 40], rightShoulder: [60, 40], leftWaist: [140, 200], rightWaist: [60, 200], leftHip: [130, 260], rightHip: [70, 260] } },
      picture(),
    );
    expect(s.chestWidthPx).toBeCloseTo(100, 0);
    expect(s.hipWidthPx).toBeCloseTo(100, 0);
    expect(s.legOpeningWidthPx).toBeNull();
  });

  it('refuses an alpha channel of the wrong size', () => {
    expect(() => measureSilhouette({ image: { file: 'x', widthPx: 200, heightPx: 300 }, anchorsPx: {} }, new Uint8Array(10))).toThrow(/expected 60000/);
  });
});
