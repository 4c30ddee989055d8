import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { torsoLineAt } from '../../shared/own-top-hems';
import { createTopBand, ownTopBand, TOP_BAND_ABOVE, TOP_BAND_OUTER_OF_HIPS, TOP_FILL_BELOW, TOP_MIDDLE_BLEND_OF_HIPS, type TopBand } from './own-top-cover-layer';

/**
 * A shopper standing square (camera px): shoulders 200 px apart at y 200, hips 100 px apart at y 500 (the wearer's
 * left on the picture's right).
 */
function standing(): Float64Array {
  const px = new Float64Array(66);
  const put = (i: number, x: number, y: number) => px.set([x, y], 2 * i);
  put(L.leftShoulder, 300, 200);
  put(L.rightShoulder, 100, 200);
  put(L.leftHip, 250, 500);
  put(L.rightHip, 150, 500);
  return px;
}

function bandOf(px: Float64Array, side: 'left' | 'right', hem: number | null): TopBand | null {
  const out = createTopBand();
  return ownTopBand(px, side, hem, out) ? out : null;
}

const at = (px: Float64Array) => (i: number) => [px[2 * i]!, px[2 * i + 1]!] as const;

describe('the bands over the shopper’s own top', () => {
  it('run down each side’s torso line from above the own hem to its fill line just below it', () => {
    const px = standing();
    const left = bandOf(px, 'left', 1.1)!;
    const [x0, y0] = torsoLineAt(at(px), 'left', 0);
    const [x1, y1] = torsoLineAt(at(px), 'left', 1);
    const torso = Math.hypot(x1 - x0, y1 - y0);
    // The band starts TOP_BAND_ABOVE above the hem, on the line; it runs along the line, down.
    const [ox, oy] = torsoLineAt(at(px), 'left', 1.1 - TOP_BAND_ABOVE);
    expect(left.originPx[0]).toBeCloseTo(ox);
    expect(left.originPx[1]).toBeCloseTo(oy);
    expect(left.axis[0]).toBeCloseTo((x1 - x0) / torso);
    expect(left.axis[1]).toBeCloseTo((y1 - y0) / torso);
    // The fill line: TOP_FILL_BELOW below the hem, on the line.
    expect(left.lengthPx).toBeCloseTo((TOP_BAND_ABOVE + TOP_FILL_BELOW) * torso);
    const [fx, fy] = torsoLineAt(at(px), 'left', 1.1 + TOP_FILL_BELOW);
    expect(left.originPx[0]! + left.lengthPx * left.axis[0]!).toBeCloseTo(fx);
    expect(left.originPx[1]! + left.lengthPx * left.axis[1]!).toBeCloseTo(fy);
  });

  it('reach outwards past the torso’s side and inwards a little past its middle, each side its own way', () => {
    const left = bandOf(standing(), 'left', 1)!;
    const right = bandOf(standing(), 'right', 1)!;
    // At the hem (y 500, where the quad's bottom corners lie near) the left line is at x 225, the right at x 175; the
    // middle at 200. The wearer's left is on the picture's right: outwards is towards larger x for it.
    const xs = (b: TopBand) => [0, 2, 4, 6].map((i) => b.cornersPx[i]!);
    expect(left.middlePx).toBeCloseTo(25);
    expect(Math.max(...xs(left))).toBeGreaterThan(250 + 0.9 * TOP_BAND_OUTER_OF_HIPS * 100 - 25);
    expect(Math.min(...xs(left))).toBeLessThan(200 - 0.5 * TOP_MIDDLE_BLEND_OF_HIPS * 100);
    expect(Math.min(...xs(right))).toBeLessThan(150 - 0.9 * TOP_BAND_OUTER_OF_HIPS * 100 + 25);
    expect(Math.max(...xs(right))).toBeGreaterThan(200 + 0.5 * TOP_MIDDLE_BLEND_OF_HIPS * 100);
    // The two overlap at the middle (the second fades in there), and neither reaches the other's side.
    expect(Math.min(...xs(left))).toBeGreaterThan(150);
    expect(Math.max(...xs(right))).toBeLessThan(250);
  });

  it('start at the shoulders’ height at the highest, for an own hem read high up', () => {
    const left = bandOf(standing(), 'left', 0.2)!;
    expect(left.originPx[1]).toBeCloseTo(200);
    expect(left.lengthPx).toBeCloseTo((0.2 + TOP_FILL_BELOW) * Math.hypot(225 - 250, 500 - 200));
  });

  it('none where the own hem is not read, or for a torso of no length on the picture', () => {
    expect(bandOf(standing(), 'left', null)).toBeNull();
    const px = standing();
    px.set([300, 200], 2 * L.leftHip);
    px.set([100, 200], 2 * L.rightHip);
    expect(bandOf(px, 'left', 1)).toBeNull();
  });
});
