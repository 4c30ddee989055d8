import { describe, expect, it } from 'vitest';
import { parseFromWorker, parseToWorker } from './protocol';

const rgba = (widthPx: number, heightPx: number, bytes: number) => ({ t: 'rgba', frameId: 3, timestampMs: 12.5, widthPx, heightPx, data: new Uint8Array(bytes) });

describe('worker protocol', () => {
  it('accepts an RGBA frame and borrows its bytes (no copy)', () => {
    const msg = rgba(4, 2, 32);
    const r = parseToWorker(msg);
    expect(r.ok).toBe(true);
    if (r.ok && r.msg.t === 'rgba') expect(r.msg.data).toBe(msg.data);
  });

  it('refuses a frame whose bytes do not match its size, saying why in one line', () => {
    const r = parseToWorker(rgba(4, 2, 31));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^malformed message to the pose worker: .*widthPx × heightPx RGBA/) });
  });

  it('refuses an unknown message kind and an init with an unknown mask', () => {
    expect(parseToWorker({ t: 'frame' }).ok).toBe(false);
    const init = { t: 'init', assetBaseUrl: 'http://127.0.0.1:7480/', modelSize: 'full', delegate: 'auto', mask: 'pose', numPoses: 1 };
    expect(parseToWorker(init).ok).toBe(true);
    expect(parseToWorker({ ...init, mask: 'hair' }).ok).toBe(false);
  });

  it('accepts a pose answer and refuses one with a landmark that is not a number', () => {
    const pose = { frameId: 1, timestampMs: 1, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs: {}, provider: 'browser:cpu' };
    expect(parseFromWorker({ t: 'pose', pose }).ok).toBe(true);
    const bad = parseFromWorker({ t: 'pose', pose: { ...pose, landmarks: [{ x: 'a', y: 0, z: 0, visibility: 1, presence: 1 }] } });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^malformed message from the pose worker: pose\.landmarks\.0/) });
  });
});
