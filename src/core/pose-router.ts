import { ApiError, type Unsubscribe } from '../shared/contract-kit';
import type { PoseFrame } from '../shared/pose';

/** The holder may stop sending frames this long before another mirror can take the engine over. @default 3000 */
export const ENGINE_IDLE_TAKEOVER_MS = 3000;

/**
 * Who owns the engine's answers. One engine tracks one person for one mirror: the first peer (a WebSocket
 * connection, an Electron window) that submits a frame holds the engine; a second peer gets `busy` until the
 * holder has gone (`release`) or sent nothing for `idleTakeoverMs`. Each pose goes only to the peer that
 * submitted the frame it answers (the inference host tags frames with their peer), so a spy connection never sees
 * another mirror's body data, and a pose from an older page never reaches a new one (no replay, and a new holder
 * makes the engine forget the tracked person).
 */
export class PoseRouter {
  private holder: string | null = null;
  private lastFrameMs = 0;
  private readonly listeners = new Map<string, Set<(pose: PoseFrame) => void>>();

  /**
   * @param onNewHolder called when the engine changes hands (the engine resets its tracking there).
   * @param idleTakeoverMs @default ENGINE_IDLE_TAKEOVER_MS
   */
  constructor(
    private readonly onNewHolder: () => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly idleTakeoverMs = ENGINE_IDLE_TAKEOVER_MS,
  ) {}

  /** The peer feeding the engine now, or null. */
  get current(): string | null {
    return this.holder;
  }

  /**
   * Takes or renews the engine for `peer` before it submits a frame.
   * @throws ApiError `busy` while another mirror holds it.
   */
  claim(peer: string): void {
    const t = this.now();
    if (this.holder !== null && this.holder !== peer && t - this.lastFrameMs < this.idleTakeoverMs) {
      throw new ApiError('busy', 'another mirror is using the pose engine: one mirror per engine');
    }
    if (this.holder !== peer) {
      this.holder = peer;
      this.onNewHolder();
    }
    this.lastFrameMs = t;
  }

  /** `peer` has gone (socket closed, window destroyed): the engine is free at once. */
  release(peer: string): void {
    if (this.holder === peer) this.holder = null;
    this.listeners.delete(peer);
  }

  /** Pose frames answering `peer`'s own frames; nothing of any other peer, nothing from before. */
  listen(peer: string, fn: (pose: PoseFrame) => void): Unsubscribe {
    let set = this.listeners.get(peer);
    if (!set) this.listeners.set(peer, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /**
   * Hands a pose to the peer whose frame it answers. Untagged poses (Electron's engine answers the window on its own
   * port) and poses of a peer that no longer holds the engine go nowhere.
   */
  deliver(pose: PoseFrame, peer: string | undefined): void {
    if (peer === undefined || peer !== this.holder) return;
    for (const fn of this.listeners.get(peer) ?? []) fn(pose);
  }
}
