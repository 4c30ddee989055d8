import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectFromRect } from './crop';
import { alignmentRect, normalizeRadians, roiFromAuxLandmarks, roiFromDetection, ROI_SCALE } from './roi';

function detectionWith(hipX: number, hipY: number, endX: number, endY: number) {
  return { score: 1, xMin: 0, yMin: 0, width: 0, height: 0, keypoints: new Float32Array([hipX, hipY, endX, endY, 0, 0, 0, 0]) };
}

describe('roiFromDetection', () => {
  it('builds an upright square of 2 × 1.25 × the hip→top distance for a standing person', () => {
    const roi = roiFromDetection(detectionWith(0.5, 0.6, 0.5, 0.3), 640, 480);
    expect(roi.rotationRad).toBeCloseTo(0, 9);
    expect(roi.xCenterNorm).toBeCloseTo(0.5, 6);
    expect(roi.yCenterNorm).toBeCloseTo(0.6, 6);
    const sidePx = 2 * 0.3 * 480 * ROI_SCALE;
    expect(roi.widthNorm * 640).toBeCloseTo(sidePx, 3);
    expect(roi.heightNorm * 480).toBeCloseTo(sidePx, 3);
  });

  it('turns a person lying to the right by +90°, and upside-down by ±180°', () => {
    expect(roiFromDetection(detectionWith(0.5, 0.5, 0.8, 0.5), 100, 100).rotationRad).toBeCloseTo(Math.PI / 2, 9);
    expect(Math.abs(roiFromDetection(detectionWith(0.5, 0.5, 0.5, 0.8), 100, 100).rotationRad)).toBeCloseTo(Math.PI, 9);
  });

  it('round-trips: the crop point straight above the centre projects back onto keypoint 1, for any pose', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.05, max: 0.4, noNaN: true }),
        fc.integer({ min: 64, max: 2000 }),
        fc.integer({ min: 64, max: 2000 }),
        (hx, hy, angle, radiusNorm, widthPx, heightPx) => {
          const rPx = radiusNorm * Math.min(widthPx, heightPx);
          const ex = hx + (Math.sin(angle) * rPx) / widthPx;
          const ey = hy - (Math.cos(angle) * rPx) / heightPx;
          const roi = roiFromDetection(detectionWith(hx, hy, ex, ey), widthPx, heightPx);
          const p = [0, 0];
          projectFromRect(0.5, 0.5 - 0.5 / ROI_SCALE, roi, p);
          expect(p[0]! * widthPx).toBeCloseTo(ex * widthPx, 3);
          expect(p[1]! * heightPx).toBeCloseTo(ey * heightPx, 3);
        },
      ),
    );
  });
});

describe('roiFromAuxLandmarks', () => {
  it('uses landmark 33 as centre and 34 as the size/rotation point, with the landmark stride', () => {
    const aux = new Float32Array([0.4, 0.7, 0, 1, 1, 0.4, 0.2, 0, 1, 1]);
    const roi = roiFromAuxLandmarks(aux, 5, 1000, 1000);
    const expected = alignmentRect(0.4, 0.7, 0.4, 0.2, 1000, 1000);
    expect(roi.xCenterNorm).toBeCloseTo(expected.xCenterNorm, 6);
    expect(roi.widthNorm).toBeCloseTo(expected.widthNorm * ROI_SCALE, 6);
    expect(roi.rotationRad).toBeCloseTo(0, 6);
  });
});

describe('normalizeRadians', () => {
  it('wraps into [-π, π)', () => {
    expect(normalizeRadians(3 * Math.PI)).toBeCloseTo(-Math.PI, 9);
    expect(normalizeRadians(-Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 9);
    expect(normalizeRadians(2.5 * Math.PI)).toBeCloseTo(0.5 * Math.PI, 9);
  });
});
