import { LowPassFilter } from '../../shared/math/low-pass';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * The picture's scale is not one number down the body. A mirror's camera stands close and looks at the shopper from
 * about head height, so the legs are further from it than the torso and drawn smaller: on the mirror clip the
 * shins measure ≈ 1.2 × the body's cm per pixel, the thighs ≈ 1.04, the torso's sides ≈ 0.89 (weak perspective per
 * segment, world ÷ picture; medians over the clip's frames). A 3D garment is drawn at the body's scale
 * (`bodyCmPerPx`, the size advice's and the 2D rig's, which averages torso and legs): cloth that hangs down the legs
 * — a skirt to mid-calf, a trouser leg — would be drawn as long as on a body seen from far away, i.e. too long on
 * the picture's legs. Part of the ratio is BlazePose's own guess of the world's proportions, not the camera (on the
 * street clip, a camera far away, the thighs still read ≈ 1.16, the shins ≈ 1.03): either way it is how the picture's
 * legs relate to the size the size advice gives the shopper. {@link DepthScale} measures the scale's change down the body each frame, so the layer can
 * draw the cloth below the waist at the scale of the part of the legs it hangs over.
 */

/**
 * The segments along the body whose world length against their picture length gives the scale at their middle: the
 * torso's sides, the thighs, the shins (not the shoulders' and hips' breadths: BlazePose's world hips are its own
 * guess, a quarter wider than the picture's on the mirror clip).
 */
const ALONG_THE_BODY: ReadonlyArray<readonly [number, number]> = [
  [L.leftShoulder, L.leftHip],
  [L.rightShoulder, L.rightHip],
  [L.leftHip, L.leftKnee],
  [L.rightHip, L.rightKnee],
  [L.leftKnee, L.leftAnkle],
  [L.rightKnee, L.rightAnkle],
];

/** Below this many pixels a segment says nothing about the scale (foreshortened, or a landmark on another). */
const MIN_SEGMENT_PX = 10;

/**
 * Bounds of the scale anywhere on the body ÷ the body's. For a pinhole camera the ratio is that point's distance
 * from the camera ÷ the body's centre's: a camera at head height 0.7 m in front of a standing adult sees the shins
 * ≈ 1.4 × as far as the hips (√(0.7² + 1.2²) ÷ √(0.7² + 0.7²)); nearer than that the whole body does not fit a
 * mirror's picture. Beyond the bounds the landmarks are wrong (a leg out of the picture, guessed), not the camera.
 */
export const MAX_SCALE_RATIO = 1.4;

/**
 * The picture's scale down the body as a share of the body's scale: ratio(d) = `atHipsRatio` + `perMRatio` × d, d
 * metres below the hips' centre along the picture's vertical (through the body's scale), fitted each frame
 * ({@link DepthScale.measure}). A straight line: over a standing body a camera's distance changes almost linearly
 * with height once it is a metre or more away.
 */
export class DepthScale {
  /** The ratio at the hips' centre (cm per px there ÷ the body's cm per px). @default 1 */
  atHipsRatio = 1;
  /** Its change per metre down the body. @default 0 */
  perMRatio = 0;
  /** Metres below the hips of the highest and lowest segment middles measured (the line holds between them). */
  topM = 0;
  bottomM = 0;
  /** Whether a frame has been measured since the last {@link reset}. */
  measured = false;

  /** The four numbers above, each smoothed over frames (always fed together, so they start and reset together). */
  private readonly smoothed: readonly [atHips: LowPassFilter, perM: LowPassFilter, top: LowPassFilter, bottom: LowPassFilter];

  /**
   * @param smoothing share of a new frame's fit in the kept one (as the body's scale is smoothed in
   *   tryon/fitting.ts: it changes only as the shopper walks nearer to or further from the camera).
   */
  constructor(smoothing = 0.15) {
    this.smoothed = [new LowPassFilter(smoothing), new LowPassFilter(smoothing), new LowPassFilter(smoothing), new LowPassFilter(smoothing)];
  }

  /** The ratio `dM` metres below the hips, within [1 / MAX_SCALE_RATIO, MAX_SCALE_RATIO]. */
  at(dM: number): number {
    const d = Math.min(this.bottomM, Math.max(this.topM, dM));
    const r = this.atHipsRatio + this.perMRatio * d;
    return Math.min(MAX_SCALE_RATIO, Math.max(1 / MAX_SCALE_RATIO, r));
  }

  /**
   * Fits this frame's line (least squares over the segments along the body, each weighted by its picture length,
   * at its middle's height) and smooths it into the kept one. A frame whose fit leaves the bounds anywhere between
   * the shoulders and the ankles, or with too little of the body measured, is ignored.
   *
   * @param imagePx 33 landmarks, camera pixels, interleaved x, y (borrowed).
   * @param worldM 33 world landmarks, metres, interleaved x, y, z (borrowed).
   * @param bodyCmPerPx the body's scale the ratio is against, cm per pixel.
   * @returns whether the frame was used.
   */
  measure(imagePx: ArrayLike<number>, worldM: ArrayLike<number>, bodyCmPerPx: number): boolean {
    if (!(bodyCmPerPx > 0) || !Number.isFinite(bodyCmPerPx)) return false;
    const hipYPx = (imagePx[2 * L.leftHip + 1]! + imagePx[2 * L.rightHip + 1]!) / 2;
    let sw = 0;
    let sd = 0;
    let sr = 0;
    let sdd = 0;
    let sdr = 0;
    let top = Infinity;
    let bottom = -Infinity;
    for (const [a, b] of ALONG_THE_BODY) {
      const px = Math.hypot(imagePx[2 * a]! - imagePx[2 * b]!, imagePx[2 * a + 1]! - imagePx[2 * b + 1]!);
      const m = Math.hypot(worldM[3 * a]! - worldM[3 * b]!, worldM[3 * a + 1]! - worldM[3 * b + 1]!);
      if (!(px >= MIN_SEGMENT_PX) || !(m > 0)) continue;
      const r = (m * 100) / px / bodyCmPerPx;
      const d = (((imagePx[2 * a + 1]! + imagePx[2 * b + 1]!) / 2 - hipYPx) * bodyCmPerPx) / 100;
      sw += px;
      sd += px * d;
      sr += px * r;
      sdd += px * d * d;
      sdr += px * d * r;
      top = Math.min(top, d);
      bottom = Math.max(bottom, d);
    }
    if (!(sw > 0)) return false;
    const meanD = sd / sw;
    const meanR = sr / sw;
    const varD = sdd / sw - meanD * meanD;
    // Segments all at one height (the legs out of the picture) say nothing of the change: a constant ratio then.
    const slope = bottom - top > 0.2 && varD > 1e-6 ? (sdr / sw - meanD * meanR) / varD : 0;
    const atHips = meanR - slope * meanD;
    const span = [atHips + slope * top, atHips + slope * bottom];
    if (span.some((r) => !(r <= MAX_SCALE_RATIO && r >= 1 / MAX_SCALE_RATIO))) return false;
    const [atHipsF, perMF, topF, bottomF] = this.smoothed;
    this.atHipsRatio = atHipsF.apply(atHips);
    this.perMRatio = perMF.apply(slope);
    this.topM = topF.apply(top);
    this.bottomM = bottomF.apply(bottom);
    this.measured = true;
    return true;
  }

  /** Nobody in view: the next shopper starts from the body's scale. */
  reset(): void {
    this.atHipsRatio = 1;
    this.perMRatio = 0;
    this.topM = 0;
    this.bottomM = 0;
    this.measured = false;
    for (const f of this.smoothed) f.reset();
  }
}
