/**
 * A skirt (a dress's or a skirt's part below the hips) as the cloth solver sees it: a tube pinned round the hips,
 * flaring to its hem, around the legs. Builds the {@link HemSpec} from the garment's own widths and length, and each
 * frame's {@link HemInput} from the tracked pose.
 *
 * Frame ("body metres"): x and y are the camera picture's axes (right, down) in metres at the body's scale, z is
 * BlazePose's world depth (metres, away from the camera). Gravity is +y. Used by the 2D hem (garment-layer.ts).
 */
import { hipJointCentreAt } from '../../shared/hip-joint-centre';
import { PoseLandmark as L } from '../../shared/pose';
import type { HemSpec } from './sim-hem';

/** Vertices round the tube: 16 puts one every ≈ 6 cm round a 100 cm hip. */
export const SKIRT_COLUMNS = 16;
/** Vertices down, the pinned ring included: 7 rows, a cell every ≈ 10 cm of a knee-length skirt. */
export const SKIRT_ROWS = 7;
/** Legs: thigh and shank, wearer's left then right. */
export const SKIRT_CAPSULES = 4;
/**
 * Hip depth over hip breadth (ANSUR II medians: buttock depth ≈ 25 cm, hip breadth ≈ 36 cm): the ring round the
 * hips is an ellipse this much shallower than it is wide.
 */
const HIP_DEPTH_OVER_BREADTH = 0.7;
/**
 * The legs' girths, metres: the body the demo's dresses and skirts are drafted for at M (FreeSewing's
 * `cisFemaleAdult` matched to the chart, core/demo/pattern/size-run.ts; hem-sim.test.ts checks them against it). The
 * thigh tapers from its girth at the crotch (`upperLeg` 57 cm) to the knee's (`knee` 38 cm); a capsule has one
 * radius, and the mean girth's is the cylinder that strays least from that cone (±1.5 cm at its ends). The shank's is
 * the knee's: its top, where a skirt's hem reaches it.
 */
export const THIGH_GIRTH_M = (0.57 + 0.38) / 2;
export const KNEE_GIRTH_M = 0.38;
/** The thighs' and shanks' capsule radii, metres (7.56 and 6.05 cm), for the 2D hem and the 3D layer's legs. */
export const THIGH_RADIUS_M = THIGH_GIRTH_M / (2 * Math.PI);
export const SHANK_RADIUS_M = KNEE_GIRTH_M / (2 * Math.PI);

/** The legs' capsules: from landmark, to landmark, radius (a hip landmark stands for its joint centre). */
const LIMBS = [
  [L.leftHip, L.leftKnee, THIGH_RADIUS_M],
  [L.leftKnee, L.leftAnkle, SHANK_RADIUS_M],
  [L.rightHip, L.rightKnee, THIGH_RADIUS_M],
  [L.rightKnee, L.rightAnkle, SHANK_RADIUS_M],
] as const;

/** The other side's hip landmark, for a hip's joint centre; −1 for the knees and ankles (the landmark is the joint). */
const otherHip = (i: number): number => (i === L.leftHip ? L.rightHip : i === L.rightHip ? L.leftHip : -1);

/** The skirt's size, metres. */
export interface SkirtSizeM {
  /** Half the garment's width at the hips (the pinned ring's half breadth). */
  hipHalfM: number;
  /** Half its width at the hem. */
  hemHalfM: number;
  /** From the hips down to the hem. */
  lengthM: number;
}

/** The tube at rest round the origin: ring angle θ from +x through +z (the back) — sin θ < 0 is the front. */
export function skirtSpec(size: SkirtSizeM): HemSpec {
  const restM = new Float32Array(SKIRT_COLUMNS * SKIRT_ROWS * 3);
  const hipDepthHalfM = HIP_DEPTH_OVER_BREADTH * size.hipHalfM;
  // The flare adds the same all round: the hem's depth grows by what its breadth grows.
  const hemDepthHalfM = hipDepthHalfM + Math.max(0, size.hemHalfM - size.hipHalfM);
  for (let r = 0; r < SKIRT_ROWS; r++) {
    const t = r / (SKIRT_ROWS - 1);
    const a = size.hipHalfM + (size.hemHalfM - size.hipHalfM) * t;
    const b = hipDepthHalfM + (hemDepthHalfM - hipDepthHalfM) * t;
    for (let c = 0; c < SKIRT_COLUMNS; c++) {
      const theta = (2 * Math.PI * c) / SKIRT_COLUMNS;
      const i = 3 * (r * SKIRT_COLUMNS + c);
      restM[i] = a * Math.cos(theta);
      restM[i + 1] = size.lengthM * t;
      restM[i + 2] = b * Math.sin(theta);
    }
  }
  return { columns: SKIRT_COLUMNS, rows: SKIRT_ROWS, closed: true, restM, gravity: [0, 9.81, 0], capsuleCount: SKIRT_CAPSULES };
}

/** Per frame: where the hips' ring and the legs are (body metres), into caller-owned arrays. */
export class SkirtBody {
  /** x, y, z per pin (the ring), metres. */
  readonly pinsM = new Float32Array(SKIRT_COLUMNS * 3);
  /** Four capsules of seven numbers (see HemInput). */
  readonly capsulesM = new Float32Array(SKIRT_CAPSULES * 7);
  /** The ring's axes: across the hips, down, into the picture. */
  readonly axes = new Float32Array(9);
  private readonly restPin: Float32Array;

  constructor(spec: HemSpec) {
    this.restPin = spec.restM.slice(0, SKIRT_COLUMNS * 3);
  }

  /**
   * Reads the pose. Allocation-free.
   * @param landmarksPx 33 landmarks, camera pixels, interleaved x, y (borrowed).
   * @param worldM 33 world landmarks, metres, interleaved x, y, z (borrowed); null: the body is taken as flat.
   * @param mPerPx the body's scale, metres per camera pixel.
   * @param hipPx where the garment's hips are drawn (the pinned ring's centre), camera pixels: the hips' centre.
   */
  update(landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, mPerPx: number, hipXPx: number, hipYPx: number): void {
    const z = (i: number): number => (worldM ? worldM[3 * i + 2]! : 0);
    // Across the hips from the wearer's right to their left, in x and depth (a turn of the body turns the skirt).
    let ex = (landmarksPx[2 * L.leftHip]! - landmarksPx[2 * L.rightHip]!) * mPerPx;
    let ez = z(L.leftHip) - z(L.rightHip);
    const n = Math.hypot(ex, ez) || 1;
    ex /= n;
    ez /= n;
    const ax = this.axes;
    // e1 = across, e2 = down (gravity), e3 = e1 × e2 (into the picture when the body faces the camera).
    ax[0] = ex;
    ax[1] = 0;
    ax[2] = ez;
    ax[3] = 0;
    ax[4] = 1;
    ax[5] = 0;
    ax[6] = -ez;
    ax[7] = 0;
    ax[8] = ex;
    const cx = hipXPx * mPerPx;
    const cy = hipYPx * mPerPx;
    const cz = (z(L.leftHip) + z(L.rightHip)) / 2;
    for (let c = 0; c < SKIRT_COLUMNS; c++) {
      const rx = this.restPin[3 * c]!;
      const rz = this.restPin[3 * c + 2]!;
      this.pinsM[3 * c] = cx + ax[0]! * rx + ax[6]! * rz;
      this.pinsM[3 * c + 1] = cy;
      this.pinsM[3 * c + 2] = cz + ax[2]! * rx + ax[8]! * rz;
    }
    for (let k = 0; k < LIMBS.length; k++) {
      const [a, b, radiusM] = LIMBS[k]!;
      const o = 7 * k;
      // The thigh turns about the hip joint's centre, inside BlazePose's hip landmark (shared/hip-joint-centre.ts).
      const h = otherHip(a);
      this.capsulesM[o] = (h < 0 ? landmarksPx[2 * a]! : hipJointCentreAt(landmarksPx[2 * a]!, landmarksPx[2 * h]!)) * mPerPx;
      this.capsulesM[o + 1] = (h < 0 ? landmarksPx[2 * a + 1]! : hipJointCentreAt(landmarksPx[2 * a + 1]!, landmarksPx[2 * h + 1]!)) * mPerPx;
      this.capsulesM[o + 2] = h < 0 ? z(a) : hipJointCentreAt(z(a), z(h));
      this.capsulesM[o + 3] = landmarksPx[2 * b]! * mPerPx;
      this.capsulesM[o + 4] = landmarksPx[2 * b + 1]! * mPerPx;
      this.capsulesM[o + 5] = z(b);
      this.capsulesM[o + 6] = radiusM;
    }
  }
}
