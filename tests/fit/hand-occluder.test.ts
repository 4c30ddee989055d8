/**
 * Issue 13 point 4, the pale disc round the fist: the occluder redraws the shopper over a 2D garment only where the
 * colour key says "skin, or not their own shirt" (occlusion-regions.ts; the shader computes the same per fragment).
 * Checked on the real mirror clip: frames 60 and 120, where the runner's fist is in front of their white T-shirt,
 * against the picture's own colours (the classes of scripts/fit/own-clothes.ts: colourless cloth vs coloured skin).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOTH_MIN_LUMA, MAX_CHROMA } from '../../scripts/fit/own-clothes';
import { MIRROR_CLIP } from '../../scripts/fit/measure-clip';
import { streamVideoFrames } from '../../src/inference/bench/frames';
import { armInFront, createOcclusionRegions, keyReferences, occlusionKeyWeight, occlusionRegions } from '../../src/renderer/scene/occlusion-regions';
import { loadClipTrack } from '../helpers/clip-tracks';

const FRAMES = [60, 120];
/** Skin on this clip measures 45–77 of max − min channel (own-clothes.ts); coloured well past the shirt's 10–25. */
const SKIN_MIN_CHROMA = 45;

const track = loadClipTrack('mirror-run');
const pictures = new Map<number, Uint8Array>();

beforeAll(async () => {
  expect(existsSync(MIRROR_CLIP), `${MIRROR_CLIP} is missing (the test media belong in ../shared/media)`).toBe(true);
  let i = 0;
  for await (const rgba of streamVideoFrames(MIRROR_CLIP, { widthPx: track.widthPx, heightPx: track.heightPx }, Math.max(...FRAMES) + 1)) {
    if (FRAMES.includes(i)) pictures.set(i, rgba);
    i++;
  }
}, 60_000);

describe('the hand in front of the garment', () => {
  it.each(FRAMES)('frame %i: the fist is redrawn, the shopper\'s own white T-shirt round it is not', (index) => {
    const f = track.frames.find((x) => x.index === index)!;
    const rgba = pictures.get(index)!;
    const W = track.widthPx;
    const r = createOcclusionRegions();
    occlusionRegions(f.landmarksPx, f.worldM, r);
    const skin = new Float64Array(3);
    const cloth = new Float64Array(3);
    let sides = 0;
    for (const side of [0, 1] as const) {
      if (!armInFront(side === 0 ? 'left' : 'right', f.landmarksPx, f.worldM)) continue;
      sides++;
      expect(keyReferences(rgba, W, r, side, skin, cloth), `frame ${index} side ${side}: the fist is skin`).toBe(true);
      // The hand's capsule: what the old occluder redrew whole (a disc round the fist).
      const hand = 2 * side + 1;
      const [ax, ay, bx, by] = r.capsules.subarray(4 * hand, 4 * hand + 4);
      const radius = r.radiiPx[hand]!;
      let shirt = 0;
      let shirtRedrawn = 0;
      let skinPx = 0;
      let skinRedrawn = 0;
      for (let y = Math.floor(Math.min(ay!, by!) - radius); y <= Math.max(ay!, by!) + radius; y++) {
        for (let x = Math.floor(Math.min(ax!, bx!) - radius); x <= Math.max(ax!, bx!) + radius; x++) {
          const abx = bx! - ax!;
          const aby = by! - ay!;
          const t = Math.max(0, Math.min(1, ((x - ax!) * abx + (y - ay!) * aby) / (abx * abx + aby * aby || 1)));
          if (Math.hypot(x - ax! - t * abx, y - ay! - t * aby) >= radius) continue;
          const o = 4 * (y * W + x);
          const rgb = rgba.subarray(o, o + 3);
          const chroma = Math.max(rgb[0]!, rgb[1]!, rgb[2]!) - Math.min(rgb[0]!, rgb[1]!, rgb[2]!);
          const luma = 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!;
          const drawn = occlusionKeyWeight(rgb, skin, cloth) >= 0.5;
          if (chroma <= MAX_CHROMA && luma >= CLOTH_MIN_LUMA) {
            shirt++;
            if (drawn) shirtRedrawn++;
          } else if (chroma >= SKIN_MIN_CHROMA) {
            skinPx++;
            if (drawn) skinRedrawn++;
          }
        }
      }
      expect(shirt, `frame ${index} side ${side}: the fist's disc holds shirt`).toBeGreaterThan(50);
      expect(skinPx, `frame ${index} side ${side}: the fist's disc holds skin`).toBeGreaterThan(50);
      // The old disc redrew all of it; what is left is the fist's motion-blurred rim, where shirt and skin mix.
      expect(shirtRedrawn / shirt, `frame ${index} side ${side}: shirt redrawn`).toBeLessThan(0.1);
      expect(skinRedrawn / skinPx, `frame ${index} side ${side}: skin redrawn`).toBeGreaterThan(0.85);
    }
    expect(sides, 'the fist is in front of the body').toBeGreaterThan(0);
  });
});
