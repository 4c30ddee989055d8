import crypto from 'node:crypto';
import type { KioskCodePurpose } from '../../shared/admin';

/** A code works this long after it is shown. @default 300000 (5 minutes) */
export const KIOSK_CODE_TTL_MS = 5 * 60_000;
/** Wrong entries before a code is void (a new one must be shown). @default 3 */
export const KIOSK_CODE_MAX_WRONG = 3;

interface Live {
  code: string;
  expiresAtMs: number;
  wrong: number;
}

/**
 * One-time codes shown on the kiosk's own screen: proof that whoever types it stands at the mirror (first-run
 * setup; unlocking a locked-out account). Only the kiosk's screen may ask for one (checked by the caller); each
 * code is for one purpose, works once, expires, and dies after a few wrong entries.
 */
export class KioskCodes {
  private readonly live = new Map<KioskCodePurpose, Live>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh 6-digit code for `purpose`, replacing any earlier one. */
  issue(purpose: KioskCodePurpose): { code: string; expiresInS: number } {
    const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.live.set(purpose, { code, expiresAtMs: this.now() + KIOSK_CODE_TTL_MS, wrong: 0 });
    return { code, expiresInS: Math.round(KIOSK_CODE_TTL_MS / 1000) };
  }

  /** True, and the code is used up, when `code` is the live code of `purpose`. */
  consume(purpose: KioskCodePurpose, code: string): boolean {
    const l = this.live.get(purpose);
    if (!l || this.now() >= l.expiresAtMs) {
      this.live.delete(purpose);
      return false;
    }
    const ok = code.length === l.code.length && crypto.timingSafeEqual(Buffer.from(code), Buffer.from(l.code));
    if (ok || ++l.wrong >= KIOSK_CODE_MAX_WRONG) this.live.delete(purpose);
    return ok;
  }
}
