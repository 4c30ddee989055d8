import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { BAND_FROM_PLACE, BAND_INNER_OF_HIPS, BAND_OUTER_OF_HIPS, createHemBand, FILL_BELOW_HEM, HEM_LINE_ABOVE, MAX_HEM_PLACE, ownHemBand, type HemBand } from './own-hem-cover-layer';

/** A shopper standing square: hips 100 px apart at y 500, knees at y 700, ankles at y 900 (camera px). */
function standing(): Float64Array {
  const px = new Float64Array(66);
  const put = (i: number, x: number, y: number) => px.set([x, y], 2 * i);
  put(L.leftHip, 250, 500);
  put(L.rightHip, 150, 500);
  put(L.leftKnee, 250, 700);
  put(L.rightKnee, 150, 700);
  put(L.leftAnkle, 250, 900);
  put(L.rightAnkle, 150, 900);
  return px;
}

function bandOf(px: Float64Array, side: 'left' | 'right', hem: number | null): HemBand | null {
  const out = createHemBand();
  return ownHemBand(px, side, hem, out) ? out : null;
}

const xsOf = (b: HemBand): number[] => [0, 2, 4, 6].map((i) => b.cornersPx[i]!);

describe('the bands over the shopper’s own shorts', () => {
  it('run down each thigh from a third of the way to just past the own hem, read from the row below it', () => {
    const left = bandOf(standing(), 'left', 0.9)!;
    const right = bandOf(standing(), 'right', 1.1)!;
    expect([...left.originPx]).toEqual([250, 500 + 200 * BAND_FROM_PLACE]);
    expect(left.axis[0]).toBeCloseTo(0);
    expect(left.axis[1]).toBeCloseTo(1);
    // The fill row: the hem plus FILL_BELOW_HEM of the thigh (left), or of the shin past the knee (right).
    expect(left.lengthPx).toBeCloseTo(200 * (0.9 + FILL_BELOW_HEM - BAND_FROM_PLACE));
    expect(right.lengthPx).toBeCloseTo(200 * (1.1 + FILL_BELOW_HEM - BAND_FROM_PLACE));
    // Solid (whatever the colour) from just above the hem: its pixels are half shorts, half leg.
    expect(left.solidFromPx).toBeCloseTo(200 * (0.9 - HEM_LINE_ABOVE - BAND_FROM_PLACE));
    // The quad's bottom edge is the fill row.
    expect(left.cornersPx[5]).toBeCloseTo(500 + 200 * (0.9 + FILL_BELOW_HEM));
  });

  it('reach inwards to the middle between the legs and further outwards, each leg its own way', () => {
    const left = bandOf(standing(), 'left', 0.9)!;
    const right = bandOf(standing(), 'right', 0.9)!;
    // The wearer's left leg is on the picture's right (larger x): outwards is +x for it, −x for the right leg.
    expect(Math.min(...xsOf(left))).toBeCloseTo(250 - BAND_INNER_OF_HIPS * 100);
    expect(Math.max(...xsOf(left))).toBeCloseTo(250 + BAND_OUTER_OF_HIPS * 100);
    expect(Math.max(...xsOf(right))).toBeCloseTo(150 + BAND_INNER_OF_HIPS * 100);
    expect(Math.min(...xsOf(right))).toBeCloseTo(150 - BAND_OUTER_OF_HIPS * 100);
  });

  it('follow a thigh that swings out', () => {
    const px = standing();
    px.set([330, 680], 2 * L.leftKnee);
    const left = bandOf(px, 'left', 1)!;
    const len = Math.hypot(80, 180);
    expect(left.axis[0]).toBeCloseTo(80 / len);
    expect(left.axis[1]).toBeCloseTo(180 / len);
  });

  it('none where the own hem is not read, or is too far down the shin to stretch a row of the picture over', () => {
    expect(bandOf(standing(), 'left', null)).toBeNull();
    expect(bandOf(standing(), 'left', MAX_HEM_PLACE + 0.01)).toBeNull();
    expect(bandOf(standing(), 'right', MAX_HEM_PLACE)).not.toBeNull();
  });

  it('none for a thigh of no length on the picture (a knee raised straight at the camera)', () => {
    const px = standing();
    px.set([250, 500], 2 * L.leftKnee);
    expect(bandOf(px, 'left', 0.9)).toBeNull();
  });
});
