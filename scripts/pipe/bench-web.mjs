#!/usr/bin/env node
/**
 * The web shell's frame pipe, measured for real: starts `atelier serve` (the built app, real models), connects to
 * its WebSocket bridge as the mirror page does (same codec, same envelopes), submits camera frames of the street
 * video at 640×360 RGBA one at a time (the frame pump's pace: next frame when the pose is back) and prints:
 *   - round trip: frame handed to the socket → pose decoded, per frame;
 *   - inference: the engine's own time for that frame (`pose.stagesMs.total`, the tracker's clock);
 *   - pipe: round trip − inference = what the pipe adds (encode, WebSocket, bridge, host, fork IPC, and back);
 *   - bytes of frame and mask on the wire.
 * Usage: node scripts/pipe/bench-web.mjs [--frames 60] [--port 0 (any free port)]
 * Needs `npm run build`, the models and ../shared/media/video.avi. Timings on a shared machine are upper bounds.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { encodeWire, decodeWire } = await jiti.import('../../src/shared/wire.ts');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const FRAMES = arg('frames', 60);
const PORT_ASKED = arg('port', 0);
const W = 640;
const H = 360;
const VIDEO = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? '../shared/media', 'video.avi');
for (const [file, how] of [
  [VIDEO, 'the shared test media (../shared/media)'],
  ['out/node/inference-process.js', 'npm run build'],
  ['models/manifest.json', 'npm run models:build'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`bench-web: ${file} is missing — ${how}`);
    process.exit(2);
  }
}

const raw = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', VIDEO, '-vf', `fps=10,scale=${W}:${H}`, '-frames:v', '30', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
  maxBuffer: 64 * 1024 * 1024,
});
const size = W * H * 4;
const frames = Array.from({ length: Math.floor(raw.length / size) }, (_, i) => new Uint8Array(raw.subarray(i * size, (i + 1) * size)));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pipe-bench-'));
const server = spawn(process.execPath, ['bin/atelier.mjs', '--data-dir', dataDir, '--port', String(PORT_ASKED), 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
const stopServer = () => {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', stopServer);
const PORT = await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => {
    const m = /Atelier mirror: http:\/\/[^:]+:(\d+)/.exec(String(d));
    if (m) resolve(Number(m[1]));
  });
  server.once('exit', (code) => reject(new Error(`atelier serve exited with ${code}`)));
});

const origin = `http://127.0.0.1:${PORT}`;
const ws = new WebSocket(`ws://127.0.0.1:${PORT}/bridge`, { headers: { origin } });
ws.binaryType = 'arraybuffer';
await new Promise((resolve, reject) => {
  ws.once('open', resolve);
  ws.once('error', reject);
});
let onPose = null;
let engineRunning = false;
ws.on('message', (data, isBinary) => {
  const msg = decodeWire(isBinary ? data : String(data));
  if (msg.t === 'event' && msg.channel === 'pose.subscribe') onPose?.(msg.payload);
  if (msg.t === 'event' && msg.channel === 'engine.onStatus') engineRunning = msg.payload.state === 'running';
});
ws.send(encodeWire({ t: 'sub', channel: 'engine.onStatus' }));
ws.send(encodeWire({ t: 'sub', channel: 'pose.subscribe' }));
const t0 = Date.now();
while (!engineRunning) {
  if (Date.now() - t0 > 120_000) throw new Error('engine did not start in 120 s');
  await new Promise((r) => setTimeout(r, 50));
}

const rows = [];
let maskBytes = 0;
for (let i = 0; i < FRAMES + 5; i++) {
  const data = frames[i % frames.length].slice();
  const sentAt = performance.now();
  const pose = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no pose for frame ${i + 1} in 10 s`)), 10_000);
    onPose = (p) => {
      if (p.frameId !== i + 1) return;
      clearTimeout(timer);
      resolve(p);
    };
    ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: { frameId: i + 1, timestampMs: sentAt, widthPx: W, heightPx: H, data } }));
  });
  const roundTripMs = performance.now() - sentAt;
  // The first frames warm caches and run the detector: not counted.
  if (i >= 5) rows.push({ roundTripMs, inferenceMs: pose.stagesMs.total });
  if (pose.mask) maskBytes = Math.max(maskBytes, pose.mask.data.byteLength);
}
ws.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const pipe = rows.map((r) => r.roundTripMs - r.inferenceMs);
console.log(`web shell frame pipe, ${rows.length} frames of ${W}x${H} RGBA (${size} B), mask ${maskBytes} B per pose`);
console.log(`  round trip   median ${median(rows.map((r) => r.roundTripMs)).toFixed(2)} ms  p90 ${p90(rows.map((r) => r.roundTripMs)).toFixed(2)} ms`);
console.log(`  inference    median ${median(rows.map((r) => r.inferenceMs)).toFixed(2)} ms`);
console.log(`  pipe added   median ${median(pipe).toFixed(2)} ms  p90 ${p90(pipe).toFixed(2)} ms  (round trip − inference, per frame)`);
stopServer();
process.exit(0);
