import { describe, expect, it } from 'vitest';
import { countFolded, quadGrid, signedArea } from './mesh';

describe('quadGrid', () => {
  it('spans the quad with (columns+1)·(rows+1) vertices and 2 triangles per cell, all wound alike', () => {
    const g = quadGrid([[0, 0], [30, 0], [30, 20], [0, 20]], 3, 2, 5);
    expect(g.positions.length).toBe(4 * 3 * 2);
    expect(g.indices.length).toBe(3 * 2 * 6);
    expect(Math.min(...g.indices)).toBe(5);
    const local = g.indices.map((i) => i - 5);
    const areas = Array.from({ length: local.length / 3 }, (_, t) => signedArea(g.positions, 2, local, t));
    expect(areas.every((a) => a > 0) || areas.every((a) => a < 0)).toBe(true);
    expect(areas.reduce((s, a) => s + Math.abs(a), 0)).toBeCloseTo(600, 9);
  });

  it('countFolded sees a mirrored mesh as fully folded', () => {
    const g = quadGrid([[0, 0], [10, 0], [10, 10], [0, 10]], 2, 2);
    const mirrored = g.positions.map((v, i) => (i % 2 === 0 ? -v : v));
    expect(countFolded(g.positions, 2, g.positions, 2, g.indices)).toBe(0);
    expect(countFolded(g.positions, 2, mirrored, 2, g.indices)).toBe(8);
  });
});
