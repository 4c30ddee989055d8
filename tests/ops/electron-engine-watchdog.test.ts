import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { createFakeElectron, type FakeElectron } from '../fakes/electron';
import { runMain } from '../../src/main/app';
import { IPC_EVENT, IPC_SEND, IPC_SUBSCRIBE } from '../../src/shared/ipc-channels';
import type { CameraFrame } from '../../src/shared/contract';

/**
 * The Electron kiosk's frame path with the fake `electron`: the real main process (`runMain`: core services, IPC,
 * the inference host) and a scripted utilityProcess standing in for the inference process. Frames go in as the
 * preload sends them (`engine.submitFrame` on the contract's send channel), poses come back to the window on
 * `pose.subscribe`; the engine is killed in the middle of a frame and, later, hangs on one — both times the host
 * notices (exit, then its FrameGate's watchdog), starts a new process, and frames flow again.
 * What it cannot show without the Electron binary: real structured-clone copies, real process death, timing.
 */
const INDEX_URL = 'file:///opt/atelier/out/renderer/index.html';
/** InferenceHost's default hang timeout (the app does not change it). */
const HANG_TIMEOUT_MS = 5000;

const dirs: string[] = [];
const tmpDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-electron-pipe-'));
  dirs.push(d);
  return d;
};
let fake: FakeElectron | null = null;
afterEach(() => {
  fake?.app.emit('window-all-closed');
  fake = null;
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const until = async (what: string, cond: () => boolean, timeoutMs = 3000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const frame = (frameId: number): CameraFrame => ({ frameId, timestampMs: frameId * 40, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4).fill(frameId) });
const pose = (frameId: number) => ({ frameId, timestampMs: frameId * 40, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs: { total: 1 }, provider: 'cpu' });

describe('Electron frame path (fake electron)', () => {
  it('an engine killed mid-frame, then one that hangs, is restarted by the host and frames flow again', { timeout: 20_000 }, async () => {
    fake = createFakeElectron();
    const models = tmpDir();
    fs.writeFileSync(path.join(models, 'manifest.json'), '{}');
    await runMain(
      fake as unknown as typeof Electron,
      { rendererDir: '/opt/atelier/out/renderer', preloadPath: '/p.cjs', inferenceScript: '/opt/atelier/out/node/inference-process.js', modelsDir: models, demoDir: '/nonexistent' },
      ['electron', '.', `--data-dir=${tmpDir()}`],
    );
    const f = fake;
    const wc = f.windows[0]!.webContents;
    const fromWindow = { sender: wc, senderFrame: { url: INDEX_URL } };
    const framesTo = (c: (typeof f.utilityChildren)[number]) =>
      c.posted.flatMap((p) => ((p.message as { t: string }).t === 'frame' ? [(p.message as { frame: CameraFrame }).frame] : []));
    const posesInWindow = () => wc.sent.flatMap(([ch, channel, payload]) => (ch === IPC_EVENT && channel === 'pose.subscribe' ? [(payload as { frameId: number }).frameId] : []));
    // Every process the host starts (the active one, and the warm standby the default config keeps) loads "its models".
    const readied = new Set<unknown>();
    const readyAll = () =>
      f.utilityChildren.filter((c) => !readied.has(c) && !c.killed).forEach((c) => {
        readied.add(c);
        c.emit('message', { t: 'ready', provider: 'cpu', providerNotes: [], warmUpMs: 1 });
      });
    const submit = (id: number) => f.ipcMain.emit(IPC_SEND, fromWindow, 'engine.submitFrame', frame(id));
    /** The live process a frame `id` was sent to, waiting until one is (the window resends, as its pump does). */
    const engineWith = async (id: number, timeoutMs = 3000) => {
      let at: (typeof f.utilityChildren)[number] | undefined;
      await until(`frame ${id} at a live engine`, () => {
        readyAll();
        at = f.utilityChildren.find((c) => !c.killed && framesTo(c).some((x) => x.frameId === id));
        if (!at) submit(id);
        return at !== undefined;
      }, timeoutMs);
      return at!;
    };

    f.ipcMain.emit(IPC_SUBSCRIBE, fromWindow, 'pose.subscribe', true);
    const first = await engineWith(1);
    // Main posts the frame as a plain message: its bytes arrive, no transfer list.
    expect(framesTo(first)[0]!.data[0]).toBe(1);
    expect(f.utilityChildren.every((c) => c.posted.every((p) => p.ports.length === 0))).toBe(true);
    // The gate: one frame in flight; of 2, 3, 4 only the newest waits.
    submit(2);
    submit(3);
    submit(4);
    expect(framesTo(first).map((x) => x.frameId)).toEqual([1]);
    first.emit('message', { t: 'pose', pose: pose(1) });
    await until('frame 4 at the engine', () => framesTo(first).length === 2);
    expect(framesTo(first).map((x) => x.frameId)).toEqual([1, 4]);
    expect(posesInWindow()).toEqual([1]);

    // Killed while it works on frame 4: another process takes over (the standby, or a fresh one after the back-off).
    first.kill();
    const second = await engineWith(5);
    expect(second).not.toBe(first);
    second.emit('message', { t: 'pose', pose: pose(5) });
    await until('the pose of the new process in the window', () => posesInWindow().includes(5));

    // Now it hangs on a frame: no answer. The host's FrameGate watchdog kills it after the hang timeout.
    const t0 = Date.now();
    submit(100);
    await until('frame 100 at the engine', () => framesTo(second).some((x) => x.frameId === 100));
    await until('the hung process killed', () => second.killed, HANG_TIMEOUT_MS + 3000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 50);
    const third = await engineWith(200, 15_000);
    expect([first, second]).not.toContain(third);
    third.emit('message', { t: 'pose', pose: pose(200) });
    await until('its pose in the window', () => posesInWindow().includes(200));
  });
});
