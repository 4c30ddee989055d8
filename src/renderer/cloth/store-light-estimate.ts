/**
 * The store's light, estimated from the camera picture (issue 14 point 2): order-2 spherical harmonics of the
 * light around the shopper (for a three.js LightProbe) and one key light from the brightest direction.
 *
 * What the camera sees is the room behind the shopper, lit by the store's lights, and the shopper lit by them. We
 * take the picture as the light arriving from behind the shopper (wrapped over that hemisphere, area for area),
 * and assume the room behind the camera is lit alike (the same picture, mirrored front to back) — the light on the
 * shopper's front is what no camera of a mirror can see. The estimate is normalised to a mean luminance of 1 (the
 * camera's exposure already did that to the picture: a white garment stays white), its colour cast is limited (a red
 * wall does not make a white shirt pink) unless the picture's whites agree on a cast (then the light has it), and
 * the picture's brightness against mid-grey sets a limited exposure, so a dim store gives darker garments.
 *
 * Space: the scene's (x right on screen, y up, z towards the viewer); the mirror shows the camera picture mirrored,
 * so the picture's left is the screen's right. Pure maths on a small RGBA picture; `out` is written, not allocated.
 */
import { LUMA_WEIGHTS, srgbToLinear } from '../../shared/colour';

export interface StoreLightEstimate {
  /** 9 SH coefficients × RGB (linear), three.js's SphericalHarmonics3 order, of radiance. */
  sh: Float64Array;
  /** Unit direction towards the key light, scene space. */
  keyDirection: Float64Array;
  /** Key light colour (linear RGB, luminance 1) and its share of the light, 0..1. */
  keyColour: Float64Array;
  keyShare: number;
  /** Exposure of the garment's light: 1 at a mid-grey picture. */
  exposure: number;
  /** Mean luma of the picture (sRGB-encoded, 0..1): the cloth shading's reference. */
  meanLuma: number;
  /**
   * The colour the picture's whites agree on, as linear RGB factors with the largest 1 (white light: 1, 1, 1): the
   * 2D garments' tint (their pictures were taken in white light; the 3D garments' lights carry it already).
   */
  tint: Float64Array;
}

export const STORE_LIGHT = {
  /**
   * Largest colour cast kept, as the chromaticity distance (r, g, b shares of the sum) from grey: of the room's
   * mean (mostly the colour of its walls and shelves, not of its light: small) and of the brightest region (the
   * lamps, white things: the light's own colour).
   */
  maxAmbientCast: 0.015,
  maxKeyCast: 0.05,
  /**
   * The picture's whites (its brightest near-neutral things: white tiles, lamps, a white shirt) show the light's
   * own colour: when enough of them agree on one cast, the light takes it — key and ambient alike — up to this
   * limit (a camera picture graded warm or cool tints everything in it, the worn garment included).
   */
  maxWhiteCast: 0.2,
  /** A white: at least this share of the brightest pixel's luma (sRGB), itself at least `whiteMinLuma`. */
  whiteLumaShare: 0.8,
  whiteMinLuma: 0.6,
  /** …and at most this chromaticity distance from grey (linear): skin, a red wall are further. */
  whiteMaxChroma: 0.2,
  /** Enough whites: this share of the picture's pixels; agreeing: their chromaticities this close (RMS) to their mean. */
  whiteMinShare: 0.03,
  whiteMaxSpread: 0.04,
  /** Exposure limits around a mid-grey picture. */
  minExposure: 0.7,
  maxExposure: 1.15,
  /** Mean luma of a well exposed picture (sRGB-encoded). */
  midLuma: 0.45,
  /** Key light share from the brightest region's contrast over the mean: share = gain × (ratio − 1), limited. */
  keyGain: 0.22,
  /**
   * Even an evenly lit picture gets a key light: a store is lit from its ceiling, and without one a 3D garment
   * has no form (measured: at 0.1 the demo tee read as a flat cut-out).
   */
  minKeyShare: 0.35,
  maxKeyShare: 0.6,
  /** How far towards the viewer the key light leans (it lights the garment's front), as a z component. */
  keyFrontZ: 0.9,
  /** The ceiling's pull on the key's direction (an up component added before normalising). */
  keyUpPrior: 0.6,
} as const;

export function createStoreLightEstimate(): StoreLightEstimate {
  const sh = new Float64Array(27);
  sh[0] = sh[1] = sh[2] = 1 / 0.886227;
  return { sh, keyDirection: new Float64Array([0, 0.5, 0.866]), keyColour: new Float64Array([1, 1, 1]), keyShare: STORE_LIGHT.minKeyShare, exposure: 1, meanLuma: STORE_LIGHT.midLuma, tint: new Float64Array([1, 1, 1]) };
}

/** Real SH basis (three.js's SphericalHarmonics3.getBasisAt) at unit direction (x, y, z), into `out` (9). */
function basis(x: number, y: number, z: number, out: Float64Array): void {
  out[0] = 0.282095;
  out[1] = 0.488603 * y;
  out[2] = 0.488603 * z;
  out[3] = 0.488603 * x;
  out[4] = 1.092548 * x * y;
  out[5] = 1.092548 * y * z;
  out[6] = 0.315392 * (3 * z * z - 1);
  out[7] = 1.092548 * x * z;
  out[8] = 0.546274 * (x * x - y * y);
}

const b = new Float64Array(9);
const lin = new Float64Array(3);
const dir = new Float64Array(3);

/** (cx, cy) in [−1, 1]² → a unit direction on the hemisphere z ≥ 0, equal-area (Shirley–Chiu, then Lambert). */
function hemisphere(cx: number, cy: number, out: Float64Array): void {
  let r = 0;
  let phi = 0;
  if (cx !== 0 || cy !== 0) {
    if (Math.abs(cx) > Math.abs(cy)) {
      r = cx;
      phi = (Math.PI / 4) * (cy / cx);
    } else {
      r = cy;
      phi = Math.PI / 2 - (Math.PI / 4) * (cx / cy);
    }
  }
  const s = Math.sqrt(Math.max(0, 2 - r * r));
  out[0] = r * Math.cos(phi) * s;
  out[1] = r * Math.sin(phi) * s;
  out[2] = 1 - r * r;
}

/**
 * Estimates the light from `rgba` (sRGB bytes, rows top first, as the camera sees it: not mirrored), into `out`.
 * @param widthPx, heightPx the small picture's size (e.g. 32 × 24).
 */
export function estimateStoreLight(rgba: ArrayLike<number>, widthPx: number, heightPx: number, out: StoreLightEstimate): StoreLightEstimate {
  const sh = out.sh;
  sh.fill(0);
  let lumaSum = 0;
  let weightSum = 0;
  let best = -1;
  let bestX = 0;
  let bestY = 0;
  // Typed arrays: a literal's elements change kind (whole numbers, then fractions) from picture to picture, and
  // castLimit's optimised code, made for one kind, was thrown away again and again (issue 14.5).
  const colourSum = new Float64Array(3);
  const bestColour = Float64Array.of(1, 1, 1);
  // The brightest region: a 3×3 box over the small picture, so one specular glint does not decide it.
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const i = 4 * (y * widthPx + x);
      for (let c = 0; c < 3; c++) lin[c] = srgbToLinear(rgba[i + c]! / 255);
      lumaSum += LUMA_WEIGHTS[0] * rgba[i]! / 255 + LUMA_WEIGHTS[1] * rgba[i + 1]! / 255 + LUMA_WEIGHTS[2] * rgba[i + 2]! / 255;
      // The pixel's direction: the picture wraps the hemisphere behind the shopper, area for area (a concentric
      // square-to-disk map, then Lambert's equal-area disk-to-hemisphere), so a uniform picture is a uniform light;
      // in the camera's frame (x right, y down, z towards the camera), then the scene's (mirrored: x, y negated).
      // Behind the shopper (z < 0) and its mirrored copy in front.
      const cx = (2 * (x + 0.5)) / widthPx - 1;
      const cy = (2 * (y + 0.5)) / heightPx - 1;
      hemisphere(cx, cy, dir);
      for (let z = -1; z <= 1; z += 2) {
        basis(-dir[0]!, -dir[1]!, z * dir[2]!, b);
        for (let k = 0; k < 9; k++) for (let c = 0; c < 3; c++) sh[3 * k + c]! += lin[c]! * b[k]!;
      }
      for (let c = 0; c < 3; c++) colourSum[c]! += lin[c]!;
      weightSum += 2;
      let box = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(widthPx - 1, Math.max(0, x + dx));
          const yy = Math.min(heightPx - 1, Math.max(0, y + dy));
          const j = 4 * (yy * widthPx + xx);
          box += LUMA_WEIGHTS[0] * rgba[j]! + LUMA_WEIGHTS[1] * rgba[j + 1]! + LUMA_WEIGHTS[2] * rgba[j + 2]!;
        }
      }
      if (box > best) {
        best = box;
        bestX = cx;
        bestY = cy;
        for (let c = 0; c < 3; c++) bestColour[c] = Math.max(lin[c]!, 1e-4);
      }
    }
  }
  const pixels = widthPx * heightPx;
  // Samples stand for the whole sphere: each is 4π / count of solid angle.
  for (let k = 0; k < 27; k++) sh[k]! *= (4 * Math.PI) / weightSum;
  // Normalise to a mean radiance luminance of 1 and limit the colour cast of every coefficient alike.
  const mean = Float64Array.of(colourSum[0]! / pixels, colourSum[1]! / pixels, colourSum[2]! / pixels);
  const meanLum = Math.max(1e-4, LUMA_WEIGHTS[0] * mean[0]! + LUMA_WEIGHTS[1] * mean[1]! + LUMA_WEIGHTS[2] * mean[2]!);
  const white = whitesCast(rgba, widthPx, heightPx, whiteScratch);
  const top = white ? Math.max(white[0]!, white[1]!, white[2]!) : 1;
  for (let c = 0; c < 3; c++) out.tint[c] = white ? white[c]! / top : 1;
  const cast = white ? castTo(mean, white) : castLimit(mean, STORE_LIGHT.maxAmbientCast);
  for (let k = 0; k < 9; k++) for (let c = 0; c < 3; c++) sh[3 * k + c] = (sh[3 * k + c]! / meanLum) * cast[c]!;
  out.meanLuma = lumaSum / pixels;
  out.exposure = Math.min(STORE_LIGHT.maxExposure, Math.max(STORE_LIGHT.minExposure, out.meanLuma / STORE_LIGHT.midLuma));
  // Key light: towards the brightest region, leaning to the front; its share from how much it outshines the mean.
  const bestLum = LUMA_WEIGHTS[0] * bestColour[0]! + LUMA_WEIGHTS[1] * bestColour[1]! + LUMA_WEIGHTS[2] * bestColour[2]!;
  const ratio = best / 9 / 255 / Math.max(out.meanLuma, 1e-3);
  out.keyShare = Math.min(STORE_LIGHT.maxKeyShare, Math.max(STORE_LIGHT.minKeyShare, STORE_LIGHT.keyGain * (ratio - 1)));
  // Scene y is up, the picture's y down: the brightest region's direction, pulled towards the ceiling.
  const up = -bestY + STORE_LIGHT.keyUpPrior;
  const kn = Math.hypot(bestX, up, STORE_LIGHT.keyFrontZ);
  out.keyDirection[0] = -bestX / kn;
  out.keyDirection[1] = up / kn;
  out.keyDirection[2] = STORE_LIGHT.keyFrontZ / kn;
  const keyCast = white ? castTo(bestColour, white) : castLimit(bestColour, STORE_LIGHT.maxKeyCast);
  for (let c = 0; c < 3; c++) out.keyColour[c] = (bestColour[c]! / Math.max(bestLum, 1e-4)) * keyCast[c]!;
  return out;
}

const whiteScratch = new Float64Array(3);

/**
 * The chromaticity (r, g, b shares of the sum, linear) the picture's whites agree on, limited to
 * `STORE_LIGHT.maxWhiteCast` from grey, into `out`; null when there are too few whites or they disagree (then the
 * light keeps the small casts of the room's mean and brightest region).
 */
function whitesCast(rgba: ArrayLike<number>, widthPx: number, heightPx: number, out: Float64Array): Float64Array | null {
  const n = widthPx * heightPx;
  let maxLuma = 0;
  for (let i = 0; i < n; i++) {
    const l = LUMA_WEIGHTS[0] * rgba[4 * i]! + LUMA_WEIGHTS[1] * rgba[4 * i + 1]! + LUMA_WEIGHTS[2] * rgba[4 * i + 2]!;
    if (l > maxLuma) maxLuma = l;
  }
  if (maxLuma / 255 < STORE_LIGHT.whiteMinLuma) return null;
  const floor = STORE_LIGHT.whiteLumaShare * maxLuma;
  let count = 0;
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let sq = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const j = 4 * i;
      if (LUMA_WEIGHTS[0] * rgba[j]! + LUMA_WEIGHTS[1] * rgba[j + 1]! + LUMA_WEIGHTS[2] * rgba[j + 2]! < floor) continue;
      const r = srgbToLinear(rgba[j]! / 255);
      const g = srgbToLinear(rgba[j + 1]! / 255);
      const b3 = srgbToLinear(rgba[j + 2]! / 255);
      const sum = Math.max(r + g + b3, 1e-6);
      const cr = r / sum;
      const cg = g / sum;
      const cb = b3 / sum;
      if (Math.hypot(cr - 1 / 3, cg - 1 / 3, cb - 1 / 3) > STORE_LIGHT.whiteMaxChroma) continue;
      if (pass === 0) {
        count++;
        sr += cr;
        sg += cg;
        sb += cb;
      } else {
        sq += (cr - out[0]!) ** 2 + (cg - out[1]!) ** 2 + (cb - out[2]!) ** 2;
      }
    }
    if (pass === 0) {
      if (count < STORE_LIGHT.whiteMinShare * n) return null;
      out[0] = sr / count;
      out[1] = sg / count;
      out[2] = sb / count;
    }
  }
  if (Math.sqrt(sq / count) > STORE_LIGHT.whiteMaxSpread) return null;
  return limitChroma(out, STORE_LIGHT.maxWhiteCast);
}

/** Pulls a chromaticity (shares of the sum) to at most `maxCast` from grey, in place. */
function limitChroma(chroma: Float64Array, maxCast: number): Float64Array {
  const d = Math.hypot(chroma[0]! - 1 / 3, chroma[1]! - 1 / 3, chroma[2]! - 1 / 3);
  const keep = d > maxCast ? maxCast / d : 1;
  for (let c = 0; c < 3; c++) chroma[c] = 1 / 3 + (chroma[c]! - 1 / 3) * keep;
  return chroma;
}

/** Per-channel factors that give a colour the chromaticity `chroma` (shares of the sum), keeping its luminance. */
function castTo(rgb: Float64Array, chroma: Float64Array): Float64Array {
  const lum = LUMA_WEIGHTS[0] * rgb[0]! + LUMA_WEIGHTS[1] * rgb[1]! + LUMA_WEIGHTS[2] * rgb[2]!;
  const targetLum = LUMA_WEIGHTS[0] * chroma[0]! + LUMA_WEIGHTS[1] * chroma[1]! + LUMA_WEIGHTS[2] * chroma[2]!;
  const scale = lum / Math.max(targetLum, 1e-6);
  return Float64Array.of((chroma[0]! * scale) / Math.max(rgb[0]!, 1e-6), (chroma[1]! * scale) / Math.max(rgb[1]!, 1e-6), (chroma[2]! * scale) / Math.max(rgb[2]!, 1e-6));
}

/**
 * Per-channel factors that pull a colour's chromaticity to at most `maxCast` from grey, keeping its luminance (a new
 * 3-array; called twice per estimate).
 */
function castLimit(rgb: Float64Array, maxCast: number): Float64Array {
  const sum = Math.max(rgb[0]! + rgb[1]! + rgb[2]!, 1e-6);
  return castTo(rgb, limitChroma(rgb.map((c) => c / sum), maxCast));
}
