import { describe, expect, it } from 'vitest';
import { applyBone } from './bone';
import { countFolded, quadGrid } from './mesh';

describe('applyBone', () => {
  const bone = [100, 100, 100, 300];
  const grid = quadGrid([[60, 80], [140, 80], [140, 320], [60, 320]], 4, 12);

  it('lands both anchors on their targets and never folds, whatever the direction', () => {
    for (let deg = 0; deg < 360; deg += 15) {
      const a = (deg * Math.PI) / 180;
      const target = [400, 400, 400 + Math.sin(a) * 90, 400 + Math.cos(a) * 90];
      const pts = new Float64Array([100, 100, 100, 300]);
      const out = new Float64Array(4);
      applyBone(bone, target, 0.6, pts, 2, out, 2, 0, 2);
      expect(out[0]).toBeCloseTo(400, 9);
      expect(out[1]).toBeCloseTo(400, 9);
      expect(out[2]).toBeCloseTo(target[2]!, 9);
      expect(out[3]).toBeCloseTo(target[3]!, 9);
      const warped = new Float64Array(grid.positions.length);
      applyBone(bone, target, 0.6, grid.positions, 2, warped, 2, 0, grid.positions.length / 2);
      expect(countFolded(grid.positions, 2, warped, 2, grid.indices)).toBe(0);
    }
  });

  it('scales across the limb by acrossScale and along it by the length ratio', () => {
    const pts = new Float64Array([120, 200]);
    const out = new Float64Array(2);
    // Bone turned to point right (+x) and halved; 20 px across becomes 20 × 1.5.
    applyBone(bone, [0, 0, 100, 0], 1.5, pts, 2, out, 2, 0, 1);
    expect(out[0]).toBeCloseTo(50, 9);
    expect(out[1]).toBeCloseTo(-30, 9);
  });

  it('survives a limb pointing at the camera (zero length) without folding', () => {
    const warped = new Float64Array(grid.positions.length);
    applyBone(bone, [10, 10, 10, 10], 1, grid.positions, 2, warped, 2, 0, grid.positions.length / 2);
    expect(countFolded(grid.positions, 2, warped, 2, grid.indices)).toBe(0);
    expect(warped.every(Number.isFinite)).toBe(true);
  });
});
