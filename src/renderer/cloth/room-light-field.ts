/**
 * The room's light on the shopper, without what they wear (issue 14 point 1): the 2D garment's "room light" term
 * read the camera picture's coarse lightness, which is the light times the reflectance of the shopper's own clothes,
 * so a light dress went darker wherever his grey shorts were under it. Here the picture is split into a smooth
 * light field and reflectance (Retinex: Land & McCann 1971; Horn 1974): on a coarse grid of cells, the change of log
 * lightness from a cell to its neighbour is the light's where it is small and of one colour (a room's fall-off, a
 * soft shadow), and the clothes' where it is a step or a change of colour (a white tee's hem over grey shorts, skin
 * against shorts, the shopper against the wall): there the light is taken as continuous. The field is the one whose
 * cell-to-cell changes are those of the light in least squares (a Poisson equation, solved by over-relaxed
 * Gauss–Seidel), against its mean: an evenly lit shopper in grey shorts and a white tee gets one
 * light level all over, a real light gradient across the picture stays.
 *
 * Cells are at least {@link ROOM_LIGHT.cellCm} on the body (the fold band's coarse blur: the folds are the fold
 * band's, not the light's) and at most {@link ROOM_LIGHT.maxCells} along the picture's longer side. Pure maths on
 * sRGB-encoded cell colours; the solver owns its scratch buffers (sized on first use, reused).
 */
import { LUMA_WEIGHTS } from '../../shared/colour';

export const ROOM_LIGHT = {
  /** Smallest cell, cm on the body. */
  cellCm: 6,
  /** Most cells along the picture's longer side (the solver's cost grows with the cells' count). */
  maxCells: 32,
  /**
   * Change of natural-log luma between neighbouring cells over which it fades from light to reflectance. Measured
   * on the mirror clip's 6 cm cells: the runner's tee and the wall behind change by 0.01–0.08 from cell to cell,
   * the tee's hem over his grey shorts by 0.25–0.45 (the step spread over two cells).
   */
  stepFrom: 0.12,
  stepTo: 0.2,
  /**
   * Change of chromaticity (r, g, b shares of the sum) over which it fades from light to reflectance: a light's
   * colour does not change from one cell to the next, skin against grey shorts is ≈ 0.12 apart.
   */
  chromaFrom: 0.015,
  chromaTo: 0.04,
  /** Gauss–Seidel sweeps and over-relaxation (on a 32 × 18 grid within 0.001 of log luma of 5000 sweeps: the test). */
  sweeps: 80,
  omega: 1.9,
  /** Darkest luma taken (a black cell's log would be −∞). */
  minLuma: 0.03,
} as const;

/** The field's grid for a picture: cells across and down, and a cell's size in camera px. */
export interface RoomLightGrid {
  cellsX: number;
  cellsY: number;
  cellPx: number;
}

/** The grid for a `frameWidthPx` × `frameHeightPx` picture of a body at `cmPerPx` (≤ 0: not known, the finest). */
export function roomLightGrid(frameWidthPx: number, frameHeightPx: number, cmPerPx: number): RoomLightGrid {
  const longest = Math.max(frameWidthPx, frameHeightPx, 1);
  const byBody = cmPerPx > 0 && Number.isFinite(cmPerPx) ? ROOM_LIGHT.cellCm / cmPerPx : 0;
  const cellPx = Math.max(byBody, longest / ROOM_LIGHT.maxCells);
  return { cellsX: Math.max(2, Math.round(frameWidthPx / cellPx)), cellsY: Math.max(2, Math.round(frameHeightPx / cellPx)), cellPx };
}

const smoothstep = (a: number, b: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** Splits the light from the clothes on a grid of cell colours; reuse one per caller. */
export class RoomLightSolver {
  private logLuma = new Float64Array(0);
  /** Log light change to the right and down neighbour of each cell. */
  private toRight = new Float64Array(0);
  private toBelow = new Float64Array(0);
  private field = new Float64Array(0);

  /**
   * The light field of a `cellsX` × `cellsY` grid of cell colours (`rgb`: sRGB-encoded 0..1, or bytes with
   * `scale` 1/255, `stride` values per cell, rows top first), into `out` (length ≥ cells; written, not kept): the
   * light on each cell against the picture's mean light (1 = average). Returns the picture's mean luma.
   */
  solve(rgb: ArrayLike<number>, cellsX: number, cellsY: number, out: Float32Array | Float64Array, stride = 3, scale = 1): number {
    const n = cellsX * cellsY;
    if (this.logLuma.length < n) {
      this.logLuma = new Float64Array(n);
      this.toRight = new Float64Array(n);
      this.toBelow = new Float64Array(n);
      this.field = new Float64Array(n);
    }
    const y = this.logLuma;
    let meanLuma = 0;
    for (let i = 0; i < n; i++) {
      const l = scale * (LUMA_WEIGHTS[0] * rgb[stride * i]! + LUMA_WEIGHTS[1] * rgb[stride * i + 1]! + LUMA_WEIGHTS[2] * rgb[stride * i + 2]!);
      meanLuma += l / n;
      y[i] = Math.log(Math.max(l, ROOM_LIGHT.minLuma));
    }
    const lightShare = (i: number, j: number): number => {
      const d = Math.abs(y[j]! - y[i]!);
      const si = Math.max(rgb[stride * i]! + rgb[stride * i + 1]! + rgb[stride * i + 2]!, 0.05 / scale);
      const sj = Math.max(rgb[stride * j]! + rgb[stride * j + 1]! + rgb[stride * j + 2]!, 0.05 / scale);
      let c = 0;
      for (let k = 0; k < 3; k++) c += (rgb[stride * i + k]! / si - rgb[stride * j + k]! / sj) ** 2;
      return (1 - smoothstep(ROOM_LIGHT.stepFrom, ROOM_LIGHT.stepTo, d)) * (1 - smoothstep(ROOM_LIGHT.chromaFrom, ROOM_LIGHT.chromaTo, Math.sqrt(c)));
    };
    let meanLog = 0;
    for (let i = 0; i < n; i++) {
      const x = i % cellsX;
      this.toRight[i] = x + 1 < cellsX ? lightShare(i, i + 1) * (y[i + 1]! - y[i]!) : 0;
      this.toBelow[i] = i + cellsX < n ? lightShare(i, i + cellsX) * (y[i + cellsX]! - y[i]!) : 0;
      meanLog += y[i]! / n;
    }
    // Least squares over every neighbour pair: each cell is the mean of what its neighbours and the changes to them
    // say it is. Started flat: a patch whose every edge is the clothes' stays at its surroundings' light.
    const f = this.field;
    f.fill(meanLog, 0, n);
    const { omega } = ROOM_LIGHT;
    const right = this.toRight;
    const below = this.toBelow;
    for (let sweep = 0; sweep < ROOM_LIGHT.sweeps; sweep++) {
      for (let row = 0, i = 0; row < cellsY; row++) {
        const up = row > 0;
        const down = row + 1 < cellsY;
        for (let x = 0; x < cellsX; x++, i++) {
          let sum = 0;
          let count = 0;
          if (x > 0) {
            sum += f[i - 1]! + right[i - 1]!;
            count++;
          }
          if (x + 1 < cellsX) {
            sum += f[i + 1]! - right[i]!;
            count++;
          }
          if (up) {
            sum += f[i - cellsX]! + below[i - cellsX]!;
            count++;
          }
          if (down) {
            sum += f[i + cellsX]! - below[i]!;
            count++;
          }
          f[i] = f[i]! + omega * (sum / count - f[i]!);
        }
      }
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += Math.exp(f[i]!) / n;
    for (let i = 0; i < n; i++) out[i] = Math.exp(f[i]!) / mean;
    return meanLuma;
  }
}

/**
 * A light field's value at camera px (x, y): bilinear between cell centres, clamped at the picture's edge — what
 * the shader's linearly filtered texture returns.
 */
export function roomLightAt(values: ArrayLike<number>, grid: RoomLightGrid, frameWidthPx: number, frameHeightPx: number, xPx: number, yPx: number): number {
  const u = Math.min(grid.cellsX - 1, Math.max(0, (xPx / frameWidthPx) * grid.cellsX - 0.5));
  const v = Math.min(grid.cellsY - 1, Math.max(0, (yPx / frameHeightPx) * grid.cellsY - 0.5));
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const x1 = Math.min(x0 + 1, grid.cellsX - 1);
  const y1 = Math.min(y0 + 1, grid.cellsY - 1);
  const fx = u - x0;
  const fy = v - y0;
  const at = (x: number, y: number): number => values[y * grid.cellsX + x]!;
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) + fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1));
}

/**
 * The TypeScript mirror of the GPU path (the store light scales the picture down to one pixel per cell, the shader
 * reads the field linearly filtered): the light field of a picture given as a box-averaging lookup (`pictureAt`:
 * sRGB-encoded colour at camera px over a box of `boxPx`, into `out`), as a lookup of the light against its mean at
 * camera px. Allocates: for checks, not for the frame loop.
 */
export function roomLightLookup(
  pictureAt: (xPx: number, yPx: number, boxPx: number, out: number[]) => number[],
  frameWidthPx: number,
  frameHeightPx: number,
  cmPerPx: number,
): (xPx: number, yPx: number) => number {
  const grid = roomLightGrid(frameWidthPx, frameHeightPx, cmPerPx);
  const cellW = frameWidthPx / grid.cellsX;
  const cellH = frameHeightPx / grid.cellsY;
  const rgb = new Float64Array(3 * grid.cellsX * grid.cellsY);
  const tap = [0, 0, 0];
  for (let y = 0; y < grid.cellsY; y++) {
    for (let x = 0; x < grid.cellsX; x++) {
      pictureAt((x + 0.5) * cellW, (y + 0.5) * cellH, 0.5 * (cellW + cellH), tap);
      rgb.set(tap, 3 * (y * grid.cellsX + x));
    }
  }
  const values = new Float64Array(grid.cellsX * grid.cellsY);
  new RoomLightSolver().solve(rgb, grid.cellsX, grid.cellsY, values);
  return (xPx, yPx) => roomLightAt(values, grid, frameWidthPx, frameHeightPx, xPx, yPx);
}
