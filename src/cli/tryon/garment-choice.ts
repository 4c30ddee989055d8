/**
 * `--product`, `--colour`, `--size`, `--mode` → the catalog variant to put on and its garment asset, or a one-line
 * reason why not (unknown product, colour or size; no garment for that mode).
 */
import type { Product, Variant } from '../../shared/catalog';
import { fabricOf } from '../../shared/fabric';
import type { TryOnGarment } from '../../shared/tryon';
import { UsageError } from '../context';

export interface GarmentRequest {
  productId: string;
  /** Colour as the catalog names it, case-insensitive; @default the product's first colour with a garment for the mode. */
  colour?: string;
  /** Size label as the variants spell it; @default M when the product has it, else its first size. */
  size?: string;
  mode: '2d' | '3d';
}

export interface GarmentChoice {
  product: Product;
  variant: Variant;
  garment: TryOnGarment['garment'];
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** @throws UsageError with the reason, naming what the product does have. */
export function chooseGarment(product: Product | null, req: GarmentRequest): GarmentChoice {
  if (!product) throw new UsageError(`unknown product "${req.productId}" (atelier catalog search lists them)`, 1);
  const colours = unique(product.variants.map((v) => v.colour));
  const sizes = unique(product.variants.map((v) => v.size));
  const hasGarment = (v: Variant): boolean => (req.mode === '3d' ? v.asset3d !== null : v.asset2d !== null);
  let colour: string;
  if (req.colour !== undefined) {
    const wanted = req.colour.toLowerCase();
    const found = colours.find((c) => c.toLowerCase() === wanted);
    if (!found) throw new UsageError(`product ${product.id} has no colour "${req.colour}" (colours: ${colours.join(', ')})`, 1);
    colour = found;
  } else {
    colour = product.variants.find(hasGarment)?.colour ?? colours[0] ?? '';
  }
  if (req.size !== undefined && !sizes.includes(req.size)) {
    throw new UsageError(`product ${product.id} has no size "${req.size}" (sizes: ${sizes.join(', ')})`, 1);
  }
  const ofColour = product.variants.filter((v) => v.colour === colour);
  const size = req.size ?? (ofColour.some((v) => v.size === 'M') ? 'M' : ofColour[0]?.size);
  const variant = ofColour.find((v) => v.size === size);
  if (!variant) throw new UsageError(`product ${product.id} has no variant in colour ${colour}, size ${size ?? '?'}`, 1);
  const asset = req.mode === '3d' ? variant.asset3d : variant.asset2d;
  if (!asset) {
    const other = req.mode === '3d' ? (variant.asset2d ? ' (it has a 2D one: --mode 2d)' : '') : variant.asset3d ? ' (it has a 3D one: --mode 3d)' : '';
    throw new UsageError(`product ${product.id} in ${colour} has no ${req.mode.toUpperCase()} garment asset${other}`, 1);
  }
  if (req.mode === '2d' && !asset.anchors) throw new UsageError(`product ${product.id} in ${colour}: its garment picture has no anchors yet (set them on the admin screen)`, 1);
  return { product, variant, garment: { sha256: asset.sha256, anchors: asset.anchors, ...(req.mode === '2d' && asset.back ? { back: asset.back } : {}) } };
}

/** The page's garment for a choice: its asset at the chosen size's chart row, worn as the mirror wears the product. */
export function tryOnGarment(choice: GarmentChoice, mode: '2d' | '3d'): TryOnGarment {
  const { product, variant, garment } = choice;
  return { mode, garment, categoryId: product.categoryId, tuck: product.tuck ?? null, garmentCm: product.garmentChart[variant.size] ?? null, fabric: fabricOf(product) };
}
