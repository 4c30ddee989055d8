import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, armCapsulesPx, inCapsule, personExtentPx, type PersonMaskInput } from './leg-silhouette';

/** Arms far out of the frame: no capsule stops a scan. */
const NO_ARMS = new Float64Array(5 * ARM_CAPSULES).fill(-1e4);

describe('personExtentPx', () => {
  it('finds the edge of a mask coarser than the frame within a camera pixel, not a mask pixel past it', () => {
    // A 40 × 40 mask over a 400 × 400 frame (10 camera px a mask pixel): the person fills its left half, up to x 200.
    const data = new Uint8Array(40 * 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 20; x++) data[y * 40 + x] = 255;
    const input: PersonMaskInput = { mask: { widthPx: 40, heightPx: 40, data }, frameWidthPx: 400, frameHeightPx: 400 };
    // From x 105, scanning right: the edge is 95 px away (the first sample past it, at x 205, put it 100 px away).
    expect(Math.abs(personExtentPx(input, 105, 200, 1, 0, 300, NO_ARMS) - 95)).toBeLessThanOrEqual(1);
    // A point outside the person has no extent.
    expect(personExtentPx(input, 250, 200, -1, 0, 300, NO_ARMS)).toBe(0);
  });

  it('reads a placed mask\'s soft edge where its bilinear value crosses one half', () => {
    // A 20 × 20 mask placed over the frame's left half (400 × 400 frame: 10 camera px a mask pixel), its columns
    // ramping down 255 → 0 over columns 8…12: bilinear, it crosses 128 at column 10 (the pixel-centre coordinate),
    // camera x 105.
    const data = new Uint8Array(20 * 20);
    const ramp = [255, 255, 255, 255, 255, 255, 255, 255, 255, 191, 128, 64, 0];
    for (let y = 0; y < 20; y++) for (let x = 0; x < ramp.length; x++) data[y * 20 + x] = ramp[x]!;
    const input: PersonMaskInput = { mask: { widthPx: 20, heightPx: 20, data, frameFromMask: [0.5, 0, 0, 0, 1, 0] }, frameWidthPx: 400, frameHeightPx: 400 };
    expect(Math.abs(personExtentPx(input, 25, 200, 1, 0, 300, NO_ARMS) - 80)).toBeLessThanOrEqual(1);
  });
});

describe('armCapsulesPx', () => {
  it("ends the hand's capsule at the fingertips, 8.5 cm past the knuckles, not a hand's half breadth beyond them", () => {
    // 0.5 cm a px; the left arm hangs straight down x 100: elbow y 0, wrist y 100, knuckles y 120.
    const lm = new Float64Array(66).fill(-1e4);
    lm.set([100, 0], 2 * L.leftElbow);
    lm.set([100, 100], 2 * L.leftWrist);
    lm.set([100, 120], 2 * L.leftIndex);
    lm.set([100, 120], 2 * L.leftPinky);
    const capsules = new Float64Array(5 * ARM_CAPSULES);
    armCapsulesPx(lm, 0.5, capsules);
    const hand = 1;
    // Fingertips at y 137 (17 px = 8.5 cm past the knuckles); the capsule 9 px (4.5 cm) round its axis.
    expect(inCapsule(100, 136, capsules, hand)).toBe(true);
    expect(inCapsule(108, 125, capsules, hand)).toBe(true);
    // A hand's half breadth below the fingertips is the cloth under it, not the hand (it was, up to y 146).
    expect(inCapsule(100, 139, capsules, hand)).toBe(false);
    expect(inCapsule(100, 145, capsules, hand)).toBe(false);
  });
});
