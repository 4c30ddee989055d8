import { describe, expect, it } from 'vitest';
import { densify, halfToFloat } from './constants';
import type { Sparsity } from './model';

describe('halfToFloat', () => {
  it('decodes normal, subnormal, signed and special halves', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe('densify', () => {
  it('expands a CSR last dimension (the layout of the detector weights)', () => {
    // 2×1×1×4 with non-zeros at [0,..,1]=5, [0,..,3]=6, [1,..,0]=7.
    const sp: Sparsity = {
      traversalOrder: [0, 1, 2, 3],
      blockMap: [],
      dims: [
        { format: 'dense', denseSize: 2, segments: [], indices: [] },
        { format: 'dense', denseSize: 1, segments: [], indices: [] },
        { format: 'dense', denseSize: 1, segments: [], indices: [] },
        { format: 'csr', denseSize: 0, segments: [0, 2, 3], indices: [1, 3, 0] },
      ],
    };
    expect(Array.from(densify(Float32Array.of(5, 6, 7), [2, 1, 1, 4], sp))).toEqual([0, 5, 0, 6, 7, 0, 0, 0]);
  });

  it('expands a block-sparse matrix (1×2 blocks, CSR over block columns)', () => {
    // 2×4 matrix, blocks of 1×2: block row 0 has block col 1, block row 1 has block col 0.
    const sp: Sparsity = {
      traversalOrder: [0, 1, 2],
      blockMap: [1],
      dims: [
        { format: 'dense', denseSize: 2, segments: [], indices: [] },
        { format: 'csr', denseSize: 0, segments: [0, 1, 2], indices: [1, 0] },
        { format: 'dense', denseSize: 2, segments: [], indices: [] },
      ],
    };
    expect(Array.from(densify(Float32Array.of(1, 2, 3, 4), [2, 4], sp))).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
  });
});
