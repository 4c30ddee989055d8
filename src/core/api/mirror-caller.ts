import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';

/**
 * True when the caller is the mirror itself: the connection feeding the engine; when none does (Electron's own port,
 * the browser engine, a replayed track), the kiosk's own screen. Never another connection while a mirror is tracking.
 */
export function isMirrorCaller(s: CoreServices, ctx: CallContext): boolean {
  const holder = s.poses.current;
  return (ctx.peer !== undefined && ctx.peer === holder) || (ctx.kiosk === true && (holder === null || s.shell === 'electron'));
}
