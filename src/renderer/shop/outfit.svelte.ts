import type { OutfitSlot, Tuck } from '../../shared/outfit';
import { putOn } from '../tryon/outfit';

/** One garment of the shopper's outfit, as the shop knows it (what the looks and the QR code list). */
export interface OutfitItem {
  productId: string;
  sku: string;
  name: string;
  colour: string;
  size: string;
  /** Catalog translations of the name and colours (captions in the shopper's language). */
  names?: Record<string, string> | undefined;
  colourNames?: Record<string, Record<string, string>> | undefined;
  /** sha256 of the asset drawn (2D image or 3D model). */
  sha256: string;
  slots: readonly OutfitSlot[];
  tuck: Tuck;
  /** When it went on (epoch ms), for the anonymous try-on log. */
  startedAtMs: number;
}

/**
 * What the shopper is wearing: a top, a bottom and outerwear (a dress is top and bottom), one per slot, in the
 * order they were put on. Mirrors the `Fitting`'s outfit for the UI. Belongs to one shopper session.
 */
export class Outfit {
  items = $state.raw<OutfitItem[]>([]);

  /** Puts `item` in its slots; returns what it replaced (already off). */
  putOn(item: OutfitItem): OutfitItem[] {
    const r = putOn(this.items, item);
    this.items = r.outfit;
    return r.removed;
  }

  /** The item of this product, if worn. */
  of(productId: string | null | undefined): OutfitItem | null {
    return this.items.find((i) => i.productId === productId) ?? null;
  }

  /** Takes one item off; returns it (null if it was not worn). */
  takeOff(productId: string): OutfitItem | null {
    const item = this.of(productId);
    if (item) this.items = this.items.filter((i) => i !== item);
    return item;
  }

  /** Everything off; returns what was worn. */
  clear(): OutfitItem[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
