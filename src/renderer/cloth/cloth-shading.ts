/**
 * The one cloth shading of the mirror (issue 14 point 1), used by the 2D garment layer and the 3D garment material:
 * GLSL chunks, their uniforms and constants, and a TypeScript mirror of the same maths (the checks run it in Node;
 * tests/cloth also renders the GLSL in Chromium and compares).
 *
 * - **Fold transfer**: the folds and shadows of the shopper's own clothes under the garment, taken from the camera
 *   picture as a band-passed luma: a fine blur (≈ 1 cm on the body: a print's sharp letters and the camera's noise go)
 *   minus a coarse one (≈ 6 cm: the light's slow fall-off and the colour of their shirt go), softly limited, so a
 *   print's strong edges cannot print through at full contrast.
 * - **The room's light on the shopper** (2D only; 3D garments are lit by the estimated store light): the light field
 *   split from the shopper's own clothes (room-light-field.ts: his grey shorts under a light dress are not a shadow)
 *   against the picture's mean (the camera's exposure), weakly, softly limited.
 * - **Shaded in Oklab with limits**: the change is a lightness offset scaled by the room the colour has: black has no
 *   room to get darker (nor, by symmetry, lighter: its mean stays), white none to get lighter. Chroma scales with
 *   lightness, as a real shade multiplies linear light.
 *
 * Luma is Rec. 709 weights on sRGB-encoded values (what the camera texture returns in these shaders: a video
 * texture is not decoded by the GPU): close to perceptual lightness, which is what folds are seen in.
 */
import * as THREE from 'three';
import { linearRgbToOklab, oklabToLinearRgb } from '../../shared/colour';
import { PoseLandmark as L } from '../../shared/pose';
import { isSkinLike } from '../../shared/skin-chroma';
import { SKIN_LIKE_GLSL } from '../scene/occlusion-regions';
import { PERSON_MASK_GLSL, type PersonMaskUniforms } from '../scene/person-mask-texture';
import { evenRoomLightUniforms, type RoomLightUniforms } from './room-light-texture';

export const CLOTH_SHADING = {
  /** Fine blur of the fold band, cm on the body. */
  foldFineCm: 0.8,
  /** Coarse blur of the fold band (and the local light), cm on the body. */
  foldCoarseCm: 6,
  /** Oklab lightness per unit of band-passed luma. */
  foldGain: 1.1,
  /** Soft limit of the band-passed luma (a print's edge is stronger than a fold). */
  foldLimit: 0.1,
  /** 2D: Oklab lightness per unit of (the room's light there − its mean) × the picture's mean luma. */
  lightGain: 0.2,
  /** 2D: soft limit of the light term, Oklab lightness. */
  lightLimit: 0.08,
  /** Oklab lightness under which darkening (and lightening) shrinks towards 0: black stays black. */
  darkKnee: 0.55,
  /** Oklab lightness room above which lightening is free: white stays white. */
  brightKnee: 0.15,
  /** Width of the garment's anti-aliased edge, cm on the body (at least one screen pixel). */
  featherCm: 0.35,
  /** Reach of the contact shadow on the body past the garment's edge, cm. */
  shadowCm: 1.6,
  /**
   * Darkest the contact shadow gets (alpha of black). Where two parts of a garment overlap their shadows add up
   * (0.51 at most): `atelier tryon`'s coverage pass turns them off (`GarmentLayer.contactShadow`).
   */
  shadowOpacity: 0.3,
  /** Darkening of the cloth towards its own edges (it turns away there), Oklab lightness. */
  edgeShade: 0.05,
  /** Body scale assumed before the first fit, cm per camera pixel (a shopper filling a 720p frame). */
  fallbackCmPerPx: 0.3,
} as const;

/** The uniforms of the shading chunk (shared by reference with a material's uniforms). */
export interface ClothUniforms extends PersonMaskUniforms, RoomLightUniforms {
  [name: string]: THREE.IUniform;
  clothVideo: THREE.IUniform<THREE.Texture>;
  /** Camera frame size, px. */
  clothFramePx: THREE.IUniform<THREE.Vector2>;
  /** Fine and coarse blur radii, camera px. */
  clothRadiiPx: THREE.IUniform<THREE.Vector2>;
  /** foldGain, foldLimit, lightGain, lightLimit. */
  clothGains: THREE.IUniform<THREE.Vector4>;
  /** The picture's mean luma (the store light's estimate; 0.45 until the first). */
  clothReferenceLuma: THREE.IUniform<number>;
  /** Where the shopper's skin is sampled this frame, camera px ({@link SKIN_SAMPLE_LANDMARKS}). */
  clothSkinPx: THREE.IUniform<THREE.Vector2[]>;
  /** 1 while {@link clothSkinPx} is set (a body is fitted), 0: no skin gate. */
  clothSkinGate: THREE.IUniform<number>;
}

/**
 * Where the shading reads the shopper's skin: the nose and the wrists. A sample that cannot be skin (hair, a sleeve,
 * a hand the pose guessed behind the back) is left out, and the picture under a garment counts as bare skin near any
 * of the others: one sample can be in shadow or a highlight, and the mouth's corners (the occluder's face samples)
 * read the open mouth of a laughing shopper.
 */
export const SKIN_SAMPLE_LANDMARKS: readonly number[] = [L.nose, L.leftWrist, L.rightWrist];

/**
 * Chromaticity distance from a skin sample under which the picture under a garment is the shopper's bare skin, and
 * carries no folds (all of it at the first, none past the second). A bare leg under a skirt longer than the
 * shopper's shorts band-passed is the leg's silhouette and its own shading, not a fold of their clothes, and skin
 * against a wooden wall or brown shorts is one hue, so the colour-edge test lets it through. Measured on the mirror
 * clip's frame 60 (sRGB chromaticity): his knees and shins 0.01–0.04 from the nearer of his nose and right wrist, his
 * grey shorts and white T-shirt 0.09–0.11. The cost: clothes of the skin's hue (beige, tan) under a garment lend it no
 * folds either.
 */
export const SKIN_CHROMA_NEAR = 0.03;
export const SKIN_CHROMA_FAR = 0.06;

/** Mid-grey luma assumed before the first light estimate (an auto-exposed camera aims near it). */
export const DEFAULT_REFERENCE_LUMA = 0.45;

/**
 * Blur taps: the centre and 4 on the diagonals at 0.7 × the radius, equal weights. Few taps: each reads a mip level
 * that already averages a box of 1.6 × the radius (below), so together they are a smooth blur of ≈ the radius at a
 * fifth of the texture reads of a wide tap pattern (the mirror's 3D garment on SwiftShader, as in the e2e suite,
 * dropped to 1.5 frames/s with 13 taps per blur). The TypeScript mirror uses the same table.
 */
export const BLUR_TAPS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 0.2],
  [0.5, 0.5, 0.2],
  [-0.5, 0.5, 0.2],
  [0.5, -0.5, 0.2],
  [-0.5, -0.5, 0.2],
];

/**
 * Each blur tap reads the picture's mip level with texels this many times the blur radius (the camera texture has
 * mipmaps: MirrorScene). 2 × r: a 2-pixel checker (the finest print a camera resolves) averages out at the fine
 * radius (≈ 4 px; measured r(print) 0.02 in tests/cloth), a fold (≈ 25 px) keeps most of its contrast.
 */
export const TAP_BOX_OF_RADIUS = 2;

/**
 * Chromaticity change (r, g, b shares of the sum) between the fine and coarse blur over which the fold signal fades
 * out: camera noise on a grey shirt stays under the first, skin against grey shorts (≈ 0.12 apart, half of it
 * across the band) passes the second.
 */
export const CHROMA_EDGE_FROM = 0.012;
export const CHROMA_EDGE_TO = 0.04;

/**
 * The boundary of two garments of one hue but another lightness (a white tee's hem over grey shorts) is no fold, yet
 * band-passed it prints as a line along the boundary, and as fainter ones either side at the coarse blur's reach. Its
 * luma step across the coarse blur (the largest difference of opposite diagonal taps) says how much band-pass it
 * makes: at most the step at the boundary, half of it on the flanks (box taps). The band is shrunk towards 0 by
 * {@link LUMA_STEP_SHRINK} × the step beyond {@link LUMA_STEP_FREE}, which a fold or the room's light makes alone.
 * Measured on the mirror clip (0.19 cm/px): the tee's own folds 0.03–0.06, its hem over the grey shorts 0.14–0.22;
 * the synthetic scene's ramp of the room's light 0.03.
 */
export const LUMA_STEP_FREE = 0.04;
/** Band-pass luma per unit of luma step (beyond the free one) that is taken for a boundary's, not a fold's. */
export const LUMA_STEP_SHRINK = 1.5;

/** Pairs of {@link BLUR_TAPS} on opposite sides of the centre (the luma step is measured across each pair). */
export const OPPOSITE_TAPS: ReadonlyArray<readonly [number, number]> = BLUR_TAPS.flatMap(([x, y], i) =>
  BLUR_TAPS.flatMap(([x2, y2], j) => (j > i && (x !== 0 || y !== 0) && x2 === -x && y2 === -y ? [[i, j] as const] : [])),
);

/** Share of the coarse blur's reach on the person below which no folds are transferred (full at 1). */
export const PERSON_SHARE_FROM = 0.5;

/**
 * 3D garments' share of the fold transfer: their own geometry and the store light shade them already, and the
 * shopper's clothes under a 3D garment line up with it less well than under a 2D one warped onto them.
 */
export const FOLD_SHARE_3D = 0.7;

/** A number as a GLSL float literal. */
export const glslFloat = (x: number): string => (Number.isInteger(x) ? `${x}.0` : `${x}`);
const f = glslFloat;

/** GLSL: uniforms and functions. Include before `main` (needs nothing of three's chunks). */
export const CLOTH_SHADING_PARS = /* glsl */ `
  uniform sampler2D clothVideo;
  uniform vec2 clothFramePx;
  uniform vec2 clothRadiiPx;
  uniform vec4 clothGains;
  uniform float clothReferenceLuma;
  uniform vec2 clothSkinPx[${SKIN_SAMPLE_LANDMARKS.length}];
  uniform float clothSkinGate;
  // The room's light against its mean (RoomLightTexture: 1 = average), frame-normalised uv, rows top first.
  uniform sampler2D clothLightField;
  // The room light's colour, for garments drawn from pictures taken in white light (2D): factors, the largest 1.
  uniform vec3 clothTint;
  // The person mask (PersonMaskTexture's uniforms, shared): the picture under the garment is clothes only there.
  ${PERSON_MASK_GLSL}
  vec3 clothRgb(vec2 px, float lod) {
    return textureLod(clothVideo, vec2(px.x / clothFramePx.x, 1.0 - px.y / clothFramePx.y), lod).rgb;
  }
  float clothLuma(vec3 c) {
    return dot(c, vec3(0.2126, 0.7152, 0.0722));
  }
  // Taps on the picture's mip level whose texels are about the taps' spacing: each tap is a box average, so a
  // fine print averages out instead of aliasing between sparse taps. The luma step across the blur (the largest
  // luma difference of opposite taps) in lumaStep.
  vec3 clothBlurStep(vec2 px, float r, out float lumaStep) {
    float lod = log2(max(r * ${f(TAP_BOX_OF_RADIUS)}, 1.0));
    ${BLUR_TAPS.map(([x, y], i) => `vec3 t${i} = clothRgb(px + r * vec2(${f(x)}, ${f(y)}), lod);`).join('\n    ')}
    lumaStep = 0.0;
    ${OPPOSITE_TAPS.map(([i, j]) => `lumaStep = max(lumaStep, abs(clothLuma(t${i}) - clothLuma(t${j})));`).join('\n    ')}
    return ${BLUR_TAPS.map(([, , w], i) => `${f(w)} * t${i}`).join(' + ')};
  }
  vec3 clothBlur(vec2 px, float r) {
    float unused;
    return clothBlurStep(px, r, unused);
  }
  vec3 clothChromaticity(vec3 c) {
    return c / max(c.r + c.g + c.b, 0.05);
  }
  float clothSoftLimit(float x, float limit) {
    return x / (1.0 + abs(x) / limit);
  }
  vec3 clothToOklab(vec3 c) {
    vec3 lms = vec3(
      0.4122214708 * c.r + 0.5363325363 * c.g + 0.0514459929 * c.b,
      0.2119034982 * c.r + 0.6806995451 * c.g + 0.1073969566 * c.b,
      0.0883024619 * c.r + 0.2817188376 * c.g + 0.6299787005 * c.b);
    lms = pow(max(lms, 0.0), vec3(1.0 / 3.0));
    return vec3(
      0.2104542553 * lms.x + 0.793617785 * lms.y - 0.0040720468 * lms.z,
      1.9779984951 * lms.x - 2.428592205 * lms.y + 0.4505937099 * lms.z,
      0.0259040371 * lms.x + 0.7827717662 * lms.y - 0.808675766 * lms.z);
  }
  vec3 clothFromOklab(vec3 lab) {
    vec3 lms = vec3(
      lab.x + 0.3963377774 * lab.y + 0.2158037573 * lab.z,
      lab.x - 0.1055613458 * lab.y - 0.0638541728 * lab.z,
      lab.x - 0.0894841775 * lab.y - 1.291485548 * lab.z);
    lms = lms * lms * lms;
    return vec3(
      4.0767416621 * lms.x - 3.3077115913 * lms.y + 0.2309699292 * lms.z,
      -1.2684380046 * lms.x + 2.6097574011 * lms.y - 0.3413193965 * lms.z,
      -0.0041960863 * lms.x - 0.7034186147 * lms.y + 1.707614701 * lms.z);
  }
  // A lightness offset applied with the colour's room: none for black (either way), none upwards for white.
  vec3 clothShadeLab(vec3 rgb, float dL) {
    vec3 lab = clothToOklab(rgb);
    float darkRoom = min(1.0, lab.x / ${f(CLOTH_SHADING.darkKnee)});
    float room = dL < 0.0 ? darkRoom : min(darkRoom, (1.0 - lab.x) / ${f(CLOTH_SHADING.brightKnee)});
    float L = clamp(lab.x + dL * max(room, 0.0), 0.0, 1.0);
    float k = lab.x > 1e-4 ? L / lab.x : 1.0;
    return clamp(clothFromOklab(vec3(L, lab.yz * k)), 0.0, 1.0);
  }
  ${SKIN_LIKE_GLSL}
  // How much the colour c (read at mip level lod) is the shopper's bare skin: skin-like, and near in chromaticity
  // to one of the skin samples that can be skin; 0 without a fitted body.
  float clothBareSkin(vec3 c, float lod) {
    if (clothSkinGate < 0.5 || !skinLike(c)) return 0.0;
    vec3 k = clothChromaticity(c);
    float nearest = 1.0;
    for (int i = 0; i < ${SKIN_SAMPLE_LANDMARKS.length}; i++) {
      vec3 s = clothRgb(clothSkinPx[i], lod);
      if (skinLike(s)) nearest = min(nearest, length(k - clothChromaticity(s)));
    }
    return 1.0 - smoothstep(${f(SKIN_CHROMA_NEAR)}, ${f(SKIN_CHROMA_FAR)}, nearest);
  }
  // How much of the coarse blur's reach is the shopper (person mask): 1 inside their body, 0 over the room.
  float clothPersonShare(vec2 px, float r) {
    vec2 s = 1.0 / clothFramePx;
    float m = personMaskAt(px * s) + personMaskAt((px + vec2(r, 0.0)) * s)
      + personMaskAt((px - vec2(r, 0.0)) * s) + personMaskAt((px + vec2(0.0, r)) * s)
      + personMaskAt((px - vec2(0.0, r)) * s);
    return m / 5.0;
  }
  // The lightness offset at camera pixel px: folds (band-passed luma) and, with clothGains.z > 0, the room's light;
  // only where the picture under the garment is the shopper's clothes (a skirt's flare over the room, the edge of a
  // leg against the wall are no folds).
  float clothOffset(vec2 px) {
    vec3 fine = clothBlur(px, clothRadiiPx.x);
    float lumaStep;
    vec3 coarse = clothBlurStep(px, clothRadiiPx.y, lumaStep);
    // A fold changes the light, not the colour: where the band's colour changes too (skin against shorts, a
    // coloured print) it is the clothes' pattern, and the fold signal fades out. Measured on the fine blur and on
    // the pixel itself (at the fine level): right on a colour edge the fine blur is as mixed as the coarse one.
    vec3 centre = clothRgb(px, log2(max(clothRadiiPx.x, 1.0)));
    vec3 coarseChroma = clothChromaticity(coarse);
    float chromaEdge = max(length(clothChromaticity(fine) - coarseChroma), length(clothChromaticity(centre) - coarseChroma));
    float shading = 1.0 - smoothstep(${f(CHROMA_EDGE_FROM)}, ${f(CHROMA_EDGE_TO)}, chromaEdge);
    // Nor is the shopper's bare skin under the garment (a leg under a skirt longer than their shorts).
    shading *= 1.0 - clothBareSkin(fine, log2(max(clothRadiiPx.x, 1.0)));
    // Nor is a step in lightness (one garment's edge over another of the same hue): the band it explains goes.
    float coarseLuma = clothLuma(coarse);
    float band = clothLuma(fine) - coarseLuma;
    band = sign(band) * max(abs(band) - ${f(LUMA_STEP_SHRINK)} * max(lumaStep - ${f(LUMA_STEP_FREE)}, 0.0), 0.0);
    float onPerson = smoothstep(${f(PERSON_SHARE_FROM)}, 1.0, clothPersonShare(px, clothRadiiPx.y));
    float light = texture2D(clothLightField, px / clothFramePx).r;
    return onPerson * (clothGains.x * shading * clothSoftLimit(band, clothGains.y)
      + clothSoftLimit(clothGains.z * clothReferenceLuma * (light - 1.0), clothGains.w));
  }
`;

/**
 * The uniforms for {@link CLOTH_SHADING_PARS}. `kind: '3d'` leaves the room's light out (3D garments get it from
 * the scene's store light) and takes {@link FOLD_SHARE_3D} of the folds. Borrows the video texture, the mask's
 * uniforms and the room light's (shared, so a new mask texture or light field reaches every material; without
 * one, an evenly lit room).
 */
export function createClothUniforms(videoTexture: THREE.Texture, mask: PersonMaskUniforms, kind: '2d' | '3d', roomLight: RoomLightUniforms = evenRoomLightUniforms()): ClothUniforms {
  const s = CLOTH_SHADING;
  const light = kind === '2d';
  return {
    clothVideo: { value: videoTexture },
    ...mask,
    ...roomLight,
    clothFramePx: { value: new THREE.Vector2(1, 1) },
    clothRadiiPx: { value: new THREE.Vector2(s.foldFineCm / s.fallbackCmPerPx, s.foldCoarseCm / s.fallbackCmPerPx) },
    clothGains: { value: new THREE.Vector4(light ? s.foldGain : s.foldGain * FOLD_SHARE_3D, s.foldLimit, light ? s.lightGain : 0, s.lightLimit) },
    clothReferenceLuma: { value: DEFAULT_REFERENCE_LUMA },
    clothSkinPx: { value: SKIN_SAMPLE_LANDMARKS.map(() => new THREE.Vector2()) },
    clothSkinGate: { value: 0 },
  };
}

/**
 * Sets the frame size and the blur radii for the body's scale (cm per camera pixel; ≤ 0 keeps the last), and where
 * the shopper's skin is read (`landmarksPx`, 33 camera-px landmarks, borrowed; null: no skin gate).
 */
export function updateClothUniforms(u: ClothUniforms, frameWidthPx: number, frameHeightPx: number, cmPerPx: number, referenceLuma: number, landmarksPx: ArrayLike<number> | null = null): void {
  u.clothFramePx.value.set(frameWidthPx, frameHeightPx);
  if (cmPerPx > 0 && Number.isFinite(cmPerPx)) u.clothRadiiPx.value.set(CLOTH_SHADING.foldFineCm / cmPerPx, CLOTH_SHADING.foldCoarseCm / cmPerPx);
  u.clothReferenceLuma.value = referenceLuma;
  u.clothSkinGate.value = landmarksPx ? 1 : 0;
  if (landmarksPx) SKIN_SAMPLE_LANDMARKS.forEach((l, i) => u.clothSkinPx.value[i]!.set(landmarksPx[2 * l]!, landmarksPx[2 * l + 1]!));
}

// ---- The TypeScript mirror (the same maths, in Node) ----

const softLimit = (x: number, limit: number): number => x / (1 + Math.abs(x) / limit);
const lab = new Float64Array(3);

/**
 * {@link CLOTH_SHADING_PARS}' `clothShadeLab`: linear RGB shaded by a lightness offset `dL`, into `out` (linear RGB).
 */
export function shadeLab(r: number, g: number, b: number, dL: number, out: Float64Array | number[]): Float64Array | number[] {
  linearRgbToOklab(Math.max(r, 0), Math.max(g, 0), Math.max(b, 0), lab);
  const darkRoom = Math.min(1, lab[0]! / CLOTH_SHADING.darkKnee);
  const room = dL < 0 ? darkRoom : Math.min(darkRoom, (1 - lab[0]!) / CLOTH_SHADING.brightKnee);
  const L = Math.min(1, Math.max(0, lab[0]! + dL * Math.max(room, 0)));
  const k = lab[0]! > 1e-4 ? L / lab[0]! : 1;
  oklabToLinearRgb(L, lab[1]! * k, lab[2]! * k, out);
  for (let i = 0; i < 3; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}

/**
 * A picture lookup: the camera picture's sRGB-encoded colour at camera px (x, y), averaged over a box of `boxPx`
 * (what a mip level with texels of that size returns), into `out`.
 */
export type PictureLookup = (xPx: number, yPx: number, boxPx: number, out: number[]) => number[];

const luma = (c: readonly number[]): number => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
const tap = [0, 0, 0];
const tapLuma = new Float64Array(BLUR_TAPS.length);
/**
 * {@link CLOTH_SHADING_PARS}' `clothBlurStep` over a picture lookup: the blur into `out` (RGB); returns the luma
 * step across it.
 */
export function blurPicture(pictureAt: PictureLookup, xPx: number, yPx: number, radiusPx: number, out: number[]): number {
  const box = Math.max(radiusPx * TAP_BOX_OF_RADIUS, 1);
  out[0] = out[1] = out[2] = 0;
  BLUR_TAPS.forEach(([x, y, w], i) => {
    pictureAt(xPx + radiusPx * x, yPx + radiusPx * y, box, tap);
    for (let c = 0; c < 3; c++) out[c]! += w * tap[c]!;
    tapLuma[i] = luma(tap);
  });
  let step = 0;
  for (const [i, j] of OPPOSITE_TAPS) step = Math.max(step, Math.abs(tapLuma[i]! - tapLuma[j]!));
  return step;
}

const smoothstep = (a: number, b: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};
const fineRgb = [0, 0, 0];
const coarseRgb = [0, 0, 0];
const centreRgb = [0, 0, 0];
/** Distance of two colours' chromaticities (r, g, b shares of the sum), as the shader's. */
function chromaDistance(a: readonly number[], b: readonly number[]): number {
  const sa = Math.max(a[0]! + a[1]! + a[2]!, 0.05);
  const sb = Math.max(b[0]! + b[1]! + b[2]!, 0.05);
  return Math.hypot(a[0]! / sa - b[0]! / sb, a[1]! / sa - b[1]! / sb, a[2]! / sa - b[2]! / sb);
}

/** {@link CLOTH_SHADING_PARS}' `clothBareSkin`: how much `c` is the bare skin of a shopper whose skin samples read `samples`. */
function bareSkin(c: readonly number[], samples: ReadonlyArray<readonly number[]>): number {
  if (samples.length === 0 || !isSkinLike(c)) return 0;
  let nearest = 1;
  for (const s of samples) if (isSkinLike(s)) nearest = Math.min(nearest, chromaDistance(c, s));
  return 1 - smoothstep(SKIN_CHROMA_NEAR, SKIN_CHROMA_FAR, nearest);
}

/**
 * {@link CLOTH_SHADING_PARS}' `clothOffset` with {@link createClothUniforms}' gains for `kind` (a 3D garment takes
 * {@link FOLD_SHARE_3D} of the folds and no light term); `personAt` is the person mask (0..1) at camera px,
 * everywhere 1 when omitted; `lightAt` the room's light against its mean at camera px (room-light-field.ts'
 * `roomLightLookup`), 1 everywhere (an evenly lit room) when omitted; `skinSamples` the picture's colours at
 * {@link SKIN_SAMPLE_LANDMARKS} (boxes of the fine blur's radius), none (no skin gate) when omitted.
 */
export function clothOffset(
  pictureAt: PictureLookup,
  xPx: number,
  yPx: number,
  cmPerPx: number,
  referenceLuma: number,
  personAt: (xPx: number, yPx: number) => number = () => 1,
  kind: '2d' | '3d' = '2d',
  lightAt: (xPx: number, yPx: number) => number = () => 1,
  skinSamples: ReadonlyArray<readonly number[]> = [],
): number {
  const s = CLOTH_SHADING;
  const rc = s.foldCoarseCm / cmPerPx;
  const fine = fineRgb;
  const coarse = coarseRgb;
  blurPicture(pictureAt, xPx, yPx, s.foldFineCm / cmPerPx, fine);
  const lumaStep = blurPicture(pictureAt, xPx, yPx, rc, coarse);
  const centre = pictureAt(xPx, yPx, Math.max(s.foldFineCm / cmPerPx, 1), centreRgb);
  const chromaEdge = Math.max(chromaDistance(fine, coarse), chromaDistance(centre, coarse));
  const shading = (1 - smoothstep(CHROMA_EDGE_FROM, CHROMA_EDGE_TO, chromaEdge)) * (1 - bareSkin(fine, skinSamples));
  const rawBand = luma(fine) - luma(coarse);
  const band = Math.sign(rawBand) * Math.max(Math.abs(rawBand) - LUMA_STEP_SHRINK * Math.max(lumaStep - LUMA_STEP_FREE, 0), 0);
  const share = (personAt(xPx, yPx) + personAt(xPx + rc, yPx) + personAt(xPx - rc, yPx) + personAt(xPx, yPx + rc) + personAt(xPx, yPx - rc)) / 5;
  const onPerson = smoothstep(PERSON_SHARE_FROM, 1, share);
  const foldGain = kind === '2d' ? s.foldGain : s.foldGain * FOLD_SHARE_3D;
  const lightGain = kind === '2d' ? s.lightGain : 0;
  return onPerson * (foldGain * shading * softLimit(band, s.foldLimit) + softLimit(lightGain * referenceLuma * (lightAt(xPx, yPx) - 1), s.lightLimit));
}
