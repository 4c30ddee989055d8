import { clamp01 } from '../../shared/math/clamp';
import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';
import { OneEuroFilter } from '../../shared/math/one-euro';
import { HandLandmark, type Hand as HandLandmarks } from '../../shared/hands';


const CURSOR_FILTER = { minCutoff: 1.2, beta: 2, derivateCutoff: 1 } as const;
/**
 * Hand → on-screen cursor. The hand's position is read relative to its own shoulder in shoulder widths, so the
 * same arm movement moves the cursor the same way at 1.5 m as at 2.5 m (the shoulders shrink with distance as the
 * hand's travel does). The cursor is mirrored like the picture: the shopper's right hand moves it on the screen's
 * right, as in a mirror.
 *
 * A hand only drives the cursor while it is lifted to point: forearm raised (wrist above elbow), above the hips,
 * and away from the face. Arms hanging, hands on hips, a phone at the ear or someone walking past move nothing.
 */

/** Reach box, in shoulder widths from the pointing hand's shoulder, screen-right positive (mirrored image x). */
export const REACH = {
  /** Right hand: from 1 sw across the body (screen left) to 2 sw out (screen right). Left hand: the mirror image. */
  acrossSw: 1.0,
  outSw: 2.0,
  /** From 1.6 sw above the shoulder (screen top) to 0.6 sw below it (screen bottom). */
  upSw: 1.6,
  downSw: 0.6,
} as const;
/** The wrist must be this far above its elbow (shoulder widths) for the forearm to count as raised. */
const FOREARM_RAISED_SW = 0.12;
/** A hand closer to the nose than this (shoulder widths) is at the face, not pointing. */
const FACE_RADIUS_SW = 0.55;
/** Landmarks less visible than this are not trusted to point. */
const MIN_VISIBILITY = 0.5;

export type Hand = 'left' | 'right';

export interface RawCursor {
  hand: Hand;
  /** Screen position, normalised to the mirror view (0..1, may be clamped). */
  xNorm: number;
  yNorm: number;
}

const SIDES = {
  left: { shoulder: PoseLandmark.leftShoulder, elbow: PoseLandmark.leftElbow, wrist: PoseLandmark.leftWrist, index: PoseLandmark.leftIndex },
  right: { shoulder: PoseLandmark.rightShoulder, elbow: PoseLandmark.rightElbow, wrist: PoseLandmark.rightWrist, index: PoseLandmark.rightIndex },
} as const;


/**
 * Where `hand` points, or null when it is not lifted to point. `landmarks` are image landmarks (borrowed);
 * `aspect` is the camera frame's width / height, so x and y distances are compared in the same units.
 * `fingertip`: the index fingertip from the engine's hand model (frame-normalised), when it saw this hand; it
 * replaces the pose's coarse index landmark.
 */
export function pointingHand(
  landmarks: readonly NormalizedLandmark[],
  hand: Hand,
  aspect: number,
  fingertip?: { x: number; y: number } | null,
): RawCursor | null {
  if (landmarks.length < 33) return null;
  const s = SIDES[hand];
  const ls = landmarks[PoseLandmark.leftShoulder]!;
  const rs = landmarks[PoseLandmark.rightShoulder]!;
  const sh = landmarks[s.shoulder]!;
  const el = landmarks[s.elbow]!;
  const wr = landmarks[s.wrist]!;
  const ix = landmarks[s.index]!;
  const nose = landmarks[PoseLandmark.nose]!;
  const hipY = (landmarks[PoseLandmark.leftHip]!.y + landmarks[PoseLandmark.rightHip]!.y) / 2;
  if (Math.min(ls.visibility, rs.visibility, wr.visibility, el.visibility) < MIN_VISIBILITY) return null;
  // Shoulder width in height units (x scaled by the aspect ratio).
  const sw = Math.hypot((ls.x - rs.x) * aspect, ls.y - rs.y);
  if (sw < 0.02) return null;
  // The hand model's fingertip, else the pose's index landmark when seen, else the wrist.
  const tip = fingertip ?? (ix.visibility >= MIN_VISIBILITY ? ix : wr);
  if ((el.y - wr.y) / sw < FOREARM_RAISED_SW) return null;
  if (tip.y > hipY) return null;
  if (Math.hypot((tip.x - nose.x) * aspect, tip.y - nose.y) / sw < FACE_RADIUS_SW) return null;
  // Screen-right is image-left (the mirror).
  const rightSw = (-(tip.x - sh.x) * aspect) / sw;
  const downSw = (tip.y - sh.y) / sw;
  const span = REACH.acrossSw + REACH.outSw;
  const xNorm = hand === 'right' ? (rightSw + REACH.acrossSw) / span : (rightSw + REACH.outSw) / span;
  const yNorm = (downSw + REACH.upSw) / (REACH.upSw + REACH.downSw);
  return { hand, xNorm: clamp01(xNorm), yNorm: clamp01(yNorm) };
}

export interface CursorState {
  active: boolean;
  hand: Hand | null;
  xNorm: number;
  yNorm: number;
}

/**
 * The smoothed cursor: one-euro filtered (steady when the hand is still, responsive when it moves), sticking to
 * the hand that started pointing until it drops. Feed it every pose frame; not per render frame.
 */
export class HandCursor {
  // Cut-off 1.2 Hz at rest (a still hand, a still cursor), rising 2 Hz per screen-width/s of speed.
  private readonly fx = new OneEuroFilter(CURSOR_FILTER);
  private readonly fy = new OneEuroFilter(CURSOR_FILTER);
  readonly state: CursorState = { active: false, hand: null, xNorm: 0.5, yNorm: 0.5 };

  /**
   * Landmarks and hands are borrowed. `hands`: the engine's hand landmarks of raised hands (none from an engine
   * without the hand stage); a hand found there is followed by its index fingertip. Returns the (reused) state object.
   */
  update(landmarks: readonly NormalizedLandmark[], aspect: number, nowMs: number, hands: readonly HandLandmarks[] = []): CursorState {
    const st = this.state;
    const tipOf = (side: Hand) => hands.find((h) => h.side === side)?.landmarks[HandLandmark.indexTip] ?? null;
    const keep = st.hand ? pointingHand(landmarks, st.hand, aspect, tipOf(st.hand)) : null;
    let raw = keep;
    if (!raw) {
      // A new hand: the higher of the two that point.
      const l = pointingHand(landmarks, 'left', aspect, tipOf('left'));
      const r = pointingHand(landmarks, 'right', aspect, tipOf('right'));
      raw = l && r ? (l.yNorm < r.yNorm ? l : r) : (l ?? r);
      if (raw) {
        this.fx.reset();
        this.fy.reset();
      }
    }
    if (!raw) {
      st.active = false;
      st.hand = null;
      return st;
    }
    st.active = true;
    st.hand = raw.hand;
    st.xNorm = this.fx.apply(nowMs, 1, raw.xNorm);
    st.yNorm = this.fy.apply(nowMs, 1, raw.yNorm);
    return st;
  }

  reset(): void {
    this.state.active = false;
    this.state.hand = null;
    this.fx.reset();
    this.fy.reset();
  }
}
