import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, WireError } from './wire';

describe('wire codec', () => {
  it('plain messages stay JSON text', () => {
    expect(encodeWire({ t: 'sub', channel: 'pose.subscribe' })).toBe('{"t":"sub","channel":"pose.subscribe"}');
  });

  it('typed arrays round-trip as binary, any alignment', () => {
    const mask = new Uint8Array([0, 255, 128, 7, 9]);
    const f = new Float32Array([1.5, -2.25, 3]);
    const sub = new Uint8Array([1, 2, 3, 4, 5, 6]).subarray(1, 4);
    const enc = encodeWire({ a: mask, nested: { f, list: [sub] }, n: 1 });
    expect(enc).toBeInstanceOf(ArrayBuffer);
    const dec = decodeWire(enc) as { a: Uint8Array; nested: { f: Float32Array; list: Uint8Array[] }; n: number };
    expect(dec.a).toEqual(mask);
    expect(dec.nested.f).toEqual(f);
    expect(dec.nested.list[0]).toEqual(new Uint8Array([2, 3, 4]));
    expect(dec.n).toBe(1);
  });

  it('garbage gives WireError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeWire(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeWire(text);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
    );
  });

  it('corrupted binary messages are refused', () => {
    const enc = new Uint8Array(encodeWire({ a: new Uint8Array(16) }) as ArrayBuffer);
    const bad = enc.slice();
    bad[bad.length - 4] = 200; // blob count
    expect(() => decodeWire(bad)).toThrow(WireError);
    const truncated = enc.slice(0, enc.length - 9);
    expect(() => decodeWire(truncated)).toThrow(WireError);
  });
});
