import type { Product, Variant } from '../../shared/catalog';
import { GARMENT_CATEGORIES, type GarmentCategory } from '../../shared/garment';
import { inferGarmentCategory } from '../../shared/garment-from-anchors';
import { defaultTuck, SLOTS_OF, type OutfitSlot, type Tuck } from '../../shared/outfit';

/** What an outfit needs to know of a worn garment to place and order it. */
export interface OutfitPiece {
  /** The slots it fills (a dress fills top and bottom). */
  slots: readonly OutfitSlot[];
  /** `in`: a top tucked into the bottom's waistband; `out`: over it. */
  tuck: Tuck;
}

/**
 * Puts `piece` into `outfit` (bottom-up in no particular order): everything that shares a slot with it comes off
 * — a new top replaces the top and a dress (which is also a top), a new bottom leaves the shirt and the jacket on.
 * Pure: returns the new list and what came off.
 */
export function putOn<T extends OutfitPiece>(outfit: readonly T[], piece: T): { outfit: T[]; removed: T[] } {
  const removed = outfit.filter((p) => p.slots.some((s) => piece.slots.includes(s)));
  return { outfit: [...outfit.filter((p) => !removed.includes(p)), piece], removed };
}

/**
 * The drawing order of an outfit, first drawn (innermost) first:
 * - a top tucked in (`in`) goes under the bottom, so the trousers' waistband covers its hem; a top worn out goes
 *   over the bottom;
 * - outerwear is over everything, so a jacket's body and collar cover the shirt's;
 * - a dress is one piece (top and bottom), under the outerwear.
 */
export function drawOrder<T extends OutfitPiece>(outfit: readonly T[]): T[] {
  const rank = (p: T): number => {
    if (p.slots.includes('outerwear')) return 3;
    if (p.slots.includes('top') && p.slots.includes('bottom')) return 1;
    const top = outfit.find((q) => q.slots.includes('top') && !q.slots.includes('bottom'));
    if (p.slots.includes('bottom')) return top?.tuck === 'in' ? 2 : 1;
    return p.tuck === 'in' ? 1 : 2;
  };
  return outfit.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

/**
 * The garment kind of a catalog product: its category when that names a kind (the demo's, a store that uses the
 * kinds as category ids), else what its garment's anchors describe (trousers have ankles, skirts no neck…).
 */
export function garmentKindOf(product: Pick<Product, 'categoryId'>, variant: Pick<Variant, 'asset2d'> | null): GarmentCategory {
  if ((GARMENT_CATEGORIES as readonly string[]).includes(product.categoryId)) return product.categoryId as GarmentCategory;
  const names = Object.keys(variant?.asset2d?.anchors ?? {}).map((n) => n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
  return inferGarmentCategory(new Set(names));
}

/** Slots and tuck of a catalog product as worn: its own tuck, else its kind's default. */
export function pieceOf(product: Pick<Product, 'categoryId' | 'tuck'>, variant: Pick<Variant, 'asset2d'> | null): OutfitPiece & { kind: GarmentCategory } {
  const kind = garmentKindOf(product, variant);
  return { kind, slots: SLOTS_OF[kind], tuck: product.tuck ?? defaultTuck(kind) };
}
