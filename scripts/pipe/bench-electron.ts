/**
 * The Electron kiosk's frame pipe with the fake `electron` (the binary is not installed here): the real main process
 * (`runMain`: core services, IPC handlers, PoseRouter, InferenceHost and its FrameGate) between a scripted renderer and a
 * scripted utilityProcess that answers at once (inference 0 ms). Each process hop is modelled by `structuredClone` —
 * the algorithm contextBridge and Electron IPC use — so the figures are: the main side's own work (validation, routing,
 * gate) plus one structured-clone copy per hop, per frame.
 *
 * It cannot measure: Mojo's own transport copies and scheduling between real processes, the renderer's canvas read-back,
 * the utilityProcess's real deserialisation. Before/after: the old topology (frames on a MessagePort straight to the
 * utility process, poses back twice) no longer exists in the code, so its row is the same clone model of its hops.
 *
 * Usage: npx jiti scripts/pipe/bench-electron.ts [--frames 300]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';
import { createFakeElectron } from '../../tests/fakes/electron';
import { runMain } from '../../src/main/app';
import { IPC_EVENT, IPC_SEND, IPC_SUBSCRIBE } from '../../src/shared/ipc-channels';
import type { CameraFrame } from '../../src/shared/contract';

const FRAMES = Number(process.argv[process.argv.indexOf('--frames') + 1]) || 300;
const W = 640;
const H = 360;
const FRAME_BYTES = W * H * 4;
const MASK_BYTES = W * H;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

function poseOf(frameId: number, mask: Uint8Array | null) {
  return {
    frameId,
    timestampMs: frameId,
    landmarks: Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5, z: 0, visibility: 0.9, presence: 0.9 })),
    worldLandmarks: Array.from({ length: 33 }, () => ({ x: 0, y: 0, z: 0, visibility: 0.9, presence: 0.9 })),
    presence: 1,
    mask: mask ? { widthPx: W, heightPx: H, data: mask } : null,
    stagesMs: { total: 0 },
    provider: 'cpu',
  };
}

/** The old topology, hop by hop: contextBridge + port to the utility process; pose to the renderer's port and, without its mask, to main. */
function modelBefore(): number[] {
  const times: number[] = [];
  const mask = new Uint8Array(MASK_BYTES);
  for (let i = 0; i < FRAMES; i++) {
    const data = new Uint8Array(FRAME_BYTES);
    const t0 = performance.now();
    const bridged = structuredClone(data);
    structuredClone({ t: 'frame', frame: { frameId: i, timestampMs: i, widthPx: W, heightPx: H, data: bridged } });
    const pose = poseOf(i, mask);
    structuredClone({ t: 'pose', pose });
    structuredClone({ t: 'pose', pose: { ...pose, mask: null } });
    times.push(performance.now() - t0);
  }
  return times;
}

/** @param hop a process hop: `structuredClone` (the model), or nothing (main's own work only). */
async function measureAfter(hop: <T>(x: T) => T): Promise<number[]> {
  const fake = createFakeElectron();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-electron-'));
  fs.mkdirSync(path.join(tmp, 'models'));
  fs.writeFileSync(path.join(tmp, 'models', 'manifest.json'), '{}');
  await runMain(
    fake as unknown as typeof Electron,
    { rendererDir: '/r', preloadPath: '/p.cjs', inferenceScript: '/i.js', modelsDir: path.join(tmp, 'models'), demoDir: '/nonexistent' },
    ['electron', '.', `--data-dir=${path.join(tmp, 'data')}`],
  );
  const wc = fake.windows[0]!.webContents;
  const fromWindow = { sender: wc, senderFrame: { url: 'file:///r/index.html' } };
  const mask = new Uint8Array(MASK_BYTES);
  // The utility process: each message main posts crosses by structured clone; a frame is answered with a pose at once.
  const wire = (child: (typeof fake.utilityChildren)[number]): void => {
    const post = child.postMessage.bind(child);
    child.postMessage = (message: unknown, ports: unknown[] = []) => {
      post(message, ports);
      const m = hop(message) as { t: string; frame?: CameraFrame };
      if (m.t === 'init') queueMicrotask(() => child.emit('message', hop({ t: 'ready', provider: 'cpu', providerNotes: [], warmUpMs: 0 })));
      if (m.t === 'frame') queueMicrotask(() => child.emit('message', hop({ t: 'pose', pose: poseOf(m.frame!.frameId, mask) })));
    };
    child.posted.length = 0;
  };
  // Children forked before we could wrap them got their init already: answer it.
  for (const c of fake.utilityChildren) {
    wire(c);
    c.emit('message', { t: 'ready', provider: 'cpu', providerNotes: [], warmUpMs: 0 });
  }
  let onPose: ((frameId: number) => void) | null = null;
  const send = wc.send.bind(wc);
  wc.send = (channel: string, ...args: unknown[]) => {
    send(channel, ...args);
    if (channel === IPC_EVENT && args[0] === 'pose.subscribe') {
      const pose = hop(args[1]) as { frameId: number };
      onPose?.(pose.frameId);
    }
  };
  fake.ipcMain.emit(IPC_SUBSCRIBE, fromWindow, 'pose.subscribe', true);
  await new Promise((r) => setTimeout(r, 50));
  const times: number[] = [];
  for (let i = 1; i <= FRAMES + 20; i++) {
    const data = new Uint8Array(FRAME_BYTES);
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => (onPose = (id) => id === i && resolve()));
    // The renderer: contextBridge copies the frame into the preload's world, ipcRenderer.send clones it to main.
    const bridged = hop(data);
    const arrived = hop({ frameId: i, timestampMs: t0, widthPx: W, heightPx: H, data: bridged });
    fake.ipcMain.emit(IPC_SEND, fromWindow, 'engine.submitFrame', arrived);
    await done;
    if (i > 20) times.push(performance.now() - t0);
  }
  fake.app.emit('window-all-closed');
  await new Promise((r) => setTimeout(r, 200));
  fs.rmSync(tmp, { recursive: true, force: true });
  return times;
}

const before = modelBefore();
const after = await measureAfter(structuredClone);
const mainOnly = await measureAfter((x) => x);
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
console.log(`Electron frame pipe with the fake electron, ${FRAMES} frames of ${W}x${H} RGBA (${FRAME_BYTES} B), mask ${MASK_BYTES} B, inference 0 ms`);
console.log(`  before (model: contextBridge, port → utility; pose → renderer port + maskless → main)`);
console.log(`    copies per frame: frame ×2, pose mask ×1 = ${mb(2 * FRAME_BYTES + MASK_BYTES)}; pipe median ${median(before).toFixed(2)} ms p90 ${p90(before).toFixed(2)} ms (clones only: no gate, no watchdog saw these frames)`);
console.log(`  after (measured through runMain: contextBridge, IPC → main's dispatcher/PoseRouter/InferenceHost gate → utility; pose → main → window)`);
console.log(`    copies per frame: frame ×3, pose mask ×2 = ${mb(3 * FRAME_BYTES + 2 * MASK_BYTES)}; pipe median ${median(after).toFixed(2)} ms p90 ${p90(after).toFixed(2)} ms`);
console.log(`    of which main's own work (validation, PoseRouter, FrameGate; no clones): median ${median(mainOnly).toFixed(3)} ms p90 ${p90(mainOnly).toFixed(3)} ms`);
process.exit(0);
