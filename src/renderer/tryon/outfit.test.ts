import { describe, expect, it } from 'vitest';
import type { OutfitSlot, Tuck } from '../../shared/outfit';
import { garmentKindOf, pieceOf } from '../../shared/outfit';
import { drawOrder, putOn } from './outfit';

const piece = (name: string, slots: OutfitSlot[], tuck: Tuck = 'out') => ({ name, slots, tuck });
const tee = piece('tee', ['top']);
const shirtIn = piece('shirt', ['top'], 'in');
const jeans = piece('jeans', ['bottom']);
const skirt = piece('skirt', ['bottom']);
const blazer = piece('blazer', ['outerwear']);
const dress = piece('dress', ['top', 'bottom']);
const names = (xs: ReadonlyArray<{ name: string }>) => xs.map((x) => x.name);

describe('outfit slots', () => {
  it('one garment per slot: changing one keeps the others', () => {
    let o = putOn([], tee).outfit;
    o = putOn(o, jeans).outfit;
    o = putOn(o, blazer).outfit;
    expect(names(o)).toEqual(['tee', 'jeans', 'blazer']);
    const r = putOn(o, skirt);
    expect(names(r.outfit)).toEqual(['tee', 'blazer', 'skirt']);
    expect(names(r.removed)).toEqual(['jeans']);
    expect(names(putOn(r.outfit, shirtIn).outfit)).toEqual(['blazer', 'skirt', 'shirt']);
  });

  it('a dress is a top and a bottom: it replaces both, and a top or a bottom replaces it', () => {
    const withDress = putOn([tee, jeans, blazer], dress);
    expect(names(withDress.outfit)).toEqual(['blazer', 'dress']);
    expect(names(withDress.removed)).toEqual(['tee', 'jeans']);
    const r = putOn(withDress.outfit, jeans);
    expect(names(r.outfit)).toEqual(['blazer', 'jeans']);
    expect(names(r.removed)).toEqual(['dress']);
  });
});

describe('outfit drawing order (first drawn = innermost)', () => {
  it('a top worn out is drawn over the trousers; tucked in, under their waistband', () => {
    expect(names(drawOrder([tee, jeans]))).toEqual(['jeans', 'tee']);
    expect(names(drawOrder([jeans, tee]))).toEqual(['jeans', 'tee']);
    expect(names(drawOrder([shirtIn, jeans]))).toEqual(['shirt', 'jeans']);
    expect(names(drawOrder([jeans, shirtIn]))).toEqual(['shirt', 'jeans']);
  });

  it('outerwear is over everything, whatever order it was put on in', () => {
    expect(names(drawOrder([blazer, shirtIn, skirt]))).toEqual(['shirt', 'skirt', 'blazer']);
    expect(names(drawOrder([blazer, tee, jeans]))).toEqual(['jeans', 'tee', 'blazer']);
    expect(names(drawOrder([blazer, dress]))).toEqual(['dress', 'blazer']);
  });
});

describe('a catalog product as a piece of an outfit', () => {
  it('takes its kind from the category, else from its anchors; its tuck from the product, else the kind', () => {
    const anchors = (names: string[]) => ({ asset2d: { sha256: 'x'.repeat(64), kind: '2d' as const, mime: 'image/png', sizeBytes: 1, anchors: Object.fromEntries(names.map((n) => [n, [0.5, 0.5] as [number, number]])) } });
    expect(garmentKindOf({ categoryId: 'skirt' }, null)).toBe('skirt');
    expect(garmentKindOf({ categoryId: 'bottoms' }, anchors(['left_waist', 'left_hip', 'left_ankle']))).toBe('trousers');
    expect(garmentKindOf({ categoryId: 'coats' }, anchors(['neck', 'left_elbow']))).toBe('shirt');
    expect(pieceOf({ categoryId: 'shirt', tuck: null }, null)).toEqual({ kind: 'shirt', slots: ['top'], tuck: 'in' });
    expect(pieceOf({ categoryId: 'shirt', tuck: 'out' }, null)).toMatchObject({ tuck: 'out' });
    expect(pieceOf({ categoryId: 'tshirt', tuck: null }, null)).toMatchObject({ slots: ['top'], tuck: 'out' });
    expect(pieceOf({ categoryId: 'dress', tuck: null }, null)).toMatchObject({ slots: ['top', 'bottom'] });
    expect(pieceOf({ categoryId: 'jacket', tuck: null }, null)).toMatchObject({ slots: ['outerwear'] });
  });
});
