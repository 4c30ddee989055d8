import * as v from 'valibot';

/**
 * A garment's own finished measurements per size, in centimetres, as a store's size chart lists them (measured
 * on the garment, so they include ease; not the body's measurements, which `sizing.ts` estimates).
 *
 * - `chest`, `waist`, `hip`: the garment's full circumference there (twice the flat width).
 * - `length`: tops, dresses, outerwear — high point of the shoulder to the hem; skirts — waistband to hem;
 *   trousers — waistband to hem along the outside of the leg (outseam).
 * - `sleeve`: shoulder seam to the cuff.
 * - `inseam`: crotch to hem. `legOpening`: circumference of a trouser leg at its hem.
 */
export const GARMENT_MEASUREMENTS = ['chest', 'waist', 'hip', 'length', 'sleeve', 'inseam', 'legOpening'] as const;
export type GarmentMeasurement = (typeof GARMENT_MEASUREMENTS)[number];

/** One size's row of a garment size chart; a garment type lists the measurements it has. */
export type GarmentMeasurementsCm = Partial<Record<GarmentMeasurement, number>>;

const cm = v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(400));

export const GarmentMeasurementsCmSchema = v.record(v.picklist(GARMENT_MEASUREMENTS), cm);

/** A product's garment size chart: size label (as the variants' `size`) → that size's measurements. */
export const GarmentSizeChartSchema = v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(32)), GarmentMeasurementsCmSchema);
export type GarmentSizeChart = v.InferOutput<typeof GarmentSizeChartSchema>;
