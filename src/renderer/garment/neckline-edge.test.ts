import { describe, expect, it } from 'vitest';
import { NecklineEdge } from './neckline-edge';
import { NOT_CLIPPED, type GarmentMesh } from './rig';

/**
 * A torso of two triangles over the picture's square 0..100 (a spline-mapped part) and a sleeve triangle beside it,
 * fitted by `warp` (picture px → camera px).
 */
function mesh(warp: (x: number, y: number) => [number, number]): GarmentMesh {
  const rest = [0, 0, 100, 0, 100, 100, 0, 100, 100, 0, 200, 0, 200, 100];
  const restPx = Float64Array.from(rest);
  const positions = new Float32Array(3 * (rest.length / 2));
  for (let i = 0; i < rest.length / 2; i++) {
    const [x, y] = warp(rest[2 * i]!, rest[2 * i + 1]!);
    positions[3 * i] = x;
    positions[3 * i + 1] = y;
  }
  return {
    positions,
    uvs: new Float32Array(2 * (rest.length / 2)),
    indices: Uint32Array.from([4, 5, 6, 0, 1, 2, 0, 2, 3]),
    restPx,
    clips: new Float32Array(rest.length / 2).fill(NOT_CLIPPED),
    clipsTurned: new Float32Array(rest.length / 2).fill(NOT_CLIPPED),
    parts: [
      { name: 'leftSleeve', mapping: 'limb', z: -1, firstVertex: 4, vertexCount: 3, firstIndex: 0, indexCount: 3 },
      { name: 'torso', mapping: 'tps', z: 0, firstVertex: 0, vertexCount: 4, firstIndex: 3, indexCount: 6 },
    ],
  };
}

describe('a 2D garment’s neckline in the camera picture', () => {
  it('follows the rig’s warp of the picture: each point carried by the torso’s triangle that holds it', () => {
    // Scaled × 2 and moved to (300, 50) on the camera picture, then sheared (an affine warp: exact per triangle).
    const warp = (x: number, y: number): [number, number] => [300 + 2 * x + 0.5 * y, 50 + 2 * y];
    const m = mesh(warp);
    const v = [[30, 10], [50, 40], [70, 10]] as const;
    const edge = new NecklineEdge(m, v);
    expect(edge.count).toBe(3);
    edge.update();
    v.forEach(([x, y], k) => {
      const [ex, ey] = warp(x, y);
      expect(edge.pointsPx[2 * k]).toBeCloseTo(ex, 3);
      expect(edge.pointsPx[2 * k + 1]).toBeCloseTo(ey, 3);
    });
    // A new fit moves the edge with it.
    m.positions.forEach((_, i) => {
      if (i % 3 === 1) m.positions[i]! += 20;
    });
    edge.update();
    expect(edge.pointsPx[3]).toBeCloseTo(warp(50, 40)[1] + 20, 3);
  });

  it('carries a point just above the torso’s grid by its nearest triangle, and leaves out what no torso holds', () => {
    const warp = (x: number, y: number): [number, number] => [x + 10, y + 10];
    // 2 px above the picture's top row: carried; 30 px above: left out; on the sleeve only (x 150): left out.
    const edge = new NecklineEdge(mesh(warp), [[40, -2], [50, -30], [150, 20]]);
    expect(edge.count).toBe(1);
    edge.update();
    expect(edge.pointsPx[0]).toBeCloseTo(50, 3);
    expect(edge.pointsPx[1]).toBeCloseTo(8, 3);
  });
});
