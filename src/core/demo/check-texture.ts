import { fabricColourAt, PLAID_CHECK, type Fabric } from './draw';
import { encodePngRgb } from './fold-map';
import { CM_PER_UNIT, PX_PER_UNIT } from './layout';

/**
 * A woven check as the 3D garment's base-colour texture: one repeat of the same check as the garment's picture
 * (draw.ts's pattern, the same colours), sampled without light (the 3D scene lights it), to be tiled over uv in cm.
 */

/** The check's repeat, cm: a fact of the cloth, the same in the picture and on the 3D garment. */
export const CHECK_REPEAT_CM = PLAID_CHECK.periodU * CM_PER_UNIT;

/**
 * Where a garment's grain starts across, cm into the repeat: the check's broad bar is centred on the centre back,
 * the centre front line and each sleeve's crown, as a tailor lays a check (the cloth measured from there both ways,
 * so the bar is whole on the seam and the two halves mirror each other).
 */
export const CHECK_BAR_CM = PLAID_CHECK.barPhase * CHECK_REPEAT_CM;

/**
 * Texels across one repeat: 128 over 15.4 cm is 1.2 mm a texel, finer than the check's thinnest line (its overcheck,
 * 6 % of the repeat ≈ 9 mm) and than a mirror's camera resolves on a body (≈ 2–5 mm a pixel); a power of two, so
 * it mipmaps everywhere.
 */
export const CHECK_TILE_PX = 128;

/**
 * The PNG (RGB) of one repeat of `fabric`'s check: texel (i, j) is the check at (u, v) = ((i + ½), (j + ½)) ×
 * repeat / {@link CHECK_TILE_PX}, u across the cloth, v down it (image rows down). New bytes the caller owns.
 */
export function checkTilePng(fabric: Fabric): Uint8Array {
  const n = CHECK_TILE_PX;
  const periodPx = PLAID_CHECK.periodU * PX_PER_UNIT;
  const rgb = new Uint8Array(n * n * 3);
  const c: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      fabricColourAt(fabric, ((i + 0.5) / n) * periodPx, ((j + 0.5) / n) * periodPx, c);
      const o = 3 * (j * n + i);
      for (let k = 0; k < 3; k++) rgb[o + k] = Math.round(Math.min(1, Math.max(0, c[k]!)) * 255);
    }
  }
  return encodePngRgb(rgb, n, n);
}
