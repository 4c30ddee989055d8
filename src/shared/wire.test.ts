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

  it('decodes typed arrays as views into the received buffer, not copies', () => {
    const frame = new Uint8Array(640 * 360 * 4);
    for (let i = 0; i < frame.length; i++) frame[i] = i & 0xff;
    const enc = encodeWire({ t: 'send', payload: { data: frame, f: new Float32Array([0.25, 2]) } }) as ArrayBuffer;
    // One buffer: 8 B header, the JSON padded to 8, the blobs padded to 8, 8 B of index per blob and the count.
    const json = JSON.stringify({ t: 'send', payload: { data: { $bin: 0, type: 'Uint8Array' }, f: { $bin: 1, type: 'Float32Array' } } });
    const align8 = (n: number) => (n + 7) & ~7;
    expect(enc.byteLength).toBe(align8(align8(8 + json.length) + frame.byteLength) + 8 + 8 * 2 + 4);
    const dec = decodeWire(enc) as { payload: { data: Uint8Array; f: Float32Array } };
    expect(dec.payload.data.buffer).toBe(enc);
    expect(dec.payload.f.buffer).toBe(enc);
    // Byte for byte (Buffer.equals: a deep toEqual over 921,600 elements takes seconds).
    expect(Buffer.from(dec.payload.data.buffer, dec.payload.data.byteOffset, dec.payload.data.byteLength).equals(frame)).toBe(true);
    expect(Array.from(dec.payload.f)).toEqual([0.25, 2]);
  });

  it('a message that arrives at an odd offset (a Node Buffer in a pool) still decodes, copying only what it must', () => {
    const enc = new Uint8Array(encodeWire({ f: new Float32Array([1, -1]), b: new Uint8Array([9, 8]) }) as ArrayBuffer);
    const shifted = new Uint8Array(enc.byteLength + 1);
    shifted.set(enc, 1);
    const dec = decodeWire(shifted.subarray(1)) as { f: Float32Array; b: Uint8Array };
    expect(Array.from(dec.f)).toEqual([1, -1]);
    expect(dec.f.buffer).not.toBe(shifted.buffer);
    expect(Array.from(dec.b)).toEqual([9, 8]);
    expect(dec.b.buffer).toBe(shifted.buffer);
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
