import * as THREE from 'three';
import { PoseLandmark as L } from '../../shared/pose';
import { torsoLineAt } from '../../shared/own-top-hems';
import type { PerSide } from '../tracking/own-hem-track';
import { glslFloat as f } from '../cloth/cloth-shading';
import { createHemBand, type HemBand } from './own-hem-cover-layer';
import { BandOverlay } from './band-overlay';
import { PERSON_MASK_GLSL, type PersonMaskTexture } from './person-mask-texture';

/**
 * How far above the own top's hem its band starts, a place on the torso line (a share of shoulders → hips, ≈ 15 cm):
 * every top worn over it that is shorter ends within that of their own hem (a cropped top further up leaves their
 * own top in view above the band, as a layered look would).
 */
export const TOP_BAND_ABOVE = 0.3;
/**
 * How far below the own hem (read on the torso line) the band reaches, a place (≈ 3.5 cm): its fill line, from
 * which the picture below is carried up. Past the hem's shadow and curl, a step of the reading, and the hem's curve
 * down to the top's sides (the mirror clip's T-shirt hangs ≈ 2 cm lower at its sides than a quarter in).
 */
export const TOP_FILL_BELOW = 0.07;
/**
 * The fill: the picture below the fill line moved up by this, a place (≈ 3 cm), and by whole multiples of it further
 * up, each copy cross-faded into the next; it reads at most twice this below the line (further down lie the crotch's
 * shadow and the gap between the legs). One row carried up streaks; the picture mirrored about the line made chevrons
 * of the shorts' diagonal folds (both tried on the mirror clip, frames 40 and 60 at the kiosk's size).
 */
export const TOP_COPY_REACH = 0.06;
/** Over how far above the fill line the band fades in over the picture, a place (≈ 1.5 cm): no seam at the line. */
export const TOP_LINE_BLEND = 0.03;
/**
 * Where the two sides' bands meet at the torso's middle, the second one fades in over this, a share of the hip
 * landmarks' distance (≈ 2 cm each way): each carries its side's picture up along its own line, and they differ.
 */
export const TOP_MIDDLE_BLEND_OF_HIPS = 0.1;
/**
 * The band's reach outwards from the torso line, a share of the hip landmarks' distance: past the side of a loose
 * tee's hem (the mirror clip's, ≈ 0.9 of it from the line). Inwards it reaches the torso's middle and a little past
 * (TOP_MIDDLE_BLEND_OF_HIPS).
 */
export const TOP_BAND_OUTER_OF_HIPS = 1.1;
/** How far the person mask is widened across the torso, a share of the hip landmarks' distance (the mask is coarse). */
export const TOP_MASK_REACH_OF_HIPS = 0.06;
/** Red's lead over green and blue, a share of the sum, over which a pixel is a hand in front (kept): none, all. */
export const HAND_RED_LEAD = [0.03, 0.06] as const;
/** Where the own top's colour is read above its hem (for the hand's rule), a place on the torso line. */
export const TOP_SAMPLE_ABOVE = 0.1;

/** A side's band ({@link HemBand}) and where the torso's middle lies in it. */
export interface TopBand extends HemBand {
  /** From the torso line in to the torso's middle, px (the band reaches past it: the sides' bands overlap). */
  middlePx: number;
}

export function createTopBand(): TopBand {
  return { ...createHemBand(), middlePx: 0 };
}

const SIDES = {
  left: { hip: L.leftHip, other: L.rightHip },
  right: { hip: L.rightHip, other: L.leftHip },
} as const;

/**
 * The band over which the shopper's own top is hidden under a shorter worn top on one side of the torso, written
 * into `out`: down the side's torso line (own-top-hems.ts) from {@link TOP_BAND_ABOVE} above the own hem (`hem`, a
 * place on it: OwnTopHems) to {@link TOP_FILL_BELOW} below, across from the torso's middle to past its side. False
 * (and `out` untouched) where there is none: the hem not read, or a torso of no length. Allocation-free but for the
 * line's points.
 * @param imagePx landmarks, camera px interleaved (borrowed).
 */
export function ownTopBand(imagePx: ArrayLike<number>, side: 'left' | 'right', hem: number | null, out: TopBand): boolean {
  if (hem === null) return false;
  const at = (i: number): [number, number] => [imagePx[2 * i]!, imagePx[2 * i + 1]!];
  const [x0, y0] = torsoLineAt(at, side, 0);
  const [x1, y1] = torsoLineAt(at, side, 1);
  const torso = Math.hypot(x1 - x0, y1 - y0);
  const s = SIDES[side];
  const hx = imagePx[2 * s.hip]!;
  const hy = imagePx[2 * s.hip + 1]!;
  const ox = imagePx[2 * s.other]!;
  const oy = imagePx[2 * s.other + 1]!;
  const hips = Math.hypot(ox - hx, oy - hy);
  if (!(torso > 0) || !(hips > 0)) return false;
  const ux = (x1 - x0) / torso;
  const uy = (y1 - y0) / torso;
  const top = Math.max(0, hem - TOP_BAND_ABOVE);
  const ax = x0 + top * torso * ux;
  const ay = y0 + top * torso * uy;
  // Across the torso, pointing away from the other side.
  let nx = -uy;
  let ny = ux;
  if (nx * (hx - ox) + ny * (hy - oy) < 0) {
    nx = -nx;
    ny = -ny;
  }
  out.originPx[0] = ax;
  out.originPx[1] = ay;
  out.axis[0] = ux;
  out.axis[1] = uy;
  out.lengthPx = (hem + TOP_FILL_BELOW - top) * torso;
  // All of it is covered (the person in it, but for a hand): above the own hem it is their top, below it their top's
  // half-lit hem and its curve down to the sides. (Keyed by colour, a shaded fold of a white tee was left in view.)
  out.solidFromPx = 0;
  out.maskReachPx = TOP_MASK_REACH_OF_HIPS * hips;
  // The line lies a quarter of the hips' distance in from the side (TORSO_LINE_INSET): the middle is as far again.
  out.middlePx = 0.25 * hips;
  const inner = out.middlePx + TOP_MIDDLE_BLEND_OF_HIPS * hips;
  const outer = TOP_BAND_OUTER_OF_HIPS * hips;
  const c = out.cornersPx;
  c[0] = ax - inner * nx;
  c[1] = ay - inner * ny;
  c[2] = ax + outer * nx;
  c[3] = ay + outer * ny;
  c[4] = c[2] + out.lengthPx * ux;
  c[5] = c[3] + out.lengthPx * uy;
  c[6] = c[0] + out.lengthPx * ux;
  c[7] = c[1] + out.lengthPx * uy;
  return true;
}

// The shopper's own top inside the band (the person but a hand) is replaced by the picture carried up from below a
// line just under its hem: their shorts go on up with their own folds and grain, and beside the torso the room shows
// as it does beside the hips. The worn garment is drawn over it; what shows is what it leaves.
const fragmentShader = /* glsl */ `
  uniform sampler2D videoMap;
  ${PERSON_MASK_GLSL}
  uniform vec2 frameSizePx;
  varying vec2 vFramePx;
  varying vec4 vBand;
  // x: the fill line's distance along the axis, z: the mask's reach across, w: the torso's length (a place's px), all
  // px (y unused: all of the band is covered).
  varying vec4 vBandAlong;
  // x: the torso's middle across the band (px from its line, along 'across' below), y: 1 for the band that fades in
  // there, z: +1 where the band's outer side lies along 'across', -1 against it.
  varying vec3 vBandMiddle;
  // The picture's finest level: the fill's copies jump by a copy length from one fragment to the next where one
  // hands over to the next, and a level picked from those jumps drew a faint line across the fill there.
  vec3 videoAt(vec2 px) {
    vec2 uv = px / frameSizePx;
    return textureLod(videoMap, vec2(uv.x, 1.0 - uv.y), 0.0).rgb;
  }
  void main() {
    vec2 axis = vBand.zw;
    vec2 across = vec2(-axis.y, axis.x);
    float u = dot(vFramePx - vBand.xy, axis);
    float v = dot(vFramePx - vBand.xy, across);
    vec3 here = videoAt(vFramePx);
    // The own top's colour, on the torso line above the hem.
    vec2 abovePx = vBand.xy + (vBandAlong.x - ${f(TOP_FILL_BELOW + TOP_SAMPLE_ABOVE)} * vBandAlong.w) * axis;
    vec2 side = 2.0 * vBandAlong.z * across;
    vec3 top = (videoAt(abovePx) + videoAt(abovePx + side) + videoAt(abovePx - side)) / 3.0;
    // A hand in front is kept (when the top itself is not of skin's hue).
    float sum = max(here.r + here.g + here.b, 1e-3);
    float topSum = max(top.r + top.g + top.b, 1e-3);
    float hand = smoothstep(${f(HAND_RED_LEAD[0])}, ${f(HAND_RED_LEAD[1])}, (here.r - max(here.g, here.b)) / sum)
      * (1.0 - smoothstep(${f(HAND_RED_LEAD[0])}, ${f(HAND_RED_LEAD[1])}, (top.r - max(top.g, top.b)) / topSum));
    // The person, with the mask's coarse outline widened (the top's side and its blurred edge lie past it).
    vec2 uv = vFramePx / frameSizePx;
    vec2 reach = vBandAlong.z * across / frameSizePx;
    float person = max(personMaskAt(uv), max(personMaskAt(uv + reach), personMaskAt(uv - reach)));
    person = smoothstep(0.2, 0.5, max(person, max(personMaskAt(uv + 3.0 * reach), personMaskAt(uv - 3.0 * reach))));
    float cover = person * (1.0 - hand);
    float blend = ${f(TOP_MIDDLE_BLEND_OF_HIPS)} * vBandAlong.z / ${f(TOP_MASK_REACH_OF_HIPS)};
    cover *= mix(1.0, smoothstep(-blend, blend, vBandMiddle.z * (v - vBandMiddle.x)), vBandMiddle.y);
    if (cover <= 0.0) discard;
    // The picture below the fill line moved up by a whole number of copy lengths — the next one down cross-faded in
    // with the distance above the line, so one copy hands over to the next without a seam — and the picture itself
    // faded in towards the line.
    float copyPx = ${f(TOP_COPY_REACH)} * vBandAlong.w;
    float d = max(vBandAlong.x - u, 0.0) / copyPx;
    float k = max(ceil(d), 1.0);
    vec3 fill = mix(videoAt(vFramePx + k * copyPx * axis), videoAt(vFramePx + (k + 1.0) * copyPx * axis), fract(d));
    cover *= smoothstep(0.0, ${f(TOP_LINE_BLEND)} * vBandAlong.w, vBandAlong.x - u);
    // As the background plane draws the camera picture (the video texture's values are what the screen shows).
    gl_FragColor = vec4(fill, cover);
  }
`;

/**
 * Hides the shopper's own top where a worn top shorter than it would leave it showing under its hem (a hip-length
 * tee over a long T-shirt): drawn after the camera picture and before every garment, over each side's
 * {@link ownTopBand}, it paints the person there with the picture carried up from below the own hem. Nothing of it
 * shows where the garment covers; it is drawn in three's opaque pass, so under the 3D garments too. Only with a real
 * person mask. Owns its geometry and material; borrows the video and mask textures.
 */
export class OwnTopCoverLayer {
  private readonly overlay: BandOverlay;
  private readonly mask: PersonMaskTexture;
  /** This frame's bands, the wearer's left side's then the right's (rewritten in place). */
  readonly bandsNow: readonly [TopBand, TopBand] = [createTopBand(), createTopBand()];
  /** Whether each side has a band this frame. */
  readonly bandOn: [boolean, boolean] = [false, false];
  /** A band's values for the shader (rewritten per band). */
  private readonly along = new Float64Array(4);
  private readonly middle = new Float64Array(3);
  private readonly extras = { bandAlong: this.along, bandMiddle: this.middle };

  /** @param renderOrder after the camera picture, before every garment. */
  constructor(videoTexture: THREE.Texture, mask: PersonMaskTexture, renderOrder: number) {
    this.mask = mask;
    this.overlay = new BandOverlay(
      { uniforms: { videoMap: { value: videoTexture }, ...mask.uniforms, frameSizePx: { value: new THREE.Vector2(1, 1) } }, fragmentShader },
      renderOrder,
      { bandAlong: 4, bandMiddle: 3 },
      'opaque',
    );
  }

  get object(): THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial> {
    return this.overlay.object;
  }

  /** Off for `atelier tryon`'s coverage pass (the garment's alone): hides the layer at once, and on shows it again. */
  set enabled(on: boolean) {
    this.overlay.enabled = on;
  }

  /**
   * @param imagePx landmarks in camera pixels, interleaved (borrowed); null hides the layer (no top worn).
   * @param hems where the own top ends on each side (OwnHemTrack over PoseFrame.ownTopHems).
   */
  update(imagePx: ArrayLike<number> | null, hems: PerSide, frameWidthPx: number, frameHeightPx: number): void {
    this.overlay.begin();
    if (!imagePx || !this.mask.hasMask) return;
    let any = false;
    for (let i = 0; i < 2; i++) {
      const k = i as 0 | 1;
      const band = this.bandsNow[k];
      const hem = k === 0 ? hems.left : hems.right;
      const on = ownTopBand(imagePx, k === 0 ? 'left' : 'right', hem, band);
      this.bandOn[k] = on;
      any ||= on;
      if (on) {
        this.along[0] = band.lengthPx;
        this.along[1] = band.solidFromPx;
        this.along[2] = band.maskReachPx;
        // The torso's length in px: the band's length over its share of places.
        this.along[3] = band.lengthPx / (Math.min(hem!, TOP_BAND_ABOVE) + TOP_FILL_BELOW);
        // The quad's corners run inner, outer: the outer side lies along the shader's 'across' (the axis turned a
        // quarter) or against it; the middle is a quarter of the hips' distance in from the line.
        const ox = band.cornersPx[2]! - band.cornersPx[0]!;
        const oy = band.cornersPx[3]! - band.cornersPx[1]!;
        const sign = ox * -band.axis[1]! + oy * band.axis[0]! >= 0 ? 1 : -1;
        this.middle[0] = -sign * band.middlePx;
        // The second side's band is drawn over the first: it fades in at the middle.
        this.middle[1] = k;
        this.middle[2] = sign;
      }
      this.overlay.setBand(k, on ? band : null, this.extras);
    }
    if (any) this.overlay.show(frameWidthPx, frameHeightPx);
  }

  dispose(): void {
    this.overlay.dispose();
  }
}
