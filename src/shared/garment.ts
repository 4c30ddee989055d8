import * as v from 'valibot';
import { PoseLandmark, type PoseLandmarkName } from './pose';

/**
 * The 2D garment asset: a front-view PNG with alpha plus named anchor points, as a store can make from a product
 * photo. Conventions (all in the garment image's pixels, origin top-left, y down):
 *
 * - "left"/"right" are the WEARER's sides, as BlazePose's are the person's: a garment photographed from the front
 *   has its left sleeve on the image's right. Because the raw camera frame shows the shopper from the front too, the
 *   garment maps onto unmirrored video pixels without a flip; the renderer mirrors garment and video together.
 * - An anchor marks where the body's joint sits under the garment (the shoulder joint, the hip joint), not the
 *   garment's outline: that is what the landmarks locate.
 * - Each anchor is bound to the body by an affine combination of landmarks (weights sum to 1), so a hem can sit
 *   "20 % of the way from hip to knee, widened outwards" on any body.
 */

export const GARMENT_FORMAT_VERSION = 1;

export const GARMENT_CATEGORIES = ['tshirt', 'shirt', 'jacket', 'dress', 'trousers', 'skirt'] as const;
export type GarmentCategory = (typeof GARMENT_CATEGORIES)[number];

export const GARMENT_ANCHORS = [
  'neck',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  /** End of the sleeve: at the wrist for long sleeves, part-way down the upper arm for short ones. */
  'leftCuff',
  'rightCuff',
  'leftWaist',
  'rightWaist',
  'leftHip',
  'rightHip',
  /** Bottom corners of a top, dress or skirt (trouser legs end at the ankles instead). */
  'leftHem',
  'rightHem',
  'leftKnee',
  'rightKnee',
  /** Leg openings of trousers. */
  'leftAnkle',
  'rightAnkle',
] as const;
export type GarmentAnchorName = (typeof GARMENT_ANCHORS)[number];

/** Anchors each category must have; the fitting parts reference only these. */
export const REQUIRED_ANCHORS: Readonly<Record<GarmentCategory, readonly GarmentAnchorName[]>> = {
  tshirt: ['neck', 'leftShoulder', 'rightShoulder', 'leftCuff', 'rightCuff', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'],
  shirt: ['neck', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow', 'leftCuff', 'rightCuff', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'],
  jacket: ['neck', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow', 'leftCuff', 'rightCuff', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'],
  dress: ['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'],
  trousers: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle'],
  skirt: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'],
};

const finite = v.pipe(v.number(), v.finite());
const pointPx = v.tuple([finite, finite]);
const landmarkName = v.picklist(Object.keys(PoseLandmark) as [PoseLandmarkName, ...PoseLandmarkName[]]);
const anchorName = v.picklist(GARMENT_ANCHORS);
const hexColour = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i));

/** One term of an anchor's binding: `weight × landmark`. */
export const BindingTermSchema = v.object({ landmark: landmarkName, weight: finite });
export type BindingTerm = v.InferOutput<typeof BindingTermSchema>;

/** Target of an anchor = Σ weight × landmark, with Σ weight = 1 (affine, so it moves and scales with the body). */
export const AnchorBindingSchema = v.pipe(
  v.array(BindingTermSchema),
  v.minLength(1),
  v.check((terms) => Math.abs(terms.reduce((s, t) => s + t.weight, 0) - 1) < 1e-6, 'binding weights must sum to 1'),
);
export type AnchorBinding = v.InferOutput<typeof AnchorBindingSchema>;

/**
 * How a part's mesh follows the body:
 * - `tps`: thin-plate spline through the part's anchors (≥ 3, not collinear) — torso, pelvis, skirt.
 * - `limb`: 2 or 3 anchors along a limb (shoulder → elbow → cuff, hip → knee → ankle, or shoulder → cuff); the part
 *   is one strip that bends smoothly at the middle joint, follows the limb and ends where the garment's length says —
 *   a whole sleeve or trouser leg.
 * - `bone`: the older two-anchor form of `limb` (one straight segment), still read from stored assets.
 */
export const PartMappingSchema = v.picklist(['tps', 'limb', 'bone']);
export type PartMapping = v.InferOutput<typeof PartMappingSchema>;

/**
 * One deformable piece of the garment. `quadPx` is the region of the image it draws, corners in order
 * [top-left, top-right, bottom-right, bottom-left] of the part's own frame. For a sleeve or leg (`limb`, `bone`) the
 * frame's "top" runs along the limb: corners 0 and 3 sit at its start (shoulder or hip end), 1 and 2 at its end (cuff
 * or hem), which gives the strip's start and end widths and how far it reaches past its end anchors. Parts overlap
 * so the garment has no gap between them.
 * Parts are drawn in ascending `z` (sleeves below the torso).
 */
export const GarmentPartSchema = v.object({
  name: v.pipe(v.string(), v.minLength(1)),
  mapping: PartMappingSchema,
  anchors: v.pipe(v.array(anchorName), v.minLength(2)),
  quadPx: v.tuple([pointPx, pointPx, pointPx, pointPx]),
  z: v.pipe(v.number(), v.integer()),
});
export type GarmentPart = v.InferOutput<typeof GarmentPartSchema>;

export const GarmentAssetSchema = v.pipe(
  v.object({
    formatVersion: v.literal(GARMENT_FORMAT_VERSION),
    id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/)),
    category: v.picklist(GARMENT_CATEGORIES),
    image: v.object({
      file: v.pipe(v.string(), v.minLength(1)),
      widthPx: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8192)),
      heightPx: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8192)),
    }),
    /**
     * The garment's back (optional): a PNG of the same size and framing as `image`, drawn as the back is seen through
     * the front — the wearer's left on the picture's right, as on the front picture — so the same anchors fit it; the
     * renderer shows it, mirrored with the garment, when the shopper turns their back. Without one the renderer
     * derives a back from the front picture.
     */
    back: v.optional(v.object({ file: v.pipe(v.string(), v.minLength(1)) })),
    /** Anchor positions in image pixels. */
    anchorsPx: v.record(anchorName, pointPx),
    /** Per-anchor landmark bindings; anchors without one use {@link defaultBinding}. */
    bindings: v.optional(v.record(anchorName, AnchorBindingSchema)),
    parts: v.pipe(v.array(GarmentPartSchema), v.minLength(1)),
    colours: v.object({ name: v.string(), primary: hexColour, secondary: hexColour }),
    /** File name of the matching skinned GLB, when the garment also exists in 3D. */
    model3d: v.optional(v.string()),
    /**
     * A pleated skirt (or a dress's pleated skirt): its pleats are a reserve of cloth — folded under, they open over
     * whatever it is worn on (the 2D rig's enclosure of the shopper's clothes, skirt-silhouette.ts: at `pleatFolds`).
     */
    pleated: v.optional(v.boolean()),
    /**
     * A pleated skirt's fold lines across its front (the same each side of the centre line), as shares of its
     * half-width from the centre line, 0–1: where its pleats open when the rig widens it (skirt-silhouette.ts).
     */
    pleatFolds: v.optional(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(1)))),
  }),
  v.check((a) => REQUIRED_ANCHORS[a.category].every((n) => a.anchorsPx[n] !== undefined), 'a required anchor of the category is missing'),
  v.check((a) => a.parts.every((p) => p.anchors.every((n) => a.anchorsPx[n] !== undefined)), 'a part uses an anchor the asset does not have'),
  v.check(
    (a) => a.parts.every((p) => (p.mapping === 'bone' ? p.anchors.length === 2 : p.mapping === 'limb' ? p.anchors.length <= 3 : p.anchors.length >= 3)),
    'bone parts take 2 anchors, limb parts 2 or 3, tps parts at least 3',
  ),
);
export type GarmentAsset = v.InferOutput<typeof GarmentAssetSchema>;

const L = PoseLandmark;
type Terms = ReadonlyArray<readonly [PoseLandmarkName, number]>;
const terms = (t: Terms): AnchorBinding => t.map(([landmark, weight]) => ({ landmark, weight }));

/**
 * Fractions used by the default bindings, chosen so a garment fits an average adult proportioned like BlazePose's
 * joints: the natural waist sits ~70 % of the way from shoulder joint to hip joint; a neck base ~8 % of the torso
 * above the shoulder line.
 */
export const WAIST_FROM_SHOULDER = 0.7;
const NECK_ABOVE_SHOULDERS = 0.08;
/** A short sleeve ends ~60 % of the way down the upper arm. */
const SHORT_SLEEVE = 0.6;

/**
 * The binding an anchor gets when the asset has none. `category` matters for cuffs (short vs long sleeve) and
 * hems (a top ends at the hips, a skirt or dress above the knee).
 */
export function defaultBinding(anchor: GarmentAnchorName, category: GarmentCategory): AnchorBinding {
  const side = (left: boolean, a: PoseLandmarkName, b: PoseLandmarkName): [PoseLandmarkName, PoseLandmarkName] => (left ? [a, b] : [b, a]);
  switch (anchor) {
    case 'neck': {
      const k = NECK_ABOVE_SHOULDERS / 2;
      return terms([['leftShoulder', 0.5 + k], ['rightShoulder', 0.5 + k], ['leftHip', -k], ['rightHip', -k]]);
    }
    case 'leftShoulder':
    case 'rightShoulder':
    case 'leftElbow':
    case 'rightElbow':
    case 'leftHip':
    case 'rightHip':
    case 'leftKnee':
    case 'rightKnee':
    case 'leftAnkle':
    case 'rightAnkle':
      return terms([[anchor, 1]]);
    case 'leftCuff':
    case 'rightCuff': {
      const left = anchor === 'leftCuff';
      const [shoulder] = side(left, 'leftShoulder', 'rightShoulder');
      const [elbow] = side(left, 'leftElbow', 'rightElbow');
      const [wrist] = side(left, 'leftWrist', 'rightWrist');
      if (category === 'tshirt' || category === 'dress') return terms([[shoulder, 1 - SHORT_SLEEVE], [elbow, SHORT_SLEEVE]]);
      return terms([[wrist, 1]]);
    }
    case 'leftWaist':
    case 'rightWaist': {
      const left = anchor === 'leftWaist';
      const [shoulder] = side(left, 'leftShoulder', 'rightShoulder');
      const [hip] = side(left, 'leftHip', 'rightHip');
      return terms([[shoulder, 1 - WAIST_FROM_SHOULDER], [hip, WAIST_FROM_SHOULDER]]);
    }
    case 'leftHem':
    case 'rightHem': {
      const left = anchor === 'leftHem';
      const [hip, otherHip] = side(left, 'leftHip', 'rightHip');
      const [knee] = side(left, 'leftKnee', 'rightKnee');
      if (category === 'skirt' || category === 'dress') {
        // Just above the knee, flared outwards by 15 % of the hip width.
        return terms([[hip, 1 - 0.8 + 0.15], [knee, 0.8], [otherHip, -0.15]]);
      }
      const [shoulder] = side(left, 'leftShoulder', 'rightShoulder');
      // A top ends a little below the hip joint.
      return terms([[shoulder, -0.1], [hip, 1.1]]);
    }
  }
}

/** The binding actually used for `anchor` (the asset's own, else the default). */
export function bindingOf(asset: Pick<GarmentAsset, 'bindings' | 'category'>, anchor: GarmentAnchorName): AnchorBinding {
  return asset.bindings?.[anchor] ?? defaultBinding(anchor, asset.category);
}

/**
 * A binding compiled to landmark indices, for the per-frame hot path.
 * `indices[i]` and `weights[i]` are parallel; owned by the caller that compiled them.
 */
export interface CompiledBinding {
  readonly indices: Uint8Array;
  readonly weights: Float64Array;
}

export function compileBinding(binding: AnchorBinding): CompiledBinding {
  return {
    indices: Uint8Array.from(binding.map((t) => L[t.landmark])),
    weights: Float64Array.from(binding.map((t) => t.weight)),
  };
}

/**
 * Evaluates a compiled binding on landmarks given as interleaved pixels `[x0, y0, x1, y1, …]` (33 pairs; borrowed,
 * not kept). Writes the target to `out[outOffset]`, `out[outOffset + 1]` (caller-owned). Allocates nothing.
 */
export function evaluateBinding(binding: CompiledBinding, landmarksPx: ArrayLike<number>, out: Float32Array | Float64Array, outOffset: number): void {
  let x = 0;
  let y = 0;
  for (let i = 0; i < binding.indices.length; i++) {
    const li = binding.indices[i]! * 2;
    const w = binding.weights[i]!;
    x += w * landmarksPx[li]!;
    y += w * landmarksPx[li + 1]!;
  }
  out[outOffset] = x;
  out[outOffset + 1] = y;
}

/** The landmark visibility an anchor relies on: the minimum over the landmarks it is bound to with weight ≠ 0. */
export function bindingVisibility(binding: CompiledBinding, visibility: ArrayLike<number>): number {
  let min = 1;
  for (let i = 0; i < binding.indices.length; i++) {
    if (binding.weights[i] !== 0) min = Math.min(min, visibility[binding.indices[i]!] ?? 0);
  }
  return min;
}
