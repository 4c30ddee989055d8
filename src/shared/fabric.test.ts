import { describe, expect, it } from 'vitest';
import { fabricOf } from './fabric';

describe('fabricOf', () => {
  it("reads the demo products' fabrics from their words", () => {
    expect(fabricOf({ categoryId: 'tshirt', name: 'Everyday Crew Tee', tags: ['cotton', 'basics'] })).toBe('jersey');
    expect(fabricOf({ categoryId: 'dress', name: 'Satin Midi Slip Dress', tags: ['satin', 'evening'] })).toBe('satin');
    expect(fabricOf({ categoryId: 'trousers', name: 'Slim Stretch Chino', tags: ['cotton', 'trousers'] })).toBe('twill');
    expect(fabricOf({ categoryId: 'trousers', name: 'Straight-Leg Jeans', tags: ['denim'] })).toBe('twill');
    expect(fabricOf({ categoryId: 'jacket', name: 'Tailored Check Blazer', tags: ['wool', 'tailoring', 'check'] })).toBe('wool-check');
    expect(fabricOf({ categoryId: 'shirt', name: 'Gingham Poplin Shirt', description: 'Crisp poplin in a small gingham check.' })).toBe('oxford');
    expect(fabricOf({ categoryId: 'tshirt', name: 'Cable Knit Sweater' })).toBe('knit');
  });

  it("falls back to the category's usual cloth", () => {
    expect(fabricOf({ categoryId: 'shirt', name: 'Plain shirt' })).toBe('oxford');
    expect(fabricOf({ categoryId: 'trousers', name: 'Trousers' })).toBe('twill');
    expect(fabricOf({ categoryId: 'hats', name: 'Cap' })).toBe('jersey');
  });
});
