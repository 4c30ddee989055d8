/** One product of a saved look. */
export interface LookItem {
  productId: string;
  sku: string;
  name: string;
  colour: string;
  /** The name and colours in other languages (catalog translations), for the caption in the shopper's language. */
  names?: Record<string, string> | undefined;
  colourNames?: Record<string, Record<string, string>> | undefined;
}

/** A saved look: the composed mirror picture (an in-memory object URL) and what was worn. */
export interface Look {
  id: number;
  /** `blob:` URL of the picture, revoked when the look is dropped. Never uploaded. */
  pictureUrl: string;
  items: LookItem[];
}

/** At most this many looks are compared side by side. */
export const MAX_COMPARED = 4;

/**
 * The product links a look's QR code carries, one per line: the store's pattern with `{productId}` and `{sku}`
 * filled in (URL-encoded). No picture goes into the code.
 */
export function lookLinks(items: readonly LookItem[], pattern: string): string {
  return items
    .map((i) => pattern.replaceAll('{productId}', encodeURIComponent(i.productId)).replaceAll('{sku}', encodeURIComponent(i.sku)))
    .join('\n');
}

/**
 * The looks of one shopper session, newest last, at most `MAX_COMPARED`. A full book never drops a look by itself:
 * the shopper is asked which one the new look replaces (`replaceId`). `revoke` frees a picture; `clear()` at the
 * end of the session frees them all.
 */
export class LookBook {
  looks: Look[] = [];
  private nextId = 1;

  constructor(private readonly revoke: (url: string) => void) {}

  /** No room for another look without replacing one. */
  get full(): boolean {
    return this.looks.length >= MAX_COMPARED;
  }

  /**
   * Adds a look; when the book is full, `replaceId` names the look it replaces (that look's picture is freed).
   * Throws when the book is full and `replaceId` is missing or unknown: the caller must ask the shopper first.
   */
  add(pictureUrl: string, items: LookItem[], replaceId?: number): Look {
    if (this.full) {
      const old = this.looks.find((l) => l.id === replaceId);
      if (!old) throw new Error(`the looks are full (${MAX_COMPARED}): say which look the new one replaces`);
      this.remove(old.id);
    }
    const look = { id: this.nextId++, pictureUrl, items };
    this.looks = [...this.looks, look];
    return look;
  }

  remove(id: number): void {
    const l = this.looks.find((x) => x.id === id);
    if (l) this.revoke(l.pictureUrl);
    this.looks = this.looks.filter((x) => x.id !== id);
  }

  clear(): void {
    for (const l of this.looks) this.revoke(l.pictureUrl);
    this.looks = [];
  }
}
