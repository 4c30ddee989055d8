import { BENDING_LENGTH_M, fabricOf } from '../../../shared/fabric';
import { widthAt } from '../polygon';
import type { ProductSpec } from '../catalog';
import { CLOTHS } from '../cloths';
import type { DraftedDress } from '../pattern/draft-dress';
import type { DraftedSkirt } from '../pattern/draft-skirt';
import { dressDraftFor, hasDressPattern, hasSkirtPattern, SAMPLE_SIZE, skirtDraftFor } from '../pattern/pattern-product';
import { sizeRun } from '../pattern/size-run';
import { standingBody } from './body';
import { drapeSkirt, type DrapedSkirt, type SkirtPiece } from './drape-skirt';

/**
 * Mesh resolution: rings down the skirt and columns round it. 64 columns put ≈ 2–3 cm of hem between columns on a
 * knee-length flared skirt — finer than a flute of cloth whose bending length is 1.5–2.5 cm (drape folds are a few
 * bending lengths wide, shared/fabric.ts), so the folds are the cloth's and not the grid's; 25 rings give ≈ 2.5–3 cm
 * down the grain. ≈ 1,600 vertices: a couple of seconds of solving per product.
 */
export const RINGS = 25;
export const COLUMNS = 64;
/**
 * Columns per pressed pleat of a pleated skirt (one at its fold, two across its face): a mini's ≈ 24 pleats of ≈ 4 cm
 * make ≈ 72 columns, 1.3 cm apart — a face drawn as two facets of cloth, its fold a crease between them.
 */
export const COLUMNS_PER_PLEAT = 3;
/** A full knife pleat: the face, its under-fold and the cloth under that (draft-skirt.ts, depth = 2 × face). */
const KNIFE_PLEAT_LAYERS = 3;

/** A piece's cloth: its bending length, and where the product names its cloth, that cloth's weight and shear. */
export type ClothOfPiece = Pick<SkirtPiece, 'bendingLengthM' | 'arealDensityKgM2' | 'shearStiffnessNPerM'>;

function clothOfPiece(c: number | ClothOfPiece): ClothOfPiece {
  return typeof c === 'number' ? { bendingLengthM: c } : c;
}

/**
 * The cloth a product's skirt is draped in: its named cloth's measured bending length, weight and shear (cloths.ts),
 * else its fabric kind's bending length (shared/fabric.ts) with the solver's default weight and shear.
 */
export function productCloth(spec: ProductSpec): ClothOfPiece {
  if (spec.cloth) {
    const c = CLOTHS[spec.cloth];
    return { bendingLengthM: c.bendingLengthM, arealDensityKgM2: c.arealDensityKgM2, shearStiffnessNPerM: c.shearStiffnessNPerM };
  }
  return { bendingLengthM: BENDING_LENGTH_M[fabricOf({ categoryId: spec.category, name: spec.name, description: spec.description, tags: spec.tags })] };
}

/** The drafted skirt as cloth: girth round the sewn front and back at each depth, its centre-front length. */
export function skirtPieceOf(draft: DraftedSkirt, bendingLengthM: number | ClothOfPiece): SkirtPiece {
  const waistM = draft.measurementsCm.waist / 100;
  // Below the side's hem corner (an A-line's trued hem rises to the side) the hem itself is the outline: keep the
  // girth there.
  const lowestM = Math.min(draft.front.hem[1], draft.front.cfHem[1]) / 1000;
  const girthM = (sM: number): number => {
    if (sM <= 0) return waistM;
    const y = Math.min(sM, lowestM) * 1000;
    return Math.max(waistM, (2 * (widthAt(draft.frontHalf, y) + widthAt(draft.backHalf, y))) / 1000);
  };
  const pleats = draft.pleats ? { count: draft.pleats.count, layers: KNIFE_PLEAT_LAYERS, stitchedToM: draft.pleats.stitchedToMm / 1000, depthM: draft.pleats.depthMm / 1000 } : undefined;
  return { girthM, lengthM: draft.front.cfHem[1] / 1000, ...clothOfPiece(bendingLengthM), ...(pleats ? { pleats } : {}) };
}

/** A flared dress skirt as cloth: a cone cut open, its girth growing linearly from the waist seam (draftDress). */
export function dressSkirtPieceOf(draft: DraftedDress, bendingLengthM: number | ClothOfPiece): SkirtPiece {
  const { flareOfCircle, lengthMm, hemMm } = draft.skirt;
  const waistMm = hemMm - 2 * Math.PI * flareOfCircle * lengthMm;
  return { girthM: (sM) => (waistMm + 2 * Math.PI * flareOfCircle * Math.max(0, sM) * 1000) / 1000, lengthM: lengthMm / 1000, ...clothOfPiece(bendingLengthM) };
}

/** A product's draped skirt at the sample size, where it has one (flared skirts and dresses), and where it hangs from. */
export interface ProductDrape {
  skirt: DrapedSkirt;
  /** Which part of the picture the drape replaces: a skirt's whole piece, or a dress's below its waist seam. */
  replaces: 'skirt' | 'dressSkirt';
}

const cache = new Map<string, ProductDrape | null>();

/**
 * Whether a product's picture is draped: every pattern-drafted skirt — the A-line (Penelope slash-and-spread) falls
 * in flutes, the pencil hangs nearly straight, the pleated mini hangs in its pressed pleats — and the dress's flared
 * skirt.
 */
export function isDraped(spec: ProductSpec): boolean {
  if (hasSkirtPattern(spec)) return true;
  // Bella's dress: its quarter-circle skirt (draftDress). Other dress drafts opt in when their skirts flare.
  return hasDressPattern(spec) && spec.sewingPattern === 'bella';
}

/** The product's skirt hung on its sample size's standard body; solved once per process per product. */
export function productDrape(spec: ProductSpec): ProductDrape | undefined {
  const hit = cache.get(spec.id);
  if (hit !== undefined) return hit ?? undefined;
  let out: ProductDrape | null = null;
  if (isDraped(spec)) {
    const cloth = productCloth(spec);
    const body = standingBody(sizeRun(spec.category)[SAMPLE_SIZE]);
    if (hasSkirtPattern(spec)) {
      const piece = skirtPieceOf(skirtDraftFor(spec, SAMPLE_SIZE), cloth);
      out = { skirt: drapeSkirt(piece, body, RINGS, piece.pleats ? piece.pleats.count * COLUMNS_PER_PLEAT : COLUMNS), replaces: 'skirt' };
    }
    else if (hasDressPattern(spec)) out = { skirt: drapeSkirt(dressSkirtPieceOf(dressDraftFor(spec, SAMPLE_SIZE), cloth), body, RINGS, COLUMNS), replaces: 'dressSkirt' };
  }
  cache.set(spec.id, out);
  return out ?? undefined;
}

/** Forgets the solved drapes (the determinism test solves them twice). */
export function clearDrapeCache(): void {
  cache.clear();
}
