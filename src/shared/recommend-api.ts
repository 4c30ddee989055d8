import * as v from 'valibot';
import { CatalogKeySchema, ColourNamesByLangSchema, NamesByLangSchema } from './catalog';

/** `shopper.alsoTried` / `shopper.completeLook`: recommendations for the product being worn. */
export const RecommendRequestSchema = v.strictObject({
  productId: CatalogKeySchema,
  /** The colour worn (complete the look matches colours to it). */
  colour: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** @default 4 */
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)), 4),
});
export const RecommendationSchema = v.object({
  productId: v.string(),
  name: v.string(),
  brand: v.string(),
  categoryId: v.string(),
  /** The colour to show it in. */
  colour: v.string(),
  /** sha256 of that colour's 2D garment image, if any. */
  thumbnail: v.nullable(v.string()),
  priceMinor: v.number(),
  currency: v.string(),
  /** Why it is recommended: co-tries or attributes / colour harmony. */
  score: v.number(),
  /** The name and colours in other languages (catalog translations). */
  names: v.optional(NamesByLangSchema),
  colourNames: v.optional(ColourNamesByLangSchema),
});
export type Recommendation = v.InferOutput<typeof RecommendationSchema>;
export const RecommendationsSchema = v.array(RecommendationSchema);
