import type { OutfitSlot, Tuck } from '../../shared/outfit';

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
