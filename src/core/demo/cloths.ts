import type { FabricKind } from '../../shared/fabric';

/**
 * The named cloths the demo garments are made of, with the low-stress mechanics a drape needs (docs/cloth.md,
 * "Each garment's cloth"). Each is a typical fabric of its class as the KES-F surveys report it — Kawabata & Niwa,
 * "Fabric performance in clothing and clothing manufacture", J. Text. Inst. 80 (1989) 19–50, and Kawabata, "The
 * Standardization and Analysis of Hand Evaluation" (2nd ed., Textile Machinery Society of Japan, 1980): bending
 * rigidity B (gf·cm²/cm), shear rigidity G (gf/cm/°) and weight W (mg/cm²), warp and weft averaged. The bending length
 * is Peirce's c = (B / W)^⅓ (the length whose own weight bends it: the drape's fold scale), the areal density W, the
 * shear stiffness G in N/m per radian (1 gf/cm/° = 0.00980665 N / 0.01 m × 180/π = 56.2 N/m).
 *
 * `kind` is the fabric family the 3D material and the renderer draw it as (shared/fabric.ts); the product's own
 * words name the cloth (e.g. "poplin") so that `fabricOf(product)` reads the same kind (tests/demo/cloths.test.ts).
 */
export interface ClothSpec {
  name: string;
  kind: FabricKind;
  /** Peirce bending length, m. */
  bendingLengthM: number;
  /** Weight, kg/m². */
  arealDensityKgM2: number;
  /** In-plane shear stiffness, N/m (per radian of shear). */
  shearStiffnessNPerM: number;
  /** The KES-F values it is computed from. */
  kes: { bendingGfCm2PerCm: number; shearGfPerCmDeg: number; weightMgPerCm2: number };
}

/** 1 gf/cm per degree of shear in N/m per radian. */
const N_PER_M_OF_GF_PER_CM_DEG = (0.00980665 / 0.01) * (180 / Math.PI);

function cloth(name: string, kind: FabricKind, kes: ClothSpec['kes']): ClothSpec {
  return {
    name,
    kind,
    // (gf·cm²/cm) / (mg/cm²) = 1000 cm³: c in cm, then m.
    bendingLengthM: Math.cbrt((1000 * kes.bendingGfCm2PerCm) / kes.weightMgPerCm2) / 100,
    arealDensityKgM2: kes.weightMgPerCm2 / 100,
    shearStiffnessNPerM: kes.shearGfPerCmDeg * N_PER_M_OF_GF_PER_CM_DEG,
    kes,
  };
}

export const CLOTHS = {
  /**
   * A dress-weight cotton poplin (≈ 120 g/m², the summer skirt and shirting weight): KES B ≈ 0.06, G ≈ 0.8,
   * W ≈ 12 — c ≈ 1.7 cm. Light and soft in bending: an A-line in it falls in many narrow flutes.
   */
  'cotton-poplin': cloth('cotton poplin', 'oxford', { bendingGfCm2PerCm: 0.06, shearGfPerCmDeg: 0.8, weightMgPerCm2: 12 }),
  /**
   * A wool-blend suiting crepe for a fitted skirt (≈ 240 g/m²): KES B ≈ 0.15, G ≈ 0.7 (the men's and women's
   * suitings' range 0.08–0.2 and 0.5–1.0), W ≈ 24 — c ≈ 1.8 cm. Heavy for its stiffness: it hangs straight.
   */
  'wool-crepe': cloth('wool crepe suiting', 'wool-check', { bendingGfCm2PerCm: 0.15, shearGfPerCmDeg: 0.7, weightMgPerCm2: 24 }),
  /**
   * A poly/wool tartan (55/45, ≈ 280 g/m², the school-kilt and pleated-skirt cloth that holds a pressed pleat):
   * KES B ≈ 0.2, G ≈ 1.2 (polyester blends shear stiffer than all-wool), W ≈ 28 — c ≈ 1.9 cm.
   */
  'poly-wool-tartan': cloth('poly/wool tartan', 'wool-check', { bendingGfCm2PerCm: 0.2, shearGfPerCmDeg: 1.2, weightMgPerCm2: 28 }),
  /**
   * A single cotton jersey for a tee (≈ 160 g/m²): knitted loops bend and shear far more easily than a weave — KES
   * B ≈ 0.035, G ≈ 0.5 (the knit surveys' plain jerseys: 0.02–0.05 and 0.3–0.7), W ≈ 16 — c ≈ 1.3 cm. It falls in
   * many soft, narrow folds and clings where it rests.
   */
  'cotton-jersey': cloth('cotton single jersey', 'jersey', { bendingGfCm2PerCm: 0.035, shearGfPerCmDeg: 0.5, weightMgPerCm2: 16 }),
  /**
   * An oxford shirting (a basket weave, ≈ 140 g/m²): KES B ≈ 0.12, G ≈ 1.3 (men's shirtings 0.06–0.15 and 0.6–1.5),
   * W ≈ 14 — c ≈ 2.0 cm. Lighter than the jersey but three times as stiff in bending: fewer, broader folds that
   * stand off the body.
   */
  'oxford-shirting': cloth('oxford shirting', 'oxford', { bendingGfCm2PerCm: 0.12, shearGfPerCmDeg: 1.3, weightMgPerCm2: 14 }),
  /**
   * A viscose challis for a summer dress's bodice (≈ 120 g/m²): a soft, limp plain weave — KES B ≈ 0.04, G ≈ 0.5,
   * W ≈ 12 — c ≈ 1.5 cm, the bending length the tea dress's skirt is draped with (its words name no cloth, so it is
   * drawn as the dress category's jersey).
   */
  'viscose-challis': cloth('viscose challis', 'jersey', { bendingGfCm2PerCm: 0.04, shearGfPerCmDeg: 0.5, weightMgPerCm2: 12 }),
} as const satisfies Record<string, ClothSpec>;

export type ClothName = keyof typeof CLOTHS;
