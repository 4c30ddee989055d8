import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';

/**
 * Is somebody standing in the mirror's zone — close enough, in front of it, and (to begin a session) facing it?
 * A passer-by in the street clip is small, off to one side and walks across side-on; a shopper fills a good part of
 * the frame, near its centre, with both shoulders towards the camera. Pure; landmarks normalised to the camera frame
 * (unmirrored: the person's left shoulder appears on the image's right when they face the camera).
 */
export interface ShopperZoneOptions {
  /**
   * Smallest body height on the camera frame, as a fraction of its height. The body height is the larger of the
   * visible landmarks' vertical extent and {@link BODY_PER_TORSO} torso lengths (so a shopper close enough that their
   * feet leave the frame still counts). @default 0.45
   */
  minBodyHeight?: number;
  /** Largest horizontal offset of the hip centre from the frame's centre, as a fraction of the width. @default 0.3 */
  maxOffCentre?: number;
}

/** Why a pose is or is not in the zone (the debug overlay shows it). */
export type ZoneVerdict = 'facing' | 'turned' | 'nobody' | 'small' | 'off-centre' | 'side-on';

/** Landmarks below this visibility do not count as seen. */
const VISIBLE = 0.5;
/**
 * Standing body height per shoulder-to-hip length: the torso (shoulder line to hip line) is about 30 % of a standing
 * adult's height (anthropometric tables: ~0.29–0.31), so ≈ 3.2 torsos; 3.0 errs towards a smaller body.
 */
export const BODY_PER_TORSO = 3.0;
/**
 * Shoulder breadth ÷ torso length below which the person is side-on. Facing the camera the joint-to-joint shoulder
 * breadth is ≈ 0.7–0.8 torso lengths; walking across (profile) it shrinks to ≈ 0.1–0.3.
 */
const MIN_FACING_RATIO = 0.4;

const L = PoseLandmark;

/**
 * The zone verdict for one pose. `aspect` = frame width ÷ height (normalised x and y have different units).
 * `facing`: in the zone and facing the mirror; `turned`: in the zone with the back to it (a shopper turning around
 * stays in their session but does not start one).
 */
export function shopperZone(landmarks: readonly NormalizedLandmark[], aspect: number, options: ShopperZoneOptions = {}): ZoneVerdict {
  if (landmarks.length < 33) return 'nobody';
  const minBodyHeight = options.minBodyHeight ?? 0.45;
  const maxOffCentre = options.maxOffCentre ?? 0.3;
  const ls = landmarks[L.leftShoulder]!;
  const rs = landmarks[L.rightShoulder]!;
  const lh = landmarks[L.leftHip]!;
  const rh = landmarks[L.rightHip]!;
  if (ls.visibility < VISIBLE || rs.visibility < VISIBLE) return 'side-on';

  let top = Infinity;
  let bottom = -Infinity;
  for (const l of landmarks) {
    if (l.visibility < VISIBLE) continue;
    if (l.y < top) top = l.y;
    if (l.y > bottom) bottom = l.y;
  }
  const torso = Math.hypot(((ls.x + rs.x) / 2 - (lh.x + rh.x) / 2) * aspect, (ls.y + rs.y) / 2 - (lh.y + rh.y) / 2);
  const bodyHeight = Math.max(bottom - top, torso * BODY_PER_TORSO);
  if (bodyHeight < minBodyHeight) return 'small';

  const hipCentreX = lh.visibility >= VISIBLE && rh.visibility >= VISIBLE ? (lh.x + rh.x) / 2 : (ls.x + rs.x) / 2;
  if (Math.abs(hipCentreX - 0.5) > maxOffCentre) return 'off-centre';

  const shoulderDx = (ls.x - rs.x) * aspect;
  const breadth = Math.hypot(shoulderDx, ls.y - rs.y);
  if (torso <= 0 || breadth / torso < MIN_FACING_RATIO) return 'side-on';
  return shoulderDx > 0 ? 'facing' : 'turned';
}
