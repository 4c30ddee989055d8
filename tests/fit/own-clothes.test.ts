import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackClip } from '../../scripts/fit/clip-bodies';
import { findOwnClothes, type OwnClothes } from '../../scripts/fit/own-clothes';
import { MIRROR_CLIP, REPO } from '../../scripts/fit/measure-clip';
import { writeFitOverlay } from '../../scripts/fit/overlay';
import { PoseLandmark as L } from '../../src/shared/pose';

const W = 100;
const H = 200;

/** A drawn person: white torso rows 40–99, grey legs 100–159, skin arms beside the torso, background elsewhere. */
function synthetic(): { rgba: Uint8Array; mask: Uint8Array; landmarksPx: Float64Array } {
  const rgba = new Uint8Array(W * H * 4);
  const mask = new Uint8Array(W * H);
  const paint = (x0: number, x1: number, y0: number, y1: number, rgb: [number, number, number], person = true): void => {
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        rgba.set([...rgb, 255], 4 * (y * W + x));
        mask[y * W + x] = person ? 255 : 0;
      }
  };
  paint(0, W, 0, H, [240, 240, 240], false); // a white wall: not the person
  paint(40, 60, 10, 40, [220, 170, 140]); // head and neck, skin
  paint(44, 56, 30, 36, [120, 120, 118]); // a bowed head's shaded, colourless chin: above the chin line, not T-shirt
  paint(30, 70, 40, 100, [235, 233, 225]); // T-shirt, lit
  paint(55, 70, 60, 90, [160, 156, 140]); // its shaded side: as dark as the shorts, but above the hem zone
  paint(20, 30, 40, 100, [200, 150, 120]); // arm
  paint(32, 68, 100, 160, [130, 130, 124]); // shorts
  paint(34, 66, 160, 195, [210, 160, 130]); // legs
  paint(45, 50, 96, 100, [130, 130, 124]); // a shaded fold of the T-shirt just above its hem, as grey as the shorts
  paint(40, 45, 108, 114, [236, 234, 228]); // a light patch of the marled shorts below the hem, as white as the T-shirt
  const landmarksPx = new Float64Array(66);
  const put = (i: number, x: number, y: number): void => void landmarksPx.set([x, y], 2 * i);
  put(L.leftEye, 54, 18);
  put(L.rightEye, 46, 18);
  put(L.mouthLeft, 53, 28);
  put(L.mouthRight, 47, 28);
  put(L.leftEar, 58, 20);
  put(L.rightEar, 42, 20);
  put(L.leftShoulder, 65, 45);
  put(L.rightShoulder, 35, 45);
  put(L.leftHip, 60, 105);
  put(L.rightHip, 40, 105);
  put(L.leftKnee, 58, 165);
  put(L.rightKnee, 42, 165);
  put(L.leftAnkle, 58, 190);
  put(L.rightAnkle, 42, 190);
  put(L.leftHeel, 58, 194);
  put(L.rightHeel, 42, 194);
  return { rgba, mask, landmarksPx };
}

const at = (m: Uint8Array, x: number, y: number): number => m[y * W + x]!;

describe('findOwnClothes on a drawn person', () => {
  const { rgba, mask, landmarksPx } = synthetic();
  const c = findOwnClothes(rgba, mask, landmarksPx, W, H);

  it('T-shirt: the torso, its shaded side included; not the skin, not the wall', () => {
    expect(at(c.tee, 40, 60)).toBe(1);
    expect(at(c.tee, 62, 70)).toBe(1);
    expect(at(c.tee, 25, 60)).toBe(0);
    expect(at(c.tee, 50, 20)).toBe(0);
    expect(at(c.tee, 50, 33)).toBe(0);
    expect(at(c.tee, 90, 60)).toBe(0);
    expect(c.teePixels).toBe(40 * 60);
  });

  it('the hem is one line across the body: a grey fold above it is T-shirt, a light patch below it is shorts', () => {
    expect(at(c.tee, 47, 98)).toBe(1);
    expect(at(c.shorts, 47, 98)).toBe(0);
    expect(at(c.shorts, 42, 110)).toBe(1);
    expect(at(c.tee, 42, 110)).toBe(0);
  });

  it('shorts: the grey below the hem down to the knees; not the legs', () => {
    expect(at(c.shorts, 50, 130)).toBe(1);
    expect(at(c.shorts, 50, 175)).toBe(0);
    expect(at(c.tee, 50, 130)).toBe(0);
    expect(c.shortsPixels).toBe(36 * 60);
  });

  it('body lines and height', () => {
    expect([c.shoulderYPx, c.hipYPx, c.kneeYPx, c.ankleYPx]).toEqual([45, 105, 165, 190]);
    expect(c.bodyHeightPx).toBe(194 - 10);
  });
});

describe('findOwnClothes on the mirror clip (frames looked at: test-results/fit/own-clothes-*.png)', () => {
  const WANT = [5, 60, 100, 140];
  const found = new Map<number, { c: OwnClothes; rgba: Uint8Array }>();
  beforeAll(async () => {
    expect(existsSync(MIRROR_CLIP), `${MIRROR_CLIP} is missing (the test media belong in ../shared/media)`).toBe(true);
    for await (const f of trackClip(MIRROR_CLIP, { maxFrames: 141 })) {
      if (!WANT.includes(f.index)) continue;
      expect(f.mask && f.landmarksPx, `no person in frame ${f.index}`).toBeTruthy();
      const c = findOwnClothes(f.rgba, f.mask!, f.landmarksPx!, f.widthPx, f.heightPx);
      found.set(f.index, { c, rgba: f.rgba });
      await writeFitOverlay(path.join(REPO, `test-results/fit/own-clothes-${f.index}.png`), f.rgba, c, null);
    }
  }, 120_000);

  it('the T-shirt fills the torso between the body lines, the shorts the hips to the knees', () => {
    for (const i of WANT) {
      const { c } = found.get(i)!;
      // Measured when looked at: T-shirt 45–65 k pixels, shorts 28–34 k of the 412×960 frame.
      expect(c.teePixels, `frame ${i}`).toBeGreaterThan(40_000);
      expect(c.teePixels, `frame ${i}`).toBeLessThan(75_000);
      expect(c.shortsPixels, `frame ${i}`).toBeGreaterThan(22_000);
      expect(c.shortsPixels, `frame ${i}`).toBeLessThan(42_000);
      const rowOf = (m: Uint8Array): number => {
        let sum = 0;
        let n = 0;
        for (let k = 0; k < m.length; k++) {
          if (!m[k]) continue;
          sum += Math.floor(k / c.widthPx);
          n++;
        }
        return sum / n;
      };
      const teeRow = rowOf(c.tee);
      const shortsRow = rowOf(c.shorts);
      expect(teeRow).toBeGreaterThan(c.shoulderYPx);
      expect(teeRow).toBeLessThan(c.hipYPx);
      expect(shortsRow).toBeGreaterThan(c.hipYPx);
      expect(shortsRow).toBeLessThan(c.kneeYPx);
      // The person stands about 0.85 of the frame tall.
      expect(c.bodyHeightPx / c.heightPx).toBeGreaterThan(0.75);
    }
  });

  it('frame 60, points picked on the picture: chest = T-shirt, forearm = neither, thigh = shorts, cabinet = neither', () => {
    const { c } = found.get(60)!;
    const px = (m: Uint8Array, x: number, y: number): number => m[y * c.widthPx + x]!;
    expect(px(c.tee, 137, 286)).toBe(1);
    expect(px(c.tee, 275, 286)).toBe(1); // the shaded side
    expect(px(c.tee, 332, 377) + px(c.shorts, 332, 377)).toBe(0);
    expect(px(c.shorts, 206, 571)).toBe(1);
    expect(px(c.tee, 380, 100) + px(c.shorts, 380, 100)).toBe(0);
  });
});
