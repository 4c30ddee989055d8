import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Anchors, AssetKind } from '../../shared/catalog';
import { sha256Hex, sniffMime, type AssetStore } from './assets';
import type { StoredAsset } from './write';

/**
 * The one way a garment file enters the asset cache, for import (local files), sync (feed downloads) and the admin
 * upload: its type is read from its bytes (magic numbers) and must suit its kind — a declared MIME type or a file
 * name is never trusted, since the asset route serves the file from the mirror's own origin — and its size is
 * capped while it is read, so a file or stream that never ends costs at most the limit.
 */

/** Largest garment file the mirror accepts. @default 64 MiB (a detailed skinned GLB is 5–20 MiB). */
export const MAX_ASSET_BYTES = 64 * 1024 * 1024;

const KINDS: Record<AssetKind, { mimes: ReadonlySet<string>; what: string }> = {
  '2d': { mimes: new Set(['image/png', 'image/webp', 'image/jpeg']), what: 'a PNG, WebP or JPEG image' },
  '3d': { mimes: new Set(['model/gltf-binary']), what: 'a binary glTF (.glb) file' },
};

/** A garment file refused, with a one-line reason a person can act on. */
export class AssetRejected extends Error {
  override name = 'AssetRejected';
}

/** The MIME type of `data` (borrowed) judged by its content, or AssetRejected if it is not a `kind` asset. */
export function assetTypeOf(kind: AssetKind, data: Uint8Array, label: string): string {
  const mime = sniffMime(data);
  if (!mime || !KINDS[kind].mimes.has(mime)) throw new AssetRejected(`${label}: not ${KINDS[kind].what} (by its content)`);
  return mime;
}

/**
 * Reads a byte stream to the end, refusing it as soon as it passes `maxBytes`: the stream is cancelled there and
 * the rest is never downloaded. Returns a new buffer owned by the caller.
 */
export async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number, label: string): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AssetRejected(`${label}: more than the ${maxBytes}-byte limit (cut off while downloading)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * The file a local asset reference names — a path relative to `rootDir`, an absolute path or a `file:` URL — if it
 * lies inside `rootDir` (or one of `alsoUnder`) once links are resolved; an import cannot publish any other file
 * on the disk.
 */
export function localAssetPath(ref: string, rootDir: string, label: string, alsoUnder: readonly string[] = []): string {
  let file: string;
  try {
    file = ref.startsWith('file:') ? fileURLToPath(ref) : path.resolve(rootDir, ref);
  } catch {
    throw new AssetRejected(`${label}: not a file path`);
  }
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    throw new AssetRejected(`${label}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  }
  const inside = (dir: string): boolean => {
    let root: string;
    try {
      root = fs.realpathSync(dir);
    } catch {
      return false;
    }
    const rel = path.relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (![rootDir, ...alsoUnder].some(inside)) throw new AssetRejected(`${label}: outside the import file's folder (${rootDir})`);
  return real;
}

/** Reads a local file, refusing it past `maxBytes` without reading more than that (a FIFO or a growing file too). */
export function readLocalLimited(file: string, maxBytes: number, label: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new AssetRejected(`${label}: ${(e as Error).message}`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new AssetRejected(`${label}: not a file`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new AssetRejected(`${label}: larger than ${maxBytes / 1024 / 1024} MiB`);
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

export interface AdmitOptions {
  label: string;
  /** The hash the catalog or feed promises; a mismatch is refused. */
  expectedSha256?: string;
  anchors?: Anchors | null;
  /** Check only; write nothing. */
  dryRun?: boolean;
}

/**
 * Checks `data` (borrowed) as a `kind` asset and stores it in the content-addressed cache. Returns the stored
 * asset's metadata (its MIME type from its content) and whether the file is new to the cache.
 */
export function admitAsset(store: AssetStore, kind: AssetKind, data: Uint8Array, opts: AdmitOptions): { asset: StoredAsset; isNew: boolean } {
  if (data.length > MAX_ASSET_BYTES) throw new AssetRejected(`${opts.label}: larger than ${MAX_ASSET_BYTES / 1024 / 1024} MiB`);
  const mime = assetTypeOf(kind, data, opts.label);
  const sha256 = sha256Hex(data);
  if (opts.expectedSha256 && sha256 !== opts.expectedSha256) {
    throw new AssetRejected(`${opts.label}: sha256 mismatch (expected ${opts.expectedSha256.slice(0, 12)}…, got ${sha256.slice(0, 12)}…)`);
  }
  let isNew = false;
  if (!opts.dryRun && !store.has(sha256)) {
    store.put(data, sha256, opts.label);
    isNew = true;
  }
  return { asset: { sha256, kind, mime, sizeBytes: data.length, anchors: kind === '2d' ? (opts.anchors ?? null) : null }, isNew };
}

/** Shown in the page: garment pictures, and the store's attract-loop clips (core/admin/store-media.ts). */
const INLINE_TYPES = new Set([...KINDS['2d'].mimes, 'video/mp4', 'video/webm']);

/**
 * Response headers for a stored asset: its checked type, never sniffed by the browser, and — for anything that is
 * not a picture (GLBs, or a type recorded by an older version) — a download, not a page of the mirror's origin.
 */
export function assetResponseHeaders(mime: string): Record<string, string> {
  const inline = INLINE_TYPES.has(mime);
  const known = inline || KINDS['3d'].mimes.has(mime);
  return {
    'Content-Type': known ? mime : 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    ...(inline ? {} : { 'Content-Disposition': 'attachment' }),
  };
}
