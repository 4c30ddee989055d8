import * as THREE from 'three';
import { createBodyStandIns } from '../garment3d/body-stand-ins';
import { createHandSkinUniforms, setHandSamples, type HandSkinUniforms } from '../garment3d/unseen-hands';
import { dominantSlot } from '../garment3d/dominant-slot';
import { createLongSleeves } from '../garment3d/long-sleeves';
import { cuffLinePx, cutPastCuff } from '../garment3d/cuff-line';
import { clothReachM, gatherFactor, MAX_PAST_END } from '../garment3d/cloth-reach';
import { modelledMeasurements, resizeGarment } from '../garment3d/garment-resize';
import { B, BONE_COUNT, HUMANOID_BONES, PARENT } from '../garment3d/humanoid';
import { JOINT_TARGETS_LENGTH, jointTargetsM, pictureLandmarksM } from '../garment3d/joint-targets';
import { PoseSolver } from '../garment3d/pose-solver';
import { DepthScale } from '../garment3d/region-scale';
import { skeletonProportions, type Proportions } from '../garment3d/rest-pose';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { bodyCmPerPx } from '../../shared/sizing';
import type { PersonMaskTexture } from './person-mask-texture';
import { createClothUniforms, DEFAULT_REFERENCE_LUMA, updateClothUniforms, type ClothUniforms } from '../cloth/cloth-shading';
import { createBodyOcclusionUniforms, updateBodyOcclusion } from '../cloth/body-occlusion';
import { createFabricMaterial, setFabricUvs } from '../cloth/fabric-material';
import { FABRIC_LOOKS } from '../cloth/fabric-maps';
import { isFabricKind, type FabricKind } from '../../shared/fabric';
import { HemMotion3d } from '../cloth/sim-hem-3d';
import { Fronts3d } from '../cloth/sim-fronts-3d';
import { CompressionWrinkles, slotBonesOf } from '../garment3d/compression-wrinkles';
import { NeckEdge } from '../garment3d/neck-edge';
import { LimbSides3d } from '../garment3d/limb-sides-3d';
import { TorsoSides3d } from '../garment3d/torso-sides-3d';
import { ARM_CAPSULES, armCapsulesPx, type PersonMaskInput } from '../garment/leg-silhouette';
import { ShoulderLift } from '../garment/shoulder-silhouette';

export class Garment3dError extends Error {
  override name = 'Garment3dError';
}

/** Moves image landmark `i` of `px` (interleaved x, y) by (dx, dy) px, in place. */
function raise(px: Float64Array, i: number, dx: number, dy: number): void {
  px[2 * i] = px[2 * i]! + dx;
  px[2 * i + 1] = px[2 * i + 1]! + dy;
}

/** World landmarks needed: x, y, z of all 33. */
const BONE_INPUT_LENGTH = 33 * 3;
/**
 * How far above the shoulder joint a posed 3D top's upper edge lies where the person mask's shoulder top is read
 * (shoulder-silhouette.ts: from the shoulder point to 0.15 of the shoulders' breadth in), cm. The yoke is sewn 3.5 cm
 * above the joint at the shoulder point (src/core/demo/model3d.ts) and rises towards the neck; posed, with the cloth's
 * thickness over it, the oxford's and tee's edge stood 25–38 px above the joints there on mirror frame 60 (medians 31
 * and 35 px: 5.9 and 6.6 cm at the clip's 528 px/m) — measured while `atelier tryon` still fitted a still before its
 * world was mirrored; laid out first, the same renders stand 2–3 px lower at both shoulders (left / right bare on
 * frame 60, oxford 3D: 13.4 / 3.9 % at 6.2 cm, 5.8 / 1.5 % at 5.6). The person mask raises it from there.
 */
const SHOULDER_TOP_ABOVE_JOINT_CM = [5.6, 5.6] as const;
/**
 * How much nearer the camera each 3D garment of an outfit is drawn than the one under it, metres (see setOutfitLayer):
 * on the mirror clip the demo's garments cross by up to about that (2 cm left 0.3–0.8 % of a blazer showing the
 * oxford under it, 3 cm 0.1 %).
 */
export const OUTFIT_LAYER_GAP_M = 0.03;
/**
 * Render order of the 3D garment alone (in an outfit: {@link Garment3dLayer.setBackOrder}): after the background and
 * the covers of the shopper's own clothes, with its own depth test.
 */
const ORDER = 10;
/** Render order of its long sleeves' second pass (see {@link Garment3dLayer.setFrontOrder}). */
const FRONT_ORDER = 30;
/**
 * The bones whose cloth may hang free down the legs: a skirt hangs from the hips and swings with the thighs. Where
 * their cloth reaches below the knees, no landmark sets its length, so it is drawn at the picture's scale where it
 * hangs (region-scale.ts). Cloth wrapped round a limb between two joints (a trouser leg, gathered above the shoe
 * by cloth-reach.ts) gets its length from the landmarks and keeps the body's scale across, as the 2D rig draws it.
 */
const HANGING_FROM: readonly number[] = [B.hips, B.leftUpperLeg, B.rightUpperLeg];

/**
 * One worn 3D garment (a skinned glTF on the humanoid skeleton) in the mirror's world (camera pixels, y down).
 *
 * Each frame, at the body's scale (`bodyCmPerPx`, the one the 2D rig and the size advice use): the landmarks are
 * taken as the picture shows them, in metres, with BlazePose's world depth ({@link pictureLandmarksM}); bone
 * rotations are solved from them ({@link PoseSolver}) and every joint is put on its landmark ({@link jointTargetsM}):
 * the skeleton takes the shopper's own limb lengths and shoulder and hip breadth (hips narrower than the garment's
 * own keep the garment's: its legs hang from its seat), and projects onto the tracked body exactly. The cloth keeps the size it was modelled at, or is re-sized once to the worn size's chart row when
 * one is given (`sizeCm`; {@link resizeGarment}), and is drawn at the body's scale: true size, not stretched to the
 * body — except cloth that hangs free below the knees (a skirt), drawn at the scale the picture shows the legs at
 * ({@link DepthScale}: a mirror's camera sees the legs further away than the torso). The model's (x, y up, z to camera) map to world (x, y down, z to viewer): scale (s, −s, s), the hip joint on
 * the image hips' centre.
 *
 * The cloth is drawn in its fabric's physical material (cloth/fabric-material.ts: sheen, a procedural normal and
 * roughness map, the fold transfer of the 2D garments), lit by the scene's store light; the person mask occludes the
 * garment's inside. Owns the glTF scene it is given (its geometries, the materials it replaces and their textures)
 * and its own material; borrows video and mask.
 */
export class Garment3dLayer {
  /** Add to the mirror's world. */
  readonly object = new THREE.Group();
  private readonly bones: THREE.Bone[];
  private readonly bindWorldQ: THREE.Quaternion[];
  /** Per bone: bind-pose world offset from its parent → its local position (the parent's inverse bind rotation). */
  private readonly offsetToLocal: THREE.Matrix3[];
  private readonly hipsParentQ = new THREE.Quaternion();
  private readonly posedQ: THREE.Quaternion[] = Array.from({ length: BONE_COUNT }, () => new THREE.Quaternion());
  private readonly solver: PoseSolver;
  private readonly bindJointsM: Float64Array;
  private readonly modelProportions: Proportions;
  private readonly material: THREE.MeshPhysicalMaterial;
  private readonly cloth: ClothUniforms;
  /** The hands' colour samples for the arms' stand-ins (unseen-hands.ts). */
  private readonly handSkin: HandSkinUniforms;
  /** The wearer's limbs and trunk as capsules, shading the cloth from the room's diffuse light. */
  private readonly body = createBodyOcclusionUniforms();
  /** The garment's skinned meshes (the GLB's cloth). */
  private readonly meshes: readonly THREE.SkinnedMesh[];
  /** The cloth's depth drawn towards the camera, metres ({@link setOutfitLayer}). */
  private readonly layerLiftM = { value: 0 };
  /** The fabric the cloth is drawn in. */
  readonly fabric: FabricKind;
  /** The skirt's cloth simulation (a dress's or skirt's part below the hips), or null: no skirt, or motion off. */
  readonly hem: HemMotion3d | null;
  /** The GLB's own fold map (its creases), owned here; null when it has none. */
  private readonly foldMap: THREE.Texture | null;
  /** The GLB's print (a woven check: its base-colour texture, tiling over uv in cm), owned here; null when it has none. */
  private readonly print: THREE.Texture | null;
  /** The joints' bends, driving the compression wrinkles in the material (null: meshes on differing skeletons). */
  readonly wrinkles: CompressionWrinkles | null;
  /**
   * The materials of the long sleeves' second pass ({@link front}), the wearer's left arm's then the right's, each
   * cut past its arm's wrist in the camera picture (`cuffs`, garment3d/cuff-line.ts).
   */
  private readonly frontMaterials: readonly THREE.MeshPhysicalMaterial[];
  /** Each arm's cuff line this frame (garment3d/cuff-line.ts), left then right; read by {@link frontMaterials}. */
  private readonly cuffs = [new THREE.Vector4(), new THREE.Vector4()] as const;
  /**
   * The long sleeves, drawn again over the shopper's forearms (src/renderer/garment3d/long-sleeves.ts); empty for a
   * garment with no cloth below the elbows.
   */
  readonly front: readonly THREE.SkinnedMesh[];
  /** This frame's image landmarks with the shoulders raised onto their tops in the person mask, camera px. */
  private readonly liftedPx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  private readonly shoulderLift = new ShoulderLift();
  private readonly armCapsules = new Float64Array(5 * ARM_CAPSULES);
  /** This frame's landmarks as the picture shows them, metres (see `pictureLandmarksM`). */
  private readonly pictureM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  /** This frame's joint targets, model space metres (see `jointTargetsM`). */
  private readonly targetsM = new Float64Array(JOINT_TARGETS_LENGTH);
  /**
   * Lower legs and forearms whose cloth reaches past their end joint (a trouser leg, a long sleeve): the local axis
   * the bone points along, and how far the cloth reaches along it in the bind pose, metres.
   */
  private readonly gathers: Array<{ bone: number; child: number; axis: number; reachM: number }>;
  /** Each bone's drawn scale ÷ the body's this frame (see {@link DepthScale}). */
  private readonly boneScale = new Float64Array(BONE_COUNT).fill(1);
  /**
   * Per bone: metres below the bind pose's hip joint of the middle of its cloth (the height range of the vertices it
   * moves most), where its cloth is drawn at the picture's scale; NaN for bones drawn at the body's scale (see
   * {@link HANGING_FROM}).
   */
  private readonly clothDepthM = new Float64Array(BONE_COUNT).fill(NaN);
  private readonly depthScale = new DepthScale();
  private readonly q = new THREE.Quaternion();
  private readonly v = new THREE.Vector3();
  private readonly frameFromScene = new THREE.Matrix4();
  /**
   * The top of its cloth round the neck as the last fit drew it (count 0: hidden, or no cloth there): the shopper's
   * neck is in front of the garment only above it (the occluder's head region ends there).
   */
  readonly neckEdge: NeckEdge;
  /**
   * A top's or a dress's torso sides widened onto the person mask (garment3d/torso-sides-3d.ts; a dress's down to
   * the hips, its skirt hanging below); null for a garment with no torso at the armpits.
   */
  private readonly sides: TorsoSides3d | null;
  /**
   * The upper sleeves' outer sides and the thighs' sides moved onto the person mask (garment3d/limb-sides-3d.ts);
   * null: no sleeves or trouser legs.
   */
  private readonly limbSides: LimbSides3d | null;
  /** Camera pixels per model metre of the last fit. */
  scalePxPerM = 0;
  /**
   * The size the cloth is drawn at: the worn size's chart row (`chart`), or as the GLB was modelled (`modelled`:
   * no chart was given, or the GLB does not say what it was modelled at).
   */
  readonly drawnAt: 'chart' | 'modelled';

  constructor(
    readonly id: string,
    private readonly gltfScene: THREE.Object3D,
    videoTexture: THREE.Texture,
    mask: PersonMaskTexture,
    sizeCm: GarmentMeasurementsCm | null = null,
    /** The product's fabric (shared/fabric.ts `fabricOf`); a GLB material's `extras.atelier.fabric` wins. */
    fabric: FabricKind = 'jersey',
  ) {
    this.object.add(gltfScene);
    this.object.updateMatrixWorld(true);
    const bones: THREE.Bone[] = [];
    for (const name of HUMANOID_BONES) {
      const found = gltfScene.getObjectByName(name) as THREE.Bone | undefined;
      if (!found?.isBone) throw new Garment3dError(`3D garment ${id} has no bone "${name}"`);
      bones.push(found);
    }
    this.bones = bones;
    const bindJointsM = new Float64Array(BONE_COUNT * 3);
    this.bindWorldQ = bones.map((bone, i) => {
      bone.getWorldPosition(this.v).toArray(bindJointsM, 3 * i);
      return bone.getWorldQuaternion(new THREE.Quaternion());
    });
    this.offsetToLocal = bones.map((bone) => new THREE.Matrix3().setFromMatrix4(bone.parent ? bone.parent.matrixWorld.clone().invert() : new THREE.Matrix4()));
    bones[B.hips]!.parent?.getWorldQuaternion(this.hipsParentQ);
    this.bindJointsM = bindJointsM;
    this.solver = new PoseSolver(bindJointsM);
    try {
      this.modelProportions = skeletonProportions(bindJointsM);
    } catch (e) {
      throw new Garment3dError(`3D garment ${id}: its skeleton is not a T-posed humanoid (${(e as Error).message})`);
    }
    const model = this.modelProportions;
    if (!(model.shoulderHalfM > 0.05 && model.torsoM > 0.1)) throw new Garment3dError(`3D garment ${id}: its skeleton is not a T-posed humanoid`);

    const meshes: THREE.SkinnedMesh[] = [];
    gltfScene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) meshes.push(o as THREE.SkinnedMesh);
    });
    if (meshes.length === 0) throw new Garment3dError(`3D garment ${id} has no skinned mesh`);
    this.meshes = meshes;
    // True size: the cloth re-sized from the measurements it was modelled at to the worn size's chart row.
    let sized = false;
    for (const mesh of meshes) {
      const own = modelledMeasurements(mesh);
      if (!own || !sizeCm) continue;
      const boneOfSlot = mesh.skeleton.bones.map((b) => HUMANOID_BONES.indexOf(b.name as (typeof HUMANOID_BONES)[number]));
      resizeGarment(mesh, own, sizeCm, bindJointsM, mesh.bindMatrix, boneOfSlot);
      sized = true;
    }
    this.drawnAt = sized ? 'chart' : 'modelled';
    const joint = (b: number): THREE.Vector3 => new THREE.Vector3(bindJointsM[3 * b], bindJointsM[3 * b + 1], bindJointsM[3 * b + 2]);
    const limbEnds = [[B.leftLowerLeg, B.leftFoot], [B.rightLowerLeg, B.rightFoot], [B.leftLowerArm, B.leftHand], [B.rightLowerArm, B.rightHand]] as const;
    this.gathers = limbEnds.flatMap(([bone, child]) => {
      // The bone's own axis it points along (its child's offset in its frame); a bone bound askew is left alone.
      const along = joint(child).sub(joint(bone)).applyMatrix3(this.offsetToLocal[child]!).normalize();
      const axis = [along.x, along.y, along.z].findIndex((c) => Math.abs(c) > 0.999);
      if (axis < 0) return [];
      let reachM = 0;
      for (const mesh of meshes) {
        const slot = mesh.skeleton.bones.findIndex((b) => b.name === HUMANOID_BONES[bone]);
        if (slot >= 0) reachM = Math.max(reachM, clothReachM(mesh, slot, joint(bone), joint(child), mesh.bindMatrix));
      }
      return reachM > 0 ? [{ bone, child, axis, reachM }] : [];
    });
    const hipY = bindJointsM[3 * B.hips + 1]!;
    // Below the knees by more than the allowance a limb's cloth may reach past its end joint (cloth-reach.ts).
    const kneeY = Math.min(bindJointsM[3 * B.leftLowerLeg + 1]!, bindJointsM[3 * B.rightLowerLeg + 1]!);
    const belowKneesY = kneeY - MAX_PAST_END * (kneeY - Math.max(bindJointsM[3 * B.leftFoot + 1]!, bindJointsM[3 * B.rightFoot + 1]!));
    for (const b of HANGING_FROM) {
      let top = -Infinity;
      let bottom = Infinity;
      for (const mesh of meshes) {
        const slot = mesh.skeleton.bones.findIndex((bone) => bone.name === HUMANOID_BONES[b]);
        if (slot < 0) continue;
        const range = clothHeightRangeM(mesh, slot, mesh.bindMatrix);
        if (range) [top, bottom] = [Math.max(top, range[1]), Math.min(bottom, range[0])];
      }
      if (top >= bottom && bottom < belowKneesY) this.clothDepthM[b] = hipY - (top + bottom) / 2;
    }
    const first = meshes[0]!.material as THREE.MeshStandardMaterial;
    const own = (first.userData as { atelier?: { fabric?: unknown } } | undefined)?.atelier?.fabric;
    this.fabric = isFabricKind(own) ? own : fabric;
    this.cloth = createClothUniforms(videoTexture, mask.uniforms, '3d');
    this.handSkin = createHandSkinUniforms(this.cloth.clothVideo, this.cloth.clothFramePx);
    this.hem = HemMotion3d.create(meshes);
    const foldMap = takeFoldMap(meshes);
    const print = takePrint(meshes);
    this.wrinkles = compressionWrinklesOf(meshes, bindJointsM, this.fabric);
    this.foldMap = foldMap;
    this.print = print?.map ?? null;
    const ground = print?.ground ?? (first.color ?? new THREE.Color(0.6, 0.6, 0.6)).clone();
    const inputs = {
      cloth: this.cloth,
      frameFromScene: { value: this.frameFromScene },
      normalSign: outwardNormalSign(meshes),
      hem: this.hem?.uniforms,
      body: this.body,
      foldMap,
      wrinkles: this.wrinkles,
      print: this.print,
      layerLiftM: this.layerLiftM,
    };
    this.material = createFabricMaterial(this.fabric, ground, inputs);
    // Stripes knitted into the cloth come as vertex colours (glTF COLOR_0) under a white base colour.
    this.material.vertexColors = meshes.some((mesh) => mesh.geometry.hasAttribute('color'));
    // In three's transparent pass, where the 2D garments are, so the outfit's render order puts a 3D jacket over a
    // 2D shirt (setBackOrder; in the opaque pass every 2D layer painted over it). The cloth is opaque: it blends
    // nothing, and writes and tests depth as before.
    this.material.transparent = true;
    this.material.blending = THREE.NoBlending;
    this.material.forceSinglePass = true;
    for (const mesh of meshes) setFabricUvs(mesh.geometry, FABRIC_LOOKS[this.fabric].tileM);
    for (const mesh of meshes) {
      disposeMaterial(mesh.material);
      mesh.material = this.material;
      mesh.frustumCulled = false;
      mesh.renderOrder = ORDER;
    }
    // A dress's skirt hangs as simulated cloth below the hips, where its rows end; a jacket's open fronts move with
    // the widened torso under them. Before the long sleeves' second pass, which draws the widened cloth (its morph
    // targets) too.
    const sides = new TorsoSides3d(meshes, bindJointsM, this.hem !== null && !(this.hem.skirt instanceof Fronts3d));
    this.sides = sides.present ? sides : null;
    const limbSides = new LimbSides3d(meshes, bindJointsM);
    this.limbSides = limbSides.present ? limbSides : null;
    // Long sleeves, drawn again after the occluder of the shopper's forearms (see createLongSleeves).
    // Its material joins the transparent pass, where the occluder is, so render order puts it after it; it blends
    // nothing (the cloth is opaque) and writes no depth (the first pass did).
    // Each arm's sleeve ends at its wrist in the camera picture: past it the occluder's hand is in front.
    this.frontMaterials = this.cuffs.map((cuff) => {
      const m = createFabricMaterial(this.fabric, ground, inputs);
      m.vertexColors = this.material.vertexColors;
      m.transparent = true;
      m.blending = THREE.NoBlending;
      m.depthWrite = false;
      m.forceSinglePass = true;
      cutPastCuff(m, cuff);
      return m;
    });
    this.front = meshes.flatMap((mesh) =>
      (['left', 'right'] as const).flatMap((side, k) => {
        const sleeve = createLongSleeves(mesh, this.frontMaterials[k]!, side);
        if (!sleeve) return [];
        sleeve.renderOrder = FRONT_ORDER;
        mesh.parent!.add(sleeve);
        return [sleeve];
      }),
    );
    // The shopper's arms, neck and trunk in front of the cloth they are in front of (disposed with the scene: it is in it);
    // under long sleeves no hands (see createBodyStandIns).
    const standIns = createBodyStandIns(meshes[0]!, bindJointsM, model.shoulderHalfM, this.front.length === 0, this.handSkin);
    standIns.renderOrder = ORDER - 1;
    meshes[0]!.parent!.add(standIns);
    this.neckEdge = new NeckEdge(meshes, bindJointsM, model.shoulderHalfM);
    this.object.visible = false;
  }

  /**
   * Poses and places the garment; hides it when `imagePx` or `worldM` is null (nobody, or an engine without
   * world landmarks).
   * @param imagePx landmarks in camera pixels, interleaved x, y for 33 landmarks (borrowed).
   * @param worldM world landmarks, metres, interleaved x, y, z (borrowed).
   * @param cmPerPx the body's scale, cm per camera pixel (the 2D rig's and the size advice's, smoothed by the caller).
   *   @default this frame's `bodyCmPerPx`
   * @param nowMs the pose's time, ms: steps the skirt's cloth (none without it).
   * @param personMask the frame's person mask (borrowed), or null: the shoulders' seams then lie where the cut puts them.
   */
  update(imagePx: ArrayLike<number> | null, worldM: ArrayLike<number> | null, frameWidthPx: number, frameHeightPx: number, cmPerPx?: number | null, referenceLuma = DEFAULT_REFERENCE_LUMA, nowMs?: number, personMask: PersonMaskInput | null = null): void {
    const scaleCmPerPx = imagePx && worldM && worldM.length >= BONE_INPUT_LENGTH ? (cmPerPx ?? bodyCmPerPx(imagePx, worldM)) : null;
    const s = scaleCmPerPx ? 100 / scaleCmPerPx : 0;
    if (!imagePx || !worldM || !pictureLandmarksM(this.liftShoulders(imagePx, scaleCmPerPx, personMask), worldM, s, this.pictureM) || !this.solver.solve(this.pictureM)) {
      this.object.visible = false;
      this.depthScale.reset();
      this.shoulderLift.reset();
      this.neckEdge.count = 0;
      return;
    }
    // The cloth below the waist drawn at the picture's scale where it hangs (region-scale.ts): each such bone scaled
    // about its joint by the body's scale ÷ the scale at its cloth's middle, each child's own scale and position
    // undoing its parent's, so a bone's world scale is its own.
    this.depthScale.measure(imagePx, worldM, scaleCmPerPx!);
    const w = this.boneScale;
    for (let b = 0; b < BONE_COUNT; b++) {
      const d = this.clothDepthM[b]!;
      w[b] = Number.isNaN(d) ? 1 : 1 / this.depthScale.at(d);
    }
    const targets = jointTargetsM(this.pictureM, this.bindJointsM, this.targetsM);
    const g = this.solver.globals;
    for (let b = 0; b < BONE_COUNT; b++) {
      const posed = this.posedQ[b]!.multiplyQuaternions(g[b]!, this.bindWorldQ[b]!);
      const p = PARENT[b]!;
      const parent = p >= 0 ? this.posedQ[p]! : this.hipsParentQ;
      const bone = this.bones[b]!;
      bone.quaternion.copy(this.q.copy(parent).invert().multiply(posed));
      const parentScale = p >= 0 ? w[p]! : 1;
      bone.scale.setScalar(w[b]! / parentScale);
      if (p >= 0) {
        // The joint on its target: the model-space offset from the parent's target, undone by the parent's solved
        // rotation (bone positions are in the parent's frame), then into the parent's bind frame and its scale.
        bone.position
          .set(targets[3 * b]! - targets[3 * p]!, targets[3 * b + 1]! - targets[3 * p + 1]!, targets[3 * b + 2]! - targets[3 * p + 2]!)
          .applyQuaternion(this.q.copy(g[p]!).invert())
          .applyMatrix3(this.offsetToLocal[b]!)
          .divideScalar(parentScale);
      }
    }
    // A trouser leg or sleeve longer than the shopper's limb gathers above the shoe (the hand): the cloth along the
    // last segment is shortened to end where the 2D rig ends it; the child joint stays on its landmark. The cloth's
    // reach is drawn at its bone's scale.
    for (const { bone, child, axis, reachM } of this.gathers) {
      const k = gatherFactor(reachM * w[bone]!, Math.hypot(targets[3 * child]! - targets[3 * bone]!, targets[3 * child + 1]! - targets[3 * bone + 1]!, targets[3 * child + 2]! - targets[3 * bone + 2]!));
      const b = this.bones[bone]!;
      b.scale.setComponent(axis, b.scale.getComponent(axis) * k);
      const end = this.bones[child]!.position;
      end.setComponent(axis, end.getComponent(axis) / k);
    }
    cuffLinePx(imagePx, 'left', this.cuffs[0]);
    cuffLinePx(imagePx, 'right', this.cuffs[1]);
    this.scalePxPerM = s;
    this.object.scale.set(s, -s, s);
    // The hip joint (model space) on the image hips' centre.
    const hipXPx = (imagePx[2 * L.leftHip]! + imagePx[2 * L.rightHip]!) / 2;
    const hipYPx = (imagePx[2 * L.leftHip + 1]! + imagePx[2 * L.rightHip + 1]!) / 2;
    this.object.position.set(hipXPx - s * this.bindJointsM[3 * B.hips]!, hipYPx + s * this.bindJointsM[3 * B.hips + 1]!, -s * this.bindJointsM[3 * B.hips + 2]!);
    updateClothUniforms(this.cloth, frameWidthPx, frameHeightPx, 100 / s, referenceLuma, imagePx);
    setHandSamples(this.handSkin, imagePx, worldM);
    const world = this.object.parent;
    if (nowMs !== undefined) this.hem?.update(this.object, s, nowMs);
    this.object.updateWorldMatrix(true, true);
    // After the world's own matrix is brought up to date (above, with the parents): before the first render it is
    // still the identity, and a still picture (`atelier tryon`) is drawn right after its one update — the cloth then
    // read the camera picture, the person mask and the cuff lines mirrored (the world mirrors the frame: mirror-scene.ts).
    if (world) this.frameFromScene.copy(world.matrixWorld).invert();
    updateBodyOcclusion(this.body, this.bones, this.object.matrixWorld.getMaxScaleOnAxis());
    this.wrinkles?.update(g);
    if (world) this.neckEdge.update(this.frameFromScene);
    else this.neckEdge.count = 0;
    // The shoulders' lift read the arms' capsules from this frame's landmarks (liftShoulders).
    if (world && personMask) {
      this.sides?.fit(this.frameFromScene, personMask, imagePx, scaleCmPerPx!, this.armCapsules, s);
      this.limbSides?.fit(this.frameFromScene, personMask, imagePx, scaleCmPerPx!, this.armCapsules, s);
    } else {
      this.sides?.reset();
      this.limbSides?.reset();
    }
    this.object.visible = true;
  }

  /**
   * The image landmarks with each shoulder raised by its {@link ShoulderLift}, camera px (the layer's own array,
   * rewritten each frame): the skeleton's shoulders, and the garment hung from them, go where the shoulders' tops in
   * the person mask say they are — their height and the shoulder line's tilt — instead of where the joints' landmarks
   * are. The whole top rises with them (its length hangs from the shoulders' top, as a chart measures it).
   */
  private liftShoulders(imagePx: ArrayLike<number>, cmPerPx: number | null, personMask: PersonMaskInput | null): Float64Array {
    const out = this.liftedPx;
    for (let i = 0; i < out.length; i++) out[i] = imagePx[i]!;
    if (!(cmPerPx && cmPerPx > 0)) return out;
    const msx = (out[2 * L.leftShoulder]! + out[2 * L.rightShoulder]!) / 2;
    const msy = (out[2 * L.leftShoulder + 1]! + out[2 * L.rightShoulder + 1]!) / 2;
    const torsoX = msx - (out[2 * L.leftHip]! + out[2 * L.rightHip]!) / 2;
    const torsoY = msy - (out[2 * L.leftHip + 1]! + out[2 * L.rightHip + 1]!) / 2;
    const torsoPx = Math.hypot(torsoX, torsoY);
    if (!(torsoPx > 0)) return out;
    const upX = torsoX / torsoPx;
    const upY = torsoY / torsoPx;
    if (personMask) armCapsulesPx(out, cmPerPx, this.armCapsules);
    const lift = this.shoulderLift.update(personMask, out, cmPerPx, upX, upY, SHOULDER_TOP_ABOVE_JOINT_CM, this.armCapsules);
    raise(out, L.leftShoulder, (upX * lift[0]!) / cmPerPx, (upY * lift[0]!) / cmPerPx);
    raise(out, L.rightShoulder, (upX * lift[1]!) / cmPerPx, (upY * lift[1]!) / cmPerPx);
    return out;
  }

  /**
   * Where the long sleeves' second pass is drawn among the transparent layers: after the occluder of the shopper's
   * forearms, and in an outfit after the sleeves of the garments under it.
   */
  setFrontOrder(order: number): void {
    for (const sleeves of this.front) sleeves.renderOrder = order;
  }

  /**
   * Where its cloth is drawn among the outfit's layers, 2D and 3D alike: after the ones under it (a blazer over a 2D
   * shirt), before those over it (a 2D jacket over it). Its body stand-ins stay in the opaque pass, before all.
   */
  setBackOrder(order: number): void {
    for (const mesh of this.meshes) mesh.renderOrder = order;
  }

  /** Where its cloth is drawn among the outfit's layers ({@link setBackOrder}). */
  get backOrder(): number {
    return this.meshes[0]!.renderOrder;
  }

  /**
   * Where it is worn among an outfit's 3D garments: 0 innermost (or alone), 1 over one (a blazer over a shirt), …
   * Garments hung on the mannequin one by one cross where one is cut close and the other loose, or where skinning
   * pulls a sleeve in at a bent elbow: the shirt's sleeve showed through the blazer's in patches. Each layer's depth
   * is drawn {@link OUTFIT_LAYER_GAP_M} nearer the camera than the one under it, so the outer cloth wins where they
   * cross (tests/cloth/outfit3d-render.test.ts); its own folds keep their order (the whole garment moves), and the
   * shopper's forearms in front of it are redrawn from the picture by the occluder after every garment anyway.
   */
  setOutfitLayer(layer: number): void {
    this.layerLiftM.value = layer * OUTFIT_LAYER_GAP_M;
  }

  /**
   * Where the skinned skeleton's shoulder joints (upper-arm bones) are drawn, in camera pixels: x, y of the
   * wearer's left then right into `out` (length ≥ 4). Reads the bones' world matrices as three.js will render them.
   * @returns false when the garment is hidden or not in a scene.
   */
  shoulderJointsPx(out: Float64Array): boolean {
    for (let k = 0; k < 2; k++) {
      if (!this.jointPx(k === 0 ? B.leftUpperArm : B.rightUpperArm, this.v)) return false;
      out[2 * k] = this.v.x;
      out[2 * k + 1] = this.v.y;
    }
    return true;
  }

  /**
   * Where a bone's joint is drawn, in camera pixels (x, y; z is the model's depth, scaled), into `out`.
   * @param bone index in HUMANOID_BONES.
   * @returns false (out untouched) when the garment is hidden or not in a scene.
   */
  jointPx(bone: number, out: THREE.Vector3): boolean {
    const world = this.object.parent;
    if (!this.object.visible || !world) return false;
    world.updateMatrixWorld(true);
    this.frameFromScene.copy(world.matrixWorld).invert();
    this.bones[bone]!.getWorldPosition(out).applyMatrix4(this.frameFromScene);
    return true;
  }

  dispose(): void {
    this.object.remove(this.gltfScene);
    this.gltfScene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (mesh.isMesh) {
        mesh.geometry.dispose();
        if (mesh.material !== this.material && !this.frontMaterials.includes(mesh.material as THREE.MeshPhysicalMaterial)) disposeMaterial(mesh.material);
      }
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) (o as THREE.SkinnedMesh).skeleton.dispose();
    });
    this.material.dispose();
    for (const m of this.frontMaterials) m.dispose();
    this.foldMap?.dispose();
    this.print?.dispose();
    this.hem?.dispose();
  }
}

/**
 * The height range (model space y, metres: [lowest, highest]) of the vertices whose strongest skin weight is skin
 * slot `slot`, in the bind pose; null when none is.
 */
function clothHeightRangeM(mesh: THREE.SkinnedMesh, slot: number, modelFromMesh: THREE.Matrix4): [number, number] | null {
  const pos = mesh.geometry.getAttribute('position');
  const skinIndex = mesh.geometry.getAttribute('skinIndex');
  const skinWeight = mesh.geometry.getAttribute('skinWeight');
  if (!pos || !skinIndex || !skinWeight) return null;
  const v = new THREE.Vector3();
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pos.count; i++) {
    if (dominantSlot(skinIndex, skinWeight, i) !== slot) continue;
    const y = v.fromBufferAttribute(pos, i).applyMatrix4(modelFromMesh).y;
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The garment's own fold map (its creases: the GLB's normal texture on its first uv set), taken out of the GLB's
 * material (which is replaced and disposed) with its uv kept as `foldUv` (the fabric maps get `uv`); null when
 * the GLB has none, or not on every mesh.
 */
function takeFoldMap(meshes: readonly THREE.SkinnedMesh[]): THREE.Texture | null {
  const first = meshes[0]!.material as THREE.MeshStandardMaterial;
  const map = first.normalMap ?? null;
  if (!map || !meshes.every((m) => m.geometry.hasAttribute('uv') && (m.material as THREE.MeshStandardMaterial).normalMap === map)) return null;
  for (const mesh of meshes) {
    mesh.geometry.setAttribute('foldUv', mesh.geometry.getAttribute('uv'));
    (mesh.material as THREE.MeshStandardMaterial).normalMap = null;
  }
  return map;
}

/**
 * The garment's print (the GLB's base-colour texture on its first uv set, with its repeat as the texture's
 * transform), taken out of the GLB's material (which is replaced and disposed) with its uv kept as the second set
 * (`uv1`, the texture's channel 1: the fabric maps get `uv`); and the print's ground colour (extras
 * `atelier.groundColour`, for the fabric's sheen). Null when the GLB has none, or not on every mesh.
 */
function takePrint(meshes: readonly THREE.SkinnedMesh[]): { map: THREE.Texture; ground: THREE.Color } | null {
  const first = meshes[0]!.material as THREE.MeshStandardMaterial;
  const map = first.map ?? null;
  if (!map || !meshes.every((m) => m.geometry.hasAttribute('uv') && (m.material as THREE.MeshStandardMaterial).map === map)) return null;
  for (const mesh of meshes) {
    mesh.geometry.setAttribute('uv1', mesh.geometry.getAttribute('uv'));
    (mesh.material as THREE.MeshStandardMaterial).map = null;
  }
  map.channel = 1;
  map.wrapS = map.wrapT = THREE.RepeatWrapping;
  const hex = (first.userData as { atelier?: { groundColour?: unknown } } | undefined)?.atelier?.groundColour;
  const ground = typeof hex === 'string' && /^#[0-9a-f]{6}$/i.test(hex) ? new THREE.Color(hex) : new THREE.Color(0.6, 0.6, 0.6);
  return { map, ground };
}

/**
 * Compression wrinkles for the garment's meshes: their skin slots must be the same bones in the same order (the
 * material, one for all, indexes its arrays by slot); none otherwise.
 */
function compressionWrinklesOf(meshes: readonly THREE.SkinnedMesh[], bindJointsM: Float64Array, fabric: FabricKind): CompressionWrinkles | null {
  const slots = slotBonesOf(meshes[0]!);
  if (!meshes.every((m) => slotBonesOf(m).join() === slots.join())) return null;
  // Directions of the model (the garment's scene, as built) into the first mesh's own frame.
  const meshFromModel = new THREE.Matrix3().setFromMatrix4(meshes[0]!.matrixWorld.clone().invert());
  return new CompressionWrinkles(slots, bindJointsM, meshFromModel, fabric);
}

function disposeMaterial(m: THREE.Material | THREE.Material[]): void {
  for (const material of Array.isArray(m) ? m : [m]) {
    for (const value of Object.values(material)) if ((value as THREE.Texture | null)?.isTexture) (value as THREE.Texture).dispose();
    material.dispose();
  }
}

/**
 * +1 when the meshes' normals point out of the cloth (away from the body's axis), −1 when a tool wrote them
 * inwards: measured once on the bind pose against each vertex's offset from the vertical axis through the
 * meshes' centre.
 */
function outwardNormalSign(meshes: readonly THREE.SkinnedMesh[]): number {
  const box = new THREE.Box3();
  for (const m of meshes) box.expandByObject(m);
  const centre = box.getCenter(new THREE.Vector3());
  let sum = 0;
  for (const m of meshes) {
    const pos = m.geometry.getAttribute('position');
    const nor = m.geometry.getAttribute('normal');
    if (!pos || !nor) continue;
    for (let i = 0; i < pos.count; i++) sum += (pos.getX(i) - centre.x) * nor.getX(i) + (pos.getZ(i) - centre.z) * nor.getZ(i);
  }
  return sum >= 0 ? 1 : -1;
}
