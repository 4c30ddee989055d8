import { crc32 } from 'node:zlib';
/**
 * A stored (uncompressed) zip writer: MediaPipe's model asset bundles must not be deflated
 * ("Expected uncompressed zip archive"). Fixed timestamps keep the output deterministic.
 */

/** DOS date 1980-01-01 00:00. */
const DOS_DATE = 0x21;
/** File data is aligned so a reader can map a model in place. */
const DATA_ALIGN = 64;

/** Builds a stored zip from `files` (borrowed); returns new bytes. */
export function storedZip(files: ReadonlyArray<{ name: string; data: Uint8Array }>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = new TextEncoder().encode(f.name);
    const crc = crc32(f.data);
    const headerLen = 30 + name.length;
    const pad = (DATA_ALIGN - ((offset + headerLen + 4) % DATA_ALIGN)) % DATA_ALIGN;
    const extraLen = 4 + pad; // one padding extra field (id 0xcafe is unassigned, readers skip it)
    const local = new Uint8Array(headerLen + extraLen);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, 0x04034b50, true);
    dv.setUint16(4, 10, true); // version needed
    dv.setUint16(6, 0, true); // flags
    dv.setUint16(8, 0, true); // method: stored
    dv.setUint16(10, 0, true); // time
    dv.setUint16(12, DOS_DATE, true);
    dv.setUint32(14, crc, true);
    dv.setUint32(18, f.data.length, true);
    dv.setUint32(22, f.data.length, true);
    dv.setUint16(26, name.length, true);
    dv.setUint16(28, extraLen, true);
    local.set(name, 30);
    dv.setUint16(headerLen, 0xcafe, true);
    dv.setUint16(headerLen + 2, pad, true);
    chunks.push(local, f.data);
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 10, true);
    cv.setUint16(8, 0, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, f.data.length, true);
    cv.setUint32(24, f.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    offset += local.length + f.data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((a, c) => a + c.length, 0));
  let k = 0;
  for (const c of all) {
    out.set(c, k);
    k += c.length;
  }
  return out;
}
