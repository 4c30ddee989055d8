import { describe, expect, it } from 'vitest';
import { CAMERA_ROTATIONS } from '../../shared/config-schema';
import { rotatedSize, rotationTransform } from './rotator';

/** Where the canvas transform puts the picture point (x, y). */
function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

describe('camera rotation', () => {
  const w = 1280;
  const h = 720;
  it('a quarter turn swaps width and height', () => {
    expect(rotatedSize(w, h, 90)).toEqual({ widthPx: 720, heightPx: 1280 });
    expect(rotatedSize(w, h, 270)).toEqual({ widthPx: 720, heightPx: 1280 });
    expect(rotatedSize(w, h, 180)).toEqual({ widthPx: 1280, heightPx: 720 });
  });

  it('turns the picture clockwise: the camera picture\'s corners land where an upright picture has them', () => {
    // A camera on its side that films the person's head at the left edge of its picture: 90° clockwise puts that left
    // edge at the top.
    const m90 = rotationTransform(w, h, 90);
    expect(apply(m90, 0, h)).toEqual([0, 0]); // bottom-left → top-left
    expect(apply(m90, 0, 0)).toEqual([h, 0]); // top-left → top-right
    expect(apply(m90, w, 0)).toEqual([h, w]); // top-right → bottom-right
    const m180 = rotationTransform(w, h, 180);
    expect(apply(m180, 0, 0)).toEqual([w, h]);
    const m270 = rotationTransform(w, h, 270);
    expect(apply(m270, w, 0)).toEqual([0, 0]); // top-right → top-left
    expect(apply(m270, 0, 0)).toEqual([0, w]); // top-left → bottom-left
  });

  it('every rotation maps the picture exactly onto the rotated canvas', () => {
    for (const r of CAMERA_ROTATIONS) {
      const m = rotationTransform(w, h, r);
      const size = rotatedSize(w, h, r);
      const corners = [apply(m, 0, 0), apply(m, w, 0), apply(m, 0, h), apply(m, w, h)];
      expect(Math.min(...corners.map((c) => c[0]))).toBe(0);
      expect(Math.max(...corners.map((c) => c[0]))).toBe(size.widthPx);
      expect(Math.min(...corners.map((c) => c[1]))).toBe(0);
      expect(Math.max(...corners.map((c) => c[1]))).toBe(size.heightPx);
    }
  });
});
