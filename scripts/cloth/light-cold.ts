/**
 * What the store light's once-a-second CPU work costs the frame that runs it (issue 14 point 5): the estimate from
 * the picture and the room light's field, on the mirror clip's sizes (14 × 32 px sample, 13 × 30 cells), as
 * `StoreLight.update` calls them — first without, then (in a fresh process) after `warmLightSolvers`. Code run once a
 * second is never optimised by V8 on its own: each run pays the interpreter. CPU time of the process
 * (`process.cpuUsage`: the machine's other work does not count, V8's compiler threads do).
 *
 *   npx jiti scripts/cloth/light-cold.ts [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { RoomLightTexture } from '../../src/renderer/cloth/room-light-texture';
import { createStoreLightEstimate, estimateStoreLight } from '../../src/renderer/cloth/store-light-estimate';
import { warmLightSolvers } from '../../src/renderer/cloth/warm-light-solvers';

const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
const child = process.argv.includes('--child');
const warm = process.argv.includes('--warm');

const picture = (w: number, h: number): Uint8ClampedArray => new Uint8ClampedArray(4 * w * h).map((_, i) => (i % 4 === 3 ? 255 : 60 + (((i * 2654435761) >>> 24) % 160)));

if (child) {
  const sample = picture(14, 32);
  const cells = picture(13, 30);
  const estimate = createStoreLightEstimate();
  const field = new RoomLightTexture();
  let warmMs = 0;
  if (warm) {
    const t = process.cpuUsage();
    warmLightSolvers();
    const d = process.cpuUsage(t);
    warmMs = (d.user + d.system) / 1000;
    // The optimised code is compiled on V8's background threads: the mirror's first re-estimate is a second later.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const ms: string[] = [];
  for (let k = 0; k < runs; k++) {
    const t = process.cpuUsage();
    estimateStoreLight(sample, 14, 32, estimate);
    field.update(cells, 13, 30);
    const d = process.cpuUsage(t);
    ms.push(((d.user + d.system) / 1000).toFixed(2));
    // Once a second: other work in between (here, none: the runs are back to back, which only favours the cold code).
  }
  field.dispose();
  console.log(`${warm ? `after warm-up (${warmMs.toFixed(0)} ms, once)` : 'cold'}: estimate + field per run, CPU ms: ${ms.join(' ')}`);
} else {
  for (const mode of ['--cold', '--warm']) {
    // A fresh process each: V8's compiled code is per process.
    const jiti = path.resolve(import.meta.dirname, '../../node_modules/.bin/jiti');
    const r = spawnSync(jiti, [import.meta.filename, '--runs', String(runs), '--child', mode], { encoding: 'utf8' });
    process.stdout.write(r.stdout || r.stderr);
  }
}
