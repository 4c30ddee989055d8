import { cisFemaleAdult, cisMaleAdult } from '@freesewing/models';
import { SIZES, bodyChartFor, type Measurement, type Size } from '../catalog';
import type { GarmentCategory } from '../../../shared/garment';

/**
 * The bodies each size is drafted for: FreeSewing's standard adult bodies (`@freesewing/models`, measured
 * populations graded by neck size), one per size of the store's body chart — the body whose girth lies nearest the
 * middle of the size's range. Tops are unisex menswear cuts, so their run is FreeSewing's `cisMaleAdult` series
 * matched on the chest (XS–XXL picks necks 32–42 cm, chest 84–111 cm, each inside its size's range); skirts are
 * womenswear, so theirs is `cisFemaleAdult` matched on the hip (FreeSewing's `seat`, the fullest girth round the
 * buttocks, where a skirt chart measures the hip: seat 90–119 cm, each inside its size's range); unisex trousers
 * take the same bodies (see RUN_OF).
 */
export type BodyMm = Readonly<Record<string, number>>;

/** Which standard bodies a category is drafted for, and the chart's girth (with FreeSewing's name for it) matched. */
const RUN_OF: Partial<Record<GarmentCategory, { bodies: Record<number, Record<string, number>>; chart: Measurement; body: string }>> = {
  tshirt: { bodies: cisMaleAdult, chart: 'chest', body: 'chest' },
  shirt: { bodies: cisMaleAdult, chart: 'chest', body: 'chest' },
  // Jackets are menswear blocks (Bent, Brian) on the same series as the tops: one body per size, matched on the chest.
  jacket: { bodies: cisMaleAdult, chart: 'chest', body: 'chest' },
  skirt: { bodies: cisFemaleAdult, chart: 'hip', body: 'seat' },
  // Unisex trousers on the same series: its seats (90–122 cm) put a body inside every size's hip range, its waists
  // within 1 cm of every size's waist range; cisMaleAdult's smallest seat (92.3 cm) is past XS's 92.
  trousers: { bodies: cisFemaleAdult, chart: 'hip', body: 'seat' },
  // Dresses are womenswear with a fitted bodice and a flared skirt: cisFemaleAdult matched on the bust (FreeSewing's
  // `chest`, where a bodice is fitted; chests 81.6–114.3 cm, each inside its size's range); the skirt's flare gives the
  // seat its room whatever the hip.
  dress: { bodies: cisFemaleAdult, chart: 'chest', body: 'chest' },
};

/** The standard body (measurements in mm) for each size of `category`'s chart. */
export function sizeRun(category: GarmentCategory): Record<Size, BodyMm> {
  const run = RUN_OF[category];
  if (!run) throw new Error(`no standard body run for ${category}`);
  const chart = bodyChartFor(category);
  const bodies = Object.values(run.bodies);
  const out = {} as Record<Size, BodyMm>;
  for (const size of SIZES) {
    const range = chart.find((r) => r.size === size)!.cm[run.chart];
    if (!range) throw new Error(`the ${category} body chart has no ${run.chart} range for ${size}`);
    const midMm = ((range.min + range.max) / 2) * 10;
    let best = bodies[0]!;
    for (const b of bodies) if (Math.abs(b[run.body]! - midMm) < Math.abs(best[run.body]! - midMm)) best = b;
    out[size] = best;
  }
  return out;
}
