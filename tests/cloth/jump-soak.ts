/**
 * Issue 14's cloth stability check, shared by the 2D hem (hem-sim.test.ts) and the 3D skirt (hem-sim-3d.test.ts): a
 * real clip's track looped for 10,000 solver steps with tracking jumps injected (the body thrown across the picture,
 * a lost stretch, a clock step back). No coordinate may ever be NaN, no vertex farther than `reachM` from its pin,
 * the solver may never blow up (no guard reset), and every jump must reset the cloth.
 */
import { expect } from 'vitest';
import { STEP_S, type HemCloth } from '../../src/renderer/cloth/sim-hem';
import type { ClipFrame, ClipTrack } from '../helpers/clip-tracks';

/** Solver steps of the stability check (issue 14). */
export const SOAK_STEPS = 10_000;

/**
 * Runs the soak and asserts its outcome.
 *
 * @param label names the garment in the printed summary.
 * @param step poses the body on a frame and steps `cloth` to `timeS` (the frame's landmarks are borrowed).
 * @param pinsM the pins' positions the step updates in place, metres, interleaved x, y, z (borrowed, read after each step).
 * @param reachM how far a vertex may get from its column's pin (1.5 garment lengths).
 */
export function soakWithJumps(
  label: string,
  track: ClipTrack,
  cloth: HemCloth,
  step: (frame: ClipFrame, timeS: number) => ReturnType<HemCloth['step']>,
  pinsM: ArrayLike<number>,
  reachM: number,
): void {
  // The track keeps every other frame of the 30 fps clip.
  const dtS = (track.frames[1]!.index - track.frames[0]!.index) / track.fps;
  let steps = 0;
  let timeS = 0;
  let jumps = 0;
  let resetsAtJumps = 0;
  let worstM = 0;
  let nans = 0;
  // A fixed pseudo-random sequence of jumps (no Math.random: the check is the same every run).
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const thrown = new Float64Array(66);
  try {
    // (A bounded loop: a cloth that stopped stepping fails the step count below instead of hanging the run.)
    for (let k = 0; steps < SOAK_STEPS && k < 4 * SOAK_STEPS; k++) {
      const f = track.frames[k % track.frames.length]!;
      let frame = f;
      let jump = false;
      timeS += dtS;
      if (k > 0 && k % 53 === 0) {
        // Tracking jumps: another body across the picture, a lost stretch, a clock step back.
        const kind = jumps % 3;
        jump = true;
        jumps++;
        if (kind === 0) {
          // Half to a whole picture width away (≥ 40 cm on the mirror clip: no body moves that far in a frame).
          const dx = (rand() < 0.5 ? -1 : 1) * (0.5 + 0.5 * rand()) * track.widthPx;
          const dy = (rand() - 0.5) * track.heightPx * 0.25;
          for (let i = 0; i < 33; i++) {
            thrown[2 * i] = f.landmarksPx[2 * i]! + dx;
            thrown[2 * i + 1] = f.landmarksPx[2 * i + 1]! + dy;
          }
          frame = { ...f, landmarksPx: thrown };
        } else if (kind === 1) timeS += 0.5 + rand();
        else timeS -= 0.2;
      }
      const report = step(frame, timeS);
      if (jump && report.reset) resetsAtJumps++;
      steps += report.steps;
      for (let i = 0; i < cloth.columns * cloth.rows; i++) {
        const c = i % cloth.columns;
        const x = cloth.positionsM[3 * i]!;
        const y = cloth.positionsM[3 * i + 1]!;
        const z = cloth.positionsM[3 * i + 2]!;
        if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) nans++;
        worstM = Math.max(worstM, Math.hypot(x - pinsM[3 * c]!, y - pinsM[3 * c + 1]!, z - pinsM[3 * c + 2]!));
      }
    }
  } finally {
    cloth.dispose();
  }
  console.log(`${label}: ${steps} steps, ${jumps} jumps (${resetsAtJumps} reset), farthest vertex ${(worstM * 100).toFixed(1)} cm from its pin (limit ${(reachM * 100).toFixed(0)} cm), ${cloth.explosions} blow-ups`);
  expect(nans).toBe(0);
  expect(worstM).toBeLessThan(reachM);
  expect(cloth.explosions).toBe(0);
  expect(resetsAtJumps).toBe(jumps);
  expect(steps).toBeGreaterThanOrEqual(SOAK_STEPS);
  expect(STEP_S).toBeCloseTo(1 / 60);
}
