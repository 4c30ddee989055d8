import * as v from 'valibot';
import type { CameraFrame, EngineStatus } from '../shared/contract';
import { describeIssues } from '../shared/contract-kit';
import { EngineToHostSchema, type EngineInit, type HostToEngine } from '../shared/engine-protocol';
import type { PoseFrame } from '../shared/pose';
import type { Logger } from './log';

/** The handle a spawner gives back: one running inference process. */
export interface EngineChild {
  readonly pid: number | undefined;
  /** Posts a message; typed arrays inside are copied or transferred by the channel. */
  post(message: HostToEngine): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

/** Starts an inference process. Electron passes a utilityProcess spawner, the web shell a child_process one. */
export type SpawnEngine = () => EngineChild;

export interface InferenceHostOptions {
  spawn: SpawnEngine;
  init: EngineInit;
  log: Logger;
  onPose: (pose: PoseFrame) => void;
  onStatus: (status: EngineStatus) => void;
  /** First restart delay; doubles per crash up to `maxBackoffMs`. @default 250 */
  minBackoffMs?: number;
  /** @default 10000 */
  maxBackoffMs?: number;
  /** Running this long without a crash resets the back-off. @default 30000 */
  healthyAfterMs?: number;
  /** A frame in flight for longer than this means the process hung: it is killed and restarted. @default 5000 */
  hangTimeoutMs?: number;
}

/**
 * The one owner of the inference process: start, health, restart with back-off, the reason it last died.
 * Frames are gated here: one in flight, and while it runs only the newest waits — older frames are dropped,
 * never queued (a queued frame is stale by the time it is processed).
 */
export class InferenceHost {
  private child: EngineChild | null = null;
  private inFlight: { frameId: number; sinceMs: number } | null = null;
  private pending: CameraFrame | null = null;
  private backoffMs: number;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private hangTimer: ReturnType<typeof setInterval> | null = null;
  private startedAtMs = 0;
  private stopped = false;
  private poseTimesMs: number[] = [];
  /** Frames dropped because a newer one arrived while the engine was busy. */
  droppedFrames = 0;
  status: EngineStatus;

  constructor(private readonly opts: InferenceHostOptions) {
    this.backoffMs = opts.minBackoffMs ?? 250;
    this.status = {
      state: 'stopped',
      provider: null,
      providerNotes: [],
      modelSize: opts.init.modelSize,
      lastError: null,
      restarts: 0,
    };
  }

  start(): void {
    this.stopped = false;
    this.spawnChild();
    this.hangTimer = setInterval(() => this.checkHang(), Math.min(1000, this.opts.hangTimeoutMs ?? 5000));
    this.hangTimer.unref?.();
  }

  /** Pose frames per second over the last second. */
  get fps(): number {
    const now = Date.now();
    this.poseTimesMs = this.poseTimesMs.filter((t) => now - t <= 1000);
    return this.poseTimesMs.length;
  }

  /** Takes a frame; it may be dropped in favour of a newer one. The host owns it from now on. */
  submitFrame(frame: CameraFrame): void {
    if (!this.child || this.status.state !== 'running') return;
    if (this.inFlight) {
      if (this.pending) this.droppedFrames++;
      this.pending = frame;
      return;
    }
    this.dispatch(frame);
  }

  /** New shopper: forget the tracked person. */
  reset(): void {
    this.child?.post({ t: 'reset' });
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.hangTimer) clearInterval(this.hangTimer);
    this.child?.kill();
    this.child = null;
    this.setStatus({ state: 'stopped' });
  }

  private dispatch(frame: CameraFrame): void {
    this.inFlight = { frameId: frame.frameId, sinceMs: Date.now() };
    this.child!.post({ t: 'frame', frame });
  }

  private frameDone(): void {
    this.inFlight = null;
    const next = this.pending;
    this.pending = null;
    if (next && this.child && this.status.state === 'running') this.dispatch(next);
  }

  private spawnChild(): void {
    this.setStatus({ state: this.status.restarts > 0 ? 'restarting' : 'starting' });
    let child: EngineChild;
    try {
      child = this.opts.spawn();
    } catch (e) {
      this.died(`could not start the inference process: ${(e as Error).message}`);
      return;
    }
    this.child = child;
    this.startedAtMs = Date.now();
    child.onMessage((raw) => {
      if (this.child !== child) return;
      this.onMessage(raw);
    });
    child.onExit((reason) => {
      if (this.child !== child) return;
      this.child = null;
      this.died(reason);
    });
    child.post({ t: 'init', init: this.opts.init });
  }

  private onMessage(raw: unknown): void {
    const parsed = v.safeParse(EngineToHostSchema, raw);
    if (!parsed.success) {
      this.opts.log.error({ problems: describeIssues(parsed.issues).slice(0, 5) }, 'inference: malformed message');
      return;
    }
    const msg = parsed.output;
    switch (msg.t) {
      case 'ready':
        // lastError stays: staff want the reason it last died even after it came back.
        this.setStatus({ state: 'running', provider: msg.provider, providerNotes: msg.providerNotes });
        this.opts.log.info({ provider: msg.provider, warmUpMs: msg.warmUpMs }, 'inference: ready');
        break;
      case 'pose':
        this.poseTimesMs.push(Date.now());
        if (this.poseTimesMs.length > 120) this.poseTimesMs.splice(0, 60);
        this.opts.onPose(msg.pose);
        this.frameDone();
        break;
      case 'error':
        this.opts.log.warn({ message: msg.message, fatal: msg.fatal }, 'inference: error');
        this.setStatus({ lastError: msg.message });
        if (msg.fatal) this.child?.kill();
        else this.frameDone();
        break;
    }
  }

  private died(reason: string): void {
    this.inFlight = null;
    this.pending = null;
    if (this.stopped) return;
    this.opts.log.error({ reason }, 'inference: process ended');
    if (Date.now() - this.startedAtMs > (this.opts.healthyAfterMs ?? 30_000)) this.backoffMs = this.opts.minBackoffMs ?? 250;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 10_000, this.backoffMs * 2);
    this.setStatus({ state: 'restarting', lastError: reason, restarts: this.status.restarts + 1 });
    this.restartTimer = setTimeout(() => this.spawnChild(), delay);
    this.restartTimer.unref?.();
  }

  private checkHang(): void {
    const limit = this.opts.hangTimeoutMs ?? 5000;
    if (this.child && this.inFlight && Date.now() - this.inFlight.sinceMs > limit) {
      this.opts.log.error({ frameId: this.inFlight.frameId }, 'inference: frame hung, restarting the process');
      const child = this.child;
      this.child = null;
      child.kill();
      this.died(`hung: no answer for ${limit} ms`);
    }
  }

  private setStatus(patch: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus(this.status);
  }
}
