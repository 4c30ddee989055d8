/**
 * Lock-out after repeated wrong PINs, as a pure state machine so its rules are tested without a clock.
 * After MAX_FAILURES consecutive failures the account is locked for BASE_LOCK_MS; each further lock-out before a
 * successful sign-in doubles the time, up to MAX_LOCK_MS. A success clears everything.
 */

/** Wrong PINs in a row before the account locks. @default 5 */
export const MAX_FAILURES = 5;
/** First lock-out. @default 30000 (30 s) */
export const BASE_LOCK_MS = 30_000;
/** Longest lock-out. @default 3600000 (1 hour) */
export const MAX_LOCK_MS = 60 * 60_000;

export interface LockState {
  /** Consecutive failures since the last success or lock-out. */
  failures: number;
  /** Lock-outs since the last success; sets the next lock's length. */
  lockouts: number;
  /** Epoch ms until which sign-in is refused; 0 when not locked. */
  lockedUntilMs: number;
}

export const UNLOCKED: LockState = { failures: 0, lockouts: 0, lockedUntilMs: 0 };

/** Milliseconds left of a lock-out at `nowMs` (0 when free to try). */
export function lockedForMs(s: LockState, nowMs: number): number {
  return Math.max(0, s.lockedUntilMs - nowMs);
}

/** State after a wrong PIN at `nowMs` (call only when not locked). */
export function afterFailure(s: LockState, nowMs: number): LockState {
  const failures = s.failures + 1;
  if (failures < MAX_FAILURES) return { ...s, failures };
  const lockMs = Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** s.lockouts);
  return { failures: 0, lockouts: s.lockouts + 1, lockedUntilMs: nowMs + lockMs };
}

export function afterSuccess(): LockState {
  return UNLOCKED;
}
