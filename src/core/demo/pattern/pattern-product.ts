import type { GarmentMeasurementsCm, GarmentSizeChart } from '../../../shared/garment-measurements';
import { SIZES, type ProductSpec, type Size } from '../catalog';
import { layoutGarment, type Layout } from '../layout';
import { draftTop, type DraftedTop, type TopPattern } from './draft-top';
import { ghostOutline } from './ghost-outline';
import { sizeRun } from './size-run';

/** The size the product pictures and GLBs show (the middle of the run, as a store's sample garment). */
export const SAMPLE_SIZE: Size = 'M';

const drafts = new Map<string, DraftedTop>();

/** `spec`'s pattern drafted for `size`'s standard body; drafted once per process (drafting is pure). */
export function draftFor(spec: ProductSpec & { sewingPattern: TopPattern }, size: Size): DraftedTop {
  const key = `${spec.sewingPattern}:${spec.category}:${size}`;
  let d = drafts.get(key);
  if (!d) {
    d = draftTop(spec.sewingPattern, sizeRun(spec.category)[size]);
    drafts.set(key, d);
  }
  return d;
}

export function hasPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: TopPattern } {
  return spec.sewingPattern !== undefined;
}

/** The flat "ghost mannequin" layout of a pattern-made product, drafted at the sample size. */
export function patternLayout(spec: ProductSpec & { sewingPattern: TopPattern }): Layout {
  return layoutGarment(spec.shape, ghostOutline(draftFor(spec, SAMPLE_SIZE), spec.shape.sleeves === 'none'));
}

/**
 * The garment size chart of a pattern-made product: every size's finished measurements read off its own draft
 * (chest and waist round the front and back pieces, length HPS → hem, sleeve cap → end), whole cm, sleeves to 0.5.
 */
export function patternChart(spec: ProductSpec & { sewingPattern: TopPattern }): GarmentSizeChart {
  const chart: GarmentSizeChart = {};
  for (const size of SIZES) {
    const m = draftFor(spec, size).measurementsCm;
    const row: GarmentMeasurementsCm = { chest: Math.round(m.chest), waist: Math.round(m.waist), length: Math.round(m.length) };
    if (spec.shape.sleeves !== 'none') row.sleeve = Math.round(m.sleeve * 2) / 2;
    chart[size] = row;
  }
  return chart;
}
