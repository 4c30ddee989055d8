import * as v from 'valibot';
import type { CameraFrame } from '../shared/contract';
import { describeIssues } from '../shared/contract-kit';
import { HostToEngineSchema, type EngineInit, type EngineToHost } from '../shared/engine-protocol';
import type { PoseFrame } from '../shared/pose';

/** What turns camera frames into pose frames: the native BlazePose pipeline, or a fake in tests. */
export interface FrameProcessor {
  /** Provider in use (`cpu`, `cuda`, `dml`) and why better ones were not used. */
  readonly provider: string;
  readonly providerNotes: readonly string[];
  readonly warmUpMs: number;
  /** Borrows `frame.data` for the duration of the call. */
  process(frame: CameraFrame): Promise<PoseFrame>;
  /** Forget the tracked person. */
  reset(): void;
  dispose(): Promise<void>;
}

export type CreateFrameProcessor = (init: EngineInit) => Promise<FrameProcessor>;

/**
 * The inference process's message loop, independent of how messages arrive (Node IPC or Electron's
 * parentPort). One frame is processed at a time; frames arriving meanwhile replace each other (latest wins).
 */
export class EngineWorker {
  private processor: FrameProcessor | null = null;
  private starting: Promise<void> | null = null;
  private busy = false;
  private pending: CameraFrame | null = null;
  dropped = 0;

  constructor(
    private readonly create: CreateFrameProcessor,
    private readonly post: (message: EngineToHost) => void,
  ) {}

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
        if (this.busy) {
          if (this.pending) this.dropped++;
          this.pending = msg.frame;
          return;
        }
        void this.run(msg.frame);
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
    this.busy = true;
    try {
      const pose = await this.processor!.process(frame);
      this.post({ t: 'pose', pose });
    } catch (e) {
      this.post({ t: 'error', message: `frame ${frame.frameId}: ${(e as Error).message}`, fatal: false, frameId: frame.frameId });
    } finally {
      this.busy = false;
    }
    const next = this.pending;
    this.pending = null;
    if (next) void this.run(next);
  }
}
