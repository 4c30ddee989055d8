import { HandLandmark, type Hand, type HandPoint } from '../../shared/hands';

/**
 * Hand gestures from the engine's 21 hand landmarks: a pinch (thumb tip to index tip) clicks, an open palm held still
 * goes back. Distances are measured in the hand's own size — the palm length, wrist to middle-finger knuckle, about
 * 10 cm on an adult hand (hand length ≈ 19 cm, palm ≈ 55 % of it) — so the same gesture reads the same at 1 m and at
 * 3 m from the camera. Pure: the caller passes the clock.
 */

/**
 * Pinch hysteresis in palm lengths. Thumb and index tips touching leave their landmarks about a finger pad apart
 * (1–2 cm, 0.1–0.2 palm): closed below 0.25 (≈ 2.5 cm). A released pinch opens the tips well beyond that; it counts
 * as open again only above 0.45 (≈ 4.5 cm), so the landmarks' jitter (a few mm) can never click twice.
 */
export const PINCH_CLOSED_PALMS = 0.25;
export const PINCH_OPEN_PALMS = 0.45;
/**
 * A finger is extended when its tip is this much further from the wrist than its middle joint (PIP). Straight, the
 * tip lies palm + three phalanges from the wrist against palm + one for the PIP (≈ 19 cm vs 14.5 cm, ratio 1.3);
 * curled, the tip folds back towards the palm (ratio below 1).
 */
export const EXTENDED_TIP_OVER_PIP = 1.15;
/**
 * A pinch needs the index reaching out past its knuckle: its tip this much further from the wrist than the index
 * knuckle (MCP). Pinching, the bent index still puts its tip ≈ 4–6 cm beyond the knuckle (ratio ≈ 1.4); in a fist —
 * a runner's swinging hands, a shopper's clenched hand — the tip curls back onto the palm, nearer the wrist than the
 * knuckle (ratio below 1) while the thumb rests on it, which thumb-to-tip distance alone reads as a pinch.
 */
export const PINCH_INDEX_REACH_OVER_MCP = 1.1;
/**
 * A pinch only clicks from a hand moving slower than this, in palm lengths per second (middle knuckle, frame to frame):
 * 5 ≈ 0.5 m/s on a 10 cm palm. A click ends an aiming movement, where the hand has slowed to nearly still over the
 * button; the landmarks' own jitter is ≈ 1 palm/s at 30 fps (3 mm a frame); an arm swinging while someone walks or
 * runs moves at 1–3 m/s (10–30 palms/s), and its motion blur is what makes a passing fist look like a pinch.
 */
export const PINCH_MAX_HAND_SPEED_PALMS_PER_S = 5;
/**
 * …measured over at least this span, so that frames arriving bunched (a busy renderer, the engine catching up) do not
 * turn a few millimetres of landmark jitter into speed: 100 ms, three frames at 30 fps. A hand seen for less has not
 * aimed at anything yet (the cursor's own filter takes longer to settle) and cannot click.
 */
export const PINCH_SPEED_SPAN_MS = 100;
/** The thumb is out (not tucked across the palm) when its tip is this many palm lengths from the index knuckle. */
export const THUMB_OUT_PALMS = 0.5;
/** An open palm must be held this long to go back: the mirror's dwell time, the kiosk's one "I mean it" delay. */
export const OPEN_PALM_HOLD_MS = 1000;
/**
 * …and held still: its centre may wander at most one palm length (≈ 10 cm) from where the hold began. A hand held up
 * in the air sways and trembles by a few centimetres; an open hand that travels further is pointing somewhere.
 */
export const OPEN_PALM_STILL_PALMS = 1;

const FINGERS = [
  [HandLandmark.indexPip, HandLandmark.indexTip],
  [HandLandmark.middlePip, HandLandmark.middleTip],
  [HandLandmark.ringPip, HandLandmark.ringTip],
  [HandLandmark.pinkyPip, HandLandmark.pinkyTip],
] as const;

/**
 * Distance between two hand points in frame-height units. x and z are in frame-width units, so both are scaled by
 * `aspect` (frame width / height).
 */
function dist(a: HandPoint, b: HandPoint, aspect: number): number {
  return Math.hypot((a.x - b.x) * aspect, a.y - b.y, (a.z - b.z) * aspect);
}

/** Palm length (wrist → middle-finger knuckle) in frame-height units. */
export function palmLength(hand: Hand, aspect: number): number {
  return dist(hand.landmarks[HandLandmark.wrist]!, hand.landmarks[HandLandmark.middleMcp]!, aspect);
}

/** Thumb tip to index tip in palm lengths; Infinity for a degenerate hand. */
export function pinchPalms(hand: Hand, aspect: number): number {
  const palm = palmLength(hand, aspect);
  if (!(palm > 0)) return Infinity;
  return dist(hand.landmarks[HandLandmark.thumbTip]!, hand.landmarks[HandLandmark.indexTip]!, aspect) / palm;
}

/** All four fingers straight and the thumb out: the "stop / go back" hand. */
export function isOpenPalm(hand: Hand, aspect: number): boolean {
  const lm = hand.landmarks;
  const wrist = lm[HandLandmark.wrist]!;
  for (const [pip, tip] of FINGERS) {
    if (dist(wrist, lm[tip]!, aspect) < EXTENDED_TIP_OVER_PIP * dist(wrist, lm[pip]!, aspect)) return false;
  }
  const palm = palmLength(hand, aspect);
  return palm > 0 && dist(lm[HandLandmark.thumbTip]!, lm[HandLandmark.indexMcp]!, aspect) / palm >= THUMB_OUT_PALMS;
}

/**
 * Whether the index finger reaches out as it does pinching and does not in a fist: its tip past its knuckle (MCP, by
 * PINCH_INDEX_REACH_OVER_MCP) and not folded back inside its own middle joint (PIP). Pinching, the index bends at most
 * ≈ 45° at the knuckle and ≈ 50° at the PIP, which keeps the tip ≈ 1.05–1.1 × as far from the wrist as the PIP; a
 * finger folded into a fist brings the tip back to ≈ 0.8–0.9 × (measured on the runner's fists in mirror_run.mp4,
 * where the knuckle test alone let a fist with the tip just past the knuckle through).
 */
export function indexReaches(hand: Hand, aspect: number): boolean {
  const lm = hand.landmarks;
  const wrist = lm[HandLandmark.wrist]!;
  const tip = dist(wrist, lm[HandLandmark.indexTip]!, aspect);
  return tip >= PINCH_INDEX_REACH_OVER_MCP * dist(wrist, lm[HandLandmark.indexMcp]!, aspect) && tip >= dist(wrist, lm[HandLandmark.indexPip]!, aspect);
}

/**
 * Pinch with hysteresis; `update` says when a pinch starts (the click). A click is the closing movement: the hand
 * must first be seen with the tips apart (above PINCH_OPEN_PALMS) and then close, on one unbroken run of frames, while
 * the hand is nearly still (PINCH_MAX_HAND_SPEED_PALMS_PER_S over PINCH_SPEED_SPAN_MS). A hand that comes into view already closed — a
 * runner's fist swinging up, thumb on the curled index, seen for a frame or two; a hand raised holding a hanger or a
 * phone — has not clicked, nor has a swinging hand blurred into a pinch shape. A fist never closes it.
 */
export class PinchDetector {
  private closed = false;
  /** The tips were seen apart since the hand came into view (or since the last pinch opened): a close may click. */
  private armed = false;
  /** The middle knuckle on recent hand frames (frame-normalised, oldest first), for the hand's speed. */
  private readonly knuckles: Array<{ x: number; y: number; tMs: number }> = [];

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * One hand frame (borrowed), or null when no hand is seen (a lost hand releases and disarms the pinch). Returns
   * true on the frame the pinch closes.
   */
  update(hand: Hand | null, aspect: number, nowMs: number): boolean {
    if (!hand) {
      this.reset();
      return false;
    }
    const speedPalmsPerS = this.speedPalmsPerS(hand, aspect, nowMs);
    const d = pinchPalms(hand, aspect);
    if (d > PINCH_OPEN_PALMS) {
      this.closed = false;
      this.armed = true;
      return false;
    }
    if (!this.closed && this.armed && d < PINCH_CLOSED_PALMS && speedPalmsPerS <= PINCH_MAX_HAND_SPEED_PALMS_PER_S && indexReaches(hand, aspect)) {
      this.closed = true;
      this.armed = false;
      return true;
    }
    return false;
  }

  /**
   * The middle knuckle's speed over the last PINCH_SPEED_SPAN_MS or a little more (from the newest frame at least that
   * old); Infinity while the hand has been seen for less. Records this frame.
   */
  private speedPalmsPerS(hand: Hand, aspect: number, nowMs: number): number {
    const k = hand.landmarks[HandLandmark.middleMcp]!;
    const ks = this.knuckles;
    // Keep one frame at least a span old and everything newer.
    while (ks.length > 1 && ks[1]!.tMs <= nowMs - PINCH_SPEED_SPAN_MS) ks.shift();
    const ref = ks[0];
    ks.push({ x: k.x, y: k.y, tMs: nowMs });
    const palm = palmLength(hand, aspect);
    if (!ref || ref.tMs > nowMs - PINCH_SPEED_SPAN_MS || !(palm > 0)) return Infinity;
    return Math.hypot((k.x - ref.x) * aspect, k.y - ref.y) / palm / ((nowMs - ref.tMs) / 1000);
  }

  reset(): void {
    this.closed = false;
    this.armed = false;
    this.knuckles.length = 0;
  }
}

/** Open palm held still for OPEN_PALM_HOLD_MS: fires once per hold (the hand must close or drop before the next). */
export class OpenPalmDetector {
  private sinceMs: number | null = null;
  private startX = 0;
  private startY = 0;
  private fired = false;

  /** 0..1 of the hold, for a progress ring. */
  progress = 0;

  /** An open palm is shown now (held or already fired). */
  get isOpen(): boolean {
    return this.sinceMs !== null;
  }

  /** One hand frame (borrowed) or null. Returns true on the frame the hold completes. */
  update(hand: Hand | null, aspect: number, nowMs: number): boolean {
    if (!hand || !isOpenPalm(hand, aspect)) {
      this.sinceMs = null;
      this.fired = false;
      this.progress = 0;
      return false;
    }
    const c = hand.landmarks[HandLandmark.middleMcp]!;
    const palm = palmLength(hand, aspect);
    if (this.sinceMs === null || Math.hypot((c.x - this.startX) * aspect, c.y - this.startY) > OPEN_PALM_STILL_PALMS * palm) {
      // A new hold, or the hand moved: start over from here.
      this.sinceMs = nowMs;
      this.startX = c.x;
      this.startY = c.y;
    }
    if (this.fired) return false;
    this.progress = Math.min(1, (nowMs - this.sinceMs) / OPEN_PALM_HOLD_MS);
    if (this.progress < 1) return false;
    this.fired = true;
    this.progress = 0;
    return true;
  }

  reset(): void {
    this.sinceMs = null;
    this.fired = false;
    this.progress = 0;
  }
}
