import * as v from 'valibot';
import type { GarmentCategory } from './garment';

/**
 * Outfits: what a shopper wears at once. Each garment kind fills one or more slots; putting a garment on replaces
 * only what sits in its slots, so changing the trousers keeps the shirt and the jacket.
 */

export const OUTFIT_SLOTS = ['bottom', 'top', 'outerwear'] as const;
export type OutfitSlot = (typeof OUTFIT_SLOTS)[number];

/**
 * How a top is worn with a bottom: `in` tucked into the waistband (the bottom is drawn over the top's hem),
 * `out` over it (the top's hem is drawn over the waistband).
 */
export const TuckSchema = v.picklist(['in', 'out'], 'tuck must be "in" or "out"');
export type Tuck = v.InferOutput<typeof TuckSchema>;

/** The slots each garment kind fills. A dress is a top and a bottom in one piece. */
export const SLOTS_OF: Readonly<Record<GarmentCategory, readonly OutfitSlot[]>> = {
  tshirt: ['top'],
  shirt: ['top'],
  jacket: ['outerwear'],
  dress: ['top', 'bottom'],
  trousers: ['bottom'],
  skirt: ['bottom'],
};

/**
 * How a garment kind is worn when the catalog does not say: a (dress) shirt is tucked in, a T-shirt hangs over the
 * waistband. A jacket is over everything whatever its tuck; bottoms and dresses have no hem over another
 * garment's waistband, so theirs does not matter ('out').
 */
export function defaultTuck(kind: GarmentCategory): Tuck {
  return kind === 'shirt' ? 'in' : 'out';
}
