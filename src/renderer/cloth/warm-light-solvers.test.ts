import { describe, expect, it } from 'vitest';
import { RoomLightSolver } from './room-light-field';
import { createStoreLightEstimate, estimateStoreLight } from './store-light-estimate';
import { warmLightSolvers } from './warm-light-solvers';

/** A 14 × 32 picture (the mirror clip's light sample) with a bright top left and a dark band, bytes as a canvas reads them. */
function picture(w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(4 * w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      const v = y > h / 2 && y < (2 * h) / 3 ? 30 : 200 - 4 * x - 2 * y;
      out[i] = v;
      out[i + 1] = v - 10;
      out[i + 2] = v - 20;
      out[i + 3] = 255;
    }
  }
  return out;
}

describe('warming the store light solvers', () => {
  it('changes nothing the light is estimated from: the same estimate and field, bit for bit, after the warm-up', () => {
    const rgba = picture(14, 32);
    const solve = () => {
      const field = new Float32Array(14 * 32);
      const meanLuma = new RoomLightSolver().solve(rgba, 14, 32, field, 4, 1 / 255);
      const e = estimateStoreLight(rgba, 14, 32, createStoreLightEstimate());
      return { field: [...field], meanLuma, sh: [...e.sh], keyDirection: [...e.keyDirection], keyShare: e.keyShare, exposure: e.exposure };
    };
    const before = solve();
    warmLightSolvers(3);
    expect(solve()).toEqual(before);
    // The picture's light is really there: a field that is not flat, a key light that leans to the bright side.
    expect(Math.max(...before.field) - Math.min(...before.field)).toBeGreaterThan(0.05);
    expect(before.keyShare).toBeGreaterThan(0);
  });
});
