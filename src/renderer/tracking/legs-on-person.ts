import type { PersonMaskInput } from '../garment/leg-silhouette';
import { PersonMaskSampler } from '../../shared/person-mask-at';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * BlazePose sometimes puts a leg on somebody else: on `video.avi` (a man walking past in profile, a woman close
 * beside him) his right knee and ankle land on her leg with visibility 0.99–1.00, his world thighs come out 31.5 and
 * 50.8 cm, and every garment followed — the 3D chinos' leg, the 2D trousers and the dresses' skirts stretched
 * across to her feet. The person mask, from the same model's own segmentation of the person it tracks, is not fooled:
 * that leg's line runs off it (16 of its 18 samples), where on every third frame of the mirror clip and on 17 of the
 * 20 shared photos no leg has more than 3 of 18 off. A leg whose line lies mostly off the person is not theirs: it is
 * hung straight from its hip, along the torso's axis or beside the other leg, whichever lies more on the person, at
 * the other leg's lengths, so the garments hang on the body instead of reaching across the picture.
 */

/** Samples along each of a leg's two segments, hip → knee and knee → ankle, ends included. */
const SAMPLES_PER_SEGMENT = 9;
/** A leg is judged only with at least this many samples in the picture and inside the mask's square. */
const MIN_JUDGED_SAMPLES = 8;
/**
 * The share of a leg's judged samples off the person above which it is re-hung, and at or under which a re-hung leg
 * is the pose's own again. Between the two a leg keeps what it was on the frame before, so a leg whose line hovers
 * about half off does not jump between the pose's place and the hip's from frame to frame.
 */
const OFF_SHARE_TO_REHANG = 0.5;
const OFF_SHARE_TO_RELEASE = 0.25;
/** A mask value under this reads as not the person (the 0.5 the renderer's shaders use). */
const PERSON_OF_255 = 128;
/**
 * The leg's lengths as shares of the torso's (the shoulder line to the hip joints) where neither leg can lend its own:
 * thigh 0.245 and shank 0.246 of the stature against the torso's 0.288 (Drillis & Contini 1966's segment lengths:
 * shoulder height 0.818, hip 0.530, knee 0.285, ankle 0.039 of the stature).
 */
const THIGH_OF_TORSO = 0.245 / 0.288;
const SHANK_OF_TORSO = 0.246 / 0.288;

/** The landmarks of each leg, hip first: hip, knee, ankle, heel, foot index. */
const LEGS = [
  [L.leftHip, L.leftKnee, L.leftAnkle, L.leftHeel, L.leftFootIndex],
  [L.rightHip, L.rightKnee, L.rightAnkle, L.rightHeel, L.rightFootIndex],
] as const;

/**
 * Checks the pose's legs against the person mask, frame by frame, and re-hangs a leg that is not on the person (see
 * above). Allocation-free per frame.
 */
export class LegsOnPerson {
  /** The legs re-hung on the last {@link apply}: bit 0 the wearer's left, bit 1 the right. */
  replaced = 0;
  /** Per leg re-hung on the last {@link apply}: 1 hung beside the other leg, 0 along the torso's axis. */
  readonly sidesHung = new Uint8Array(2);
  /** A candidate leg's hip, knee and ankle, picture px ({@link hungLeg}). */
  private readonly points = new Float64Array(6);
  private sampler: PersonMaskSampler | null = null;

  /** Forgets the legs re-hung before (a new person, or nobody). */
  reset(): void {
    this.replaced = 0;
  }

  /**
   * @param landmarksPx 33 landmarks, camera px, interleaved x, y (mended in place).
   * @param worldM 33 world landmarks, metres, interleaved x, y, z (mended in place), or null.
   * @param personMask the person mask and the frame it is placed in; null: nothing is checked.
   */
  apply(landmarksPx: Float64Array, worldM: Float64Array | null, personMask: PersonMaskInput | null): void {
    const before = this.replaced;
    this.replaced = 0;
    this.sidesHung.fill(0);
    if (!personMask) return;
    if (this.sampler?.mask !== personMask.mask) this.sampler = new PersonMaskSampler(personMask.mask);
    for (let leg = 0; leg < 2; leg++) {
      const off = this.offShare(landmarksPx, LEGS[leg]!, personMask.frameWidthPx, personMask.frameHeightPx);
      const wasRehung = (before & (1 << leg)) !== 0;
      if (off > OFF_SHARE_TO_REHANG || (wasRehung && off > OFF_SHARE_TO_RELEASE)) this.replaced |= 1 << leg;
    }
    if (this.replaced === 0) return;
    for (let leg = 0; leg < 2; leg++) {
      if (!(this.replaced & (1 << leg))) continue;
      const other = this.replaced & (1 << (1 - leg)) ? null : LEGS[1 - leg]!;
      // The lengths in the world (metres, not foreshortened), as shares of the torso's there; the picture's leg at the
      // same shares of the picture's torso: the other leg may point at the camera, its picture thigh a stub.
      const worldTorso = worldM ? torsoLength(worldM, 3) : 0;
      const thighOfTorso = other && worldTorso > 1e-9 ? segmentLength(worldM!, 3, other[0]!, other[1]!) / worldTorso : THIGH_OF_TORSO;
      const shankOfTorso = other && worldTorso > 1e-9 ? segmentLength(worldM!, 3, other[1]!, other[2]!) / worldTorso : SHANK_OF_TORSO;
      // Which way down: along the torso's axis, or beside the other leg (parallel to its hip → ankle), whichever line
      // lies more on the person. A walker's torso slants in the picture (video.avi frame 60: his hips 25 px ahead of his
      // shoulders over 96 px), a leg hung on that axis stands out in front of him, and the other leg, on him, says
      // where his legs are.
      let beside: readonly number[] | null = null;
      if (other) {
        const alongAxis = this.offShare(hungLeg(landmarksPx, LEGS[leg]!, thighOfTorso, shankOfTorso, null, this.points), LINE, personMask.frameWidthPx, personMask.frameHeightPx);
        const alongOther = this.offShare(hungLeg(landmarksPx, LEGS[leg]!, thighOfTorso, shankOfTorso, other, this.points), LINE, personMask.frameWidthPx, personMask.frameHeightPx);
        if (alongOther < alongAxis) beside = other;
      }
      this.sidesHung[leg] = beside ? 1 : 0;
      rehang(landmarksPx, 2, LEGS[leg]!, thighOfTorso, shankOfTorso, beside);
      if (worldM) rehang(worldM, 3, LEGS[leg]!, thighOfTorso, shankOfTorso, beside);
    }
  }

  /**
   * The share of the leg's judged samples off the person; 0 when too few can be judged.
   * @param lm points, picture px, interleaved x, y; `leg` indexes its hip, knee and ankle among them.
   */
  private offShare(lm: Float64Array, leg: readonly number[], widthPx: number, heightPx: number): number {
    const sampler = this.sampler!;
    let judged = 0;
    let off = 0;
    for (let segment = 0; segment < 2; segment++) {
      const from = leg[segment]!;
      const to = leg[segment + 1]!;
      for (let i = 0; i < SAMPLES_PER_SEGMENT; i++) {
        const t = i / (SAMPLES_PER_SEGMENT - 1);
        const x = lm[2 * from]! + t * (lm[2 * to]! - lm[2 * from]!);
        const y = lm[2 * from + 1]! + t * (lm[2 * to + 1]! - lm[2 * from + 1]!);
        // Off the frame or below the tracker's crop the mask says nothing of the person.
        const value = sampler.judgedAt(x, y, widthPx, heightPx);
        if (Number.isNaN(value)) continue;
        judged++;
        if (value < PERSON_OF_255) off++;
      }
    }
    return judged >= MIN_JUDGED_SAMPLES ? off / judged : 0;
  }
}

/** The torso's axis (the shoulders' midpoint → the hips') into `axis`; its length. `n` coordinates a landmark. */
function torsoAxis(lm: ArrayLike<number>, n: 2 | 3, axis: number[]): number {
  let squared = 0;
  for (let k = 0; k < n; k++) {
    axis[k] = (lm[n * L.leftHip + k]! + lm[n * L.rightHip + k]! - lm[n * L.leftShoulder + k]! - lm[n * L.rightShoulder + k]!) / 2;
    squared += axis[k]! * axis[k]!;
  }
  return Math.sqrt(squared);
}

const scratchAxis = [0, 0, 0];

function torsoLength(lm: ArrayLike<number>, n: 2 | 3): number {
  return torsoAxis(lm, n, scratchAxis);
}

function segmentLength(lm: ArrayLike<number>, n: 2 | 3, a: number, b: number): number {
  let squared = 0;
  for (let k = 0; k < n; k++) squared += (lm[n * a + k]! - lm[n * b + k]!) ** 2;
  return Math.sqrt(squared);
}

/** {@link LegsOnPerson.offShare}'s indices of a candidate leg's hip, knee and ankle in {@link hungLeg}'s points. */
const LINE = [0, 1, 2] as const;
const scratchDown = [0, 0, 0];

/**
 * The unit down a re-hung leg into `scratchDown` (the torso's axis, or `beside`'s hip → ankle); the torso's length,
 * or 0 when there is no axis to hang from. `n` coordinates a landmark.
 */
function downOf(lm: ArrayLike<number>, n: 2 | 3, beside: readonly number[] | null): number {
  const torso = torsoAxis(lm, n, scratchAxis);
  if (!(torso > 1e-9)) return 0;
  const along = beside ? segmentLength(lm, n, beside[0]!, beside[2]!) : 0;
  for (let k = 0; k < n; k++) scratchDown[k] = along > 1e-9 ? (lm[n * beside![2]! + k]! - lm[n * beside![0]! + k]!) / along : scratchAxis[k]! / torso;
  return torso;
}

/** The picture's hip, knee and ankle `leg` would have re-hung ({@link rehang}), into `out` (x, y each); `out`. */
function hungLeg(lm: ArrayLike<number>, leg: readonly number[], thighOfTorso: number, shankOfTorso: number, beside: readonly number[] | null, out: Float64Array): Float64Array {
  const torso = downOf(lm, 2, beside);
  for (let k = 0; k < 2; k++) {
    out[k] = lm[2 * leg[0]! + k]!;
    out[2 + k] = out[k]! + thighOfTorso * torso * scratchDown[k]!;
    out[4 + k] = out[2 + k]! + shankOfTorso * torso * scratchDown[k]!;
  }
  return out;
}

/**
 * Hangs `leg` straight from its hip along the torso's axis, or beside the other leg `beside` (parallel to its hip →
 * ankle), its thigh and shank the given shares of the torso's length; its heel and foot index move with its ankle.
 * `n` coordinates a landmark (2 picture, 3 world).
 */
function rehang(lm: Float64Array, n: 2 | 3, leg: readonly number[], thighOfTorso: number, shankOfTorso: number, beside: readonly number[] | null): void {
  const torso = downOf(lm, n, beside);
  if (torso === 0) return;
  const [hip, knee, ankle, heel, foot] = leg as readonly [number, number, number, number, number];
  for (let k = 0; k < n; k++) {
    const down = scratchDown[k]!;
    const oldAnkle = lm[n * ankle + k]!;
    lm[n * knee + k] = lm[n * hip + k]! + thighOfTorso * torso * down;
    lm[n * ankle + k] = lm[n * knee + k]! + shankOfTorso * torso * down;
    const moved = lm[n * ankle + k]! - oldAnkle;
    lm[n * heel + k] = lm[n * heel + k]! + moved;
    lm[n * foot + k] = lm[n * foot + k]! + moved;
  }
}
