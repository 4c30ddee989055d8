import { cisMaleAdult } from '@freesewing/models';
import { SIZES, bodyChartFor, type Size } from '../catalog';
import type { GarmentCategory } from '../../../shared/garment';

/**
 * The bodies each size is drafted for: FreeSewing's standard adult bodies (`@freesewing/models`, measured
 * populations graded by neck size), one per size of the store's body chart — the body whose chest lies nearest the
 * middle of the size's chest range. The demo's tops are unisex menswear cuts, so the run is FreeSewing's
 * `cisMaleAdult` series; for XS–XXL that picks necks 32–42 cm (chest 84–111 cm), each inside its size's range.
 */
export type BodyMm = Readonly<Record<string, number>>;

/** The standard body (measurements in mm) for each size of `category`'s chart. */
export function sizeRun(category: GarmentCategory): Record<Size, BodyMm> {
  const chart = bodyChartFor(category);
  const bodies = Object.values(cisMaleAdult);
  const out = {} as Record<Size, BodyMm>;
  for (const size of SIZES) {
    const range = chart.find((r) => r.size === size)!.cm.chest;
    if (!range) throw new Error(`the ${category} body chart has no chest range for ${size}`);
    const midMm = ((range.min + range.max) / 2) * 10;
    let best = bodies[0]!;
    for (const b of bodies) if (Math.abs(b.chest! - midMm) < Math.abs(best.chest! - midMm)) best = b;
    out[size] = best;
  }
  return out;
}
