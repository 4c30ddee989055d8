import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThinPlateSpline } from './tps';

const SRC = [100, 50, 200, 50, 90, 200, 210, 200, 150, 320, 150, 40];

describe('ThinPlateSpline', () => {
  it('lands every anchor exactly on its target', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: SRC.length, maxLength: SRC.length }), (jitter) => {
        const dst = SRC.map((s, i) => s * 1.7 + 30 + jitter[i]!);
        const spline = new ThinPlateSpline(SRC, SRC);
        const out = new Float64Array(SRC.length);
        spline.apply(dst, out, 0, 2);
        for (let i = 0; i < SRC.length; i++) expect(Math.abs(out[i]! - dst[i]!)).toBeLessThan(1e-6);
      }),
      { numRuns: 50 },
    );
  });

  it('reproduces an affine map everywhere, also with bend = 0', () => {
    const affine = (x: number, y: number): [number, number] => [0.8 * x - 0.3 * y + 12, 0.25 * x + 1.1 * y - 7];
    const dst = [];
    for (let i = 0; i < SRC.length; i += 2) dst.push(...affine(SRC[i]!, SRC[i + 1]!));
    const rest = [0, 0, 300, 10, 55.5, 410, -20, 77];
    const spline = new ThinPlateSpline(SRC, rest);
    for (const bend of [1, 0]) {
      const out = new Float64Array(rest.length);
      spline.apply(dst, out, 0, 2, bend);
      for (let i = 0; i < rest.length; i += 2) {
        const [x, y] = affine(rest[i]!, rest[i + 1]!);
        expect(out[i]).toBeCloseTo(x, 6);
        expect(out[i + 1]).toBeCloseTo(y, 6);
      }
    }
    const lin = new Float64Array(4);
    spline.linearPart(dst, lin);
    expect([...lin].map((v) => +v.toFixed(6))).toEqual([0.8, -0.3, 0.25, 1.1]);
  });

  it('writes with an offset and stride, leaving other floats alone', () => {
    const spline = new ThinPlateSpline(SRC, [150, 100]);
    const out = new Float32Array(7).fill(-1);
    spline.apply(SRC, out, 4, 3);
    expect(out[4]).toBeCloseTo(150, 3);
    expect(out[5]).toBeCloseTo(100, 3);
    expect([out[0], out[3], out[6]]).toEqual([-1, -1, -1]);
  });

  it('refuses collinear anchors', () => {
    expect(() => new ThinPlateSpline([0, 0, 1, 1, 2, 2, 3, 3], [0, 0])).toThrow(/collinear/);
  });
});
