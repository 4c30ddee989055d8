import { describe, expect, it } from 'vitest';
import { RoomLightSolver, roomLightGrid, ROOM_LIGHT } from './room-light-field';

/** A grid of cell colours: reflectance (sRGB-encoded RGB) times light, both functions of the cell. */
function cells(cellsX: number, cellsY: number, colour: (x: number, y: number) => readonly number[], light: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(3 * cellsX * cellsY);
  for (let y = 0; y < cellsY; y++) for (let x = 0; x < cellsX; x++) colour(x, y).forEach((c, k) => (out[3 * (y * cellsX + x) + k] = c * light(x, y)));
  return out;
}

const solve = (rgb: Float64Array, cellsX: number, cellsY: number): Float64Array => {
  const out = new Float64Array(cellsX * cellsY);
  new RoomLightSolver().solve(rgb, cellsX, cellsY, out);
  return out;
};
const ratio = (field: Float64Array, cellsX: number, a: [number, number], b: [number, number]): number => field[a[1] * cellsX + a[0]]! / field[b[1] * cellsX + b[0]]!;

const WHITE_TEE = [0.86, 0.86, 0.85];
const GREY_SHORTS = [0.46, 0.46, 0.47];
const SKIN = [0.78, 0.6, 0.5];
// The mirror clip's grid (412 × 960 px at 0.19 cm/px): 13 × 30 cells; and the largest, 32 × 18.
const X = 13;
const Y = 30;

describe('room light field: the light without the clothes', () => {
  it('a light gradient across one cloth is kept as it is (corner to corner 1.6 : 1, converged from a flat start)', () => {
    const light = (x: number, y: number): number => 0.8 + (0.5 * x) / 31 + (0.3 * y) / 17;
    const field = solve(cells(32, 18, () => GREY_SHORTS, light), 32, 18);
    for (const [a, b] of [[[31, 17], [0, 0]], [[31, 0], [0, 17]], [[16, 9], [0, 0]]] as Array<[[number, number], [number, number]]>) {
      expect(ratio(field, 32, a, b)).toBeCloseTo(light(...a) / light(...b), 2);
    }
  });

  it('a white tee over grey shorts in one light is one light level (their lightness differs 1.9×)', () => {
    const field = solve(cells(X, Y, (_, y) => (y < 15 ? WHITE_TEE : GREY_SHORTS), () => 0.9), X, Y);
    expect(Math.max(...field) / Math.min(...field)).toBeLessThan(1.001);
  });

  it('skin against shorts of the same lightness is no light change either (the colour changes)', () => {
    const k = (0.2126 * SKIN[0]! + 0.7152 * SKIN[1]! + 0.0722 * SKIN[2]!) / 0.46;
    const field = solve(cells(X, Y, (x) => (x % 4 < 2 ? SKIN : GREY_SHORTS.map((c) => c * k * 0.9)), () => 1), X, Y);
    expect(Math.max(...field) / Math.min(...field)).toBeLessThan(1.001);
  });

  it('a soft shadow across the tee and the shorts stays, their hem does not: the light as it was', () => {
    // A shadow 40 % deep and ≈ 30 cm wide (5 cells) across both garments, and the room's fall-off down the body.
    const light = (x: number, y: number): number => (1 - 0.4 * Math.exp(-((x - 6) ** 2) / (2 * 2.5 ** 2))) * (1 - (0.2 * y) / Y);
    const field = solve(cells(X, Y, (_, y) => (y < 15 ? WHITE_TEE : GREY_SHORTS), light), X, Y);
    const at = (x: number, y: number): number => field[y * X + x]!;
    // Across the shadow, on the tee and on the shorts.
    for (const y of [8, 22]) expect(at(6, y) / at(0, y)).toBeCloseTo(light(6, y) / light(0, y), 1);
    // Down the body, across the hem: the fall-off only.
    expect(at(0, 20) / at(0, 10)).toBeCloseTo(light(0, 20) / light(0, 10), 1);
    expect(Math.abs(at(0, 15) / at(0, 14) - light(0, 15) / light(0, 14))).toBeLessThan(0.01);
  });

  it('cells are the body’s 6 cm, no more than 32 along the picture', () => {
    expect(roomLightGrid(412, 960, 0.19)).toMatchObject({ cellsX: 13, cellsY: 30 });
    expect(roomLightGrid(1280, 720, 0.1)).toMatchObject({ cellsX: 21, cellsY: 12 });
    expect(roomLightGrid(1280, 720, 1)).toMatchObject({ cellsX: ROOM_LIGHT.maxCells, cellsY: 18 });
    expect(roomLightGrid(1280, 720, 0)).toMatchObject({ cellsX: ROOM_LIGHT.maxCells, cellsY: 18 });
  });
});
