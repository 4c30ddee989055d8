/**
 * Why a sign-in was refused, read from the API error's details (the server words its own message in English; the
 * admin screen words it in the staff member's language and counts a lock-out down to zero).
 */
export type SignInRefusal =
  | { kind: 'wrongPin'; triesLeft: number }
  /** The account is locked after wrong PINs (`lockedForS`), or this device made too many attempts (`retryInS`). */
  | { kind: 'locked' | 'device'; untilMs: number };

/** The refusal in `e` (an ApiError or its JSON), or null when it is another error (shown as it is). */
export function refusalOf(e: unknown, nowMs: number): SignInRefusal | null {
  const details = (e as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return null;
  for (const d of details) {
    const m = typeof d === 'string' ? /^(triesLeft|lockedForS|retryInS): (\d+)$/.exec(d) : null;
    if (!m) continue;
    const n = Number(m[2]);
    if (m[1] === 'triesLeft') return { kind: 'wrongPin', triesLeft: n };
    return { kind: m[1] === 'lockedForS' ? 'locked' : 'device', untilMs: nowMs + n * 1000 };
  }
  return null;
}

/** Seconds left of a wait at `nowMs`, rounded up (0 once it may try again). */
export function secondsLeft(r: SignInRefusal, nowMs: number): number {
  return r.kind === 'wrongPin' ? 0 : Math.max(0, Math.ceil((r.untilMs - nowMs) / 1000));
}

/** The refusal as one sentence in the current language ("Too many wrong PINs. Try again in 30 seconds."). */
export function refusalText(r: SignInRefusal, nowMs: number, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (r.kind === 'wrongPin') return r.triesLeft === 1 ? t('admin.touch.wrongPinOne') : t('admin.touch.wrongPin', { count: r.triesLeft });
  const s = secondsLeft(r, nowMs);
  if (s === 0) return t('admin.touch.tryAgainNow');
  const minutes = Math.ceil(s / 60);
  const time = s < 60 ? (s === 1 ? t('admin.touch.secondsOne') : t('admin.touch.seconds', { count: s })) : minutes === 1 ? t('admin.touch.minutesOne') : t('admin.touch.minutes', { count: minutes });
  return t(r.kind === 'locked' ? 'admin.touch.lockedFor' : 'admin.touch.deviceWait', { time });
}
