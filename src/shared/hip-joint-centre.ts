/**
 * Where the hip joints are, from BlazePose's two hip landmarks. BlazePose's "hips" are not the joint centres: on the
 * sway track's body they stand 24.9 cm apart, a pelvis's width, where the femoral heads of an adult lie ≈ 18 cm
 * apart. The landmarks' spacing is taken as the pelvis width PW (the inter-ASIS distance the gait-lab rules start
 * from; adults' ≈ 23–27 cm) and each joint centre is put on the line between them, {@link HJC_LATERAL_OF_PELVIS_WIDTH}
 * of PW out from its midpoint.
 */

/**
 * Each hip joint centre lies 0.36 × PW lateral of the pelvis's midline: Bell, Pedersen & Brand 1990 (J. Biomech.
 * 23(6):617–621), the same as Bell, Brand & Pedersen 1989's 14 % of PW medial of each ASIS (Human Movement Science
 * 8:3–16). Harrington et al. 2007 (J. Biomech. 40(3):595–602, MRI) give 0.33 × PW + 7.3 mm: 89.5 mm against Bell's
 * 89.6 mm for PW = 249 mm, so the two rules agree here to 0.1 mm a side.
 */
export const HJC_LATERAL_OF_PELVIS_WIDTH = 0.36;

/**
 * The hip joint centre on the side of `side`, along one axis: from the landmarks' midpoint towards `side`'s landmark,
 * 2 × {@link HJC_LATERAL_OF_PELVIS_WIDTH} of the way (any space: pixels, metres, depth).
 * @param side this side's hip landmark's coordinate.
 * @param other the other side's.
 */
export function hipJointCentreAt(side: number, other: number): number {
  const mid = (side + other) / 2;
  return mid + 2 * HJC_LATERAL_OF_PELVIS_WIDTH * (side - mid);
}
