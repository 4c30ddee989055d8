import { describe, expect, it } from 'vitest';
import { evaluate } from './recommend-eval';
import { buildCoTryModel, colourHarmony, completeTheLook, alsoTried, type ItemAttrs } from '../../src/shared/recommend';

describe('recommendation evaluation (generated log with planted structure)', () => {
  for (const seed of [7, 11, 2024]) {
    it(`beats the popularity baseline on hit-rate@5 (seed ${seed})`, () => {
      const r = evaluate({ seed });
      console.log(
        `seed ${seed}: hit-rate@${r.k} model ${r.hitRate.model.toFixed(3)}, popularity ${r.hitRate.popularity.toFixed(3)} (${r.testQueries} queries); ` +
          `cold start: model ${r.cold.model.toFixed(3)}, popularity ${r.cold.popularity.toFixed(3)} (${r.cold.queries} queries)`,
      );
      expect(r.testQueries).toBeGreaterThan(200);
      expect(r.hitRate.model).toBeGreaterThan(r.hitRate.popularity * 1.2);
    });
  }
});

describe('recommend', () => {
  const items: ItemAttrs[] = [
    { id: 'tee', categoryId: 'tshirt', brand: 'A', tags: ['cotton', 'casual'], colours: ['Navy'] },
    { id: 'chino', categoryId: 'trousers', brand: 'A', tags: ['cotton'], colours: ['Khaki', 'Red Gingham'] },
    { id: 'skirt', categoryId: 'skirt', brand: 'B', tags: ['print'], colours: ['Emerald'] },
    { id: 'blazer', categoryId: 'jacket', brand: 'B', tags: ['wool'], colours: ['Mustard Dot'] },
    { id: 'shirt', categoryId: 'shirt', brand: 'B', tags: ['cotton', 'casual'], colours: ['White'] },
    { id: 'sold', categoryId: 'trousers', brand: 'B', tags: [], colours: ['Black'], inStock: false },
  ];

  it('completes a top with a bottom and a layer, in harmonious colours, never with another top or sold-out items', () => {
    const look = completeTheLook(items[0]!, 'Navy', items, 3);
    expect(look[0]!.id).toBe('chino');
    expect(look.map((r) => r.id).sort()).toEqual(['blazer', 'chino', 'skirt']);
    expect(look[0]!.colour).toBe('Khaki');
    expect(colourHarmony('Red', 'Pink')).toBeGreaterThan(colourHarmony('Red', 'Olive'));
    expect(colourHarmony('White', 'Mustard Dot')).toBeGreaterThan(0.9);
  });

  it('also-tried follows co-tries when there are some, attributes when there are none, and forgets old visits', () => {
    const now = Date.UTC(2025, 0, 1);
    const day = 86_400_000;
    const events = [
      ...Array.from({ length: 10 }, (_, i) => [
        { sessionId: `s${i}`, productId: 'tee', atMs: now - day },
        { sessionId: `s${i}`, productId: 'blazer', atMs: now - day },
      ]).flat(),
      // Long ago everyone paired the tee with the skirt.
      ...Array.from({ length: 30 }, (_, i) => [
        { sessionId: `o${i}`, productId: 'tee', atMs: now - 200 * day },
        { sessionId: `o${i}`, productId: 'skirt', atMs: now - 200 * day },
      ]).flat(),
    ];
    const model = buildCoTryModel(events, now);
    expect(alsoTried('tee', model, items, 1)[0]!.id).toBe('blazer');
    // The shirt has no history: its cold start is the tee (same tags, same kind of garment).
    expect(alsoTried('shirt', model, items, 1)[0]!.id).toBe('tee');
    expect(alsoTried('tee', model, items, 10).map((r) => r.id)).not.toContain('sold');
  });
});
