/** One product of a saved look. */
export interface LookItem {
  productId: string;
  sku: string;
  name: string;
  colour: string;
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
 * The looks of one shopper session, newest last, capped at `MAX_COMPARED` (the oldest goes). `revoke` frees a
 * picture; `clear()` at the end of the session frees them all.
 */
export class LookBook {
  looks: Look[] = [];
  private nextId = 1;

  constructor(private readonly revoke: (url: string) => void) {}

  add(pictureUrl: string, items: LookItem[]): Look {
    const look = { id: this.nextId++, pictureUrl, items };
    this.looks = [...this.looks, look];
    while (this.looks.length > MAX_COMPARED) {
      const [old, ...rest] = this.looks;
      this.revoke(old!.pictureUrl);
      this.looks = rest;
    }
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
