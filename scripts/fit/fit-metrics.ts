/**
 * A garment's coverage (from `atelier tryon --mask`) against the person's own clothes (own-clothes.ts): overlap
 * figures per frame, and the thresholds of issue 13 point 7 per garment type.
 */
import sharp from 'sharp';
import { PoseLandmark as L } from '../../src/shared/pose';
import type { OwnClothes } from './own-clothes';

/** A coverage mask PNG as one byte per pixel (≥ 128 = garment). */
export async function readMask(file: string): Promise<{ data: Uint8Array; widthPx: number; heightPx: number }> {
  const { data, info } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/** One frame's figures. Fractions in 0..1; hem offsets in fractions of body height (+ = below the line). */
export interface FrameFit {
  frame: number;
  teeIoU: number;
  /** Share of the person's T-shirt the garment covers. */
  teeCovered: number;
  /**
   * Share of the T-shirt's torso the garment covers: its pixels from the armpits down and between the shoulder
   * joints — what a dress without sleeves (straps, a bodice from under the arms) must cover; its sleeves and
   * shoulders are not.
   */
  torsoCovered: number;
  shortsIoU: number;
  shortsCovered: number;
  /**
   * Share of the shorts covered in the rows above the garment's hem (the median over its columns of each column's
   * lowest garment pixel): what a skirt shorter than the shorts must cover — the shorts below its hem show as they
   * would in a real mirror. NaN when no shorts lie above the hem (or no garment is drawn).
   */
  shortsCoveredAboveHem: number;
  /**
   * Share of the garment drawn off the person (over the background): how much too big or misplaced it is. No
   * threshold in the issue; reported because coverage alone passes a garment three times too wide.
   */
  offPerson: number;
  /**
   * Where the garment ends on each leg (wearer's left, right), measured along the leg's axis from its ankle
   * (+ = past the ankle), / body height; null when the garment covers none of that leg.
   */
  hemToAnkleOfHeight: [number | null, number | null];
  /** The lower of the two hems along the legs, as 0 = knee … 1 = ankle (< 0: above the knee); null: no hem on the legs. */
  hemKneeToAnkle: number | null;
}

function overlap(region: Uint8Array, regionPixels: number, garment: Uint8Array): { iou: number; covered: number } {
  let both = 0;
  let garmentPixels = 0;
  for (let i = 0; i < region.length; i++) {
    const g = garment[i]! >= 128;
    if (g) garmentPixels++;
    if (g && region[i]) both++;
  }
  const union = regionPixels + garmentPixels - both;
  return { iou: union ? both / union : 0, covered: regionPixels ? both / regionPixels : 0 };
}

/** How far past the ankle the leg's axis is followed, in shin lengths (a hem may lie below the ankle landmark). */
const PAST_ANKLE_OF_SHIN = 0.35;

/**
 * Where the garment ends along one leg: walking the leg's axis hip → knee → ankle (and a little past it), the last
 * point the garment covers. Following the leg's own axis keeps a lifted or crossed leg from reading the other
 * leg's hem. Returns positions along the axis in pixels: the hem (null when the garment covers none of the leg), the
 * knee and the ankle.
 */
function legHemPx(garment: Uint8Array, w: number, h: number, lm: ArrayLike<number>, hip: number, knee: number, ankle: number): { hem: number | null; knee: number; ankle: number } {
  const p = (i: number): [number, number] => [lm[2 * i]!, lm[2 * i + 1]!];
  const [hx, hy] = p(hip);
  const [kx, ky] = p(knee);
  const [ax, ay] = p(ankle);
  const ex = ax + (ax - kx) * PAST_ANKLE_OF_SHIN;
  const ey = ay + (ay - ky) * PAST_ANKLE_OF_SHIN;
  const segments: Array<[number, number, number, number]> = [
    [hx, hy, kx, ky],
    [kx, ky, ax, ay],
    [ax, ay, ex, ey],
  ];
  const thigh = Math.hypot(kx - hx, ky - hy);
  const shin = Math.hypot(ax - kx, ay - ky);
  let along = 0;
  let hem: number | null = null;
  for (const [x0, y0, x1, y1] of segments) {
    const len = Math.hypot(x1 - x0, y1 - y0);
    for (let d = 0; d <= len; d++) {
      const x = Math.round(x0 + ((x1 - x0) * d) / Math.max(len, 1e-9));
      const y = Math.round(y0 + ((y1 - y0) * d) / Math.max(len, 1e-9));
      if (x >= 0 && y >= 0 && x < w && y < h && garment[y * w + x]! >= 128) hem = along + d;
    }
    along += len;
  }
  return { hem, knee: thigh, ankle: thigh + shin };
}

/**
 * The armpits lie this share of the torso (shoulder line → hip line) below the shoulder joints: ≈ 8–11 cm on a
 * 50 cm torso (a sleeveless bodice's top edge, see src/core/demo/model3d.ts).
 */
export const ARMPIT_BELOW_SHOULDERS_OF_TORSO = 0.2;

/** The T-shirt's torso: its pixels below the armpits and between the shoulder joints (a new mask). */
function teeTorso(clothes: OwnClothes, lm: ArrayLike<number>): { mask: Uint8Array; pixels: number } {
  const { widthPx: w, heightPx: h } = clothes;
  const top = clothes.shoulderYPx + ARMPIT_BELOW_SHOULDERS_OF_TORSO * (clothes.hipYPx - clothes.shoulderYPx);
  const xs = [lm[2 * L.leftShoulder]!, lm[2 * L.rightShoulder]!];
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const mask = new Uint8Array(w * h);
  let pixels = 0;
  for (let y = Math.max(0, Math.ceil(top)); y < h; y++) {
    for (let x = Math.max(0, Math.ceil(x0)); x <= Math.min(w - 1, x1); x++) {
      const i = y * w + x;
      if (clothes.tee[i]) {
        mask[i] = 1;
        pixels++;
      }
    }
  }
  return { mask, pixels };
}

export function frameFit(frame: number, clothes: OwnClothes, garment: Uint8Array, landmarksPx: ArrayLike<number>): FrameFit {
  const tee = overlap(clothes.tee, clothes.teePixels, garment);
  const torsoRegion = teeTorso(clothes, landmarksPx);
  const torso = overlap(torsoRegion.mask, torsoRegion.pixels, garment);
  const shorts = overlap(clothes.shorts, clothes.shortsPixels, garment);
  const { widthPx: w, heightPx: h } = clothes;
  let garmentPixels = 0;
  let off = 0;
  for (let i = 0; i < garment.length; i++) {
    if (garment[i]! < 128) continue;
    garmentPixels++;
    if (!clothes.person[i]) off++;
  }
  const legs = [legHemPx(garment, w, h, landmarksPx, L.leftHip, L.leftKnee, L.leftAnkle), legHemPx(garment, w, h, landmarksPx, L.rightHip, L.rightKnee, L.rightAnkle)];
  const hemToAnkleOfHeight = legs.map((l) => (l.hem === null ? null : (l.hem - l.ankle) / clothes.bodyHeightPx)) as [number | null, number | null];
  const kneeToAnkle = legs.filter((l) => l.hem !== null).map((l) => (l.hem! - l.knee) / (l.ankle - l.knee));
  const hemKneeToAnkle = kneeToAnkle.length ? Math.max(...kneeToAnkle) : null;
  const offPerson = garmentPixels ? off / garmentPixels : 0;
  const shortsCoveredAboveHem = coveredAboveHem(clothes.shorts, garment, w, h);
  return { frame, teeIoU: tee.iou, teeCovered: tee.covered, torsoCovered: torso.covered, shortsIoU: shorts.iou, shortsCovered: shorts.covered, shortsCoveredAboveHem, offPerson, hemToAnkleOfHeight, hemKneeToAnkle };
}

/** Share of `region` the garment covers in the rows above the garment's hem (see FrameFit.shortsCoveredAboveHem). */
function coveredAboveHem(region: Uint8Array, garment: Uint8Array, w: number, h: number): number {
  const lowest: number[] = [];
  for (let x = 0; x < w; x++) {
    for (let y = h - 1; y >= 0; y--) {
      if (garment[y * w + x]! >= 128) {
        lowest.push(y);
        break;
      }
    }
  }
  if (lowest.length === 0) return Number.NaN;
  const hemY = median(lowest);
  let inside = 0;
  let covered = 0;
  for (let y = 0; y < Math.min(h, hemY); y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!region[i]) continue;
      inside++;
      if (garment[i]! >= 128) covered++;
    }
  }
  return inside ? covered / inside : Number.NaN;
}

/** What a garment type must achieve on the clip (issue 13, point 7). */
export type FitKind = 'top' | 'shorts' | 'trousers' | 'dress' | 'skirt';

export const THRESHOLDS = {
  /** T-shirt: IoU with the person's T-shirt, median over frames and every frame. */
  teeIoUMedian: 0.8,
  teeIoUMin: 0.65,
  /** Shorts: IoU with the person's shorts, median. */
  shortsIoUMedian: 0.75,
  /** Full-length trousers: share of the shorts covered (median) and hems within this fraction of body height of the ankles. */
  trousersShortsCovered: 0.9,
  trousersHemOfHeight: 0.05,
  /**
   * Dress: "covers the T-shirt and the shorts" — we read that as ≥ 80 % of each covered (median; the issue gives
   * no number): of the T-shirt, its torso below the armpits ({@link FrameFit.torsoCovered}), since a dress may have
   * no sleeves and straps instead of shoulders and cannot cover the T-shirt's sleeves; the hem between the knee and
   * ankle lines.
   */
  dressCovered: 0.8,
  /** Dress hem: 0 = knees … 1 = ankles. */
  dressHemMin: 0,
  dressHemMax: 1,
  /**
   * Skirt: worn over the shopper's shorts it encloses them (cloth cannot pass through cloth), so down to its hem it
   * covers them — all but the pixels of its own anti-aliased outline and the mask's edge: ≥ 90 % (median).
   */
  skirtShortsCovered: 0.9,
};
export type FitThresholds = typeof THRESHOLDS;

export interface FitSummary {
  frames: number;
  teeIoUMedian: number;
  teeIoUMin: number;
  teeCoveredMedian: number;
  torsoCoveredMedian: number;
  shortsIoUMedian: number;
  shortsCoveredMedian: number;
  /** Median over the frames with shorts above the garment's hem (NaN: none). */
  shortsCoveredAboveHemMedian: number;
  offPersonMedian: number;
  /** Largest |hem − ankle| over legs and frames, / body height (null: no hem found). */
  hemToAnkleWorst: number | null;
  /** Median hem position, 0 = knees … 1 = ankles. */
  hemKneeToAnkleMedian: number | null;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarise(fits: readonly FrameFit[]): FitSummary {
  const hems = fits.flatMap((f) => f.hemToAnkleOfHeight.map((h) => (h === null ? Infinity : Math.abs(h))));
  const knee = fits.map((f) => f.hemKneeToAnkle).filter((x): x is number => x !== null);
  const worst = hems.length ? Math.max(...hems) : Infinity;
  return {
    frames: fits.length,
    teeIoUMedian: median(fits.map((f) => f.teeIoU)),
    teeIoUMin: Math.min(...fits.map((f) => f.teeIoU)),
    teeCoveredMedian: median(fits.map((f) => f.teeCovered)),
    torsoCoveredMedian: median(fits.map((f) => f.torsoCovered)),
    shortsIoUMedian: median(fits.map((f) => f.shortsIoU)),
    shortsCoveredMedian: median(fits.map((f) => f.shortsCovered)),
    shortsCoveredAboveHemMedian: median(fits.map((f) => f.shortsCoveredAboveHem).filter((x) => !Number.isNaN(x))),
    offPersonMedian: median(fits.map((f) => f.offPerson)),
    hemToAnkleWorst: Number.isFinite(worst) ? worst : null,
    hemKneeToAnkleMedian: knee.length ? median(knee) : null,
  };
}

/** The reasons a summary misses its type's thresholds (empty = passes). */
/** What `s` misses of the thresholds `t` (@default the issue's, {@link THRESHOLDS}). */
export function misses(kind: FitKind, s: FitSummary, t: FitThresholds = THRESHOLDS): string[] {
  const out: string[] = [];
  const f = (x: number | null): string => (x === null ? 'none' : x.toFixed(3));
  if (kind === 'top' || kind === 'dress') {
    if (kind === 'top' && s.teeIoUMedian < t.teeIoUMedian) out.push(`T-shirt IoU median ${f(s.teeIoUMedian)} < ${t.teeIoUMedian}`);
    if (kind === 'top' && s.teeIoUMin < t.teeIoUMin) out.push(`T-shirt IoU worst frame ${f(s.teeIoUMin)} < ${t.teeIoUMin}`);
    if (kind === 'dress' && s.torsoCoveredMedian < t.dressCovered) out.push(`T-shirt's torso covered ${f(s.torsoCoveredMedian)} < ${t.dressCovered}`);
  }
  if (kind === 'shorts' && s.shortsIoUMedian < t.shortsIoUMedian) out.push(`shorts IoU median ${f(s.shortsIoUMedian)} < ${t.shortsIoUMedian}`);
  if (kind === 'trousers') {
    if (s.shortsCoveredMedian < t.trousersShortsCovered) out.push(`shorts covered ${f(s.shortsCoveredMedian)} < ${t.trousersShortsCovered}`);
    if (s.hemToAnkleWorst === null) out.push('a leg without trouser on it in some frame');
    else if (s.hemToAnkleWorst > t.trousersHemOfHeight) out.push(`hem to ankle ${f(s.hemToAnkleWorst)} of height > ${t.trousersHemOfHeight}`);
  }
  if (kind === 'skirt' && !(s.shortsCoveredAboveHemMedian >= t.skirtShortsCovered)) {
    out.push(`shorts above the hem covered ${f(s.shortsCoveredAboveHemMedian)} < ${t.skirtShortsCovered}`);
  }
  if (kind === 'dress') {
    if (s.shortsCoveredMedian < t.dressCovered) out.push(`shorts covered ${f(s.shortsCoveredMedian)} < ${t.dressCovered}`);
    const hem = s.hemKneeToAnkleMedian;
    if (hem === null || hem < t.dressHemMin || hem > t.dressHemMax) out.push(`hem at ${f(hem)} of knee→ankle, not within ${t.dressHemMin}…${t.dressHemMax}`);
  }
  return out;
}

/**
 * The catalog category → which thresholds apply. Shorts are trousers in the catalog (one garment type, legs ending
 * at their inseam), told apart by the product's `shorts` tag.
 */
export function fitKindOf(categoryId: string, tags: readonly string[] = []): FitKind {
  if (categoryId === 'trousers') return tags.includes('shorts') ? 'shorts' : 'trousers';
  if (categoryId === 'shorts') return 'shorts';
  if (categoryId === 'dress') return 'dress';
  if (categoryId === 'skirt') return 'skirt';
  return 'top';
}
