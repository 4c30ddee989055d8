/**
 * An open jacket's fronts as the cloth solver sees them (issue 14 point 3): the two front panels below the lapels'
 * break are free cloth, each a {@link HemCloth} strip of {@link FRONT_PANEL_COLUMNS} × {@link FRONT_ROWS} vertices
 * pinned along its top (the break's height) and held along its side seam (the side seam is sewn to the back, which
 * lies on the body), hanging under gravity and colliding with the trunk and the thighs. The two panels are one
 * cloth of two pieces side by side (`panelColumns`), so they run in the same worker, solver step and offset texture
 * as a skirt does (sim-hem-3d.ts).
 *
 * The garment says it is worn open by `extras.atelier.openFront.breakOfLength` on its mesh (the demo builder,
 * src/core/demo/model3d.ts, writes it): the break as a share of the garment's length down from its top. Everything
 * else — the panels' edges, their curve round the body — is read from the bind-pose mesh, as a resized one is.
 *
 * Frame: the carried model frame of sim-skirt-3d.ts (model metres, y up, plus the body's translation at its scale).
 * The pins and the side seams are carried by the spine bone, which a top's body below the waist is skinned to.
 */
import * as THREE from 'three';
import type { HemSpec } from './sim-hem';
import { boneCapsule, capsuleEnd, carryPins, thighsOnHipJoints, type ClothPart3d } from './sim-part-3d';
import { THIGH_RADIUS_M } from './sim-skirt';

/** Columns per front panel, side seam → front edge (≈ 6 cm apart across a 25–30 cm front). */
export const FRONT_PANEL_COLUMNS = 5;
/** Rows, the pinned one included (≈ 7 cm apart down a 30–40 cm front below the break). */
export const FRONT_ROWS = 6;
/** Body capsules: the trunk's two halves, then the wearer's left and right thighs. */
export const FRONT_CAPSULES = 4;
/**
 * The trunk as two upright capsules side by side, each this far either side of the spine and of this radius,
 * metres: 2 × (4.5 + 12) = 33 cm broad and 24 cm deep, an adult man's chest and waist breadth and depth (ANSUR II
 * means: chest breadth 32.5, chest depth 25.6, waist depth 24.1 cm).
 */
export const TRUNK_HALF_SPACING_M = 0.045;
export const TRUNK_RADIUS_M = 0.12;
/**
 * The rest shape's radius at a grid point is the inverse-distance mean of this many nearest front vertices, with a
 * radian round the body counted as this many metres (as sim-skirt-3d.ts).
 */
const NEAREST = 4;
const ARC_M_PER_RAD = 0.18;
/** Gravity in the model's frame (y up), m/s². */
const GRAVITY: readonly [number, number, number] = [0, -9.81, 0];

interface OpenFront {
  breakOfLength: number;
}

function openFrontOf(mesh: THREE.Object3D): OpenFront | null {
  const f = (mesh.userData as { atelier?: { openFront?: { breakOfLength?: unknown } } }).atelier?.openFront;
  const share = f?.breakOfLength;
  return typeof share === 'number' && share > 0 && share < 1 ? { breakOfLength: share } : null;
}

export class Fronts3d implements ClothPart3d {
  readonly spec: HemSpec;
  readonly mesh: THREE.SkinnedMesh;
  /** The spine bone's slot: the fronts' vertices take its skinning alone (their own, below the waist). */
  readonly hipsSlot: number;
  readonly vertexGrid: Float32Array;
  readonly pinsM = new Float32Array(2 * FRONT_PANEL_COLUMNS * 3);
  readonly capsulesM = new Float32Array(FRONT_CAPSULES * 7);
  readonly axes = new Float32Array(9);
  readonly meshFromModel = new THREE.Matrix3();
  /** The break's and the hem's height in the bind pose, model metres (for the checks). */
  readonly breakYM: number;
  readonly hemYM: number;
  private readonly spine: THREE.Bone;
  private readonly spineInverse: THREE.Matrix4;
  /** Trunk capsule ends: bottom at the hips joint (hips bone), top at the chest joint (chest bone), bind pose. */
  private readonly trunk: Array<{ bone: THREE.Bone; inverse: THREE.Matrix4; at: THREE.Vector3 }>;
  private readonly thighs: Array<[THREE.Bone, THREE.Bone]>;
  private readonly objectInverse = new THREE.Matrix4();
  private readonly skin = new THREE.Matrix4();
  private readonly meshModel = new THREE.Matrix4();
  private readonly a = new THREE.Vector3();
  /** The layer's position in model metres (camera pixels over the scale, y up). */
  private readonly carryM = new THREE.Vector3();

  private constructor(
    mesh: THREE.SkinnedMesh,
    spec: HemSpec,
    vertexGrid: Float32Array,
    slots: { spine: number; hips: number; chest: number; thighs: Array<[number, number]> },
    breakYM: number,
    hemYM: number,
  ) {
    this.mesh = mesh;
    this.spec = spec;
    this.vertexGrid = vertexGrid;
    this.hipsSlot = slots.spine;
    this.breakYM = breakYM;
    this.hemYM = hemYM;
    const bones = mesh.skeleton.bones;
    const inverses = mesh.skeleton.boneInverses;
    this.spine = bones[slots.spine]!;
    this.spineInverse = inverses[slots.spine]!.clone();
    const jointOf = (slot: number): THREE.Vector3 => new THREE.Vector3().setFromMatrixPosition(inverses[slot]!.clone().invert());
    const hips = jointOf(slots.hips);
    const chest = jointOf(slots.chest);
    this.trunk = [];
    for (const side of [1, -1]) {
      this.trunk.push({ bone: bones[slots.hips]!, inverse: inverses[slots.hips]!.clone(), at: new THREE.Vector3(hips.x + side * TRUNK_HALF_SPACING_M, hips.y, hips.z) });
      this.trunk.push({ bone: bones[slots.chest]!, inverse: inverses[slots.chest]!.clone(), at: new THREE.Vector3(chest.x + side * TRUNK_HALF_SPACING_M, chest.y, chest.z) });
    }
    this.thighs = slots.thighs.map(([i, j]) => [bones[i]!, bones[j]!]);
  }

  /** The open fronts of the first mesh that is worn open (`extras.atelier.openFront`), or null. Reads the bind pose. */
  static find(meshes: readonly THREE.SkinnedMesh[]): Fronts3d | null {
    for (const mesh of meshes) {
      const fronts = Fronts3d.of(mesh);
      if (fronts) return fronts;
    }
    return null;
  }

  private static of(mesh: THREE.SkinnedMesh): Fronts3d | null {
    const open = openFrontOf(mesh);
    if (!open) return null;
    const bones = mesh.skeleton.bones;
    const slot = (name: string): number => bones.findIndex((b) => b.name === name);
    const slots = { spine: slot('spine'), hips: slot('hips'), chest: slot('chest'), thighs: [[slot('leftUpperLeg'), slot('leftLowerLeg')], [slot('rightUpperLeg'), slot('rightLowerLeg')]] as Array<[number, number]> };
    if (slots.spine < 0 || slots.hips < 0 || slots.chest < 0 || slots.thighs.flat().some((s) => s < 0)) return null;
    const pos = mesh.geometry.getAttribute('position');
    if (!pos) return null;
    const n = pos.count;
    const model = new Float32Array(3 * n);
    const v = new THREE.Vector3();
    let topY = -Infinity;
    let hemY = Infinity;
    for (let i = 0; i < n; i++) {
      v.fromBufferAttribute(pos, i).applyMatrix4(mesh.bindMatrix);
      v.toArray(model, 3 * i);
      topY = Math.max(topY, v.y);
      hemY = Math.min(hemY, v.y);
    }
    const breakY = topY - open.breakOfLength * (topY - hemY);
    const axis = new THREE.Vector3().setFromMatrixPosition(mesh.skeleton.boneInverses[slots.hips]!.clone().invert());
    // Angle of a vertex round the body from its own side (the wearer's left side for x ≥ 0, the right for x < 0)
    // towards the front: 0 on the side seam, ≈ π/2 at the centre front, negative behind.
    const sideOf = (i: number): 1 | -1 => (model[3 * i]! - axis.x >= 0 ? 1 : -1);
    const angleOf = (i: number): number => Math.atan2(model[3 * i + 2]! - axis.z, sideOf(i) * (model[3 * i]! - axis.x));
    const radiusOf = (i: number): number => Math.hypot(model[3 * i]! - axis.x, model[3 * i + 2]! - axis.z);
    // The fronts' vertices (below the break, the front half) and, per ring height and side, where the edge is.
    const below: number[] = [];
    const edges = new Map<string, number>();
    const key = (y: number, side: number): string => `${side}:${Math.round(y * 1e4)}`;
    for (let i = 0; i < n; i++) {
      const y = model[3 * i + 1]!;
      if (y > breakY + 1e-4) continue;
      below.push(i);
      if (angleOf(i) < 0) continue;
      const k = key(y, sideOf(i));
      edges.set(k, Math.max(edges.get(k) ?? 0, angleOf(i)));
    }
    // The body's rings: heights with front cloth on both sides. A detail's own heights (a button on one front, a
    // seam or vent strip on the back) are no ring: its front edge is the rings' either side of it.
    const ringYs = [...new Set(below.map((i) => Math.round(model[3 * i + 1]! * 1e4)))]
      .filter((y) => edges.has(key(y / 1e4, 1)) && edges.has(key(y / 1e4, -1)))
      .sort((p, q) => p - q)
      .map((y) => y / 1e4);
    if (ringYs.length < 2) return null;
    /** The front edge's angle at height `y` on `side`, interpolated between the mesh's rings. */
    const edgeAt = (y: number, side: 1 | -1): number => {
      let k = ringYs.findIndex((ry) => ry >= y);
      if (k < 0) k = ringYs.length - 1;
      else if (k === 0) k = 1;
      const y0 = ringYs[k - 1]!;
      const y1 = ringYs[k]!;
      const t = Math.min(1, Math.max(0, (y - y0) / (y1 - y0 || 1)));
      const e0 = edges.get(key(y0, side)) ?? 0;
      const e1 = edges.get(key(y1, side)) ?? 0;
      return e0 + (e1 - e0) * t;
    };
    const K = FRONT_PANEL_COLUMNS;
    const columns = 2 * K;
    const lengthM = breakY - hemY;
    // Grid point (panel column k of `side`, row r): angle k / (K − 1) of the way from the side seam to the edge.
    const restM = new Float32Array(columns * FRONT_ROWS * 3);
    const held = new Uint8Array(columns * FRONT_ROWS);
    const nearD = new Float64Array(NEAREST);
    const nearR = new Float64Array(NEAREST);
    for (let r = 0; r < FRONT_ROWS; r++) {
      const y = breakY - (lengthM * r) / (FRONT_ROWS - 1);
      for (let c = 0; c < columns; c++) {
        const side: 1 | -1 = c < K ? 1 : -1;
        const k = side === 1 ? c : columns - 1 - c;
        const theta = (k / (K - 1)) * edgeAt(y, side);
        nearD.fill(Infinity);
        for (const i of below) {
          if (sideOf(i) !== side) continue;
          const d = (angleOf(i) - theta) * ARC_M_PER_RAD;
          const dy = model[3 * i + 1]! - y;
          const d2 = d * d + dy * dy;
          if (d2 >= nearD[NEAREST - 1]!) continue;
          let at = NEAREST - 1;
          while (at > 0 && nearD[at - 1]! > d2) {
            nearD[at] = nearD[at - 1]!;
            nearR[at] = nearR[at - 1]!;
            at--;
          }
          nearD[at] = d2;
          nearR[at] = radiusOf(i);
        }
        let sw = 0;
        let sr = 0;
        for (let q = 0; q < NEAREST; q++) {
          const w = 1 / (Math.sqrt(nearD[q]!) + 1e-3);
          sw += w;
          sr += w * nearR[q]!;
        }
        const rho = sr / sw;
        const i = r * columns + c;
        restM[3 * i] = axis.x + side * rho * Math.cos(theta);
        restM[3 * i + 1] = y;
        restM[3 * i + 2] = axis.z + rho * Math.sin(theta);
        // The side seam is sewn to the back.
        if (k === 0) held[i] = 1;
      }
    }
    const vertexGrid = new Float32Array(3 * n);
    for (const i of below) {
      const theta = angleOf(i);
      if (theta < 0) continue;
      const y = model[3 * i + 1]!;
      const side = sideOf(i);
      const k = Math.min(K - 1, ((K - 1) * theta) / Math.max(1e-6, edgeAt(y, side)));
      vertexGrid[3 * i] = side === 1 ? k : columns - 1 - k;
      vertexGrid[3 * i + 1] = Math.min(FRONT_ROWS - 1, Math.max(0, ((breakY - y) / lengthM) * (FRONT_ROWS - 1)));
      vertexGrid[3 * i + 2] = 1;
    }
    const spec: HemSpec = { columns, rows: FRONT_ROWS, closed: false, restM, gravity: GRAVITY, capsuleCount: FRONT_CAPSULES, panelColumns: K, held };
    return new Fronts3d(mesh, spec, vertexGrid, slots, breakY, hemY);
  }

  /**
   * Reads the posed skeleton into `pinsM`, `capsulesM` and `axes` (allocation-free).
   * @param object the layer's object the garment's scene hangs in.
   * @param positionPx the object's position (camera pixels, y down).
   * @param scalePxPerM camera pixels per model metre.
   */
  update(object: THREE.Object3D, positionPx: THREE.Vector3, scalePxPerM: number): void {
    object.updateMatrixWorld(true);
    this.objectInverse.copy(object.matrixWorld).invert();
    const s = scalePxPerM;
    this.carryM.set(positionPx.x / s, -positionPx.y / s, positionPx.z / s);
    this.skin.multiplyMatrices(this.objectInverse, this.spine.matrixWorld).multiply(this.spineInverse);
    carryPins(this.spec.restM, this.spec.columns, this.skin, this.carryM, this.pinsM, this.axes, this.a);
    // The trunk: each capsule from the hips joint (carried by the hips) to the chest joint (carried by the chest).
    for (let k = 0; k < 2; k++) {
      const o = 7 * k;
      for (let end = 0; end < 2; end++) {
        const { bone, inverse, at } = this.trunk[2 * k + end]!;
        this.skin.multiplyMatrices(this.objectInverse, bone.matrixWorld).multiply(inverse);
        capsuleEnd(this.capsulesM, o + 3 * end, this.a.copy(at).applyMatrix4(this.skin), this.carryM);
      }
      this.capsulesM[o + 6] = TRUNK_RADIUS_M;
    }
    for (let k = 0; k < 2; k++) {
      const [from, to] = this.thighs[k]!;
      boneCapsule(this.capsulesM, 7 * (2 + k), from, to, THIGH_RADIUS_M, this.objectInverse, this.carryM, this.a);
    }
    // The thighs (capsules 2 and 3) turn about the hip joints' centres.
    thighsOnHipJoints(this.capsulesM, 14, 21);
    this.meshModel.multiplyMatrices(this.objectInverse, this.mesh.matrixWorld);
    this.meshFromModel.setFromMatrix4(this.meshModel).invert();
  }
}
