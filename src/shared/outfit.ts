import * as v from 'valibot';
import type { Product } from './catalog';
import { GARMENT_CATEGORIES, type GarmentCategory } from './garment';
import { inferGarmentCategory } from './garment-from-anchors';

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

/** What the kind of a variant is read from: its 2D garment's anchor names (a catalog variant, or `atelier tryon`'s garment). */
type AnchoredVariant = { asset2d: { anchors: Readonly<Record<string, unknown>> | null } | null };

/**
 * The garment kind of a catalog product: its category when that names a kind (the demo's, a store that uses the
 * kinds as category ids), else what its garment's anchors describe (trousers have ankles, skirts no neck…).
 */
export function garmentKindOf(product: Pick<Product, 'categoryId'>, variant: AnchoredVariant | null): GarmentCategory {
  if ((GARMENT_CATEGORIES as readonly string[]).includes(product.categoryId)) return product.categoryId as GarmentCategory;
  const names = Object.keys(variant?.asset2d?.anchors ?? {}).map((n) => n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
  return inferGarmentCategory(new Set(names));
}

/** Slots and tuck of a catalog product as worn: its own tuck, else its kind's default. */
export function pieceOf(product: Pick<Product, 'categoryId' | 'tuck'>, variant: AnchoredVariant | null): { kind: GarmentCategory; slots: readonly OutfitSlot[]; tuck: Tuck } {
  const kind = garmentKindOf(product, variant);
  return { kind, slots: SLOTS_OF[kind], tuck: product.tuck ?? defaultTuck(kind) };
}
