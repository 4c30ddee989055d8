import { describe, expect, it } from 'vitest';
import { PoseLandmark as L, type NormalizedLandmark } from './pose';
import { OWN_LEG_HEM_FROM, ownLegHemEnds } from './own-leg-hems';

const W = 200;
const H = 400;
/** The synthetic shopper's colours, rgb: a white T-shirt, grey shorts, skin, the room. */
const WHITE = [236, 234, 228];
const GREY = [128, 129, 118];
const SKIN = [205, 150, 118];
const ROOM = [96, 104, 118];
/** Joints, picture px: shoulders, hips, knees, ankles (the wearer's right on the picture's left). */
const JOINTS = {
  rightShoulder: [62, 40], leftShoulder: [138, 40],
  rightHip: [82, 180], leftHip: [118, 180],
  rightKnee: [78, 280], leftKnee: [122, 280],
  rightAnkle: [76, 380], leftAnkle: [124, 380],
} as const;
/** Half the leg's breadth, px. */
const LEG_HALF_PX = 12;

interface Clothes {
  top: readonly number[];
  shorts: readonly number[];
  /**
   * Where the shorts end on each leg, a place on its path: 0 hip, 1 knee, 1 + s at share s of knee → ankle (2 and
   * over: trousers to the ankle); 0 for bare legs.
   */
  hem: { left: number; right: number };
}

/** The picture of a shopper standing square in `clothes`, and its landmarks. */
function shopper(clothes: Clothes): { picture: { data: Uint8Array; widthPx: number; heightPx: number }; landmarks: NormalizedLandmark[] } {
  const data = new Uint8Array(4 * W * H);
  const paint = (x: number, y: number, c: readonly number[]) => data.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) paint(x, y, ROOM);
  // The torso in the top, shoulders to a little above the hips; the shorts' seat round the hips.
  for (let y = 30; y < 160; y++) for (let x = 60; x < 140; x++) paint(x, y, clothes.top);
  for (let y = 160; y < 190; y++) for (let x = 68; x < 132; x++) paint(x, y, clothes.shorts);
  for (const side of ['left', 'right'] as const) {
    const h = JOINTS[`${side}Hip`];
    const k = JOINTS[`${side}Knee`];
    const a = JOINTS[`${side}Ankle`];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // The share along hip → knee (0..1), then 1 + the share along knee → ankle.
        const along = (p: readonly number[], q: readonly number[]) => {
          const dx = q[0]! - p[0]!;
          const dy = q[1]! - p[1]!;
          const t = ((x - p[0]!) * dx + (y - p[1]!) * dy) / (dx * dx + dy * dy);
          return { t, d: Math.hypot(x - p[0]! - t * dx, y - p[1]! - t * dy) };
        };
        const thigh = along(h, k);
        const shin = along(k, a);
        let at: number | null = null;
        if (thigh.t >= 0 && thigh.t <= 1 && thigh.d <= LEG_HALF_PX) at = thigh.t;
        else if (shin.t > 0 && shin.t <= 1 && shin.d <= LEG_HALF_PX) at = 1 + shin.t;
        if (at === null) continue;
        paint(x, y, at <= clothes.hem[side] ? clothes.shorts : SKIN);
      }
    }
  }
  const landmarks: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.1, z: 0, visibility: 1, presence: 1 }));
  for (const [name, [x, y]] of Object.entries(JOINTS)) landmarks[L[name as keyof typeof L]] = { x: x / W, y: y / H, z: 0, visibility: 1, presence: 1 };
  return { picture: { data, widthPx: W, heightPx: H }, landmarks };
}

/** One step of the walk down the leg, in the path's places (the reading's resolution). */
const STEP = (1.4 - OWN_LEG_HEM_FROM) / 23;

describe('where the shopper’s own shorts end', () => {
  it('reads grey shorts’ hems where the skin begins, above, at and below the knee, on both legs', () => {
    for (const hem of [0.7, 1, 1.15]) {
      const { picture, landmarks } = shopper({ top: WHITE, shorts: GREY, hem: { left: hem, right: hem } });
      const read = ownLegHemEnds(picture, landmarks);
      expect(read.left, `shorts to ${hem}`).not.toBeNull();
      expect(Math.abs(read.left! - hem), `left, shorts to ${hem}: read ${read.left}`).toBeLessThanOrEqual(STEP);
      expect(Math.abs(read.right! - hem), `right, shorts to ${hem}: read ${read.right}`).toBeLessThanOrEqual(STEP);
    }
  });

  it('reads each leg on its own (a hem hitched up on one leg)', () => {
    const read = ownLegHemEnds(...args(shopper({ top: WHITE, shorts: GREY, hem: { left: 0.6, right: 1.1 } })));
    expect(Math.abs(read.left! - 0.6), `left read ${read.left}`).toBeLessThanOrEqual(STEP);
    expect(Math.abs(read.right! - 1.1), `right read ${read.right}`).toBeLessThanOrEqual(STEP);
  });

  it('reads navy shorts as well as grey ones (chromaticity, not brightness)', () => {
    const read = ownLegHemEnds(...args(shopper({ top: WHITE, shorts: [30, 40, 70], hem: { left: 0.8, right: 0.8 } })));
    expect(Math.abs(read.left! - 0.8)).toBeLessThanOrEqual(STEP);
    expect(Math.abs(read.right! - 0.8)).toBeLessThanOrEqual(STEP);
  });

  it('reads nothing where it cannot tell: trousers, bare legs, shorts of the skin’s hue, a missing pose', () => {
    // Trousers to the ankles: no skin on the shin to compare with.
    expect(ownLegHemEnds(...args(shopper({ top: WHITE, shorts: GREY, hem: { left: 3, right: 3 } })))).toEqual({ left: null, right: null });
    // Cloth past the walk's end, skin only low on the shin (cropped trousers): longer than shorts.
    expect(ownLegHemEnds(...args(shopper({ top: WHITE, shorts: GREY, hem: { left: 1.5, right: 1.5 } })))).toEqual({ left: null, right: null });
    // Bare legs from the hips down: no shorts on the thighs.
    expect(ownLegHemEnds(...args(shopper({ top: WHITE, shorts: GREY, hem: { left: 0, right: 0 } })))).toEqual({ left: null, right: null });
    // Beige shorts as warm as the skin: chromaticity 0.02 from it.
    expect(ownLegHemEnds(...args(shopper({ top: WHITE, shorts: [214, 168, 140], hem: { left: 0.8, right: 0.8 } })))).toEqual({ left: null, right: null });
    const { picture } = shopper({ top: WHITE, shorts: GREY, hem: { left: 0.8, right: 0.8 } });
    expect(ownLegHemEnds(picture, [])).toEqual({ left: null, right: null });
  });

  it('reads nothing for a leg out of the picture', () => {
    const { picture, landmarks } = shopper({ top: WHITE, shorts: GREY, hem: { left: 0.8, right: 0.8 } });
    landmarks[L.leftKnee] = { ...landmarks[L.leftKnee]!, y: 1.3 };
    landmarks[L.leftAnkle] = { ...landmarks[L.leftAnkle]!, y: 1.6 };
    const read = ownLegHemEnds(picture, landmarks);
    expect(read.left).toBeNull();
    expect(Math.abs(read.right! - 0.8)).toBeLessThanOrEqual(STEP);
  });
});

function args(s: ReturnType<typeof shopper>): [ReturnType<typeof shopper>['picture'], NormalizedLandmark[]] {
  return [s.picture, s.landmarks];
}
