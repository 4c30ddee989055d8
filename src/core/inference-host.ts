import * as v from 'valibot';
import type { CameraFrame, EngineStatus } from '../shared/contract';
import { describeIssues } from '../shared/contract-kit';
import { ENGINE_HANG_TIMEOUT_MS, FrameGate } from '../shared/frame-gate';
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
  /**
   * This process is now the one frames go to (at start, or a standby promoted after a crash): for a spawner that
   * wires something to the active process only. Optional.
   */
  activate?(): void;
}

/** Starts an inference process. Electron passes a utilityProcess spawner, the web shell a child_process one. */
export type SpawnEngine = () => EngineChild;

export interface InferenceHostOptions {
  spawn: SpawnEngine;
  init: EngineInit;
  log: Logger;
  /** `peer`: who submitted the frame this pose answers (see `submitFrame`); undefined when it came untagged. */
  onPose: (pose: PoseFrame, peer: string | undefined) => void;
  onStatus: (status: EngineStatus) => void;
  /** First restart delay; doubles per crash up to `maxBackoffMs`. @default 250 */
  minBackoffMs?: number;
  /** @default 10000 */
  maxBackoffMs?: number;
  /** Running this long without a crash resets the back-off. @default 30000 */
  healthyAfterMs?: number;
  /** A frame in flight for longer than this means the process hung: it is killed and restarted. @default ENGINE_HANG_TIMEOUT_MS (5000) */
  hangTimeoutMs?: number;
  /**
   * Keep a second process started, models loaded and warmed up, and switch to it the moment the active one dies:
   * landmarks are back within a frame or two instead of a full start (seconds). Costs one more process's memory.
   * @default false
   */
  standby?: boolean;
  /**
   * After a switch, the next spare starts this long later (or after the back-off, if longer): loading models takes
   * seconds of CPU that the process now serving the mirror needs more. @default 10000
   */
  standbyRespawnMs?: number;
}

/** A frame on its way to the engine and whose answer it is. */
interface Submitted {
  frame: CameraFrame;
  peer: string | undefined;
}

/**
 * The one owner of the inference process: start, health, restart with back-off, the reason it last died.
 * Frames of both shells (the web bridge's and the Electron window's port) pass its `FrameGate`: one in flight,
 * while it runs only the newest waits — older frames are dropped, never queued (a queued frame is stale by the time
 * it is processed) — and a frame unanswered for `hangTimeoutMs` means the process hung: it is killed and restarted.
 */
export class InferenceHost {
  private child: EngineChild | null = null;
  /** The warm spare (with `standby`), and whether it has answered `ready` (with its provider). */
  private spare: { child: EngineChild; ready: { provider: string; providerNotes: string[] } | null } | null = null;
  private spareTimer: ReturnType<typeof setTimeout> | null = null;
  /** The frame the active process is working on; `answered` settles the gate's wait for it. */
  private inFlight: (Submitted & { answered: () => void }) | null = null;
  private readonly gate: FrameGate<Submitted>;
  private backoffMs: number;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private startedAtMs = 0;
  private stopped = false;
  private poseTimesMs: number[] = [];
  status: EngineStatus;

  constructor(private readonly opts: InferenceHostOptions) {
    this.backoffMs = opts.minBackoffMs ?? 250;
    this.gate = new FrameGate<Submitted>({
      process: (s) => this.dispatch(s),
      hangTimeoutMs: opts.hangTimeoutMs ?? ENGINE_HANG_TIMEOUT_MS,
      onHang: (s) => this.hung(s),
    });
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
  }

  /** Frames dropped because a newer one arrived while the engine was busy. */
  get droppedFrames(): number {
    return this.gate.stats.dropped;
  }

  /** The running inference process's PID (health shows it; fault tests kill it). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The warm spare (with `standby`): none, loading its models, or ready to take over. */
  get standbyState(): 'none' | 'starting' | 'ready' {
    return this.spare ? (this.spare.ready ? 'ready' : 'starting') : 'none';
  }

  /** Pose frames per second over the last second. */
  get fps(): number {
    const now = Date.now();
    this.poseTimesMs = this.poseTimesMs.filter((t) => now - t <= 1000);
    return this.poseTimesMs.length;
  }

  /**
   * Takes a frame; it may be dropped in favour of a newer one. The host owns it from now on. `peer` tags it: the
   * pose that answers it is handed to `onPose` with the same tag, so it reaches that sender only.
   */
  submitFrame(frame: CameraFrame, peer?: string): void {
    if (!this.child || this.status.state !== 'running') return;
    this.gate.offer({ frame, peer });
  }

  /** New shopper: forget the tracked person. */
  reset(): void {
    this.child?.post({ t: 'reset' });
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.gate.takePending();
    this.settleInFlight();
    this.child?.kill();
    this.child = null;
    const spare = this.spare;
    this.spare = null;
    spare?.child.kill();
    this.setStatus({ state: 'stopped' });
  }

  /** The gate's step: posts the frame and resolves when it is answered, or when the process answering it is gone. */
  private dispatch(s: Submitted): Promise<void> {
    const child = this.child;
    if (!child || this.status.state !== 'running') return Promise.resolve();
    return new Promise<void>((answered) => {
      this.inFlight = { ...s, answered };
      child.post({ t: 'frame', frame: s.frame });
    });
  }

  /** The in-flight frame is done (answered, failed, or its process died): the gate may send the next. */
  private settleInFlight(): Submitted | null {
    const f = this.inFlight;
    this.inFlight = null;
    f?.answered();
    return f;
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
    child.activate?.();
  }

  /** Starts the warm spare (after `delayMs`); it loads and warms up its models, then waits to be promoted. */
  private scheduleSpare(delayMs: number): void {
    if (!this.opts.standby || this.stopped || this.spare || this.spareTimer) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      if (this.stopped || this.spare) return;
      let child: EngineChild;
      try {
        child = this.opts.spawn();
      } catch (e) {
        this.opts.log.warn({ err: e }, 'inference: could not start the standby process');
        this.scheduleSpare(this.opts.maxBackoffMs ?? 10_000);
        return;
      }
      const spare: NonNullable<InferenceHost['spare']> = { child, ready: null };
      this.spare = spare;
      child.onMessage((raw) => {
        if (this.spare !== spare) return;
        const parsed = v.safeParse(EngineToHostSchema, raw);
        if (!parsed.success) return;
        const msg = parsed.output;
        if (msg.t === 'ready') spare.ready = { provider: msg.provider, providerNotes: msg.providerNotes };
        else if (msg.t === 'error' && msg.fatal) child.kill();
      });
      child.onExit((reason) => {
        if (this.spare !== spare) return;
        this.spare = null;
        this.opts.log.warn({ reason }, 'inference: the standby process ended');
        this.scheduleSpare(this.opts.maxBackoffMs ?? 10_000);
      });
      child.post({ t: 'init', init: this.opts.init });
    }, delayMs);
    this.spareTimer.unref?.();
  }

  /** Makes the ready spare the active process; false when there is none ready. */
  private promoteSpare(reason: string): boolean {
    const spare = this.spare;
    if (!spare?.ready) return false;
    this.spare = null;
    const child = spare.child;
    this.child = child;
    this.startedAtMs = Date.now();
    child.onMessage((raw) => {
      if (this.child !== child) return;
      this.onMessage(raw);
    });
    child.onExit((why) => {
      if (this.child !== child) return;
      this.child = null;
      this.died(why);
    });
    child.activate?.();
    this.opts.log.warn({ reason, pid: child.pid }, 'inference: switched to the standby process');
    this.setStatus({ state: 'running', provider: spare.ready.provider, providerNotes: spare.ready.providerNotes, lastError: reason, restarts: this.status.restarts + 1 });
    return true;
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
        // The spare starts once the active one is up, so the two never compete for the CPU while loading.
        this.scheduleSpare(0);
        break;
      case 'pose':
        this.poseTimesMs.push(Date.now());
        if (this.poseTimesMs.length > 120) this.poseTimesMs.splice(0, 60);
        // The in-flight frame's tag only if this pose answers it (Electron's engine also answers its own port's frames).
        this.opts.onPose(msg.pose, this.inFlight?.frame.frameId === msg.pose.frameId ? this.inFlight.peer : undefined);
        this.settleInFlight();
        break;
      case 'error':
        this.opts.log.warn({ message: msg.message, fatal: msg.fatal }, 'inference: error');
        this.setStatus({ lastError: msg.message });
        if (msg.fatal) this.child?.kill();
        else this.settleInFlight();
        break;
    }
  }

  private died(reason: string): void {
    // The frame the dead process was working on (or the newest waiting): the standby answers it instead, so the
    // renderer, which waits for that answer before sending the next frame, is not left waiting.
    const waiting = this.gate.takePending();
    const inFlight = this.settleInFlight();
    const unanswered = waiting ?? (inFlight ? { frame: inFlight.frame, peer: inFlight.peer } : null);
    if (this.stopped) return;
    this.opts.log.error({ reason }, 'inference: process ended');
    if (Date.now() - this.startedAtMs > (this.opts.healthyAfterMs ?? 30_000)) this.backoffMs = this.opts.minBackoffMs ?? 250;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 10_000, this.backoffMs * 2);
    if (this.promoteSpare(reason)) {
      if (unanswered) this.gate.offer(unanswered);
      // The next spare waits out the back-off (a process that crashes on every frame must not fork-loop), and
      // lets the new active process have the CPU for a while.
      this.scheduleSpare(Math.max(delay, this.opts.standbyRespawnMs ?? 10_000));
      return;
    }
    this.setStatus({ state: 'restarting', lastError: reason, restarts: this.status.restarts + 1 });
    this.restartTimer = setTimeout(() => this.spawnChild(), delay);
    this.restartTimer.unref?.();
  }

  /** The gate's watchdog: the frame `s` got no answer in `hangTimeoutMs`. */
  private hung(s: Submitted): void {
    const child = this.child;
    // Answered by now, or its process already died and was replaced: nothing hung.
    if (!child || this.inFlight?.frame !== s.frame) return;
    const limit = this.opts.hangTimeoutMs ?? ENGINE_HANG_TIMEOUT_MS;
    this.opts.log.error({ frameId: s.frame.frameId }, 'inference: frame hung, restarting the process');
    this.child = null;
    // The frame that hung it is not handed to the standby: it might hang that one too.
    this.inFlight = null;
    child.kill();
    this.died(`hung: no answer for ${limit} ms`);
  }

  private setStatus(patch: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus(this.status);
  }
}
