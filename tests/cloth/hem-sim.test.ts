/**
 * Issue 14's "Cloth" check: a dress's skirt simulated by Jolt (src/renderer/cloth/sim-hem.ts) on recorded tracks.
 * - On someone swaying side to side (tests/fixtures/tracks/sway.json), the hem's motion lags the hips' (the lag of
 *   the best cross-correlation is > 0), and after they stop it settles: its swing falls under a third within 1 s
 *   and under 1 cm by the end of the track.
 * - On the real mirror clip's track looped for 10,000 solver steps with tracking jumps injected (the body thrown
 *   across the picture, a frame lost, a time step back), no coordinate is ever NaN, no vertex is ever farther than
 *   1.5 garment lengths from its pin, the solver never blew up (no guard reset), and every jump reset the cloth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HemCloth } from '../../src/renderer/cloth/sim-hem';
import { loadJolt, type JoltModule } from '../../src/renderer/cloth/sim-jolt';
import { SkirtBody, skirtSpec, type SkirtSizeM } from '../../src/renderer/cloth/sim-skirt';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { loadClipTrack, type ClipFrame } from '../helpers/clip-tracks';
import { soakWithJumps } from './jump-soak';
import { SWAY_STOP_S, swayResponse } from './sway-response';

/** A knee-length A-line dress on a medium body: 96 cm hips with 10 cm of ease, a hem ≈ 1.4 × as wide, 60 cm below the hips. */
const DRESS: SkirtSizeM = { hipHalfM: 0.21, hemHalfM: 0.3, lengthM: 0.6 };

let J: JoltModule;
beforeAll(async () => {
  J = await loadJolt();
});

/** Feeds one tracked frame to the cloth at `timeS` (the hips' centre is the ring's centre). */
function stepFrame(cloth: HemCloth, body: SkirtBody, f: ClipFrame, timeS: number): ReturnType<HemCloth['step']> {
  const cm = bodyCmPerPx(f.landmarksPx, f.worldM);
  if (!cm) throw new Error(`frame ${f.index}: no body scale`);
  const mPerPx = cm / 100;
  const lm = f.landmarksPx;
  body.update(lm, f.worldM, mPerPx, (lm[2 * L.leftHip]! + lm[2 * L.rightHip]!) / 2, (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2);
  return cloth.step({ timeS, pinsM: body.pinsM, capsulesM: body.capsulesM, axes: body.axes });
}

describe('hem cloth (Jolt soft body) on a dress', () => {
  it('lags the hips while swaying and settles within 1 s after the person stops', () => {
    const track = loadClipTrack('sway');
    const spec = skirtSpec(DRESS);
    const cloth = new HemCloth(J, spec);
    const body = new SkirtBody(spec);
    const { bestLag, swingM, afterS, endS } = swayResponse(track, cloth, (f, timeS) => stepFrame(cloth, body, f, timeS), body.pinsM);
    const stopS = SWAY_STOP_S;
    console.log(
      `hem lags the hips by ${bestLag} frames (${((bestLag / track.fps) * 1000).toFixed(0)} ms); swing ${(swingM * 100).toFixed(1)} cm while swaying, ${(afterS(stopS + 0.5) * 100).toFixed(1)} cm from 0.5 s after the stop, ${(afterS(stopS + 1) * 100).toFixed(1)} cm from 1 s, ${(afterS(endS - 0.1) * 100).toFixed(2)} cm at the end (${(endS - stopS).toFixed(2)} s)`,
    );
    expect(bestLag).toBeGreaterThan(0);
    // The hem did swing (a cloth carried rigidly would pass the settle check trivially)…
    expect(swingM).toBeGreaterThan(0.02);
    // …and settles: 1 s after the stop its swing is down to under a third, and by the end of the track it hangs within
    // 1 cm of where the hips carry it. A third is what physics gives, not a loose bound: the hem is a pendulum of
    // ≈ 1.3 s period damped by air drag alone (2.4 /s on the velocity for this fabric, sim-hem.ts), whose amplitude
    // falls by e^(−2.4 · 1 s / 2) = 0.30 in a second (measured 0.24; docs/cloth.md, "Settling after the person stops").
    expect(afterS(stopS + 1)).toBeLessThan(swingM / 3);
    expect(afterS(endS - 0.1)).toBeLessThan(0.01);
  });

  it('never goes NaN or farther than 1.5 garment lengths from its pin over 10,000 steps with tracking jumps', () => {
    const spec = skirtSpec(DRESS);
    const cloth = new HemCloth(J, spec);
    const body = new SkirtBody(spec);
    soakWithJumps('2D', loadClipTrack('mirror-run'), cloth, (f, timeS) => stepFrame(cloth, body, f, timeS), body.pinsM, 1.5 * DRESS.lengthM);
  });
});
