import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CatalogError } from './db';

/** Low-level writes the store makes, replaceable so tests can simulate a full disk. */
export interface AssetIo {
  /** Writes all of `data` at the current position of `fd`; throws like `fs.writeSync` (ENOSPC…). */
  write(fd: number, data: Uint8Array): void;
}
const nodeIo: AssetIo = {
  write(fd, data) {
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
  },
};

export function sha256Hex(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Guesses a garment asset's MIME type from its first bytes. */
export function sniffMime(data: Uint8Array): string | null {
  const b = Buffer.from(data.buffer, data.byteOffset, Math.min(12, data.length));
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 4 && b.toString('latin1', 0, 4) === 'glTF') return 'model/gltf-binary';
  return null;
}

/**
 * Content-addressed garment files: `<root>/<sha256[0:2]>/<sha256>`. A file is written to a temporary name, synced
 * and renamed, so a crash leaves either no file or the whole file — and a file's name is always its hash.
 * Files no longer referenced are harmless; `prune()` removes them.
 */
export class AssetStore {
  constructor(
    readonly root: string,
    private readonly io: AssetIo = nodeIo,
  ) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /**
   * Stores `data` (borrowed; not kept) if its sha256 is `expectedSha256`. Throws a one-line CatalogError on a
   * mismatch or a failed write, leaving nothing behind.
   */
  put(data: Uint8Array, expectedSha256: string, label: string): void {
    const actual = sha256Hex(data);
    if (actual !== expectedSha256) {
      throw new CatalogError(`${label}: sha256 mismatch (expected ${expectedSha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…; ${data.length} bytes)`);
    }
    const final = this.pathOf(actual);
    if (fs.existsSync(final)) return;
    const tmpDir = path.join(this.root, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    fs.mkdirSync(path.dirname(final), { recursive: true });
    const tmp = path.join(tmpDir, `${actual}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
    let fd: number | null = null;
    try {
      fd = fs.openSync(tmp, 'wx');
      this.io.write(fd, data);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = null;
      fs.renameSync(tmp, final);
      syncDir(path.dirname(final));
    } catch (e) {
      if (fd !== null) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new CatalogError(`${label}: disk full writing the asset cache (${code}); free some space and retry`);
      throw new CatalogError(`${label}: cannot write the asset cache: ${(e as Error).message}`);
    }
  }

  /** Reads a stored asset (a new buffer, owned by the caller). */
  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }

  /**
   * Deletes stored files whose hash is not in `keep`, and stale temporary files, if they are older than `minAgeMs`
   * (by modification time): a file written moments ago may be an upload the admin is about to save, or a write
   * still in progress. Returns how many went.
   */
  prune(keep: ReadonlySet<string>, minAgeMs = 0): number {
    let removed = 0;
    if (!fs.existsSync(this.root)) return 0;
    const bornBefore = Date.now() - minAgeMs;
    const oldEnough = (file: string): boolean => {
      try {
        return fs.statSync(file).mtimeMs <= bornBefore;
      } catch {
        return false;
      }
    };
    for (const dir of fs.readdirSync(this.root)) {
      const full = path.join(this.root, dir);
      if (dir !== 'tmp' && !/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const f of fs.readdirSync(full)) {
        const file = path.join(full, f);
        if ((dir === 'tmp' || !keep.has(f)) && oldEnough(file)) {
          fs.rmSync(file, { force: true });
          if (dir !== 'tmp') removed++;
        }
      }
    }
    return removed;
  }
}

function syncDir(dir: string): void {
  // A directory fsync makes the rename itself durable; Windows cannot open directories, where NTFS journals it.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
