import * as v from 'valibot';
import type { CameraFrame } from '../shared/contract';
import { describeIssues } from '../shared/contract-kit';
import { HostToEngineSchema, type EngineInit, type EngineToHost } from '../shared/engine-protocol';
import { FrameGate } from '../shared/frame-gate';
import type { PoseFrame } from '../shared/pose';

/** What turns camera frames into pose frames: the native BlazePose pipeline, or a fake in tests. */
export interface FrameProcessor {
  /** Provider in use (`cpu`, `cuda`, `dml`) and why better ones were not used. */
  readonly provider: string;
  readonly providerNotes: readonly string[];
  readonly warmUpMs: number;
  /**
   * Borrows `frame.data` for the duration of the call. The returned pose and its `mask.data` belong to the caller
   * until it hands the mask back with `recycleMask`.
   */
  process(frame: CameraFrame): Promise<PoseFrame>;
  /** Takes back a mask buffer of an earlier pose for reuse (spares a 230 kB allocation per frame at 640×360). */
  recycleMask?(data: Uint8Array): void;
  /** Forget the tracked person. */
  reset(): void;
  dispose(): Promise<void>;
}

export type CreateFrameProcessor = (init: EngineInit) => Promise<FrameProcessor>;

/**
 * The inference process's message loop, independent of how messages arrive (Node IPC or Electron's
 * parentPort). One frame is processed at a time; frames arriving meanwhile replace each other (the `FrameGate`).
 */
export class EngineWorker {
  private processor: FrameProcessor | null = null;
  private starting: Promise<void> | null = null;
  private readonly gate = new FrameGate<CameraFrame>({ process: (frame) => this.run(frame) });

  /**
   * @param post sends a message to the host. It must have serialised the message when it returns (Node's
   *   `process.send` and Electron's `parentPort.postMessage` do): the mask buffer is reused for a later frame.
   */
  constructor(
    private readonly create: CreateFrameProcessor,
    private readonly post: (message: EngineToHost) => void,
  ) {}

  /** Frames dropped in favour of a newer one. */
  get dropped(): number {
    return this.gate.stats.dropped;
  }

  handle(raw: unknown): void {
    const parsed = v.safeParse(HostToEngineSchema, raw);
    if (!parsed.success) {
      this.post({ t: 'error', message: `malformed message: ${describeIssues(parsed.issues).slice(0, 3).join('; ')}`, fatal: false });
      return;
    }
    const msg = parsed.output;
    switch (msg.t) {
      case 'init':
        this.starting ??= this.init(msg.init);
        break;
      case 'reset':
        this.processor?.reset();
        break;
      case 'frame':
        if (!this.processor) {
          this.post({ t: 'error', message: 'engine not ready', fatal: false, frameId: msg.frame.frameId });
          return;
        }
        this.gate.offer(msg.frame);
        break;
    }
  }

  private async init(init: EngineInit): Promise<void> {
    try {
      const p = await this.create(init);
      this.processor = p;
      this.post({ t: 'ready', provider: p.provider, providerNotes: [...p.providerNotes], warmUpMs: p.warmUpMs });
    } catch (e) {
      this.post({ t: 'error', message: `engine could not start: ${(e as Error).message}`, fatal: true });
    }
  }

  private async run(frame: CameraFrame): Promise<void> {
    const processor = this.processor!;
    try {
      const pose = await processor.process(frame);
      // Serialised once, here; then the mask's buffer goes back to the tracker for the next frame.
      this.post({ t: 'pose', pose });
      if (pose.mask) processor.recycleMask?.(pose.mask.data);
    } catch (e) {
      this.post({ t: 'error', message: `frame ${frame.frameId}: ${(e as Error).message}`, fatal: false, frameId: frame.frameId });
    }
  }
}
