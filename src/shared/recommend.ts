/**
 * Recommendations, pure maths: "others who tried this also tried" from anonymous try-on co-occurrences (per visit,
 * time-decayed, cosine-normalised so popular items do not win everything), blended with attribute similarity so a
 * new product or a new store has answers from day one; and "complete the look" from complementary categories and
 * colour harmony. The core feeds it rows from SQLite; the offline evaluation (`tools/eval/recommend-eval.ts`) feeds it a
 * generated log.
 */

/** One try-on, as the catalog's `tryon_events` keeps it (product resolved from the SKU). */
export interface TryOnRecord {
  sessionId: string;
  productId: string;
  /** Epoch ms of the start. */
  atMs: number;
}

/** What recommendations need to know about a product. */
export interface ItemAttrs {
  id: string;
  categoryId: string;
  brand: string;
  tags: readonly string[];
  colours: readonly string[];
  /** In stock in some variant (out-of-stock products are not recommended). @default true */
  inStock?: boolean;
}

export interface Scored {
  id: string;
  score: number;
}

export interface CoTryModel {
  /** Decayed co-try weight of each unordered pair, keyed `a\u0000b` with a < b. */
  pairs: Map<string, number>;
  /** Decayed weight of visits that tried each item. */
  item: Map<string, number>;
  /** Partners of each item (for a fast lookup). */
  partners: Map<string, Set<string>>;
}

/** How fast old visits fade: a visit this many days old counts half. @default 14 */
export const DEFAULT_HALF_LIFE_DAYS = 14;
/** Visits with this much co-try evidence weigh as much as the attributes (shrinkage towards the cold start). */
const COLD_START_PRIOR = 3;
/** Attribute similarity still breaks ties between equally co-tried items once evidence is plentiful. */
const ATTRIBUTE_TIE_BREAK = 0.1;

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const decay = (ageMs: number, halfLifeDays: number): number => 0.5 ** (Math.max(0, ageMs) / (halfLifeDays * 86_400_000));

/** Builds the co-try model: items tried in the same visit co-occur; each visit weighs by its age. */
export function buildCoTryModel(events: readonly TryOnRecord[], nowMs: number, halfLifeDays = DEFAULT_HALF_LIFE_DAYS): CoTryModel {
  const visits = new Map<string, { items: Set<string>; lastMs: number }>();
  for (const e of events) {
    const v = visits.get(e.sessionId) ?? { items: new Set<string>(), lastMs: -Infinity };
    v.items.add(e.productId);
    v.lastMs = Math.max(v.lastMs, e.atMs);
    visits.set(e.sessionId, v);
  }
  const model: CoTryModel = { pairs: new Map(), item: new Map(), partners: new Map() };
  for (const v of visits.values()) {
    const w = decay(nowMs - v.lastMs, halfLifeDays);
    const items = [...v.items];
    for (const a of items) model.item.set(a, (model.item.get(a) ?? 0) + w);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        const k = pairKey(a, b);
        model.pairs.set(k, (model.pairs.get(k) ?? 0) + w);
        if (!model.partners.has(a)) model.partners.set(a, new Set());
        if (!model.partners.has(b)) model.partners.set(b, new Set());
        model.partners.get(a)!.add(b);
        model.partners.get(b)!.add(a);
      }
    }
  }
  return model;
}

/**
 * How much trying `a` predicts trying `b`, in [0, 1]: the co-try weight over `a`'s visits (P(b | a)), optionally
 * divided by `b`'s popularity to a power (0.5 would be the cosine). On the planted log of `tools/eval/recommend-eval.ts`
 * plain P(b | a) did best (hit-rate@5 0.53 against 0.47 with 0.3 and 0.40 with the cosine).
 */
const POPULARITY_DAMPING = 0;
export function coTrySimilarity(model: CoTryModel, a: string, b: string): number {
  const co = model.pairs.get(pairKey(a, b)) ?? 0;
  if (co === 0) return 0;
  const na = model.item.get(a) ?? 0;
  const nb = model.item.get(b) ?? 0;
  return co / na / Math.max(1, nb) ** POPULARITY_DAMPING;
}

/** Similarity of two products' attributes in [0, 1]: shared tags (overlap coefficient) most, then category, brand. */
export function attributeSimilarity(a: ItemAttrs, b: ItemAttrs): number {
  const ta = new Set(a.tags.map((t) => t.toLowerCase()));
  const tb = new Set(b.tags.map((t) => t.toLowerCase()));
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  const overlap = Math.min(ta.size, tb.size) ? inter / Math.min(ta.size, tb.size) : 0;
  return 0.8 * overlap + 0.12 * (a.categoryId === b.categoryId ? 1 : 0) + 0.08 * (a.brand === b.brand ? 1 : 0);
}

/**
 * "Others who tried this also tried": the co-try cosine, shrunk towards attribute similarity when the product has
 * little evidence (cold start), best first. Excludes the product itself, `exclude` and items out of stock.
 */
export function alsoTried(productId: string, model: CoTryModel, items: readonly ItemAttrs[], k: number, exclude: ReadonlySet<string> = new Set()): Scored[] {
  const self = items.find((i) => i.id === productId);
  const evidence = model.item.get(productId) ?? 0;
  const trust = evidence / (evidence + COLD_START_PRIOR);
  let maxPop = 0;
  for (const w of model.item.values()) maxPop = Math.max(maxPop, w);
  const out: Scored[] = [];
  for (const it of items) {
    if (it.id === productId || exclude.has(it.id) || it.inStock === false) continue;
    const co = coTrySimilarity(model, productId, it.id);
    const attr = self ? attributeSimilarity(self, it) : 0;
    // Without history, similar products that shoppers try often are the best guess.
    const pop = maxPop ? (model.item.get(it.id) ?? 0) / maxPop : 0;
    out.push({ id: it.id, score: trust * (co + ATTRIBUTE_TIE_BREAK * attr) + (1 - trust) * attr * (0.2 + 0.8 * pop) });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, k);
}

/** Most-tried products (decayed), the baseline every recommender must beat. */
export function popular(model: CoTryModel, items: readonly ItemAttrs[], k: number, exclude: ReadonlySet<string> = new Set()): Scored[] {
  return items
    .filter((i) => !exclude.has(i.id) && i.inStock !== false)
    .map((i) => ({ id: i.id, score: model.item.get(i.id) ?? 0 }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, k);
}

// ------------------------------------------------------------------------------------------------------------
// Complete the look

/** What goes with what: a top wants a bottom and a layer, a dress a layer. Garment kinds of the demo collection. */
export const COMPLEMENTS: Readonly<Record<string, readonly string[]>> = {
  tshirt: ['trousers', 'skirt', 'jacket'],
  shirt: ['trousers', 'skirt', 'jacket'],
  jacket: ['shirt', 'tshirt', 'trousers', 'skirt', 'dress'],
  dress: ['jacket'],
  trousers: ['shirt', 'tshirt', 'jacket'],
  skirt: ['shirt', 'tshirt', 'jacket'],
};

/** A colour as hue (degrees) and saturation (0..1); neutrals have saturation near 0. */
interface Hs {
  hue: number;
  sat: number;
}
/** Colour words in product colour names → hue/saturation. Denim and navy count as near-neutral (they go with most). */
const COLOUR_WORDS: ReadonlyArray<[RegExp, Hs]> = [
  [/white|ecru|chalk|cream|ivory/i, { hue: 40, sat: 0 }],
  [/black|charcoal/i, { hue: 0, sat: 0 }],
  [/grey|gray|silver/i, { hue: 0, sat: 0 }],
  [/navy|indigo|denim|wash/i, { hue: 225, sat: 0.15 }],
  [/khaki|camel|beige|sand|tan/i, { hue: 35, sat: 0.2 }],
  [/red|tartan/i, { hue: 0, sat: 0.8 }],
  [/pink|rose/i, { hue: 340, sat: 0.5 }],
  [/mustard|yellow|gold/i, { hue: 48, sat: 0.8 }],
  [/orange|rust/i, { hue: 25, sat: 0.8 }],
  [/olive/i, { hue: 75, sat: 0.45 }],
  [/sage|mint/i, { hue: 110, sat: 0.25 }],
  [/green|emerald|forest/i, { hue: 140, sat: 0.7 }],
  [/sky|blue|oxford/i, { hue: 210, sat: 0.55 }],
  [/purple|violet|lilac/i, { hue: 280, sat: 0.6 }],
  [/brown|chocolate/i, { hue: 25, sat: 0.45 }],
];

/** Hue/saturation of a colour name: the first colour word found; unknown names count as neutral. */
export function colourOf(name: string): Hs {
  for (const [re, hs] of COLOUR_WORDS) if (re.test(name)) return hs;
  return { hue: 0, sat: 0 };
}

/**
 * How well two colours go together, 0..1: neutrals go with anything; two saturated colours go when they are
 * analogous (≤ 40° apart) or complementary (≈ 180°), and clash in between.
 */
export function colourHarmony(a: string, b: string): number {
  const x = colourOf(a);
  const y = colourOf(b);
  const neutral = 1 - Math.min(x.sat, y.sat);
  const d = Math.abs(((x.hue - y.hue + 540) % 360) - 180); // 0..180
  const analogous = Math.max(0, 1 - d / 40);
  const complementary = Math.max(0, 1 - Math.abs(180 - d) / 35);
  const hueScore = Math.max(analogous * 0.9, complementary);
  return Math.min(1, neutral + (1 - neutral) * hueScore * Math.min(1, (x.sat + y.sat) / 1.2 + 0.2));
}

/**
 * "Complete the look": products of complementary categories, ranked by how well their best colour goes with the
 * colour being worn, lightly boosted by co-tries. Returns each product with the colour to show it in.
 */
export function completeTheLook(
  base: ItemAttrs,
  colour: string,
  items: readonly ItemAttrs[],
  k: number,
  model?: CoTryModel,
): Array<Scored & { colour: string }> {
  const wanted = COMPLEMENTS[base.categoryId] ?? [];
  const out: Array<Scored & { colour: string }> = [];
  for (const it of items) {
    if (it.id === base.id || it.inStock === false) continue;
    const rank = wanted.indexOf(it.categoryId);
    if (rank < 0) continue;
    let best = { colour: it.colours[0] ?? '', h: -1 };
    for (const c of it.colours) {
      const h = colourHarmony(colour, c);
      if (h > best.h) best = { colour: c, h };
    }
    const co = model ? coTrySimilarity(model, base.id, it.id) : 0;
    // Earlier complements first when colours tie (a top is completed by a bottom before a jacket).
    out.push({ id: it.id, colour: best.colour, score: best.h + 0.3 * co - 0.05 * rank });
  }
  // One per category at the head of the list, so the look gets a bottom and a layer, not three trousers.
  out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const byCat = new Map(items.map((i) => [i.id, i.categoryId]));
  const seen = new Set<string>();
  const head: typeof out = [];
  const tail: typeof out = [];
  for (const r of out) {
    const c = byCat.get(r.id)!;
    (seen.has(c) ? tail : head).push(r);
    seen.add(c);
  }
  return [...head, ...tail].slice(0, k);
}
