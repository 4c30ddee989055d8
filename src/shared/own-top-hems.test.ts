import { describe, expect, it } from 'vitest';
import { PoseLandmark as L, type NormalizedLandmark } from './pose';
import { OWN_TOP_HEM_STEP, OWN_TOP_HEM_TO, OWN_TOP_MIN_CONTRAST, TORSO_LINE_INSET, ownTopHemEnds } from './own-top-hems';

const W = 200;
const H = 400;
/** The synthetic shopper's colours, rgb: a white T-shirt, grey shorts (the same hue, darker), skin, the room. */
const WHITE = [236, 234, 228];
const GREY = [128, 129, 118];
const SKIN = [205, 150, 118];
const ROOM = [96, 104, 118];
/** A navy top and navy shorts a little lighter: 19 apart in RGB, under {@link OWN_TOP_MIN_CONTRAST}. */
const NAVY = [30, 40, 70];
const NAVY_SHORTS = [40, 48, 84];
/**
 * Joints, picture px, the wearer's right on the picture's left. A grown-up's proportions: shoulders 84 px apart,
 * shoulders → hips 120 px (≈ 0.7 of that breadth, 52 cm), hips → knees 95 px (≈ 41 cm), the hip landmarks a little
 * over half the shoulders' breadth apart.
 */
const JOINTS = {
  rightShoulder: [58, 40], leftShoulder: [142, 40],
  rightHip: [76, 160], leftHip: [124, 160],
  rightKnee: [86, 255], leftKnee: [114, 255],
  rightAnkle: [88, 350], leftAnkle: [112, 350],
} as const;
/** Half the thigh's breadth at the hip and at the knee, px (thighs that touch at the top, as most do). */
const THIGH_HALF_PX = [22, 14] as const;
const SHIN_HALF_PX = 10;
/** The crotch's height, px: the shorts' seat fills the torso's breadth down to it. */
const CROTCH_Y = 190;
/** Where the shorts end on the thigh, a share of hip → knee. */
const SHORTS_HEM = 0.6;

type Side = 'left' | 'right';
type Rgb = readonly number[];

/** The point at `place` on a side's torso line, worked out here from its definition (see own-top-hems.ts). */
function onLine(side: Side, place: number): [number, number] {
  const other: Side = side === 'left' ? 'right' : 'left';
  const inset = (a: readonly number[], b: readonly number[]) => [a[0]! + TORSO_LINE_INSET * (b[0]! - a[0]!), a[1]! + TORSO_LINE_INSET * (b[1]! - a[1]!)];
  const top = inset(JOINTS[`${side}Shoulder`], JOINTS[`${other}Shoulder`]);
  const bottom = inset(JOINTS[`${side}Hip`], JOINTS[`${other}Hip`]);
  return [top[0]! + place * (bottom[0]! - top[0]!), top[1]! + place * (bottom[1]! - top[1]!)];
}

interface Clothes {
  top: Rgb;
  bottoms: Rgb;
  /**
   * Where the top ends on each side's torso line, a place (0 shoulders, 1 hips): level out from each line to the
   * side, straight across between the lines.
   */
  hem: Record<Side, number>;
  /** A band of the top across the torso painted another colour, between two places (a shaded fold). */
  fold?: { from: number; to: number; colour: Rgb };
  /** The hem's shadow on the bottoms: this far below the hem (a place), the bottoms painted this colour. */
  shadow?: { depth: number; colour: Rgb };
  /** A fist in front of the belly between two places, across the torso's middle and both lines. */
  fist?: { from: number; to: number };
}

/** The picture of a shopper standing square in `clothes`, and its landmarks. */
function shopper(clothes: Clothes): { picture: { data: Uint8Array; widthPx: number; heightPx: number }; landmarks: NormalizedLandmark[] } {
  const data = new Uint8Array(4 * W * H);
  const paint = (x: number, y: number, c: Rgb) => data.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
  const [lx, ly] = onLine('left', clothes.hem.left);
  const [rx, ry] = onLine('right', clothes.hem.right);
  // The hem's height at a picture column (tilted between the lines where the sides differ).
  const hemY = (x: number) => ry + Math.min(1, Math.max(0, (x - rx) / (lx - rx))) * (ly - ry);
  const placeY = (place: number) => onLine('left', place)[1];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      paint(x, y, ROOM);
      // The torso: shoulders' breadth (with the deltoids) narrowing to the hips', then the seat down to the crotch.
      const s = Math.min(1, Math.max(0, (y - 34) / (160 - 34)));
      const onTorso = y >= 34 && y <= CROTCH_Y && x >= 50 + 14 * s && x <= 150 - 14 * s;
      // The legs: hip → knee, the thigh tapering; knee → ankle.
      let thigh: number | null = null;
      let onShin = false;
      for (const side of ['left', 'right'] as const) {
        const h = JOINTS[`${side}Hip`];
        const k = JOINTS[`${side}Knee`];
        const a = JOINTS[`${side}Ankle`];
        const along = (p: readonly number[], q: readonly number[]) => {
          const dx = q[0]! - p[0]!;
          const dy = q[1]! - p[1]!;
          const t = ((x - p[0]!) * dx + (y - p[1]!) * dy) / (dx * dx + dy * dy);
          return { t, d: Math.hypot(x - p[0]! - t * dx, y - p[1]! - t * dy) };
        };
        const th = along(h, k);
        if (th.t >= 0 && th.t <= 1 && th.d <= THIGH_HALF_PX[0] + th.t * (THIGH_HALF_PX[1] - THIGH_HALF_PX[0])) thigh = th.t;
        const sh = along(k, a);
        if (sh.t > 0 && sh.t <= 1 && sh.d <= SHIN_HALF_PX) onShin = true;
      }
      if (!onTorso && thigh === null && !onShin) continue;
      // The top hangs over whatever is above its hem (a tunic over the thighs too); the shorts below, skin below them.
      if (y < hemY(x) && (onTorso || thigh !== null)) paint(x, y, clothes.top);
      else if (onTorso || (thigh !== null && thigh <= SHORTS_HEM)) paint(x, y, clothes.bottoms);
      else paint(x, y, SKIN);
    }
  }
  // The fold and the fist span the torso between its lines and a little past each.
  const x0 = Math.floor(onLine('right', 1)[0] - 14);
  const x1 = Math.ceil(onLine('left', 1)[0] + 14);
  if (clothes.fold) {
    for (let y = Math.round(placeY(clothes.fold.from)); y < Math.round(placeY(clothes.fold.to)); y++) {
      for (let x = x0; x <= x1; x++) if (y < hemY(x)) paint(x, y, clothes.fold.colour);
    }
  }
  if (clothes.shadow) {
    const depthPx = clothes.shadow.depth * (placeY(1) - placeY(0));
    for (let y = 0; y < H; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = 4 * (y * W + x);
        const isBottoms = data[i] === clothes.bottoms[0] && data[i + 1] === clothes.bottoms[1] && data[i + 2] === clothes.bottoms[2];
        if (isBottoms && y >= hemY(x) && y < hemY(x) + depthPx) paint(x, y, clothes.shadow.colour);
      }
    }
  }
  if (clothes.fist) {
    for (let y = Math.round(placeY(clothes.fist.from)); y < Math.round(placeY(clothes.fist.to)); y++) for (let x = x0; x <= x1; x++) paint(x, y, SKIN);
  }
  const landmarks: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.05, z: 0, visibility: 1, presence: 1 }));
  for (const [name, [x, y]] of Object.entries(JOINTS)) landmarks[L[name as keyof typeof L]] = { x: x / W, y: y / H, z: 0, visibility: 1, presence: 1 };
  return { picture: { data, widthPx: W, heightPx: H }, landmarks };
}

function args(s: ReturnType<typeof shopper>): [ReturnType<typeof shopper>['picture'], NormalizedLandmark[]] {
  return [s.picture, s.landmarks];
}

/** The reading's resolution: one step of the walk down the torso line. */
const STEP = OWN_TOP_HEM_STEP;
const FOLD = GREY.map((c) => c + 20);
/** A fist's height as a place on the torso line (≈ 8 cm of a 52 cm torso). */
const FIST = 0.16;

/** Expects each side read within `within` of where its hem was painted. */
function expectHems(clothes: Clothes, within: number, what: string): void {
  const read = ownTopHemEnds(...args(shopper(clothes)));
  for (const side of ['left', 'right'] as const) {
    expect(read[side], `${what}: ${side} read nothing`).not.toBeNull();
    expect(Math.abs(read[side]! - clothes.hem[side]), `${what}: ${side} painted at ${clothes.hem[side]}, read ${read[side]}`).toBeLessThanOrEqual(within);
  }
}

describe('where the shopper’s own top ends over their bottoms', () => {
  it('reads a white tee’s hem over grey shorts (the same hue, only lighter), above, at and below the hips, on both sides', () => {
    // Only RGB distance tells these apart: their chromaticities are all but the same.
    for (const hem of [0.95, 1, 1.1, 1.2]) expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem } }, STEP, `tee to ${hem}`);
  });

  it('reads a long tee’s hem below the hips, down where the walk still reaches', () => {
    // A longline tee ending ≈ 15 cm below the hip landmarks, within the walk.
    expect(OWN_TOP_HEM_TO).toBeGreaterThan(1.38);
    for (const hem of [1.3, 1.38]) expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem } }, STEP, `long tee to ${hem}`);
  });

  it('reads each side on its own (a tilted hem)', () => {
    expectHems({ top: WHITE, bottoms: GREY, hem: { left: 1, right: 1.2 } }, STEP, 'tilted hem');
  });

  it('is not moved off the hem by a shaded fold across the tee above it: the strongest change wins', () => {
    // A band ≈ 3 samples tall, 20 lighter than the shorts: nearer their colour than the tee's (a change of the class),
    // but a smaller step from the tee than the shorts'.
    for (const hem of [1, 1.1, 1.2]) {
      for (const above of [0.08, 0.12, 0.16]) {
        const fold = { from: hem - above - 0.07, to: hem - above, colour: FOLD };
        expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem }, fold }, STEP, `tee to ${hem}, fold ending ${above} above`);
      }
    }
  });

  it('is not moved off the hem by its shadow on the shorts under it', () => {
    // The hem casts a shadow on the shorts (≈ 2 cm, darker than them): a stronger step still, at the hem. (A fold as
    // dark as the shorts lying right on the hem cannot be told from them: the module's header says so.)
    for (const hem of [1.1, 1.2]) {
      const shadow = { depth: 0.04, colour: GREY.map((c) => c - 40) as Rgb };
      expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem }, shadow }, STEP, `tee to ${hem}, its shadow under it`);
    }
  });

  it('steps over a fist in front of the belly above the hem', () => {
    // The fist's skin is neither the top nor the shorts: the samples on it are left out of the walk. (The tee shows
    // in the walk above the fist: a fist over the walk's start leaves no run of the top's colour to read from.)
    for (const hem of [1.1, 1.2]) {
      for (const above of [0.04, 0.08]) {
        const fist = { from: hem - above - FIST, to: hem - above };
        expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem }, fist }, STEP, `tee to ${hem}, fist ending ${above} above`);
      }
    }
  });

  it('reads the hem within two steps with a fist resting just above it', () => {
    // ≈ 1 cm of the tee between the fist and the hem (a hand at the hem, tugging it), the fist hiding the tee above.
    for (const hem of [1.1, 1.2]) {
      const fist = { from: hem - 0.02 - FIST, to: hem - 0.02 };
      expectHems({ top: WHITE, bottoms: GREY, hem: { left: hem, right: hem }, fist }, 2 * STEP, `tee to ${hem}, fist ending 0.02 above`);
    }
  });

  it('reads nothing where it cannot tell: top and bottoms alike, a top tucked in or too long, a missing pose', () => {
    // A navy tee over navy shorts, 19 apart in RGB: nothing of the own top would show under a worn one either.
    expect(Math.hypot(...NAVY.map((c, i) => c - NAVY_SHORTS[i]!))).toBeLessThan(OWN_TOP_MIN_CONTRAST);
    expect(ownTopHemEnds(...args(shopper({ top: NAVY, bottoms: NAVY_SHORTS, hem: { left: 1.1, right: 1.1 } }))), 'navy over navy').toEqual({ left: null, right: null });
    // A top ending above the walk's start (tucked in, or high-waisted bottoms): only the bottoms along the walk.
    expect(ownTopHemEnds(...args(shopper({ top: WHITE, bottoms: GREY, hem: { left: 0.7, right: 0.7 } }))), 'tucked in').toEqual({ left: null, right: null });
    // A tunic past the walk's end, over the thighs: no change along the walk (and the thighs sampled for the bottoms
    // show the tunic too).
    expect(ownTopHemEnds(...args(shopper({ top: WHITE, bottoms: GREY, hem: { left: 1.6, right: 1.6 } }))), 'tunic').toEqual({ left: null, right: null });
    const { picture, landmarks } = shopper({ top: WHITE, bottoms: GREY, hem: { left: 1.1, right: 1.1 } });
    expect(ownTopHemEnds(picture, []), 'no pose').toEqual({ left: null, right: null });
    expect(ownTopHemEnds(picture, landmarks.slice(0, 32)), '32 landmarks').toEqual({ left: null, right: null });
  });

  it('names the sides the wearer’s: a hem lower on the picture’s left is the wearer’s right', () => {
    const s = shopper({ top: WHITE, bottoms: GREY, hem: { left: 0.95, right: 1.15 } });
    // The painting as said: at the height of place 1.05, the tee still on the picture's left, the shorts on its right.
    const at = (x: number, y: number) => Array.from(s.picture.data.subarray(4 * (y * W + x), 4 * (y * W + x) + 3));
    const y = Math.round(onLine('left', 1.05)[1]);
    expect(at(Math.round(onLine('right', 1.05)[0]), y), 'the picture’s left').toEqual(WHITE);
    expect(at(Math.round(onLine('left', 1.05)[0]), y), 'the picture’s right').toEqual(GREY);
    expect(s.landmarks[L.rightShoulder]!.x).toBeLessThan(s.landmarks[L.leftShoulder]!.x);
    const read = ownTopHemEnds(...args(s));
    expect(Math.abs(read.right! - 1.15), `right read ${read.right}`).toBeLessThanOrEqual(STEP);
    expect(Math.abs(read.left! - 0.95), `left read ${read.left}`).toBeLessThanOrEqual(STEP);
  });
});
