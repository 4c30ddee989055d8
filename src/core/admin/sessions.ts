import crypto from 'node:crypto';
import type { Role } from '../../shared/contract-kit';

/** A session ends this long after sign-in, whatever happens. @default 43200000 (12 hours) */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** ...or after this long without a call. @default 900000 (15 minutes) */
export const SESSION_IDLE_MS = 15 * 60_000;

export interface Session {
  userId: string;
  role: Exclude<Role, 'shopper'>;
  createdAtMs: number;
  lastSeenMs: number;
  expiresAtMs: number;
}

/**
 * Signed-in staff sessions, in memory (a restart signs everyone out, which a kiosk can afford). Tokens are 32
 * random bytes; only their sha256 is kept, so a heap dump does not hand out live sessions.
 */
export class SessionStore {
  private readonly byHash = new Map<string, Session>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxMs = SESSION_MAX_MS,
    private readonly idleMs = SESSION_IDLE_MS,
  ) {}

  /** Starts a session; returns the token (the caller hands it to the shell, never to page script on the web). */
  create(userId: string, role: Session['role']): { token: string; session: Session } {
    const token = crypto.randomBytes(32).toString('base64url');
    const t = this.now();
    const session: Session = { userId, role, createdAtMs: t, lastSeenMs: t, expiresAtMs: t + this.maxMs };
    this.byHash.set(hashToken(token), session);
    return { token, session };
  }

  /** The live session of `token`, touched (idle timer restarted); null when unknown, expired or idle too long. */
  check(token: string | null | undefined, touch = true): Session | null {
    if (!token) return null;
    const key = hashToken(token);
    const s = this.byHash.get(key);
    if (!s) return null;
    const t = this.now();
    if (t >= s.expiresAtMs || t - s.lastSeenMs >= this.idleMs) {
      this.byHash.delete(key);
      return null;
    }
    if (touch) s.lastSeenMs = t;
    return s;
  }

  revoke(token: string | null | undefined): void {
    if (token) this.byHash.delete(hashToken(token));
  }

  /** Ends every session of a user (disabled, role changed, PIN changed). */
  revokeUser(userId: string): void {
    for (const [k, s] of this.byHash) if (s.userId === userId) this.byHash.delete(k);
  }

  get size(): number {
    return this.byHash.size;
  }
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
