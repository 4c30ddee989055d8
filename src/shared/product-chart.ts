import type { GarmentCategory } from './garment';
import { GARMENT_MEASUREMENTS, type GarmentMeasurement, type GarmentSizeChart } from './garment-measurements';

/**
 * Checks of a product's garment size chart against the product (shared by the admin screen, import and sync so
 * the three say the same thing): every size in the chart must be a size the product is sold in.
 */

/** Column names of the chart in the catalog CSV, one per measurement (docs/catalog-csv.md). */
export const CHART_CSV_COLUMNS = {
  chest: 'chest_cm',
  waist: 'waist_cm',
  hip: 'hip_cm',
  length: 'length_cm',
  sleeve: 'sleeve_cm',
  inseam: 'inseam_cm',
  legOpening: 'leg_opening_cm',
} as const satisfies Readonly<Record<GarmentMeasurement, string>>;

/** The measurements a size chart of each garment kind lists (the admin's table columns, the demo's charts). */
export const CHART_MEASUREMENTS_OF: Readonly<Record<GarmentCategory, readonly GarmentMeasurement[]>> = {
  tshirt: ['chest', 'waist', 'length', 'sleeve'],
  shirt: ['chest', 'waist', 'length', 'sleeve'],
  jacket: ['chest', 'waist', 'length', 'sleeve'],
  dress: ['chest', 'waist', 'hip', 'length', 'sleeve'],
  trousers: ['waist', 'hip', 'length', 'inseam', 'legOpening'],
  skirt: ['waist', 'hip', 'length'],
};

/** Smallest and largest garment measurement accepted, in cm (the shared schema's bounds). */
export const CHART_MIN_CM = 1;
export const CHART_MAX_CM = 400;

/** One line saying what is wrong with `chart` for a product sold in `sizes`, or null. */
export function garmentChartProblem(chart: GarmentSizeChart, sizes: Iterable<string>): string | null {
  const known = new Set(sizes);
  for (const [size, row] of Object.entries(chart)) {
    if (!known.has(size)) return `the size chart lists size "${size}", which no variant of the product has`;
    for (const [m, cm] of Object.entries(row)) {
      if (!(GARMENT_MEASUREMENTS as readonly string[]).includes(m)) return `size ${size}: "${m}" is not a garment measurement`;
      const problem = cmProblem(cm);
      if (problem) return `size ${size} ${m}: ${problem}`;
    }
  }
  return null;
}

/** Why `cm` is not a garment measurement in centimetres, or null. */
export function cmProblem(cm: unknown): string | null {
  if (typeof cm !== 'number' || !Number.isFinite(cm)) return 'must be a number of centimetres';
  if (cm < CHART_MIN_CM) return `${cm} cm must be positive (at least ${CHART_MIN_CM} cm)`;
  if (cm > CHART_MAX_CM) return `${cm} cm is more than ${CHART_MAX_CM} cm`;
  return null;
}

/** The chart without sizes the product is not sold in and without empty rows (what the catalog stores). */
export function pruneGarmentChart(chart: GarmentSizeChart, sizes: Iterable<string>): GarmentSizeChart {
  const known = new Set(sizes);
  const out: GarmentSizeChart = {};
  for (const [size, row] of Object.entries(chart)) if (known.has(size) && Object.keys(row).length > 0) out[size] = row;
  return out;
}
