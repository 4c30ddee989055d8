import { describe, expect, it } from 'vitest';
import { LookBook, lookLinks, MAX_COMPARED } from './looks';

describe('looks', () => {
  it('keeps at most four looks and frees every picture', () => {
    const revoked: string[] = [];
    const b = new LookBook((u) => revoked.push(u));
    for (let i = 0; i < 6; i++) b.add(`blob:${i}`, []);
    expect(b.looks.map((l) => l.pictureUrl)).toEqual(['blob:2', 'blob:3', 'blob:4', 'blob:5']);
    expect(b.looks.length).toBe(MAX_COMPARED);
    b.remove(b.looks[0]!.id);
    b.clear();
    expect(revoked.sort()).toEqual(['blob:0', 'blob:1', 'blob:2', 'blob:3', 'blob:4', 'blob:5']);
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
