import { BENDING_LENGTH_M, DENIM_BENDING_LENGTH_M, fabricOf } from '../../shared/fabric';
import type { ProductSpec } from './catalog';
import { chinoCrease, folds, honeycombs, shoulderDrape, trouserBreak, underarmFolds, whiskers, type FoldHeight, type LegFoldInput, type TopFoldInput } from './fold-map';

/**
 * Which creases a demo garment is made and worn with (fold-map.ts draws them), from what the garment is: a
 * trouser leg breaks over the shoe when it is longer than the leg; a chino described as pressed has its crease;
 * jeans have the whiskers and honeycombs denim wears into; a tee's or shirt's body hangs in folds from the
 * shoulder points and its sleeves fold under the arm. Their size is the fabric's (its bending length).
 */
export interface GarmentFolds {
  bendingLengthM: number;
  leg?: (leg: LegFoldInput) => FoldHeight;
  body?: (top: TopFoldInput) => FoldHeight;
  sleeve?: (armholeX: number, sleeveRadiusM: number, bendingLengthM: number) => FoldHeight;
}

const DENIM = /denim|jean/i;
const PRESSED = /crease|pressed/i;

/** The garment's folds, or null for one drawn without (a dress: its own hang is the cloth simulation's). */
export function garmentFolds(p: ProductSpec): GarmentFolds | null {
  const words = { categoryId: p.category, name: p.name, description: p.description, tags: p.tags };
  const text = [p.name, p.description, ...p.tags, p.pattern].join(' ');
  const denim = DENIM.test(text);
  const bendingLengthM = denim ? DENIM_BENDING_LENGTH_M : BENDING_LENGTH_M[fabricOf(words)];
  if (p.category === 'trousers') {
    const pressed = PRESSED.test(text);
    return {
      bendingLengthM,
      leg: (leg) => folds(trouserBreak(leg), ...(pressed ? [chinoCrease(leg)] : []), ...(denim ? [whiskers(leg), honeycombs(leg)] : [])),
    };
  }
  if (p.category === 'tshirt' || p.category === 'shirt') return { bendingLengthM, body: shoulderDrape, sleeve: underarmFolds };
  return null;
}
