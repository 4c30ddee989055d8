import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createCoreServices, type CoreServices } from '../services';
import { adminOf } from './service';
import { MAX_STORE_MEDIA_BYTES, sniffVideo } from './store-media';

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function services(): CoreServices {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-media-'));
  const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
  open.push(s);
  return s;
}

const PNG = fs.readFileSync(path.resolve('assets/generated/garments/tee-breton-nvw.png'));
/** The first bytes of an MP4 (ftyp box, brand isom) and of a WebM (EBML header with the webm doc type). */
const MP4_HEAD = Buffer.from('000000206674797069736f6d0000020069736f6d69736f32617663316d703431', 'hex');
const WEBM_HEAD = Buffer.concat([Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d', 'hex'), Buffer.alloc(32)]);

describe('store media (attract loop)', () => {
  it('tells an MP4 or WebM clip by its first bytes, and not a QuickTime file or a renamed text', () => {
    expect(sniffVideo(MP4_HEAD)).toBe('video/mp4');
    expect(sniffVideo(WEBM_HEAD)).toBe('video/webm');
    const mov = Buffer.from(MP4_HEAD);
    mov.write('qt  ', 8, 'latin1');
    expect(sniffVideo(mov)).toBeNull();
    expect(sniffVideo(Buffer.from('hello, this is not a video at all'))).toBeNull();
  });

  it('stores a picture through the intake and serves its checked type; refuses what is not one, with one line', async () => {
    const s = services();
    const media = adminOf(s).media;
    const item = await media.admit(PNG);
    expect(item).toMatchObject({ kind: 'image', mime: 'image/png' });
    expect(media.has(item.sha256)).toBe(true);
    expect(fs.readFileSync(s.catalog.assets.pathOf(item.sha256)).equals(PNG)).toBe(true);
    await expect(media.admit(Buffer.from('<svg onload=alert(1)>'))).rejects.toThrow(/not a picture .* or a clip/);
    // A PNG signature on a damaged body: the type matches but the picture does not decode.
    await expect(media.admit(Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(64)]))).rejects.toThrow(/cannot be read/);
    await expect(media.admit(Buffer.alloc(MAX_STORE_MEDIA_BYTES + 1))).rejects.toThrow(/larger than 3 MiB/);
    const clip = await media.admit(Buffer.concat([MP4_HEAD, Buffer.alloc(1000)]));
    expect(clip).toMatchObject({ kind: 'video', mime: 'video/mp4' });
  });

  it('the attract loop only takes uploaded files, and saving it reaches the mirror config', async () => {
    const s = services();
    const a = adminOf(s);
    const item = await a.media.admit(PNG);
    expect(() => a.saveSettings({ attract: { items: [{ ...item, sha256: 'f'.repeat(64) }], pictureS: 6 } })).toThrow(/upload it first/);
    const { after } = a.saveSettings({ attract: { items: [item], pictureS: 8 } });
    expect(after.attract).toEqual({ items: [item], pictureS: 8 });
    expect(s.loaded.config.attract.items).toHaveLength(1);
  });
});
