import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';

/**
 * Whole-body framing: a digital pan/zoom over the camera picture that keeps the tracked shopper on screen from
 * the top of their head to their feet, with a margin. The view is a rectangle of the camera frame (camera pixels,
 * not mirrored) with the display's aspect ratio; the mirror's orthographic camera shows exactly that rectangle.
 *
 * - Nobody tracked: the cover-fitted full frame, as a plain mirror shows it.
 * - Somebody tracked: the smallest view that holds their body box plus the margin, but never closer than
 *   `maxZoomIn` × the cover-fitted view (a camera picture blown up further only gets blurry) and never wider than
 *   the whole frame (beyond it the camera has seen nothing). On an axis where the view is smaller than the frame
 *   it stays inside the frame; on an axis where it is larger it is centred on the frame, and the mirror fills the
 *   bands outside the picture (see `frame-extension.ts`).
 * - Motion: the view holds still while the target stays inside a dead zone (no jitter when the shopper stands
 *   still); once the target leaves it (or the body leaves the view), the view glides to it with a time constant,
 *   a speed limit and a zoom-rate limit, and holds again when it arrives.
 *
 * Pure apart from the clock the caller passes; `step` allocates nothing.
 */

export interface FramingOptions {
  /**
   * Space left above the head top and below the feet, as a fraction of the body box's height. 8 %: the crown is an
   * estimate from the eyes and ears, and hair plus a running shopper's bounce put the real top up to ~2 % of the body
   * above it (the mirror clip's e2e). @default 0.08
   */
  marginOfBody?: number;
  /** Closest zoom, relative to the cover-fitted full frame. @default 1.5 */
  maxZoomIn?: number;
  /** The view moves only when the target's centre is this far from its own (fraction of the view height). @default 0.05 */
  deadZoneOfView?: number;
  /** … or when the target's height differs from the view's by this factor (natural log). @default 0.08 */
  deadZoneZoomLog?: number;
  /** Once moving, the view stops when it is this close to the target (fraction of the view height / log zoom). @default 0.004 */
  arriveOfView?: number;
  /** Time constant of the glide to the target, seconds. @default 0.3 */
  glideS?: number;
  /** Fastest pan, in view heights per second. @default 0.9 */
  maxPanViewsPerS?: number;
  /** Fastest zoom, natural log of the view height per second (0.6 ≈ 82 % bigger or smaller in a second). @default 0.6 */
  maxZoomLogPerS?: number;
  /** Nobody seen this long: back to the full frame (a missed pose frame or two must not move the view). @default 1500 */
  lostAfterMs?: number;
}

/** A rectangle of the camera frame in camera pixels (x right, y down, not mirrored). */
export interface ViewRectPx {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

/** The shopper's body box in camera pixels, head top estimated (the landmarks stop at the eyes). */
export interface BodyBoxPx {
  leftPx: number;
  topPx: number;
  rightPx: number;
  bottomPx: number;
}

/**
 * How far the top of the head is above the eyes. The landmarks stop at the eyes and ears; the skull's vertex is
 * ~11.5 cm above the eye line (adult head height ~23 cm with the eyes at mid-height, ISO 7250 / ANSUR II). That
 * distance in pixels is estimated three ways and the largest is taken, so a turned head (ears close together) or a
 * tilted one does not lose the crown: from the ear-to-ear distance (bitragion breadth ~14.5 cm), the shoulder
 * width (biacromial breadth ~36–40 cm) and the eye-to-mouth height (~7 cm).
 */
export const HEAD_TOP_ABOVE_EYES = { ofEarDistance: 0.85, ofShoulderWidth: 0.33, ofEyeToMouth: 1.7 } as const;

/** Landmarks used for the body box: everything but the hands' finger points, which jitter the most. */
const BOX_LANDMARKS: readonly number[] = [
  PoseLandmark.nose,
  PoseLandmark.leftEye,
  PoseLandmark.rightEye,
  PoseLandmark.leftEar,
  PoseLandmark.rightEar,
  PoseLandmark.leftShoulder,
  PoseLandmark.rightShoulder,
  PoseLandmark.leftElbow,
  PoseLandmark.rightElbow,
  PoseLandmark.leftWrist,
  PoseLandmark.rightWrist,
  PoseLandmark.leftHip,
  PoseLandmark.rightHip,
  PoseLandmark.leftKnee,
  PoseLandmark.rightKnee,
  PoseLandmark.leftAnkle,
  PoseLandmark.rightAnkle,
  PoseLandmark.leftHeel,
  PoseLandmark.rightHeel,
  PoseLandmark.leftFootIndex,
  PoseLandmark.rightFootIndex,
];

/**
 * The body box of one pose in camera pixels, head top included, clipped to the frame (what the camera did not
 * see cannot be shown). Writes into `out`; returns false when there is no full pose.
 * @param landmarks normalised to the camera frame (borrowed).
 */
export function bodyBoxPx(landmarks: readonly NormalizedLandmark[], frameWidthPx: number, frameHeightPx: number, out: BodyBoxPx): boolean {
  if (landmarks.length < 33) return false;
  let l = Infinity;
  let t = Infinity;
  let r = -Infinity;
  let b = -Infinity;
  for (const i of BOX_LANDMARKS) {
    const p = landmarks[i]!;
    const x = p.x * frameWidthPx;
    const y = p.y * frameHeightPx;
    if (x < l) l = x;
    if (x > r) r = x;
    if (y < t) t = y;
    if (y > b) b = y;
  }
  out.topPx = Math.max(0, Math.min(t, headTopPx(landmarks, frameWidthPx, frameHeightPx)));
  out.leftPx = Math.max(0, l);
  out.rightPx = Math.min(frameWidthPx, r);
  out.bottomPx = Math.min(frameHeightPx, b);
  return out.rightPx > out.leftPx && out.bottomPx > out.topPx;
}

/** Estimated y of the top of the head, camera pixels (see {@link HEAD_TOP_ABOVE_EYES}). */
export function headTopPx(landmarks: readonly NormalizedLandmark[], frameWidthPx: number, frameHeightPx: number): number {
  const dist = (a: number, b: number): number => {
    const pa = landmarks[a]!;
    const pb = landmarks[b]!;
    return Math.hypot((pa.x - pb.x) * frameWidthPx, (pa.y - pb.y) * frameHeightPx);
  };
  const eyeYPx = ((landmarks[PoseLandmark.leftEye]!.y + landmarks[PoseLandmark.rightEye]!.y) / 2) * frameHeightPx;
  const mouthYPx = ((landmarks[PoseLandmark.mouthLeft]!.y + landmarks[PoseLandmark.mouthRight]!.y) / 2) * frameHeightPx;
  const aboveEyesPx = Math.max(
    HEAD_TOP_ABOVE_EYES.ofEarDistance * dist(PoseLandmark.leftEar, PoseLandmark.rightEar),
    HEAD_TOP_ABOVE_EYES.ofShoulderWidth * dist(PoseLandmark.leftShoulder, PoseLandmark.rightShoulder),
    HEAD_TOP_ABOVE_EYES.ofEyeToMouth * Math.abs(mouthYPx - eyeYPx),
  );
  return eyeYPx - aboveEyesPx;
}

/** Visible height of the cover-fitted full frame (camera px) for a display of `aspect` = width / height. */
function coverHeightPx(frameWidthPx: number, frameHeightPx: number, aspect: number): number {
  return Math.min(frameHeightPx, frameWidthPx / aspect);
}

/** Visible height when the whole frame is shown (contain), camera px. */
function containHeightPx(frameWidthPx: number, frameHeightPx: number, aspect: number): number {
  return Math.max(frameHeightPx, frameWidthPx / aspect);
}

/** On one axis: a view of `sizePx` centred near `centrePx`, inside [0, framePx] when it fits, else centred on it. */
function placeOnAxis(centrePx: number, sizePx: number, framePx: number): number {
  if (sizePx >= framePx) return framePx / 2;
  return Math.min(framePx - sizePx / 2, Math.max(sizePx / 2, centrePx));
}

export class Framing {
  /** The view to show now (reused object: read it, do not keep it). */
  readonly view: ViewRectPx = { xPx: 0, yPx: 0, widthPx: 1, heightPx: 1 };
  /** The body box of the latest pose (camera px), valid while `tracking`. */
  readonly body: BodyBoxPx = { leftPx: 0, topPx: 0, rightPx: 0, bottomPx: 0 };
  /** Is a body being framed (false: the full frame is the target)? */
  tracking = false;
  /** Gliding to the target (false: holding still inside the dead zone). */
  moving = false;
  enabled = true;

  private readonly o: Required<FramingOptions>;
  private frameWidthPx = 0;
  private frameHeightPx = 0;
  private aspect = 1;
  /** Current view: centre and log of the height, camera px. */
  private cxPx = 0;
  private cyPx = 0;
  private logH = 0;
  /** Target view, same units. */
  private tcxPx = 0;
  private tcyPx = 0;
  private tLogH = 0;
  private lastSeenMs = -Infinity;
  private lastStepMs: number | null = null;
  private placed = false;

  constructor(opts: FramingOptions = {}) {
    this.o = {
      marginOfBody: opts.marginOfBody ?? 0.08,
      maxZoomIn: opts.maxZoomIn ?? 1.5,
      deadZoneOfView: opts.deadZoneOfView ?? 0.05,
      deadZoneZoomLog: opts.deadZoneZoomLog ?? 0.08,
      arriveOfView: opts.arriveOfView ?? 0.004,
      glideS: opts.glideS ?? 0.3,
      maxPanViewsPerS: opts.maxPanViewsPerS ?? 0.9,
      maxZoomLogPerS: opts.maxZoomLogPerS ?? 0.6,
      lostAfterMs: opts.lostAfterMs ?? 1500,
    };
  }

  /** The camera frame and the display it is shown on; call whenever either changes (cheap when unchanged). */
  setGeometry(frameWidthPx: number, frameHeightPx: number, displayWidthPx: number, displayHeightPx: number): void {
    if (!(frameWidthPx > 0 && frameHeightPx > 0 && displayWidthPx > 0 && displayHeightPx > 0)) return;
    const aspect = displayWidthPx / displayHeightPx;
    if (frameWidthPx === this.frameWidthPx && frameHeightPx === this.frameHeightPx && aspect === this.aspect) return;
    this.frameWidthPx = frameWidthPx;
    this.frameHeightPx = frameHeightPx;
    this.aspect = aspect;
    // A new geometry: start from the full frame and glide from there.
    this.setFullFrameTarget();
    this.cxPx = this.tcxPx;
    this.cyPx = this.tcyPx;
    this.logH = this.tLogH;
    this.placed = true;
    this.moving = false;
    this.writeView();
  }

  /**
   * A pose frame: landmarks normalised to the camera frame (borrowed), empty when nobody is there. Sets the target.
   */
  observe(landmarks: readonly NormalizedLandmark[], nowMs: number): void {
    if (!this.placed) return;
    if (this.enabled && bodyBoxPx(landmarks, this.frameWidthPx, this.frameHeightPx, this.body)) {
      this.lastSeenMs = nowMs;
      this.tracking = true;
      this.setBodyTarget();
    } else if (nowMs - this.lastSeenMs >= this.o.lostAfterMs || !this.enabled) {
      this.tracking = false;
      this.setFullFrameTarget();
    }
  }

  /** Frame stage: moves the view towards the target. Allocation-free. */
  step(nowMs: number): ViewRectPx {
    if (!this.placed) return this.view;
    const dtS = this.lastStepMs === null ? 0 : Math.min(0.1, Math.max(0, (nowMs - this.lastStepMs) / 1000));
    this.lastStepMs = nowMs;
    if (!this.enabled) {
      this.cxPx = this.tcxPx;
      this.cyPx = this.tcyPx;
      this.logH = this.tLogH;
      this.moving = false;
      return this.writeView();
    }
    const h = Math.exp(this.logH);
    const dx = this.tcxPx - this.cxPx;
    const dy = this.tcyPx - this.cyPx;
    const dz = this.tLogH - this.logH;
    if (!this.moving) {
      const o = this.o;
      this.moving =
        Math.hypot(dx, dy) > o.deadZoneOfView * h || Math.abs(dz) > o.deadZoneZoomLog || (this.tracking && !this.bodyInView());
    }
    if (this.moving) {
      const k = 1 - Math.exp(-dtS / this.o.glideS);
      let sx = dx * k;
      let sy = dy * k;
      const panPx = Math.hypot(sx, sy);
      const maxPanPx = this.o.maxPanViewsPerS * h * dtS;
      if (panPx > maxPanPx) {
        sx *= maxPanPx / panPx;
        sy *= maxPanPx / panPx;
      }
      const maxZoom = this.o.maxZoomLogPerS * dtS;
      const sz = Math.max(-maxZoom, Math.min(maxZoom, dz * k));
      this.cxPx += sx;
      this.cyPx += sy;
      this.logH += sz;
      const a = this.o.arriveOfView;
      if (Math.hypot(this.tcxPx - this.cxPx, this.tcyPx - this.cyPx) < a * h && Math.abs(this.tLogH - this.logH) < a) {
        // Arrived: settle exactly on the target (a step smaller than a pixel on most screens), then hold.
        this.cxPx = this.tcxPx;
        this.cyPx = this.tcyPx;
        this.logH = this.tLogH;
        this.moving = false;
      }
    }
    return this.writeView();
  }

  /** Forget the shopper at once (the session ended): full frame is the target. */
  reset(): void {
    this.tracking = false;
    this.lastSeenMs = -Infinity;
    if (this.placed) this.setFullFrameTarget();
  }

  /**
   * Camera pixel → display position normalised to the screen (0..1; x mirrored like the picture). Writes `out`.
   */
  toScreen(xPx: number, yPx: number, out: { xNorm: number; yNorm: number }): { xNorm: number; yNorm: number } {
    const v = this.view;
    out.xNorm = 1 - (xPx - v.xPx) / v.widthPx;
    out.yNorm = (yPx - v.yPx) / v.heightPx;
    return out;
  }

  /** Display position normalised to the screen → camera pixel (the inverse of {@link toScreen}). Writes `out`. */
  toCamera(xNorm: number, yNorm: number, out: { xPx: number; yPx: number }): { xPx: number; yPx: number } {
    const v = this.view;
    out.xPx = v.xPx + (1 - xNorm) * v.widthPx;
    out.yPx = v.yPx + yNorm * v.heightPx;
    return out;
  }

  private setFullFrameTarget(): void {
    this.tcxPx = this.frameWidthPx / 2;
    this.tcyPx = this.frameHeightPx / 2;
    this.tLogH = Math.log(coverHeightPx(this.frameWidthPx, this.frameHeightPx, this.aspect));
  }

  private setBodyTarget(): void {
    const b = this.body;
    const fw = this.frameWidthPx;
    const fh = this.frameHeightPx;
    const a = this.aspect;
    const bodyHPx = b.bottomPx - b.topPx;
    const marginPx = this.o.marginOfBody * bodyHPx;
    const needHPx = Math.max(bodyHPx + 2 * marginPx, (b.rightPx - b.leftPx + 2 * marginPx) / a);
    const minHPx = coverHeightPx(fw, fh, a) / this.o.maxZoomIn;
    const hPx = Math.min(containHeightPx(fw, fh, a), Math.max(minHPx, needHPx));
    this.tLogH = Math.log(hPx);
    this.tcxPx = placeOnAxis((b.leftPx + b.rightPx) / 2, hPx * a, fw);
    this.tcyPx = placeOnAxis((b.topPx + b.bottomPx) / 2, hPx, fh);
  }

  /** Is the body box (with half the margin) inside the current view? */
  private bodyInView(): boolean {
    const b = this.body;
    const h = Math.exp(this.logH);
    const w = h * this.aspect;
    const m = (this.o.marginOfBody / 2) * (b.bottomPx - b.topPx);
    // Only what the frame can show counts: a box edge on the frame's edge is as far as any view can go.
    const l = Math.max(0, this.cxPx - w / 2);
    const r = Math.min(this.frameWidthPx, this.cxPx + w / 2);
    const t = Math.max(0, this.cyPx - h / 2);
    const btm = Math.min(this.frameHeightPx, this.cyPx + h / 2);
    const eps = 0.5;
    return (
      Math.max(0, b.leftPx - m) >= l - eps &&
      Math.min(this.frameWidthPx, b.rightPx + m) <= r + eps &&
      Math.max(0, b.topPx - m) >= t - eps &&
      Math.min(this.frameHeightPx, b.bottomPx + m) <= btm + eps
    );
  }

  private writeView(): ViewRectPx {
    const h = Math.exp(this.logH);
    const w = h * this.aspect;
    this.view.xPx = this.cxPx - w / 2;
    this.view.yPx = this.cyPx - h / 2;
    this.view.widthPx = w;
    this.view.heightPx = h;
    return this.view;
  }
}
