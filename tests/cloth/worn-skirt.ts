/**
 * The skirt the mirror's 2D layer simulates for a demo dress or skirt: the garment fitted by the rig at its own chart's
 * size on a track's first frame and measured between its hip and hem anchors (fittedSkirtSizeM, as sim-hem-2d.ts does
 * every frame) — its drafted ease and flare at the body's scale, not a size typed into the check.
 * Used by hem-sim.test.ts and scripts/cloth/settle-trace.ts.
 */
import { PRODUCTS, type Size } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { fittedSkirtSizeM } from '../../src/renderer/cloth/sim-hem-2d';
import type { SkirtSizeM } from '../../src/renderer/cloth/sim-skirt';
import { GarmentRig } from '../../src/renderer/garment/rig';
import { bodyCmPerPx } from '../../src/shared/sizing';
import type { ClipTrack } from '../helpers/clip-tracks';
import { loadDemoGarment } from '../helpers/demo-garments';

/**
 * @param garmentId a demo garment (product and colour, e.g. `dress-floral-rse`).
 * @param size the chart's size worn.
 */
export async function wornSkirtM(garmentId: string, track: ClipTrack, size: Size = 'M'): Promise<SkirtSizeM> {
  const g = await loadDemoGarment(garmentId);
  const spec = PRODUCTS.find((p) => p.id === g.productId);
  if (!spec) throw new Error(`${garmentId}: no demo product ${g.productId}`);
  const measurements = demoGarmentChart(spec)[size];
  if (!measurements) throw new Error(`${g.productId}: no size ${size} in its chart`);
  const f = track.frames[0]!;
  const cmPerPx = bodyCmPerPx(f.landmarksPx, f.worldM);
  if (!cmPerPx) throw new Error(`${track.clip}: no body scale on the first frame`);
  const rig = new GarmentRig(g.asset, { measurements, silhouette: g.silhouette });
  rig.fit({ landmarksPx: f.landmarksPx, worldM: f.worldM, cmPerPx });
  const skirt = fittedSkirtSizeM(rig, cmPerPx / 100, new Float64Array(2));
  if (!skirt) throw new Error(`${garmentId}: the fitted garment has no skirt`);
  return skirt;
}
