import { PoseLandmark, type NormalizedLandmark, type WorldLandmark } from './pose';

/**
 * Size advice from the pose: body measurements estimated from BlazePose's world landmarks (metres), averaged over
 * frames with outliers rejected, rescaled by the shopper's height when they enter it, and matched to a size chart.
 * Everything here is an estimate and the mirror says so: landmarks are joint centres, so widths become
 * circumferences through population ratios (named below), which is where most of the error comes from.
 */

/** Measurements a size chart can hold (as the catalog's `size_charts.measurement`). */
export const CHART_MEASUREMENTS = ['height', 'chest', 'waist', 'hip', 'shoulder', 'inseam'] as const;
export type ChartMeasurement = (typeof CHART_MEASUREMENTS)[number];

/** One product's size chart: size → measurement → [minCm, maxCm], sizes in order, smallest first. */
export interface SizeChart {
  sizes: string[];
  ranges: Record<string, Partial<Record<ChartMeasurement, [number, number]>>>;
}

/** A body's estimated measurements, all in centimetres. */
export interface BodyMeasures {
  heightCm: number;
  /** Biacromial breadth. */
  shoulderCm: number;
  chestCm: number;
  waistCm: number;
  hipCm: number;
  /** Mid-shoulder to mid-hip. */
  torsoCm: number;
  /** Shoulder → elbow → wrist, mean of both arms. */
  armCm: number;
  /** Hip → knee → ankle, mean of both legs. */
  legCm: number;
  inseamCm: number;
}
export type MeasureName = keyof BodyMeasures;
export const MEASURE_NAMES: readonly MeasureName[] = ['heightCm', 'shoulderCm', 'chestCm', 'waistCm', 'hipCm', 'torsoCm', 'armCm', 'legCm', 'inseamCm'];

// Landmark → anthropometry. The shoulder landmark sits on the glenohumeral joint, about 2.5 cm inside the acromion
// on each side (biacromial breadth is measured acromion to acromion).
const SHOULDER_INSET_CM = 2.5;
/**
 * Ear-to-ankle segment chain as a share of stature: (0.925 − 0.039) H, the ear (tragion) and ankle heights of
 * Drillis & Contini's table (as tools/synth/sizing-synth.ts uses them). The chain runs from the ears, not the nose:
 * the ears sit near the axis the head nods about, so a bowed head (a runner looking at their feet, a shopper looking
 * at the rail) keeps its shoulder-to-ear distance, while the nose drops towards the shoulders — on the mirror clip the
 * nose's height above the shoulders ranged 2–18 cm over the frames, the ears' distance 16–21 cm.
 */
const EAR_TO_ANKLE_OF_HEIGHT = 0.925 - 0.039;
/** BlazePose's hip landmarks sit near the greater trochanters, ≈ 72 % of the hips' full width apart. */
const HIP_LANDMARKS_OF_WIDTH = 0.72;
/**
 * Circumference / front width of a body's (or a worn garment's) cross-section, an ellipse ≈ 0.75 deep as wide. The
 * hips' circumference from their width here; the garment rig draws a garment of chest C cm C / 2.8 cm wide.
 */
export const CIRCUMFERENCE_OF_FRONT_WIDTH = 2.8;
/** That cross-section's depth over its front width (the ellipse whose perimeter is 2.8 × its width is 0.78 deep). */
export const DEPTH_OF_FRONT_WIDTH = 0.75;

/**
 * How wide a body (or a worn garment) turned about its vertical axis looks, as a share of its front width: the
 * silhouette of the elliptical cross-section, √(cos² + k² sin²) with k = {@link DEPTH_OF_FRONT_WIDTH}. A body in
 * profile is still its depth wide, never a line.
 * @param cosTurn the cosine of the turn, e.g. the shoulders' width in the picture over their width in the world.
 */
export function turnedWidthShare(cosTurn: number): number {
  const c = Math.min(1, Math.max(0, cosTurn));
  return Math.sqrt(c * c + DEPTH_OF_FRONT_WIDTH * DEPTH_OF_FRONT_WIDTH * (1 - c * c));
}
/** Chest circumference / biacromial breadth, adult population median (ANSUR II: ≈ 100 cm / 45 cm). */
const CHEST_OF_SHOULDER = 2.2;
/** Waist circumference / (chest + hip), adult population median (ANSUR II). */
const WAIST_OF_CHEST_PLUS_HIP = 0.41;
/** Inseam / hip-knee-ankle length: the crotch sits below the hip joints, the ankle above the floor. */
export const INSEAM_OF_LEG = 0.92;
/** A landmark the measurement needs must be at least this visible. */
const MIN_VISIBILITY = 0.6;
/** Shoulders deeper apart than this share of their width: the shopper stands sideways, widths are foreshortened. */
const MAX_SHOULDER_DEPTH_OF_WIDTH = 0.35;

/** Chest circumference (cm) of a body whose shoulder joints are `jointsCm` apart (population ratio, see above). */
export function chestCmOfShoulderJoints(jointsCm: number): number {
  return (jointsCm + 2 * SHOULDER_INSET_CM) * CHEST_OF_SHOULDER;
}

/** Hip circumference (cm) of a body whose hip landmarks are `jointsCm` apart. */
export function hipCmOfHipJoints(jointsCm: number): number {
  return (jointsCm / HIP_LANDMARKS_OF_WIDTH) * CIRCUMFERENCE_OF_FRONT_WIDTH;
}

/**
 * Segments whose world length against their image length gives the body's scale: shoulders, hips, both torso sides,
 * thighs and shins — the torso and legs, not the arms (hands swing in front of the body, where their depth is the
 * model's least certain guess).
 */
const SCALE_SEGMENTS: ReadonlyArray<readonly [number, number]> = [
  [PoseLandmark.leftShoulder, PoseLandmark.rightShoulder],
  [PoseLandmark.leftHip, PoseLandmark.rightHip],
  [PoseLandmark.leftShoulder, PoseLandmark.leftHip],
  [PoseLandmark.rightShoulder, PoseLandmark.rightHip],
  [PoseLandmark.leftHip, PoseLandmark.leftKnee],
  [PoseLandmark.rightHip, PoseLandmark.rightKnee],
  [PoseLandmark.leftKnee, PoseLandmark.leftAnkle],
  [PoseLandmark.rightKnee, PoseLandmark.rightAnkle],
];

/**
 * The body's scale in the camera picture, centimetres per pixel: the one estimate both the size advice (world
 * landmarks in metres → cm) and the garment rig (cm → pixels) use. World landmarks are metric and, like the image
 * landmarks, seen from the camera, so their x/y projection and the picture differ by one scale (weak perspective);
 * summing over the torso and legs averages the per-joint noise out.
 *
 * A segment with a joint off the picture is left out when the frame's size is given: the model places such joints
 * by guesswork, in the picture and in the world alike. A waist-up shopper's legs (COCO 459: a man in a suit, hips at
 * the picture's bottom edge, knees and ankles 270–500 px below it) made the scale 0.100 cm/px where his shoulders and
 * torso in the picture give 0.129: every top drawn 30 % too wide.
 *
 * @param imagePx 33 image landmarks as interleaved pixels `[x0, y0, …]` (borrowed).
 * @param worldM 33 world landmarks as interleaved metres `[x0, y0, z0, …]` (borrowed).
 * @param frameWidthPx the camera picture's width, px. @default Infinity (every segment counts)
 * @param frameHeightPx its height, px. @default Infinity
 * @returns cm per pixel, or null when the body is too small in the picture to measure (< 20 px of segments).
 */
export function bodyCmPerPx(imagePx: ArrayLike<number>, worldM: ArrayLike<number>, frameWidthPx = Infinity, frameHeightPx = Infinity): number | null {
  let px = 0;
  let m = 0;
  for (const [a, b] of SCALE_SEGMENTS) {
    if (!inFrame(imagePx, a, frameWidthPx, frameHeightPx) || !inFrame(imagePx, b, frameWidthPx, frameHeightPx)) continue;
    px += Math.hypot(imagePx[2 * a]! - imagePx[2 * b]!, imagePx[2 * a + 1]! - imagePx[2 * b + 1]!);
    m += Math.hypot(worldM[3 * a]! - worldM[3 * b]!, worldM[3 * a + 1]! - worldM[3 * b + 1]!);
  }
  if (!(px >= 20) || !(m > 0)) return null;
  return (m * 100) / px;
}

function inFrame(imagePx: ArrayLike<number>, i: number, widthPx: number, heightPx: number): boolean {
  // Without the frame's size every segment counts, wherever the landmarks lie (a track may place them off the origin).
  if (widthPx === Infinity || heightPx === Infinity) return true;
  const x = imagePx[2 * i]!;
  const y = imagePx[2 * i + 1]!;
  return x >= 0 && x <= widthPx && y >= 0 && y <= heightPx;
}

const d3 = (a: WorldLandmark, b: WorldLandmark): number => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
const mid = (a: WorldLandmark, b: WorldLandmark): WorldLandmark => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, z: (a.z + b.z) / 2 });

const NEEDED = [
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
];

/**
 * Measurements from one frame's world landmarks (metres; borrowed, not kept), or null when the frame cannot be
 * measured: a needed landmark is hidden (visibility from the image landmarks, when given) or the shopper does not
 * face the mirror.
 */
export function measureFrame(world: readonly WorldLandmark[], image?: readonly NormalizedLandmark[]): BodyMeasures | null {
  if (world.length < 33) return null;
  if (image && NEEDED.some((i) => (image[i]?.visibility ?? 0) < MIN_VISIBILITY)) return null;
  const L = (i: number): WorldLandmark => world[i]!;
  const ls = L(PoseLandmark.leftShoulder);
  const rs = L(PoseLandmark.rightShoulder);
  const shoulderM = d3(ls, rs);
  // Facing the mirror: the wearer's left shoulder on the image's right, and not turned sideways.
  if (ls.x <= rs.x || Math.abs(ls.z - rs.z) > MAX_SHOULDER_DEPTH_OF_WIDTH * shoulderM) return null;
  const lh = L(PoseLandmark.leftHip);
  const rh = L(PoseLandmark.rightHip);
  const midShoulder = mid(ls, rs);
  const torsoM = d3(midShoulder, mid(lh, rh));
  const arm = (s: number, e: number, w: number): number => d3(L(s), L(e)) + d3(L(e), L(w));
  const leg = (h: number, k: number, a: number): number => d3(L(h), L(k)) + d3(L(k), L(a));
  const armM = (arm(PoseLandmark.leftShoulder, PoseLandmark.leftElbow, PoseLandmark.leftWrist) + arm(PoseLandmark.rightShoulder, PoseLandmark.rightElbow, PoseLandmark.rightWrist)) / 2;
  const legM = (leg(PoseLandmark.leftHip, PoseLandmark.leftKnee, PoseLandmark.leftAnkle) + leg(PoseLandmark.rightHip, PoseLandmark.rightKnee, PoseLandmark.rightAnkle)) / 2;
  // Shoulders' centre to the ears' centre, in 3D (see EAR_TO_ANKLE_OF_HEIGHT).
  const headM = d3(midShoulder, mid(L(PoseLandmark.leftEar), L(PoseLandmark.rightEar)));
  const heightM = (headM + torsoM + legM) / EAR_TO_ANKLE_OF_HEIGHT;
  const shoulderCm = shoulderM * 100 + 2 * SHOULDER_INSET_CM;
  const hipCm = hipCmOfHipJoints(d3(lh, rh) * 100);
  const chestCm = chestCmOfShoulderJoints(shoulderM * 100);
  return {
    heightCm: heightM * 100,
    shoulderCm,
    chestCm,
    waistCm: WAIST_OF_CHEST_PLUS_HIP * (chestCm + hipCm),
    hipCm,
    torsoCm: torsoM * 100,
    armCm: armM * 100,
    legCm: legM * 100,
    inseamCm: legM * 100 * INSEAM_OF_LEG,
  };
}

/** A robust mean: the median's neighbourhood (3 scaled MADs, at least 2 %) averaged; outliers dropped. */
export function robustMean(values: readonly number[]): { mean: number; sd: number; kept: number } {
  if (values.length === 0) return { mean: NaN, sd: NaN, kept: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantileSorted(sorted, 0.5);
  const mad = quantileSorted(
    sorted.map((x) => Math.abs(x - median)).sort((a, b) => a - b),
    0.5,
  );
  // 1.4826 × MAD estimates σ for normal data.
  const limit = Math.max(3 * 1.4826 * mad, 0.02 * Math.abs(median));
  const kept = values.filter((x) => Math.abs(x - median) <= limit);
  const mean = kept.reduce((s, x) => s + x, 0) / kept.length;
  const sd = Math.sqrt(kept.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, kept.length - 1));
  return { mean, sd, kept: kept.length };
}

function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface MeasuredBody {
  measures: BodyMeasures;
  /** Frame-to-frame standard deviation of each measure after outlier rejection, cm. */
  sdCm: BodyMeasures;
  /** Frames measured (before rejection). */
  frames: number;
  /** True when the scale came from the shopper's entered height. */
  heightEntered: boolean;
}

export interface MeasurementAveragerOptions {
  /** Frames kept (a sliding window). @default 90 */
  maxFrames?: number;
  /** Frames needed before a result is given. @default 8 */
  minFrames?: number;
}

/**
 * Collects per-frame measurements of one shopper and gives their robust average. Owned by the shopper session;
 * `clear()` when it ends.
 */
export class MeasurementAverager {
  private readonly frames: BodyMeasures[] = [];
  private readonly maxFrames: number;
  readonly minFrames: number;

  constructor(opts: MeasurementAveragerOptions = {}) {
    this.maxFrames = opts.maxFrames ?? 90;
    this.minFrames = opts.minFrames ?? 8;
  }

  get count(): number {
    return this.frames.length;
  }

  /** Measures one frame (see `measureFrame`); returns whether it was usable. Landmarks are borrowed. */
  add(world: readonly WorldLandmark[], image?: readonly NormalizedLandmark[]): boolean {
    const m = measureFrame(world, image);
    if (!m) return false;
    this.frames.push(m);
    if (this.frames.length > this.maxFrames) this.frames.shift();
    return true;
  }

  /**
   * The averaged body, or null before `minFrames` usable frames. With `heightCm` (entered by the shopper) every
   * length is rescaled so the estimated stature matches it: world landmarks' scale is the model's guess.
   */
  result(heightCm?: number): MeasuredBody | null {
    if (this.frames.length < this.minFrames) return null;
    const measures = {} as BodyMeasures;
    const sdCm = {} as BodyMeasures;
    for (const name of MEASURE_NAMES) {
      const r = robustMean(this.frames.map((f) => f[name]));
      measures[name] = r.mean;
      sdCm[name] = r.sd;
    }
    const entered = heightCm !== undefined && heightCm > 100 && heightCm < 230;
    if (entered) {
      const k = heightCm / measures.heightCm;
      for (const name of MEASURE_NAMES) {
        measures[name] *= k;
        sdCm[name] *= k;
      }
    }
    return { measures, sdCm, frames: this.frames.length, heightEntered: entered };
  }

  clear(): void {
    this.frames.length = 0;
  }
}

/**
 * How far off each estimate typically is beyond frame-to-frame noise once the scale is right (σ, cm): the
 * population ratios' spread for circumferences, joint-to-surface offsets for lengths. The scale's own error (no
 * height entered) is modelled separately, by {@link GUESSED_SCALE_SD}. Measured on the synthetic bodies of
 * `sizing.test.ts`, rounded up.
 */
const MODEL_SD_CM: Record<ChartMeasurement, number> = { height: 1, chest: 4, waist: 5, hip: 3, shoulder: 1.5, inseam: 2 };
/** How much each measurement decides the size (a chest that does not fit matters more than a height). */
const MEASUREMENT_WEIGHT: Record<ChartMeasurement, number> = { height: 0.5, chest: 2, waist: 1.5, hip: 1.5, shoulder: 1, inseam: 1 };
const MEASURE_OF: Record<ChartMeasurement, MeasureName> = {
  height: 'heightCm',
  chest: 'chestCm',
  waist: 'waistCm',
  hip: 'hipCm',
  shoulder: 'shoulderCm',
  inseam: 'inseamCm',
};

export interface SizeAdvice {
  /** The most probable size. */
  size: string;
  /**
   * What the mirror states: one size when it is sure enough, else the narrowest run of neighbouring sizes that
   * holds {@link RANGE_MASS} of the probability (`from` = `to` for one size). Without an entered height this is
   * usually a range: the body's scale is then a guess.
   */
  stated: { from: string; to: string };
  /** Probability that the stated size (or range) holds the best-fitting size, in [0, 1]. */
  confidence: number;
  /** Every size's probability, chart order. */
  probabilities: Array<{ size: string; p: number }>;
  /** The measurements the advice used, cm. */
  used: Partial<Record<ChartMeasurement, number>>;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/**
 * Without an entered height the body's scale is BlazePose's guess: its world landmarks put every person near an
 * average size, so a tall shopper reads short and a short one tall, by one shared factor on every length. This is
 * the σ of that factor's logarithm: adult stature varies by ≈ 5.5 % (σ 9 cm on 170 cm) and the model recovers only
 * part of it. Checked by the reliability test in `sizing.test.ts`.
 */
export const GUESSED_SCALE_SD = 0.07;
/** One size is stated on its own only when at least this probable; else a range. */
export const SINGLE_SIZE_MIN = 0.7;
/** A stated range holds at least this much of the probability. */
export const RANGE_MASS = 0.8;
/**
 * The per-measurement likelihoods are weighted and multiplied as if independent, but a body's measurements err
 * together (one pose, one set of population ratios): the raw product is overconfident (98 % stated, 79 % right with
 * the height entered). Tempering it by this factor makes the stated confidence match the hit rate; fitted on one set
 * of synthetic shoppers and checked on another (the reliability test in `sizing.test.ts`).
 */
const LIKELIHOOD_TEMPERATURE = 3.5;
/** Scale factors the guessed scale is integrated over (an even grid over ±3 σ). */
const SCALE_STEPS = 25;

/**
 * The size whose ranges most probably hold the body. Each measurement is a normal belief (estimate, σ from the
 * frame spread and the model error); a size's likelihood is the weighted product over measurements of the
 * probability mass inside its range (the smallest size's range open downwards, the largest's upwards). Without an
 * entered height the shared scale factor is unknown: the likelihoods are averaged over it (a log-normal belief of
 * σ {@link GUESSED_SCALE_SD}), which turns a confident "XS" for a tall man into an honest range. Normalised over
 * the chart. Null when the chart shares no measurement with the body.
 */
export function recommendSize(body: MeasuredBody, chart: SizeChart): SizeAdvice | null {
  const used: Partial<Record<ChartMeasurement, number>> = {};
  const measurements: Array<{ m: ChartMeasurement; mu: number; sd: number }> = [];
  for (const m of CHART_MEASUREMENTS) {
    if (!chart.sizes.some((s) => chart.ranges[s]?.[m])) continue;
    const mu = body.measures[MEASURE_OF[m]];
    if (!Number.isFinite(mu)) continue;
    used[m] = mu;
    // The scale's share of the error is the factor integrated below; what is left is the entered-height error.
    measurements.push({ m, mu, sd: Math.hypot(MODEL_SD_CM[m], body.sdCm[MEASURE_OF[m]] || 0) });
  }
  if (measurements.length === 0 || chart.sizes.length === 0) return null;

  const logLikelihoods = (scale: number): number[] =>
    chart.sizes.map((size, i) => {
      let logL = 0;
      for (const { m, mu, sd } of measurements) {
        const r = chart.ranges[size]?.[m];
        if (!r) continue;
        const lo = i === 0 ? -Infinity : r[0];
        const hi = i === chart.sizes.length - 1 ? Infinity : r[1];
        const x = mu * scale;
        const s = sd * scale;
        const p = (hi === Infinity ? 1 : normalCdf((hi - x) / s)) - (lo === -Infinity ? 0 : normalCdf((lo - x) / s));
        logL += MEASUREMENT_WEIGHT[m] * Math.log(Math.max(p, 1e-9));
      }
      return logL;
    });

  // P(size) = Σ_k prior(k) · P(size | k): each scale's advice normalised on its own, then mixed. (Mixing the raw
  // likelihoods instead would favour the open-ended smallest and largest sizes, where every measurement "fits" at
  // an extreme scale.)
  const w = chart.sizes.map(() => 0);
  for (const { scale, prior } of body.heightEntered ? [{ scale: 1, prior: 1 }] : scaleGrid()) {
    const logL = logLikelihoods(scale).map((l) => l / LIKELIHOOD_TEMPERATURE);
    const maxLog = Math.max(...logL);
    const e = logL.map((l) => Math.exp(l - maxLog));
    const sum = e.reduce((a, x) => a + x, 0);
    e.forEach((x, i) => (w[i]! += (prior * x) / sum));
  }
  const total = w.reduce((s, x) => s + x, 0);
  const probabilities = chart.sizes.map((size, i) => ({ size, p: w[i]! / total }));
  const bestIndex = probabilities.reduce((bi, x, i) => (x.p > probabilities[bi]!.p ? i : bi), 0);
  const best = probabilities[bestIndex]!;
  if (best.p >= SINGLE_SIZE_MIN) return { size: best.size, stated: { from: best.size, to: best.size }, confidence: best.p, probabilities, used };
  // Grow a run of neighbouring sizes around the best, taking the more probable neighbour each time.
  let lo = bestIndex;
  let hi = bestIndex;
  let mass = best.p;
  while (mass < RANGE_MASS && (lo > 0 || hi < probabilities.length - 1)) {
    const left = lo > 0 ? probabilities[lo - 1]!.p : -1;
    const right = hi < probabilities.length - 1 ? probabilities[hi + 1]!.p : -1;
    if (left >= right) mass += probabilities[--lo]!.p;
    else mass += probabilities[++hi]!.p;
  }
  return { size: best.size, stated: { from: chart.sizes[lo]!, to: chart.sizes[hi]! }, confidence: Math.min(1, mass), probabilities, used };
}

let grid: Array<{ scale: number; prior: number }> | null = null;
/** The guessed scale's belief as weighted points (log-normal, ±3 σ). */
function scaleGrid(): Array<{ scale: number; prior: number }> {
  grid ??= Array.from({ length: SCALE_STEPS }, (_, i) => {
    const z = -3 + (6 * i) / (SCALE_STEPS - 1);
    return { scale: Math.exp(z * GUESSED_SCALE_SD), prior: Math.exp((-z * z) / 2) };
  });
  return grid;
}

/** Conventional size order for sorting a chart's sizes when the store gives none. */
const SIZE_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', '4XL'];

/** Orders sizes smallest first: letter sizes by convention, numbers numerically, anything else by name. */
export function sortSizes(sizes: readonly string[]): string[] {
  const rank = (s: string): number => {
    const i = SIZE_ORDER.indexOf(s.toUpperCase());
    if (i >= 0) return i;
    const n = Number.parseFloat(s);
    return Number.isFinite(n) ? 100 + n : 10_000;
  };
  return [...sizes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
