/**
 * How a hem answers the sway track (tests/fixtures/tracks/sway.json, scripts/cloth/make-sway-track.ts), measured
 * the same way for the 2D hem (hem-sim.test.ts) and the 3D skirt (hem-sim-3d.test.ts).
 */
import type { HemCloth } from '../../src/renderer/cloth/sim-hem';
import { SKIRT_COLUMNS, SKIRT_ROWS } from '../../src/renderer/cloth/sim-skirt';
import type { ClipFrame, ClipTrack } from '../helpers/clip-tracks';

const HEM_ROW = SKIRT_ROWS - 1;

/** When the person on the sway track stops (2¼ sways, at a turning point), seconds into the track. */
export const SWAY_STOP_S = 3.75;

export interface SwayResponse {
  /** The last frame's time, seconds. */
  endS: number;
  /** Frames by which the hem's x best matches the hips' x (cross-correlation over the swaying after the first second). */
  bestLag: number;
  /** The hips' side-to-side travel while swaying, metres. */
  hipSwingM: number;
  /** The hem's largest offset from where the hips carry it while swaying, metres. */
  swingM: number;
  /** The hem's largest offset from `t` seconds on, metres. */
  afterS: (t: number) => number;
}

/**
 * Plays the sway track through `cloth` (disposed at the end) and measures the hem against the hips.
 *
 * @param step poses the body on a frame and steps `cloth` to `timeS` (the frame's landmarks are borrowed).
 * @param pinsM the pins' positions the step updates in place, metres, interleaved x, y, z (borrowed, read after each step).
 */
export function swayResponse(
  track: ClipTrack,
  cloth: HemCloth,
  step: (frame: ClipFrame, timeS: number) => unknown,
  pinsM: ArrayLike<number>,
): SwayResponse {
  const hipX: number[] = [];
  const hemX: number[] = [];
  const offsetM: number[] = [];
  const timesS: number[] = [];
  try {
    track.frames.forEach((f, k) => {
      const timeS = k / track.fps;
      step(f, timeS);
      let cx = 0;
      for (let c = 0; c < SKIRT_COLUMNS; c++) cx += pinsM[3 * c]!;
      hipX.push(cx / SKIRT_COLUMNS);
      // The hem's mean x, and how far it is from where the hips would carry it, all round (its motion relative to the body).
      let hx = 0;
      let worst = 0;
      for (let c = 0; c < SKIRT_COLUMNS; c++) {
        const i = 3 * (HEM_ROW * SKIRT_COLUMNS + c);
        hx += cloth.positionsM[i]!;
        worst = Math.max(worst, Math.hypot(cloth.offsetsM[i]!, cloth.offsetsM[i + 1]!, cloth.offsetsM[i + 2]!));
      }
      hemX.push(hx / SKIRT_COLUMNS);
      offsetM.push(worst);
      timesS.push(timeS);
    });
  } finally {
    cloth.dispose();
  }
  // Phase: the lag (in frames) at which the hem's x best matches the hips' x, over the swaying after the first second.
  const from = timesS.findIndex((t) => t >= 1);
  const to = timesS.findIndex((t) => t >= SWAY_STOP_S);
  const centred = (xs: readonly number[]): number[] => {
    const m = xs.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    return xs.map((x) => x - m);
  };
  const hip = centred(hipX);
  const hem = centred(hemX);
  let bestLag = 0;
  let best = -Infinity;
  for (let lag = -15; lag <= 15; lag++) {
    let s = 0;
    for (let k = from; k < to; k++) s += hip[k]! * (hem[k + lag] ?? 0);
    if (s > best) {
      best = s;
      bestLag = lag;
    }
  }
  return {
    endS: timesS.at(-1)!,
    bestLag,
    hipSwingM: Math.max(...hipX.slice(from, to)) - Math.min(...hipX.slice(from, to)),
    swingM: Math.max(...offsetM.slice(from, to)),
    afterS: (t) => Math.max(...offsetM.filter((_, k) => timesS[k]! >= t)),
  };
}
