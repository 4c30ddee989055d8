import * as THREE from 'three';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, personExtentPx, type PersonMaskInput } from '../garment/leg-silhouette';
import { MAX_SLEEVE_OUTER_CM, SLEEVE_SCAN_CAPSULES, sleeveScanCapsulesPx } from '../garment/sleeve-sides';
import { limitSeamSlope } from '../garment/torso-sides';
import { dominantSlot } from './dominant-slot';
import { B, HUMANOID_BONES } from './humanoid';
import { SeamMorphs } from './seam-morphs';

/**
 * A 3D garment's sleeves and trouser legs worn over the shopper's own clothes enclose them, as the 2D garments' do
 * (garment/sleeve-sides.ts, the rig's legs): sized by its chart, the 3D oxford's upper sleeve stood inside his arm's
 * outline on the mirror clip (a white strip of his T-shirt down the outside of it), and the 3D chinos' thighs inside
 * his shorts (grey strips beside them) while covering the room between his legs. Each frame, on rows from a limb's
 * upper joint to its middle one (shoulder → elbow, hip → knee), the cloth's edge on a side is skinned on the CPU, and
 * the person mask is read out from the limb's line on that side with the 2D garments' bounds; the side is moved so its
 * edge lands on the mask's edge: outwards (a sleeve's outer side, a leg's outer and inner sides) and, for a leg's inner
 * side, inwards too where the room between the legs shows inside the cloth.
 *
 * The moves are morph targets on the cloth, one per side and row, applied before skinning (they turn with the limb;
 * the shading and maps are the cloth's own): a row's target moves the limb's cloth along the side's T-pose direction
 * (a sleeve's up — the side a hanging arm turns outwards —, a leg's out or in along x) by how far round the limb
 * towards that side each vertex lies (the side's line the whole way, the front and back not at all, the opposite side
 * stays), fading to the neighbouring rows and over a row past the joints. Its weight is the move in model metres: the
 * mask's px over how many px a metre of it moves the edge on the picture; a row whose side the pose turns towards the
 * camera moves little on the picture and is left as cut.
 */

/** Rows from a limb's upper joint to its middle one, each a morph target a side. */
export const LIMB_ROWS = 6;
/** A row whose edge a model metre of it moves less than this × the picture's px per metre is left as cut. */
const MIN_GAIN = 0.25;
/** See {@link LimbSides3d.seams}: how far round towards the side's line a vertex may be the edge. */
const EDGE_CANDIDATE_SHARE = 0.75;
/**
 * A trouser leg's inner side comes in to no less than this from the leg's line, cm: half a knee's breadth (ANSUR II
 * ≈ 10 cm across); inside that the mask's gap is a tracking error, not the room between the legs.
 */
const MIN_LEG_HALF_CM = 5;

/** How far from the limb's line a side's edge may be put, and what stops its scan. */
type Reach = 'sleeve' | 'legOuter' | 'legInner';

/** One side of one limb. */
interface LimbSide {
  /** Bones whose cloth it moves (the vertices they move most). */
  bones: readonly number[];
  /** A bone shared by both limbs (the hips' seat) whose cloth on this limb's side of the middle it moves too. */
  seat: number;
  /** The limb's upper and middle joints (bones): its axis in the bind pose. */
  from: number;
  to: number;
  /** The side's direction in the T-pose, model axes. */
  sideM: readonly [number, number, number];
  /** Landmarks: the limb's line (start → end) and the other limb's line. */
  start: number;
  end: number;
  otherStart: number;
  otherEnd: number;
  /** The side faces away from the other limb on the picture (outer), or towards it (inner). */
  away: boolean;
  /**
   * The least cosine between the limb line's normal and the line between the limbs' starts: under it the picture
   * does not say which side is which (an arm held out level).
   */
  minCos: number;
  reach: Reach;
  /** Below the widest row the side hangs straight down, no narrower (trousers over shorts: gravity, no jodhpurs). */
  hangs: boolean;
  /** The side may also come in, onto a mask's edge inside the cloth. */
  narrows: boolean;
}

const SLEEVE = { seat: -1, sideM: [0, 1, 0], away: true, minCos: 0.5, reach: 'sleeve', hangs: false, narrows: false } as const;
const LEG = { seat: B.hips, minCos: 0.5 } as const;
const SIDES: readonly LimbSide[] = [
  { ...SLEEVE, bones: [B.leftUpperArm, B.leftLowerArm], from: B.leftUpperArm, to: B.leftLowerArm, start: L.leftShoulder, end: L.leftElbow, otherStart: L.rightShoulder, otherEnd: L.rightElbow },
  { ...SLEEVE, bones: [B.rightUpperArm, B.rightLowerArm], from: B.rightUpperArm, to: B.rightLowerArm, start: L.rightShoulder, end: L.rightElbow, otherStart: L.leftShoulder, otherEnd: L.leftElbow },
  ...([1, -1] as const).flatMap((x): LimbSide[] => {
    const left = x === 1;
    const legOf = {
      bones: left ? [B.leftUpperLeg, B.leftLowerLeg] : [B.rightUpperLeg, B.rightLowerLeg],
      from: left ? B.leftUpperLeg : B.rightUpperLeg,
      to: left ? B.leftLowerLeg : B.rightLowerLeg,
      start: left ? L.leftHip : L.rightHip,
      end: left ? L.leftKnee : L.rightKnee,
      otherStart: left ? L.rightHip : L.leftHip,
      otherEnd: left ? L.rightKnee : L.leftKnee,
    };
    return [
      { ...LEG, ...legOf, sideM: [x, 0, 0], away: true, reach: 'legOuter', hangs: true, narrows: false },
      // Not the seat: at the seat the legs' inner sides are one crotch.
      { ...LEG, ...legOf, seat: -1, sideM: [-x, 0, 0], away: false, reach: 'legInner', hangs: false, narrows: true },
    ];
  }),
];

export class LimbSides3d {
  /** The sides (of {@link SIDES}) this garment has cloth on, and their rows' targets: `LIMB_ROWS × s + row`. */
  private readonly sides: LimbSide[];
  /**
   * Per side and row: the targets, and the vertices that may be its edge once posed — within half a row of it and
   * {@link EDGE_CANDIDATE_SHARE} of the way round to the side's line or further. The one furthest out on the picture
   * is the frame's edge.
   */
  private readonly seams: SeamMorphs;
  /** Per side, per mesh: the side's direction off the limb's axis (1 m), in the mesh's geometry frame. */
  private readonly dirOf: THREE.Vector3[][];
  /** This frame's move, px, per row of one side, and the rows' places along the limb (px). */
  private readonly movePx = new Float64Array(LIMB_ROWS);
  private readonly alongPx = new Float64Array(LIMB_ROWS);
  private readonly gain = new Float64Array(LIMB_ROWS);
  private readonly capsules = new Float64Array(5 * Math.max(SLEEVE_SCAN_CAPSULES, ARM_CAPSULES));
  /** The morph weights this fit (model metres, per side and row), as written to every mesh. */
  get weightsM(): Float64Array {
    return this.seams.weightsM;
  }
  /** Does the garment have cloth round a limb (false for a sleeveless top, a skirt)? Else no targets. */
  readonly present: boolean;

  /**
   * Picks the edge candidates and adds the morph targets to the meshes' geometries (after any they have).
   * @param meshes the garment's skinned meshes in their bind pose (T-pose), the model at the world's origin (borrowed).
   * @param bindJointsM the skeleton's joints in the bind pose, model metres, x, y, z per bone.
   */
  constructor(meshes: readonly THREE.SkinnedMesh[], bindJointsM: ArrayLike<number>) {
    const joint = (b: number): THREE.Vector3 => new THREE.Vector3(bindJointsM[3 * b], bindJointsM[3 * b + 1], bindJointsM[3 * b + 2]);
    const middleX = bindJointsM[3 * B.hips]!;
    const rowT = 1 / (LIMB_ROWS - 1);
    const p = new THREE.Vector3();
    const r = new THREE.Vector3();
    const found = SIDES.map((side) => {
      const start = joint(side.from);
      const axis = joint(side.to).sub(start);
      const lengthM = axis.length();
      axis.divideScalar(lengthM || 1);
      const dir = new THREE.Vector3(...side.sideM);
      dir.addScaledVector(axis, -dir.dot(axis)).normalize();
      // Which of the limbs' sides of the middle its seat cloth lies on.
      const seatSign = Math.sign(start.x - middleX);
      // Per mesh, per vertex: its place along the limb (0 upper joint … 1 middle joint; NaN: not this limb's) and its
      // share (how far round towards the side).
      const tOf: Float32Array[] = [];
      const shareOf: Float32Array[] = [];
      let own = 0;
      // The lowest of the limb's cloth, along it: a trouser leg's hem.
      let endT = 1;
      const lists: number[][] = Array.from({ length: LIMB_ROWS }, () => []);
      const shares: number[][] = Array.from({ length: LIMB_ROWS }, () => []);
      meshes.forEach((mesh, m) => {
        mesh.updateMatrixWorld(true);
        const g = mesh.geometry;
        const position = g.getAttribute('position');
        const boneOfSlot = mesh.skeleton.bones.map((b) => HUMANOID_BONES.indexOf(b.name as (typeof HUMANOID_BONES)[number]));
        const t = new Float32Array(position.count).fill(Number.NaN);
        const share = new Float32Array(position.count);
        for (let i = 0; i < position.count; i++) {
          const bone = boneOfSlot[dominantSlot(g.getAttribute('skinIndex'), g.getAttribute('skinWeight'), i)]!;
          p.fromBufferAttribute(position, i).applyMatrix4(mesh.matrixWorld);
          if (!side.bones.includes(bone) && !(bone === side.seat && Math.sign(p.x - middleX) === seatSign)) continue;
          p.sub(start);
          const along = p.dot(axis);
          const ti = along / lengthM;
          // Past the rows' fade: the shoulder's cap, the waistband, the forearm's sleeve (a hanging side's last row
          // carries the cloth below it down to the hem).
          if (ti < -rowT || (ti > 1 + rowT && !side.hangs)) continue;
          t[i] = ti;
          if (ti > endT) endT = ti;
          if (bone !== side.seat) own++;
          r.copy(p).addScaledVector(axis, -along);
          const radiusM = r.length();
          share[i] = radiusM > 1e-6 ? Math.max(0, r.dot(dir) / radiusM) : 0;
          const row = Math.round(ti / rowT);
          if (row < 0 || row >= LIMB_ROWS || share[i]! < EDGE_CANDIDATE_SHARE) continue;
          lists[row]!.push(m, i);
          shares[row]!.push(share[i]!);
        }
        tOf.push(t);
        shareOf.push(share);
      });
      return { side, dir, tOf, shareOf, lists, shares, own, endT };
      // A seat with no leg under it (a top's hem over the hips) is no trouser leg.
    }).filter((f) => f.own > 0 && f.lists.some((l) => l.length > 0));
    this.sides = found.map((f) => f.side);
    this.present = found.length > 0;
    this.dirOf = found.map(({ dir }) => meshes.map((mesh) => dir.clone().applyMatrix3(new THREE.Matrix3().setFromMatrix4(mesh.matrixWorld.clone().invert()))));
    const targetsOf = (m: number): THREE.BufferAttribute[] => {
      const count = meshes[m]!.geometry.getAttribute('position').count;
      return found.flatMap(({ side, tOf, shareOf, endT }, s) => {
        const dir = this.dirOf[s]![m]!;
        const t = tOf[m]!;
        return Array.from({ length: LIMB_ROWS }, (_, row) => {
          const disp = new Float32Array(3 * count);
          for (let i = 0; i < count; i++) {
            if (Number.isNaN(t[i]!)) continue;
            // Tent between the neighbouring rows; the first and last rows fade over a row past the joints, a hanging
            // side's last row from the knee to the hem, where the leg is back to its cut (no kink at the knee).
            const below = side.hangs && row === LIMB_ROWS - 1 && t[i]! > 1;
            const tent = below ? 1 - (t[i]! - 1) / Math.max(endT - 1, rowT) : 1 - Math.abs(t[i]! / rowT - row);
            const w = Math.max(0, tent) * shareOf[m]![i]!;
            disp[3 * i] = dir.x * w;
            disp[3 * i + 1] = dir.y * w;
            disp[3 * i + 2] = dir.z * w;
          }
          return new THREE.BufferAttribute(disp, 3);
        });
      });
    };
    this.seams = new SeamMorphs(
      meshes,
      found.flatMap((f) => f.lists.map((l) => Int32Array.from(l))),
      found.flatMap((f) => f.shares.map((l) => Float32Array.from(l))),
      this.present ? targetsOf : null,
    );
  }

  /** As cut (the morph weights to 0): a hidden garment, or before a fit. */
  reset(): void {
    this.seams.reset();
  }

  /**
   * Moves each limb's sides onto the person mask, as the garment is posed now (its bones' world matrices up to date).
   * @param frameFromScene world → camera px.
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param armCapsules the forearms and hands (armCapsulesPx, borrowed).
   * @param pxPerM camera px per model metre (the garment's scale).
   */
  fit(frameFromScene: THREE.Matrix4, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array, pxPerM: number): void {
    this.reset();
    if (!this.present) return;
    this.seams.pose();
    let any = false;
    for (let s = 0; s < this.sides.length; s++) {
      if (this.fitSide(this.sides[s]!, s, frameFromScene, mask, lm, cmPerPx, armCapsules, pxPerM)) any = true;
    }
    if (any) this.seams.write();
  }

  /** One side's rows into {@link weightsM}; false when none moves. */
  private fitSide(side: LimbSide, s: number, frameFromScene: THREE.Matrix4, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array, pxPerM: number): boolean {
    const sx = lm[2 * side.start]!;
    const sy = lm[2 * side.start + 1]!;
    const ax = lm[2 * side.end]! - sx;
    const ay = lm[2 * side.end + 1]! - sy;
    const limbPx = Math.hypot(ax, ay);
    const ox = sx - lm[2 * side.otherStart]!;
    const oy = sy - lm[2 * side.otherStart + 1]!;
    const apartPx = Math.hypot(ox, oy);
    if (!(limbPx > 1e-6 && apartPx > 1e-6)) return false;
    const ux = ax / limbPx;
    const uy = ay / limbPx;
    // The limb line's normal away from the other limb, then turned for an inner side.
    const away = (-uy * ox + ux * oy) / apartPx;
    if (Math.abs(away) < side.minCos) return false;
    const sign = away > 0 === side.away ? 1 : -1;
    const nx = -uy * sign;
    const ny = ux * sign;
    const stops = side.reach === 'sleeve' ? SLEEVE_SCAN_CAPSULES : ARM_CAPSULES;
    if (side.reach === 'sleeve') sleeveScanCapsulesPx(armCapsules, side.start === L.leftShoulder ? 'left' : 'right', this.capsules);
    else for (let i = 0; i < 5 * ARM_CAPSULES; i++) this.capsules[i] = armCapsules[i]!;
    const move = this.movePx;
    let moved = false;
    for (let row = 0; row < LIMB_ROWS; row++) {
      const k = LIMB_ROWS * s + row;
      move[row] = 0;
      this.alongPx[row] = (row / (LIMB_ROWS - 1)) * limbPx;
      if (!this.seams.outermost(k, nx, ny, frameFromScene)) continue;
      const ex = this.seams.edgePx[2 * k]!;
      const ey = this.seams.edgePx[2 * k + 1]!;
      const along = (ex - sx) * ux + (ey - sy) * uy;
      this.alongPx[row] = along;
      const gain = this.seams.gain(k, this.dirOf[s]!, 1, nx, ny, frameFromScene);
      this.gain[row] = gain;
      if (!(gain > MIN_GAIN * pxPerM)) continue;
      // The mask read out from the limb's line, level with the edge.
      const px = sx + ux * along;
      const py = sy + uy * along;
      const offPx = (ex - px) * nx + (ey - py) * ny;
      const reachPx = this.reachPx(side, px, py, nx, ny, lm, cmPerPx, apartPx);
      const extentPx = personExtentPx(mask, px, py, nx, ny, reachPx, this.capsules, stops);
      // The line off the person, or no edge within the reach on an outer side (not one limb and what is worn on it:
      // as cut); an inner side whose mask runs on to the divide between the legs covers its side of it.
      if (!(extentPx > 0 && (extentPx < reachPx || side.reach === 'legInner'))) continue;
      // Inwards only onto a gap the mask shows clear of the leg's least half-width (nearer, the line is off the leg).
      move[row] = side.narrows && extentPx >= MIN_LEG_HALF_CM / cmPerPx ? extentPx - offPx : Math.max(0, extentPx - offPx);
      if (move[row] !== 0) moved = true;
    }
    if (!moved) return false;
    // A row whose scan met a hand, or ran past the reach, is a slope, not a notch: ≤ 45° between rows, either way.
    limitSeamSlope(move, this.alongPx, LIMB_ROWS - 1);
    if (side.narrows) {
      for (let row = 0; row < LIMB_ROWS; row++) move[row] = -move[row]!;
      limitSeamSlope(move, this.alongPx, LIMB_ROWS - 1);
      for (let row = 0; row < LIMB_ROWS; row++) move[row] = -move[row]!;
    }
    let hung = 0;
    for (let row = 0; row < LIMB_ROWS; row++) {
      const k = LIMB_ROWS * s + row;
      let w = move[row] !== 0 ? move[row]! / this.gain[row]! : 0;
      if (side.hangs) hung = w = Math.max(w, hung);
      this.seams.weightsM[k] = w;
    }
    return true;
  }

  /** How far from the limb's line (at px, py) side `side`'s edge may be put, px. */
  private reachPx(side: LimbSide, px: number, py: number, nx: number, ny: number, lm: ArrayLike<number>, cmPerPx: number, apartPx: number): number {
    if (side.reach === 'sleeve') return MAX_SLEEVE_OUTER_CM / cmPerPx;
    // Nothing worn on one leg reaches past the other hip.
    if (side.reach === 'legOuter') return apartPx;
    // Half-way to the other leg's line, along the normal: each leg covers its side of the divide.
    const ox = lm[2 * side.otherStart]!;
    const oy = lm[2 * side.otherStart + 1]!;
    const dx = lm[2 * side.otherEnd]! - ox;
    const dy = lm[2 * side.otherEnd + 1]! - oy;
    const det = ny * dx - nx * dy;
    const reach = Math.abs(det) > 1e-6 * Math.hypot(dx, dy) ? ((ox - px) * -dy + (oy - py) * dx) / det : 0;
    return reach > 0 ? reach / 2 : apartPx / 2;
  }
}
