import { describe, expect, it } from 'vitest';
import { createStoreLightEstimate, estimateStoreLight, STORE_LIGHT } from './store-light-estimate';

const W = 32;
const H = 24;
/** A picture from an sRGB-encoded colour per pixel (x, y: 0..1 across the camera picture, not mirrored). */
function picture(rgb: (x: number, y: number) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const c = rgb((x + 0.5) / W, (y + 0.5) / H);
      for (let k = 0; k < 3; k++) out[4 * (y * W + x) + k] = Math.round(c[k]! * 255);
      out[4 * (y * W + x) + 3] = 255;
    }
  }
  return out;
}

/** Irradiance of the SH at a normal (three.js's shGetIrradianceAt), RGB / π: what a white diffuse surface shows. */
function shade(sh: Float64Array, n: [number, number, number]): number[] {
  const [x, y, z] = n;
  const b = [0.886227, 2 * 0.511664 * y, 2 * 0.511664 * z, 2 * 0.511664 * x, 2 * 0.429043 * x * y, 2 * 0.429043 * y * z, 0.743125 * z * z - 0.247708, 2 * 0.429043 * x * z, 0.429043 * (x * x - y * y)];
  return [0, 1, 2].map((c) => b.reduce((s, bk, k) => s + bk * sh[3 * k + c]!, 0) / Math.PI);
}

describe('store light estimate', () => {
  it('a mid-grey picture: white light of exposure 1 — a white garment stays white', () => {
    const e = estimateStoreLight(picture(() => [0.45, 0.45, 0.45]), W, H, createStoreLightEstimate());
    expect(e.exposure).toBeCloseTo(1, 1);
    expect(e.meanLuma).toBeCloseTo(0.45, 2);
    const front = shade(e.sh, [0, 0, 1]);
    for (const c of front) expect(c).toBeCloseTo(1, 1);
  });

  it('warm vs cool picture: the light is warmer vs cooler, its cast limited', () => {
    const warm = estimateStoreLight(picture(() => [0.55, 0.45, 0.33]), W, H, createStoreLightEstimate());
    const cool = estimateStoreLight(picture(() => [0.33, 0.45, 0.55]), W, H, createStoreLightEstimate());
    const w = shade(warm.sh, [0, 0, 1]);
    const c = shade(cool.sh, [0, 0, 1]);
    expect(w[0]! / w[2]!).toBeGreaterThan(1.05);
    expect(c[0]! / c[2]!).toBeLessThan(0.95);
    expect(warm.keyColour[0]!).toBeGreaterThan(warm.keyColour[2]!);
    // A saturated red picture (a red wall) tints the light only up to the cast limit.
    const red = estimateStoreLight(picture(() => [0.8, 0.1, 0.1]), W, H, createStoreLightEstimate());
    const r = shade(red.sh, [0, 0, 1]);
    const sum = r[0]! + r[1]! + r[2]!;
    expect(Math.hypot(r[0]! / sum - 1 / 3, r[1]! / sum - 1 / 3, r[2]! / sum - 1 / 3)).toBeLessThanOrEqual(STORE_LIGHT.maxAmbientCast + 1e-6);
  });

  /** Chromaticity distance from grey of what a white surface facing the mirror shows under the estimate. */
  const frontCast = (e: ReturnType<typeof createStoreLightEstimate>): { dist: number; rb: number } => {
    const f = shade(e.sh, [0, 0, 1]);
    const sum = f[0]! + f[1]! + f[2]!;
    return { dist: Math.hypot(f[0]! / sum - 1 / 3, f[1]! / sum - 1 / 3, f[2]! / sum - 1 / 3), rb: f[0]! / f[2]! };
  };
  const keyCastOf = (e: ReturnType<typeof createStoreLightEstimate>): number => {
    const k = e.keyColour;
    const sum = k[0]! + k[1]! + k[2]!;
    return Math.hypot(k[0]! / sum - 1 / 3, k[1]! / sum - 1 / 3, k[2]! / sum - 1 / 3);
  };
  // A tenth of the picture (the floor) is white tiles; the rest a dim room.
  const tiles = (x: number, y: number): boolean => y > 0.85 || (x > 0.8 && y < 0.15);

  it("a picture graded warm or cool whole (its white tiles too): the light takes the whites' cast, key and ambient", () => {
    const warm = estimateStoreLight(picture((x, y) => (tiles(x, y) ? [0.96, 0.85, 0.65] : [0.45, 0.38, 0.3])), W, H, createStoreLightEstimate());
    const cool = estimateStoreLight(picture((x, y) => (tiles(x, y) ? [0.67, 0.79, 0.84] : [0.3, 0.38, 0.42])), W, H, createStoreLightEstimate());
    // Beyond the small casts a room without agreeing whites keeps (0.015 ambient, 0.05 key)…
    expect(frontCast(warm).dist).toBeGreaterThan(0.08);
    expect(frontCast(cool).dist).toBeGreaterThan(0.06);
    expect(keyCastOf(warm)).toBeGreaterThan(STORE_LIGHT.maxKeyCast * 2);
    // …in the whites' direction, within the whites' limit.
    expect(frontCast(warm).rb).toBeGreaterThan(1.3);
    expect(frontCast(cool).rb).toBeLessThan(0.8);
    expect(frontCast(warm).dist).toBeLessThanOrEqual(STORE_LIGHT.maxWhiteCast + 1e-6);
    expect(warm.keyColour[0]! / warm.keyColour[2]!).toBeGreaterThan(1.3);
  });

  it('neutral whites beside a red wall: the light stays white (on average: the wall still shades by direction)', () => {
    const e = estimateStoreLight(picture((x, y) => (tiles(x, y) ? [0.95, 0.95, 0.95] : [0.8, 0.1, 0.1])), W, H, createStoreLightEstimate());
    const dc = [e.sh[0]!, e.sh[1]!, e.sh[2]!];
    const sum = dc[0]! + dc[1]! + dc[2]!;
    expect(Math.hypot(dc[0]! / sum - 1 / 3, dc[1]! / sum - 1 / 3, dc[2]! / sum - 1 / 3)).toBeLessThan(0.01);
    expect(keyCastOf(e)).toBeLessThan(0.01);
  });

  it('no whites to go by — bright skin, or whites that disagree — keeps the small casts', () => {
    // A face and arms (skin is further from grey than any white) the brightest thing in a dim room.
    const skin = estimateStoreLight(picture((x, y) => (tiles(x, y) ? [0.95, 0.72, 0.6] : [0.3, 0.28, 0.27])), W, H, createStoreLightEstimate());
    expect(frontCast(skin).dist).toBeLessThanOrEqual(STORE_LIGHT.maxAmbientCast + STORE_LIGHT.maxKeyCast);
    expect(keyCastOf(skin)).toBeLessThanOrEqual(STORE_LIGHT.maxKeyCast + 1e-6);
    // A warm lamp's whites on one side, a cool window's on the other.
    const mixed = estimateStoreLight(picture((x, y) => (y > 0.85 ? (x < 0.5 ? [0.96, 0.85, 0.65] : [0.67, 0.79, 0.84]) : [0.4, 0.4, 0.4])), W, H, createStoreLightEstimate());
    expect(keyCastOf(mixed)).toBeLessThanOrEqual(STORE_LIGHT.maxKeyCast + 1e-6);
    expect(frontCast(mixed).dist).toBeLessThanOrEqual(STORE_LIGHT.maxAmbientCast + STORE_LIGHT.maxKeyCast);
  });

  it('a bright top-left of the camera picture: key light from above, on the screen\'s right (the mirror), in front', () => {
    const e = estimateStoreLight(picture((x, y) => (x < 0.25 && y < 0.3 ? [1, 1, 1] : [0.2, 0.2, 0.2])), W, H, createStoreLightEstimate());
    expect(e.keyDirection[1]!).toBeGreaterThan(0.2);
    expect(e.keyDirection[0]!).toBeGreaterThan(0.2);
    expect(e.keyDirection[2]!).toBeGreaterThan(0.3);
    expect(e.keyShare).toBeGreaterThan(STORE_LIGHT.minKeyShare);
    // Normals facing up get more light than normals facing down.
    expect(shade(e.sh, [0, 1, 0])[1]!).toBeGreaterThan(shade(e.sh, [0, -1, 0])[1]!);
  });

  it('a dark picture darkens, a bright one brightens, within limits', () => {
    const dark = estimateStoreLight(picture(() => [0.1, 0.1, 0.1]), W, H, createStoreLightEstimate());
    const bright = estimateStoreLight(picture(() => [0.95, 0.95, 0.95]), W, H, createStoreLightEstimate());
    expect(dark.exposure).toBe(STORE_LIGHT.minExposure);
    expect(bright.exposure).toBe(STORE_LIGHT.maxExposure);
  });
});

describe('easing towards a new estimate', () => {
  it('moves smoothly: a share per frame, the key direction kept a unit vector, there within a second', async () => {
    const { easeEstimate } = await import('./store-light');
    const from = estimateStoreLight(picture(() => [0.3, 0.3, 0.3]), W, H, createStoreLightEstimate());
    const to = estimateStoreLight(picture((x, y) => (x > 0.7 && y < 0.3 ? [1, 0.9, 0.8] : [0.5, 0.45, 0.4])), W, H, createStoreLightEstimate());
    const cur = createStoreLightEstimate();
    cur.sh.set(from.sh);
    cur.keyDirection.set(from.keyDirection);
    cur.exposure = from.exposure;
    const gap = (): number => Math.abs(cur.exposure - to.exposure) + Math.hypot(...[0, 1, 2].map((i) => cur.keyDirection[i]! - to.keyDirection[i]!));
    const start = gap();
    let last = start;
    // 60 frames of 16.7 ms with the light's 450 ms time constant.
    for (let f = 0; f < 60; f++) {
      easeEstimate(cur, to, 1 - Math.exp(-16.7 / 450));
      expect(gap()).toBeLessThan(last);
      last = gap();
      expect(Math.hypot(cur.keyDirection[0]!, cur.keyDirection[1]!, cur.keyDirection[2]!)).toBeCloseTo(1, 6);
    }
    expect(last).toBeLessThan(0.15 * start);
  });
});
