import { describe, expect, it } from 'vitest';
import { LookBook, lookLinks, MAX_COMPARED } from './looks';

describe('looks', () => {
  it('keeps at most four looks, replaces only the one the shopper chose, and frees every picture', () => {
    const revoked: string[] = [];
    const b = new LookBook((u) => revoked.push(u));
    for (let i = 0; i < 4; i++) b.add(`blob:${i}`, []);
    expect(b.full).toBe(true);
    // A fifth look is never added silently: without a choice the book refuses and keeps all four.
    expect(() => b.add('blob:4', [])).toThrow(/which look/);
    expect(b.looks.map((l) => l.pictureUrl)).toEqual(['blob:0', 'blob:1', 'blob:2', 'blob:3']);
    // The shopper picked the second look: it goes, the new one is added last.
    b.add('blob:4', [], b.looks[1]!.id);
    expect(b.looks.map((l) => l.pictureUrl)).toEqual(['blob:0', 'blob:2', 'blob:3', 'blob:4']);
    expect(b.looks.length).toBe(MAX_COMPARED);
    expect(revoked).toEqual(['blob:1']);
    b.clear();
    expect(revoked.sort()).toEqual(['blob:0', 'blob:1', 'blob:2', 'blob:3', 'blob:4']);
  });
  it('links the products with the store pattern, encoded', () => {
    const text = lookLinks(
      [
        { productId: 'tee-everyday', sku: 'AT-TEE01-NVY-M', name: 'Tee', colour: 'Navy' },
        { productId: 'a/b', sku: 'X Y', name: 'x', colour: 'y' },
      ],
      'https://shop.example/p/{productId}?sku={sku}',
    );
    expect(text).toBe('https://shop.example/p/tee-everyday?sku=AT-TEE01-NVY-M\nhttps://shop.example/p/a%2Fb?sku=X%20Y');
  });
});
