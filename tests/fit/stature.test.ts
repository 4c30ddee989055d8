/**
 * The size advice's stature on the mirror clip (issue 13 point 6: the size advice and the drawing share one body
 * scale), measured on the clip's recorded landmark track (tests/fixtures/tracks/mirror-run.json, the native engine's
 * image and world landmarks of every frame).
 *
 * What the track shows:
 * - the picture's scale is not one number: BlazePose's world segment lengths against their picture lengths give
 *   ≈ 0.175 cm/px at the shoulders and ≈ 0.21 at the shins (a close portrait camera looking down at a runner), so the
 *   head-top-to-heel (or toe) pixel height times the one body scale is no stature;
 * - the world chain shoulders → ears → … → ankles does not depend on that, and holds within a few cm when the runner
 *   looks down (the chain used to run to the nose's height above the shoulders, which such a nod takes to ≈ 0);
 * - it agrees with the drawing's scale: the same chain measured in the picture and taken through `bodyCmPerPx`
 *   (the scale garments are drawn at) gives the same stature within a few per cent.
 */
import { describe, expect, it } from 'vitest';
import { PoseLandmark as L, type NormalizedLandmark, type WorldLandmark } from '../../src/shared/pose';
import { bodyCmPerPx, measureFrame } from '../../src/shared/sizing';
import { median } from '../../scripts/fit/fit-metrics';
import { loadClipTrack, type ClipFrame } from '../helpers/clip-tracks';

const track = loadClipTrack('mirror-run');

const world = (f: ClipFrame): WorldLandmark[] => Array.from({ length: 33 }, (_, i) => ({ x: f.worldM[3 * i]!, y: f.worldM[3 * i + 1]!, z: f.worldM[3 * i + 2]! }));
const image = (f: ClipFrame): NormalizedLandmark[] =>
  Array.from({ length: 33 }, (_, i) => ({ x: f.landmarksPx[2 * i]! / track.widthPx, y: f.landmarksPx[2 * i + 1]! / track.heightPx, z: 0, visibility: f.visibility[i]!, presence: 1 }));

/** Picture length of a segment, px, and its world length in the picture's plane (x, y), cm. */
function segment(f: ClipFrame, a: number, b: number): { px: number; cm: number } {
  const px = Math.hypot(f.landmarksPx[2 * a]! - f.landmarksPx[2 * b]!, f.landmarksPx[2 * a + 1]! - f.landmarksPx[2 * b + 1]!);
  const cm = 100 * Math.hypot(f.worldM[3 * a]! - f.worldM[3 * b]!, f.worldM[3 * a + 1]! - f.worldM[3 * b + 1]!);
  return { px, cm };
}

/** The `q`-quantile (nearest rank). */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.round(q * (s.length - 1))]!;
}

/** Ear-to-ankle chain / stature, as src/shared/sizing.ts's (Drillis & Contini: ear 0.925 H, ankle 0.039 H). */
const EAR_TO_ANKLE_OF_HEIGHT = 0.886;

describe('stature on the mirror clip', () => {
  it('the picture has no single scale: cm per pixel grows from the shoulders down to the shins', () => {
    const ratio = (a: number, b: number) => median(track.frames.map((f) => segment(f, a, b)).map((s) => s.cm / s.px));
    const shoulders = ratio(L.leftShoulder, L.rightShoulder);
    const shins = median([ratio(L.leftKnee, L.leftAnkle), ratio(L.rightKnee, L.rightAnkle)]);
    console.log(`cm/px: shoulders ${shoulders.toFixed(3)}, shins ${shins.toFixed(3)}`);
    expect(shins / shoulders).toBeGreaterThan(1.1);
  });

  it('per frame, the stature holds when the runner looks down, where the nose drops to the shoulders', () => {
    const heights: number[] = [];
    const noseUpCm: number[] = [];
    for (const f of track.frames) {
      const m = measureFrame(world(f), image(f));
      if (!m) continue;
      heights.push(m.heightCm);
      noseUpCm.push(100 * ((f.worldM[3 * L.leftShoulder + 1]! + f.worldM[3 * L.rightShoulder + 1]!) / 2 - f.worldM[3 * L.nose + 1]!));
    }
    // The lowest tenth of the frames, against the median: how far a bowed head pulls each chain down.
    const dropCm = (xs: readonly number[]) => median(xs) - quantile(xs, 0.1);
    const noseDropOfStatureCm = dropCm(noseUpCm) / EAR_TO_ANKLE_OF_HEIGHT;
    console.log(`stature: median ${median(heights).toFixed(1)} cm over ${heights.length} frames, lowest tenth ${dropCm(heights).toFixed(1)} cm below; the nose chain's lowest tenth would be ${noseDropOfStatureCm.toFixed(1)} cm below`);
    expect(heights.length).toBeGreaterThan(0.9 * track.frames.length);
    expect(dropCm(heights)).toBeLessThan(6);
    expect(noseDropOfStatureCm).toBeGreaterThan(2 * dropCm(heights));
  });

  it('agrees with the scale the garments are drawn at (the same chain in the picture, through bodyCmPerPx)', () => {
    const ratios: number[] = [];
    for (const f of track.frames) {
      const m = measureFrame(world(f), image(f));
      const scale = bodyCmPerPx(f.landmarksPx, f.worldM);
      if (!m || !scale) continue;
      const mid = (a: number, b: number, k: 0 | 1) => (f.landmarksPx[2 * a + k]! + f.landmarksPx[2 * b + k]!) / 2;
      const chainPx =
        Math.hypot(mid(L.leftShoulder, L.rightShoulder, 0) - mid(L.leftEar, L.rightEar, 0), mid(L.leftShoulder, L.rightShoulder, 1) - mid(L.leftEar, L.rightEar, 1)) +
        Math.hypot(mid(L.leftShoulder, L.rightShoulder, 0) - mid(L.leftHip, L.rightHip, 0), mid(L.leftShoulder, L.rightShoulder, 1) - mid(L.leftHip, L.rightHip, 1)) +
        (segment(f, L.leftHip, L.leftKnee).px + segment(f, L.leftKnee, L.leftAnkle).px + segment(f, L.rightHip, L.rightKnee).px + segment(f, L.rightKnee, L.rightAnkle).px) / 2;
      ratios.push((chainPx * scale) / EAR_TO_ANKLE_OF_HEIGHT / m.heightCm);
    }
    console.log(`picture chain × bodyCmPerPx ÷ world stature: median ${median(ratios).toFixed(3)}`);
    expect(Math.abs(median(ratios) - 1)).toBeLessThan(0.1);
  });
});
