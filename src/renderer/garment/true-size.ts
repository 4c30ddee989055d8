import { WAIST_FROM_SHOULDER, type GarmentAsset, type GarmentCategory } from '../../shared/garment';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import type { GarmentSilhouette } from '../../shared/garment-silhouette';
import { chestCmOfShoulderJoints, CIRCUMFERENCE_OF_FRONT_WIDTH, hipCmOfHipJoints } from '../../shared/sizing';

/**
 * How big a garment picture is in the real world: centimetres per picture pixel, from the worn size's chart row
 * (`GarmentMeasurementsCm`) and the picture's own widths (`GarmentSilhouette`). The rig turns these into screen
 * pixels each frame with the body's scale (cm per camera pixel), so the garment is drawn at its true size on
 * whoever wears it: size S narrower and shorter than XL on the same shopper.
 *
 * Worn widths: a chart gives circumferences; seen from the front, a garment worn on a body shows its
 * circumference / {@link CIRCUMFERENCE_OF_FRONT_WIDTH} (the body's own cross-section ratio from sizing.ts), and a
 * trouser leg, hanging round, its leg opening / π.
 *
 * Fallback (no chart for the size, or the chart lacks a measurement): the garment is drawn as a regular fit on the
 * shopper in front of the mirror — their estimated chest (tops) or hip (bottoms) plus {@link FALLBACK_EASE_CM} —
 * as long as the picture's anchors say (a top's waist on the shopper's waist; a bottom in the picture's own
 * proportions); sleeves and legs end where the picture's anchors say (the
 * category's default: a short sleeve part-way down the upper arm, a long one at the wrist, a trouser leg at the ankle).
 */
export interface GarmentScale {
  /** Circumference the width is drawn from (chest for tops and dresses, hip for trousers and skirts), or null. */
  readonly widthCm: number | null;
  /** The picture's width at the same place, px. */
  readonly widthImagePx: number;
  /** Which body width the fallback uses. */
  readonly widthOf: 'chest' | 'hip';
  /** Garment length (chart `length`), or null. */
  readonly lengthCm: number | null;
  /** The picture's length between the same points, px. */
  readonly lengthImagePx: number;
  /** Tops and dresses: the picture's drop from the shoulder anchors to the waist anchors, px (null for bottoms). */
  readonly waistDropImagePx: number | null;
  /** Sleeve length from the shoulder, or null. */
  readonly sleeveCm: number | null;
  /** Trousers: inseam, or null. */
  readonly inseamCm: number | null;
  /** Trousers: leg opening circumference and the picture's hem width, px; null when either is unknown. */
  readonly legOpeningCm: number | null;
  readonly legOpeningImagePx: number | null;
}

/** Room a garment without a chart gets around the shopper's estimated circumference, cm. */
export const FALLBACK_EASE_CM = 8;
/**
 * Picture width / anchor spacing where a picture has no readable alpha: chest width / shoulder-anchor spacing and hip
 * width / hip-anchor spacing, as measured on the demo collection's pictures.
 */
const CHEST_OF_SHOULDER_ANCHORS = 1.3;
const HIP_OF_HIP_ANCHORS = 1.9;

const dist = (a: readonly [number, number], b: readonly [number, number]): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const mid = (a: readonly [number, number], b: readonly [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

export function isBottom(category: GarmentCategory): boolean {
  return category === 'trousers' || category === 'skirt';
}

/** The picture-side numbers of a garment for one size's chart row (`measurements` null: the fallback). */
export function garmentScale(asset: Pick<GarmentAsset, 'anchorsPx' | 'category'>, silhouette: GarmentSilhouette | null, measurements: GarmentMeasurementsCm | null): GarmentScale {
  const a = asset.anchorsPx;
  const m = measurements ?? {};
  const bottom = isBottom(asset.category);
  let widthImagePx: number;
  let widthCm: number | null;
  if (bottom) {
    widthImagePx = silhouette?.hipWidthPx ?? HIP_OF_HIP_ANCHORS * dist(a.leftHip!, a.rightHip!);
    widthCm = m.hip ?? null;
  } else {
    widthImagePx = silhouette?.chestWidthPx ?? CHEST_OF_SHOULDER_ANCHORS * dist(a.leftShoulder!, a.rightShoulder!);
    widthCm = m.chest ?? null;
  }
  // Length in the picture between the points the chart measures: tops from the high point of the shoulder to the
  // hem, skirts from the waistband to the hem, trousers down the outside of the leg to the ankle.
  let lengthImagePx: number;
  if (asset.category === 'trousers') {
    // Shorts end on the thigh: their outseam runs to their hem (where the cloth ends on the leg's path), not the ankle.
    const legPx = dist(a.leftHip!, a.leftKnee!) + dist(a.leftKnee!, a.leftAnkle!);
    const hemPx = silhouette?.legHemAlongPx;
    lengthImagePx = dist(mid(a.leftWaist!, a.rightWaist!), mid(a.leftHip!, a.rightHip!)) + (hemPx != null && hemPx < legPx ? hemPx : legPx);
  } else if (asset.category === 'skirt') {
    lengthImagePx = dist(mid(a.leftWaist!, a.rightWaist!), mid(a.leftHem!, a.rightHem!));
  } else if (silhouette?.hpsYPx != null && silhouette.hemYPx != null && silhouette.hemYPx > silhouette.hpsYPx) {
    // As a chart measures it: from the high point of the shoulder down to the hem's lowest point (the picture is
    // upright: its shoulder anchors level).
    lengthImagePx = silhouette.hemYPx - silhouette.hpsYPx;
  } else {
    // No readable alpha: the neck anchor (centre front of the neckline) is the nearest anchor to the HPS.
    lengthImagePx = dist(a.neck!, mid(a.leftHem!, a.rightHem!));
  }
  return {
    widthCm,
    widthImagePx,
    widthOf: bottom ? 'hip' : 'chest',
    lengthCm: m.length ?? null,
    lengthImagePx,
    waistDropImagePx: bottom || !a.leftWaist || !a.rightWaist ? null : dist(mid(a.leftShoulder!, a.rightShoulder!), mid(a.leftWaist, a.rightWaist)),
    sleeveCm: m.sleeve ?? null,
    inseamCm: m.inseam ?? null,
    legOpeningCm: m.legOpening ?? null,
    legOpeningImagePx: silhouette?.legOpeningWidthPx ?? null,
  };
}

/**
 * Screen pixels per picture pixel across the body for this frame.
 * @param cmPerPx the body's scale (cm per camera pixel).
 * @param bodyJointsCm the shopper's shoulder-joint (tops) or hip-joint (bottoms) distance, cm — used by the fallback.
 */
export function acrossPxPerImagePx(scale: GarmentScale, cmPerPx: number, bodyJointsCm: number): number {
  return garmentWidthCm(scale, bodyJointsCm) / CIRCUMFERENCE_OF_FRONT_WIDTH / cmPerPx / scale.widthImagePx;
}

/** The garment's chest (tops) or hip (bottoms) circumference drawn, cm: the chart's, else the fallback's. */
export function garmentWidthCm(scale: GarmentScale, bodyJointsCm: number): number {
  return scale.widthCm ?? (scale.widthOf === 'chest' ? chestCmOfShoulderJoints(bodyJointsCm) : hipCmOfHipJoints(bodyJointsCm)) + FALLBACK_EASE_CM;
}

/**
 * Screen pixels per picture pixel along the body: from the chart's length; without one, a top's waist anchors
 * land on the shopper's natural waist (where garment.ts's default bindings put it) and a bottom keeps the
 * picture's proportions.
 * @param torsoPx the shopper's shoulder-line to hip-line distance in camera pixels (for the fallback).
 */
export function alongPxPerImagePx(scale: GarmentScale, cmPerPx: number, acrossPx: number, torsoPx: number): number {
  if (scale.lengthCm !== null) return scale.lengthCm / cmPerPx / scale.lengthImagePx;
  if (scale.waistDropImagePx) return (WAIST_FROM_SHOULDER * torsoPx) / scale.waistDropImagePx;
  return acrossPx;
}

/** Screen pixels per picture pixel across a trouser leg at its hem, or null to keep the garment's across scale. */
export function legOpeningPxPerImagePx(scale: GarmentScale, cmPerPx: number): number | null {
  if (scale.legOpeningCm === null || scale.legOpeningImagePx === null) return null;
  return scale.legOpeningCm / Math.PI / cmPerPx / scale.legOpeningImagePx;
}
