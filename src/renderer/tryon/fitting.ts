import type * as THREE from 'three';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { LowPassFilter } from '../../shared/math/low-pass';
import { SLOTS_OF, type OutfitSlot, type Tuck } from '../../shared/outfit';
import { POSE_LANDMARK_COUNT, PoseLandmark, type PersonMask, type PoseFrame } from '../../shared/pose';
import { bodyCmPerPx } from '../../shared/sizing';
import type { StageSpansMs } from '../../shared/tryon';
import type { FabricKind } from '../../shared/fabric';
import { StoreLight } from '../cloth/store-light';
import type { BodyInput } from '../garment/rig';
import { isBottom } from '../garment/true-size';
import { Garment3dLayer } from '../scene/garment3d-layer';
import { GarmentLayer } from '../scene/garment-layer';
import { OccluderLayer, type NeckEdgePx } from '../scene/occluder-layer';
import { OwnHemCoverLayer } from '../scene/own-hem-cover-layer';
import { OwnTopCoverLayer } from '../scene/own-top-cover-layer';
import { PersonMaskTexture } from '../scene/person-mask-texture';
import { LandmarkTrack } from '../tracking/interpolate';
import { LegsOnPerson } from '../tracking/legs-on-person';
import { OwnHemTrack } from '../tracking/own-hem-track';
import { TorsoOnPerson } from '../tracking/torso-on-person';
import type { LoadedGarment3d } from './garment3d-loader';
import type { LoadedGarment } from './garment-loader';
import { drawOrder, putOn } from './outfit';

/** One rendered frame's check of the garment against the tracking (the e2e tests read these). */
export interface FitSample {
  renderMs: number;
  /** How the garment is worn: a warped 2D image or a posed 3D model. */
  kind: '2d' | '3d';
  /**
   * Largest distance of a garment shoulder (2D: the warped shoulder anchor; 3D: the drawn upper-arm bone) from the
   * tracked shoulder landmark, / frame width.
   */
  shoulderErrorOfWidth: number;
  /** 2D only: folded mesh triangles (0 for 3D). */
  foldedTriangles: number;
}

const FIT_LOG_SIZE = 240;
/**
 * Smoothing of the body's scale (cm per pixel) from frame to frame: the share of a new frame's estimate. The scale
 * changes only as the shopper walks nearer or further; per-frame noise would make the garment breathe.
 */
const SCALE_SMOOTHING = 0.15;
/** Shoulder-joint distance assumed when the engine gives no world landmarks, cm (adult median, ANSUR II − 5 cm). */
const FALLBACK_SHOULDER_JOINTS_CM = 36;

/**
 * Render orders of an outfit's layers: every garment's back parts (torso, upper sleeves, legs) in the outfit's
 * drawing order, then the shopper's forearms and hair, then every garment's front parts (lower sleeves; a 3D
 * garment's long sleeves) in the same order — so forearms are over every torso, and a jacket's
 * sleeve over the shirt's — then the hands once more, over a 2D garment's long sleeves ({@link HANDS_OVER_ORDER}).
 */
const BACK_ORDER_BASE = 10;
/** The cover of the shopper's own shorts under a shorter worn bottom: over the picture, under every garment. */
const OWN_HEM_COVER_ORDER = 5;
const OCCLUDER_ORDER = 20;
const FRONT_ORDER_BASE = 30;
/**
 * A 2D long sleeve is drawn at its chart length along the arm's path; a forearm pointing at the camera looks short,
 * and a fist swung across the body blurs past the wrist landmark, so its cuff lay over half of the fist (mirror frames
 * 45–65: 0.49–0.65 of the hand's keyed pixels under the oxford, 0.21–0.31 under the 3D oxford, whose arm stand-ins
 * keep the hands in front by depth). The hands are redrawn after every front part: a hand in front of the body is
 * in front of its own sleeve's cuff.
 */
export const HANDS_OVER_ORDER = FRONT_ORDER_BASE + 40;

/** How a garment is worn in the outfit. */
export interface WearOptions {
  /** The slots it fills. @default its kind's (`SLOTS_OF`; 3D: `['top']`) */
  slots?: readonly OutfitSlot[];
  /** @default 'out' */
  tuck?: Tuck;
  /**
   * The worn size's row of the garment's size chart (finished measurements in cm), for the rig to draw the
   * garment at its true size on the shopper's body scale. @default null (the garment is fitted to the body)
   */
  garmentCm?: GarmentMeasurementsCm | null;
  /** 3D: the product's fabric (shared/fabric.ts `fabricOf`). @default 'jersey' */
  fabric?: FabricKind;
}

/** One garment of the outfit and the layer that draws it. */
interface WornGarment {
  id: string;
  slots: readonly OutfitSlot[];
  tuck: Tuck;
  garmentCm: GarmentMeasurementsCm | null;
  layer: GarmentLayer | null;
  layer3d: Garment3dLayer | null;
}

/** What the outfit holds, innermost first (for the shop state, the debug hooks and the tests). */
export interface WornSummary {
  id: string;
  kind: '2d' | '3d';
  slots: readonly OutfitSlot[];
  tuck: Tuck;
  /** Render order of the garment's back parts (2D) or meshes (3D); later layers cover earlier ones. */
  renderOrder: number;
  /** The worn size's chart row it is drawn at, or null. */
  garmentCm: GarmentMeasurementsCm | null;
}

/**
 * The try-on stages of the frame: landmarks of the newest pose frames are interpolated (or briefly predicted)
 * to the moment being rendered, and the worn garments are fitted to them: a 2D garment (`wear`) is warped onto the
 * image landmarks, with the shopper's forearms, hands and hair redrawn over it; a 3D garment (`wear3d`) is posed
 * from the world landmarks and placed with the image landmarks. The garments form an outfit: one per slot (top,
 * bottom, outerwear), each with its own layer, drawn in the outfit's order (`drawOrder`). Owns the layers it
 * creates and the person-mask texture.
 */
export class Fitting {
  private readonly track = new LandmarkTrack(POSE_LANDMARK_COUNT * 2);
  private readonly worldTrack = new LandmarkTrack(POSE_LANDMARK_COUNT * 3);
  private readonly sampledPx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  private readonly sampledWorldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  private readonly anchorOut = new Float64Array(4);
  /** The pose's torso and legs checked against the person mask, each frame, before any garment reads them. */
  private readonly torso = new TorsoOnPerson();
  private readonly legs = new LegsOnPerson();
  /** Where the shopper's own sleeves end, from the engine's pose frames, smoothed. */
  private readonly ownSleeves = new OwnHemTrack();
  /** Where the shopper's own shorts or skirt end on their legs, from the engine's pose frames, smoothed. */
  private readonly ownLegHems = new OwnHemTrack();
  /** Where the shopper's own top ends over their bottoms, on each side of the torso, from the pose frames, smoothed. */
  private readonly ownTopHems = new OwnHemTrack();
  /** Hides their own shorts under a shorter worn bottom (made with the first garment). */
  private shortsCover: OwnHemCoverLayer | null = null;
  /** Hides their own top under a shorter worn top (made with the first garment). */
  private topCover: OwnTopCoverLayer | null = null;
  /** The body handed to the 2D rig each frame (its arrays are the sampled ones above). */
  private readonly body: BodyInput = { landmarksPx: this.sampledPx, worldM: null, cmPerPx: 0, personMask: null, ownSleeves: this.ownSleeves.current };
  /** The latest pose's person mask for the 2D rig (one object, refilled per pose frame; its mask borrowed from the pose). */
  private maskInput: { mask: PersonMask; frameWidthPx: number; frameHeightPx: number } | null = null;
  private latest: PoseFrame | null = null;
  /** The outfit, in the order the garments were put on (the last one is "the garment worn"). */
  private worn: WornGarment[] = [];
  /** The same garments in drawing order, innermost first (recomputed when the outfit changes). */
  private drawn: WornGarment[] = [];
  private occluder: OccluderLayer | null = null;
  /** The hands again, over the 2D garments' long sleeves (see {@link HANDS_OVER_ORDER}); made with the occluder. */
  private handsOver: OccluderLayer | null = null;
  /** This frame's 3D garments' neck edges, for the occluder (reused: no allocation per frame once grown). */
  private readonly neckEdges: NeckEdgePx[] = [];
  /** The 2D bottoms' drawn vertices this frame (borrowed from their rigs): the own-top region reaches no higher. */
  private readonly bottomsPx: Float32Array[] = [];
  /** The engine's person mask on the GPU (occluders, contact shadows and 3D garments sample it). */
  readonly mask = new PersonMaskTexture();
  /** The store's light estimated from the camera picture: lights the 3D garments, the 2D shading's reference. */
  readonly light = new StoreLight();
  private readonly fitLog: FitSample[] = [];
  private frameWidthPx = 1;
  /** Smoothed body scale, cm per camera pixel (0: none yet). */
  private cmPerPx = 0;
  private readonly cmPerPxFilter = new LowPassFilter(SCALE_SMOOTHING);
  private frameHeightPx = 1;
  /**
   * Where the last {@link stage} spent its time, ms: the store light, the garments (2D rig or 3D pose solve, hem),
   * the occluder. `atelier tryon --json` reports it so the stage's slow frames can be told apart (issue 14.5).
   */
  readonly stageSpansMs: StageSpansMs = { light: 0, lightPictureRead: 0, garments: 0, occluder: 0 };

  constructor(
    private readonly world: THREE.Object3D,
    private readonly videoTexture: THREE.Texture,
    /** Keep a log of per-frame fit checks (debug overlay and tests only: it allocates). */
    private readonly recordFits = false,
  ) {
    world.add(this.light.object);
  }

  /** Id of the garment put on last (2D: its asset id; 3D: the id given to `wear3d`), or null. */
  get wearing(): string | null {
    const last = this.worn.at(-1);
    return last ? (last.layer?.asset.id ?? last.layer3d?.id ?? null) : null;
  }

  /** The 2D layer of the garment put on last, or null (`atelier tryon` reads its rig's anchors for the fit figures). */
  get garmentLayer(): GarmentLayer | null {
    for (let i = this.worn.length - 1; i >= 0; i--) if (this.worn[i]!.layer) return this.worn[i]!.layer;
    return null;
  }

  /** The 3D layer of the garment put on last, or null. */
  get garment3dLayer(): Garment3dLayer | null {
    for (let i = this.worn.length - 1; i >= 0; i--) if (this.worn[i]!.layer3d) return this.worn[i]!.layer3d;
    return null;
  }

  /**
   * Whether the engine's person mask is drawn with: every worn garment samples it (occlusion, contact shadows, the
   * 2D rig's skirt enclosure). Nothing worn, nothing uses it — the frame pump then tells the engine to skip it.
   */
  get needsMask(): boolean {
    return this.worn.length > 0;
  }

  /** The arm-and-hair occluder, null before the first garment. */
  get wornOccluder(): OccluderLayer | null {
    return this.occluder ?? null;
  }

  /** Every occluder drawn over the garments (`atelier tryon`'s coverage pass blanks with them): none before the first garment. */
  get wornOccluders(): OccluderLayer[] {
    return [this.occluder, this.handsOver].filter((o): o is OccluderLayer => o !== null);
  }

  /** How the garment put on last is drawn, or null when none is worn. */
  get wearingKind(): '2d' | '3d' | null {
    const last = this.worn.at(-1);
    return last ? (last.layer ? '2d' : '3d') : null;
  }

  /** CPU time of the cloth worker's last steps, summed over the worn garments that move, ms. */
  get clothStepMs(): number {
    let ms = 0;
    for (const w of this.worn) ms += w.layer?.hem?.lastStepMs ?? w.layer3d?.hem?.lastStepMs ?? 0;
    return ms;
  }

  /** The outfit, innermost first. Allocates: not for the frame loop. */
  get outfit(): WornSummary[] {
    return this.drawn.map((w) => ({
      id: w.id,
      kind: w.layer ? '2d' : '3d',
      slots: w.slots,
      tuck: w.tuck,
      renderOrder: w.layer ? w.layer.object.renderOrder : (w.layer3d?.backOrder ?? 0),
      garmentCm: w.garmentCm,
    }));
  }

  /**
   * A new pose frame from the engine (landmarks normalised to the camera frame). Borrows `pose.mask.data` until
   * the next pose frame (uploaded to the GPU at the next render).
   */
  onPose(pose: PoseFrame, frameWidthPx: number, frameHeightPx: number): void {
    this.frameWidthPx = frameWidthPx;
    this.frameHeightPx = frameHeightPx;
    if (pose.landmarks.length < POSE_LANDMARK_COUNT) {
      this.track.clear();
      this.worldTrack.clear();
      this.legs.reset();
      this.torso.reset();
      this.ownSleeves.reset();
      this.ownLegHems.reset();
      this.ownTopHems.reset();
      this.latest = null;
      this.mask.update(null);
      this.body.personMask = null;
      return;
    }
    this.latest = pose;
    const px = this.sampledPx;
    pose.landmarks.forEach((l, i) => {
      px[2 * i] = l.x * frameWidthPx;
      px[2 * i + 1] = l.y * frameHeightPx;
    });
    this.track.push(pose.timestampMs, px);
    if (pose.worldLandmarks.length >= POSE_LANDMARK_COUNT) {
      const w = this.sampledWorldM;
      for (let i = 0; i < POSE_LANDMARK_COUNT; i++) {
        const l = pose.worldLandmarks[i]!;
        w[3 * i] = l.x;
        w[3 * i + 1] = l.y;
        w[3 * i + 2] = l.z;
      }
      this.worldTrack.push(pose.timestampMs, w);
    } else {
      this.worldTrack.clear();
    }
    this.ownSleeves.push(pose.ownSleeves);
    this.ownLegHems.push(pose.ownLegHems);
    this.ownTopHems.push(pose.ownTopHems);
    this.mask.update(pose.mask);
    if (pose.mask) {
      this.maskInput ??= { mask: pose.mask, frameWidthPx, frameHeightPx };
      this.maskInput.mask = pose.mask;
      this.maskInput.frameWidthPx = frameWidthPx;
      this.maskInput.frameHeightPx = frameHeightPx;
    }
    this.body.personMask = pose.mask ? this.maskInput : null;
  }

  /** No garment drawn this frame (nobody, or a pose not on the person); the room light still follows the picture. */
  private hideGarments(nowMs: number, picture: CanvasImageSource | null, W: number, H: number): void {
    this.light.update(nowMs, picture, W, H, this.cmPerPx);
    for (const w of this.drawn) {
      w.layer?.update(null, W, H);
      w.layer3d?.update(null, null, W, H);
    }
    this.occluder?.update(null, null, W, H);
    this.handsOver?.update(null, null, W, H);
    this.shortsCover?.update(null, this.ownLegHems.current, W, H);
    this.topCover?.update(null, this.ownTopHems.current, W, H);
  }

  /** Frame stage: landmarks at `nowMs` → garment. Allocation-free unless fits are recorded. */
  stage(nowMs: number): void {
    if (this.drawn.length === 0) return;
    const W = this.frameWidthPx;
    const H = this.frameHeightPx;
    const picture = this.videoTexture.image as CanvasImageSource | null;
    if (this.track.size === 0) {
      this.hideGarments(nowMs, picture, W, H);
      return;
    }
    this.track.sample(nowMs, this.sampledPx);
    // A pose whose torso is not on the person (two people's landmarks mixed) is no body to hang garments on: the
    // mirror shows the shopper as they are until it fits them again.
    if (!this.torso.check(this.sampledPx, this.body.personMask ?? null)) {
      this.hideGarments(nowMs, picture, W, H);
      return;
    }
    let worldM: Float64Array | null = null;
    if (this.worldTrack.size > 0) {
      this.worldTrack.sample(nowMs, this.sampledWorldM);
      worldM = this.sampledWorldM;
    }
    // A leg the pose put on somebody else (off the person mask) hangs from its hip instead, for every garment.
    this.legs.apply(this.sampledPx, worldM, this.body.personMask ?? null);
    // The forearms are redrawn over every garment. A 3D garment's own arm stand-ins hide the cloth behind an arm by
    // depth, but the depth is BlazePose's guess: a fist held in front of the chest is often placed inside the
    // cloth (on the mirror clip the runner's fists, in front of the T-shirt, were covered by the 3D tee); the
    // picture's own forearm, keyed by colour, is not a guess. A long sleeve round the forearm covers it again: it is
    // drawn once more after the occluder (issue 14: it left a bent forearm bare).
    let anyVisible = false;
    let forearms = false;
    // Issue 13.5: with a 2D bottom worn and no garment top or jacket, the shopper's own top hangs over the bottom's
    // waistband (a worn garment top or jacket follows the outfit's order instead).
    let bottom2d = false;
    // A 2D garment over the legs (a bottom or a dress): the shopper's own shorts under its hem are covered.
    let legs2d = false;
    // A garment top drawn (2D, or 3D and in view; not a jacket alone, under which the shopper's own top is the inner
    // layer): the shopper's own top under its hem is covered.
    let topDrawn = false;
    let garmentTop = false;
    let sleevedForearms2d = false;
    let visible3d = false;
    this.neckEdges.length = 0;
    this.bottomsPx.length = 0;
    // One body scale for every garment, 2D and 3D: each is drawn at its chart size through it.
    this.body.worldM = worldM;
    this.body.cmPerPx = this.smoothedCmPerPx(worldM);
    // After the body's scale: the room light's cells are sized on the body.
    const tLight = performance.now();
    this.light.update(nowMs, picture, W, H, this.body.cmPerPx);
    const tGarments = performance.now();
    const reference = this.light.referenceLuma;
    for (let i = 0; i < this.drawn.length; i++) {
      const w = this.drawn[i]!;
      if (w.slots.includes('top') || w.slots.includes('outerwear')) garmentTop = true;
      if (w.layer) {
        w.layer.update(this.body, W, H, reference, nowMs);
        anyVisible = true;
        forearms = true;
        if (isBottom(w.layer.asset.category)) {
          bottom2d = true;
          this.bottomsPx.push(w.layer.rig.mesh.positions);
        }
        if (isBottom(w.layer.asset.category) || w.layer.asset.category === 'dress') legs2d = true;
        if (w.slots.includes('top')) topDrawn = true;
        if (w.layer.sleevesCoverForearms) sleevedForearms2d = true;
        const edge = w.layer.neckEdge;
        if (edge) this.neckEdges.push(edge);
      } else if (w.layer3d) {
        w.layer3d.update(this.sampledPx, worldM, W, H, this.body.cmPerPx, reference, nowMs, this.body.personMask);
        if (w.layer3d.object.visible) anyVisible = forearms = visible3d = true;
        if (w.layer3d.object.visible && w.slots.includes('top')) topDrawn = true;
        if (w.layer3d.neckEdge.count > 0) this.neckEdges.push(w.layer3d.neckEdge);
      }
    }
    const tOccluder = performance.now();
    // (Hands too: a redrawn hand region, wider than the fist, showed the shopper's own clothes round it.)
    // A 2D garment's long sleeves are drawn over the occluder round the forearms, which are inside them: the
    // picture's forearm redrawn beside such a sleeve (the pose's forearm line lies a centimetre or two off the arm in
    // the picture, and a blurred arm looks wider) showed as a band of bare skin along it (the mirror clip, frame 60).
    // A 3D garment keeps them: its arm stand-ins are a guess of depth, the picture's forearm is not.
    const redrawForearms = forearms && !(sleevedForearms2d && !visible3d);
    // The hands are drawn before the fronts too: behind the wrist the hand's capsule redraws the end of the forearm
    // over the torso where a sleeve does not reach (the blazer's), which the hands' pass after the sleeves leaves out.
    this.occluder?.update(anyVisible ? this.sampledPx : null, worldM, W, H, {
      forearms: redrawForearms,
      hands: forearms,
      ownTop: bottom2d && !garmentTop,
      neckEdges: this.neckEdges,
      outlineBlends: !visible3d,
      ownTopOverPx: this.bottomsPx,
    });
    this.handsOver?.update(anyVisible && sleevedForearms2d ? this.sampledPx : null, worldM, W, H, { forearms: false, hands: forearms, outlineBlends: !visible3d, pass: 'over-sleeves' });
    this.shortsCover?.update(legs2d ? this.sampledPx : null, this.ownLegHems.current, W, H);
    this.topCover?.update(topDrawn ? this.sampledPx : null, this.ownTopHems.current, W, H);
    const spans = this.stageSpansMs;
    spans.light = tGarments - tLight;
    spans.lightPictureRead = this.light.pictureReadMs;
    spans.garments = tOccluder - tGarments;
    spans.occluder = performance.now() - tOccluder;
    if (this.recordFits) this.record(nowMs);
  }

  /**
   * Puts a 2D garment on, in its slots (replacing only what is worn there). Takes ownership of `garment.image` and `garment.backImage`
   * (closed on take-off). With `opts.garmentCm` (the worn size's chart row) it is drawn at that size on the
   * shopper's body scale; without, as a regular fit for the shopper (see renderer/garment/true-size.ts).
   */
  wear(garment: LoadedGarment, opts: WearOptions = {}): void {
    const layer = new GarmentLayer(garment.asset, garment.image, this.videoTexture, { measurements: opts.garmentCm ?? null, silhouette: garment.silhouette }, this.mask, garment.backImage, this.light.roomLight.uniforms);
    this.add({ id: garment.asset.id, slots: opts.slots ?? SLOTS_OF[garment.asset.category], tuck: opts.tuck ?? 'out', garmentCm: opts.garmentCm ?? null, layer, layer3d: null });
  }

  /**
   * Puts a 3D garment on, in its slots (replacing only what is worn there). Takes ownership of `garment.scene`
   * (its geometries and materials are disposed on take-off).
   * @throws Garment3dError when the model is not skinned to the humanoid skeleton (nothing changes then).
   */
  wear3d(garment: LoadedGarment3d, opts: WearOptions = {}): void {
    const layer3d = new Garment3dLayer(garment.id, garment.scene, this.videoTexture, this.mask, opts.garmentCm ?? garment.measurementsCm ?? null, opts.fabric);
    this.add({ id: garment.id, slots: opts.slots ?? ['top'], tuck: opts.tuck ?? 'out', garmentCm: opts.garmentCm ?? garment.measurementsCm ?? null, layer: null, layer3d });
  }

  private add(w: WornGarment): void {
    const { outfit, removed } = putOn(this.worn, w);
    for (const r of removed) this.remove(r);
    this.worn = outfit;
    if (w.layer) this.world.add(w.layer.object, w.layer.front);
    else if (w.layer3d) this.world.add(w.layer3d.object);
    this.reorder();
    this.fitLog.length = 0;
  }

  /** Takes off what is worn in `slot` (a dress comes off for either of its slots). */
  takeOffSlot(slot: OutfitSlot): void {
    const off = this.worn.filter((w) => w.slots.includes(slot));
    for (const w of off) this.remove(w);
    this.worn = this.worn.filter((w) => !off.includes(w));
    this.reorder();
  }

  /** Takes the whole outfit off. */
  takeOff(): void {
    for (const w of this.worn) this.remove(w);
    this.worn = [];
    this.reorder();
  }

  private remove(w: WornGarment): void {
    if (w.layer) {
      this.world.remove(w.layer.object, w.layer.front);
      w.layer.dispose();
    }
    if (w.layer3d) {
      this.world.remove(w.layer3d.object);
      w.layer3d.dispose();
    }
  }

  /**
   * Gives each layer its render order from the outfit's drawing order, 2D and 3D garments in one sequence (a 3D
   * jacket over a 2D shirt, a 2D jacket over a 3D shirt); a 3D garment's long sleeves are drawn again with the 2D
   * garments' fronts, over the forearms.
   */
  private reorder(): void {
    this.drawn = drawOrder(this.worn);
    let layers3d = 0;
    // The outermost 3D garment with long sleeves (drawn again over the forearms, garment3d/long-sleeves.ts).
    const lastSleeved3d = this.drawn.findLastIndex((w) => (w.layer3d?.front.length ?? 0) > 0);
    this.drawn.forEach((w, i) => {
      // A 2D garment under a 3D one with long sleeves (a blazer) keeps its lower sleeves under the 3D cloth too: the
      // 3D sleeves are skinned, not rigged like the 2D ones, and the shirt's forearm drawn after them lay over the
      // jacket's front. Under 3D trousers (a shirt tucked in) they stay over the forearms: nothing 3D covers those.
      w.layer?.setRenderOrders(BACK_ORDER_BASE + i, i < lastSleeved3d ? BACK_ORDER_BASE + i + 0.5 : FRONT_ORDER_BASE + i);
      w.layer3d?.setBackOrder(BACK_ORDER_BASE + i);
      w.layer3d?.setFrontOrder(FRONT_ORDER_BASE + i);
      // Among 3D garments the outfit's order is kept by depth: each over the ones before it.
      if (w.layer3d) w.layer3d.setOutfitLayer(layers3d++);
    });
    if (this.drawn.length > 0) {
      const occluder = this.occluderLayer();
      if (!occluder.object.parent) this.world.add(occluder.object);
      this.handsOver ??= new OccluderLayer(this.videoTexture, this.mask, HANDS_OVER_ORDER);
      if (!this.handsOver.object.parent) this.world.add(this.handsOver.object);
      this.shortsCover ??= new OwnHemCoverLayer(this.videoTexture, this.mask, OWN_HEM_COVER_ORDER);
      if (!this.shortsCover.object.parent) this.world.add(this.shortsCover.object);
      this.topCover ??= new OwnTopCoverLayer(this.videoTexture, this.mask, OWN_HEM_COVER_ORDER);
      if (!this.topCover.object.parent) this.world.add(this.topCover.object);
    } else {
      for (const o of [...this.wornOccluders, ...(this.shortsCover ? [this.shortsCover] : []), ...(this.topCover ? [this.topCover] : [])]) {
        this.world.remove(o.object);
        o.object.visible = false;
      }
    }
  }

  /** The shared arm-and-hair occluder, between the garments' back and front parts (created once). */
  private occluderLayer(): OccluderLayer {
    this.occluder ??= new OccluderLayer(this.videoTexture, this.mask, OCCLUDER_ORDER);
    return this.occluder;
  }

  /**
   * Draws the garments alone — without the 2D garments' contact shadows on the shopper and without the covers of the
   * shopper's own shorts and top, which are the picture's, not the garment's — or everything again (`atelier tryon`'s
   * coverage pass counts the garment's own pixels).
   */
  setGarmentsAlone(alone: boolean): void {
    for (const w of this.worn) if (w.layer) w.layer.contactShadow = !alone;
    if (this.shortsCover) this.shortsCover.enabled = !alone;
    if (this.topCover) this.topCover.enabled = !alone;
  }

  /** The cover of the shopper's own shorts under a shorter worn bottom, null before the first garment. */
  get ownShortsCover(): OwnHemCoverLayer | null {
    return this.shortsCover;
  }

  /** The cover of the shopper's own top under a shorter worn top, null before the first garment. */
  get ownTopCover(): OwnTopCoverLayer | null {
    return this.topCover;
  }

  /** Changes a worn 2D garment's size (its chart row; null: regular fit) without reloading it. */
  setSize(id: string, measurements: GarmentMeasurementsCm | null): void {
    for (const w of this.worn) {
      if (w.id !== id || !w.layer) continue;
      w.layer.rig.setMeasurements(measurements);
      w.garmentCm = measurements;
    }
  }

  /**
   * The body's scale for this frame, cm per camera pixel: `bodyCmPerPx` (the size advice's estimate) smoothed over
   * frames; from the shoulders' width and a typical adult's when there are no world landmarks.
   */
  private smoothedCmPerPx(worldM: Float64Array | null): number {
    const px = this.sampledPx;
    let now = worldM ? bodyCmPerPx(px, worldM, this.frameWidthPx, this.frameHeightPx) : null;
    if (now === null) {
      const shoulderPx = Math.hypot(px[2 * PoseLandmark.leftShoulder]! - px[2 * PoseLandmark.rightShoulder]!, px[2 * PoseLandmark.leftShoulder + 1]! - px[2 * PoseLandmark.rightShoulder + 1]!);
      now = shoulderPx > 1 ? FALLBACK_SHOULDER_JOINTS_CM / shoulderPx : this.cmPerPx || 1;
    }
    this.cmPerPx = this.cmPerPxFilter.apply(now);
    return this.cmPerPx;
  }

  /** The person left: forget their motion so the next shopper does not inherit it. */
  reset(): void {
    this.cmPerPx = 0;
    this.cmPerPxFilter.reset();
    this.track.clear();
    this.worldTrack.clear();
    this.latest = null;
    this.mask.update(null);
    this.body.personMask = null;
    this.ownSleeves.reset();
    this.ownLegHems.reset();
    this.ownTopHems.reset();
  }

  fitSamples(): readonly FitSample[] {
    return this.fitLog;
  }

  private record(nowMs: number): void {
    const pose = this.latest;
    if (!pose) return;
    const out = this.anchorOut;
    // The shoulders are checked on the outermost garment that has them (a jacket, else the top or dress);
    // folded triangles are counted over every 2D garment.
    let kind: FitSample['kind'] | null = null;
    let folded = 0;
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const w = this.drawn[i]!;
      if (w.layer) {
        if (!w.layer.lastFit) continue;
        folded += w.layer.lastFit.foldedTriangles;
        if (kind === null && w.layer.rig.warpedAnchor('leftShoulder', out.subarray(0, 2)) && w.layer.rig.warpedAnchor('rightShoulder', out.subarray(2, 4))) kind = '2d';
      } else if (w.layer3d && kind === null && w.layer3d.shoulderJointsPx(out)) {
        kind = '3d';
      }
    }
    if (kind === null) return;
    let worst = 0;
    for (let k = 0; k < 2; k++) {
      const l = pose.landmarks[k === 0 ? PoseLandmark.leftShoulder : PoseLandmark.rightShoulder]!;
      const d = Math.hypot(out[2 * k]! - l.x * this.frameWidthPx, out[2 * k + 1]! - l.y * this.frameHeightPx);
      worst = Math.max(worst, d / this.frameWidthPx);
    }
    if (this.fitLog.length >= FIT_LOG_SIZE) this.fitLog.shift();
    this.fitLog.push({ renderMs: nowMs, kind, shoulderErrorOfWidth: worst, foldedTriangles: folded });
  }

  dispose(): void {
    this.takeOff();
    this.occluder?.dispose();
    this.occluder = null;
    this.handsOver?.dispose();
    this.handsOver = null;
    this.shortsCover?.dispose();
    this.shortsCover = null;
    this.topCover?.dispose();
    this.topCover = null;
    this.mask.dispose();
    this.world.remove(this.light.object);
    this.light.dispose();
  }
}
