import { BENDING_LENGTH_M, fabricOf } from '../../../shared/fabric';
import { HUMANOID_T_POSE_M as JOINTS } from '../../../shared/humanoid';
import type { ProductSpec } from '../catalog';
import type { DraftedDress } from '../pattern/draft-dress';
import { dressDraftFor, hasDressPattern, SAMPLE_SIZE } from '../pattern/pattern-product';
import { sizeRun, type BodyMm } from '../pattern/size-run';
import { girthProfile, legCollider, pelvisCollider, type LegCapsule } from './body';
import type { Collider } from './cloth';
import { drapeSkirt, type DrapedSkirt, type SkirtPiece } from './drape-skirt';
import { COLUMNS, RINGS } from './product-drape';

/**
 * The 3D garments' skirts from the build-time drape (issue 14 point 4 in 3D): a dress's drafted skirt hung by the
 * XPBD solver (drape-skirt.ts, the same solver, mesh resolution and fabric as the 2D pictures') on a body whose legs
 * are the GLB skeleton's, so the draped cloth — its flutes, its wavy hem — is the GLB skirt's rest shape and the
 * mirror's cloth (sim-skirt-3d.ts) starts from it with the legs where its capsules are.
 *
 * Frame: metres, the skirt's waist seam at y = 0, y up, x to the wearer's left, z forwards (drape-skirt.ts's, and the
 * GLB's axes): the caller moves it to the skeleton's waist.
 */

/**
 * The body the GLB's skirt is draped on: the sample size's standard body (FreeSewing's, `@freesewing/models`) on the
 * humanoid skeleton the GLB is skinned to (src/shared/humanoid.ts), so the drape rests on the legs the mirror's
 * cloth collides with (capsules on the skeleton's hip → knee → ankle joints):
 * - two legs on the skeleton's joints, the body's own girths (thigh at the top, tapering to the knee; the knee's
 *   down the shin), each thigh's top at its hip joint less its radius (where the capsule's rounded top meets the
 *   pelvis: the crotch);
 * - above them the body's pelvis, elliptical sections through waist → hips → seat as body.ts, its depths below the
 *   waist scaled so the seat's lower edge is that crotch (the skeleton's pelvis is shorter than the standard
 *   body's: its proportions are the mirror's, the girths the body's).
 * @param waistY the skeleton's height of the skirt's waist seam, m: the joints are placed relative to it.
 */
export function rigBody(body: BodyMm, waistY: number): Collider[] {
  const m = (name: string): number => {
    const v = body[name];
    if (!(typeof v === 'number' && v > 0)) throw new Error(`the rig body needs ${name} (mm), the body has ${String(v)}`);
    return v / 1000;
  };
  const thighR = m('upperLeg') / (2 * Math.PI);
  const kneeR = m('knee') / (2 * Math.PI);
  const legX = JOINTS.leftUpperLeg[0];
  const pelvisBottom = JOINTS.leftUpperLeg[1] - thighR - waistY;
  if (!(pelvisBottom < 0)) throw new Error(`the skeleton's crotch (${pelvisBottom.toFixed(2)} m) is above the skirt's waist`);
  const k = pelvisBottom / -m('waistToUpperLeg');
  const girths: Array<[number, number]> = [
    [0, m('waist')],
    [-k * m('waistToHips'), m('hips')],
    [-k * m('waistToSeat'), m('seat')],
    [pelvisBottom, m('seat')],
  ];
  const girthAt = girthProfile(girths);
  const pelvis = pelvisCollider(girthAt, pelvisBottom);
  const kneeY = JOINTS.leftLowerLeg[1] - waistY;
  const ankleY = JOINTS.leftFoot[1] - waistY;
  const legs: LegCapsule[] = [];
  for (const side of [1, -1]) {
    legs.push({ x: side * legX, y0: pelvisBottom, y1: kneeY, r0: thighR, r1: kneeR });
    legs.push({ x: side * legX, y0: kneeY, y1: ankleY, r0: kneeR, r1: kneeR });
  }
  if (!(kneeY < pelvisBottom)) throw new Error(`the skeleton's knee (${kneeY.toFixed(2)} m) is above the body's crotch (${pelvisBottom.toFixed(2)} m below the waist)`);
  const legColliders = legs.map(legCollider);
  return [pelvis, ...legColliders];
}

/**
 * A dress's drafted skirt as cloth, its girth as draftDress cuts it: a flared skirt's cone (girth growing linearly
 * from the waist seam), a bias slip's straight gores out to the seat's girth plus its ease, flaring below the seat.
 */
export function draftedDressSkirtPiece(draft: DraftedDress, body: BodyMm, bendingLengthM: number): SkirtPiece {
  const { flareOfCircle, lengthMm, hemMm } = draft.skirt;
  const waistMm = draft.measurementsCm.waist * 10;
  const seatGirthMm = draft.measurementsCm.hip * 10;
  const toSeatMm = body.waistToSeat;
  if (!(typeof toSeatMm === 'number' && toSeatMm > 0)) throw new Error(`a dress skirt needs the body's waistToSeat (mm), it has ${String(toSeatMm)}`);
  // The draft's hem tells which: a cone reaches it from the waist, a slip from the seat.
  const coneHemMm = waistMm + 2 * Math.PI * flareOfCircle * lengthMm;
  const slip = Math.abs(coneHemMm - hemMm) > 1;
  const girthMm = (tMm: number): number => {
    const t = Math.max(0, tMm);
    if (!slip) return waistMm + 2 * Math.PI * flareOfCircle * t;
    return t <= toSeatMm ? waistMm + ((seatGirthMm - waistMm) * t) / toSeatMm : seatGirthMm + 2 * Math.PI * flareOfCircle * (t - toSeatMm);
  };
  const piece: SkirtPiece = { girthM: (sM) => girthMm(sM * 1000) / 1000, lengthM: lengthMm / 1000, bendingLengthM };
  if (Math.abs(girthMm(lengthMm) - hemMm) > 1) throw new Error(`the dress skirt's hem girth ${girthMm(lengthMm).toFixed(0)} mm is not the draft's ${hemMm.toFixed(0)} mm`);
  return piece;
}

const cache = new Map<string, DrapedSkirt>();

/**
 * The product's dress skirt draped for its GLB, at the sample size (the GLB's measurements), its waist seam at
 * `waistY` on the skeleton, on {@link rigBody}: the same solver, mesh and fabric as the 2D picture's drape
 * (product-drape.ts), on the legs the mirror's cloth collides with — the 2D picture's standing body has its thighs
 * touching under the seat, ≈ 3 cm in from the skeleton's hip joints, and its drape would start inside the mirror's
 * leg capsules. Solved once per process per product and waist. Undefined for a product without a dress pattern.
 * Deterministic: the same bytes every build.
 */
export function draped3dDressSkirt(spec: ProductSpec, waistY: number): DrapedSkirt | undefined {
  if (!hasDressPattern(spec)) return undefined;
  const key = `${spec.id} ${waistY}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const body = sizeRun(spec.category)[SAMPLE_SIZE];
  const bendingLengthM = BENDING_LENGTH_M[fabricOf({ categoryId: spec.category, name: spec.name, description: spec.description, tags: spec.tags })];
  const piece = draftedDressSkirtPiece(dressDraftFor(spec, SAMPLE_SIZE), body, bendingLengthM);
  const colliders = rigBody(body, waistY);
  const skirt = drapeSkirt(piece, { waistGirthM: piece.girthM(0), colliders, inside: () => false }, RINGS, COLUMNS);
  cache.set(key, skirt);
  return skirt;
}

/** Forgets the solved drapes (the determinism test solves them twice). */
export function clearDrape3dCache(): void {
  cache.clear();
}
