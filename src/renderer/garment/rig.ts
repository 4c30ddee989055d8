import {
  bindingOf,
  compileBinding,
  evaluateBinding,
  type CompiledBinding,
  type GarmentAnchorName,
  type GarmentAsset,
  type GarmentPart,
} from '../../shared/garment';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import type { GarmentSilhouette, LegEdges } from '../../shared/garment-silhouette';
import { PoseLandmark as L, type OwnSleeves } from '../../shared/pose';
import { CIRCUMFERENCE_OF_FRONT_WIDTH, INSEAM_OF_LEG, turnedWidthShare } from '../../shared/sizing';
import { ARM_CAPSULES, armCapsulesPx, personExtentPx, type PersonMaskInput } from './leg-silhouette';
import { LimbPath, mapAlong } from './limb';
import { ShoulderLift } from './shoulder-silhouette';
import { sleeveOverTorso } from './sleeve-over-torso';
import { SleeveOuterSide } from './sleeve-sides';
import { SkirtEnclosure, type SkirtFrame } from './skirt-silhouette';
import { TorsoSides } from './torso-sides';
import { countFolded, quadGrid } from './mesh';
import { ThinPlateSpline } from './tps';
import { acrossPxPerImagePx, alongPxPerImagePx, garmentScale, isBottom, legOpeningPxPerImagePx, type GarmentScale } from './true-size';

/** Where one part lives in the rig's shared arrays. */
export interface PartRange {
  readonly name: string;
  readonly mapping: GarmentPart['mapping'];
  readonly z: number;
  readonly firstVertex: number;
  readonly vertexCount: number;
  /** Offset into `indices` (a multiple of 3) and count of indices. */
  readonly firstIndex: number;
  readonly indexCount: number;
}

/**
 * The garment as one triangle mesh, ready for a three.js `BufferGeometry`:
 * `position` ← `positions` (itemSize 3), `uv` ← `uvs` (itemSize 2), `setIndex` ← `indices`.
 * Indices are ordered back to front by part `z`, so one draw call with depth testing off paints sleeves under the
 * torso. A sleeve is one strip of vertices with two index ranges: up to the elbow under the torso (its own `z`),
 * past the elbow over it (`<name>:fore`, z 1), so the shopper's forearm redrawn between them stays covered. All
 * arrays are owned by the rig; `positions` is rewritten in place by {@link GarmentRig.fit} (mark the attribute
 * `needsUpdate` after each fit), and so are the `uvs` of a bent limb's crook (mark them when
 * {@link GarmentRig.uvsChanged}); the rest stay constant.
 */
export interface GarmentMesh {
  /**
   * x, y, 0 per vertex: garment pixels until the first fit, then target (video) pixels, y down. Each part's anchors
   * are appended to its vertices (used by no triangle) — see {@link GarmentRig.warpedAnchor}.
   */
  readonly positions: Float32Array;
  /**
   * u, v per vertex with v = 1 − y / height (three.js textures have `flipY = true` by default): the rest pose's, but
   * in a bent limb's crook where that spot is on the upper or the lower segment's cloth (see fitLimb).
   */
  readonly uvs: Float32Array;
  readonly indices: Uint32Array;
  /** x, y per vertex in garment pixels (the rest pose). */
  readonly restPx: Float64Array;
  /**
   * Per vertex, how far inside its own cloth the picture is there, garment pixels: on a sleeve's copy drawn over the
   * torso, the distance inside the sleeve piece's armhole and underarm edges (negative: the torso's cloth the strip
   * takes in near the shoulder; the shader draws nothing there); {@link NOT_CLIPPED} everywhere else. Constant.
   */
  readonly clips: Float32Array;
  /**
   * The same for the back view (the shopper turned round), where the torso is drawn mirrored and a sleeve's strip is
   * not (it follows the arm's path and normal), so the two cannot meet at a seam: the torso is drawn whole, over the
   * sleeves' starts, and each strip from the shoulder joint's row on (its rows before it cut: they hold the cap the
   * torso draws here). Constant.
   */
  readonly clipsTurned: Float32Array;
  readonly parts: readonly PartRange[];
}

/** {@link GarmentMesh.clips} of a vertex drawn whole. */
export const NOT_CLIPPED = 1e4;

/** What a fit did. Owned by the rig and overwritten by the next fit: copy what you keep. */
export interface FitReport {
  /** Triangles whose orientation flipped after the fit (0 when the garment is drawable as is). */
  foldedTriangles: number;
  /** Smallest spline bend factor used; 1 = exact spline, < 1 = a torso was stiffened to undo a fold. */
  bend: number;
  /** The body's scale the fit used, cm per camera pixel. */
  cmPerPx: number;
  /** Camera pixels per garment-picture pixel across the body (the garment's width at true size). */
  acrossPxPerImagePx: number;
  /** Camera pixels per garment-picture pixel down the body (its length at true size). */
  alongPxPerImagePx: number;
  /**
   * A top's length the front view does not show, cm: the part of its front that curves over the shoulder to the
   * chest (see {@link FRONT_DROP_OF_ARMHOLE}); 0 for bottoms. Its drawn length is its chart length less this.
   */
  overShoulderCm: number;
  /**
   * The shopper has their back to the mirror (their left shoulder, or hip for a bottom, on the picture's left): the
   * garment is drawn mirrored, as its back is seen, and folds are counted against that.
   */
  backView: boolean;
}

/** The tracked body a fit is drawn on (all borrowed for the call). */
export interface BodyInput {
  /** 33 image landmarks, interleaved camera pixels `[x0, y0, …]`. */
  landmarksPx: ArrayLike<number>;
  /**
   * 33 world landmarks, interleaved metres `[x0, y0, z0, …]`, or null (a turned torso is then not narrowed, and
   * the no-chart fallback sizes from the picture's shoulders or hips).
   */
  worldM: ArrayLike<number> | null;
  /** The body's scale, cm per camera pixel: `bodyCmPerPx` of src/shared/sizing.ts (the size advice's estimate), smoothed. */
  cmPerPx: number;
  /**
   * The person mask of the same frame, or null/absent: trouser legs are then drawn at their chart width only (with it,
   * never narrower than the shopper's own leg and what they wear on it; see fitLimb).
   */
  personMask?: PersonMaskInput | null;
  /**
   * Where the shopper's own sleeves end on their upper arms (`PoseFrame.ownSleeves`, smoothed), or null/absent: a
   * short sleeve is then drawn at its cut's length only (with it, long enough to cover their own sleeve's hem where a
   * little more length does; see {@link coveringSleeveEndPx}).
   */
  ownSleeves?: OwnSleeves | null;
}

export interface RigOptions {
  /** Mesh cell size in garment pixels. @default 24 */
  cellPx?: number;
  /** The worn size's chart row; null or absent: the documented fallback of true-size.ts. */
  measurements?: GarmentMeasurementsCm | null;
  /** The picture's measured widths (`measureSilhouette`); absent: estimated from the anchors. */
  silhouette?: GarmentSilhouette | null;
}

/** Bend factors tried, in order, when a spline folds the mesh (see {@link ThinPlateSpline}). */
const BEND_STEPS = [1, 0.5, 0.25, 0] as const;
/** How much of a sleeve cap's hold on the torso is tried in turn, until its shown triangles do not fold (holdCap). */
const CAP_HOLD_STEPS = [1, 0.6, 0.3, 0] as const;
/** Anchors placed by the garment's own geometry at true size (the torso frame); the rest follow limbs. */
const FRAME_ANCHORS: ReadonlySet<GarmentAnchorName> = new Set(['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem']);
/** A short sleeve without a chart ends this far down the upper arm (the category default of garment.ts). */
const SHORT_SLEEVE_OF_UPPER_ARM = 0.6;
/** A sleeve or leg longer than the limb reaches at most this fraction of the last segment past the wrist or ankle. */
const MAX_PAST_END = 0.06;
/** Half the width a leg takes below the hips, cm: a skirt's hem never draws narrower than the legs' spread plus this. */
const LEG_HALF_WIDTH_CM = 8;
/** Along-strip vertex spacing of limbs, as a fraction of the cell size (bends need finer rows than straight cloth). */
const LIMB_ROW_OF_CELL = 0.5;
/**
 * How far past side on the garment's line (the shoulders for a top, the hips for a bottom) must turn, in the picture
 * and as a share of its breadth in the world, before the view held (front or back) changes: ≈ 6° past side on.
 */
const BACK_VIEW_SWITCH_OF_BREADTH = 0.1;
/**
 * A top's width across the shoulders, worn and seen from the front, over its width at the chest the same way. A
 * chart's chest is a circumference, and a worn chest wraps round the body's depth, so the rig draws it
 * circumference / CIRCUMFERENCE_OF_FRONT_WIDTH wide; the shoulder line (seam to seam over the back yoke) lies
 * across the top of the body nearly flat, so it is seen at its flat width, circumference / 2 of the picture's
 * proportions: CIRCUMFERENCE_OF_FRONT_WIDTH / 2 as wide as the worn chest scale gives it.
 */
const SHOULDER_OF_WORN_WIDTH = CIRCUMFERENCE_OF_FRONT_WIDTH / 2;
/**
 * Seen from the front, how much of a top's length from its shoulder seam down to the chest line shows: the seam lies
 * on top of the shoulder at about the body's mid-depth, and the front panel curves forward over the shoulder and
 * upper chest to the chest's front before it hangs straight. Modelled as a quarter ellipse half the chest depth
 * forward (≈ 12 cm: ANSUR II chest depth ≈ 24 cm) and one armhole depth down (≈ 20 cm, shoulder seam to underarm
 * of a size-M top): 20 cm seen of ≈ 25.5 cm of cloth, 0.78. The rest of the length hangs in the picture's plane.
 * Without it a top's hem hangs ≈ 4 cm too low in the mirror (a size-M tee: 72 cm of chart length, ≈ 68 cm seen).
 */
export const FRONT_DROP_OF_ARMHOLE = 0.78;
/**
 * How far above its shoulder anchor (the joint under it) a 2D top's upper edge lies where the person mask's shoulder
 * top is read (shoulder-silhouette.ts: from the shoulder point to 0.15 of the shoulders' breadth in), cm, for a
 * picture that does not say (no readable alpha, or no cloth above its anchors there: a slip's straps): on mirror
 * frame 60 the oxford's and tee's edge stood 25–33 px (median 29.5 px, 5.6 cm at the clip's 528 px/m) above the
 * joints there. The person mask raises the seam from there.
 */
const SHOULDER_TOP_ABOVE_ANCHOR_CM = 5.5;
/**
 * How much lower a 2D top's drawn upper edge lies where the shoulder top is read than its picture's own top there
 * (`GarmentSilhouette.shoulderTopPx`) at the fit's scale down the body, cm: the oxford's and tee's pictures stand
 * 32.5–33.5 px above their anchors, 6.1 cm at size M's 0.186 cm per picture px, where their drawn edge stood 5.5 cm
 * (above) — the spline between the neck and shoulder anchors bends the edge down there. A picture whose top stands
 * lower (the tea dress's set-in sleeves: 29 px, 5.4 cm) is raised by that much more: it left a band of his T-shirt
 * over its shoulders, 4–6 px at the shoulders' tops.
 */
const DRAWN_TOP_BELOW_PICTURE_CM = 0.6;

type TpsStep = { kind: 'tps'; range: PartRange; spline: ThinPlateSpline; anchorSlots: Uint8Array; targets: Float64Array };

/**
 * A skirt's spline part (waist, hip and hem anchors), widened after its spline to enclose what the shopper wears under
 * it (see skirt-silhouette.ts).
 */
interface SkirtPart {
  step: TpsStep;
  /** Per vertex of the part: picture px down the skirt's frame from its hip line. */
  restV: Float64Array;
  /** Anchor slots: left, right × waist, hip, hem. */
  slots: readonly [number, number, number, number, number, number];
  /** The picture's hip anchors' spacing, px (the hip width's share of it scales the drawn hip width). */
  restHipSpanPx: number;
  /** The cloth's width across the picture's hip line, px. */
  restHipWidthPx: number;
}
type LimbStep = {
  kind: 'limb';
  name: string;
  /** Indices of the part's ranges (one, or a sleeve's two). */
  ranges: PartRange[];
  firstVertex: number;
  vertexCount: number;
  /** Per vertex: rest distance along the strip and across it, picture px. */
  alongPx: Float64Array;
  acrossPx: Float64Array;
  /** Per vertex: the strip's rest half-width at its row, picture px. */
  halfPx: Float64Array;
  /** The strip's widest rest half-width, picture px. */
  maxHalfPx: number;
  /** Rest knots (arc length at each anchor), picture px. */
  restKnots: Float64Array;
  /** Where the strip ends (its hem or cuff), rest arc length, picture px. */
  restEndPx: number;
  /**
   * A trouser leg (or its thigh or shin part): how far down the picture's leg (hip → knee → ankle) the strip's first
   * anchor is, and where the leg's hem is on that path, picture px. Its width goes from the seat's scale at the hip to
   * the leg opening's at the hem. Sleeves: 0 and the strip's last anchor (their width keeps one scale).
   */
  legFromPx: number;
  legHemPx: number;
  /** A trouser leg (or thigh) that starts at the seat: its inner edge keeps to the crotch (see fitLimb). */
  legSeat: boolean;
  /**
   * Per vertex, the share of its row's rest half-width that the picture's cloth fills on the inner side (towards the
   * other leg, or a sleeve's underside towards the other shoulder) and the outer side (see {@link clothShares},
   * {@link edgeShares}); null without the picture's edges. A trouser leg is widened by them (fitLimb); a bent
   * limb's crook reads its cloth no further out (crookUv).
   */
  clothInner: Float64Array | null;
  clothOuter: Float64Array | null;
  anchorCount: number;
  anchorSlots: Uint8Array;
  /** Which limb it follows; `bone`: an older two-anchor part, straight between its anchors' targets. */
  limb: 'sleeve' | 'leg' | 'bone';
  side: 'left' | 'right';
  /** A sleeve's copy of its upper rows, drawn over the torso when the arm is in front; null for legs. */
  copy: SleeveCopy | null;
  /** The strip's path on the picture (its rest pose), for where a point of its cloth is in the picture. */
  restPath: LimbPath;
  /** The sign of a rest across offset on the strip's outer side (away from the other shoulder or hip); 0 unknown. */
  restOuterSign: number;
  /** Whether the last fit moved any of its vertices' uvs off the rest pose's (a crook's). */
  uvsMoved: boolean;
  /** Whether the last fit showed the copy (the arm in front of the body, or hanging along it). */
  frontShown: boolean;
  /** A sleeve's outer side, widened onto the person mask's arm (sleeve-sides.ts); null for legs. */
  outerSide: SleeveOuterSide | null;
  /** A sleeve's cap, sewn into the torso's armhole: see {@link SleeveCap}; null for legs. */
  cap: SleeveCap | null;
};

/**
 * A sleeve is sewn into the torso's armhole, so near it its cloth goes where the torso goes, and only further out
 * where the arm does. Each sleeve vertex (strip and copy) near the seam is placed by the torso's spline too
 * ({@link spline}, the torso's anchors, the vertex's rest position) and blended with its place on the arm by
 * {@link armWeight}: 0 on the armhole's line, 1 from {@link SLEEVE_CAP_BLEND} of the sleeve's length out from it.
 */
interface SleeveCap {
  torso: TpsStep;
  /** Over the {@link held} vertices' rest places. */
  spline: ThinPlateSpline;
  /** The sleeve's vertices the torso holds at all (arm weight under 1), ascending. */
  held: Int32Array;
  /** Per vertex of the sleeve: how much of its place is the arm's (the rest the torso's). */
  armWeight: Float64Array;
  /** Per held vertex, x and y: where the torso's spline puts it this fit. */
  torsoPx: Float64Array;
  /** Per held vertex, x and y: where the arm puts it this fit. */
  armPx: Float64Array;
}

/**
 * A sleeve's upper rows (shoulder to elbow; a short sleeve's all) are built twice: the strip's own rows, under the
 * torso, and a copy drawn over it (`<name>:front`, z 1). Each fit shows one: the copy when the arm is in front of the
 * body (wrist nearer the camera, or the forearm across the torso: `armInFront`) or hangs along it
 * (`sleeveOverTorso`), so the sleeve is one tube from the shoulder to the cuff over the torso; else the rows under it. The hidden one is collapsed onto the elbow row (every
 * triangle of it zero-area, so nothing of it is drawn).
 */
interface SleeveCopy {
  /** First vertex of the copy, relative to the strip. */
  first: number;
  count: number;
  /** Rows of cells copied (the copy has splitRow + 1 rows of vertices); the elbow row is row `splitRow`. */
  splitRow: number;
  columns: number;
}

/** How far inside the picture's cloth edge a crook reads its cloth at most (crookUv), picture px: past the edge's anti-aliased texels. */
const CROOK_EDGE_INSET_PX = 1.5;

/** Name suffix of a sleeve's front copy. */
const FRONT_COPY = ':front';

/**
 * Fits a 2D garment onto a body, frame after frame, at the garment's true size, without allocating.
 *
 * Method: the garment is cut into parts (asset `parts`). The torso-like parts (torso, pelvis, skirt) are warped by a
 * thin-plate spline through their anchors, whose targets come from the picture's own geometry scaled to true size
 * ({@link GarmentScale}): an anchor `u` px across and `v` px down the garment's frame lands `u`, `v` scaled screen
 * pixels from the body's centre line (shoulders → hips → knees), across the body's shoulder/hip line. So the garment
 * is as wide as its chart says whatever the shopper's build, its hem sits at its own length, and the torso still
 * bends with the shoulders' and hips' tilt. Limbs (sleeves, trouser legs) are one strip each ({@link LimbPath})
 * along shoulder → elbow → wrist or hip → knee → ankle, bending at the middle joint without a seam and ending at the
 * garment's sleeve length or inseam, measured as a fraction of the shopper's real (3D) limb.
 */
export class GarmentRig {
  /** Anchor order of `anchorsPx` and the internal target arrays. */
  readonly anchorNames: readonly GarmentAnchorName[];
  /** Anchors in garment pixels, interleaved, in `anchorNames` order (owned by the rig). */
  readonly anchorsPx: Float64Array;
  readonly mesh: GarmentMesh;
  readonly category: GarmentAsset['category'];
  private scale: GarmentScale;
  private readonly silhouette: GarmentSilhouette | null;
  private readonly asset: GarmentAsset;
  private readonly bindings: readonly CompiledBinding[];
  private readonly isFrameAnchor: Uint8Array;
  /** Per anchor: 1 for a top's shoulder anchors (drawn at the shoulder line's width, never inside the body's). */
  private readonly isShoulderAnchor: Uint8Array;
  /** Per anchor: 1 for trousers' hip anchors (their seat: legs hang from them, never inside the shopper's hip joints). */
  private readonly isHipAnchor: Uint8Array;
  /** Per anchor: u (across) and v (down) in the garment's frame, picture px. */
  private readonly frameUV: Float64Array;
  private readonly anchorVertex: ReadonlyMap<GarmentAnchorName, number>;
  private readonly tpsSteps: readonly TpsStep[];
  private readonly limbSteps: readonly LimbStep[];
  /** The torso's copy of its cloth round the underarms: its vertices from `first` on repeat `sources` after each fit. */
  private readonly underarm: { sources: Int32Array; first: number } | null;
  /** Spline control points' targets: the anchors (in `anchorNames` order), then the chest line's extra points. */
  private readonly targetsPx: Float64Array;
  private readonly anchorTargetsView: Float64Array;
  /** Anchors plus the chest line's extra spline points. */
  private readonly slotCount: number;
  /** The view (back or front) of the last fit, kept near side on; null before the first. */
  private heldBackView: boolean | null = null;
  /** The shoulders' and the hips' across units of the last fit (acrossUnit), reused. */
  private readonly acrossUnits = new Float64Array(4);
  private readonly report: FitReport = { foldedTriangles: 0, bend: 1, cmPerPx: 1, acrossPxPerImagePx: 1, alongPxPerImagePx: 1, overShoulderCm: 0, backView: false };
  /** A top's chest line below its shoulder anchors, picture px down its frame (0: no foreshortening, bottoms). */
  private readonly chestDropImagePx: number;
  private readonly path = new LimbPath();
  /** A bottom's hip anchor slots (left, right), or null. */
  private readonly hipSlots: readonly [number, number] | null;
  private readonly pointScratch = new Float64Array(4);
  /** A bottom's seat depth: its crotch (the bottom of the part holding the hip anchors) below the hip anchors, picture px. */
  private readonly crotchRestPx: number;
  private readonly bodyKnots = new Float64Array(3);
  /** This fit's forearm-and-hand capsules (see armCapsulesPx) and person mask (null: none). */
  private readonly armCapsules = new Float64Array(5 * ARM_CAPSULES);
  private personMask: PersonMaskInput | null = null;
  /** A top's person mask this fit (null: none, or a bottom), that its sleeves' outer sides are widened onto. */
  private sleeveMask: PersonMaskInput | null = null;
  /** The bend the torso's spline was last applied with (a sleeve's cap follows the same warp). */
  private torsoBend = 1;
  /** Where the shopper's own sleeves end this fit (BodyInput.ownSleeves), borrowed; null: not known. */
  private ownSleeves: OwnSleeves | null = null;
  /** A top's shoulder seams raised onto the shopper's shoulders' tops in the person mask. */
  private readonly shoulderLift = new ShoulderLift();
  /** This fit's own shoulder top above each shoulder anchor (the wearer's left, right), cm: see ownShoulderTops. */
  private readonly ownShoulderTopCm = new Float64Array(2);
  /** This fit's hip-joint spacing, camera px: how far a leg's silhouette is searched for from its centre line. */
  private hipJointsPx = 0;
  /**
   * Per side (left inner, outer, right inner, outer), camera px: how wide a thigh hung its cloth at the knee this fit
   * (NaN until it has), where the shin part below goes on from.
   */
  private readonly kneeWornPx = new Float64Array(4);
  /** legExtentsPx's answer: inner, outer px. */
  private readonly extentsScratch = new Float64Array(2);
  /** The other leg's path this fit, camera px `[hipX, hipY, kneeX, kneeY]`: where the legs' divide lies (legExtentsPx). */
  private readonly otherLegPx = new Float64Array(4);
  private readonly restKnotsScratch = new Float64Array(3);
  /** The mesh's uvs as built (the rest pose's), restored where a crook's remapped ones are no longer needed. */
  private readonly restUvs: Float32Array;
  private uvsChangedByFit = false;
  /** A crook vertex's place on its segment (LimbPath.segmentCoordinates), and in the picture. */
  private readonly segmentScratch = new Float64Array(2);
  private readonly pictureScratch = new Float64Array(2);
  /** A skirt's spline part, or null (trousers, tops, dresses). */
  private readonly skirt: SkirtPart | null;
  private readonly enclosure = new SkirtEnclosure();
  /** A top's or dress's torso part, widened after its spline onto the person mask's sides (torso-sides.ts), or null. */
  private torsoSides: { step: TpsStep; sides: TorsoSides } | null = null;
  private readonly skirtFrame: SkirtFrame = {
    hipX: 0, hipY: 0, hemX: 0, hemY: 0, waistX: 0, waistY: 0,
    hipAx: 1, hipAy: 0, hemAx: 1, hemAy: 0, waistAx: 1, waistAy: 0,
    hipHalfPx: 0, hemHalfPx: 0, waistHalfPx: 0, restWaistV: 0, restHemV: 1,
  };

  constructor(asset: GarmentAsset, options: RigOptions = {}) {
    const cellPx = options.cellPx ?? 24;
    this.asset = asset;
    this.category = asset.category;
    this.silhouette = options.silhouette ?? null;
    this.scale = garmentScale(asset, this.silhouette, options.measurements ?? null);
    const names = [...new Set(asset.parts.flatMap((p) => p.anchors))];
    this.anchorNames = names;
    this.anchorsPx = new Float64Array(names.length * 2);
    names.forEach((name, i) => {
      const p = asset.anchorsPx[name];
      if (!p) throw new Error(`garment ${asset.id}: anchor ${name} is missing`);
      this.anchorsPx[2 * i] = p[0];
      this.anchorsPx[2 * i + 1] = p[1];
    });
    this.bindings = names.map((n) => compileBinding(bindingOf(asset, n)));
    // A top's chest line gets two extra spline points at the picture's chest edges, placed at the chart's worn width:
    // the shoulders above are drawn at their own width (and never inside the shopper's), the chest keeps its size.
    const chestPoints = chestLinePointsPx(asset, this.silhouette);
    this.slotCount = names.length + chestPoints.length / 2;
    const pointsPx = new Float64Array(this.slotCount * 2);
    pointsPx.set(this.anchorsPx);
    pointsPx.set(chestPoints, names.length * 2);
    this.isFrameAnchor = Uint8Array.from({ length: this.slotCount }, (_, i) => (i >= names.length || FRAME_ANCHORS.has(names[i]!) ? 1 : 0));
    this.isShoulderAnchor = Uint8Array.from({ length: this.slotCount }, (_, i) => (!isBottom(asset.category) && (names[i] === 'leftShoulder' || names[i] === 'rightShoulder') ? 1 : 0));
    this.crotchRestPx = crotchBelowHipsPx(asset);
    this.hipSlots = isBottom(asset.category) && names.includes('leftHip') && names.includes('rightHip') ? [names.indexOf('leftHip'), names.indexOf('rightHip')] : null;
    // Trousers only: a skirt has no legs to hang, and its hips keep the picture's own proportions to its hem.
    this.isHipAnchor = Uint8Array.from({ length: this.slotCount }, (_, i) => (asset.category === 'trousers' && (names[i] === 'leftHip' || names[i] === 'rightHip') ? 1 : 0));
    this.targetsPx = new Float64Array(this.slotCount * 2);
    this.anchorTargetsView = this.targetsPx.subarray(0, names.length * 2);
    const slot = (n: GarmentAnchorName): number => names.indexOf(n);
    const chestSlots = Array.from({ length: chestPoints.length / 2 }, (_, k) => names.length + k);

    // The garment's frame: origin mid-shoulders (tops) or mid-hips (bottoms), u towards the wearer's left.
    const bottom = isBottom(asset.category);
    const [la, ra] = bottom ? [asset.anchorsPx.leftHip, asset.anchorsPx.rightHip] : [asset.anchorsPx.leftShoulder, asset.anchorsPx.rightShoulder];
    if (!la || !ra) throw new Error(`garment ${asset.id}: a ${asset.category} needs ${bottom ? 'hip' : 'shoulder'} anchors`);
    const ox = (la[0] + ra[0]) / 2;
    const oy = (la[1] + ra[1]) / 2;
    const span = Math.hypot(la[0] - ra[0], la[1] - ra[1]) || 1;
    const ax = (la[0] - ra[0]) / span;
    const ay = (la[1] - ra[1]) / span;
    this.frameUV = new Float64Array(this.slotCount * 2);
    for (let i = 0; i < this.slotCount; i++) {
      const dx = pointsPx[2 * i]! - ox;
      const dy = pointsPx[2 * i + 1]! - oy;
      this.frameUV[2 * i] = dx * ax + dy * ay;
      this.frameUV[2 * i + 1] = -dx * ay + dy * ax;
    }
    this.chestDropImagePx = chestSlots.length ? Math.max(0, this.frameUV[2 * chestSlots[0]! + 1]!) : 0;

    // Build every part's vertices and triangles.
    interface Built {
      part: GarmentPart;
      firstVertex: number;
      vertexCount: number;
      /** Index blocks with their z (a sleeve has two). */
      blocks: Array<{ name: string; z: number; indices: Uint32Array }>;
      rest: Float64Array;
      /** A spline part's grid: cells across and down. */
      grid?: { columns: number; rows: number };
      limb?: { alongPx: Float64Array; acrossPx: Float64Array; halfPx: Float64Array; restKnots: Float64Array; restEndPx: number; copy: SleeveCopy | null; restPath: LimbPath };
    }
    const built: Built[] = [];
    let firstVertex = 0;
    const anchorVertex = new Map<GarmentAnchorName, number>();
    // Splines first: their anchors' positions are what the limbs (sleeves) start from.
    const ordered = [...asset.parts].sort((p, q) => Number(p.mapping !== 'tps') - Number(q.mapping !== 'tps'));
    for (const part of ordered) {
      let b: Built;
      if (part.mapping === 'tps') {
        const [tl, tr, br, bl] = part.quadPx;
        const widthPx = Math.max(Math.hypot(tr[0] - tl[0], tr[1] - tl[1]), Math.hypot(br[0] - bl[0], br[1] - bl[1]));
        const heightPx = Math.max(Math.hypot(bl[0] - tl[0], bl[1] - tl[1]), Math.hypot(br[0] - tr[0], br[1] - tr[1]));
        const columns = Math.max(1, Math.ceil(widthPx / cellPx));
        const rows = Math.max(1, Math.ceil(heightPx / cellPx));
        const grid = quadGrid(part.quadPx, columns, rows, firstVertex);
        const rest = new Float64Array(grid.positions.length + part.anchors.length * 2);
        rest.set(grid.positions);
        b = { part, firstVertex, vertexCount: 0, blocks: [{ name: part.name, z: part.z, indices: grid.indices }], rest, grid: { columns, rows } };
      } else {
        b = this.buildLimb(part, cellPx, firstVertex);
      }
      // The part's own anchors ride along as extra vertices no triangle uses: after a fit they say where the
      // garment put each anchor (tests, the debug overlay, the e2e check). Splines come first, so they win.
      const gridVertices = b.rest.length / 2 - part.anchors.length;
      part.anchors.forEach((name, k) => {
        const p = asset.anchorsPx[name]!;
        b.rest[2 * (gridVertices + k)] = p[0];
        b.rest[2 * (gridVertices + k) + 1] = p[1];
        if (!anchorVertex.has(name)) anchorVertex.set(name, firstVertex + gridVertices + k);
      });
      b.vertexCount = b.rest.length / 2;
      built.push(b);
      firstVertex += b.vertexCount;
    }
    this.anchorVertex = anchorVertex;
    // The part the sleeves are sewn to: the spline through the shoulders.
    const torso = built.find((b) => b.part.mapping === 'tps' && b.part.anchors.includes('leftShoulder') && b.part.anchors.includes('rightShoulder'));
    // Each sleeve's seam to the torso: it cuts the torso's cloth here and weighs the cap's hold below (sleeveCap).
    const seams = new Map<(typeof built)[number], SleeveSeamPx>();
    const insides = new Map<(typeof built)[number], (x: number, y: number) => number>();
    for (const b of built) {
      if (!b.limb?.copy) continue;
      const shoulder = b.part.anchors[0]!;
      seams.set(b, sleeveSeam(b.part.quadPx, asset.anchorsPx[shoulder]!, this.torsoSideXPx(shoulder.startsWith('left') ? 'left' : 'right')));
      insides.set(b, sleeveClothInside(b.part.quadPx, asset.anchorsPx[shoulder]!));
    }
    // The torso draws its own cloth up to each sleeve's seam; round the underarm's end the picture's V between the
    // sleeve's underside and the torso's side closes on the body as the arm comes down, and a copy of the torso's
    // cloth there, drawn under everything, fills it (UNDERARM_FILL).
    const torsoOwn = torso ? new Float32Array(torso.vertexCount).fill(NOT_CLIPPED) : null;
    const torsoFilled = torso ? new Float32Array(torso.vertexCount).fill(NOT_CLIPPED) : null;
    if (torso) {
      for (const [b, seam] of seams) {
        const inside = insides.get(b)!;
        const armpitPx = UNDERARM_FILL * (b.limb!.restKnots[1]! || 1);
        for (let k = 0; k < torso.vertexCount; k++) {
          const x = torso.rest[2 * k]!;
          const y = torso.rest[2 * k + 1]!;
          const own = TORSO_SEAM_OVERLAP_PX - inside(x, y);
          torsoOwn![k] = Math.min(torsoOwn![k]!, own);
          torsoFilled![k] = Math.min(torsoFilled![k]!, Math.max(own, armpitPx - Math.hypot(x - seam.endX, y - seam.endY)));
        }
      }
    }
    const fill = torso ? underarmFill(torso.blocks[0]!.indices, torso.firstVertex, torsoOwn!, torsoFilled!, firstVertex) : null;
    this.underarm = fill && fill.sources.length > 0 ? { sources: fill.sources, first: firstVertex } : null;
    const vertexTotal = firstVertex + (this.underarm?.sources.length ?? 0);
    const restPx = new Float64Array(vertexTotal * 2);
    for (const b of built) restPx.set(b.rest, b.firstVertex * 2);
    this.underarm?.sources.forEach((src, j) => {
      restPx[2 * (firstVertex + j)] = restPx[2 * src]!;
      restPx[2 * (firstVertex + j) + 1] = restPx[2 * src + 1]!;
    });

    const blocks = built.flatMap((b) => b.blocks.map((k) => ({ b, ...k })));
    blocks.sort((p, q) => p.z - q.z);
    const fillIndices = this.underarm ? fill!.indices : new Uint32Array(0);
    const indices = new Uint32Array(fillIndices.length + blocks.reduce((s, k) => s + k.indices.length, 0));
    const rangesOf = new Map<Built, PartRange[]>();
    const parts: PartRange[] = [];
    if (this.underarm && torso) {
      // Drawn first, under the sleeves: over a sleeve drawn under the torso (an arm held out) it would lie on the
      // sleeve's own cloth out of place, a lighter straight-edged triangle inside it by its hem.
      indices.set(fillIndices, 0);
      parts.push({ name: `${torso.part.name}${UNDERARM_COPY}`, mapping: 'tps', z: Math.min(...blocks.map((k) => k.z)) - 1, firstVertex, vertexCount: this.underarm.sources.length, firstIndex: 0, indexCount: fillIndices.length });
    }
    let firstIndex = fillIndices.length;
    for (const k of blocks) {
      indices.set(k.indices, firstIndex);
      const range: PartRange = {
        name: k.name,
        mapping: k.b.part.mapping,
        z: k.z,
        firstVertex: k.b.firstVertex,
        vertexCount: k.b.vertexCount,
        firstIndex,
        indexCount: k.indices.length,
      };
      parts.push(range);
      rangesOf.set(k.b, [...(rangesOf.get(k.b) ?? []), range]);
      firstIndex += k.indices.length;
    }
    const positions = new Float32Array(vertexTotal * 3);
    const uvs = new Float32Array(vertexTotal * 2);
    for (let i = 0; i < vertexTotal; i++) {
      positions[3 * i] = restPx[2 * i]!;
      positions[3 * i + 1] = restPx[2 * i + 1]!;
      uvs[2 * i] = restPx[2 * i]! / asset.image.widthPx;
      uvs[2 * i + 1] = 1 - restPx[2 * i + 1]! / asset.image.heightPx;
    }
    const clips = new Float32Array(vertexTotal).fill(NOT_CLIPPED);
    const clipsTurned = new Float32Array(vertexTotal).fill(NOT_CLIPPED);
    for (const b of built) {
      const copy = b.limb?.copy;
      if (!copy) continue;
      const inside = insides.get(b)!;
      for (let v = b.firstVertex; v < b.firstVertex + b.vertexCount; v++) {
        clips[v] = inside(restPx[2 * v]!, restPx[2 * v + 1]!) + SEAM_OVERLAP_PX;
        const k = v - b.firstVertex;
        const along = b.limb!.alongPx[k]!;
        clipsTurned[v] = k >= copy.first && k < copy.first + copy.count ? Math.min(along, clips[v]!) : along;
      }
    }
    if (torso) clips.set(torsoOwn!, torso.firstVertex);
    if (this.underarm) {
      // Seen from behind the torso is drawn whole over it: the copy draws nothing.
      this.underarm.sources.forEach((src, j) => {
        clips[firstVertex + j] = torsoFilled![src - torso!.firstVertex]!;
        clipsTurned[firstVertex + j] = -NOT_CLIPPED;
      });
    }
    this.mesh = { positions, uvs, indices, restPx, clips, clipsTurned, parts };
    this.restUvs = uvs.slice();

    const tpsSteps: TpsStep[] = [];
    const limbSteps: LimbStep[] = [];
    let torsoSpline: { step: TpsStep; source: Float64Array } | null = null;
    for (const b of built) {
      const ranges = rangesOf.get(b)!;
      const ownSlots = b.part.anchors.map(slot);
      const isTorso = b.part.mapping === 'tps' && b.part.anchors.includes('leftShoulder') && b.part.anchors.includes('leftWaist');
      const anchorSlots = Uint8Array.from(isTorso ? [...ownSlots, ...chestSlots] : ownSlots);
      if (b.part.mapping === 'tps') {
        const source = new Float64Array(anchorSlots.length * 2);
        anchorSlots.forEach((s, i) => {
          source[2 * i] = pointsPx[2 * s]!;
          source[2 * i + 1] = pointsPx[2 * s + 1]!;
        });
        let spline: ThinPlateSpline;
        try {
          spline = new ThinPlateSpline(source, b.rest);
        } catch (e) {
          throw new Error(`garment ${asset.id}, part ${b.part.name}: ${(e as Error).message}`, { cause: e });
        }
        tpsSteps.push({ kind: 'tps', range: ranges[0]!, spline, anchorSlots, targets: new Float64Array(anchorSlots.length * 2) });
        if (b === torso) torsoSpline = { step: tpsSteps[tpsSteps.length - 1]!, source };
        const edges = this.silhouette?.torsoEdgesPx;
        const [ls, rs] = [asset.anchorsPx.leftShoulder, asset.anchorsPx.rightShoulder];
        if (isTorso && !bottom && edges && b.grid && ls && rs && b.part.quadPx[0][1] === b.part.quadPx[1][1] && b.part.quadPx[2][1] === b.part.quadPx[3][1]) {
          // A dress's sides are read down to its hip anchors (the skirt's enclosure takes over below), a top's to its foot.
          const grid = { restPx: b.rest, columns: b.grid.columns, rows: b.grid.rows, centreXPx: (ls[0] + rs[0]) / 2, towardsLeft: Math.sign(ls[0] - rs[0]) || 1, edges, edgesToFoot: !asset.anchorsPx.leftHip, ...(!asset.anchorsPx.leftHip && asset.anchorsPx.leftWaist ? { hangFromYPx: asset.anchorsPx.leftWaist[1] } : {}) };
          this.torsoSides = { step: tpsSteps[tpsSteps.length - 1]!, sides: new TorsoSides(grid) };
        }
      } else {
        const first = b.part.anchors[0]!;
        const legSpan = legSpanPx(asset, b.part, this.silhouette, b.limb!.restKnots);
        const sleeveOuter = b.limb!.copy ? (this.silhouette?.sleeveOuterPx ?? null) : null;
        const shares =
          asset.category === 'trousers'
            ? clothShares(this.silhouette?.legEdgesPx ?? null, legSpan.legFromPx, b.limb!.alongPx, b.limb!.halfPx)
            : sleeveOuter
              ? { inner: edgeShares(sleeveOuter.inner, sleeveOuter.stepPx, 0, b.limb!.alongPx, b.limb!.halfPx, MIN_SLEEVE_CLOTH_SHARE), outer: edgeShares(sleeveOuter.outer, sleeveOuter.stepPx, 0, b.limb!.alongPx, b.limb!.halfPx, MIN_SLEEVE_CLOTH_SHARE) }
              : null;
        // Outwards on the rest strip: its start's left-hand normal against the way from the other side's start anchor.
        const start = asset.anchorsPx[first]!;
        const next = asset.anchorsPx[b.part.anchors[1]!]!;
        const otherStart = asset.anchorsPx[(first.startsWith('left') ? 'right' + first.slice(4) : 'left' + first.slice(5)) as GarmentAnchorName];
        const restOuterSign = otherStart ? Math.sign(-(next[1] - start[1]) * (start[0] - otherStart[0]) + (next[0] - start[0]) * (start[1] - otherStart[1])) : 0;
        limbSteps.push({
          kind: 'limb',
          name: b.part.name,
          ranges,
          firstVertex: b.firstVertex,
          vertexCount: b.vertexCount,
          alongPx: b.limb!.alongPx,
          acrossPx: b.limb!.acrossPx,
          halfPx: b.limb!.halfPx,
          maxHalfPx: Math.max(...b.limb!.halfPx),
          restKnots: b.limb!.restKnots,
          restEndPx: b.limb!.restEndPx,
          ...legSpan,
          clothInner: shares?.inner ?? null,
          clothOuter: shares?.outer ?? null,
          legSeat: bottom && b.part.anchors[0]!.endsWith('Hip') && b.part.anchors.length >= 2 && b.part.anchors[1]!.endsWith('Knee'),
          copy: b.limb!.copy,
          restPath: b.limb!.restPath,
          restOuterSign,
          uvsMoved: false,
          frontShown: false,
          outerSide: b.limb!.copy ? new SleeveOuterSide({ ...b.limb!, columns: b.limb!.copy.columns, gridCount: b.limb!.copy.first, clothOuter: sleeveOuter ? shares!.outer : null }) : null,
          cap: b.limb!.copy && torsoSpline ? sleeveCap(torsoSpline.step, torsoSpline.source, b.rest, start, seams.get(b)!, b.limb!.restKnots) : null,
          anchorCount: b.part.anchors.length,
          anchorSlots,
          limb: b.part.mapping === 'limb' && first.endsWith('Shoulder') ? 'sleeve' : b.part.mapping === 'limb' && first.endsWith('Hip') ? 'leg' : 'bone',
          side: first.startsWith('left') ? 'left' : 'right',
        });
      }
    }
    this.tpsSteps = tpsSteps;
    this.skirt = null;
    // A skirt, or a dress's skirt (the part of its torso below the waist seam), encloses what is worn under it.
    const skirtAnchors = ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'] as const;
    const hasSkirt = asset.category === 'skirt' || asset.category === 'dress';
    const skirtStep = hasSkirt ? tpsSteps.find((s) => skirtAnchors.every((n) => s.anchorSlots.includes(slot(n)))) : undefined;
    if (skirtStep) {
      const [lw, rw, lh, rh, le, re] = skirtAnchors.map(slot) as [number, number, number, number, number, number];
      // The skirt's own frame: from the picture's hip line (a bottom's frame origin; a dress's is its shoulders).
      const hx = (pointsPx[2 * lh]! + pointsPx[2 * rh]!) / 2;
      const hy = (pointsPx[2 * lh + 1]! + pointsPx[2 * rh + 1]!) / 2;
      const hipV = (this.frameUV[2 * lh + 1]! + this.frameUV[2 * rh + 1]!) / 2;
      const hipSpanPx = Math.hypot(pointsPx[2 * lh]! - pointsPx[2 * rh]!, pointsPx[2 * lh + 1]! - pointsPx[2 * rh + 1]!) || 1;
      const { firstVertex: fv, vertexCount } = skirtStep.range;
      const restV = new Float64Array(vertexCount);
      for (let k = 0; k < vertexCount; k++) restV[k] = -(restPx[2 * (fv + k)]! - hx) * ay + (restPx[2 * (fv + k) + 1]! - hy) * ax;
      const restHipWidthPx = bottom ? this.scale.widthImagePx : (this.silhouette?.hipWidthPx ?? hipSpanPx);
      this.skirt = { step: skirtStep, restV, slots: [lw, rw, lh, rh, le, re], restHipSpanPx: hipSpanPx, restHipWidthPx };
      this.enclosure.setPleatFolds(asset.pleatFolds);
      this.skirtFrame.restWaistV = (this.frameUV[2 * lw + 1]! + this.frameUV[2 * rw + 1]!) / 2 - hipV;
      this.skirtFrame.restHemV = (this.frameUV[2 * le + 1]! + this.frameUV[2 * re + 1]!) / 2 - hipV;
    }
    // A shin goes on from where its thigh's cloth reached at the knee: thighs first.
    this.limbSteps = limbSteps.sort((a, b) => a.legFromPx - b.legFromPx);
  }

  /** A limb part's strip: vertices on a grid in (along, across), placed on the picture by the rest path. */
  private buildLimb(part: GarmentPart, cellPx: number, firstVertex: number) {
    const pts = part.anchors.map((n) => this.asset.anchorsPx[n]!);
    const three = pts.length === 3;
    const path = new LimbPath();
    // Quad corners 0, 3 at the start, 1, 2 at the end (see GarmentPart).
    const [q0, q1, q2, q3] = part.quadPx;
    const startMid: [number, number] = [(q0[0] + q3[0]) / 2, (q0[1] + q3[1]) / 2];
    const endMid: [number, number] = [(q1[0] + q2[0]) / 2, (q1[1] + q2[1]) / 2];
    const startHalf = Math.hypot(q0[0] - q3[0], q0[1] - q3[1]) / 2;
    const endHalf = Math.hypot(q1[0] - q2[0], q1[1] - q2[1]) / 2;
    const maxHalf = Math.max(startHalf, endHalf);
    path.set(pts[0]![0], pts[0]![1], three ? pts[1]![0] : 0, three ? pts[1]![1] : 0, pts.at(-1)![0], pts.at(-1)![1], three, maxHalf);
    const restKnots = three ? Float64Array.of(0, path.firstLength, path.length) : Float64Array.of(0, path.length);
    const total = path.length;
    // How far the strip starts before its first anchor and ends past its last, along the end segments.
    const a = pts[0]!;
    const z = pts.at(-1)!;
    const d0 = three ? pts[1]! : z;
    const l0 = Math.hypot(d0[0] - a[0], d0[1] - a[1]) || 1;
    const sStart = ((startMid[0] - a[0]) * (d0[0] - a[0]) + (startMid[1] - a[1]) * (d0[1] - a[1])) / l0;
    const d1 = three ? pts[1]! : a;
    const l1 = Math.hypot(z[0] - d1[0], z[1] - d1[1]) || 1;
    const sEnd = total + ((endMid[0] - z[0]) * (z[0] - d1[0]) + (endMid[1] - z[1]) * (z[1] - d1[1])) / l1;
    const rows = Math.max(8, Math.ceil((sEnd - sStart) / (cellPx * LIMB_ROW_OF_CELL)));
    const columns = Math.max(2, Math.ceil((2 * Math.max(startHalf, endHalf)) / cellPx));
    const gridCount = (rows + 1) * (columns + 1);
    // A sleeve's rows down to the elbow (all of a short sleeve) exist twice: under the torso, and a copy over it for
    // an arm in front of the body (the fit collapses whichever is not drawn; see fitLimb).
    const sleeve = part.anchors[0]!.endsWith('Shoulder');
    const splitRow = three && sleeve ? Math.round(((restKnots[1]! - sStart) / (sEnd - sStart)) * rows) : rows;
    const copyCount = sleeve ? (splitRow + 1) * (columns + 1) : 0;
    const count = gridCount + copyCount;
    const rest = new Float64Array((count + part.anchors.length) * 2);
    const alongPx = new Float64Array(count + part.anchors.length);
    const acrossPx = new Float64Array(count + part.anchors.length);
    const halfPx = new Float64Array(count + part.anchors.length);
    for (let r = 0; r <= rows; r++) {
      const f = r / rows;
      const s = sStart + (sEnd - sStart) * f;
      const half = startHalf + (endHalf - startHalf) * f;
      for (let c = 0; c <= columns; c++) {
        const k = r * (columns + 1) + c;
        const t = (2 * c) / columns - 1;
        alongPx[k] = s;
        // Corner 0 (t > 0) is on the path's left-hand normal (limbQuad in garment-from-anchors).
        acrossPx[k] = t * half;
        halfPx[k] = half;
        path.point(s, t * half, half, rest, 2 * k);
      }
    }
    for (let k = 0; k < copyCount; k++) {
      alongPx[gridCount + k] = alongPx[k]!;
      acrossPx[gridCount + k] = acrossPx[k]!;
      halfPx[gridCount + k] = halfPx[k]!;
      rest[2 * (gridCount + k)] = rest[2 * k]!;
      rest[2 * (gridCount + k) + 1] = rest[2 * k + 1]!;
    }
    for (let k = 0; k < part.anchors.length; k++) {
      alongPx[count + k] = restKnots[Math.min(k, restKnots.length - 1)]!;
      acrossPx[count + k] = 0;
      halfPx[count + k] = Math.max(startHalf, endHalf);
    }
    // Triangles, split at the elbow for a three-anchor sleeve: past it the sleeve is drawn over the forearm.
    const tri = (r0: number, r1: number, base = firstVertex): Uint32Array => {
      const out = new Uint32Array((r1 - r0) * columns * 6);
      let i = 0;
      for (let r = r0; r < r1; r++) {
        for (let c = 0; c < columns; c++) {
          const p = base + r * (columns + 1) + c;
          const q = p + 1;
          const d = p + columns + 1;
          const e = d + 1;
          out.set([p, d, q, q, d, e], i);
          i += 6;
        }
      }
      return out;
    };
    const blocks = [{ name: part.name, z: part.z, indices: tri(0, splitRow) }];
    if (copyCount > 0) blocks.push({ name: `${part.name}${FRONT_COPY}`, z: 1, indices: tri(0, splitRow, firstVertex + gridCount) });
    if (splitRow < rows) blocks.push({ name: `${part.name}:fore`, z: 1, indices: tri(splitRow, rows) });
    const copy = copyCount > 0 ? { first: gridCount, count: copyCount, splitRow, columns } : null;
    return { part, firstVertex, vertexCount: 0, blocks, rest, limb: { alongPx, acrossPx, halfPx, restKnots, restEndPx: sEnd, copy, restPath: path } };
  }

  /**
   * Where the torso's side seam is just under the arm on the garment's `side`, picture x: the first of the picture's
   * side-seam rows (`torsoEdgesPx`, read from the chest line down, the rows a sleeve still joins left out); NaN without.
   */
  private torsoSideXPx(side: 'left' | 'right'): number {
    const edges = this.silhouette?.torsoEdgesPx;
    const ls = this.asset.anchorsPx.leftShoulder;
    const rs = this.asset.anchorsPx.rightShoulder;
    if (!edges || !ls || !rs) return Number.NaN;
    const values = side === 'left' ? edges.left : edges.right;
    const first = values.find((v) => !Number.isNaN(v));
    if (first === undefined) return Number.NaN;
    const towardsLeft = Math.sign(ls[0] - rs[0]) || 1;
    return (ls[0] + rs[0]) / 2 + (side === 'left' ? towardsLeft : -towardsLeft) * first;
  }

  /** Changes the worn size (its chart row; null: the fallback). Cheap: no mesh is rebuilt. */
  /**
   * Where the last fit placed each anchor's target, target pixels interleaved in `anchorNames` order (owned by the
   * rig, rewritten by the next fit; `atelier tryon` reports them against where the mesh's anchors landed).
   */
  get anchorTargetsPx(): Readonly<Float64Array> {
    return this.anchorTargetsView;
  }

  setMeasurements(measurements: GarmentMeasurementsCm | null): void {
    this.scale = garmentScale(this.asset, this.silhouette, measurements);
  }

  /**
   * Where the last fit put `anchor`, read from `positions` (default the rig's own), into `out[0..1]` (caller-owned).
   * Returns false when the garment has no such anchor.
   */
  warpedAnchor(anchor: GarmentAnchorName, out: Float32Array | Float64Array, positions: Float32Array = this.mesh.positions): boolean {
    const vtx = this.anchorVertex.get(anchor);
    if (vtx === undefined) return false;
    out[0] = positions[3 * vtx]!;
    out[1] = positions[3 * vtx + 1]!;
    return true;
  }

  /**
   * Fits the garment to a body. Writes x, y per vertex into `out` (z untouched: 0 in the rig's own array), by
   * default the rig's own `mesh.positions` (caller-owned otherwise, length `3 × vertex count`). Returns the rig's
   * report object (overwritten next fit). Allocates nothing.
   */
  /**
   * How far the garment's own upper edge stands above each shoulder anchor (the wearer's left, right) where the person
   * mask's shoulder top is read, cm, at this fit's scale down the body (`pictureCmPerPx`): the picture's own
   * (`GarmentSilhouette.shoulderTopPx`) less {@link DRAWN_TOP_BELOW_PICTURE_CM}, else {@link SHOULDER_TOP_ABOVE_ANCHOR_CM}.
   */
  private ownShoulderTops(pictureCmPerPx: number): Float64Array {
    const tops = this.silhouette?.shoulderTopPx;
    this.ownShoulderTopCm[0] = tops && tops.left > 0 ? tops.left * pictureCmPerPx - DRAWN_TOP_BELOW_PICTURE_CM : SHOULDER_TOP_ABOVE_ANCHOR_CM;
    this.ownShoulderTopCm[1] = tops && tops.right > 0 ? tops.right * pictureCmPerPx - DRAWN_TOP_BELOW_PICTURE_CM : SHOULDER_TOP_ABOVE_ANCHOR_CM;
    return this.ownShoulderTopCm;
  }

  fit(body: BodyInput, out: Float32Array = this.mesh.positions): FitReport {
    const report = this.report;
    const lm = body.landmarksPx;
    const w = body.worldM;
    const cmPerPx = body.cmPerPx > 0 && Number.isFinite(body.cmPerPx) ? body.cmPerPx : 1;
    report.foldedTriangles = 0;
    report.bend = 1;
    report.cmPerPx = cmPerPx;
    this.uvsChangedByFit = false;

    // The body's frame: centre line mid-shoulders → mid-hips → mid-knees, across the shoulder and hip lines.
    const msx = (lm[2 * L.leftShoulder]! + lm[2 * L.rightShoulder]!) / 2;
    const msy = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
    const mhx = (lm[2 * L.leftHip]! + lm[2 * L.rightHip]!) / 2;
    const mhy = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
    const mkx = (lm[2 * L.leftKnee]! + lm[2 * L.rightKnee]!) / 2;
    const mky = (lm[2 * L.leftKnee + 1]! + lm[2 * L.rightKnee + 1]!) / 2;
    const torsoPx = Math.hypot(mhx - msx, mhy - msy) || 1;
    const thighPx = Math.hypot(mkx - mhx, mky - mhy) || 1;
    const shoulderPx = dist2(lm, L.leftShoulder, L.rightShoulder);
    const hipPx = dist2(lm, L.leftHip, L.rightHip);
    const bottom = isBottom(this.category);
    // Across the body: each line's own direction (a tilted shoulder line tilts the garment), in the sense of the line
    // the garment hangs on (the shoulders for a top, the hips for a bottom: front or back view). In profile a line is
    // nearly a point, its direction noise and its sense either way (`video.avi` frame 60, a man walking past:
    // shoulders 8 px apart one way, hips 9 px the other; the rows between, lerped through zero, drew the garment as a
    // needle), so the other line takes the garment's sense, and each leans towards the torso's perpendicular by as
    // much as it is foreshortened.
    const perpX = (mhy - msy) / torsoPx;
    const perpY = -(mhx - msx) / torsoPx;
    const shoulderDx = lm[2 * L.leftShoulder]! - lm[2 * L.rightShoulder]!;
    const shoulderDy = lm[2 * L.leftShoulder + 1]! - lm[2 * L.rightShoulder + 1]!;
    const hipDx = lm[2 * L.leftHip]! - lm[2 * L.rightHip]!;
    const hipDy = lm[2 * L.leftHip + 1]! - lm[2 * L.rightHip + 1]!;
    const shoulderWorldPx = w ? (dist3(w, L.leftShoulder, L.rightShoulder) * 100) / cmPerPx : 0;
    const hipWorldPx = w ? (dist3(w, L.leftHip, L.rightHip) * 100) / cmPerPx : 0;
    // Seen from the front the wearer's left is on the picture's right; turned round, on its left. Near side on that
    // order is noise (the street video's man walking past, on frames in a row: shoulders 5, 10, 23, −1, 1, −1 px
    // apart), and the garment would flip between its front and its back from frame to frame: the view held changes
    // only once the line has turned past side on by a share of its breadth.
    const facingPx = bottom ? hipDx * perpX + hipDy * perpY : shoulderDx * perpX + shoulderDy * perpY;
    const breadthPx = bottom ? hipWorldPx : shoulderWorldPx;
    const held = this.heldBackView !== null && breadthPx > 0 && Math.abs(facingPx) < BACK_VIEW_SWITCH_OF_BREADTH * breadthPx;
    const backView = held ? this.heldBackView! : facingPx < 0;
    this.heldBackView = backView;
    report.backView = backView;
    const sense = backView ? -1 : 1;
    const across2 = this.acrossUnits;
    acrossUnit(shoulderDx, shoulderDy, shoulderWorldPx, perpX, perpY, sense, across2, 0);
    acrossUnit(hipDx, hipDy, hipWorldPx, perpX, perpY, sense, across2, 2);
    const sax = across2[0]!;
    const say = across2[1]!;
    const hax = across2[2]!;
    const hay = across2[3]!;
    // The body joints the fallback sizes from, in cm, and how much a turned torso is foreshortened.
    const jointsImageCm = (bottom ? hipPx : shoulderPx) * cmPerPx;
    const jointsCm = w ? breadthPx * cmPerPx : jointsImageCm;
    // Turned, the shoulder seams come together as the joints they lie on do (the cosine of the turn), and so do the
    // points a trouser's legs hang from (the hip joints), while the body round them is seen as wide as its
    // cross-section's silhouette (turnedWidthShare): in profile its depth.
    const cosTurn = w && jointsCm > 0 ? Math.min(1, jointsImageCm / jointsCm) : 1;
    const turn = turnedWidthShare(cosTurn);
    const across = acrossPxPerImagePx(this.scale, cmPerPx, jointsCm);
    const along = alongPxPerImagePx(this.scale, cmPerPx, across, torsoPx);
    report.acrossPxPerImagePx = across;
    report.alongPxPerImagePx = along;
    const chestDropPx = this.chestDropImagePx * along;
    report.overShoulderCm = (1 - FRONT_DROP_OF_ARMHOLE) * chestDropPx * cmPerPx;
    this.personMask = (bottom || this.skirt) && body.personMask ? body.personMask : null;
    this.sleeveMask = !bottom && body.personMask ? body.personMask : null;
    this.ownSleeves = body.ownSleeves ?? null;
    if (body.personMask) armCapsulesPx(lm, cmPerPx, this.armCapsules);
    // A top's seams on the shoulders' tops the mask shows (per side: their height and the shoulder line's tilt).
    const upX = (msx - mhx) / torsoPx;
    const upY = (msy - mhy) / torsoPx;
    const lift = bottom ? null : this.shoulderLift.update(body.personMask ?? null, lm, cmPerPx, upX, upY, this.ownShoulderTops(along * cmPerPx), this.armCapsules);
    this.kneeWornPx.fill(Number.NaN);
    this.hipJointsPx = hipPx;
    const kneeSpreadPx = Math.abs((lm[2 * L.leftKnee]! - lm[2 * L.rightKnee]!) * hax + (lm[2 * L.leftKnee + 1]! - lm[2 * L.rightKnee + 1]!) * hay) / 2;
    const legHalfPx = LEG_HALF_WIDTH_CM / cmPerPx;

    // Frame anchors: u across, v down the garment, scaled to true size and laid on the body's centre line.
    const t = this.targetsPx;
    const origin = bottom ? torsoPx : 0;
    for (let i = 0; i < this.slotCount; i++) {
      if (!this.isFrameAnchor[i]) {
        evaluateBinding(this.bindings[i]!, lm, t, 2 * i);
        continue;
      }
      // Below the shoulder seam a top's front is foreshortened down to the chest line, then hangs at full length.
      const vPx = this.frameUV[2 * i + 1]! * along;
      const d = origin + vPx - (vPx > 0 ? (1 - FRONT_DROP_OF_ARMHOLE) * Math.min(vPx, chestDropPx) : 0);
      let cx: number;
      let cy: number;
      let uPx = this.frameUV[2 * i]! * across * (this.isShoulderAnchor[i] ? cosTurn * SHOULDER_OF_WORN_WIDTH : this.isHipAnchor[i] ? cosTurn : turn);
      if (this.isShoulderAnchor[i]) {
        // The shoulder line is seen at the garment's flat width (see SHOULDER_OF_WORN_WIDTH), and a garment is never
        // narrower than the shoulders it hangs on: its shoulder points at least on the shopper's shoulder joints.
        if (Math.abs(uPx) < shoulderPx / 2) uPx = Math.sign(this.frameUV[2 * i]!) * (shoulderPx / 2);
      } else if (this.isHipAnchor[i] && Math.abs(uPx) < hipPx / 2) {
        // The same for a bottom's seat: its legs hang from the garment's own hip points, or from the shopper's hip
        // joints where those lie wider apart (cloth is not squeezed inside the thighs it is worn on).
        uPx = Math.sign(this.frameUV[2 * i]!) * (hipPx / 2);
      }
      if (d <= torsoPx) {
        cx = msx + ((mhx - msx) * d) / torsoPx;
        cy = msy + ((mhy - msy) * d) / torsoPx;
      } else {
        const below = d - torsoPx;
        cx = mhx + ((mkx - mhx) * below) / thighPx;
        cy = mhy + ((mky - mhy) * below) / thighPx;
        // Below the hips a skirt hangs round the legs: never narrower than their spread.
        const spread = Math.min(1, below / thighPx) * kneeSpreadPx + legHalfPx;
        if (Math.abs(uPx) < spread) uPx = Math.sign(uPx) * spread;
      }
      const lambda = Math.min(1, Math.max(0, d / torsoPx));
      let dx = sax + (hax - sax) * lambda;
      let dy = say + (hay - say) * lambda;
      const len = Math.hypot(dx, dy) || 1;
      dx /= len;
      dy /= len;
      t[2 * i] = cx + dx * uPx;
      t[2 * i + 1] = cy + dy * uPx;
      if (lift && this.isShoulderAnchor[i]) {
        // The wearer's left shoulder is the one on the garment's +u side.
        const liftPx = lift[this.frameUV[2 * i]! > 0 ? 0 : 1]! / cmPerPx;
        t[2 * i] = t[2 * i]! + upX * liftPx;
        t[2 * i + 1] = t[2 * i + 1]! + upY * liftPx;
      }
    }

    const rest = this.mesh.restPx;
    const skirt = this.skirt && this.personMask ? this.skirt : null;
    if (skirt) this.measureSkirt(skirt, lm, cmPerPx);
    for (const step of this.tpsSteps) {
      const { range } = step;
      for (let i = 0; i < step.anchorSlots.length; i++) {
        step.targets[2 * i] = t[2 * step.anchorSlots[i]!]!;
        step.targets[2 * i + 1] = t[2 * step.anchorSlots[i]! + 1]!;
      }
      let folded = 0;
      for (const bend of BEND_STEPS) {
        step.spline.apply(step.targets, out, range.firstVertex * 3, 3, bend);
        this.torsoBend = bend;
        if (skirt?.step === step) this.enclosure.widen(this.skirtFrame, skirt.restV, out, range.firstVertex);
        if (this.torsoSides?.step === step && body.personMask) this.torsoSides.sides.fit(out, range.firstVertex, body.personMask, lm, cmPerPx, this.armCapsules);
        folded = countFolded(rest, 2, out, 3, this.mesh.indices, range.firstIndex / 3, range.indexCount / 3, backView);
        report.bend = Math.min(report.bend, bend);
        if (folded === 0) break;
      }
      report.foldedTriangles += folded;
    }

    for (const step of this.limbSteps) this.fitLimb(step, lm, w, cmPerPx, across, along, out);
    for (const step of this.limbSteps) {
      for (const range of step.ranges) {
        // The collapsed copy of a sleeve's upper rows is zero-area on purpose.
        if (step.copy && (range.name === step.name) === step.frontShown) continue;
        // A limb strip follows its limb's path and normal whichever way the shopper faces: never mirrored.
        report.foldedTriangles += countFolded(rest, 2, out, 3, this.mesh.indices, range.firstIndex / 3, range.indexCount / 3);
      }
    }
    const u = this.underarm;
    if (u) {
      for (let j = 0; j < u.sources.length; j++) {
        const from = 3 * u.sources[j]!;
        const to = 3 * (u.first + j);
        out[to] = out[from]!;
        out[to + 1] = out[from + 1]!;
        out[to + 2] = out[from + 2]!;
      }
    }
    return report;
  }

  /** Lays the skirt's frame on this fit's anchor targets and reads the person mask down it (see skirt-silhouette.ts). */
  private measureSkirt(skirt: SkirtPart, lm: ArrayLike<number>, cmPerPx: number): void {
    const t = this.targetsPx;
    const f = this.skirtFrame;
    const [lw, rw, lh, rh, le, re] = skirt.slots;
    const span = (l: number, r: number): number => Math.hypot(t[2 * l]! - t[2 * r]!, t[2 * l + 1]! - t[2 * r + 1]!) || 1;
    const hipSpanPx = span(lh, rh);
    const hemSpanPx = span(le, re);
    const waistSpanPx = span(lw, rw);
    f.hipX = (t[2 * lh]! + t[2 * rh]!) / 2;
    f.hipY = (t[2 * lh + 1]! + t[2 * rh + 1]!) / 2;
    f.hipAx = (t[2 * lh]! - t[2 * rh]!) / hipSpanPx;
    f.hipAy = (t[2 * lh + 1]! - t[2 * rh + 1]!) / hipSpanPx;
    f.hemX = (t[2 * le]! + t[2 * re]!) / 2;
    f.hemY = (t[2 * le + 1]! + t[2 * re + 1]!) / 2;
    f.hemAx = (t[2 * le]! - t[2 * re]!) / hemSpanPx;
    f.hemAy = (t[2 * le + 1]! - t[2 * re + 1]!) / hemSpanPx;
    f.waistX = (t[2 * lw]! + t[2 * rw]!) / 2;
    f.waistY = (t[2 * lw + 1]! + t[2 * rw + 1]!) / 2;
    f.waistAx = (t[2 * lw]! - t[2 * rw]!) / waistSpanPx;
    f.waistAy = (t[2 * lw + 1]! - t[2 * rw + 1]!) / waistSpanPx;
    // The skirt's hip width is the picture's, at the scale its hip anchors were drawn at.
    f.hipHalfPx = (skirt.restHipWidthPx / 2) * (hipSpanPx / skirt.restHipSpanPx);
    f.hemHalfPx = hemSpanPx / 2;
    f.waistHalfPx = waistSpanPx / 2;
    this.enclosure.measure(f, this.personMask!, lm, cmPerPx, this.armCapsules);
  }

  private fitLimb(step: LimbStep, lm: ArrayLike<number>, worldM: ArrayLike<number> | null, cmPerPx: number, across: number, along: number, out: Float32Array): void {
    const t = this.targetsPx;
    const path = this.path;
    const knots = this.bodyKnots;
    const restKnots = this.restKnotsScratch;
    const left = step.side === 'left';
    let endAcross = across;
    let knotCount: number;
    if (step.limb === 'bone') {
      // An older two-anchor `bone` part: straight from one anchor's target to the other's.
      const a = step.anchorSlots[0]!;
      const b = step.anchorSlots[1]!;
      path.set(t[2 * a]!, t[2 * a + 1]!, 0, 0, t[2 * b]!, t[2 * b + 1]!, false);
      knots[0] = 0;
      knots[1] = path.length;
      restKnots[0] = 0;
      restKnots[1] = step.restKnots[1]!;
      knotCount = 2;
      // A trouser's thigh or shin part narrows to the leg opening at the hem like a one-strip leg.
      if (step.legSeat || step.legFromPx > 0) endAcross = legOpeningPxPerImagePx(this.scale, cmPerPx) ?? across;
    } else {
      const sleeve = step.limb === 'sleeve';
      const j0 = sleeve ? (left ? L.leftShoulder : L.rightShoulder) : left ? L.leftHip : L.rightHip;
      const j1 = sleeve ? (left ? L.leftElbow : L.rightElbow) : left ? L.leftKnee : L.rightKnee;
      const j2 = sleeve ? (left ? L.leftWrist : L.rightWrist) : left ? L.leftAnkle : L.rightAnkle;
      // A sleeve starts where the torso put the garment's shoulder, a leg where the pelvis put its hip (so the
      // parts meet however big the garment is), then both follow the limb's joints.
      const startSlot = step.anchorSlots[0]!;
      const sx = t[2 * startSlot]!;
      const sy = t[2 * startSlot + 1]!;
      // A two-anchor sleeve (short) lies on the upper arm: a straight path to the elbow, continued straight on if
      // the sleeve is longer (a wide short sleeve bent round an elbow would fold over itself).
      const bent = step.anchorCount === 3;
      if (!sleeve) {
        const hem = legOpeningPxPerImagePx(this.scale, cmPerPx);
        if (hem !== null) endAcross = hem;
      }
      path.set(sx, sy, lm[2 * j1]!, lm[2 * j1 + 1]!, bent ? lm[2 * j2]! : lm[2 * j1]!, bent ? lm[2 * j2 + 1]! : lm[2 * j1 + 1]!, bent, step.maxHalfPx * Math.max(across, endAcross));
      const l1 = path.firstLength;
      const l2 = path.length - l1;
      // The limb's real segment lengths say how far along it a length in cm reaches. A segment pointing at the
      // camera looks short, and both arms (legs) are equally long: the longer-looking side, at the body's scale.
      // (World landmarks' depth was tried for foreshortening and is too noisy on the mirror clip: cuffs wandered.)
      const k0 = mirrorSide(j0);
      const k1 = mirrorSide(j1);
      const k2 = mirrorSide(j2);
      const seg1Cm = Math.max(dist2(lm, j0, j1), dist2(lm, k0, k1)) * cmPerPx;
      const seg2Cm = Math.max(dist2(lm, j1, j2), dist2(lm, k1, k2)) * cmPerPx;
      let endCm: number | null = null;
      if (sleeve) {
        endCm = this.scale.sleeveCm;
      } else if (this.scale.inseamCm !== null) {
        // An inseam runs from the crotch, which lies (1 − INSEAM_OF_LEG) of the shopper's hip → ankle leg below the
        // hip joint (their own inseam is INSEAM_OF_LEG of it): a full-length leg ends at the ankle, shorts on the thigh.
        endCm = this.scale.inseamCm + (1 - INSEAM_OF_LEG) * (seg1Cm + seg2Cm);
      } else if (this.scale.lengthCm !== null) {
        // Outseam minus the waistband's drop to the hip joint (the picture's, at true size).
        const a = this.asset.anchorsPx;
        const dropPx = a.leftWaist && a.leftHip ? Math.hypot(a.leftWaist[0] - a.leftHip[0], a.leftWaist[1] - a.leftHip[1]) * along : 0;
        endCm = this.scale.lengthCm - dropPx * cmPerPx;
      }
      let end: number;
      if (endCm === null) {
        end = sleeve && step.anchorCount === 2 ? SHORT_SLEEVE_OF_UPPER_ARM * l1 : l1 + l2;
      } else if (endCm <= seg1Cm || !bent) {
        end = (Math.max(0, endCm) / (seg1Cm || 1)) * l1;
      } else {
        end = l1 + Math.min((endCm - seg1Cm) / (seg2Cm || 1), 1 + MAX_PAST_END) * l2;
      }
      const own = sleeve && !bent ? this.ownSleeves?.[step.side] : null;
      if (own !== null && own !== undefined) end = coveringSleeveEndPx(end, own, sx, sy, lm, j0, j1, cmPerPx);
      // Where the garment ends on the body (`end`) is where its cloth ends in the picture for a leg with a chart
      // inseam (shorts end on the thigh, well before their knee and ankle anchors: the silhouette's hem, else the
      // strip's end); else where its last anchor is.
      const restEnd = !sleeve && this.scale.inseamCm !== null ? (this.silhouette?.legHemAlongPx ?? step.restEndPx) : step.restKnots[step.anchorCount - 1]!;
      if (step.anchorCount === 3 && end > l1 * 1.02 && restEnd > step.restKnots[1]! * 1.02) {
        knots[0] = 0;
        knots[1] = l1;
        knots[2] = end;
        restKnots[0] = 0;
        restKnots[1] = step.restKnots[1]!;
        restKnots[2] = restEnd;
        knotCount = 3;
      } else {
        knots[0] = 0;
        knots[1] = end;
        restKnots[0] = 0;
        restKnots[1] = restEnd;
        knotCount = 2;
      }
    }
    // A trouser leg's inner edge runs from the crotch seam, on the garment's centre line: where the shopper's hips or
    // knees draw the leg's centre line away from it, the inner side reaches the centre line down to the crotch (the
    // picture's seat depth), then narrows back to the picture's width by the knee or the hem (no gap opens under the
    // seat).
    let innerSign = 0;
    let cx = 0;
    let cy = 0;
    let hx = 0;
    let hy = 0;
    // By the knee, or by the hem for shorts ending above it (never wider than the leg opening there).
    const fadeEndPx = Math.min(step.restKnots[1]!, step.legHemPx - step.legFromPx);
    const p = this.pointScratch;
    const trouserLeg = this.category === 'trousers' && (step.limb === 'leg' || step.legSeat || step.legFromPx > 0);
    if ((step.legSeat || trouserLeg) && this.hipSlots) {
      const [li, ri] = this.hipSlots;
      cx = (t[2 * li]! + t[2 * ri]!) / 2;
      cy = (t[2 * li + 1]! + t[2 * ri + 1]!) / 2;
      const hl = Math.hypot(t[2 * li]! - t[2 * ri]!, t[2 * li + 1]! - t[2 * ri + 1]!) || 1;
      hx = (t[2 * li]! - t[2 * ri]!) / hl;
      hy = (t[2 * li + 1]! - t[2 * ri + 1]!) / hl;
      path.point(0, 0, 0, p, 0);
      path.point(1, 0, 0, p, 2);
      const ux = p[2]! - p[0]!;
      const uy = p[3]! - p[1]!;
      innerSign = Math.sign((cx - p[0]!) * -uy + (cy - p[1]!) * ux);
      const otherHip = step.side === 'left' ? ri : li;
      const otherKnee = step.side === 'left' ? L.rightKnee : L.leftKnee;
      const o = this.otherLegPx;
      o[0] = t[2 * otherHip]!;
      o[1] = t[2 * otherHip + 1]!;
      o[2] = lm[2 * otherKnee]!;
      o[3] = lm[2 * otherKnee + 1]!;
    }
    const crotch = step.legSeat && innerSign !== 0;
    // Worn over the shopper's own clothes, a trouser leg encloses them (cloth cannot pass through cloth): from the seat
    // to the knee its cloth is never narrower than the person mask's leg there (their leg and what they wear on it:
    // shorts, a skirt), its inner side reaching at most where the other leg's cloth begins (the garment's centre line
    // at the seat, half-way to the other leg below it: see legExtentsPx).
    // Below the knee it eases back to its own cut by the hem (a shopper's shorts or skirt end above the knee, and the
    // leg itself there is narrower than any trouser's knee; the feet under the hem are not enclosed). Below the crotch,
    // where each leg is a tube of its own, the outer side hangs straight down from the widest thing it covers to the
    // knee (gravity: nothing pulls it in under the hem of the shorts; without this it stepped in there, jodhpur-like).
    // The inner side follows the mask: where the shopper's legs part, the room behind shows between them, in the
    // mirror as in the picture (hanging it straight covered that gap from the crotch down on the mirror clip). Where
    // the legs touch, the mask reaches the divide, so the crotch lies where the legs part in the picture. A slim
    // shopper in slim trousers keeps the chart's width: the silhouette only widens what it is wider than.
    const mask = trouserLeg && innerSign !== 0 ? this.personMask : null;
    const sleeveSide = this.sleeveMask ? step.outerSide : null;
    sleeveSide?.fit(this.sleeveMask!, path, restKnots, knots, knotCount, path.firstLength, step.side, lm, cmPerPx, across, this.armCapsules);
    // Where the knee is on the strip (rest px along it) and on the body's path (px).
    const kneeRestPx = step.legFromPx > 0 ? 0 : step.restKnots[1]!;
    const kneeBodyPx = step.legFromPx > 0 ? 0 : step.limb === 'leg' ? path.firstLength : path.length;
    const hemRestPx = step.legHemPx - step.legFromPx;
    const topRestPx = step.alongPx[0]!;
    const sideSlot = step.side === 'left' ? 0 : 2;
    const shin = step.legFromPx > 0;
    let kneeInnerPx = 0;
    let kneeOuterPx = 0;
    if (mask) {
      if (shin && !Number.isNaN(this.kneeWornPx[sideSlot]!)) {
        // The thigh above has hung its cloth down to the knee: the shin goes on from there.
        kneeInnerPx = this.kneeWornPx[sideSlot]!;
        kneeOuterPx = this.kneeWornPx[sideSlot + 1]!;
      } else {
        this.legExtentsPx(kneeBodyPx, innerSign, cx, cy, hx, hy, true, this.extentsScratch);
        kneeInnerPx = this.extentsScratch[0]!;
        kneeOuterPx = this.extentsScratch[1]!;
      }
    }
    let rowS = Number.NaN;
    let wornInnerPx = 0;
    let wornOuterPx = 0;
    // A bent limb's crook takes its cloth from the segments either side (crookUv); straight, every uv is the rest's.
    const bentInner = path.innerSide;
    if (bentInner === 0 && step.uvsMoved) {
      const first = 2 * step.firstVertex;
      this.mesh.uvs.set(this.restUvs.subarray(first, first + 2 * step.vertexCount), first);
    }
    // The widest the leg's outer side has covered since the crotch (rows run down the leg).
    let hungOuterPx = 0;
    for (let k = 0; k < step.vertexCount; k++) {
      const s = step.alongPx[k]!;
      const f = Math.min(1, Math.max(0, (step.legFromPx + s) / step.legHemPx));
      const scaleAcross = across + (endAcross - across) * f;
      let acrossPx = step.acrossPx[k]! * scaleAcross;
      let halfPx = step.halfPx[k]! * scaleAcross;
      const sBody = mapAlong(s, restKnots, knots, knotCount);
      let innerHalfPx = halfPx;
      if (crotch && s < fadeEndPx) {
        // The row's centre, its distance from the garment's centre line (across the hip line), less its inner half;
        // the strip widens along its own normal, which crosses the centre line at a slant.
        path.point(sBody, 0, 0, p, 0);
        path.point(sBody + 1, 0, 0, p, 2);
        const slant = Math.abs(-(p[3]! - p[1]!) * hx + (p[2]! - p[0]!) * hy) / (Math.hypot(p[2]! - p[0]!, p[3]! - p[1]!) || 1);
        const gapPx = Math.abs((p[0]! - cx) * hx + (p[1]! - cy) * hy) / Math.max(slant, 0.5) - halfPx;
        const fade = s <= this.crotchRestPx ? 1 : Math.max(0, (fadeEndPx - s) / Math.max(1e-6, fadeEndPx - this.crotchRestPx));
        innerHalfPx += Math.max(0, gapPx) * fade;
      }
      let outerHalfPx = halfPx;
      if (mask) {
        if (s !== rowS) {
          rowS = s;
          if (s >= kneeRestPx || shin) {
            if (!shin) kneeOuterPx = Math.max(kneeOuterPx, hungOuterPx);
            const ease = hemRestPx > kneeRestPx ? Math.max(0, Math.min(1, 1 - (s - kneeRestPx) / (hemRestPx - kneeRestPx))) : 0;
            wornInnerPx = kneeInnerPx * ease;
            wornOuterPx = kneeOuterPx * ease;
          } else {
            // Above the seat (the strip's rows under the waistband) the silhouette is the shopper's top and arms: the
            // seat's width, easing back to the cut at the strip's top, where the waistband takes over.
            const above = sBody < 0;
            this.legExtentsPx(above ? 0 : sBody, innerSign, cx, cy, hx, hy, s >= this.crotchRestPx, this.extentsScratch);
            const ease = above ? Math.max(0, Math.min(1, (s - topRestPx) / Math.max(1e-6, -topRestPx))) : 1;
            wornInnerPx = this.extentsScratch[0]! * ease;
            wornOuterPx = this.extentsScratch[1]! * ease;
            if (s >= this.crotchRestPx) hungOuterPx = wornOuterPx = Math.max(hungOuterPx, wornOuterPx);
          }
        }
        // The cloth's edge, not the strip's, goes to the silhouette's (see clothShares).
        innerHalfPx = Math.max(innerHalfPx, wornInnerPx / (step.clothInner?.[k] ?? 1));
        outerHalfPx = Math.max(outerHalfPx, wornOuterPx / (step.clothOuter?.[k] ?? 1));
      }
      if (innerHalfPx > halfPx || outerHalfPx > halfPx) {
        // Each side stretched to its own half-width, linearly in the rest offset (so rows never fold).
        const share = Math.abs(step.acrossPx[k]!) / (step.halfPx[k]! || 1);
        if (acrossPx * innerSign > 0) acrossPx = innerSign * share * innerHalfPx;
        else if (acrossPx !== 0) acrossPx = -innerSign * share * outerHalfPx;
        halfPx = Math.max(innerHalfPx, outerHalfPx);
      }
      if (sleeveSide) {
        acrossPx = sleeveSide.across(k, acrossPx, halfPx);
        halfPx = sleeveSide.half(k, halfPx);
      }
      path.point(sBody, acrossPx, halfPx, out, 3 * (step.firstVertex + k));
      if (bentInner !== 0) this.crookUv(step, k, acrossPx, out, knots, restKnots, knotCount, bentInner);
    }
    if (bentInner !== 0 || step.uvsMoved) this.uvsChangedByFit = true;
    step.uvsMoved = bentInner !== 0;
    if (mask && !shin) {
      this.kneeWornPx[sideSlot] = kneeInnerPx;
      this.kneeWornPx[sideSlot + 1] = Math.max(kneeOuterPx, hungOuterPx);
    }
    const copy = step.copy;
    // Show the upper rows over the torso (the copy) or under it (the strip's own): see SleeveCopy.
    if (copy) step.frontShown = sleeveOverTorso(step.side, lm, worldM);
    // Seen from behind the torso is drawn mirrored and the strip is not: no seam to bend the cap round (clipsTurned).
    const cap = this.report.backView ? null : step.cap;
    if (cap) this.holdCap(step, cap, out);
    if (copy) {
      // Collapse the rows not shown onto the elbow row.
      const row = copy.columns + 1;
      const hiddenFirst = step.firstVertex + (step.frontShown ? 0 : copy.first);
      const hiddenCount = step.frontShown ? copy.splitRow * row : copy.count;
      const elbowRow = step.firstVertex + copy.splitRow * row;
      for (let k = 0; k < hiddenCount; k++) {
        const v = 3 * (hiddenFirst + k);
        const e = 3 * (elbowRow + (k % row));
        out[v] = out[e]!;
        out[v + 1] = out[e + 1]!;
      }
    }
  }

  /**
   * Blends a sleeve just placed on the arm (`out`) towards where the torso's spline puts its cloth, by each vertex's
   * arm weight ({@link SleeveCap}), holding it less where that folds the sleeve's shown triangles: an arm raised far
   * from the picture's angle turns the sleeve more than its cap can bend round (at no hold, the arm's place alone).
   */
  private holdCap(step: LimbStep, cap: SleeveCap, out: Float32Array): void {
    cap.spline.apply(cap.torso.targets, cap.torsoPx, 0, 2, this.torsoBend);
    for (let i = 0; i < cap.held.length; i++) {
      const o = 3 * (step.firstVertex + cap.held[i]!);
      cap.armPx[2 * i] = out[o]!;
      cap.armPx[2 * i + 1] = out[o + 1]!;
    }
    for (const hold of CAP_HOLD_STEPS) {
      for (let i = 0; i < cap.held.length; i++) {
        const k = cap.held[i]!;
        const w = 1 - hold * (1 - cap.armWeight[k]!);
        const o = 3 * (step.firstVertex + k);
        out[o] = cap.torsoPx[2 * i]! + w * (cap.armPx[2 * i]! - cap.torsoPx[2 * i]!);
        out[o + 1] = cap.torsoPx[2 * i + 1]! + w * (cap.armPx[2 * i + 1]! - cap.torsoPx[2 * i + 1]!);
      }
      if (hold === 0) break;
      let folded = 0;
      for (const range of step.ranges) {
        if (step.copy && (range.name === step.name) === step.frontShown) continue;
        folded += countFolded(this.mesh.restPx, 2, out, 3, this.mesh.indices, range.firstIndex / 3, range.indexCount / 3);
      }
      if (folded === 0) break;
    }
  }

  /** Whether the last {@link fit} rewrote any of the mesh's `uvs` (a bent limb's crook): mark them for upload. */
  get uvsChanged(): boolean {
    return this.uvsChangedByFit;
  }

  /**
   * A bent limb's vertex `k` of `step`, just placed at `out`: on the bend's inner side, its uv becomes that of where
   * the spot lies on the upper or the lower segment's cloth (LimbPath.segmentCoordinates, back to the picture
   * through the fit's own along map and the vertex's across scale). The crook of a sharp bend is filled by rows
   * fanning out from the bend (LimbPath.point); with the rest pose's uvs a check or a stripe fanned out with them,
   * long lozenges radiating from the elbow. Read from the segments, the cloth keeps its scale and the two segments'
   * weave meets along the crease, as a sleeve's does where it folds. On a straight stretch the segment's coordinates
   * are the vertex's own, so its uv is the rest pose's.
   */
  private crookUv(step: LimbStep, k: number, acrossPx: number, out: Float32Array, knots: Float64Array, restKnots: Float64Array, knotCount: number, innerSide: number): void {
    const v = step.firstVertex + k;
    const uvs = this.mesh.uvs;
    if (acrossPx * innerSide <= 0) {
      uvs[2 * v] = this.restUvs[2 * v]!;
      uvs[2 * v + 1] = this.restUvs[2 * v + 1]!;
      return;
    }
    const seg = this.path.segmentCoordinates(out[3 * v]!, out[3 * v + 1]!, this.segmentScratch);
    const sRest = mapAlong(seg[0]!, knots, restKnots, knotCount);
    // No further out than the picture's cloth reaches on that side of the strip: a sleeve's or a trouser leg's cloth
    // is narrower than its strip in places, and past it the picture is transparent — read from there, the crook would
    // open again (the denim jacket's on COCO 459). A little inside the edge (its anti-aliased texels are half
    // transparent), or the vertex's own place if that is further out; a vertex past the cloth stays past it.
    const own = step.acrossPx[k]!;
    const share = (own * step.restOuterSign > 0 ? step.clothOuter?.[k] : step.clothInner?.[k]) ?? 1;
    const clothEdge = share * step.halfPx[k]!;
    const reach = Math.max(Math.abs(own), clothEdge - CROOK_EDGE_INSET_PX);
    const tRest = Math.abs(own) > clothEdge ? own : Math.sign(own) * Math.min(Math.abs(seg[1]! * (own / acrossPx)), reach);
    const pic = this.pictureScratch;
    step.restPath.point(sRest, tRest, Math.max(step.halfPx[k]!, Math.abs(tRest)), pic, 0);
    uvs[2 * v] = pic[0]! / this.asset.image.widthPx;
    uvs[2 * v + 1] = 1 - pic[1]! / this.asset.image.heightPx;
  }

  /**
   * The person mask's extent either side of the current leg path's point `sBody` px along it, camera px, into
   * `out[0]` (towards the other leg, at most to the garment's centre line, or below the crotch (`betweenLegs`) to the
   * divide between the legs) and `out[1]` (away from it, searched up to the hip joints' spacing: nothing worn on one
   * leg reaches past the other hip joint; 0 when no edge is found within it).
   */
  private legExtentsPx(sBody: number, innerSign: number, cx: number, cy: number, hx: number, hy: number, betweenLegs: boolean, out: Float64Array): void {
    const p = this.pointScratch;
    this.path.point(sBody, 0, 0, p, 0);
    this.path.point(sBody + 1, 0, 0, p, 2);
    const ux = p[2]! - p[0]!;
    const uy = p[3]! - p[1]!;
    const ul = Math.hypot(ux, uy) || 1;
    // The inner direction: the path's left-hand normal towards the centre line.
    const nx = (-uy / ul) * innerSign;
    const ny = (ux / ul) * innerSign;
    const x = p[0]!;
    const y = p[1]!;
    const slant = Math.abs(nx * hx + ny * hy);
    let toCentrePx = Math.abs((x - cx) * hx + (y - cy) * hy) / Math.max(slant, 0.5);
    if (betweenLegs) {
      // Below the crotch each leg is a tube of its own, and where they touch, each covers its side of the divide
      // half-way to the other leg's path: the pelvis' centre line, square to a tilted hip line, slants across the
      // thighs (on the mirror clip, with the hips 4° off level while running, 12 px off the divide by the knee, and
      // the shorts between the two lines were left bare).
      const o = this.otherLegPx;
      const dx = o[2]! - o[0]!;
      const dy = o[3]! - o[1]!;
      const det = ny * dx - nx * dy;
      if (Math.abs(det) > 1e-6 * Math.hypot(dx, dy)) {
        const reach = ((o[0]! - x) * -dy + (o[1]! - y) * dx) / det;
        if (reach > 0) toCentrePx = reach / 2;
      }
    }
    const mask = this.personMask!;
    out[0] = personExtentPx(mask, x, y, nx, ny, toCentrePx, this.armCapsules);
    const outerPx = personExtentPx(mask, x, y, -nx, -ny, this.hipJointsPx, this.armCapsules);
    // No edge within that reach: what the mask shows there is not one leg and what is worn on it (another person
    // standing against the shopper, a bag, a coat's skirt): the leg keeps its own cut on that side.
    out[1] = outerPx < this.hipJointsPx ? outerPx : 0;
  }
}

/**
 * A top's chest line, picture px `[lx, ly, rx, ry]`: half-way from the shoulder anchors to the waist anchors (where
 * the silhouette's chest width is measured), at the picture's chest edges (or under the shoulder anchors without a
 * silhouette). Empty for garments without shoulders and waist.
 */
function chestLinePointsPx(asset: GarmentAsset, silhouette: GarmentSilhouette | null): Float64Array {
  const a = asset.anchorsPx;
  if (isBottom(asset.category) || !a.leftShoulder || !a.rightShoulder || !a.leftWaist || !a.rightWaist) return new Float64Array(0);
  const cx = (a.leftShoulder[0] + a.rightShoulder[0] + a.leftWaist[0] + a.rightWaist[0]) / 4;
  const cy = (a.leftShoulder[1] + a.rightShoulder[1] + a.leftWaist[1] + a.rightWaist[1]) / 4;
  const span = Math.hypot(a.leftShoulder[0] - a.rightShoulder[0], a.leftShoulder[1] - a.rightShoulder[1]) || 1;
  const ux = (a.leftShoulder[0] - a.rightShoulder[0]) / span;
  const uy = (a.leftShoulder[1] - a.rightShoulder[1]) / span;
  const half = (silhouette?.chestWidthPx ?? span) / 2;
  return Float64Array.of(cx + ux * half, cy + uy * half, cx - ux * half, cy - uy * half);
}

/**
 * Where a limb part lies on its garment's leg, picture px: see LimbStep `legFromPx`, `legHemPx`. A leg's hem is where
 * its cloth ends on the path (the silhouette's `legHemAlongPx`: on the thigh for shorts), at most at the ankle anchor.
 */
function legSpanPx(asset: GarmentAsset, part: GarmentPart, silhouette: GarmentSilhouette | null, restKnots: Float64Array): { legFromPx: number; legHemPx: number } {
  const own = { legFromPx: 0, legHemPx: restKnots[restKnots.length - 1]! || 1 };
  const first = part.anchors[0]!;
  const side = first.startsWith('left') ? 'left' : 'right';
  const a = asset.anchorsPx;
  const hip = a[`${side}Hip`];
  const knee = a[`${side}Knee`];
  const ankle = a[`${side}Ankle`];
  if (!isBottom(asset.category) || !hip || !knee || !ankle || !(first.endsWith('Hip') || first.endsWith('Knee'))) return own;
  const thighPx = Math.hypot(knee[0] - hip[0], knee[1] - hip[1]);
  const legPx = thighPx + Math.hypot(ankle[0] - knee[0], ankle[1] - knee[1]);
  const hem = silhouette?.legHemAlongPx;
  return { legFromPx: first.endsWith('Knee') ? thighPx : 0, legHemPx: Math.max(1, hem != null && hem < legPx ? hem : legPx) };
}

/**
 * Below this share of a row's rest half-width, the picture shows too little cloth on that side of the leg to widen it
 * by (the tip of the crotch's wedge, a pair of shorts' rows below their hem): a row whose cloth is to reach the
 * shopper's silhouette is stretched at most 1 / this beyond it, so a sliver of cloth is never pulled into a band.
 */
const MIN_CLOTH_SHARE = 0.5;
/**
 * A sleeve's {@link MIN_CLOTH_SHARE}. A sleeve's anchors' path need not run down its middle: the tea dress's runs
 * 20 picture px inside its outer edge and 30 inside its inner one (36 % of the strip's half on the outer side).
 * Clamped to a half, the widening onto his own sleeve (SleeveOuterSide) took the cloth's edge to be 40 % further
 * out than it is and stopped that much short: his white T-shirt showed in a band down the outside of both upper
 * arms (15–21 % of the band on the mirror clip). A sleeve's widening is bounded on its own (9 cm from the path).
 */
const MIN_SLEEVE_CLOTH_SHARE = 0.25;

/**
 * Per vertex of a trouser leg's strip, the share of its row's rest half-width (`halfPx`) the picture's cloth fills on
 * the inner and the outer side, from the picture's leg edges (`edges`, measured down the leg from the hip anchor;
 * `legFromPx`: where the strip starts on that path), in [{@link MIN_CLOTH_SHARE}, 1]. The strip's quad is wider than
 * the cloth where the inseam slants in below the crotch (the jeans' inner side fills ≈ 0.75 of it at the knee):
 * stretching a side to the shopper's silhouette must bring the cloth's edge there, not the quad's. The right leg
 * mirrors the left. Null without edges.
 */
function clothShares(edges: LegEdges | null, legFromPx: number, alongPx: Float64Array, halfPx: Float64Array): { inner: Float64Array; outer: Float64Array } | null {
  if (!edges || edges.inner.length === 0) return null;
  return { inner: edgeShares(edges.inner, edges.stepPx, legFromPx, alongPx, halfPx), outer: edgeShares(edges.outer, edges.stepPx, legFromPx, alongPx, halfPx) };
}

/**
 * Per vertex of a strip, the share of its row's rest half-width (`halfPx`) that the cloth fills on one side, in
 * [{@link MIN_CLOTH_SHARE}, 1], from `values` (the cloth's reach on that side every `stepPx` px along the anchors'
 * path; `fromPx`: where the strip's path starts on it).
 */
function edgeShares(values: Float64Array, stepPx: number, fromPx: number, alongPx: Float64Array, halfPx: Float64Array, minShare = MIN_CLOTH_SHARE): Float64Array {
  const shares = new Float64Array(alongPx.length);
  const last = values.length - 1;
  for (let k = 0; k < alongPx.length; k++) {
    const f = Math.min(last, Math.max(0, (fromPx + alongPx[k]!) / stepPx));
    const i = Math.min(last - 1, Math.floor(f));
    const reach = i < 0 ? values[0]! : values[i]! + (values[i + 1]! - values[i]!) * (f - i);
    shares[k] = Math.min(1, Math.max(minShare, reach / (halfPx[k]! || 1)));
  }
  return shares;
}

/** The bottom edge of the part that holds a bottom's hip anchors (its pelvis: the crotch), below the hip anchors, px. */
function crotchBelowHipsPx(asset: GarmentAsset): number {
  const a = asset.anchorsPx;
  const pelvis = asset.parts.find((p) => p.mapping === 'tps' && p.anchors.includes('leftHip'));
  if (!pelvis || !a.leftHip || !a.rightHip) return 0;
  return Math.max(0, (pelvis.quadPx[2][1] + pelvis.quadPx[3][1]) / 2 - (a.leftHip[1] + a.rightHip[1]) / 2);
}

/**
 * The unit across a body line (left landmark − right landmark, picture px) into `out[o]`, `out[o + 1]`: the line's
 * direction turned to `sense` along the torso's perpendicular, leaning towards that perpendicular by how much shorter
 * the line is than `worldPx` (its length in the world at the picture's scale; 0: unknown, no lean).
 */
function acrossUnit(dx: number, dy: number, worldPx: number, perpX: number, perpY: number, sense: number, out: Float64Array, o: number): void {
  const flip = (dx * perpX + dy * perpY) * sense < 0 ? -1 : 1;
  const lean = Math.max(0, worldPx - Math.hypot(dx, dy));
  const x = flip * dx + sense * perpX * lean;
  const y = flip * dy + sense * perpY * lean;
  const n = Math.hypot(x, y);
  out[o] = n > 0 ? x / n : sense * perpX;
  out[o + 1] = n > 0 ? y / n : sense * perpY;
}

/**
 * How much further a worn short sleeve may reach than its cut to cover the shopper's own sleeve, cm: a T-shirt's
 * sleeve is cut 18–22 cm from the shoulder point and a size up adds ≈ 1 cm, so 5 cm is a longer or looser tee's own
 * sleeve under a shorter one (the mirror clip's: 1.5–3 cm below a size M's), not a long sleeve. An own sleeve ending
 * further down stays in view: stretching the garment that far would misstate its cut.
 */
export const MAX_SLEEVE_LENGTHEN_CM = 5;
/** How far past the own sleeve's hem the worn sleeve reaches, cm: over its hem band and the picture's blur there. */
export const OWN_HEM_COVER_CM = 0.7;

/**
 * A short sleeve's end along its path (px from the path's start at the garment's shoulder, `sx`, `sy`, straight to
 * the elbow landmark `j1`), moved down to cover the shopper's own sleeve, which ends `own` of the way from shoulder
 * landmark `j0` to `j1` (OwnSleeves): past its hem by {@link OWN_HEM_COVER_CM}, where that is at most
 * {@link MAX_SLEEVE_LENGTHEN_CM} past the cut's `end`; otherwise (and where the cut already covers it) `end`.
 */
export function coveringSleeveEndPx(end: number, own: number, sx: number, sy: number, lm: ArrayLike<number>, j0: number, j1: number, cmPerPx: number): number {
  const ex = lm[2 * j1]!;
  const ey = lm[2 * j1 + 1]!;
  const length = Math.hypot(ex - sx, ey - sy);
  if (!(length > 0) || !(cmPerPx > 0)) return end;
  // The own hem's point on the arm, measured along the sleeve's path.
  const hx = lm[2 * j0]! + own * (ex - lm[2 * j0]!);
  const hy = lm[2 * j0 + 1]! + own * (ey - lm[2 * j0 + 1]!);
  const target = ((hx - sx) * (ex - sx) + (hy - sy) * (ey - sy)) / length + OWN_HEM_COVER_CM / cmPerPx;
  return target > end && target <= end + MAX_SLEEVE_LENGTHEN_CM / cmPerPx ? target : end;
}

function dist2(p: ArrayLike<number>, a: number, b: number): number {
  return Math.hypot(p[2 * a]! - p[2 * b]!, p[2 * a + 1]! - p[2 * b + 1]!);
}

/** The same joint on the body's other side (BlazePose numbers left/right limb joints in pairs: odd left, even right). */
function mirrorSide(landmark: number): number {
  return landmark % 2 === 1 ? landmark + 1 : landmark - 1;
}

function dist3(p: ArrayLike<number>, a: number, b: number): number {
  return Math.hypot(p[3 * a]! - p[3 * b]!, p[3 * a + 1]! - p[3 * b + 1]!, p[3 * a + 2]! - p[3 * b + 2]!);
}

/**
 * A sleeve's cloth in its picture, as a signed distance in picture pixels (positive inside): outside its armhole (the
 * vertical through the shoulder joint's anchor: a set-in sleeve's seam runs down the front from the shoulder point,
 * and a garment picture stands upright; the demo tee's seam is within 6 px of it from the shoulder to the underarm) and
 * on the sleeve's side of its underarm edge (the quad's side from the lower of its two corners at the shoulder, the
 * underarm, to the cuff: a sleeve hangs from the shoulder in a garment picture, and which corner is which depends on
 * who laid the quad out). The sleeve's strip is as wide as its widest row from the shoulder down (`buildLimb`), so
 * it takes in the torso's cloth inside the armhole; drawn over the torso (an arm hanging along it), that cloth showed
 * as a box with straight edges on the chest.
 */
export function sleeveClothInside(quad: GarmentPart['quadPx'], shoulder: readonly [number, number]): (x: number, y: number) => number {
  const { outward, under, normal } = sleeveLines(quad, shoulder);
  return (x, y) => Math.min(outward * (x - shoulder[0]), (x - under[0]) * normal[0] + (y - under[1]) * normal[1]);
}

/**
 * The lines a sleeve's cloth lies between (see {@link sleeveClothInside}): which way is out from the shoulder's
 * vertical, and the underarm edge — its start (the lower of the quad's two corners at the shoulder), its unit
 * direction towards the cuff, and its unit normal towards the sleeve's cloth.
 */
function sleeveLines(quad: GarmentPart['quadPx'], shoulder: readonly [number, number]): { outward: number; under: readonly [number, number]; along: [number, number]; normal: [number, number] } {
  const [under, cuffInner] = quad[3][1] >= quad[0][1] ? [quad[3], quad[2]] : [quad[0], quad[1]];
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  // The sleeve's side of each line is the side the quad's middle is on.
  const outward = cx >= shoulder[0] ? 1 : -1;
  const len = Math.hypot(cuffInner[0] - under[0], cuffInner[1] - under[1]) || 1;
  const along: [number, number] = [(cuffInner[0] - under[0]) / len, (cuffInner[1] - under[1]) / len];
  const sign = (cx - under[0]) * -along[1] + (cy - under[1]) * along[0] >= 0 ? 1 : -1;
  return { outward, under, along, normal: [-sign * along[1], sign * along[0]] };
}

/**
 * How far from the seam that joins it to the torso a sleeve's cloth goes where the arm goes, as a share of the
 * sleeve's rest length (shoulder to its first knot: a short sleeve's cuff, a long one's elbow); nearer, it goes with
 * the torso it is sewn to, as a sleeve cap bends over the shoulder. 0.4 of a tee's sleeve is ≈ 8 cm: the cap's depth.
 */
export const SLEEVE_CAP_BLEND = 0.4;
/**
 * How far from the shoulder anchor the seam holds the sleeve to the torso, as a share of the sleeve's rest length:
 * round the shoulder point (a quarter of a tee's sleeve from the anchor) mostly; by the underarm (≈ 0.9) not at all,
 * where the arm turning from the picture's angle would fold the cloth between them (the torso fills the underarm:
 * {@link UNDERARM_FILL}). Holding it fully further down folded the made-up bodies' raised arms.
 */
export const SLEEVE_CAP_PIN = 0.8;
/**
 * How far a sleeve's cut reaches past its seam with the torso, picture px: each edge is anti-aliased, and two
 * half-covered edges on one line let the camera through as a hairline; overlapping by a pixel, where both draw the
 * same cloth in the same place (the cap goes with the torso there), closes it.
 */
export const SEAM_OVERLAP_PX = 1;
/**
 * How far the torso's cut reaches past the seam into the sleeve's cloth, picture px (≈ 0.8 cm on a tee): where the
 * shoulder line crosses the seam the cap, a fifth of the way to following the arm, leaves a notch of that size in the
 * garment's outline (the mirror clip's frame 85); the torso's own drawing of that cloth fills it.
 */
export const TORSO_SEAM_OVERLAP_PX = 4;
/**
 * How far round the underarm's end the torso draws the sleeve's cloth too, as a share of the sleeve's rest length:
 * the picture's V between the sleeve's underside and the torso's side, which the arm coming down closes.
 */
export const UNDERARM_FILL = 0.35;

/** Name suffix of the torso's copy of its cloth round the underarms ({@link UNDERARM_FILL}). */
const UNDERARM_COPY = ':underarm';

/**
 * The torso's triangles the underarm's fill reaches (a vertex whose cut it moves out: `filled` > `own`, per torso
 * vertex), as a copy: each used torso vertex once (`sources`, absolute), the triangles renumbered onto the copy's
 * vertices from `copyFirst` on.
 */
function underarmFill(torsoIndices: Uint32Array, torsoFirst: number, own: Float32Array, filled: Float32Array, copyFirst: number): { sources: Int32Array; indices: Uint32Array } {
  const copyOf = new Map<number, number>();
  const picked: number[] = [];
  for (let i = 0; i < torsoIndices.length; i += 3) {
    let reached = false;
    for (let j = 0; j < 3; j++) {
      const k = torsoIndices[i + j]! - torsoFirst;
      if (filled[k]! > own[k]!) reached = true;
    }
    if (!reached) continue;
    for (let j = 0; j < 3; j++) {
      const v = torsoIndices[i + j]!;
      if (!copyOf.has(v)) copyOf.set(v, copyFirst + copyOf.size);
      picked.push(copyOf.get(v)!);
    }
  }
  return { sources: Int32Array.from(copyOf.keys()), indices: Uint32Array.from(picked) };
}

/**
 * A sleeve's {@link SleeveCap}: each vertex's arm weight from its distance to the `seam` (sleeveSeam) and the torso's
 * spline over the rest vertices the torso holds at all (arm weight under 1: about half a short sleeve's).
 */
function sleeveCap(torso: TpsStep, torsoSource: Float64Array, rest: Float64Array, shoulder: readonly [number, number], seam: SleeveSeamPx, restKnots: Float64Array): SleeveCap {
  const n = rest.length / 2;
  const armWeight = new Float64Array(n);
  const { cornerX: cx, cornerY: cy, endX: ex, endY: ey } = seam;
  const blendPx = SLEEVE_CAP_BLEND * (restKnots[1]! || 1);
  const pinPx = SLEEVE_CAP_PIN * (restKnots[1]! || 1);
  const held: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = rest[2 * k]!;
    const y = rest[2 * k + 1]!;
    // The vertical above the corner, then the segment along the underarm edge.
    const toVertical = y <= cy ? Math.abs(x - shoulder[0]) : Math.hypot(x - cx, y - cy);
    const toUnder = distanceToSegment(x, y, cx, cy, ex, ey);
    // Pinned to the torso along the seam only round the shoulder point, where the torso and the arm put the cloth
    // nearly alike (both hang it from the shoulder anchor): further down the seam the arm's turn would fold it.
    const u = Math.min(1, Math.min(toVertical, toUnder) / blendPx);
    const r = Math.min(1, Math.hypot(x - shoulder[0], y - shoulder[1]) / pinPx);
    armWeight[k] = 1 - (1 - u * u * (3 - 2 * u)) * (1 - r * r * (3 - 2 * r));
    if (armWeight[k]! < 1) held.push(k);
  }
  const heldRest = Float64Array.from(held.flatMap((k) => [rest[2 * k]!, rest[2 * k + 1]!]));
  const spline = new ThinPlateSpline(torsoSource, heldRest);
  return { torso, spline, held: Int32Array.from(held), armWeight, torsoPx: new Float64Array(2 * held.length), armPx: new Float64Array(2 * held.length) };
}

/**
 * Where a sleeve is sewn to the torso in its picture: down the armhole's vertical through the shoulder anchor to the
 * corner where it meets the underarm edge ({@link sleeveClothInside}), then along that edge to its end at the torso's
 * side (`sideXPx`, picture x; without it, the corner).
 */
interface SleeveSeamPx {
  cornerX: number;
  cornerY: number;
  endX: number;
  endY: number;
}

function sleeveSeam(quad: GarmentPart['quadPx'], shoulder: readonly [number, number], sideXPx: number): SleeveSeamPx {
  const { under, along } = sleeveLines(quad, shoulder);
  const cornerT = Math.abs(along[0]) > 1e-9 ? (shoulder[0] - under[0]) / along[0] : 0;
  const endT = Number.isFinite(sideXPx) && Math.abs(along[0]) > 1e-9 ? Math.max(cornerT, (sideXPx - under[0]) / along[0]) : cornerT;
  return { cornerX: under[0] + along[0] * cornerT, cornerY: under[1] + along[1] * cornerT, endX: under[0] + along[0] * endT, endY: under[1] + along[1] * endT };
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
