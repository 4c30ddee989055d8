import type { GarmentMeasurementsCm, GarmentSizeChart } from '../../../shared/garment-measurements';
import { SIZES, type ProductSpec, type Size } from '../catalog';
import { layoutGarment, type Layout } from '../layout';
import { draftDress, DRESS_PATTERNS, type DraftedDress, type DressPattern } from './draft-dress';
import { draftJacket, JACKET_PATTERNS, type DraftedJacket, type JacketPattern } from './draft-jacket';
import { draftSkirt, SKIRT_PATTERNS, type DraftedSkirt, type SkirtPattern } from './draft-skirt';
import { draftTop, TOP_PATTERNS, type DraftedTop, type TopPattern } from './draft-top';
import { draftTrousers, TROUSER_PATTERNS, type DraftedTrousers, type TrouserPattern } from './draft-trousers';
import { dressGhostOutline, ghostOutline, jacketGhostOutline, skirtGhostOutline, trousersGhostOutline } from './ghost-outline';
import { sizeRun } from './size-run';

/** A FreeSewing design a demo product can be drafted from. */
export type SewingPattern = TopPattern | SkirtPattern | TrouserPattern | DressPattern | JacketPattern;

/** The size the product pictures and GLBs show (the middle of the run, as a store's sample garment). */
export const SAMPLE_SIZE: Size = 'M';

type Drafted = DraftedTop | DraftedSkirt | DraftedTrousers | DraftedDress | DraftedJacket;
const drafts = new Map<string, Drafted>();

function memo<T extends Drafted>(key: string, draft: () => T): T {
  let d = drafts.get(key) as T | undefined;
  if (!d) {
    d = draft();
    drafts.set(key, d);
  }
  return d;
}

/** `spec`'s top pattern drafted for `size`'s standard body; drafted once per process (drafting is pure). */
export function draftFor(spec: ProductSpec & { sewingPattern: TopPattern }, size: Size): DraftedTop {
  return memo(`${spec.sewingPattern}:${spec.category}:${size}`, () => draftTop(spec.sewingPattern, sizeRun(spec.category)[size]));
}

/** `spec`'s skirt pattern drafted for `size`'s standard body. */
export function skirtDraftFor(spec: ProductSpec & { sewingPattern: SkirtPattern }, size: Size): DraftedSkirt {
  return memo(`${spec.sewingPattern}:${spec.category}:${size}`, () => draftSkirt(spec.sewingPattern, sizeRun(spec.category)[size]));
}

/** `spec`'s trouser pattern drafted for `size`'s standard body. */
export function trousersDraftFor(spec: ProductSpec & { sewingPattern: TrouserPattern }, size: Size): DraftedTrousers {
  return memo(`${spec.sewingPattern}:${spec.category}:${size}`, () => draftTrousers(spec.sewingPattern, sizeRun(spec.category)[size]));
}

/** `spec`'s dress pattern drafted for `size`'s standard body. */
export function dressDraftFor(spec: ProductSpec & { sewingPattern: DressPattern }, size: Size): DraftedDress {
  return memo(`${spec.sewingPattern}:${spec.category}:${size}`, () => draftDress(spec.sewingPattern, sizeRun(spec.category)[size]));
}

export function hasDressPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: DressPattern } {
  return spec.sewingPattern !== undefined && spec.sewingPattern in DRESS_PATTERNS;
}

/** `spec`'s jacket block drafted for `size`'s standard body. */
export function jacketDraftFor(spec: ProductSpec & { sewingPattern: JacketPattern }, size: Size): DraftedJacket {
  return memo(`${spec.sewingPattern}:${spec.category}:${size}`, () => draftJacket(spec.sewingPattern, sizeRun(spec.category)[size]));
}

export function hasJacketPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: JacketPattern } {
  return spec.sewingPattern !== undefined && spec.sewingPattern in JACKET_PATTERNS;
}

export function hasTrouserPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: TrouserPattern } {
  return spec.sewingPattern !== undefined && spec.sewingPattern in TROUSER_PATTERNS;
}

export function hasPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: SewingPattern } {
  return spec.sewingPattern !== undefined;
}

export function hasTopPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: TopPattern } {
  return spec.sewingPattern !== undefined && spec.sewingPattern in TOP_PATTERNS;
}

export function hasSkirtPattern(spec: ProductSpec): spec is ProductSpec & { sewingPattern: SkirtPattern } {
  return spec.sewingPattern !== undefined && spec.sewingPattern in SKIRT_PATTERNS;
}

/** The flat "ghost mannequin" layout of a pattern-made product, drafted at the sample size. */
export function patternLayout(spec: ProductSpec & { sewingPattern: SewingPattern }): Layout {
  if (hasSkirtPattern(spec)) return layoutGarment(spec.shape, skirtGhostOutline(skirtDraftFor(spec, SAMPLE_SIZE)));
  if (hasTrouserPattern(spec)) return layoutGarment(spec.shape, trousersGhostOutline(trousersDraftFor(spec, SAMPLE_SIZE)));
  if (hasDressPattern(spec)) return layoutGarment(spec.shape, dressGhostOutline(dressDraftFor(spec, SAMPLE_SIZE)));
  if (hasJacketPattern(spec)) return layoutGarment(spec.shape, jacketGhostOutline(jacketDraftFor(spec, SAMPLE_SIZE)));
  if (hasTopPattern(spec)) return layoutGarment(spec.shape, ghostOutline(draftFor(spec, SAMPLE_SIZE), spec.shape.sleeves === 'none'));
  throw new Error(`${spec.id}: unknown sewing pattern ${String(spec.sewingPattern)}`);
}

/**
 * The garment size chart of a pattern-made product: every size's finished measurements read off its own draft
 * (a top's chest and waist round the front and back pieces, length HPS → hem, sleeve cap → end; a skirt's waist and
 * hip round its sewn pieces, length band top → hem; trousers' waist and hip round front and back, outseam band top →
 * hem, inseam fork → hem, leg opening round the hem; a dress's bust, waist along its waist seam, hip round its skirt at
 * the seat line, length HPS → hem as worn (a slip's from its strap's top), sleeve from the cap (a slip has none); a jacket's as a top's, buttoned), whole cm, sleeves and leg openings to 0.5.
 */
export function patternChart(spec: ProductSpec & { sewingPattern: SewingPattern }): GarmentSizeChart {
  const chart: GarmentSizeChart = {};
  for (const size of SIZES) {
    if (hasTrouserPattern(spec)) {
      const m = trousersDraftFor(spec, size).measurementsCm;
      // The leg opening to 0.5 cm, as sleeves: a slim leg's, graded on the heel, grows by under 1 cm a size.
      chart[size] = { waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), inseam: Math.round(m.inseam), legOpening: Math.round(m.legOpening * 2) / 2 };
      continue;
    }
    if (hasDressPattern(spec)) {
      const m = dressDraftFor(spec, size).measurementsCm;
      chart[size] = { chest: Math.round(m.chest), waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), ...(m.sleeve === undefined ? {} : { sleeve: Math.round(m.sleeve * 2) / 2 }) };
      continue;
    }
    if (hasSkirtPattern(spec)) {
      const m = skirtDraftFor(spec, size).measurementsCm;
      chart[size] = { waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length) };
      continue;
    }
    if (hasJacketPattern(spec)) {
      const m = jacketDraftFor(spec, size).measurementsCm;
      chart[size] = { chest: Math.round(m.chest), waist: Math.round(m.waist), length: Math.round(m.length), sleeve: Math.round(m.sleeve * 2) / 2 };
      continue;
    }
    if (!hasTopPattern(spec)) throw new Error(`${spec.id}: unknown sewing pattern ${String(spec.sewingPattern)}`);
    const m = draftFor(spec, size).measurementsCm;
    const row: GarmentMeasurementsCm = { chest: Math.round(m.chest), waist: Math.round(m.waist), length: Math.round(m.length) };
    if (spec.shape.sleeves !== 'none') row.sleeve = Math.round(m.sleeve * 2) / 2;
    chart[size] = row;
  }
  return chart;
}
