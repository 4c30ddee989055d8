/**
 * Person-mask benchmark (the tracker's `mask` stage alone): CPU milliseconds per mask on a 1280 × 720 frame for ROIs
 * of several sizes, frame resolution vs the model's resolution (what the mirror's engine sends). CPU time, not wall
 * time, so that a machine others load still gives the work's cost. Run: `npx jiti scripts/mask-bench.ts`.
 */
import { maskSizePx, maskStepPx, PersonMaskBuilder, SEGMENTATION_SIZE_PX as S } from '../src/inference/pipeline/segmentation';

const W = 1280;
const H = 720;
const MASKS = 60;
// A smooth person-like blob of logits, so the warp's interpolation and the temporal blend do real work.
const logits = Float32Array.from({ length: S * S }, (_, i) => 8 - Math.hypot((i % S) - S / 2, Math.floor(i / S) - S / 2) / 10);

for (const sidePx of [250, 400, 700]) {
  const rect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: sidePx / W, heightNorm: sidePx / H, rotationRad: 0.05 };
  const row: string[] = [];
  for (const size of [{ widthPx: W, heightPx: H }, maskSizePx(W, H, maskStepPx(rect, W, H))]) {
    const builder = new PersonMaskBuilder();
    // Three pooled buffers, as the tracker recycles them.
    const pool = [0, 1, 2].map(() => new Uint8Array(size.widthPx * size.heightPx));
    for (let i = 0; i < 10; i++) builder.build(logits, rect, W, H, pool[i % 3]!, true, size);
    const c0 = process.cpuUsage();
    for (let i = 0; i < MASKS; i++) builder.build(logits, rect, W, H, pool[i % 3]!, true, size);
    const c = process.cpuUsage(c0);
    row.push(`${size.widthPx}×${size.heightPx} ${((c.user + c.system) / 1000 / MASKS).toFixed(2)} ms`);
  }
  process.stdout.write(`ROI ${sidePx} px on ${W}×${H}: frame resolution ${row[0]}, model resolution ${row[1]} (CPU per mask)\n`);
}
