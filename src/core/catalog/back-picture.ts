import zlib from 'node:zlib';
import sharp from 'sharp';
import { sniffMime } from './assets';

/**
 * What a 2D garment's back picture must be, wherever it comes in (the admin's upload, a CSV or JSON import, a feed
 * or HQ sync): a PNG or WebP (the try-on needs its transparency) that is whole, of exactly the front's size (it is
 * drawn with the front's anchors). One check, one wording, so a store manager reads the same line from every path.
 */

/** The try-on draws a garment through its transparency, which JPEG cannot hold. */
const BACK_MIMES = new Set(['image/png', 'image/webp']);

/** A picture's size in pixels read from its header (PNG, WebP or JPEG), or null when the header is not one. */
export function pictureSizePx(data: Uint8Array): { widthPx: number; heightPx: number } | null {
  const b = Buffer.from(data.buffer, data.byteOffset, data.length);
  const mime = sniffMime(b);
  if (mime === 'image/png') return b.length >= 24 && b.toString('latin1', 12, 16) === 'IHDR' ? { widthPx: b.readUInt32BE(16), heightPx: b.readUInt32BE(20) } : null;
  if (mime === 'image/webp') return webpSize(b);
  if (mime === 'image/jpeg') return jpegSize(b);
  return null;
}

/** WebP's first image chunk: lossy (VP8), lossless (VP8L) or extended (VP8X, the canvas). Google's container spec. */
function webpSize(b: Buffer): { widthPx: number; heightPx: number } | null {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { widthPx: b.readUInt16LE(26) & 0x3fff, heightPx: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return { widthPx: (bits & 0x3fff) + 1, heightPx: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { widthPx: b.readUIntLE(24, 3) + 1, heightPx: b.readUIntLE(27, 3) + 1 };
  return null;
}

/** A JPEG's frame header (SOF0–SOF15 but DHT, JPG and DAC) holds its size. */
function jpegSize(b: Buffer): { widthPx: number; heightPx: number } | null {
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { widthPx: b.readUInt16BE(i + 7), heightPx: b.readUInt16BE(i + 5) };
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

/**
 * Whether a PNG's image data is all there: its compressed stream inflates (zlib's Adler-32 catches a changed byte)
 * to exactly the rows its header promises. A WebP's container must hold every byte its RIFF header counts. Cheap and
 * synchronous, so the (synchronous) importers run it; `backPictureProblemDecoded` adds a full decode.
 */
function pictureIsWhole(b: Buffer, mime: string): boolean {
  if (mime === 'image/webp') return b.length >= 12 && b.readUInt32LE(4) + 8 <= b.length;
  const idat: Buffer[] = [];
  let ended = false;
  for (let i = 8; i + 12 <= b.length && !ended; ) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (i + 12 + len > b.length) return false;
    if (type === 'IDAT') idat.push(b.subarray(i + 8, i + 8 + len));
    ended = type === 'IEND';
    i += 12 + len;
  }
  if (!ended || idat.length === 0) return false;
  const expected = pngRawBytes(b);
  if (expected === null) return false;
  try {
    return zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 }).length === expected;
  } catch {
    return false;
  }
}

/** Bytes a PNG's filtered rows inflate to (one filter byte per row, Adam7's seven passes when interlaced). */
function pngRawBytes(b: Buffer): number | null {
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[b[25]!];
  if (!channels) return null;
  const bitsPerPixel = channels * b[24]!;
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (b[28] === 0) return rows(width, height);
  // Adam7: [x start, y start, x step, y step] of each pass (the PNG specification, section 8.2).
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return passes.reduce((n, [x0, y0, dx, dy]) => n + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)), 0);
}

/**
 * Why `back` (borrowed) cannot be the back of the garment whose front is `front` (borrowed), or null when it can:
 * "the garment's back image is not a PNG or WebP", "… cannot be decoded", "… is W×H px, its front W×H px: they must
 * be the same size". The caller prefixes what it names (a SKU, a file, a product).
 */
export function backPictureProblem(front: Uint8Array, back: Uint8Array): string | null {
  const b = Buffer.from(back.buffer, back.byteOffset, back.length);
  const mime = sniffMime(b);
  if (!mime || !BACK_MIMES.has(mime)) return "the garment's back image is not a PNG or WebP";
  const size = pictureSizePx(b);
  if (!size || !pictureIsWhole(b, mime)) return "the garment's back image cannot be decoded";
  const f = pictureSizePx(front);
  if (!f || f.widthPx !== size.widthPx || f.heightPx !== size.heightPx) {
    return `the garment's back image is ${size.widthPx}×${size.heightPx} px, its front ${f ? `${f.widthPx}×${f.heightPx}` : 'of an unknown size'} px: they must be the same size`;
  }
  return null;
}

/** `backPictureProblem`, and then every pixel decoded (a WebP's damaged image data is found only so). */
export async function backPictureProblemDecoded(front: Uint8Array, back: Uint8Array): Promise<string | null> {
  const problem = backPictureProblem(front, back);
  if (problem) return problem;
  try {
    await sharp(back).raw().toBuffer();
    return null;
  } catch {
    return "the garment's back image cannot be decoded";
  }
}
