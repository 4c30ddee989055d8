import { describe, expect, it } from 'vitest';
import { PoseLandmark as L, type NormalizedLandmark } from './pose';
import { OWN_SLEEVE_FROM, ownSleeveEnds } from './own-sleeves';

const W = 200;
const H = 400;
/** The synthetic shopper's colours, rgb: a white T-shirt, skin, the room. */
const WHITE = [236, 234, 228];
const SKIN = [205, 150, 118];
const ROOM = [96, 104, 118];
/** Joints, picture px: shoulders, elbows, wrists, hips (the wearer's right on the picture's left). */
const JOINTS = {
  rightShoulder: [62, 100], leftShoulder: [138, 100],
  rightElbow: [52, 190], leftElbow: [148, 190],
  rightWrist: [48, 270], leftWrist: [152, 270],
  rightHip: [80, 240], leftHip: [120, 240],
} as const;
/** Half the arm's breadth and the torso's side, px. */
const ARM_HALF_PX = 9;

interface Clothes {
  top: readonly number[];
  /** Where the own sleeve ends, share of shoulder → elbow; over 1 runs on down the forearm by (share − 1) of it. */
  sleeveEnd: number;
  /** The upper arm's skin from the shoulder (a sleeveless top): no sleeve at all. */
  sleeveless?: boolean;
}

/** The picture of a shopper standing square with arms hanging, in `clothes`, and its landmarks. */
function shopper(clothes: Clothes): { picture: { data: Uint8Array; widthPx: number; heightPx: number }; landmarks: NormalizedLandmark[] } {
  const data = new Uint8Array(4 * W * H);
  const paint = (x: number, y: number, c: readonly number[]) => data.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) paint(x, y, ROOM);
  // The torso, shoulders to hips, between the arms.
  for (let y = 90; y < 245; y++) for (let x = 72; x < 128; x++) paint(x, y, clothes.top);
  for (const side of ['left', 'right'] as const) {
    const s = JOINTS[`${side}Shoulder`];
    const e = JOINTS[`${side}Elbow`];
    const w = JOINTS[`${side}Wrist`];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // The share along shoulder → elbow (0..1), then 1 + the share along elbow → wrist.
        const along = (a: readonly number[], b: readonly number[]) => {
          const dx = b[0]! - a[0]!;
          const dy = b[1]! - a[1]!;
          const t = ((x - a[0]!) * dx + (y - a[1]!) * dy) / (dx * dx + dy * dy);
          return { t, d: Math.hypot(x - a[0]! - t * dx, y - a[1]! - t * dy) };
        };
        const upper = along(s, e);
        const fore = along(e, w);
        let at: number | null = null;
        if (upper.t >= 0 && upper.t <= 1 && upper.d <= ARM_HALF_PX) at = upper.t;
        else if (fore.t > 0 && fore.t <= 1 && fore.d <= ARM_HALF_PX) at = 1 + fore.t;
        if (at === null) continue;
        paint(x, y, !clothes.sleeveless && at <= clothes.sleeveEnd ? clothes.top : SKIN);
      }
    }
  }
  const landmarks: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.2, z: 0, visibility: 1, presence: 1 }));
  for (const [name, [x, y]] of Object.entries(JOINTS)) landmarks[L[name as keyof typeof L]] = { x: x / W, y: y / H, z: 0, visibility: 1, presence: 1 };
  return { picture: { data, widthPx: W, heightPx: H }, landmarks };
}

/** One step of the walk down the arm, as a share of shoulder → elbow (the reading's resolution). */
const STEP = (1 - OWN_SLEEVE_FROM) / 19;

describe('where the shopper’s own sleeves end', () => {
  it('reads a white T-shirt’s short sleeves where the skin begins, on both arms', () => {
    for (const end of [0.35, 0.55, 0.8]) {
      const { picture, landmarks } = shopper({ top: WHITE, sleeveEnd: end });
      const read = ownSleeveEnds(picture, landmarks);
      expect(read.left, `sleeve to ${end}`).not.toBeNull();
      expect(Math.abs(read.left! - end), `left, sleeve to ${end}: read ${read.left}`).toBeLessThanOrEqual(STEP);
      expect(Math.abs(read.right! - end), `right, sleeve to ${end}: read ${read.right}`).toBeLessThanOrEqual(STEP);
    }
  });

  it('reads a navy top as well as a white one (chromaticity, not brightness)', () => {
    const { picture, landmarks } = shopper({ top: [30, 40, 70], sleeveEnd: 0.6 });
    const read = ownSleeveEnds(picture, landmarks);
    expect(Math.abs(read.left! - 0.6)).toBeLessThanOrEqual(STEP);
    expect(Math.abs(read.right! - 0.6)).toBeLessThanOrEqual(STEP);
  });

  it('says the sleeve reaches the elbow when the upper arm is all cloth above a bare forearm', () => {
    const read = ownSleeveEnds(...args(shopper({ top: WHITE, sleeveEnd: 1.2 })));
    expect(read).toEqual({ left: 1, right: 1 });
  });

  it('reads nothing where it cannot tell: long sleeves, no sleeves, a top of the skin’s hue, a missing pose', () => {
    // The forearm in the top's cloth: no skin to compare with.
    expect(ownSleeveEnds(...args(shopper({ top: WHITE, sleeveEnd: 3 })))).toEqual({ left: null, right: null });
    // Skin from the shoulder down: nothing of a sleeve to cover.
    expect(ownSleeveEnds(...args(shopper({ top: WHITE, sleeveEnd: 0.5, sleeveless: true })))).toEqual({ left: null, right: null });
    // A beige top as warm as the skin: chromaticity 0.02 from it.
    expect(ownSleeveEnds(...args(shopper({ top: [214, 168, 140], sleeveEnd: 0.5 })))).toEqual({ left: null, right: null });
    const { picture } = shopper({ top: WHITE, sleeveEnd: 0.5 });
    expect(ownSleeveEnds(picture, [])).toEqual({ left: null, right: null });
  });
});

function args(s: ReturnType<typeof shopper>): [ReturnType<typeof shopper>['picture'], NormalizedLandmark[]] {
  return [s.picture, s.landmarks];
}
