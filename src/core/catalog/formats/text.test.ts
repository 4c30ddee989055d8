import { describe, expect, it } from 'vitest';
import { categoryFor, decodeEntities, htmlToText, normalisePrice, slugify, splitMoney } from './text';

describe('store-format text helpers', () => {
  it('turns an HTML body into plain text', () => {
    expect(htmlToText('<p>Soft&nbsp;cotton &amp; <em>linen</em>.</p><script>alert(1)</script><ul><li>A</li><li>B</li></ul>')).toBe('Soft cotton & linen.\n• A\n• B');
    expect(htmlToText('Line one<br/>Line&#8217;s two<!-- hidden -->')).toBe('Line one\nLine’s two');
    expect(decodeEntities('&unknown; &#x4E2D;')).toBe('&unknown; 中');
  });

  it('reads prices with thousands separators and refuses a decimal comma', () => {
    expect(normalisePrice('1,299.00')).toEqual({ ok: '1299.00' });
    expect(normalisePrice('12,345,678')).toEqual({ ok: '12345678' });
    expect(normalisePrice('89')).toEqual({ ok: '89' });
    expect(normalisePrice('12,50')).toEqual({ error: '"12,50" uses a decimal comma: write 12.50' });
    expect(normalisePrice('1,29.00')).toEqual({ error: '"1,29.00" is not a price' });
    expect(normalisePrice('$12')).toEqual({ error: '"$12" is not a price' });
  });

  it('splits Google prices into amount and currency', () => {
    expect(splitMoney('12.00 USD')).toEqual({ amount: '12.00', currency: 'USD' });
    expect(splitMoney('1,299.00 USD')).toEqual({ amount: '1299.00', currency: 'USD' });
    expect(splitMoney('USD 1,349.00')).toEqual({ amount: '1349.00', currency: 'USD' });
    expect(splitMoney('45 cny')).toEqual({ amount: '45', currency: 'CNY' });
    expect(splitMoney('899.00')).toEqual({ amount: '899.00', currency: null });
    expect(splitMoney('twelve')).toEqual({ error: '"twelve" is not a price like "12.00 USD"' });
  });

  it('makes category slugs', () => {
    expect(slugify("Men's T-Shirts")).toBe('mens-t-shirts');
    expect(slugify('Coats & Jackets')).toBe('coats-jackets');
    expect(slugify('Crème Brûlée')).toBe('creme-brulee');
    expect(slugify('衬衫')).toBeNull();
    expect(categoryFor('衬衫').id).toMatch(/^c-[0-9a-f]{10}$/);
    expect(categoryFor('衬衫').id).not.toBe(categoryFor('裤子').id);
    expect(categoryFor('  ')).toEqual({ id: 'other', name: 'Other' });
  });
});
