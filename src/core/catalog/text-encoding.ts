import { CatalogError } from './db';

/**
 * Turns a catalog file's bytes into text. UTF-8 (with or without BOM) is the format; UTF-16 with a BOM (Excel's
 * "Unicode Text") or with the tell-tale zero bytes of ASCII is decoded too. Anything else is refused with the
 * encoding it looks like and where: silently replacing bytes with U+FFFD would store garbled names.
 */
export function decodeCatalogText(bytes: Uint8Array, label: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'be');
  const bomless = utf16Guess(bytes);
  if (bomless) return utf16(bytes, bomless);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = lineAt(bytes, at);
    throw new CatalogError(
      `${label} is not UTF-8: line ${line} has byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}, ` +
        `which looks like ${guessLegacy(bytes)}; save it as "CSV UTF-8" and import again`,
    );
  }
}

/** Refuses text that already went through a lossy decode (a browser's `File.text()` of a Latin-1 file). */
export function refuseReplacementChars(text: string, label: string): void {
  const at = text.indexOf('\ufffd');
  if (at < 0) return;
  const line = text.slice(0, at).split('\n').length;
  throw new CatalogError(`${label}: line ${line} has U+FFFD (a character lost when the file was read as UTF-8); save it as "CSV UTF-8" and import again`);
}

function utf16(bytes: Uint8Array, order: 'le' | 'be'): string {
  if (order === 'le') return new TextDecoder('utf-16le').decode(bytes);
  const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

/** UTF-16 without a BOM: in a CSV header (ASCII) every other byte is zero. */
function utf16Guess(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 200);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero === 0) return 'le';
  if (evenZero > pairs * 0.9 && oddZero === 0) return 'be';
  return null;
}

function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

function lineAt(b: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (b[i] === 0x0a) line++;
  return line;
}

/**
 * Latin-1/Windows-1252 puts single high bytes between ASCII letters (Café); GBK/GB18030 (Chinese Windows Excel)
 * writes every character as two high bytes. Counted over the whole file, the more common pattern wins.
 */
function guessLegacy(b: Uint8Array): string {
  let single = 0;
  let paired = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! < 0x80) continue;
    if ((b[i + 1] ?? 0) >= 0x80) {
      paired++;
      i++;
    } else single++;
  }
  return paired > single ? 'GBK / GB18030 (Chinese Windows)' : 'Latin-1 / Windows-1252';
}
