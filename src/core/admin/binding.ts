/**
 * How a shell holds an admin session for the caller it received a message from. Electron keeps the token per
 * webContents and the mirror's WebSocket per connection (`bind` after a PIN); the web admin listener reads it from
 * an HttpOnly cookie on each request and cannot bind from page script (`bind` is null: sign in through the form).
 */
export interface SessionBinding {
  /** The caller's current session token, or null. Never sent to the renderer. */
  token(): string | null;
  /** Holds `token` for later calls from this caller; null where sessions are set by cookie instead. */
  readonly bind: ((token: string) => void) | null;
  /** Forgets the caller's token (sign-out). */
  clear(): void;
}

/** A binding held in memory for one connection or webContents. */
export function memoryBinding(): SessionBinding {
  let held: string | null = null;
  return {
    token: () => held,
    bind: (t) => {
      held = t;
    },
    clear: () => {
      held = null;
    },
  };
}

/** What a shell puts in a CallContext for a caller holding `session` (re-derived on every message). */
export interface Caller {
  role: 'shopper' | 'staff' | 'manager';
  userId?: string;
  origin: string;
  session: SessionBinding;
}

/**
 * The role behind `session` right now: a session that expired, idled out or was revoked (sign-out, PIN change,
 * account disabled) makes the caller a shopper again on its very next call.
 */
export function callerOf(resolve: (token: string | null) => { userId: string; role: 'staff' | 'manager' } | null, session: SessionBinding, origin: string): Caller {
  const who = resolve(session.token());
  return who ? { role: who.role, userId: who.userId, origin, session } : { role: 'shopper', origin, session };
}
