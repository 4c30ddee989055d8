import { describe, expect, it } from 'vitest';
import { turnedTopCover } from '../../scripts/fit/turned-top';
import { PoseLandmark as L } from '../../src/shared/pose';

const W = 100;
const H = 200;

function rect(x0: number, x1: number, y0: number, y1: number): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 255;
  return m;
}

/** Shoulders at y 50 (x 35, 65), hips at y 150, the face above y 30: the band runs y 40–165. */
function landmarks(): Float64Array {
  const lm = new Float64Array(66);
  const at: ReadonlyArray<readonly [number, number, number]> = [
    [L.rightShoulder, 35, 50], [L.leftShoulder, 65, 50], [L.rightHip, 40, 150], [L.leftHip, 60, 150],
    [L.leftEye, 50, 10], [L.rightEye, 50, 10], [L.mouthLeft, 50, 20], [L.mouthRight, 50, 20],
  ];
  for (const [i, x, y] of at) lm.set([x, y], 2 * i);
  return lm;
}

/** A grey shirt everywhere (no skin). */
const rgba = new Uint8Array(4 * W * H).fill(90);

describe('turnedTopCover (a top on a turned body, on the camera picture)', () => {
  it('counts his top each side of the shoulders’ centre that the garment leaves bare, and the garment off him', () => {
    const person = rect(20, 80, 0, 200);
    // The garment: x 30–70 down to y 140 (short of the band's end at y 165), and 10 px past him on the right.
    const garment = rect(30, 90, 0, 140);
    const c = turnedTopCover(garment, person, rgba, W, H, landmarks());
    // Band rows 40–165 (126 rows); his top x 20–49 on the picture's left, 50–79 on its right.
    expect(c.ownPx).toEqual([30 * 126, 30 * 126]);
    // Bare: x 20–29 on every row, plus all of it from y 140 on (26 rows).
    expect(c.barePx).toEqual([10 * 100 + 30 * 26, 30 * 26]);
    expect(c.garmentPx).toBe(60 * 140);
    expect(c.outsidePx).toBe(10 * 140);
  });

  it('leaves skin out of his top, and reads the garment’s lean against his silhouette', () => {
    const person = rect(20, 80, 0, 200);
    const skin = new Uint8Array(rgba);
    for (let y = 0; y < H; y++) for (let x = 20; x < 30; x++) skin.set([200, 140, 110, 255], 4 * (y * W + x));
    // A garment 10 px left of his middle over the torso rows (50–150): his middle is 49.5, its 39.5.
    const c = turnedTopCover(rect(20, 60, 0, 200), person, skin, W, H, landmarks());
    expect(c.ownPx[0]).toBe(20 * 126);
    expect(c.leanPx).toBeCloseTo(-10, 6);
  });
});
