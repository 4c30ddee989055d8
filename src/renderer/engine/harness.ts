/**
 * A bare page around the browser pose engine, for e2e and for trying the engine by hand, served with the mirror's
 * CSP at `/engine/harness.html`. Query: `source=camera|photo` (camera: the mirror's own FramePump through
 * `withBrowserEngine`; photo: a file chosen in the input, submitted `repeat` times as an ImageBitmap),
 * `model=lite|full|heavy`, `delegate=auto|gpu|cpu`, `mask=pose|selfie|none`, `numPoses`, `repeat`.
 */
import type { ModelSize } from '../../shared/config-schema';
import type { EngineStatus } from '../../shared/contract';
import type { PersonMask, PoseFrame } from '../../shared/pose';
import { connectApi } from '../bridge/atelier';
import { FramePump } from '../tracking/frame-pump';
import { BrowserPoseEngine } from './browser-pose-engine';
import type { DelegatePreference } from './delegate';
import { withBrowserEngine } from './engine-api';
import type { MaskSource } from './protocol';

export interface HarnessState {
  status: EngineStatus;
  /** Every PoseFrame received, without masks (their size is kept in `maskSizes`). */
  poses: Array<Omit<PoseFrame, 'mask'>>;
  maskSizes: Array<{ widthPx: number; heightPx: number; bytes: number; personBytes: number } | null>;
  dropped: number;
}

declare global {
  interface Window {
    __browserEngine?: { state(): HarnessState; lastMask(): { widthPx: number; heightPx: number; data: number[] } | null };
  }
}

const q = new URLSearchParams(location.search);
const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
  const value = q.get(name) as T | null;
  return value && allowed.includes(value) ? value : fallback;
};

const engine = new BrowserPoseEngine({
  // The built renderer's root: this page lives in its `engine/` folder.
  assetBaseUrl: new URL('../', location.href).href,
  modelSize: pick<ModelSize>('model', ['lite', 'full', 'heavy'], 'full'),
  delegate: pick<DelegatePreference>('delegate', ['auto', 'gpu', 'cpu'], 'auto'),
  mask: pick<MaskSource>('mask', ['pose', 'selfie', 'none'], 'pose'),
  numPoses: Number(q.get('numPoses') ?? 1),
});

const state: HarnessState = { status: engine.status, poses: [], maskSizes: [], dropped: 0 };
let lastMask: PersonMask | null = null;
window.__browserEngine = {
  state: () => ({ ...state, dropped: engine.dropped }),
  lastMask: () => (lastMask ? { widthPx: lastMask.widthPx, heightPx: lastMask.heightPx, data: Array.from(lastMask.data) } : null),
};
const statusEl = document.querySelector<HTMLElement>('[data-testid=status]')!;

const record = (pose: PoseFrame): void => {
  const { mask, ...rest } = pose;
  if (mask) lastMask = mask;
  state.poses.push(rest);
  state.maskSizes.push(mask ? { widthPx: mask.widthPx, heightPx: mask.heightPx, bytes: mask.data.length, personBytes: mask.data.filter((b) => b > 127).length } : null);
};

engine.onStatus((s) => {
  state.status = s;
  statusEl.textContent = `${s.state} ${s.provider ?? ''} ${s.providerNotes.join('; ')} ${s.lastError ?? ''}`.trim();
});

if (pick('source', ['camera', 'photo'], 'photo') === 'camera') {
  // The integration path the mirror uses: the shell's API with its engine channels served by the browser engine.
  const api = withBrowserEngine(connectApi(), engine);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  document.body.append(video);
  const pump = new FramePump(video, api);
  api.pose.subscribe((pose) => {
    record(pose);
    pump.acknowledge(pose);
  });
  void navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } }).then(async (stream) => {
    video.srcObject = stream;
    await video.play();
    pump.start();
  });
} else {
  engine.subscribe(record);
  const repeat = Math.max(1, Number(q.get('repeat') ?? 1));
  document.querySelector<HTMLInputElement>('[data-testid=photo]')!.addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const bitmap = await createImageBitmap(file);
    // One frame at a time: wait for each answer so every repeat is processed, none replaced.
    for (let i = 0; i < repeat; i++) {
      const answered = new Promise<void>((resolve) => {
        const off = engine.subscribe(() => {
          off();
          resolve();
        });
      });
      engine.submit(await createImageBitmap(bitmap), performance.now());
      await answered;
    }
    bitmap.close();
  });
}
