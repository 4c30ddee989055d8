/** An RGBA picture's pixels, row by row (borrowed). */
export interface RgbaPicture {
  data: ArrayLike<number>;
  widthPx: number;
  heightPx: number;
}

/** The mean colour of the (2·half + 1)² pixels round a point, or null when the point is off the picture. */
export function patchMean(picture: RgbaPicture, x: number, y: number, half: number): [number, number, number] | null {
  const cx = Math.round(x);
  const cy = Math.round(y);
  if (cx < 0 || cy < 0 || cx >= picture.widthPx || cy >= picture.heightPx) return null;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let yy = Math.max(0, cy - half); yy <= Math.min(picture.heightPx - 1, cy + half); yy++) {
    for (let xx = Math.max(0, cx - half); xx <= Math.min(picture.widthPx - 1, cx + half); xx++) {
      const o = 4 * (yy * picture.widthPx + xx);
      r += picture.data[o]!;
      g += picture.data[o + 1]!;
      b += picture.data[o + 2]!;
      n++;
    }
  }
  return [r / n, g / n, b / n];
}
