import { PoseLandmark as L } from '../../shared/pose';
import { chromaDistance, chromaSaturation, isSkinLike, SKIN_RED_LEAD } from '../../shared/skin-chroma';

/**
 * Where the shopper's own body must stay in front of a 2D garment, as simple shapes in camera pixels: a capsule
 * round each forearm and hand that is in front of the torso, and a head-and-neck ellipse (hair and chin over the
 * collar). The occluder layer redraws the camera picture inside them where the person mask says "person".
 *
 * Capsule i (0..3: left forearm, left hand, right forearm, right hand) is `capsules[4i..4i+3]` = ax, ay, bx, by
 * and `radiiPx[i]` (0 = off). The head is `head` = centre x, centre y, radius x, radius y, and `headBottomPx`: the
 * ellipse is cut off below that y so it never reaches the shoulder seam. `boundsPx` = min x, min y, max x, max y of
 * everything that is on (empty when min > max).
 */
export interface OcclusionRegions {
  readonly capsules: Float32Array;
  readonly radiiPx: Float32Array;
  readonly head: Float32Array;
  headBottomPx: number;
  /**
   * Where a worn garment's cloth round the neck ends at the top (its collar's fold, a crew neck's edge), as y, camera
   * pixels, at {@link NECK_EDGE_SAMPLES} evenly spaced x across the head ellipse (its left edge to its right); -1 where
   * no garment says (then {@link headBottomPx} cuts). Below it the garment is in front of the neck: the head region
   * ends there instead (see {@link addNeckEdge}).
   */
  readonly neckEdgeYPx: Float32Array;
  /**
   * The chin, in front of every collar however low the head bends (a garment's neck edge never cuts it): the lower
   * half of an ellipse under the mouth, centre x, centre y (the mouth line), radius x, radius y; radii 0 when off.
   */
  readonly chin: Float32Array;
  /**
   * The neck's outline below the mouth line (see {@link neckHalfWidthAt}): its axis from the mouth's centre (x, y) to
   * the shoulders' centre (x, y), camera pixels. Off (the head region is off) when the head ellipse is.
   */
  readonly neckAxisPx: Float32Array;
  /** The neck's half-width, camera pixels, at the mouth line, at the chin's lowest point and at the shoulder line. */
  readonly neckHalfWidthPx: Float32Array;
  /** The head region's soft edge below the mouth line (its sides and where it meets a collar), camera pixels. */
  neckSoftPx: number;
  /**
   * The soft edge of every region's own outline (a capsule's, the head's and chin's ellipses', the hip line), camera
   * pixels, centred on it ({@link regionEdgeAlpha}; {@link REGION_EDGE_SOFT_OF_SHOULDERS}).
   */
  edgeSoftPx: number;
  readonly boundsPx: Float32Array;
  /**
   * Where the colour keys sample the camera picture, camera pixels, x, y interleaved: {@link SKIN_SAMPLES} per hand
   * (left then right: wrist, thumb, index, pinky), {@link FACE_SAMPLES} on the face (nose, mouth corners), then
   * {@link CLOTH_SAMPLES} on the shopper's own torso clothing (see {@link occlusionKeyWeight}), then
   * {@link BOTTOM_SAMPLES} on their own bottom (left thigh, right thigh; see {@link ownTopKeyWeight}).
   */
  readonly samplesPx: Float32Array;
  /** Above this y (the mouth line) everything of the person in the head region is head (face, hair). */
  mouthYPx: number;
  /**
   * The shopper's own untucked top over a worn bottom's waistband: the hip line as its centre (x, y, camera pixels)
   * and its unit normal towards the shoulders. What of the person lies on the shoulders' side of it is in front of the
   * bottom garment (keyed by {@link ownTopKeyWeight}; {@link aboveHipLine}). All four 0 when off (the shopper wears a
   * garment top, or no bottom).
   */
  readonly ownTopLine: Float32Array;
  /**
   * How far the own-top region reaches above the hip line (along its normal), camera pixels: as far as the bottoms
   * drawn under it do, and a soft edge more (occlusionRegions' `ownTopOverPx`); Infinity when not known (the torso up
   * to the shoulders) or off. Above it nothing of a bottom is drawn for the shopper's top to be in front of.
   */
  ownTopReachPx: number;
  /** The radius of the own-top key's neighbourhood vote ({@link ownTopVote}), camera pixels; 0 when the region is off. */
  ownTopVoteRadiusPx: number;
  /** The radius of the hands' and forearms' key vote ({@link ARM_VOTE_RADIUS_OF_SHOULDERS}), camera pixels. */
  armVoteRadiusPx: number;
  /**
   * Whether the hands' and forearms' key leaves the camera's blend across the shopper's outline to the garment
   * ({@link isOutlineBlend}): with 2D garments only. A 3D garment's arm stand-ins keep the arms in front by depth;
   * there the rule cut single pixels of cloth loose beside a hanging forearm (the 3D slip, mirror frame 120).
   */
  outlineBlends: boolean;
}

/** Colour samples per hand, on the face, and on the torso's clothing. */
export const SKIN_SAMPLES = 4;
export const FACE_SAMPLES = 3;
export const CLOTH_SAMPLES = 4;
/** Colour samples on the shopper's own bottom (trousers, shorts, skirt): one on each thigh. */
export const BOTTOM_SAMPLES = 2;
export const SAMPLE_COUNT = 2 * SKIN_SAMPLES + FACE_SAMPLES + CLOTH_SAMPLES + BOTTOM_SAMPLES;
/** Where the own bottom is sampled: this far down each thigh (hip → knee), on the cloth in any trousers, shorts or skirt. */
const BOTTOM_DOWN_THIGH = 0.25;
/**
 * The own-top key's soft edge: a pixel this much (RGB distance, channels 0..1) nearer the shopper's top than their own
 * bottom is all top, as much nearer the bottom all bottom.
 */
export const OWN_TOP_MARGIN_RGB = 0.04;
/**
 * The own-top key's neighbourhood: a ring of {@link OWN_TOP_VOTE_SAMPLES} samples this far from the pixel (× the
 * shoulder width, ≈ 6 cm on a 40 cm shoulder). A fold's shadow on a white top is as grey as grey shorts pixel by pixel,
 * and the garment showed through the top in specks; a shadow is a blob inside the top, while their own waistband is a
 * band below it. The ring tells them apart: round a blob most of the ring is top, on the waistband's edge half or less.
 */
export const OWN_TOP_VOTE_RADIUS_OF_SHOULDERS = 0.15;
export const OWN_TOP_VOTE_SAMPLES = 8;
/**
 * The hands' and forearms' key votes too ({@link armKeyVote}, an 8-sample ring): a shopper's own sleeve of the same
 * cloth as their torso (a jacket, a sweater) sits at the chroma key's soft edge pixel by pixel, so lit threads and
 * shadows split it into specks of garment and sleeve. Half a forearm's radius (× the shoulder width, ≈ 2.6 cm), so
 * the ring stays on the forearm or hand it votes for.
 */
export const ARM_VOTE_RADIUS_OF_SHOULDERS = 0.065;

export function createOcclusionRegions(): OcclusionRegions {
  return {
    capsules: new Float32Array(16),
    radiiPx: new Float32Array(4),
    head: new Float32Array(4),
    headBottomPx: 0,
    neckEdgeYPx: new Float32Array(NECK_EDGE_SAMPLES).fill(-1),
    chin: new Float32Array(4),
    neckAxisPx: new Float32Array(4),
    neckHalfWidthPx: new Float32Array(3),
    neckSoftPx: 0,
    edgeSoftPx: 0,
    boundsPx: new Float32Array(4),
    samplesPx: new Float32Array(2 * SAMPLE_COUNT),
    mouthYPx: 0,
    ownTopLine: new Float32Array(4),
    ownTopReachPx: Infinity,
    ownTopVoteRadiusPx: 0,
    armVoteRadiusPx: 0,
    outlineBlends: true,
  };
}

/**
 * Colour keys. Inside a region only what looks more like the shopper's skin than like their own torso clothing, or
 * clearly is not that clothing, is redrawn over the garment: the hand's silhouette instead of a disc (the white
 * T-shirt round a fist stays under the garment). Colours are compared by chromaticity (r, g, b) / (r + g + b), which
 * shading barely changes. A pixel nearer the skin reference than the cloth reference by {@link KEY_MARGIN_CHROMA}
 * is in front, nearer the cloth by as much is not (the soft edge between); cloth lit by a coloured bounce light
 * drifts up to ~0.05 from its own reference, so only beyond {@link NOT_CLOTH_CHROMA} is a colour "something else"
 * (a watch, a sleeve of another colour) and in front whatever the skin says.
 */
export const KEY_MARGIN_CHROMA = 0.02;
export const NOT_CLOTH_CHROMA: readonly [number, number] = [0.06, 0.09];

/**
 * The sum of r, g and b (levels of 255) under which the key takes a camera pixel's chromaticity as if it were lifted
 * to that sum with grey. Near black a camera's chromaticity is its noise: a dark coat's pixels of 0–10 levels
 * (COCO 338: half of his jacket sums under 10 of 765) come out anywhere from pure red to pure blue, so the key took
 * scattered pixels of a dark top for "not that cloth" and drew them over the garment as black specks, and a dark
 * sleeve in front as a ragged, speckled band. Lifted, a dark colour's chromaticity fades to grey as it darkens: of
 * pixels like his jacket's flat parts 1 in 25 still key as "in front" one by one, not 4 in 5, and those lie alone,
 * where the ring vote and the feathered edge keep them under the garment. A colour brighter than that (a mean of 24
 * levels a channel: lit skin of any tone, all but the darkest cloth) keys exactly as before. Higher, the lift greys
 * dark but coloured cloth too: at 120 a dark brown suit's sleeve in front (COCO 459) was specked with the garment.
 */
export const KEY_DARK_SUM = 72;

/** The key's chromaticity distance between two camera colours (rgb 0..255), dark ones lifted ({@link KEY_DARK_SUM}). */
export function keyChromaDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return chromaDistance(a, b, 0, 0, KEY_DARK_SUM);
}

/** {@link keyChromaDistance}'s chromaticity in GLSL (rgb 0..1): `vec3 keyChromaOf(vec3)`. */
export const KEY_CHROMA_GLSL = `vec3 keyChromaOf(vec3 c) {
    float sum = c.r + c.g + c.b;
    return (c + max(0.0, ${(KEY_DARK_SUM / 255).toFixed(6)} - sum) / 3.0) / max(sum, ${(KEY_DARK_SUM / 255).toFixed(6)});
  }`;

/** GLSL's smoothstep, for the CPU twins of the occluder's shader. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** {@link isSkinLike} in GLSL (`bool skinLike(vec3)`), for the shaders that key a hand: the occluder's, the 3D arms' stand-ins'. */
export const SKIN_LIKE_GLSL = `bool skinLike(vec3 c) { return c.r - max(c.g, c.b) >= ${SKIN_RED_LEAD.toFixed(4)} * max(c.r + c.g + c.b, 1e-3); }`;

/** The landmarks a hand's colour is sampled at, {@link SKIN_SAMPLES} a hand: the wearer's left hand's, then the right's. */
export const HAND_SAMPLE_LANDMARKS: readonly (readonly number[])[] = [
  [L.leftWrist, L.leftThumb, L.leftIndex, L.leftPinky],
  [L.rightWrist, L.rightThumb, L.rightIndex, L.rightPinky],
];

/**
 * The key as a signed margin for one pixel in a region (the occluder shader computes the same per fragment): how far
 * the pixel's colour is on the "in front" side of the key's 0.5 line, in units of the key's soft band (±1 spans it:
 * {@link KEY_MARGIN_CHROMA} either way of "as near the skin as the cloth", or either half of {@link NOT_CLOTH_CHROMA}).
 * Not clamped, so across an edge it changes as steadily as the colour does: what the feathered edge
 * ({@link featheredKey}) measures its distance to the 0.5 line with. `skin`: the region's skin reference (of the
 * hand's samples the most saturated one: a landmark slightly off the hand samples the shirt, which is greyer);
 * `cloth`: the torso sample least like that skin (an arm across the torso covers some samples, never all).
 */
export function occlusionKeyMargin(pixel: ArrayLike<number>, skin: ArrayLike<number>, cloth: ArrayLike<number>): number {
  const toCloth = keyChromaDistance(pixel, cloth);
  const nearerSkin = (toCloth - keyChromaDistance(pixel, skin)) / KEY_MARGIN_CHROMA;
  const [a, b] = NOT_CLOTH_CHROMA;
  return Math.max(nearerSkin, (2 * toCloth - a - b) / (b - a));
}

/**
 * The key's weight for one pixel (its margin, {@link occlusionKeyMargin}, through the soft band): 1 redraws the camera
 * picture over the garment, 0 leaves the garment, 0.5 on the key's line. The max of the two tests' smoothsteps, as a
 * smoothstep of the larger margin.
 */
export function occlusionKeyWeight(pixel: ArrayLike<number>, skin: ArrayLike<number>, cloth: ArrayLike<number>): number {
  return smoothstep(-1, 1, occlusionKeyMargin(pixel, skin, cloth));
}

/**
 * The key's feathered edge, camera pixels: the occluder's alpha rises from 0 to 1 across a band this wide centred on
 * the key's 0.5 line (issue 14.1: no jaggies at 1080 × 1920, where one camera pixel of the mirror clip is 2.6 screen
 * pixels). One camera pixel: as wide as the camera's own blur across an edge in its picture, so the redrawn fist's
 * rim is as soft as the rest of the picture, never softer.
 */
export const KEY_FEATHER_PX = 1;
/** The step of the key margin's central differences, camera pixels: half a pixel either way. */
export const KEY_GRADIENT_STEP_PX = 0.5;
/**
 * A margin this small is a tie, behind the garment: where the skin and cloth references are one colour (the hand's
 * samples all on the shirt) every pixel's margin is exactly 0 and flat, which the feathered edge would draw at half
 * alpha all over the region; the hard key drew it at alpha 0. A thousandth of the soft band moves a real edge
 * (≈ 5 band widths a camera pixel) by 0.0002 px.
 */
export const KEY_TIE_MARGIN = 1e-3;

/**
 * The occluder's alpha at a point from the key margin there and at {@link KEY_GRADIENT_STEP_PX} to its right, left,
 * below and above (in that order; the occluder shader computes the same): the margin over its gradient is the
 * point's distance to the key's 0.5 line in camera pixels, smoothstepped across {@link KEY_FEATHER_PX}. The picture
 * is sampled bilinearly at the point, so the line runs between camera pixels where the fist's outline does, and the
 * alpha at the mirror's screen resolution is anti-aliased. 0.5 where the margin is 0 (the key's weight 0.5; a tie,
 * {@link KEY_TIE_MARGIN}, is behind), so what is in front by the key is unchanged; where the colour is flat the
 * margin's gradient is ~0 and the alpha is 0 or 1 (no ghost of a doubtful colour).
 */
export function featheredKey(margin: number, right: number, left: number, below: number, above: number): number {
  const perPx = Math.hypot(right - left, below - above) / (2 * KEY_GRADIENT_STEP_PX);
  return smoothstep(-KEY_FEATHER_PX / 2, KEY_FEATHER_PX / 2, (margin - KEY_TIE_MARGIN) / Math.max(perPx, 1e-6));
}

/**
 * The key reads colour, and a camera's colour is coarser than its brightness: video and webcams send chroma at half
 * the resolution each way (4:2:0, or 4:2:2 across), so a margin computed from chromaticity steps along 2 × 2 pixel
 * blocks, and the fist's outline with it — steps of about five screen pixels on the mirror's 1080 × 1920 screen. The
 * luma is full resolution and, across a hand's outline, changes together with the colour. So the margin is
 * re-estimated from the luma, as a guided filter does (He, Sun & Tang, "Guided Image Filtering", ECCV 2010): in a
 * {@link KEY_GUIDE_SAMPLES}-sample window round the point, margin ≈ a · luma + b by least squares, and the margin
 * at the point and its gradient's samples is read off that line. Where the window's luma is flat (an edge between
 * skin and a cloth of its brightness, or inside the hand) the line says nothing and the sampled margin is kept:
 * the two are mixed by var(luma) / (var(luma) + {@link KEY_GUIDE_EPSILON}).
 */
export const KEY_GUIDE_LUMA: readonly [number, number, number] = [0.299, 0.587, 0.114];
/**
 * The guide's window: the point and its eight neighbours one camera pixel away (sampled bilinearly at those offsets,
 * so the window moves with the point and the estimate has no seams at pixel borders). Three pixels span a 2 × 2
 * chroma block and both sides of an edge through the point.
 */
export const KEY_GUIDE_SAMPLES = 9;
/**
 * The guide's regularisation, in squared luma (0..1): a window whose luma varies by less than about 0.03 (noise and
 * shading on skin, ≈ 8 levels of 255) keeps the sampled margin; an outline's luma step (skin against a white tee
 * ≈ 0.3, a dark sleeve ≈ 0.4) has a variance of 0.01–0.04 and is guided.
 */
export const KEY_GUIDE_EPSILON = 1e-3;

/**
 * The guide's line and its weight from the window's samples (luma 0..1 and margin, {@link KEY_GUIDE_SAMPLES} each,
 * borrowed) into `out`: [a, b, weight], so that the guided margin of a sample is {@link guidedKeyMargin}. Sums are
 * taken about the first sample's luma (the point itself), which keeps the variance's float arithmetic exact enough on
 * the GPU.
 */
export function keyLumaGuide(lumas: ArrayLike<number>, margins: ArrayLike<number>, out: Float64Array): Float64Array {
  const y0 = lumas[0]!;
  let sy = 0;
  let sm = 0;
  let syy = 0;
  let sym = 0;
  for (let i = 0; i < KEY_GUIDE_SAMPLES; i++) {
    const y = lumas[i]! - y0;
    const m = margins[i]!;
    sy += y;
    sm += m;
    syy += y * y;
    sym += y * m;
  }
  const n = KEY_GUIDE_SAMPLES;
  const meanY = sy / n;
  const meanM = sm / n;
  const varY = Math.max(syy / n - meanY * meanY, 0);
  const a = (sym / n - meanY * meanM) / (varY + KEY_GUIDE_EPSILON);
  out[0] = a;
  out[1] = meanM - a * (meanY + y0);
  out[2] = varY / (varY + KEY_GUIDE_EPSILON);
  return out;
}

/** A sample's margin read off the guide's line ({@link keyLumaGuide}), mixed with its own by the guide's weight. */
export function guidedKeyMargin(guide: ArrayLike<number>, luma: number, margin: number): number {
  return margin + guide[2]! * (guide[0]! * luma + guide[1]! - margin);
}

/** A colour's luma, 0..1 for rgb 0..1 ({@link KEY_GUIDE_LUMA}). */
export function keyLuma(rgb: ArrayLike<number>, scale = 1): number {
  return (KEY_GUIDE_LUMA[0] * rgb[0]! + KEY_GUIDE_LUMA[1] * rgb[1]! + KEY_GUIDE_LUMA[2] * rgb[2]!) / scale;
}

/**
 * The own-top key (region 3, the shopper's top over a bottom garment's waistband; the occluder shader computes the
 * same): above the hip line the shopper's own top, arms and hands are in front of the bottom garment. A pixel nearer
 * (in colour, RGB) one of the torso's samples than both of the thighs' (their own trousers or shorts) is their top; one
 * nearer their skin by chroma than the top's cloth and the own bottom is an arm or hand: both are redrawn. Their own bottom's waistband showing
 * above the hip line (a top tucked in or riding up) is not: the garment covers it.
 * @param pixel, skin rgb 0..255; `tops` {@link CLOTH_SAMPLES} and `bottoms` {@link BOTTOM_SAMPLES} rgb triples, 0..255.
 */
export function ownTopKeyWeight(pixel: ArrayLike<number>, skin: ArrayLike<number>, tops: ReadonlyArray<ArrayLike<number>>, bottoms: ReadonlyArray<ArrayLike<number>>): number {
  const rgb = (c: ArrayLike<number>): number => Math.hypot(pixel[0]! - c[0]!, pixel[1]! - c[1]!, pixel[2]! - c[2]!) / 255;
  const toTop = Math.min(...tops.map(rgb));
  const toBottom = Math.min(...bottoms.map(rgb));
  // The chroma key's cloth reference: the torso sample least like the skin.
  let cloth = tops[0]!;
  for (const t of tops) if (keyChromaDistance(t, skin) > keyChromaDistance(cloth, skin)) cloth = t;
  // Skin (an arm, a hand) by chroma, nearer it than both the top's cloth and the own bottom (dark or grey trousers
  // are nearer many skins than a coloured top is).
  const toCloths = Math.min(keyChromaDistance(pixel, cloth), ...bottoms.map((b) => keyChromaDistance(pixel, b)));
  const nearerSkin = smoothstep(-KEY_MARGIN_CHROMA, KEY_MARGIN_CHROMA, toCloths - keyChromaDistance(pixel, skin));
  return Math.max(nearerSkin, smoothstep(-OWN_TOP_MARGIN_RGB, OWN_TOP_MARGIN_RGB, toBottom - toTop));
}

/**
 * The own-top key after its neighbourhood vote (the occluder shader computes the same): `centre` is the pixel's
 * {@link ownTopKeyWeight}, `ring` those of the ring samples that lie on the person. Where three quarters of the ring
 * agree, the ring decides (a shadow inside the top is top, a light speck on the own waistband is not); between, the
 * pixel's own key does (the edge between the top's hem and the waistband stays where the colours put it).
 */
export function ownTopVote(centre: number, ring: readonly number[]): number {
  if (ring.length === 0) return centre;
  const top = ring.reduce((a, w) => a + w, 0) / ring.length;
  const toTop = centre + (1 - centre) * smoothstep(0.5, 0.75, top);
  return toTop * (1 - smoothstep(0.5, 0.75, 1 - top));
}

/**
 * The hands', forearms' and chin's key after its neighbourhood vote (the occluder shader computes the same): where
 * three quarters of the ring (its samples on the person) are in front, so is the pixel — a speck of garment inside a
 * sleeve that is in front is filled. Only filled, never emptied: a finger is narrower than the ring.
 */
export function armKeyVote(centre: number, ring: readonly number[]): number {
  if (ring.length === 0) return centre;
  const front = ring.reduce((a, w) => a + w, 0) / ring.length;
  return centre + (1 - centre) * smoothstep(0.5, 0.75, front);
}

/**
 * The camera's blur mixes the picture beside the shopper and their own clothing across their outline over 3–4 camera
 * pixels, and the mix of a warm background (wood, a beige wall) with a white shirt is skin-coloured: in a hand's
 * region the key took that line for skin and drew a hair-thin line of the picture over the garment along his outline
 * (the mirror clip, frames 90 and 110: under a hanging fist beside a dress's side). Such a pixel is told by its
 * neighbours {@link OUTLINE_BLEND_REACH_PX} either way along one of {@link OUTLINE_BLEND_DIRECTIONS} directions: one
 * off the person, the other on the person and not skin (the key under 0.5), and its colour on the line between
 * theirs. A hand's own rim is not: its inner neighbour is skin. A finger narrower than twice the reach lying along the
 * outline between the background and a shirt would be taken for one; on the mirror clip a finger is ≈ 8 camera px.
 */
export const OUTLINE_BLEND_REACH_PX = 3;
/** Across the outline, along it, and the two diagonals: unit steps x, y. */
export const OUTLINE_BLEND_DIRECTIONS: readonly (readonly [number, number])[] = [[1, 0], [0, 1], [Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, -Math.SQRT1_2]];
/** How far off the neighbours' colour line a blend may lie, × their RGB distance (the camera's noise, its chroma steps). */
export const OUTLINE_BLEND_OFF_LINE = 0.15;
/** The neighbours' least RGB distance, 0..255: under it there is no edge to be a blend of. */
export const OUTLINE_BLEND_MIN_CONTRAST = 40;

/**
 * Whether `pixel` is the camera's blend across the shopper's outline (see {@link OUTLINE_BLEND_REACH_PX}) given its
 * neighbours `a` and `b` either side, rgb 0..255, whether each is on the person, and the key's weight of the one that
 * is.
 */
export function isOutlineBlend(pixel: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>, aOnPerson: boolean, bOnPerson: boolean, onPersonKey: number): boolean {
  if (aOnPerson === bOnPerson || onPersonKey >= 0.5) return false;
  const d0 = b[0]! - a[0]!;
  const d1 = b[1]! - a[1]!;
  const d2 = b[2]! - a[2]!;
  const l2 = d0 * d0 + d1 * d1 + d2 * d2;
  if (l2 < OUTLINE_BLEND_MIN_CONTRAST * OUTLINE_BLEND_MIN_CONTRAST) return false;
  const q0 = pixel[0]! - a[0]!;
  const q1 = pixel[1]! - a[1]!;
  const q2 = pixel[2]! - a[2]!;
  const t = (q0 * d0 + q1 * d1 + q2 * d2) / l2;
  if (t < 0 || t > 1) return false;
  return Math.hypot(q0 - t * d0, q1 - t * d1, q2 - t * d2) <= OUTLINE_BLEND_OFF_LINE * Math.sqrt(l2);
}

/**
 * The own-top key's path to the hip line: a top is worn over a bottom, so the shopper's own bottom shows above the
 * hip line only where it runs on down to it (a waistband under a top riding up), while a print or a shadow inside
 * their top, however large (a chest print is 20–30 cm, the ring vote reaches 6 cm), has the top's own cloth between
 * it and the top's hem. {@link OWN_TOP_PATH_SAMPLES} samples from the pixel down to the hip line; where at least
 * {@link OWN_TOP_PATH_MIN_TOP} of them are the top's cloth (not skin: a hand in front of the own bottom is no top), the
 * pixel is inside the top. Two, not one: a light speck on the own bottom (a drawstring, a logo) is not a top.
 *
 * The same samples run across, from the pixel to the body's middle line (through the hip line's centre, along its
 * normal): the own bottom under a top's hem is a band across the body, so where the top's cloth lies between the pixel
 * and the middle at the pixel's height, the pixel is above the hem. It catches what the path down cannot: a side of a
 * white top in shade is as grey as grey shorts all the way down to the hip line (mirror clip frames 30, 96, 140: the
 * garment showed through in a strip along the top's shaded side and round a hand on the hip). Where a hem is not
 * level — a shirt's tails, cut higher at the side seams, or a top pulled up on one side — the own bottom under its high
 * side is taken for the top too, and drawn over the garment: a few centimetres of it at the side, where the garment
 * would show through the top's shade every frame.
 */
export const OWN_TOP_PATH_SAMPLES = 8;
export const OWN_TOP_PATH_MIN_TOP = 2;

/**
 * The own top's cloth by colour alone (the shader computes the same): nearer the top's samples than the own bottom's
 * in RGB, and not skin by chroma (see {@link ownTopKeyWeight}; rgb 0..255).
 */
export function ownTopClothWeight(pixel: ArrayLike<number>, skin: ArrayLike<number>, tops: ReadonlyArray<ArrayLike<number>>, bottoms: ReadonlyArray<ArrayLike<number>>): number {
  const rgb = (c: ArrayLike<number>): number => Math.hypot(pixel[0]! - c[0]!, pixel[1]! - c[1]!, pixel[2]! - c[2]!) / 255;
  const toTop = Math.min(...tops.map(rgb));
  const toBottom = Math.min(...bottoms.map(rgb));
  const toCloths = Math.min(...tops.map((t) => keyChromaDistance(pixel, t)), ...bottoms.map((b) => keyChromaDistance(pixel, b)));
  const nearerSkin = smoothstep(-KEY_MARGIN_CHROMA, KEY_MARGIN_CHROMA, toCloths - keyChromaDistance(pixel, skin));
  return smoothstep(-OWN_TOP_MARGIN_RGB, OWN_TOP_MARGIN_RGB, toBottom - toTop) * (1 - nearerSkin);
}

/**
 * The voted own-top key ({@link ownTopVote}) with one path ({@link OWN_TOP_PATH_SAMPLES}: down to the hip line, or
 * across to the body's middle): `path` holds the {@link ownTopClothWeight} of the path's samples that lie on the
 * person; enough of them top makes the pixel top.
 */
export function ownTopWithPath(voted: number, path: readonly number[]): number {
  const topSamples = path.filter((w) => w >= 0.5).length;
  return topSamples >= OWN_TOP_PATH_MIN_TOP ? 1 : voted;
}

/**
 * The own-top region's alpha (before its outline's soft edge; the occluder shader computes the same) from the key's
 * alpha on the person and the person mask's soft alpha ({@link personMaskAlpha}). Above the hip line a bottom worn
 * under the shopper's own top is inside that top's outline — its waist is no wider than the top hanging over it — so
 * off the person the camera picture is drawn over it too: a skirt's waist cut wider than the shopper's no longer shows
 * beside their top (mirror frames 30 and 96: a red strip down each side of his T-shirt). Across the mask's soft edge
 * the two blend.
 */
export function ownTopAlpha(key: number, person: number): number {
  return key * person + 1 - person;
}

/**
 * The key's references for `region` (0: left hand and forearm, 1: right, 2: head), read from a picture the way the
 * occluder shader reads them: `skin` the most saturated of the region's skin samples, `cloth` the torso sample least
 * like it (both rgb, 0..255, written into the caller's arrays). A hand's skin is the most saturated of its samples
 * that can be skin ({@link isSkinLike}); where none can, the hand is not seen in the picture — the pose guessed it,
 * e.g. in front of a back turned to the camera — and nothing of that arm's region is in front.
 * @param rgba the camera picture, RGBA rows top first, `widthPx` wide (borrowed).
 * @returns whether the region keys at all: false for a hand none of whose samples is skin.
 */
export function keyReferences(rgba: ArrayLike<number>, widthPx: number, regions: OcclusionRegions, region: 0 | 1 | 2, skin: Float64Array, cloth: Float64Array): boolean {
  const at = (k: number, out: Float64Array): void => {
    const o = 4 * (Math.round(regions.samplesPx[2 * k + 1]!) * widthPx + Math.round(regions.samplesPx[2 * k]!));
    out[0] = rgba[o]!;
    out[1] = rgba[o + 1]!;
    out[2] = rgba[o + 2]!;
  };
  const first = region === 2 ? 2 * SKIN_SAMPLES : region * SKIN_SAMPLES;
  const count = region === 2 ? FACE_SAMPLES : SKIN_SAMPLES;
  const c = new Float64Array(3);
  const hand = region !== 2;
  let found = false;
  for (let i = 0; i < count; i++) {
    at(first + i, c);
    if (hand && !isSkinLike(c)) continue;
    if (!found || chromaSaturation(c) > chromaSaturation(skin)) skin.set(c);
    found = true;
  }
  if (!found) at(first, skin);
  const firstCloth = 2 * SKIN_SAMPLES + FACE_SAMPLES;
  at(firstCloth, cloth);
  for (let i = 1; i < CLOTH_SAMPLES; i++) {
    at(firstCloth + i, c);
    if (keyChromaDistance(c, skin) > keyChromaDistance(cloth, skin)) cloth.set(c);
  }
  return found;
}

/**
 * A wrist this much nearer the camera than its shoulder (metres, world landmarks) counts as in front of the
 * torso. Arms hanging at the side sit within a few centimetres of the shoulder's depth.
 */
export const WRIST_IN_FRONT_M = 0.08;
/** Forearm capsule radius as a share of the shoulder width in pixels (a forearm is ~ 1/4 of the shoulder span). */
export const FOREARM_RADIUS_OF_SHOULDERS = 0.13;
/** Hand capsule radius, same unit. */
export const HAND_RADIUS_OF_SHOULDERS = 0.15;
/**
 * The hand landmarks (index, pinky) sit at the knuckles; the capsule runs on past them to cover the fingers:
 * its end is wrist + this × (knuckles − wrist).
 */
export const HAND_REACH = 1.6;
/** Half-width of the head-and-neck ellipse as a share of the shoulder width: the neck, plus hair either side. */
export const HEAD_HALF_WIDTH_OF_SHOULDERS = 0.3;
/**
 * The ellipse's lowest line, as a fraction of the way from the ears' centre down to the shoulder line, where no worn
 * garment gives its neck's edge ({@link addNeckEdge}).
 */
export const HEAD_BOTTOM_OF_NECK = 0.85;
/**
 * The neck's half-width under the chin, × the shoulder width: on the camera pictures the person mask's neck is 0.21 of
 * the shoulder landmarks' span either side of its axis a third of the way from the mouth down to the shoulder line
 * (the mirror clip's frame 60, COCO 459); a collar wraps the neck there, so below the chin nothing wider than the neck
 * is in front of it.
 */
export const NECK_HALF_WIDTH_OF_SHOULDERS = 0.2;
/**
 * The neck's half-width at the shoulder line (its base, where the trapezius widens it), same unit: a collar sits on
 * the flare, so it is drawn no wider than the neck a little above it.
 */
export const NECK_BASE_HALF_WIDTH_OF_SHOULDERS = 0.24;
/** The soft edge of the neck's outline and of its meeting with a collar, × the shoulder width (≈ 1 cm). */
export const NECK_SOFT_OF_SHOULDERS = 0.025;
/**
 * The regions' outlines are guesses (a capsule's end across a forearm, the head ellipse's rim, the hip line standing
 * in for a hem), and a hard cut there drew cut-out edges on the mirror's screen (a stair-stepped waistband top, a
 * forearm ending in a step). Their alpha rises across this width × the shoulder width (≈ 1 cm, as the neck's), centred
 * on the outline, so the 0.5 line — and what the coverage pass counts as in front — stays where the hard cut was.
 */
export const REGION_EDGE_SOFT_OF_SHOULDERS = 0.025;
/**
 * The person mask's edge, likewise a guess: the occluder's alpha rises from 0 to 1 as the (bilinearly sampled) mask
 * goes from 0.5 − this to 0.5 + this; the mask's own ramp is one mask pixel (1.6–4 camera pixels on our pictures),
 * so the soft band is about half a mask pixel, with its 0.5 where the hard cut was.
 */
export const PERSON_MASK_SOFT = 0.25;

/** Samples of a garment's neck edge across the head ellipse ({@link OcclusionRegions.neckEdgeYPx}). */
export const NECK_EDGE_SAMPLES = 16;
/**
 * The chin's lowest point below the mouth line, × the nose's height over the mouth in the picture: the menton lies
 * ≈ 5 cm under the lips' meeting, the nose's tip ≈ 2.5 cm over it (adult faces, front on). Both shorten alike as
 * the head bends: on the mirror clip, head up (frame 60) the nose is 21 px over the mouth and the chin ≈ 42 px under
 * it; head down (frame 120) 8 px and ≈ 15 px.
 */
export const CHIN_BELOW_MOUTH_OF_NOSE_DROP = 2;
/**
 * The chin ellipse's half-width × the mouth's width: the face is about four mouths wide at the mouth line as the pose
 * model places the mouth's corners (the mirror clip's frame 120, head bent: 95 px across, corners 24 px apart).
 */
export const CHIN_HALF_WIDTH_OF_MOUTH = 2;

/** Where the torso's clothing is sampled: (across right → left shoulder, down shoulders → hips). */
const CLOTH_AT: ReadonlyArray<readonly [number, number]> = [[1 / 3, 0.25], [2 / 3, 0.25], [1 / 3, 0.6], [2 / 3, 0.6]];

/** Samples along a forearm checked against the torso quad: enough to catch a forearm across the belly. */
const CROSSING_SAMPLES = 5;

/**
 * Is this arm in front of the torso? The wrist nearer the camera than the shoulder by {@link WRIST_IN_FRONT_M}
 * (world landmarks), or, facing the mirror, the forearm crossing the torso's outline in the image (shoulders and
 * hips). With their back to the mirror (the left shoulder on the picture's left) a forearm across the torso's
 * outline is reaching forward, behind the body: only the depth test counts.
 *
 * @param imagePx camera pixels, interleaved x, y for 33 landmarks (borrowed).
 * @param worldM world landmarks, metres, interleaved x, y, z (borrowed); null when the engine sent none.
 */
export function armInFront(side: 'left' | 'right', imagePx: ArrayLike<number>, worldM: ArrayLike<number> | null): boolean {
  const shoulder = side === 'left' ? L.leftShoulder : L.rightShoulder;
  const elbow = side === 'left' ? L.leftElbow : L.rightElbow;
  const wrist = side === 'left' ? L.leftWrist : L.rightWrist;
  if (worldM && worldM.length >= 99 && worldM[3 * wrist + 2]! < worldM[3 * shoulder + 2]! - WRIST_IN_FRONT_M) return true;
  if (imagePx[2 * L.leftShoulder]! < imagePx[2 * L.rightShoulder]!) return false;
  for (let k = 0; k < CROSSING_SAMPLES; k++) {
    const t = 0.25 + (0.75 * k) / (CROSSING_SAMPLES - 1);
    const x = imagePx[2 * elbow]! + t * (imagePx[2 * wrist]! - imagePx[2 * elbow]!);
    const y = imagePx[2 * elbow + 1]! + t * (imagePx[2 * wrist + 1]! - imagePx[2 * elbow + 1]!);
    if (insideTorso(imagePx, x, y)) return true;
  }
  return false;
}

const TORSO = [L.leftShoulder, L.rightShoulder, L.rightHip, L.leftHip] as const;

/** Point inside the quad shoulders–hips (either winding: the person may face either way). */
export function insideTorso(imagePx: ArrayLike<number>, x: number, y: number): boolean {
  let sign = 0;
  for (let k = 0; k < 4; k++) {
    const a = TORSO[k]!;
    const b = TORSO[(k + 1) % 4]!;
    const ax = imagePx[2 * a]!, ay = imagePx[2 * a + 1]!;
    const cross = (imagePx[2 * b]! - ax) * (y - ay) - (imagePx[2 * b + 1]! - ay) * (x - ax);
    if (cross === 0) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return sign !== 0;
}

/**
 * The shoulders' breadth the regions are sized by, camera px: the picture's shoulder width, or, where the shopper is
 * turned and it is foreshortened, the world's breadth at the picture's torso scale (the torso's length does not
 * shorten with a turn). Side on the picture's shoulders are a point — the street video's man walking past: 8 px of
 * 58 — and a forearm across the chest was redrawn as a 1 px line, the head as a sliver; face on the picture's width
 * is the larger (the mirror clip's frames 60 and 120: 199 and 186 px against 194 and 176).
 */
export function shoulderBreadthPx(imagePx: ArrayLike<number>, worldM: ArrayLike<number> | null): number {
  const seen = Math.hypot(imagePx[2 * L.leftShoulder]! - imagePx[2 * L.rightShoulder]!, imagePx[2 * L.leftShoulder + 1]! - imagePx[2 * L.rightShoulder + 1]!);
  if (!worldM || worldM.length < 99) return seen;
  const torsoPx = Math.hypot(
    (imagePx[2 * L.leftShoulder]! + imagePx[2 * L.rightShoulder]! - imagePx[2 * L.leftHip]! - imagePx[2 * L.rightHip]!) / 2,
    (imagePx[2 * L.leftShoulder + 1]! + imagePx[2 * L.rightShoulder + 1]! - imagePx[2 * L.leftHip + 1]! - imagePx[2 * L.rightHip + 1]!) / 2,
  );
  let torsoM = 0;
  let breadthM = 0;
  for (let k = 0; k < 3; k++) {
    torsoM += ((worldM[3 * L.leftShoulder + k]! + worldM[3 * L.rightShoulder + k]! - worldM[3 * L.leftHip + k]! - worldM[3 * L.rightHip + k]!) / 2) ** 2;
    breadthM += (worldM[3 * L.leftShoulder + k]! - worldM[3 * L.rightShoulder + k]!) ** 2;
  }
  torsoM = Math.sqrt(torsoM);
  return torsoM > 1e-6 ? Math.max(seen, (torsoPx * Math.sqrt(breadthM)) / torsoM) : seen;
}

/** Which regions an occluder draws: see {@link occlusionRegions}' `pass`. */
export type OcclusionPass = 'all' | 'over-sleeves';

/** What an occluder redraws besides the head: see {@link occlusionRegions}. */
export interface OcclusionChoice {
  /** Forearms too; false for a garment whose own sleeves cover the forearms. @default true */
  forearms?: boolean;
  /** Hands (false where 3D garments hide the cloth behind the hands by depth). @default true */
  hands?: boolean;
  /**
   * The shopper's own top in front of a worn bottom above the hip line (a bottom is worn and no garment top: their
   * untucked top hangs over its waistband). @default false
   */
  ownTop?: boolean;
  /**
   * Leave the camera's blend across the shopper's outline to the garment ({@link isOutlineBlend}; false while a 3D
   * garment is worn, see {@link OcclusionRegions.outlineBlends}). @default true
   */
  outlineBlends?: boolean;
  /**
   * `over-sleeves`: the hands' pass after a 2D garment's long sleeves (Fitting's `handsOver`) — no head (the occluder
   * before the sleeves drew it), and each hand from its wrist on: the capsule's round end behind the wrist landmark
   * would redraw the forearm's last few centimetres over the cuff. @default 'all'
   */
  pass?: OcclusionPass;
  /**
   * The drawn vertices (x, y, z, camera pixels) of the bottoms under the own-top region (borrowed): it reaches no
   * higher above the hip line than they do ({@link OcclusionRegions.ownTopReachPx}). @default none: up to the shoulders
   */
  ownTopOverPx?: readonly ArrayLike<number>[];
}

const NO_BOTTOMS: readonly ArrayLike<number>[] = [];

/**
 * Fills `out` from one frame's landmarks without allocating.
 * @param imagePx camera pixels, interleaved x, y for 33 landmarks (borrowed).
 * @param worldM world landmarks (borrowed) or null.
 * @param choice what is redrawn besides the head (all fields optional).
 */
export function occlusionRegions(imagePx: ArrayLike<number>, worldM: ArrayLike<number> | null, out: OcclusionRegions, choice: OcclusionChoice = {}): void {
  const { forearms = true, hands = true, ownTop = false, outlineBlends = true, pass = 'all', ownTopOverPx = NO_BOTTOMS } = choice;
  const head = pass === 'all';
  out.outlineBlends = outlineBlends;
  const shoulderW = shoulderBreadthPx(imagePx, worldM);
  out.armVoteRadiusPx = ARM_VOTE_RADIUS_OF_SHOULDERS * shoulderW;
  out.edgeSoftPx = REGION_EDGE_SOFT_OF_SHOULDERS * shoulderW;
  // The regions reach half their soft edge past their outlines.
  const reach = out.edgeSoftPx / 2;
  const b = out.boundsPx;
  b[0] = Infinity;
  b[1] = Infinity;
  b[2] = -Infinity;
  b[3] = -Infinity;
  for (let s = 0; s < 2; s++) {
    const side = s === 0 ? 'left' : 'right';
    const elbow = s === 0 ? L.leftElbow : L.rightElbow;
    const wrist = s === 0 ? L.leftWrist : L.rightWrist;
    const index = s === 0 ? L.leftIndex : L.rightIndex;
    const pinky = s === 0 ? L.leftPinky : L.rightPinky;
    const on = shoulderW > 0 && armInFront(side, imagePx, worldM);
    const wx = imagePx[2 * wrist]!, wy = imagePx[2 * wrist + 1]!;
    const kx = (imagePx[2 * index]! + imagePx[2 * pinky]!) / 2, ky = (imagePx[2 * index + 1]! + imagePx[2 * pinky + 1]!) / 2;
    const c = out.capsules;
    const fore = 2 * s, hand = 2 * s + 1;
    c[4 * fore] = imagePx[2 * elbow]!;
    c[4 * fore + 1] = imagePx[2 * elbow + 1]!;
    c[4 * fore + 2] = wx;
    c[4 * fore + 3] = wy;
    c[4 * hand] = wx;
    c[4 * hand + 1] = wy;
    c[4 * hand + 2] = wx + HAND_REACH * (kx - wx);
    c[4 * hand + 3] = wy + HAND_REACH * (ky - wy);
    let k = 2 * SKIN_SAMPLES * s;
    for (const i of HAND_SAMPLE_LANDMARKS[s]!) {
      out.samplesPx[k++] = imagePx[2 * i]!;
      out.samplesPx[k++] = imagePx[2 * i + 1]!;
    }
    out.radiiPx[fore] = on && forearms ? FOREARM_RADIUS_OF_SHOULDERS * shoulderW : 0;
    out.radiiPx[hand] = on && hands ? HAND_RADIUS_OF_SHOULDERS * shoulderW : 0;
    if (pass === 'over-sleeves') {
      // The round end on the wrist: the capsule starts a radius on towards the fingers (at most its whole length).
      const lengthPx = Math.hypot(c[4 * hand + 2]! - wx, c[4 * hand + 3]! - wy);
      const f = lengthPx > 0 ? Math.min(out.radiiPx[hand]!, lengthPx) / lengthPx : 0;
      c[4 * hand] = wx + f * (c[4 * hand + 2]! - wx);
      c[4 * hand + 1] = wy + f * (c[4 * hand + 3]! - wy);
    }
    if (on) {
      if (forearms) grow(b, c[4 * fore]!, c[4 * fore + 1]!, out.radiiPx[fore]! + reach);
      if (hands) {
        grow(b, c[4 * hand]!, c[4 * hand + 1]!, out.radiiPx[hand]! + reach);
        grow(b, c[4 * hand + 2]!, c[4 * hand + 3]!, out.radiiPx[hand]! + reach);
      }
    }
  }
  // The face's skin: the nose and the mouth's corners.
  let k = 4 * SKIN_SAMPLES;
  for (const i of [L.nose, L.mouthLeft, L.mouthRight]) {
    out.samplesPx[k++] = imagePx[2 * i]!;
    out.samplesPx[k++] = imagePx[2 * i + 1]!;
  }
  out.mouthYPx = Math.max(imagePx[2 * L.mouthLeft + 1]!, imagePx[2 * L.mouthRight + 1]!);
  const chin = out.chin;
  const mouthW = Math.hypot(imagePx[2 * L.mouthLeft]! - imagePx[2 * L.mouthRight]!, imagePx[2 * L.mouthLeft + 1]! - imagePx[2 * L.mouthRight + 1]!);
  chin[0] = (imagePx[2 * L.mouthLeft]! + imagePx[2 * L.mouthRight]!) / 2;
  chin[1] = out.mouthYPx;
  chin[2] = CHIN_HALF_WIDTH_OF_MOUTH * mouthW;
  chin[3] = Math.max(0, CHIN_BELOW_MOUTH_OF_NOSE_DROP * (out.mouthYPx - imagePx[2 * L.nose + 1]!));
  // The torso's own clothing: four points of the shoulder–hip quad, a third and two thirds across, a quarter and
  // three fifths down (clear of the neckline and the waistband).
  for (const [across, down] of CLOTH_AT) {
    const ax = imagePx[2 * L.rightShoulder]! + across * (imagePx[2 * L.leftShoulder]! - imagePx[2 * L.rightShoulder]!);
    const ay = imagePx[2 * L.rightShoulder + 1]! + across * (imagePx[2 * L.leftShoulder + 1]! - imagePx[2 * L.rightShoulder + 1]!);
    const bx = imagePx[2 * L.rightHip]! + across * (imagePx[2 * L.leftHip]! - imagePx[2 * L.rightHip]!);
    const by = imagePx[2 * L.rightHip + 1]! + across * (imagePx[2 * L.leftHip + 1]! - imagePx[2 * L.rightHip + 1]!);
    out.samplesPx[k++] = ax + down * (bx - ax);
    out.samplesPx[k++] = ay + down * (by - ay);
  }
  // The own bottom: a quarter of the way down each thigh.
  for (const [hip, knee] of [[L.leftHip, L.leftKnee], [L.rightHip, L.rightKnee]] as const) {
    out.samplesPx[k++] = imagePx[2 * hip]! + BOTTOM_DOWN_THIGH * (imagePx[2 * knee]! - imagePx[2 * hip]!);
    out.samplesPx[k++] = imagePx[2 * hip + 1]! + BOTTOM_DOWN_THIGH * (imagePx[2 * knee + 1]! - imagePx[2 * hip + 1]!);
  }
  const earX = (imagePx[2 * L.leftEar]! + imagePx[2 * L.rightEar]!) / 2;
  const earY = (imagePx[2 * L.leftEar + 1]! + imagePx[2 * L.rightEar + 1]!) / 2;
  const shoulderY = (imagePx[2 * L.leftShoulder + 1]! + imagePx[2 * L.rightShoulder + 1]!) / 2;
  const neckDrop = shoulderY - earY;
  const h = out.head;
  if (head && shoulderW > 0 && neckDrop > 0) {
    out.headBottomPx = earY + HEAD_BOTTOM_OF_NECK * neckDrop;
    grow(b, chin[0]!, chin[1]!, Math.max(chin[2]!, chin[3]!) + reach);
    h[0] = earX;
    h[1] = earY;
    h[2] = HEAD_HALF_WIDTH_OF_SHOULDERS * shoulderW;
    // Tall enough to reach the cut line below and the top of the hair above.
    h[3] = neckDrop;
    grow(b, earX, earY, Math.max(h[2]!, h[3]!) + reach);
    const axis = out.neckAxisPx;
    axis[0] = chin[0]!;
    axis[1] = out.mouthYPx;
    axis[2] = (imagePx[2 * L.leftShoulder]! + imagePx[2 * L.rightShoulder]!) / 2;
    axis[3] = shoulderY;
    // From the jaw (the head ellipse's width, hair beside it) in to the neck under the chin, out a little to its base.
    out.neckHalfWidthPx[0] = h[2]!;
    out.neckHalfWidthPx[1] = NECK_HALF_WIDTH_OF_SHOULDERS * shoulderW;
    out.neckHalfWidthPx[2] = NECK_BASE_HALF_WIDTH_OF_SHOULDERS * shoulderW;
    out.neckSoftPx = NECK_SOFT_OF_SHOULDERS * shoulderW;
  } else {
    h[2] = 0;
    h[3] = 0;
    chin[2] = 0;
    chin[3] = 0;
  }
  out.neckEdgeYPx.fill(-1);
  const t = out.ownTopLine;
  const lhx = imagePx[2 * L.leftHip]!, lhy = imagePx[2 * L.leftHip + 1]!;
  const rhx = imagePx[2 * L.rightHip]!, rhy = imagePx[2 * L.rightHip + 1]!;
  const hipW = Math.hypot(lhx - rhx, lhy - rhy);
  t.fill(0);
  out.ownTopVoteRadiusPx = 0;
  out.ownTopReachPx = Infinity;
  if (ownTop && shoulderW > 0 && hipW > 0) {
    out.ownTopVoteRadiusPx = OWN_TOP_VOTE_RADIUS_OF_SHOULDERS * shoulderW;
    // An untucked top's hem hangs at about the hip line (a regular-length T-shirt or shirt ends round the hip joints);
    // the normal points to the shoulders' side, and the region reaches the arms at the sides (a shoulder width out).
    t[0] = (lhx + rhx) / 2;
    t[1] = (lhy + rhy) / 2;
    let nx = -(lhy - rhy) / hipW;
    let ny = (lhx - rhx) / hipW;
    const sx = (imagePx[2 * L.leftShoulder]! + imagePx[2 * L.rightShoulder]!) / 2 - t[0]!;
    const sy = (imagePx[2 * L.leftShoulder + 1]! + imagePx[2 * L.rightShoulder + 1]!) / 2 - t[1]!;
    if (nx * sx + ny * sy < 0) {
      nx = -nx;
      ny = -ny;
    }
    t[2] = nx;
    t[3] = ny;
    // Its key is the occluder's dearest by far (some 50 picture samples a fragment): only as high as the bottoms go.
    let top = ownTopOverPx.length > 0 ? -Infinity : Infinity;
    for (const points of ownTopOverPx) {
      for (let i = 0; i + 1 < points.length; i += 3) {
        const above = (points[i]! - t[0]!) * nx + (points[i + 1]! - t[1]!) * ny;
        // (A vertex not placed, NaN, is no reach.)
        if (above > top) top = above;
      }
    }
    out.ownTopReachPx = top + reach;
    for (const hip of [L.leftHip, L.rightHip]) {
      const shoulder = hip === L.leftHip ? L.leftShoulder : L.rightShoulder;
      const hx = imagePx[2 * hip]!, hy = imagePx[2 * hip + 1]!;
      grow(b, hx, hy, shoulderW);
      // Up the torso's side to the shoulder, or to the reach where that is lower.
      const sx = imagePx[2 * shoulder]! - hx, sy = imagePx[2 * shoulder + 1]! - hy;
      const rise = (hx + sx - t[0]!) * nx + (hy + sy - t[1]!) * ny;
      const f = rise > out.ownTopReachPx ? Math.max(0, out.ownTopReachPx / rise) : 1;
      grow(b, hx + f * sx, hy + f * sy, shoulderW);
    }
  }
}

/**
 * A worn garment's neck edge (its cloth's top round the neck, the half the camera sees: garment3d/neck-edge.ts) ends
 * the head region where it runs across the ellipse: a collar's front lies in front of the neck's base, so the
 * shopper's neck is redrawn over the garment only above it. Call after {@link occlusionRegions}, once per garment: of
 * several, the highest edge at each x wins (the neck is in front of none of them below it).
 * @param pointsPx x, y camera pixels, `count` points in order along the edge (borrowed).
 */
export function addNeckEdge(out: OcclusionRegions, pointsPx: ArrayLike<number>, count: number): void {
  const h = out.head;
  if (!(h[2]! > 0)) return;
  const y = out.neckEdgeYPx;
  for (let j = 0; j < NECK_EDGE_SAMPLES; j++) {
    const x = h[0]! - h[2]! + (2 * h[2]! * j) / (NECK_EDGE_SAMPLES - 1);
    for (let k = 0; k + 1 < count; k++) {
      const ax = pointsPx[2 * k]!, ay = pointsPx[2 * k + 1]!;
      const bx = pointsPx[2 * k + 2]!, by = pointsPx[2 * k + 3]!;
      if (x < Math.min(ax, bx) || x > Math.max(ax, bx)) continue;
      const at = bx === ax ? Math.min(ay, by) : ay + ((x - ax) / (bx - ax)) * (by - ay);
      if (y[j]! < 0 || at < y[j]!) y[j] = at;
    }
  }
}

/**
 * The head region's lowest line at x, camera pixels (the occluder shader computes the same): the garments' neck
 * edge where one runs there, else {@link OcclusionRegions.headBottomPx}; never above the mouth line, for the face is
 * in front of any collar (a bent head brings the collar's sides up beside the cheeks: the mirror clip's frame 120).
 */
export function headBottomAt(regions: OcclusionRegions, x: number): number {
  const h = regions.head;
  const y = regions.neckEdgeYPx;
  const f = Math.min(NECK_EDGE_SAMPLES - 1, Math.max(0, ((x - (h[0]! - h[2]!)) / (2 * h[2]!)) * (NECK_EDGE_SAMPLES - 1)));
  const j = Math.min(NECK_EDGE_SAMPLES - 2, Math.floor(f));
  let a = y[j]!, b = y[j + 1]!;
  // Past the end of a garment's edge its end holds: the collar's side stands there (a 3D collar narrower than the
  // shopper's neck showed a slot of neck beside it, cut down to the fixed line, on the mirror clip's frame 60).
  if (a < 0 && b >= 0) a = b;
  else if (b < 0 && a >= 0) b = a;
  else if (a < 0 && b < 0) {
    const end = nearestEdgeSample(y, f);
    if (end < 0) return regions.headBottomPx;
    a = b = end;
  }
  return Math.max(regions.mouthYPx, a + (f - j) * (b - a));
}

/** The garments' neck edge at the set sample nearest the fractional index `f`, or -1 when none is set. */
function nearestEdgeSample(y: Float32Array, f: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < y.length; i++) {
    if (y[i]! >= 0 && Math.abs(i - f) < bestD) {
      bestD = Math.abs(i - f);
      best = y[i]!;
    }
  }
  return best;
}

/**
 * The neck's half-width at y, camera pixels (the occluder shader computes the same): the head ellipse's at the mouth
 * line, narrowing to {@link NECK_HALF_WIDTH_OF_SHOULDERS} at the chin's lowest point, widening to
 * {@link NECK_BASE_HALF_WIDTH_OF_SHOULDERS} at the shoulder line; linear between, held beyond.
 */
export function neckHalfWidthAt(regions: OcclusionRegions, y: number): number {
  const w = regions.neckHalfWidthPx;
  const top = regions.neckAxisPx[1]!;
  const chinY = Math.max(top + 1, regions.chin[1]! + regions.chin[3]!);
  const base = Math.max(chinY + 1, regions.neckAxisPx[3]!);
  if (y <= chinY) return w[0]! + (w[1]! - w[0]!) * Math.max(0, (y - top) / (chinY - top));
  return w[1]! + (w[2]! - w[1]!) * Math.min(1, (y - chinY) / (base - chinY));
}

/**
 * How much of the head region's redraw shows at (x, y), camera pixels, 0..1 (the occluder shader computes the same):
 * 1 above the mouth line inside the head ellipse and on the chin, each with its outline's soft edge
 * ({@link regionEdgeAlpha}); below the mouth line also the neck's outline ({@link neckHalfWidthAt} round its axis) and
 * the garments' neck edge ({@link headBottomAt}), each with a soft edge of {@link OcclusionRegions.neckSoftPx}
 * inside them; 0 outside. Where the chin's and the head's edges meet, the higher one.
 */
export function headRegionAlpha(regions: OcclusionRegions, x: number, y: number): number {
  const at = chooseRegion(regions, x, y, false);
  return at.region === 2 ? at.alpha : 0;
}

/**
 * Is (x, y), camera pixels, in the head region (the occluder shader tests the same): inside the head ellipse above
 * its lowest line there ({@link headBottomAt}) and, below the mouth line, inside the neck's outline; or on the chin
 * (see {@link headRegionAlpha}).
 */
export function inHeadRegion(regions: OcclusionRegions, x: number, y: number): boolean {
  return headRegionAlpha(regions, x, y) > 0;
}

/** Is (x, y), camera pixels, on the shoulders' side of the own-top hip line (false when the region is off)? */
export function aboveHipLine(regions: OcclusionRegions, x: number, y: number): boolean {
  const t = regions.ownTopLine;
  if (t[2] === 0 && t[3] === 0) return false;
  const above = (x - t[0]!) * t[2]! + (y - t[1]!) * t[3]!;
  return above > 0 && above <= regions.ownTopReachPx;
}

/**
 * The alpha of a region's outline at a point `insidePx` camera pixels inside it (negative: outside), the occluder
 * shader's edgeAlpha: 0.5 on the outline, rising across {@link OcclusionRegions.edgeSoftPx} centred on it.
 */
export function regionEdgeAlpha(regions: OcclusionRegions, insidePx: number): number {
  const soft = Math.max(regions.edgeSoftPx, 1e-3);
  return smoothstep(-soft / 2, soft / 2, insidePx);
}

/**
 * How far (camera px) (x, y) lies inside the ellipse `e` = centre x, centre y, radius x, radius y (negative: outside):
 * the normalised radius's shortfall over its gradient — the distance on the outline, cheap off it (the shader's
 * ellipseInside).
 */
export function ellipseInsidePx(e: ArrayLike<number>, x: number, y: number): number {
  const dx = (x - e[0]!) / e[2]!;
  const dy = (y - e[1]!) / e[3]!;
  const l = Math.hypot(dx, dy);
  const g = Math.hypot(dx / e[2]!, dy / e[3]!);
  return g > 0 ? ((1 - l) * l) / g : 1e6;
}

/** The own-top region's soft edge at (x, y), camera pixels: 0.5 on the hip line ({@link aboveHipLine}); 0 when off. */
export function ownTopEdgeAlpha(regions: OcclusionRegions, x: number, y: number): number {
  const t = regions.ownTopLine;
  if (t[2] === 0 && t[3] === 0) return 0;
  const above = (x - t[0]!) * t[2]! + (y - t[1]!) * t[3]!;
  // Past its reach: no bottom there (a hard end, where nothing is drawn under it).
  return above > regions.ownTopReachPx ? 0 : regionEdgeAlpha(regions, above);
}

/** How far (camera px) (x, y) lies inside capsule `i`, its radius less the distance to its axis (negative: outside). */
export function capsuleInsidePx(regions: OcclusionRegions, i: number, x: number, y: number): number {
  const c = regions.capsules;
  const ax = c[4 * i]!, ay = c[4 * i + 1]!;
  const abx = c[4 * i + 2]! - ax, aby = c[4 * i + 3]! - ay;
  const t = Math.min(1, Math.max(0, ((x - ax) * abx + (y - ay) * aby) / Math.max(abx * abx + aby * aby, 1e-6)));
  return regions.radiiPx[i]! - Math.hypot(x - ax - t * abx, y - ay - t * aby);
}

/** Capsule `i`'s soft edge at (x, y), camera pixels; 0 when it is off. */
export function capsuleEdgeAlpha(regions: OcclusionRegions, i: number, x: number, y: number): number {
  if (!(regions.radiiPx[i]! > 0)) return 0;
  return regionEdgeAlpha(regions, capsuleInsidePx(regions, i, x, y));
}

/** Where the occluder draws at a point: the region it keys by, its outline's soft edge, and all it shows (× the neck's). */
export interface RegionAt {
  region: -1 | 0 | 1 | 2 | 3;
  edge: number;
  alpha: number;
}

/**
 * Which region the occluder keys a point by and how much of it shows there (the shader chooses the same): of the own
 * top (3), the capsules (left forearm, left hand → 0; right → 1), the chin and the head (2), the one whose outline's
 * soft edge is highest, the first in that order where equal; region -1 (alpha 0) outside them all. Soft edges
 * overlap, so the highest rather than the first: a point deep inside a hand is the hand's even where the hip line's
 * soft edge reaches it. The head below the mouth line shows also by its neck's soft edge (see {@link headRegionAlpha}).
 */
export function regionAt(regions: OcclusionRegions, x: number, y: number): RegionAt {
  return chooseRegion(regions, x, y, true);
}

function chooseRegion(regions: OcclusionRegions, x: number, y: number, all: boolean): RegionAt {
  const best: RegionAt = { region: -1, edge: 0, alpha: 0 };
  const take = (region: RegionAt['region'], edge: number, neck = 1): void => {
    best.region = region;
    best.edge = edge;
    best.alpha = edge * neck;
  };
  if (all) {
    const own = ownTopEdgeAlpha(regions, x, y);
    if (own > best.edge) take(3, own);
    for (let i = 0; i < 4; i++) {
      const e = capsuleEdgeAlpha(regions, i, x, y);
      if (e > best.edge) take(i < 2 ? 0 : 1, e);
    }
  }
  const h = regions.head;
  if (!(h[2]! > 0)) return best;
  const c = regions.chin;
  if (c[2]! > 0 && c[3]! > 0 && y >= c[1]!) {
    const e = regionEdgeAlpha(regions, ellipseInsidePx(c, x, y));
    if (e > best.edge) take(2, e);
  }
  const bottom = headBottomAt(regions, x);
  const e = regionEdgeAlpha(regions, ellipseInsidePx(h, x, y));
  if (y < bottom && e > best.edge) {
    let neck = 1;
    if (y > regions.mouthYPx) {
      const a = regions.neckAxisPx;
      const t = Math.min(1, Math.max(0, (y - a[1]!) / Math.max(1, a[3]! - a[1]!)));
      const fromAxis = Math.abs(x - (a[0]! + t * (a[2]! - a[0]!)));
      const soft = Math.max(regions.neckSoftPx, 1e-3);
      neck = smoothstep(0, soft, neckHalfWidthAt(regions, y) - fromAxis) * smoothstep(0, soft, bottom - y);
    }
    if (neck > 0) take(2, e, neck);
  }
  return best;
}

/**
 * The occluder's alpha for the person mask's value there (0..1; the shader computes the same): 0.5 where the mask is
 * 0.5 (where the hard cut was), rising across {@link PERSON_MASK_SOFT} either side.
 */
export function personMaskAlpha(mask: number): number {
  return smoothstep(0.5 - PERSON_MASK_SOFT, 0.5 + PERSON_MASK_SOFT, mask);
}

/** Widens bounds `b` (min x, min y, max x, max y) to hold a disc of radius `r` at (x, y). */
function grow(b: Float32Array, x: number, y: number, r: number): void {
  b[0] = Math.min(b[0]!, x - r);
  b[1] = Math.min(b[1]!, y - r);
  b[2] = Math.max(b[2]!, x + r);
  b[3] = Math.max(b[3]!, y + r);
}
