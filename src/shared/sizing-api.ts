import * as v from 'valibot';
import { CatalogKeySchema } from './catalog';
import { CHART_MEASUREMENTS } from './sizing';

/** `shopper.sizeChart`: the size chart of a product's brand and category, as `sizing.ts`'s `SizeChart`. */
export const SizeChartRequestSchema = v.strictObject({ productId: CatalogKeySchema });
export const SizeChartSchema = v.nullable(
  v.object({
    /** Smallest first. */
    sizes: v.array(v.string()),
    /** size → measurement → [minCm, maxCm] */
    ranges: v.record(v.string(), v.record(v.picklist(CHART_MEASUREMENTS), v.tuple([v.number(), v.number()]))),
  }),
);
