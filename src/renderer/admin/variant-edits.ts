import type { EditVariant } from '../../shared/admin';

/**
 * Pure helpers of the product editor's variant table: reading a typed price, and setting one price or stock on a
 * selection of variants (the draft's copy of what `admin.setVariants` does in the catalog).
 */

/** A price typed in major units ("349", "349.00", "349,5") → minor units; null when it is not a price. */
export function parsePriceMinor(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,10}(\.\d{0,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

/** A typed stock count → a whole number ≥ 0; null otherwise. */
export function parseStock(text: string): number | null {
  const t = text.trim();
  return /^\d{1,7}$/.test(t) ? Number(t) : null;
}

export interface VariantPatch {
  priceMinor?: number;
  stock?: number;
}

/** `variants` with `patch` set on those at `indices` (new objects for the changed ones; the others as they were). */
export function patchVariants<V extends Pick<EditVariant, 'priceMinor' | 'stock'>>(variants: readonly V[], indices: ReadonlySet<number>, patch: VariantPatch): V[] {
  return variants.map((x, i) => (indices.has(i) ? { ...x, ...patch } : x));
}

/**
 * The SKUs at `indices` when each is a stored variant of the product (`storedSkus`) and unrenamed in the draft, so
 * the catalog can be changed at once; null when a selected row is new or renamed (the product must be saved first).
 */
export function storedSelection(draft: ReadonlyArray<{ sku: string }>, indices: ReadonlySet<number>, storedSkus: ReadonlySet<string>): string[] | null {
  const skus = [...indices].sort((a, b) => a - b).map((i) => draft[i]?.sku ?? '');
  return skus.every((sku) => storedSkus.has(sku)) ? skus : null;
}
