import { describe, expect, it } from 'vitest';
import { DwellSelector } from './dwell';
import { pointingHand } from './hand-cursor';
import { TouchlessController, type HitTest } from './touchless';
import { AVERAGE_BODY, pointTrack, restingPosesTrack, standingTrack, swipeTrack, turnAroundTrack, walkPastTrack, type LandmarkTrack } from '../../../tools/synth/tracks';
import { synthFrame } from '../../../tools/synth/sizing-synth';
import { handOnPose, POINTING_HAND, type SyntheticHandOptions } from '../../../tools/synth/hands';
import type { Hand } from '../../shared/hands';

const ASPECT = 1280 / 720;
/** A screen tiled with buttons (8 × 6): any cursor that lingers anywhere would select something. */
const tiled: HitTest = (x, y) => `b${Math.min(7, Math.floor(x * 8))}-${Math.min(5, Math.floor(y * 6))}`;

function play(track: LandmarkTrack, hit: HitTest = tiled) {
  const c = new TouchlessController();
  const selected: string[] = [];
  const swipes: string[] = [];
  let activeFrames = 0;
  for (const f of track.frames) {
    const u = c.onPose(f.landmarks, ASPECT, f.tMs, hit);
    if (u.dwell.selected) selected.push(u.dwell.selected);
    if (u.swipe) swipes.push(u.swipe);
    if (u.cursor.active) activeFrames++;
  }
  return { selected, swipes, activeFrames };
}

describe('touchless: no accidental input', () => {
  for (const distanceM of [1.5, 2, 2.5]) {
    it(`standing still for 30 s at ${distanceM} m selects nothing`, () => {
      const r = play(standingTrack(30_000, { distanceM, seed: distanceM * 10 }));
      expect(r).toEqual({ selected: [], swipes: [], activeFrames: 0 });
    });
    it(`walking past at ${distanceM} m selects and swipes nothing`, () => {
      const r = play(walkPastTrack(3000, { distanceM, seed: 3 }));
      expect(r.selected).toEqual([]);
      expect(r.swipes).toEqual([]);
    });
  }
  it('folded arms and hands on hips select nothing', () => {
    const r = play(restingPosesTrack(8000, { seed: 5 }));
    expect(r.selected).toEqual([]);
    expect(r.swipes).toEqual([]);
  });
  it('turning around selects nothing', () => {
    const r = play(turnAroundTrack(3000, 2000));
    expect(r.selected).toEqual([]);
    expect(r.swipes).toEqual([]);
  });
});

describe('touchless: pointing and dwelling', () => {
  for (const distanceM of [1.5, 2.5]) {
    for (const [x, y] of [
      [0.19, 0.25],
      [0.81, 0.92],
      [0.56, 0.58],
    ] as const) {
      it(`selects the button at (${x}, ${y}) once after a 1.5 s hold at ${distanceM} m`, () => {
        const r = play(pointTrack(x, y, 1500, { distanceM, seed: Math.round(x * 100 + y * 10) }));
        expect(r.selected).toEqual([tiled(x, y)]);
        expect(r.swipes).toEqual([]);
      });
    }
  }
  it('a hold shorter than the dwell selects nothing', () => {
    expect(play(pointTrack(0.5, 0.5, 600)).selected).toEqual([]);
  });
  it('the left hand points too, mirrored like the picture', () => {
    const right = pointingHand(synthFrame(AVERAGE_BODY, { rightArm: { dxM: -0.5, dyM: -0.1, dzM: -0.2 } }).landmarks, 'right', ASPECT)!;
    const left = pointingHand(synthFrame(AVERAGE_BODY, { leftArm: { dxM: 0.5, dyM: -0.1, dzM: -0.2 } }).landmarks, 'left', ASPECT)!;
    // The right hand out to the side (image left) is on the screen's right; the left hand's on the left.
    expect(right.xNorm).toBeGreaterThan(0.8);
    expect(left.xNorm).toBeLessThan(0.2);
    expect(play(pointTrack(0.2, 0.3, 1500, { hand: 'left' })).selected).toEqual([tiled(0.2, 0.3)]);
  });
});

describe('touchless: swipes', () => {
  for (const distanceM of [1.5, 2, 2.5]) {
    it(`detects a swipe each way at ${distanceM} m, and selects nothing while swiping`, () => {
      const left = play(swipeTrack('left', { distanceM }));
      const right = play(swipeTrack('right', { distanceM }));
      expect(left.swipes).toEqual(['left']);
      expect(right.swipes).toEqual(['right']);
      expect([...left.selected, ...right.selected]).toEqual([]);
    });
  }
});

describe('DwellSelector', () => {
  it('fills over the dwell time, survives a brief slip, selects once per hover', () => {
    const d = new DwellSelector({ dwellMs: 1000, graceMs: 250, cooldownMs: 500 });
    expect(d.update('a', 0).progress).toBe(0);
    expect(d.update('a', 500).progress).toBeCloseTo(0.5);
    expect(d.update(null, 600).targetId).toBe('a');
    expect(d.update('a', 700).progress).toBeCloseTo(0.7);
    expect(d.update('a', 1000).selected).toBe('a');
    for (let t = 1100; t < 5000; t += 100) expect(d.update('a', t).selected).toBeNull();
    d.update(null, 5000);
    d.update(null, 5300);
    d.update('a', 5400);
    expect(d.update('a', 6400).selected).toBe('a');
  });
  it('restarts when the target changes and forgets after the grace time', () => {
    const d = new DwellSelector({ dwellMs: 1000, graceMs: 250 });
    d.update('a', 0);
    d.update('b', 800);
    expect(d.update('b', 1200).progress).toBeCloseTo(0.4);
    d.update(null, 1300);
    expect(d.update(null, 1600).targetId).toBeNull();
  });
});

describe('touchless: the engine’s hand landmarks (fingertip, pinch, open palm)', () => {
  const track = pointTrack(0.56, 0.58, 1500, { seed: 7 });
  const handAt = (f: (typeof track.frames)[number], opts: SyntheticHandOptions): Hand => handOnPose(f.landmarks, opts);
  function playHands(opts: (tMs: number) => SyntheticHandOptions | null) {
    const c = new TouchlessController();
    const out = { dwelt: [] as string[], pinched: [] as string[], back: 0 };
    for (const f of track.frames) {
      const o = opts(f.tMs);
      const u = c.onPose(f.landmarks, ASPECT, f.tMs, tiled, o ? [handAt(f, o)] : []);
      if (u.dwell.selected) out.dwelt.push(u.dwell.selected);
      if (u.pinched) out.pinched.push(u.pinched);
      if (u.back) out.back++;
    }
    return out;
  }
  const pointing = POINTING_HAND;

  it('a pinch selects the button under the fingertip at once, and the dwell does not select it again', () => {
    const r = playHands((t) => (t >= 700 && t < 900 ? { ...pointing, pinchPalms: 0.05 } : pointing));
    expect(r.pinched).toEqual([tiled(0.56, 0.58)]);
    expect(r.dwelt).toEqual([]);
    expect(r.back).toBe(0);
  });

  it('pointing without a pinch still selects by dwelling (the fallback)', () => {
    const r = playHands(() => pointing);
    expect(r.pinched).toEqual([]);
    expect(r.dwelt).toEqual([tiled(0.56, 0.58)]);
  });

  it('an open palm held still goes back once and presses nothing', () => {
    const r = playHands(() => ({}));
    expect(r.back).toBe(1);
    expect(r.pinched).toEqual([]);
    expect(r.dwelt).toEqual([]);
  });

  it('the other (not pointing) hand pinching clicks nothing', () => {
    const c = new TouchlessController();
    const pinched: string[] = [];
    for (const f of track.frames) {
      const other = { ...handAt(f, { ...pointing, pinchPalms: f.tMs >= 700 && f.tMs < 900 ? 0.05 : 1 }), side: 'left' as const };
      const u = c.onPose(f.landmarks, ASPECT, f.tMs, tiled, [other]);
      if (u.pinched) pinched.push(u.pinched);
    }
    expect(pinched).toEqual([]);
  });
});
