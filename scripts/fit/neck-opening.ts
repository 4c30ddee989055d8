/**
 * Issue 14: the shape of a top's neck opening as the mirror shows it — a crew neck is a U, a V neck a V. Reads the
 * opening between the shoulders from below: the lowest point of the opening near the middle of the picture, then row
 * by row upwards the width of the bare run through it, up to where the shoulders' tops end (no cloth one side, or the
 * run widening suddenly into the room). Prints the opening's depth and its width a tenth, a quarter, half and three
 * quarters of the way down, as shares of its width at the top.
 *
 * The cloth is the white of `atelier tryon --mask` (the garment as drawn, after occlusion), or with `--own-tee` the
 * shopper's own white T-shirt in the camera picture (light and grey: the mirror clip's), so the two can be compared.
 *
 *   jiti scripts/fit/neck-opening.ts [--own-tee] picture.png...
 */
import sharp from 'sharp';

/** The own tee in the picture: every channel at least this light, and the channels this close (grey, not skin). */
const OWN_TEE_MIN = 165;
const OWN_TEE_SPREAD = 28;
/** The opening is looked for under this row and over the one below, px (the neck of a portrait clip's upper body). */
const SEARCH_ROWS = [60, 400] as const;

const args = process.argv.slice(2);
const ownTee = args.includes('--own-tee');
for (const file of args.filter((a) => !a.startsWith('--'))) {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const W = info.width;
  const isCloth = (x: number, y: number): boolean => {
    const i = 3 * (y * W + x);
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (!ownTee) return r > 127;
    return Math.min(r, g, b) >= OWN_TEE_MIN && Math.max(r, g, b) - Math.min(r, g, b) < OWN_TEE_SPREAD;
  };
  // The column in the middle third whose first cloth from the top is lowest: the bottom of the opening.
  let cx = 0;
  let bottom = -1;
  for (let x = Math.floor(W * 0.35); x < W * 0.65; x++) {
    let y = SEARCH_ROWS[0];
    while (y < SEARCH_ROWS[1] && !isCloth(x, y)) y++;
    if (y > bottom) [cx, bottom] = [x, y];
  }
  const widths: number[] = [];
  for (let y = bottom - 1; y > 0; y--) {
    let l = cx;
    let r = cx;
    while (l > 0 && !isCloth(l, y)) l--;
    while (r < W - 1 && !isCloth(r, y)) r++;
    if (l === 0 || r === W - 1) break;
    const w = r - l - 1;
    if (widths.length > 5 && w > 1.3 * widths[widths.length - 1]! + 4) break;
    widths.push(w);
  }
  if (widths.length < 4) {
    console.log(`${file}: no neck opening found`);
    continue;
  }
  const top = widths[widths.length - 1]!;
  const down = (share: number): string => (widths[Math.round((1 - share) * (widths.length - 1))]! / top).toFixed(2);
  console.log(`${file}: opening ${widths.length} px deep, ${top} px wide at the top; a tenth / quarter / half / three quarters down: ${[0.1, 0.25, 0.5, 0.75].map(down).join(' / ')} of that`);
}
