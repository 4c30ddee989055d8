/** `x` limited to [0, 1]; NaN becomes 0. */
export const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);
