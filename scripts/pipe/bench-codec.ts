/**
 * The web shell's wire codec, before and after, in one run (ratios hold on a loaded machine; absolute times are upper
 * bounds). "Before" is the codec as it was at `--before <commit>` (default: the commit before the one-copy codec),
 * read with `git show` into a temporary file — never kept in the repo. Per message it prints encode and decode time
 * and the bytes each copies: a camera frame (640×360 RGBA, client → server) and a pose with its mask (server → client).
 * Usage: npx jiti scripts/pipe/bench-codec.ts [--before 55a6b0e] [--n 300]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJiti } from 'jiti';
import * as after from '../../src/shared/wire';

const argOf = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const BEFORE = argOf('before', '55a6b0e');
const N = Number(argOf('n', '300'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-codec-'));
const oldFile = path.join(tmp, 'wire-before.ts');
fs.writeFileSync(oldFile, execFileSync('git', ['show', `${BEFORE}:src/shared/wire.ts`]));
const before = (await createJiti(import.meta.url).import(oldFile)) as typeof after;
fs.rmSync(tmp, { recursive: true, force: true });

const W = 640;
const H = 360;
const frameMsg = { t: 'send', channel: 'engine.submitFrame', payload: { frameId: 1, timestampMs: 1, widthPx: W, heightPx: H, data: new Uint8Array(W * H * 4) } };
const lm = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5, z: 0, visibility: 0.9, presence: 0.9 }));
const poseMsg = { t: 'event', channel: 'pose.subscribe', payload: { frameId: 1, timestampMs: 1, landmarks: lm, worldLandmarks: lm, presence: 1, mask: { widthPx: W, heightPx: H, data: new Uint8Array(W * H) }, stagesMs: { total: 1 }, provider: 'cpu' } };

/** Bytes the typed arrays of a decoded message share with the buffer it was decoded from (0: all copied). */
function sharedBytes(decoded: unknown, from: ArrayBuffer): number {
  let n = 0;
  JSON.stringify(decoded, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer === from) n += v.byteLength;
      return null;
    }
    return v;
  });
  return n;
}

function measure(codec: typeof after, msg: { payload: object }, blobBytes: number) {
  const enc: number[] = [];
  const dec: number[] = [];
  let shared = 0;
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    const buf = codec.encodeWire(msg) as ArrayBuffer;
    enc.push(performance.now() - t);
    t = performance.now();
    const out = codec.decodeWire(buf);
    dec.push(performance.now() - t);
    shared = sharedBytes(out, buf);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { encodeMs: median(enc), decodeMs: median(dec), decodeCopiedBytes: blobBytes - shared };
}

for (const [name, msg, bytes] of [
  ['camera frame', frameMsg, W * H * 4],
  ['pose + mask', poseMsg, W * H],
] as const) {
  const b = measure(before, msg, bytes);
  const a = measure(after, msg, bytes);
  console.log(`${name} (${bytes} B of typed arrays), median of ${N}:`);
  console.log(`  before: encode ${b.encodeMs.toFixed(3)} ms (copies ${2 * bytes} B: into the buffer, then withIndex), decode ${b.decodeMs.toFixed(3)} ms (copies ${b.decodeCopiedBytes} B)`);
  console.log(`  after:  encode ${a.encodeMs.toFixed(3)} ms (copies ${bytes} B), decode ${a.decodeMs.toFixed(3)} ms (copies ${a.decodeCopiedBytes} B)`);
  console.log(`  encode + decode: ${((b.encodeMs + b.decodeMs) / (a.encodeMs + a.decodeMs)).toFixed(1)}× faster`);
}
