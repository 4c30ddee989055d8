/**
 * How long the 2D rig takes per frame (the renderer's fit stage), per demo garment, over the mirror clip's real
 * landmark track. Prints milliseconds per fit. Run: `npx jiti scripts/rig-bench.ts [--fits 3000]`.
 */
import { GarmentRig } from '../src/renderer/garment/rig';
import { bodyCmPerPx } from '../src/shared/sizing';
import { demoChart } from '../tests/fixtures/garment-charts';
import { loadClipTrack } from '../tests/helpers/clip-tracks';
import { DEMO_GARMENT_IDS, loadDemoGarment } from '../tests/helpers/demo-garments';

const i = process.argv.indexOf('--fits');
const fits = i > 0 ? Number(process.argv[i + 1]) : 3000;
const frames = loadClipTrack('mirror-run').frames.map((f) => ({ landmarksPx: f.landmarksPx, worldM: f.worldM, cmPerPx: bodyCmPerPx(f.landmarksPx, f.worldM)! }));
for (const id of DEMO_GARMENT_IDS) {
  const g = await loadDemoGarment(id);
  const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
  for (let k = 0; k < 300; k++) rig.fit(frames[k % frames.length]!);
  const t0 = performance.now();
  for (let k = 0; k < fits; k++) rig.fit(frames[k % frames.length]!);
  const ms = (performance.now() - t0) / fits;
  console.log(`${id.padEnd(22)} ${ms.toFixed(3)} ms/fit  ${rig.mesh.positions.length / 3} vertices, ${rig.mesh.indices.length / 3} triangles`);
}
