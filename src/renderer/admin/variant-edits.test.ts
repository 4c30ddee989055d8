import { describe, expect, it } from 'vitest';
import { parsePriceMinor, parseStock, patchVariants, storedSelection } from './variant-edits';

describe('variant edits', () => {
  it('reads prices in major units and refuses what is not a price', () => {
    expect(parsePriceMinor('349')).toBe(34900);
    expect(parsePriceMinor(' 349.5 ')).toBe(34950);
    expect(parsePriceMinor('349,99')).toBe(34999);
    expect(parsePriceMinor('0')).toBe(0);
    for (const bad of ['', '-5', '3.999', 'abc', '1e3', '12.3.4']) expect(parsePriceMinor(bad)).toBeNull();
  });

  it('reads stock as a whole number of 0 or more', () => {
    expect(parseStock('0')).toBe(0);
    expect(parseStock('12')).toBe(12);
    for (const bad of ['', '-1', '1.5', 'x']) expect(parseStock(bad)).toBeNull();
  });

  it('sets a price on the selected variants only', () => {
    const vs = [{ sku: 'A', priceMinor: 1, stock: 1 }, { sku: 'B', priceMinor: 1, stock: 2 }, { sku: 'C', priceMinor: 1, stock: 3 }];
    const out = patchVariants(vs, new Set([0, 2]), { priceMinor: 500 });
    expect(out.map((x) => [x.sku, x.priceMinor, x.stock])).toEqual([['A', 500, 1], ['B', 1, 2], ['C', 500, 3]]);
    expect(out[1]).toBe(vs[1]);
  });

  it('applies to the catalog at once only when every selected row is a stored, unrenamed variant', () => {
    const stored = new Set(['A', 'B']);
    expect(storedSelection([{ sku: 'B' }, { sku: 'A' }], new Set([1, 0]), stored)).toEqual(['B', 'A']);
    expect(storedSelection([{ sku: 'A' }, { sku: 'NEW' }], new Set([0, 1]), stored)).toBeNull();
  });
});
