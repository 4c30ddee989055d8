import { describe, expect, it } from 'vitest';
import { spanAt, widthAt } from '../../src/core/demo/polygon';

// A trapezoid wider at the bottom with a flat top: the shape of a garment piece's outline.
const piece: [number, number][] = [[20, 0], [80, 0], [100, 100], [0, 100]];

describe('spanAt', () => {
  it('gives the outermost crossings of a row', () => {
    expect(spanAt(piece, 50)).toEqual({ left: 10, right: 90 });
    expect(widthAt(piece, 50)).toBe(80);
  });

  it('takes a horizontal edge on the row along its whole length', () => {
    expect(spanAt(piece, 0)).toEqual({ left: 20, right: 80 });
    expect(spanAt(piece, 100)).toEqual({ left: 0, right: 100 });
  });

  it('misses a row outside the outline', () => {
    expect(spanAt(piece, -1)).toBeNull();
    expect(spanAt(piece, 101)).toBeNull();
    expect(widthAt(piece, 101)).toBe(0);
  });
});
