/**
 * A 3D garment's skirt (a dress's or a skirt's part below the hips, any skinned GLB whose hem is free of the lower
 * legs) as the cloth solver sees it: the same {@link HemCloth} tube as the 2D hem (sim-skirt.ts), but its rest shape
 * read from the garment's own bind-pose mesh, pinned round the hips where the skinned hips bone carries them, and
 * colliding with the solved legs (thigh and shank capsules from the skeleton's leg joints).
 *
 * Frame ("model metres carried"): the garment's model space (metres, y up, +z towards the viewer, the wearer's left
 * along +x) plus the body's translation in the picture at the body's scale — the layer places the model with
 * `position` (camera pixels, y down) and scale (s, −s, s), so the model point m is drawn at position + (s·x, −s·y,
 * s·z) and its place in this frame is m + (position.x / s, −position.y / s, position.z / s). Gravity is −y. Offsets
 * the cloth returns in this frame are model-space vectors: the vertex shader adds them after skinning.
 *
 * Pure maths on three.js objects (no GPU): the tests drive it with the mirror's own layer in Node.
 */
import * as THREE from 'three';
import type { HemSpec } from './sim-hem';
import { boneCapsule, carryPins, thighsOnHipJoints, type ClothPart3d } from './sim-part-3d';
import { SHANK_RADIUS_M, SKIRT_CAPSULES, SKIRT_COLUMNS, SKIRT_ROWS, THIGH_RADIUS_M } from './sim-skirt';

/** A hem this far below the hips at least, metres, is a skirt (a top's hem ends above the hips, a peplum at ≈ 10 cm). */
const MIN_SKIRT_LENGTH_M = 0.2;
/** The hem's vertices: those within this height of the lowest one, metres (a hem's own ring, not the cloth above). */
const HEM_BAND_M = 0.02;
/** Skin weight on a lower leg or foot above which a hem vertex is a trouser leg's, not a skirt's. */
const LEG_WEIGHT = 0.01;
/**
 * The rest shape's radius at a grid point is the inverse-distance mean of this many nearest skirt vertices, in a
 * metric where a radian round the body counts as this many metres (a hip's radius: an arc, not an angle).
 */
const NEAREST = 4;
const ARC_M_PER_RAD = 0.18;

/** Bones whose weight on a hem vertex makes it a trouser leg. */
const LOWER_LEG_BONES = new Set(['leftLowerLeg', 'rightLowerLeg', 'leftFoot', 'rightFoot']);
/** The legs' capsules: from bone, to bone, radius (wearer's left thigh, shank, then right: as sim-skirt.ts). */
const LEGS = [
  ['leftUpperLeg', 'leftLowerLeg', THIGH_RADIUS_M],
  ['leftLowerLeg', 'leftFoot', SHANK_RADIUS_M],
  ['rightUpperLeg', 'rightLowerLeg', THIGH_RADIUS_M],
  ['rightLowerLeg', 'rightFoot', SHANK_RADIUS_M],
] as const;

/** Gravity in the model's frame (y up), m/s². */
const GRAVITY: readonly [number, number, number] = [0, -9.81, 0];

export class Skirt3d implements ClothPart3d {
  /** The cloth's rest shape and grid (model metres, pinned ring at the hips joint's height). */
  readonly spec: HemSpec;
  /** The mesh the skirt belongs to. */
  readonly mesh: THREE.SkinnedMesh;
  /** The hips bone's slot in the mesh's skeleton (its bone texture row). */
  readonly hipsSlot: number;
  /**
   * Per mesh vertex: its column (fractional, 0 … columns, round the body from the wearer's left through the front),
   * its row (fractional, 0 at the pinned ring … rows − 1 at the hem) and 1 when it follows the cloth (0: above the
   * hips). The `clothHem` vertex attribute.
   */
  readonly vertexGrid: Float32Array;
  /** Per frame (see `update`): pins, capsules and the hips' axes, in the carried model frame. */
  readonly pinsM = new Float32Array(SKIRT_COLUMNS * 3);
  readonly capsulesM = new Float32Array(SKIRT_CAPSULES * 7);
  readonly axes = new Float32Array(9);
  private readonly hips: THREE.Bone;
  private readonly legBones: Array<[THREE.Bone, THREE.Bone, number]>;
  /** The hips bone's inverse bind matrix (model space → the bone's bind frame). */
  private readonly hipsInverse: THREE.Matrix4;
  private readonly objectInverse = new THREE.Matrix4();
  private readonly hipsModel = new THREE.Matrix4();
  private readonly a = new THREE.Vector3();
  /** The layer's position in model metres (camera pixels over the scale, y up). */
  private readonly carryM = new THREE.Vector3();
  private readonly meshModel = new THREE.Matrix4();
  /** Model-space vectors into the mesh's own frame (what `transformed` is in after skinning). */
  readonly meshFromModel = new THREE.Matrix3();

  private constructor(mesh: THREE.SkinnedMesh, hipsSlot: number, spec: HemSpec, vertexGrid: Float32Array, legBones: Array<[THREE.Bone, THREE.Bone, number]>) {
    this.mesh = mesh;
    this.hipsSlot = hipsSlot;
    this.spec = spec;
    this.vertexGrid = vertexGrid;
    this.hips = mesh.skeleton.bones[hipsSlot]!;
    this.hipsInverse = mesh.skeleton.boneInverses[hipsSlot]!.clone();
    this.legBones = legBones;
  }

  /**
   * The skirt of the first mesh that has one: a hem at least {@link MIN_SKIRT_LENGTH_M} below the hips joint, none of
   * whose vertices is skinned to a lower leg or foot (a trouser leg's is). Null when the garment has no skirt.
   * Reads the meshes' bind pose (positions, skin weights, inverse bind matrices) as they are now: call after any
   * re-sizing of the geometry.
   */
  static find(meshes: readonly THREE.SkinnedMesh[]): Skirt3d | null {
    for (const mesh of meshes) {
      const skirt = Skirt3d.of(mesh);
      if (skirt) return skirt;
    }
    return null;
  }

  private static of(mesh: THREE.SkinnedMesh): Skirt3d | null {
    const bones = mesh.skeleton.bones;
    const slot = (name: string): number => bones.findIndex((b) => b.name === name);
    const hipsSlot = slot('hips');
    if (hipsSlot < 0) return null;
    const legBones: Array<[THREE.Bone, THREE.Bone, number]> = [];
    for (const [from, to, radiusM] of LEGS) {
      const i = slot(from);
      const j = slot(to);
      if (i < 0 || j < 0) return null;
      legBones.push([bones[i]!, bones[j]!, radiusM]);
    }
    const pos = mesh.geometry.getAttribute('position');
    const skinIndex = mesh.geometry.getAttribute('skinIndex');
    const skinWeight = mesh.geometry.getAttribute('skinWeight');
    if (!pos || !skinIndex || !skinWeight) return null;
    // Bind pose in model space: the bind matrix places the geometry; the hips joint is where its inverse bind
    // matrix's inverse puts the bone's origin.
    const n = pos.count;
    const model = new Float32Array(3 * n);
    const v = new THREE.Vector3();
    let minY = Infinity;
    for (let i = 0; i < n; i++) {
      v.fromBufferAttribute(pos, i).applyMatrix4(mesh.bindMatrix);
      v.toArray(model, 3 * i);
      minY = Math.min(minY, v.y);
    }
    const hip = new THREE.Vector3().setFromMatrixPosition(mesh.skeleton.boneInverses[hipsSlot]!.clone().invert());
    const pinY = hip.y;
    if (!(pinY - minY >= MIN_SKIRT_LENGTH_M)) return null;
    const lowerLeg = new Set(bones.flatMap((b, k) => (LOWER_LEG_BONES.has(b.name) ? [k] : [])));
    for (let i = 0; i < n; i++) {
      if (model[3 * i + 1]! > minY + HEM_BAND_M) continue;
      for (let k = 0; k < 4; k++) if (lowerLeg.has(skinIndex.getComponent(i, k)) && skinWeight.getComponent(i, k) > LEG_WEIGHT) return null;
    }
    // The skirt's vertices round the hips' vertical axis: angle from +x (the wearer's left) through +z (the front).
    const skirt: number[] = [];
    for (let i = 0; i < n; i++) if (model[3 * i + 1]! <= pinY) skirt.push(i);
    if (skirt.length < NEAREST) return null;
    const angleOf = (i: number): number => {
      const a = Math.atan2(model[3 * i + 2]! - hip.z, model[3 * i]! - hip.x);
      return a < 0 ? a + 2 * Math.PI : a;
    };
    const radiusOf = (i: number): number => Math.hypot(model[3 * i]! - hip.x, model[3 * i + 2]! - hip.z);
    const angles = Float64Array.from(skirt, angleOf);
    const radii = Float64Array.from(skirt, radiusOf);
    // The hem: the skirt's open lower edge (vertices on edges of one triangle only, below the hips). A draped hem is
    // not level — a fold's crest hangs higher than its trough, ≈ 2 cm on the slip — so each grid column's rows run
    // from the pinned ring down to the hem at its own angle, and every hem vertex lies on the cloth's last row.
    const halfColumn = Math.PI / SKIRT_COLUMNS;
    const hemAngles: number[] = [];
    const hemHeights: number[] = [];
    const index = mesh.geometry.getIndex();
    const isHem = new Uint8Array(n);
    /** The hem's own length round the body, m: the cloth's girth there, folds and all. */
    let hemGirthM = 0;
    if (index) {
      const edgeUses = new Map<number, number>();
      const key = (a: number, b: number): number => Math.min(a, b) * n + Math.max(a, b);
      for (let t = 0; t + 2 < index.count; t += 3) {
        for (let e = 0; e < 3; e++) {
          const k = key(index.getX(t + e), index.getX(t + ((e + 1) % 3)));
          edgeUses.set(k, (edgeUses.get(k) ?? 0) + 1);
        }
      }
      for (const [k, uses] of edgeUses) {
        if (uses !== 1) continue;
        const a = Math.floor(k / n);
        const b = k % n;
        if (!(model[3 * a + 1]! < pinY - MIN_SKIRT_LENGTH_M / 2 && model[3 * b + 1]! < pinY - MIN_SKIRT_LENGTH_M / 2)) continue;
        isHem[a] = 1;
        isHem[b] = 1;
        hemGirthM += Math.hypot(model[3 * a]! - model[3 * b]!, model[3 * a + 1]! - model[3 * b + 1]!, model[3 * a + 2]! - model[3 * b + 2]!);
      }
    }
    for (let i = 0; i < n; i++) {
      if (!isHem[i]) continue;
      hemAngles.push(angleOf(i));
      hemHeights.push(model[3 * i + 1]!);
    }
    /** The hem's height at an angle: the nearest hem vertices either side, linear between them; level without any. */
    const hemAt = (theta: number): number => {
      let below = -1;
      let above = -1;
      let dBelow = Infinity;
      let dAbove = Infinity;
      for (let k = 0; k < hemAngles.length; k++) {
        const d = (((hemAngles[k]! - theta) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        if (d < dAbove) {
          dAbove = d;
          above = k;
        }
        if (2 * Math.PI - d < dBelow) {
          dBelow = 2 * Math.PI - d;
          below = k;
        }
      }
      if (above < 0 || below < 0) return minY;
      if (dAbove < 1e-9) return hemHeights[above]!;
      return hemHeights[below]! + (hemHeights[above]! - hemHeights[below]!) * (dBelow / (dBelow + dAbove));
    };
    // The tube at rest: at each grid point the mesh's own radius there — the farthest out of its vertices within half
    // a column and half a row (the folds' crests), else an inverse-distance mean of its nearest vertices — so the
    // simulated cloth is the garment's shape, whatever its cut.
    const restM = new Float32Array(SKIRT_COLUMNS * SKIRT_ROWS * 3);
    const nearD = new Float64Array(NEAREST);
    const nearR = new Float64Array(NEAREST);
    for (let r = 0; r < SKIRT_ROWS; r++) {
      for (let c = 0; c < SKIRT_COLUMNS; c++) {
        const theta = (2 * Math.PI * c) / SKIRT_COLUMNS;
        const y = pinY - ((pinY - hemAt(theta)) * r) / (SKIRT_ROWS - 1);
        const halfRowM = (pinY - hemAt(theta)) / (SKIRT_ROWS - 1) / 2;
        nearD.fill(Infinity);
        let crestM = -Infinity;
        for (let k = 0; k < skirt.length; k++) {
          const da = Math.abs(angles[k]! - theta);
          const dAngle = Math.min(da, 2 * Math.PI - da);
          const d = dAngle * ARC_M_PER_RAD;
          const dy = model[3 * skirt[k]! + 1]! - y;
          if (dAngle <= halfColumn && Math.abs(dy) <= halfRowM) crestM = Math.max(crestM, radii[k]!);
          const d2 = d * d + dy * dy;
          if (d2 >= nearD[NEAREST - 1]!) continue;
          let at = NEAREST - 1;
          while (at > 0 && nearD[at - 1]! > d2) {
            nearD[at] = nearD[at - 1]!;
            nearR[at] = nearR[at - 1]!;
            at--;
          }
          nearD[at] = d2;
          nearR[at] = radii[k]!;
        }
        let sw = 0;
        let sr = 0;
        for (let k = 0; k < NEAREST; k++) {
          const w = 1 / (Math.sqrt(nearD[k]!) + 1e-3);
          sw += w;
          sr += w * nearR[k]!;
        }
        // A skirt in folds finer than the grid's columns (a draped one): the grid is its outer surface, the folds'
        // crests, where a leg pushing out meets it; the folds ride on it as the mesh's own shape.
        const rho = Number.isFinite(crestM) ? crestM : sr / sw;
        const i = 3 * (r * SKIRT_COLUMNS + c);
        restM[i] = hip.x + rho * Math.cos(theta);
        restM[i + 1] = y;
        restM[i + 2] = hip.z + rho * Math.sin(theta);
      }
    }
    // A skirt in folds has more cloth round its hem than the grid's ring through their crests: the folds are slack
    // cloth, which opens out when a knee pushes the skirt forward. The grid's rings are inextensible, so they get the
    // hem's own girth (the hem ring's, and the rings above it in proportion down the skirt), standing out round the
    // crests as the cloth would when pulled taut; at rest the mesh keeps its folds (the offsets are from this rest).
    let ringM = 0;
    const h = 3 * (SKIRT_ROWS - 1) * SKIRT_COLUMNS;
    for (let c = 0; c < SKIRT_COLUMNS; c++) {
      const d = 3 * ((c + 1) % SKIRT_COLUMNS);
      ringM += Math.hypot(restM[h + d]! - restM[h + 3 * c]!, restM[h + d + 2]! - restM[h + 3 * c + 2]!);
    }
    const slack = ringM > 0 && hemGirthM > ringM ? hemGirthM / ringM - 1 : 0;
    for (let r = 1; r < SKIRT_ROWS; r++) {
      const k = 1 + (slack * r) / (SKIRT_ROWS - 1);
      for (let c = 0; c < SKIRT_COLUMNS; c++) {
        const i = 3 * (r * SKIRT_COLUMNS + c);
        restM[i] = hip.x + k * (restM[i]! - hip.x);
        restM[i + 2] = hip.z + k * (restM[i + 2]! - hip.z);
      }
    }
    const vertexGrid = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const y = model[3 * i + 1]!;
      if (y > pinY) continue;
      vertexGrid[3 * i] = (angleOf(i) / (2 * Math.PI)) * SKIRT_COLUMNS;
      vertexGrid[3 * i + 1] = isHem[i] ? SKIRT_ROWS - 1 : Math.min(SKIRT_ROWS - 1, ((pinY - y) / (pinY - hemAt(angleOf(i)))) * (SKIRT_ROWS - 1));
      vertexGrid[3 * i + 2] = 1;
    }
    const spec: HemSpec = { columns: SKIRT_COLUMNS, rows: SKIRT_ROWS, closed: true, restM, gravity: GRAVITY, capsuleCount: SKIRT_CAPSULES };
    return new Skirt3d(mesh, hipsSlot, spec, vertexGrid, legBones);
  }

  /**
   * Reads the posed skeleton into `pinsM`, `capsulesM` and `axes` (allocation-free).
   * @param object the layer's object the garment's scene hangs in (its matrices are brought up to date here).
   * @param positionPx the object's position (camera pixels, y down).
   * @param scalePxPerM camera pixels per model metre (the object's scale is (s, −s, s)).
   */
  update(object: THREE.Object3D, positionPx: THREE.Vector3, scalePxPerM: number): void {
    object.updateMatrixWorld(true);
    this.objectInverse.copy(object.matrixWorld).invert();
    const s = scalePxPerM;
    this.carryM.set(positionPx.x / s, -positionPx.y / s, positionPx.z / s);
    // The hips bone's skinning matrix in model space: a bind-pose point of the ring → where it is drawn; the rest
    // shape turns with the hips.
    this.hipsModel.multiplyMatrices(this.objectInverse, this.hips.matrixWorld).multiply(this.hipsInverse);
    carryPins(this.spec.restM, SKIRT_COLUMNS, this.hipsModel, this.carryM, this.pinsM, this.axes, this.a);
    for (let k = 0; k < this.legBones.length; k++) {
      const [from, to, radiusM] = this.legBones[k]!;
      boneCapsule(this.capsulesM, 7 * k, from, to, radiusM, this.objectInverse, this.carryM, this.a);
    }
    // The thighs (capsules 0 and 2 of LEGS) turn about the hip joints' centres.
    thighsOnHipJoints(this.capsulesM, 0, 14);
    this.meshModel.multiplyMatrices(this.objectInverse, this.mesh.matrixWorld);
    this.meshFromModel.setFromMatrix4(this.meshModel).invert();
  }
}
