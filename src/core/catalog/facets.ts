/**
 * Facet tokens: every combination of the list filters (colour, size, in stock) a product satisfies, as strings
 * stored in `product_facets`. A filter then becomes one indexed token lookup. Colour compares case-insensitively,
 * size exactly; a combined token means one variant has both (red AND size M, not red in S plus blue in M).
 */

/** Separator that cannot occur in a trimmed colour or size typed by a person. */
const SEP = '\u001f';

export function facetTokens(variants: Iterable<{ colour: string; size: string; stock: number }>): Set<string> {
  const out = new Set<string>();
  for (const v of variants) {
    const c = v.colour.toLowerCase();
    const inStock = v.stock > 0;
    for (const stock of inStock ? ['', '+'] : ['']) {
      if (stock) out.add(stock);
      out.add(`c${stock}${SEP}${c}`);
      out.add(`s${stock}${SEP}${v.size}`);
      out.add(`cs${stock}${SEP}${c}${SEP}${v.size}`);
    }
  }
  return out;
}

/** The one token a product must have to pass the filters, or null when no variant filter is set. */
export function facetFilterToken(f: { colour?: string | undefined; size?: string | undefined; inStock: boolean }): string | null {
  const stock = f.inStock ? '+' : '';
  const colour = f.colour?.toLowerCase();
  if (colour && f.size) return `cs${stock}${SEP}${colour}${SEP}${f.size}`;
  if (colour) return `c${stock}${SEP}${colour}`;
  if (f.size) return `s${stock}${SEP}${f.size}`;
  return f.inStock ? '+' : null;
}
