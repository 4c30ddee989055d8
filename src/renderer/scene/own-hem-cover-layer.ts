import * as THREE from 'three';
import { PoseLandmark as L } from '../../shared/pose';
import type { PerSide } from '../tracking/own-hem-track';
import { glslFloat as f } from '../cloth/cloth-shading';
import { BandOverlay } from './band-overlay';
import { PERSON_MASK_GLSL, type PersonMaskTexture } from './person-mask-texture';

/**
 * Where a leg's band starts, as a place on its landmark path (0 hip, 1 knee): low enough that the shopper's own top
 * hanging past the hip line is never in it (the mirror clip's T-shirt ends ≈ 0.1 of the torso below the hips), and
 * every bottom worn over shorts covers the thigh at least this far.
 */
export const BAND_FROM_PLACE = 0.3;
/**
 * How far below the own hem the picture's row is taken that the band is filled from, as a place (a share of the
 * thigh: ≈ 2 cm on a 40 cm thigh): past the hem's shadow, its motion blur and a step of the reading.
 */
export const FILL_BELOW_HEM = 0.1;
/**
 * The lowest own hem covered, a place (a quarter of the way down the shin). Further down the shopper wears long
 * shorts, cropped trousers or a long skirt: stretching one row of the picture over that much leg would paint a
 * smear, not a leg, and their own bottoms stay in view.
 */
export const MAX_HEM_PLACE = 1.25;
/**
 * The band's half-widths from the leg's line, shares of the hip landmarks' distance: inwards to the middle between
 * the legs, outwards past the loosest shorts' side (the mirror clip's flare out ≈ 0.6 of it from the leg's line).
 */
export const BAND_INNER_OF_HIPS = 0.5;
export const BAND_OUTER_OF_HIPS = 1;
/**
 * How far the person mask is widened across the leg, a share of the hip landmarks' distance (≈ 0.7 cm): the mask
 * is the engine's, at a quarter of the picture's resolution or less, and its soft 0.5 line runs a few pixels inside
 * the shorts' outline — a grey fringe was left round the covered shorts.
 */
export const MASK_REACH_OF_HIPS = 0.06;
/**
 * From how far above the own hem the band is covered whatever its colour, a share of the thigh (≈ 1 cm): the hem's
 * pixels are half shorts and half leg, and keyed as "not skin" only by half they left a grey line across the leg.
 */
export const HEM_LINE_ABOVE = 0.025;
/**
 * A pixel is the shopper's skin (a hand in front of the band: kept) when its chromaticity is within these of their
 * leg's below the hem: all at the first, none past the second. Measured on the mirror clip's frame 40: his knee and
 * a lit or shaded thigh within 0.01 of each other; the shorts' grey blurred into the wooden wall (which leads in red
 * like skin: skin-chroma's red-lead rule took it for skin) 0.08–0.1 away, the wall itself 0.1.
 */
export const SKIN_CHROMA = [0.04, 0.07] as const;

/**
 * The person mask's values over which a skin-coloured pixel in the band is kept (a hand in front of the shorts):
 * none at the first, all at the second. The mask's soft edge (its 0.5 line a few pixels inside the shorts' outline)
 * is where the shorts' grey blends with the room.
 */
export const KEEP_SKIN_MASK = [0.6, 0.9] as const;

/** Where the shorts' colour is read either side of the thigh's line, in mask reaches (≈ 4 cm). */
export const SHORTS_SAMPLE_OF_REACH = 2.5;
/**
 * A pixel off the person mask near it is the shorts' when its chromaticity is within these of theirs (all at the
 * first, none past the second) and its luma within {@link SHORTS_LUMA} (the camo's patches, lit and shaded).
 */
export const SHORTS_CHROMA = [0.03, 0.06] as const;
export const SHORTS_LUMA = [0.3, 0.4] as const;

/** A leg's band, camera px: the quad's corners, and where the fill reads (filled in place by {@link ownHemBand}). */
export interface HemBand {
  /** The band's top on the leg's line, px (x, y). */
  readonly originPx: Float64Array;
  /** Unit vector down the thigh. */
  readonly axis: Float64Array;
  /** From the top to the row the band is filled from, px along `axis`. */
  lengthPx: number;
  /** From the top to where the band is covered whatever its colour (just above the own hem), px along `axis`. */
  solidFromPx: number;
  /** How far the person mask is widened across the leg, px. */
  maskReachPx: number;
  /** The quad, x, y interleaved: top-inner, top-outer, bottom-outer, bottom-inner, px. */
  readonly cornersPx: Float64Array;
}

export function createHemBand(): HemBand {
  return { originPx: new Float64Array(2), axis: new Float64Array(2), lengthPx: 0, solidFromPx: 0, maskReachPx: 0, cornersPx: new Float64Array(8) };
}

const LEGS = {
  left: { hip: L.leftHip, knee: L.leftKnee, ankle: L.leftAnkle, other: L.rightHip },
  right: { hip: L.rightHip, knee: L.rightKnee, ankle: L.rightAnkle, other: L.leftHip },
} as const;

/**
 * The band over which the shopper's own shorts are hidden under a worn bottom on one leg, written into `out`: from
 * {@link BAND_FROM_PLACE} of the thigh down to {@link FILL_BELOW_HEM} past the own hem (`hem`, a place on the leg:
 * OwnLegHems), along the thigh. False (and `out` untouched) where there is none: the hem not read, or below
 * {@link MAX_HEM_PLACE}, or a thigh of no length on the picture. Allocation-free.
 * @param imagePx landmarks, camera px interleaved (borrowed).
 */
export function ownHemBand(imagePx: ArrayLike<number>, side: 'left' | 'right', hem: number | null, out: HemBand): boolean {
  if (hem === null || !(hem <= MAX_HEM_PLACE)) return false;
  const leg = LEGS[side];
  const hx = imagePx[2 * leg.hip]!;
  const hy = imagePx[2 * leg.hip + 1]!;
  const kx = imagePx[2 * leg.knee]!;
  const ky = imagePx[2 * leg.knee + 1]!;
  const ox = imagePx[2 * leg.other]!;
  const oy = imagePx[2 * leg.other + 1]!;
  const thigh = Math.hypot(kx - hx, ky - hy);
  const hips = Math.hypot(ox - hx, oy - hy);
  if (!(thigh > 0) || !(hips > 0)) return false;
  const ux = (kx - hx) / thigh;
  const uy = (ky - hy) / thigh;
  // Places on the leg's path (0 hip, 1 knee, 2 ankle) as distances along the thigh's axis from the hip: past the knee,
  // the shin's share along that axis.
  const shin = (imagePx[2 * leg.ankle]! - kx) * ux + (imagePx[2 * leg.ankle + 1]! - ky) * uy;
  const top = alongThigh(BAND_FROM_PLACE, thigh, shin);
  const lengthPx = alongThigh(hem + FILL_BELOW_HEM, thigh, shin) - top;
  if (!(lengthPx > 0)) return false;
  // Across the thigh, pointing away from the other hip.
  let nx = -uy;
  let ny = ux;
  if (nx * (hx - ox) + ny * (hy - oy) < 0) {
    nx = -nx;
    ny = -ny;
  }
  const x0 = hx + top * ux;
  const y0 = hy + top * uy;
  out.originPx[0] = x0;
  out.originPx[1] = y0;
  out.axis[0] = ux;
  out.axis[1] = uy;
  out.lengthPx = lengthPx;
  out.solidFromPx = Math.max(0, alongThigh(Math.max(0, hem - HEM_LINE_ABOVE), thigh, shin) - top);
  out.maskReachPx = MASK_REACH_OF_HIPS * hips;
  const inner = BAND_INNER_OF_HIPS * hips;
  const outer = BAND_OUTER_OF_HIPS * hips;
  const c = out.cornersPx;
  c[0] = x0 - inner * nx;
  c[1] = y0 - inner * ny;
  c[2] = x0 + outer * nx;
  c[3] = y0 + outer * ny;
  c[4] = c[2] + lengthPx * ux;
  c[5] = c[3] + lengthPx * uy;
  c[6] = c[0] + lengthPx * ux;
  c[7] = c[1] + lengthPx * uy;
  return true;
}

function alongThigh(place: number, thighPx: number, shinPx: number): number {
  return place <= 1 ? place * thighPx : thighPx + (place - 1) * shinPx;
}

// The shopper's own bottoms inside the band (the person, not skin) are replaced by the picture's row just below
// their hem, carried up the thigh: the leg goes on up with the colour of its knee, and beside the leg the room
// shows as it does beside the knee. The worn garment is drawn over it; what shows is what the garment leaves.
const fragmentShader = /* glsl */ `
  uniform sampler2D videoMap;
  ${PERSON_MASK_GLSL}
  uniform vec2 frameSizePx;
  varying vec2 vFramePx;
  varying vec4 vBand;
  // x: the fill row's distance along the axis, y: where the band turns solid, z: the mask's reach across, px.
  varying vec3 vBandAlong;
  vec3 videoAt(vec2 px) {
    vec2 uv = px / frameSizePx;
    return texture2D(videoMap, vec2(uv.x, 1.0 - uv.y)).rgb;
  }
  void main() {
    vec3 here = videoAt(vFramePx);
    float sum = max(here.r + here.g + here.b, 1e-3);
    vec2 axis = vBand.zw;
    // The leg's own skin, on its line at the fill row (the reading found skin below the hem there).
    vec3 leg = videoAt(vBand.xy + vBandAlong.x * axis);
    float skin = 1.0 - smoothstep(${f(SKIN_CHROMA[0])}, ${f(SKIN_CHROMA[1])}, length(here / sum - leg / max(leg.r + leg.g + leg.b, 1e-3)));
    vec2 across = vec2(-axis.y, axis.x);
    vec2 reach = vBandAlong.z * across / frameSizePx;
    vec2 uv = vFramePx / frameSizePx;
    float core = personMaskAt(uv);
    float person = smoothstep(0.35, 0.65, max(core, max(personMaskAt(uv + reach), personMaskAt(uv - reach))));
    // Kept: skin well inside the person (a hand or forearm in front of the band). Along the person's outline the
    // shorts' grey blends with the room (a wooden wall leads in red like skin), and is covered.
    float keep = skin * smoothstep(${f(KEEP_SKIN_MASK[0])}, ${f(KEEP_SKIN_MASK[1])}, core);
    float u = dot(vFramePx - vBand.xy, axis);
    float cover = person * max(1.0 - keep, step(vBandAlong.y, u));
    // Past the mask (its outline is coarse, and misses the shorts' edge or the gap between the legs by a centimetre or
    // two): the pixels of the shorts' own colour near the person, read on the thigh's line halfway down the band.
    vec2 mid = vBand.xy + 0.5 * vBandAlong.y * axis;
    vec3 shorts = (videoAt(mid) + videoAt(mid + ${f(SHORTS_SAMPLE_OF_REACH)} * vBandAlong.z * across) + videoAt(mid - ${f(SHORTS_SAMPLE_OF_REACH)} * vBandAlong.z * across)) / 3.0;
    float near = max(person, smoothstep(0.2, 0.5, max(personMaskAt(uv + 3.0 * reach), personMaskAt(uv - 3.0 * reach))));
    float chroma = length(here / sum - shorts / max(shorts.r + shorts.g + shorts.b, 1e-3));
    float likeShorts = (1.0 - smoothstep(${f(SHORTS_CHROMA[0])}, ${f(SHORTS_CHROMA[1])}, chroma)) * (1.0 - smoothstep(${f(SHORTS_LUMA[0])}, ${f(SHORTS_LUMA[1])}, abs(dot(here - shorts, vec3(0.2126, 0.7152, 0.0722)))));
    cover = max(cover, near * likeShorts * (1.0 - keep));
    if (cover <= 0.0) discard;
    float v = dot(vFramePx - vBand.xy, across);
    // The camera picture as the background plane draws it (no colour conversion: the video texture's values are
    // what the screen shows).
    vec3 fill = videoAt(vBand.xy + vBandAlong.x * axis + v * across);
    gl_FragColor = vec4(fill, cover);
  }
`;

/**
 * Hides the shopper's own shorts (or skirt) where a worn bottom shorter than them would leave them showing under its
 * hem (Bermudas over knee-length shorts, a mini skirt): drawn after the camera picture and before every garment,
 * over each leg's {@link ownHemBand}, it paints the picture's row from just below the own hem over the own
 * bottoms' pixels (the person mask's, not skin-coloured). Nothing of it shows where the garment covers. Only with
 * a real person mask (without one, the room is "person" too). Owns its geometry and material; borrows the video
 * and mask textures.
 */
export class OwnHemCoverLayer {
  private readonly overlay: BandOverlay;
  private readonly mask: PersonMaskTexture;
  /** This frame's bands, the wearer's left leg's then the right's (rewritten in place). */
  readonly bandsNow: readonly [HemBand, HemBand] = [createHemBand(), createHemBand()];
  /** Whether each leg has a band this frame. */
  readonly bandOn: [boolean, boolean] = [false, false];
  /** A band's values for the shader (rewritten per band). */
  private readonly along = new Float64Array(3);
  private readonly extras = { bandAlong: this.along };

  /** @param renderOrder after the camera picture, before every garment. */
  constructor(videoTexture: THREE.Texture, mask: PersonMaskTexture, renderOrder: number) {
    this.mask = mask;
    this.overlay = new BandOverlay({ uniforms: { videoMap: { value: videoTexture }, ...mask.uniforms, frameSizePx: { value: new THREE.Vector2(1, 1) } }, fragmentShader }, renderOrder, { bandAlong: 3 });
  }

  get object(): THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial> {
    return this.overlay.object;
  }

  /** Off for `atelier tryon`'s coverage pass (the garment's alone): hides the layer at once, and on shows it again. */
  set enabled(on: boolean) {
    this.overlay.enabled = on;
  }

  /**
   * @param imagePx landmarks in camera pixels, interleaved (borrowed); null hides the layer (no bottom worn).
   * @param hems where the own shorts end on each leg (OwnHemTrack over PoseFrame.ownLegHems).
   */
  update(imagePx: ArrayLike<number> | null, hems: PerSide, frameWidthPx: number, frameHeightPx: number): void {
    this.overlay.begin();
    if (!imagePx || !this.mask.hasMask) return;
    let any = false;
    for (let i = 0; i < 2; i++) {
      const k = i as 0 | 1;
      const band = this.bandsNow[k];
      const on = ownHemBand(imagePx, k === 0 ? 'left' : 'right', k === 0 ? hems.left : hems.right, band);
      this.bandOn[k] = on;
      any ||= on;
      this.along[0] = band.lengthPx;
      this.along[1] = band.solidFromPx;
      this.along[2] = band.maskReachPx;
      this.overlay.setBand(k, on ? band : null, this.extras);
    }
    if (any) this.overlay.show(frameWidthPx, frameHeightPx);
  }

  dispose(): void {
    this.overlay.dispose();
  }
}
