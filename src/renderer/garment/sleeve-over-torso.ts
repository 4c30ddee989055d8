import { PoseLandmark as L } from '../../shared/pose';
import { armInFront, WRIST_IN_FRONT_M } from '../scene/occlusion-regions';

/**
 * An upper arm within this angle of the torso's line (mid-shoulders → mid-hips) hangs along the body. Arms hanging at
 * the sides measure 4–10° on COCO 241 and 6–27° on the mirror clip's runner; a sleeve of an arm held out further
 * lies beside the torso in the picture, where under or over makes no difference but at the armpit (under: the
 * torso's side seam stays clean).
 */
export const ARM_ALONG_TORSO_DEG = 35;

/**
 * Is this side's sleeve drawn over the garment's torso (its upper rows too, one tube from the shoulder to the cuff)?
 * When the arm is in front of the body ({@link armInFront}), and when it hangs along the torso: seen from the front a
 * hanging arm lies beside the chest, over the torso panel's side, and its sleeve over the panel's edge. Under it, a
 * tee's short sleeves were hidden whole by the panel (drawn at the shoulders' flat width, wider than a hanging arm's
 * reach out from the chest: COCO 241). An upper arm swung back (the elbow behind the shoulder by
 * {@link WRIST_IN_FRONT_M}, world landmarks) is behind the body: its sleeve stays under.
 *
 * @param imagePx camera pixels, interleaved x, y for 33 landmarks (borrowed).
 * @param worldM world landmarks, metres, interleaved x, y, z (borrowed); null when the engine sent none.
 */
export function sleeveOverTorso(side: 'left' | 'right', imagePx: ArrayLike<number>, worldM: ArrayLike<number> | null): boolean {
  if (armInFront(side, imagePx, worldM)) return true;
  const shoulder = side === 'left' ? L.leftShoulder : L.rightShoulder;
  const elbow = side === 'left' ? L.leftElbow : L.rightElbow;
  if (worldM && worldM.length >= 99 && worldM[3 * elbow + 2]! > worldM[3 * shoulder + 2]! + WRIST_IN_FRONT_M) return false;
  const downX = (imagePx[2 * L.leftHip]! + imagePx[2 * L.rightHip]! - imagePx[2 * L.leftShoulder]! - imagePx[2 * L.rightShoulder]!) / 2;
  const downY = (imagePx[2 * L.leftHip + 1]! + imagePx[2 * L.rightHip + 1]! - imagePx[2 * L.leftShoulder + 1]! - imagePx[2 * L.rightShoulder + 1]!) / 2;
  const armX = imagePx[2 * elbow]! - imagePx[2 * shoulder]!;
  const armY = imagePx[2 * elbow + 1]! - imagePx[2 * shoulder + 1]!;
  const lengths = Math.hypot(downX, downY) * Math.hypot(armX, armY);
  if (!(lengths > 0)) return false;
  return (downX * armX + downY * armY) / lengths >= Math.cos((ARM_ALONG_TORSO_DEG * Math.PI) / 180);
}
