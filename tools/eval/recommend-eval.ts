import { alsoTried, buildCoTryModel, popular, type ItemAttrs, type TryOnRecord } from '../../src/shared/recommend';
import { prng } from '../synth/sizing-synth';

/**
 * Offline evaluation of "others who tried this also tried" on a generated try-on log with planted structure:
 * shoppers belong to style groups and mostly try products of their group (popular ones more often); a trend shift
 * moves some products to another group in the last weeks (time decay should follow it); a few products are new
 * and have no history at all (the cold start must fall back to attributes, which carry the group as a tag).
 *
 * Protocol: the model is built from visits before the test period; for every test visit with two or more
 * products, the first product tried is the query and each later one a target; hit@k = a target among the top k.
 */
export interface EvalOptions {
  items?: number;
  groups?: number;
  visits?: number;
  /** Days of history. @default 90 */
  days?: number;
  /** The last days are the test period. @default 7 */
  testDays?: number;
  k?: number;
  seed?: number;
}

export interface EvalResult {
  k: number;
  trainVisits: number;
  testQueries: number;
  hitRate: { model: number; popularity: number };
  /** Queries whose product has no history (cold start). */
  cold: { queries: number; model: number; popularity: number };
}

const CATEGORIES = ['tshirt', 'shirt', 'jacket', 'dress', 'trousers', 'skirt'];
const DAY_MS = 86_400_000;

export function generateLog(opts: EvalOptions = {}): { items: ItemAttrs[]; events: TryOnRecord[]; nowMs: number; coldIds: Set<string>; testFromMs: number } {
  const rand = prng(opts.seed ?? 2024);
  const nItems = opts.items ?? 120;
  const nGroups = opts.groups ?? 8;
  const days = opts.days ?? 90;
  const nowMs = Date.UTC(2025, 0, 1);
  const testFromMs = nowMs - (opts.testDays ?? 7) * DAY_MS;
  const shiftFromMs = nowMs - 21 * DAY_MS;
  const items: ItemAttrs[] = [];
  const groupOf: number[] = [];
  const shiftedGroupOf: number[] = [];
  const popularity: number[] = [];
  for (let i = 0; i < nItems; i++) {
    const g = i % nGroups;
    groupOf.push(g);
    // A fifth of the products change group with the trend.
    shiftedGroupOf.push(rand() < 0.2 ? (g + 1 + Math.floor(rand() * (nGroups - 1))) % nGroups : g);
    // Zipf-like popularity, shuffled across groups.
    popularity.push(1 / (1 + ((i * 37) % nItems)) ** 0.8);
    items.push({
      id: `P${String(i).padStart(3, '0')}`,
      categoryId: CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!,
      brand: `B${Math.floor(rand() * 10)}`,
      // The style group is visible in the tags (what a store's own tagging would carry), plus noise tags.
      tags: [`style${g}`, `t${Math.floor(rand() * 30)}`, `t${Math.floor(rand() * 30)}`],
      colours: ['Navy'],
    });
  }
  const coldIds = new Set(items.filter((_, i) => i % 15 === 7).map((i) => i.id));
  const pick = (candidates: number[]): number => {
    const total = candidates.reduce((s, i) => s + popularity[i]!, 0);
    let r = rand() * total;
    for (const i of candidates) {
      r -= popularity[i]!;
      if (r <= 0) return i;
    }
    return candidates[candidates.length - 1]!;
  };
  const events: TryOnRecord[] = [];
  const nVisits = opts.visits ?? 6000;
  for (let v = 0; v < nVisits; v++) {
    const atMs = nowMs - rand() * days * DAY_MS;
    const g = Math.floor(rand() * nGroups);
    const groups = atMs >= shiftFromMs ? shiftedGroupOf : groupOf;
    const inGroup = [...Array(nItems).keys()].filter((i) => groups[i] === g && (atMs >= testFromMs || !coldIds.has(items[i]!.id)));
    const anyItem = [...Array(nItems).keys()].filter((i) => atMs >= testFromMs || !coldIds.has(items[i]!.id));
    const n = 2 + Math.floor(rand() * 4);
    const tried = new Set<number>();
    for (let j = 0; j < n * 3 && tried.size < n; j++) tried.add(rand() < 0.75 ? pick(inGroup) : pick(anyItem));
    [...tried].forEach((i, j) => events.push({ sessionId: `v${v}`, productId: items[i]!.id, atMs: atMs + j * 60_000 }));
  }
  return { items, events, nowMs, coldIds, testFromMs };
}

export function evaluate(opts: EvalOptions = {}): EvalResult {
  const k = opts.k ?? 5;
  const { items, events, coldIds, testFromMs } = generateLog(opts);
  const train = events.filter((e) => e.atMs < testFromMs);
  const test = events.filter((e) => e.atMs >= testFromMs);
  const model = buildCoTryModel(train, testFromMs);
  const visits = new Map<string, string[]>();
  for (const e of [...test].sort((a, b) => a.atMs - b.atMs)) visits.set(e.sessionId, [...(visits.get(e.sessionId) ?? []), e.productId]);
  let queries = 0;
  let hitModel = 0;
  let hitPop = 0;
  const cold = { queries: 0, model: 0, popularity: 0 };
  const popTop = popular(model, items, k + 1);
  for (const seq of visits.values()) {
    if (seq.length < 2) continue;
    const [query, ...targets] = seq as [string, ...string[]];
    const recs = new Set(alsoTried(query, model, items, k).map((r) => r.id));
    const pop = new Set(popTop.filter((r) => r.id !== query).slice(0, k).map((r) => r.id));
    const m = targets.some((t) => recs.has(t)) ? 1 : 0;
    const p = targets.some((t) => pop.has(t)) ? 1 : 0;
    queries++;
    hitModel += m;
    hitPop += p;
    if (coldIds.has(query)) {
      cold.queries++;
      cold.model += m;
      cold.popularity += p;
    }
  }
  return {
    k,
    trainVisits: new Set(train.map((e) => e.sessionId)).size,
    testQueries: queries,
    hitRate: { model: hitModel / queries, popularity: hitPop / queries },
    cold: { queries: cold.queries, model: cold.model / Math.max(1, cold.queries), popularity: cold.popularity / Math.max(1, cold.queries) },
  };
}
