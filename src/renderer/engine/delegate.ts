/**
 * Which tasks-vision delegate the browser engine asks for. The GPU delegate runs the models as WebGL2 shaders: fast
 * on a real GPU, but on a software rasteriser (SwiftShader, llvmpipe — what Chromium falls back to on a machine
 * without a usable GPU) it is several times slower than the CPU delegate's XNNPACK WASM.
 */
export type DelegatePreference = 'auto' | 'gpu' | 'cpu';
export type Delegate = 'gpu' | 'cpu';

/** What the worker found out about WebGL2 in its own scope (an OffscreenCanvas). */
export interface WebGlProbe {
  /** Whether `getContext('webgl2')` gave a context. */
  webgl2: boolean;
  /** The unmasked renderer string where the browser tells it (WEBGL_debug_renderer_info), else null. */
  renderer: string | null;
}

/** Renderer names of software rasterisers, on which the GPU delegate loses to the CPU one. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i;

export interface DelegateChoice {
  delegate: Delegate;
  /** Why the other delegate was not used (for `EngineStatus.providerNotes`), or null when there was no choice to make. */
  note: string | null;
}

/**
 * `gpu` and `cpu` are obeyed (gpu only where WebGL2 exists at all); `auto` takes the GPU delegate where WebGL2 runs
 * on real hardware and the CPU delegate otherwise.
 */
export function chooseDelegate(preference: DelegatePreference, probe: WebGlProbe): DelegateChoice {
  if (preference === 'cpu') return { delegate: 'cpu', note: 'browser:gpu: not requested (delegate cpu)' };
  if (!probe.webgl2) return { delegate: 'cpu', note: 'browser:gpu: WebGL2 unavailable in the worker' };
  if (preference === 'gpu') return { delegate: 'gpu', note: null };
  if (probe.renderer && SOFTWARE_RENDERERS.test(probe.renderer)) {
    return { delegate: 'cpu', note: `browser:gpu: WebGL2 is a software rasteriser (${probe.renderer})` };
  }
  return { delegate: 'gpu', note: null };
}

/**
 * tasks-vision's VIDEO mode refuses a timestamp that is not strictly greater than the previous one (it works in
 * integer microseconds). Returns the timestamp to hand it: `timestampMs` itself, or just past the previous one.
 * @param previousMs the last timestamp handed to tasks-vision, or -Infinity before the first frame.
 */
export function nextVideoTimestampMs(timestampMs: number, previousMs: number): number {
  const minimumMs = previousMs + 0.001;
  return Number.isFinite(timestampMs) && timestampMs >= minimumMs ? timestampMs : Math.max(minimumMs, 0);
}
