import { describe, expect, it } from 'vitest';
import type { PersonMaskInput } from '../garment/leg-silhouette';
import { PoseLandmark as L, POSE_LANDMARK_COUNT } from '../../shared/pose';
import { LegsOnPerson } from './legs-on-person';

const W = 200;
const H = 400;

/**
 * A person standing square to a 200 × 400 picture: shoulders at y 100, hips at y 200 (a 100 px torso), legs straight
 * down to the ankles at y 360. The world the same at 0.5 m of torso. `rightLegOn` moves the right leg (the picture's
 * right here) off the person, out to the side, as BlazePose put a walker's leg on the woman beside him.
 */
function body(rightLegOn = true): { px: Float64Array; world: Float64Array } {
  const px = new Float64Array(2 * POSE_LANDMARK_COUNT);
  const world = new Float64Array(3 * POSE_LANDMARK_COUNT);
  const set = (i: number, x: number, y: number, wx: number, wy: number, wz: number): void => {
    px.set([x, y], 2 * i);
    world.set([wx, wy, wz], 3 * i);
  };
  set(L.leftShoulder, 80, 100, -0.17, -0.5, 0);
  set(L.rightShoulder, 120, 100, 0.17, -0.5, 0);
  set(L.leftHip, 92, 200, -0.1, 0, 0);
  set(L.rightHip, 108, 200, 0.1, 0, 0);
  set(L.leftKnee, 92, 280, -0.1, 0.42, 0.02);
  set(L.leftAnkle, 92, 360, -0.1, 0.82, 0.05);
  set(L.leftHeel, 91, 366, -0.1, 0.85, 0.02);
  set(L.leftFootIndex, 95, 372, -0.1, 0.86, 0.12);
  if (rightLegOn) {
    set(L.rightKnee, 108, 280, 0.1, 0.42, 0.02);
    set(L.rightAnkle, 108, 360, 0.1, 0.82, 0.05);
    set(L.rightHeel, 107, 366, 0.1, 0.85, 0.02);
    set(L.rightFootIndex, 111, 372, 0.1, 0.86, 0.12);
  } else {
    set(L.rightKnee, 170, 260, 0.45, 0.3, -0.1);
    set(L.rightAnkle, 190, 330, 0.7, 0.6, -0.2);
    set(L.rightHeel, 188, 336, 0.7, 0.63, -0.23);
    set(L.rightFootIndex, 196, 338, 0.72, 0.64, -0.1);
  }
  return { px, world };
}

/** The person's mask over the whole frame: the torso, and both legs as columns down to the feet. */
function maskOfStandingPerson(): PersonMaskInput {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const torso = x >= 75 && x <= 125 && y >= 80 && y <= 210;
      const legs = x >= 84 && x <= 116 && y >= 200 && y <= 380;
      if (torso || legs) data[y * W + x] = 255;
    }
  }
  return { mask: { widthPx: W, heightPx: H, data }, frameWidthPx: W, frameHeightPx: H };
}

const at = (a: Float64Array, n: number, i: number): number[] => Array.from(a.subarray(n * i, n * i + n));

describe('legs on the person (LegsOnPerson)', () => {
  it('leaves legs that lie on the person mask as they are', () => {
    const { px, world } = body();
    const [px0, world0] = [px.slice(), world.slice()];
    const legs = new LegsOnPerson();
    legs.apply(px, world, maskOfStandingPerson());
    expect(legs.replaced).toBe(0);
    expect(px).toEqual(px0);
    expect(world).toEqual(world0);
  });

  it('hangs a leg that runs off the person straight down from its hip, at the other leg’s lengths in the world', () => {
    const { px, world } = body(false);
    const LEFT_LEG = [L.leftHip, L.leftKnee, L.leftAnkle, L.leftHeel, L.leftFootIndex];
    const leftLeg = (): number[][] => LEFT_LEG.flatMap((i) => [at(px, 2, i), at(world, 3, i)]);
    const left = leftLeg();
    const heel = at(px, 2, L.rightHeel);
    const ankle = at(px, 2, L.rightAnkle);
    const legs = new LegsOnPerson();
    legs.apply(px, world, maskOfStandingPerson());
    expect(legs.replaced).toBe(2);
    // The torso is 100 px and 0.5 m; the left thigh 0.4205 m and shank 0.4011 m in the world: 0.841 and 0.802 of it.
    const thigh = Math.hypot(0, 0.42, 0.02) / 0.5;
    const shank = Math.hypot(0, 0.4, 0.03) / 0.5;
    expect(at(px, 2, L.rightKnee)[0]).toBeCloseTo(108, 9);
    expect(at(px, 2, L.rightKnee)[1]).toBeCloseTo(200 + 100 * thigh, 9);
    expect(at(px, 2, L.rightAnkle)[1]).toBeCloseTo(200 + 100 * (thigh + shank), 9);
    expect(at(world, 3, L.rightKnee)).toEqual([0.1, 0.5 * thigh, 0].map((v) => expect.closeTo(v, 9)));
    expect(at(world, 3, L.rightAnkle)).toEqual([0.1, 0.5 * (thigh + shank), 0].map((v) => expect.closeTo(v, 9)));
    // The heel keeps its place beside the ankle; the leg on the person is untouched.
    const movedAnkle = at(px, 2, L.rightAnkle);
    expect(at(px, 2, L.rightHeel)).toEqual([0, 1].map((k) => expect.closeTo(heel[k]! + movedAnkle[k]! - ankle[k]!, 9)));
    expect(leftLeg()).toEqual(left);
    // The re-hung leg now lies on the person: a second pass leaves it.
    legs.apply(px, world, maskOfStandingPerson());
    expect(legs.replaced).toBe(0);
  });

  it('hangs the leg beside the other one where the torso slants in the picture and its axis would run off the person', () => {
    const { px, world } = body(false);
    // A walker whose torso slants in the picture: his shoulders 40 px ahead of his hips (the picture's +x), his legs on the mask below.
    for (const i of [L.leftShoulder, L.rightShoulder]) px[2 * i] = px[2 * i]! + 40;
    const legs = new LegsOnPerson();
    legs.apply(px, world, maskOfStandingPerson());
    expect(legs.replaced).toBe(2);
    expect(legs.sidesHung[1], 'the right leg hung beside the left').toBe(1);
    // Parallel to the left leg (straight down the picture), from the right hip: on the person's legs.
    expect(at(px, 2, L.rightKnee)[0]).toBeCloseTo(108, 9);
    expect(at(px, 2, L.rightAnkle)[0]).toBeCloseTo(108, 9);
    // In the world along the left leg's hip → ankle too (it points 5 cm forward over its 82 cm).
    const knee = at(world, 3, L.rightKnee);
    expect(knee[0]).toBeCloseTo(0.1, 9);
    expect(knee[2]! / knee[1]!).toBeCloseTo(0.05 / 0.82, 9);
    // Upright, both ways are on the person: the torso's axis, as before.
    const upright = body(false);
    legs.reset();
    legs.apply(upright.px, upright.world, maskOfStandingPerson());
    expect(legs.sidesHung[1]).toBe(0);
  });

  it('keeps a re-hung leg re-hung while a quarter to a half of it is off the person, and lets it go under a quarter', () => {
    // The right leg's shin below y 300 off the mask: 6 of its 18 samples (a third).
    const data = maskOfStandingPerson().mask.data.map((v, i) => (i % W >= 101 && i >= 301 * W ? 0 : v));
    const partly: PersonMaskInput = { mask: { widthPx: W, heightPx: H, data }, frameWidthPx: W, frameHeightPx: H };
    const fresh = new LegsOnPerson();
    const standing = body();
    fresh.apply(standing.px, standing.world, partly);
    expect(fresh.replaced, 'a third off, nothing before: the pose’s own').toBe(0);
    const legs = new LegsOnPerson();
    const off = body(false);
    legs.apply(off.px, off.world, maskOfStandingPerson());
    expect(legs.replaced).toBe(2);
    const next = body();
    const kneeBefore = at(next.px, 2, L.rightKnee);
    legs.apply(next.px, next.world, partly);
    expect(legs.replaced, 'a third off, re-hung the frame before: still re-hung').toBe(2);
    expect(at(next.px, 2, L.rightKnee)).not.toEqual(kneeBefore);
    const last = body();
    legs.apply(last.px, last.world, maskOfStandingPerson());
    expect(legs.replaced, 'on the person again').toBe(0);
    // A new person starts afresh.
    legs.apply(off.px.slice(), off.world.slice(), maskOfStandingPerson());
    legs.reset();
    const again = body();
    legs.apply(again.px, again.world, partly);
    expect(legs.replaced).toBe(0);
  });

  it('hangs both legs at the torso’s shares of a body’s proportions when neither is on the person', () => {
    const { px, world } = body(false);
    const data = maskOfStandingPerson().mask.data.map((v, i) => (i >= 215 * W ? 0 : v));
    // Only the torso is the person: the left leg runs off it too.
    const legs = new LegsOnPerson();
    legs.apply(px, world, { mask: { widthPx: W, heightPx: H, data }, frameWidthPx: W, frameHeightPx: H });
    expect(legs.replaced).toBe(3);
    // Drillis & Contini: thigh 0.245 and shank 0.246 of the stature, the torso 0.288.
    expect(at(px, 2, L.leftKnee)[1]).toBeCloseTo(200 + (100 * 0.245) / 0.288, 9);
    expect(at(px, 2, L.rightAnkle)[1]).toBeCloseTo(200 + (100 * (0.245 + 0.246)) / 0.288, 9);
  });

  it('judges nothing without a mask, nor a leg below a placed mask’s square (the tracker’s crop says nothing there)', () => {
    const { px, world } = body(false);
    const px0 = px.slice();
    const legs = new LegsOnPerson();
    legs.apply(px, world, null);
    expect(legs.replaced).toBe(0);
    // A 100 × 100 mask placed over the frame's top half only (x = u, y = 0.5 v): all person, and nothing below y 200.
    const placed: PersonMaskInput = {
      mask: { widthPx: 100, heightPx: 100, data: new Uint8Array(100 * 100).fill(255), frameFromMask: [1, 0, 0, 0, 0.5, 0] },
      frameWidthPx: W,
      frameHeightPx: H,
    };
    legs.apply(px, world, placed);
    expect(legs.replaced).toBe(0);
    expect(px).toEqual(px0);
  });
});
