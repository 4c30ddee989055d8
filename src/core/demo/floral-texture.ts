import { fabricColourAt, FLORAL_CELL_U, type Fabric } from './draw';
import { encodePngRgb } from './fold-map';
import { CM_PER_UNIT, PX_PER_UNIT } from './layout';

/**
 * A floral print as the 3D garment's base-colour texture: the garment picture's own print (draw.ts: one flower
 * scattered in each square cell, its place and turn hashed from the cell), sampled without light, over a block of
 * {@link FLORAL_TILE_CELLS} × {@link FLORAL_TILE_CELLS} cells, to be tiled over uv in cm. Every flower lies inside
 * its own cell (its centre 0.2–0.8 of the cell across, its petals ≤ 0.13 of the cell out), so a block cut on cell
 * lines has no flower cut at its edges and tiles without a seam; the block's layout repeats, as a printed
 * cloth's screen does.
 */

/** Cells each way in one repeat: 4 is ≈ 37 cm of cloth, about a printing screen's repeat, and 16 different flowers. */
export const FLORAL_TILE_CELLS = 4;
/** The print's repeat on the cloth, cm: the picture's cell (cm) times the cells in a block. */
export const FLORAL_REPEAT_CM = FLORAL_TILE_CELLS * FLORAL_CELL_U * CM_PER_UNIT;
/**
 * Texels across one repeat: 256 over ≈ 37 cm is 1.4 mm a texel, a flower (≈ 2.4 cm across) ≈ 17 texels — finer than a
 * mirror's camera resolves on a body (≈ 2–5 mm a pixel); a power of two, so it mipmaps everywhere.
 */
export const FLORAL_TILE_PX = 256;

/** The PNG (RGB) of one repeat of `fabric`'s floral print (u across, v down: image rows down). New bytes the caller owns. */
export function floralTilePng(fabric: Fabric): Uint8Array {
  if (fabric.pattern !== 'floral') throw new Error(`a floral tile of a ${fabric.pattern} fabric`);
  const n = FLORAL_TILE_PX;
  const repeatPx = FLORAL_TILE_CELLS * FLORAL_CELL_U * PX_PER_UNIT;
  const rgb = new Uint8Array(n * n * 3);
  const c: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      fabricColourAt(fabric, ((i + 0.5) / n) * repeatPx, ((j + 0.5) / n) * repeatPx, c);
      const o = 3 * (j * n + i);
      for (let k = 0; k < 3; k++) rgb[o + k] = Math.round(Math.min(1, Math.max(0, c[k]!)) * 255);
    }
  }
  return encodePngRgb(rgb, n, n);
}
