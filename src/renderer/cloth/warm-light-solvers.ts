/**
 * The store light's CPU solvers — the estimate from the camera picture (`estimateStoreLight`) and the room light's
 * field (`RoomLightSolver`) — run once a second: V8 optimises them only after several runs, so the first seconds'
 * re-estimates ran in its interpreter, on the frame that made them: 60–70 ms of CPU for the first and 4–40 ms for the
 * second on the 2-core machine, against ≈ 1.3 ms once optimised (`npx jiti scripts/cloth/light-cold.ts`, CPU time).
 * Running them on a made-up picture when the light is made (≈ 130 ms of CPU, once per page, before the first frame)
 * brings the first re-estimates to ≈ 2.5 ms; nothing of it is kept.
 */
import { RoomLightSolver } from './room-light-field';
import { createStoreLightEstimate, estimateStoreLight } from './store-light-estimate';

/** Runs of each solver: enough for V8 to optimise their loops and calls (30 measured no better than none). */
export const WARM_UP_RUNS = 60;
/** A small grid, of the bytes the canvas reads back (`ImageData.data`: a clamped array, as V8 specialises on it). */
const CELLS_X = 8;
const CELLS_Y = 12;

let warmed = false;

/** {@link warmLightSolvers}, once per page (compiled code is kept by V8 while the solvers keep running). */
export function warmLightSolversOnce(): void {
  if (warmed) return;
  warmed = true;
  warmLightSolvers();
}

export function warmLightSolvers(runs = WARM_UP_RUNS): void {
  const rgba = new Uint8ClampedArray(4 * CELLS_X * CELLS_Y);
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : 40 + ((i * 37) % 180);
  const estimate = createStoreLightEstimate();
  let solver = new RoomLightSolver();
  const field = new Float32Array(CELLS_X * CELLS_Y);
  for (let k = 0; k < runs; k++) {
    estimateStoreLight(rgba, CELLS_X, CELLS_Y, estimate);
    // A new solver every other run: its first solve makes its buffers, as the page's first estimate does. Made only
    // in the first run (before V8 records what a `new` there makes), the optimised solve had no code for it and was
    // thrown away on the page's first estimate; the second, a second later, then ran in the interpreter (≈ 30 ms,
    // frame 30 of scripts/cloth/bench.ts).
    if (k % 2 === 0) solver = new RoomLightSolver();
    solver.solve(rgba, CELLS_X, CELLS_Y, field, 4, 1 / 255);
  }
}
