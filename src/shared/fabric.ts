/**
 * The fabrics a 3D garment can be drawn in (issue 14 point 2). The catalog has no fabric field: the kind is read
 * from the product's own words (tags, name, description: "denim", "satin", "oxford" …), else its category's usual
 * cloth. A GLB whose material says `extras.atelier.fabric` overrides both (see the renderer's fabric material).
 */
export const FABRICS = ['jersey', 'oxford', 'twill', 'satin', 'wool-check', 'knit'] as const;
export type FabricKind = (typeof FABRICS)[number];

export function isFabricKind(x: unknown): x is FabricKind {
  return typeof x === 'string' && (FABRICS as readonly string[]).includes(x);
}

/**
 * Words that name a fabric, checked in this order over all the product's words (a "satin twill" is satin, a
 * "gingham check" shirt oxford). "Cotton" names no weave, so it is not one of them.
 */
const WORDS: ReadonlyArray<[RegExp, FabricKind]> = [
  [/satin|silk|charmeuse|缎|丝/i, 'satin'],
  [/denim|jean|twill|chino|gabardine|牛仔|斜纹|卡其/i, 'twill'],
  [/knit|sweater|jumper|cardigan|cable|针织|毛衣/i, 'knit'],
  [/oxford|poplin|shirting|chambray|gingham|pinstripe|牛津|府绸/i, 'oxford'],
  [/wool|tweed|flannel|check|tartan|plaid|羊毛|格/i, 'wool-check'],
  [/jersey|\btee\b|t-shirt|汗布|T恤/i, 'jersey'],
];

/** The cloth a category is usually made of, when the product's words name none. */
const BY_CATEGORY: Readonly<Record<string, FabricKind>> = {
  tshirt: 'jersey',
  shirt: 'oxford',
  jacket: 'wool-check',
  dress: 'jersey',
  trousers: 'twill',
  skirt: 'wool-check',
};

/** The fabric of a product: the first fabric its tags, name or description name, else its category's. */
export function fabricOf(product: { categoryId: string; name?: string; description?: string; tags?: readonly string[] }): FabricKind {
  const text = [...(product.tags ?? []), product.name ?? '', product.description ?? ''].join(' ');
  for (const [re, kind] of WORDS) if (re.test(text)) return kind;
  return BY_CATEGORY[product.categoryId] ?? 'jersey';
}

/**
 * Bending length of each fabric, metres (Peirce's cantilever test, the length whose own weight bends it under
 * gravity: c = (B / w)^⅓): single jersey 1–2 cm, shirting oxford ≈ 2 cm, a bottom-weight cotton twill (chino)
 * 2.5–3 cm, satin ≈ 1.2 cm, suiting wool ≈ 2.5 cm, a chunky knit ≈ 2 cm (published KES/FAST and cantilever
 * surveys of apparel fabrics). It sets the size of the cloth's folds: a stiffer, heavier cloth makes fewer,
 * broader ones. Denim is a heavier twill: {@link DENIM_BENDING_LENGTH_M}.
 */
export const BENDING_LENGTH_M: Readonly<Record<FabricKind, number>> = {
  jersey: 0.015,
  oxford: 0.02,
  twill: 0.028,
  satin: 0.012,
  'wool-check': 0.025,
  knit: 0.02,
};

/** A 12–14 oz jeans denim: 3.5–5 cm in the same tests (rigid denim at the top of the range). */
export const DENIM_BENDING_LENGTH_M = 0.04;

/**
 * Folds hanging under gravity (drape, from a shoulder point) are a few bending lengths apart; folds pushed up by
 * compression along the cloth (a trouser's break on the shoe, behind a bent knee, inside an elbow) are shorter,
 * about one and a half: the buckle's wavelength scales with the bending length as (B / load)^½ and the load of a
 * bent limb's cloth is greater than its own weight. Wavelength ÷ bending length.
 */
export const DRAPE_FOLD_WAVELENGTH_OF_BENDING_LENGTH = 3;
export const BUCKLE_WAVELENGTH_OF_BENDING_LENGTH = 1.5;
