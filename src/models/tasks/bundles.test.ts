import { describe, expect, it } from 'vitest';
import { convertTflite } from '../convert/convert';
import { loadModel } from '../../../tests/fixtures/models-testing';
import { readTflite } from '../tflite/model';
import { TFLITE_METADATA, imageModelMetadata, withMetadata } from './metadata';
import { crc32 } from 'node:zlib';
import { storedZip } from './zip';

describe('withMetadata', () => {
  it('adds TFLITE_METADATA without changing the network', () => {
    const { model, bytes } = loadModel('selfie_segmentation');
    const meta = imageModelMetadata({ name: 'selfie', description: 'd', mean: 0, std: 255, license: 'Apache-2.0' });
    expect(new TextDecoder().decode(meta.subarray(4, 8))).toBe('M001');
    const out = withMetadata(bytes, meta);
    const again = readTflite(out, 'with metadata');
    expect(again.metadataNames).toContain(TFLITE_METADATA);
    expect(again.operators.map((o) => o.op)).toEqual(model.operators.map((o) => o.op));
    const a = convertTflite(model, { label: 'x' }).onnx;
    const b = convertTflite(again, { label: 'x' }).onnx;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('storedZip', () => {
  it('stores files uncompressed with correct CRCs, data 64-byte aligned', () => {
    const files = [
      { name: 'a.tflite', data: Uint8Array.from([1, 2, 3]) },
      { name: 'b.tflite', data: new TextEncoder().encode('hello') },
    ];
    const zip = storedZip(files);
    const dv = new DataView(zip.buffer);
    let at = 0;
    for (const f of files) {
      expect(dv.getUint32(at, true)).toBe(0x04034b50);
      expect(dv.getUint16(at + 8, true)).toBe(0); // stored
      expect(dv.getUint32(at + 14, true)).toBe(crc32(f.data));
      const data = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
      expect(data % 64).toBe(0);
      expect(Array.from(zip.subarray(data, data + f.data.length))).toEqual(Array.from(f.data));
      at = data + f.data.length;
    }
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
