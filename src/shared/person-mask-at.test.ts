import { describe, expect, it } from 'vitest';
import { PersonMaskSampler } from './person-mask-at';

describe('PersonMaskSampler.judgedAt', () => {
  // A 4 × 4 mask, all person (255), placed over the middle half of a 100 × 200 frame: x 25–75, y 50–150 px.
  const placed = new PersonMaskSampler({ widthPx: 4, heightPx: 4, data: new Uint8Array(16).fill(255), frameFromMask: [0.5, 0, 0.25, 0, 0.5, 0.25] });

  it('reads a placed mask inside its square, and says nothing past it or off the frame', () => {
    expect(placed.judgedAt(50, 100, 100, 200)).toBe(255);
    // Past the square the zero border is no reading of the person.
    expect(placed.judgedAt(10, 100, 100, 200)).toBeNaN();
    expect(placed.judgedAt(50, 190, 100, 200)).toBeNaN();
    expect(placed.judgedAt(-1, 100, 100, 200)).toBeNaN();
    expect(placed.judgedAt(50, 200, 100, 200)).toBeNaN();
  });

  it('reads a frame-spanning mask anywhere in the frame', () => {
    const spanning = new PersonMaskSampler({ widthPx: 2, heightPx: 1, data: Uint8Array.from([0, 255]) });
    expect(spanning.judgedAt(1, 0.5, 100, 50)).toBe(0);
    expect(spanning.judgedAt(99, 49, 100, 50)).toBe(255);
    expect(spanning.judgedAt(100, 0, 100, 50)).toBeNaN();
  });
});
