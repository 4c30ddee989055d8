export type SessionState = 'attract' | 'active';

export interface PresenceSessionOptions {
  /** A person must be seen this long before a session starts (someone walking past is not a shopper). @default 700 */
  enterAfterMs?: number;
  /** Nobody seen this long ends the session. @default 20000 */
  leaveAfterMs?: number;
  onStart?: (sessionId: string) => void;
  onEnd?: (sessionId: string) => void;
  /** Session ids; random by default. */
  newId?: () => string;
}

/**
 * When a shopper session begins and ends, from person presence alone: attract screen while nobody is in front of
 * the mirror; a session once someone has stood there briefly; the session ends, and everything of it is wiped by
 * the `onEnd` listener, once nobody has been seen for the idle timeout. Pure: the caller passes the clock.
 */
export class PresenceSession {
  state: SessionState = 'attract';
  sessionId: string | null = null;
  private presentSinceMs: number | null = null;
  private lastSeenMs = -Infinity;
  private readonly enterAfterMs: number;
  private readonly leaveAfterMs: number;

  constructor(private readonly opts: PresenceSessionOptions = {}) {
    this.enterAfterMs = opts.enterAfterMs ?? 700;
    this.leaveAfterMs = opts.leaveAfterMs ?? 20_000;
  }

  /** Feed every pose frame's verdict: is a person in front of the mirror at `nowMs`? */
  observe(present: boolean, nowMs: number): void {
    if (present) {
      this.lastSeenMs = nowMs;
      this.presentSinceMs ??= nowMs;
      if (this.state === 'attract' && nowMs - this.presentSinceMs >= this.enterAfterMs) this.start();
    } else {
      this.presentSinceMs = null;
    }
    this.tick(nowMs);
  }

  /** Call periodically too: with no pose frames at all (engine down), the session must still time out. */
  tick(nowMs: number): void {
    if (this.state === 'active' && nowMs - this.lastSeenMs >= this.leaveAfterMs) this.end();
  }

  /** Ends the session now (e.g. the shopper pressed "done"). */
  end(): void {
    if (this.state !== 'active') return;
    const id = this.sessionId!;
    this.state = 'attract';
    this.sessionId = null;
    this.presentSinceMs = null;
    this.opts.onEnd?.(id);
  }

  private start(): void {
    this.state = 'active';
    this.sessionId = this.opts.newId?.() ?? crypto.randomUUID();
    this.opts.onStart?.(this.sessionId);
  }
}
