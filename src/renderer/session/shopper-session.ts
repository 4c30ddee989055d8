import { ENGINE_HANG_TIMEOUT_MS } from '../../shared/frame-gate';
import type { ZoneVerdict } from './shopper-zone';

/**
 * A shopper's session as a state machine:
 *
 *   attract ──(facing, in the zone)──▶ approaching ──(for enterAfterMs)──▶ session
 *      ▲                                   │ (lost)                          │ (out of the zone)      ▲ (back)
 *      └───────────────────────────────────┘                                 ▼                        │
 *      └──────────────(leaveAfterMs, wiped: onEnd)───────────────────────── leaving ──────────────────┘
 *
 * Only a person facing the mirror starts a session (a passer-by walking across is side-on or off to one side); once
 * in a session, turning round or sideways does not end it — only leaving the zone does. "I'm done" ends it at once,
 * and the same person must step out of the zone (or wait `rearmAfterMs`) before a new session can start, so the
 * mirror does not greet them again while they walk off. Pure: the caller passes the clock.
 */
export type ShopperPhase = 'attract' | 'approaching' | 'session' | 'leaving';

export interface ShopperSessionOptions {
  /** Facing the mirror this long starts a session. @default 1000 */
  enterAfterMs?: number;
  /** Out of the zone this long ends the session (clamped to 1–10 s). 2.5 s plus the engine's ≤ 0.3 s presence hold keeps "wiped within 3 s of leaving". @default 2500 */
  leaveAfterMs?: number;
  /** No pose frame for this long, while the engine is not working on one of ours, counts as an empty zone. @default 1000 */
  staleAfterMs?: number;
  /**
   * A frame the engine was given this long ago and has not answered means it stalled; until then a gap in pose
   * frames is a busy engine, not an empty zone. Twice the host's watchdog: a frame may wait (latest wins) behind the
   * one being processed, and each is answered or given up within `ENGINE_HANG_TIMEOUT_MS`; a frame out longer means
   * the engine, or the host itself, is gone. @default 2 × ENGINE_HANG_TIMEOUT_MS (10 000)
   */
  engineHangMs?: number;
  /** After "I'm done", a new session needs an empty zone or this long. @default 8000 */
  rearmAfterMs?: number;
  onStart?: (sessionId: string) => void;
  onEnd?: (sessionId: string, reason: 'left' | 'done') => void;
  /** Session ids; random by default. */
  newId?: () => string;
}

/** A verdict that keeps a running session going: someone is still there, whichever way they face. */
const STAYING: ReadonlySet<ZoneVerdict> = new Set<ZoneVerdict>(['facing', 'turned', 'side-on']);

export const LEAVE_AFTER_MIN_MS = 1000;
export const LEAVE_AFTER_MAX_MS = 10_000;

export class ShopperSession {
  phase: ShopperPhase = 'attract';
  sessionId: string | null = null;
  private phaseSinceMs = 0;
  private lastFrameMs = -Infinity;
  /** Set by "I'm done" until the zone was seen empty or `rearmAfterMs` passed. */
  private doneAtMs: number | null = null;
  private readonly enterAfterMs: number;
  private readonly leaveAfterMs: number;
  private readonly staleAfterMs: number;
  private readonly engineHangMs: number;
  private readonly rearmAfterMs: number;

  constructor(private readonly opts: ShopperSessionOptions = {}) {
    this.enterAfterMs = opts.enterAfterMs ?? 1000;
    this.leaveAfterMs = Math.min(LEAVE_AFTER_MAX_MS, Math.max(LEAVE_AFTER_MIN_MS, opts.leaveAfterMs ?? 2500));
    this.staleAfterMs = opts.staleAfterMs ?? 1000;
    this.engineHangMs = opts.engineHangMs ?? 2 * ENGINE_HANG_TIMEOUT_MS;
    this.rearmAfterMs = opts.rearmAfterMs ?? 8000;
  }

  /** True while a shopper's session runs (including the grace period while they step out of view). */
  get active(): boolean {
    return this.phase === 'session' || this.phase === 'leaving';
  }

  /** Feed every pose frame's zone verdict at `nowMs`. */
  observe(verdict: ZoneVerdict, nowMs: number): void {
    this.lastFrameMs = nowMs;
    this.step(verdict, nowMs);
  }

  /**
   * Call once per rendered frame: with no pose frames at all the zone must still empty and the session time out.
   * @param awaitingSinceMs since when the engine has had a frame of ours it has not answered (the frame pump's
   *   `awaitingSinceMs`), or null when none is out. While that is under `engineHangMs` the engine is working and
   *   the zone is as its last answer said: on a loaded machine (3D garments drawn in software, a GLB being parsed)
   *   answers reached the page 1–10 s apart with the engine never hung, and counting those gaps as an empty zone
   *   ended the shopper's visit and took their garment off while they stood there.
   */
  tick(nowMs: number, awaitingSinceMs: number | null = null): void {
    const engineWorking = awaitingSinceMs !== null && nowMs - awaitingSinceMs < this.engineHangMs;
    if (!engineWorking && nowMs - this.lastFrameMs >= this.staleAfterMs) this.step('nobody', nowMs);
    else this.step(null, nowMs);
  }

  /** "I'm done": the session ends now and its data is wiped by `onEnd`. */
  done(nowMs: number): void {
    if (!this.active) return;
    this.doneAtMs = nowMs;
    this.finish('done', nowMs);
  }

  /**
   * @param verdict the zone now, or null on a tick without a new frame (only timers advance).
   */
  private step(verdict: ZoneVerdict | null, nowMs: number): void {
    if (this.doneAtMs !== null && (verdict === 'nobody' || verdict === 'small' || verdict === 'off-centre' || nowMs - this.doneAtMs >= this.rearmAfterMs)) {
      this.doneAtMs = null;
    }
    switch (this.phase) {
      case 'attract':
        if (verdict === 'facing' && this.doneAtMs === null) this.enter('approaching', nowMs);
        break;
      case 'approaching':
        if (verdict !== null && verdict !== 'facing') this.enter('attract', nowMs);
        else if (nowMs - this.phaseSinceMs >= this.enterAfterMs) this.start(nowMs);
        break;
      case 'session':
        if (verdict !== null && !STAYING.has(verdict)) this.enter('leaving', nowMs);
        break;
      case 'leaving':
        if (verdict !== null && STAYING.has(verdict)) this.enter('session', nowMs);
        else if (nowMs - this.phaseSinceMs >= this.leaveAfterMs) this.finish('left', nowMs);
        break;
    }
  }

  private enter(phase: ShopperPhase, nowMs: number): void {
    this.phase = phase;
    this.phaseSinceMs = nowMs;
  }

  private start(nowMs: number): void {
    this.sessionId = this.opts.newId?.() ?? crypto.randomUUID();
    this.enter('session', nowMs);
    this.opts.onStart?.(this.sessionId);
  }

  private finish(reason: 'left' | 'done', nowMs: number): void {
    const id = this.sessionId!;
    this.sessionId = null;
    this.enter('attract', nowMs);
    this.opts.onEnd?.(id, reason);
  }
}
