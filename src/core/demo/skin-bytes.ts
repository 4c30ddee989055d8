/**
 * A skinned mesh's joints and weights in the glTF core's compact types (JOINTS_0 unsigned byte, WEIGHTS_0 unsigned
 * byte normalized: 4 bytes a vertex each, where unsigned shorts and floats took 8 and 16). A weight then moves in
 * steps of 1/255 (0.4 %): a vertex between two bones ≈ 30 cm apart lands within 0.6 mm of where its float weights put
 * it, under a tenth of a camera pixel at the mirror's distance. The hung oxford's GLB (48 columns, 3 cm rings, its
 * long sleeves) needed the 12 + 4 bytes a vertex it saves to stay in the demo's 230 kB (tests/demo/model3d.test.ts).
 */

/**
 * Each vertex's four weights as bytes summing to exactly 255, as glTF asks of normalized weights: rounded down, the
 * bytes still missing go to the weights that lost most in rounding (the earlier first on a tie: deterministic).
 * @param weights four per vertex, each vertex's summing to 1 (borrowed, not changed).
 * @returns a new array the caller owns.
 */
export function weightBytes(weights: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(weights.length);
  const rest = [0, 0, 0, 0];
  for (let v = 0; v + 3 < weights.length; v += 4) {
    let total = 0;
    for (let k = 0; k < 4; k++) {
      const scaled = 255 * weights[v + k]!;
      out[v + k] = Math.floor(scaled);
      rest[k] = scaled - out[v + k]!;
      total += out[v + k]!;
    }
    for (let missing = 255 - total; missing > 0; missing--) {
      let best = 0;
      for (let k = 1; k < 4; k++) if (rest[k]! > rest[best]!) best = k;
      out[v + best]!++;
      rest[best] = -1;
    }
  }
  return out;
}
