import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import { decodeVideo, videoOnDisk } from './frames';

const REPO = path.resolve(import.meta.dirname, '../../..');
const STREET = path.resolve(REPO, '../shared/media/video.avi');

describe('videoOnDisk', () => {
  it('reads the frames ffmpeg decodes, one at a time into one buffer, and removes its file when closed', async () => {
    requirePrerequisites([{ path: STREET, how: MEDIA_HOW }]);
    const held = await decodeVideo(STREET, 4);
    const tempDirs = () => new Set(readdirSync(os.tmpdir()).filter((d) => d.startsWith('atelier-frames-')));
    const before = tempDirs();
    const reader = await videoOnDisk(STREET, 4);
    const made = [...tempDirs()].filter((d) => !before.has(d));
    expect(made).toHaveLength(1);
    try {
      expect([reader.count, reader.widthPx, reader.heightPx, reader.fps]).toEqual([4, held.widthPx, held.heightPx, held.fps]);
      // One frame held, not four: what the mirror's engine holds.
      expect(reader.heldBytes).toBe(held.widthPx * held.heightPx * 4);
      // Out of order, as a looping benchmark reads them.
      for (const i of [2, 0, 3, 1]) expect(Buffer.compare(reader.read(i), held.frames[i]!)).toBe(0);
      expect(reader.read(0)).toBe(reader.read(1));
      expect(() => reader.read(4)).toThrow(RangeError);
    } finally {
      reader.close();
    }
    expect(tempDirs().has(made[0]!)).toBe(false);
  });
});
