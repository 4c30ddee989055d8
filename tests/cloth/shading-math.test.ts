/**
 * Issue 14 "Checks", shading, on the TypeScript mirror of the cloth shader (src/renderer/cloth/cloth-shading.ts):
 * every pixel of a synthetic scene, every demo colour. The same checks run on the real shader in headless Chromium in
 * cloth-render.test.ts (one garment each, through `atelier tryon`'s render page); this one covers all colours and the
 * limits cheaply, and says which part of the maths fails when one does.
 */
import { describe, expect, it } from 'vitest';
import { CLOTH_SHADING, clothOffset, shadeLab } from '../../src/renderer/cloth/cloth-shading';
import { roomLightLookup } from '../../src/renderer/cloth/room-light-field';
import { deltaE76, hexToSrgb, linearToSrgb, srgbToLab, srgbToLinear } from '../../src/shared/colour';
import { boxLookup, correlation, greyLookup, lumaScene, referenceBand } from './scene';

const CM_PER_PX = 0.19; // the mirror clip's shopper: 175 cm over ≈ 920 px
const W = 240;
const H = 320;
const scene = lumaScene(W, H, CM_PER_PX);
const band = referenceBand(scene, CM_PER_PX);
const lumaAt = greyLookup(scene.luma, W, H);
const lightAt = roomLightLookup(lumaAt, W, H, CM_PER_PX);

/** The garment over the scene's middle (far enough from the picture's edges for the coarse blur). */
const MARGIN = 40;
const pixels: number[] = [];
for (let y = MARGIN; y < H - MARGIN; y += 2) for (let x = MARGIN; x < W - MARGIN; x += 2) pixels.push(y * W + x);
const offsets = pixels.map((i) => clothOffset(lumaAt, (i % W) + 0.5, Math.floor(i / W) + 0.5, CM_PER_PX, scene.mean, undefined, '2d', lightAt));

/** The demo collection's garment colours, light to dark. */
const COLOURS = { chalkWhite: '#eeebe4', white: '#f4f4f2', khaki: '#c3ae88', sage: '#8da68a', red: '#a3212a', emerald: '#1f6b52', navy: '#1f2a44', black: '#1c1b1f' };

interface Shaded {
  lightness: number[];
  meanLab: number[];
  assetLab: number[];
}

function shade(hex: string): Shaded {
  const srgb = hexToSrgb(hex);
  const lin = srgb.map(srgbToLinear);
  const out = [0, 0, 0];
  const lab = [0, 0, 0];
  const sum = [0, 0, 0];
  const lightness: number[] = [];
  for (const dL of offsets) {
    shadeLab(lin[0]!, lin[1]!, lin[2]!, dL, out);
    for (let c = 0; c < 3; c++) sum[c]! += out[c]!;
    srgbToLab(linearToSrgb(out[0]!), linearToSrgb(out[1]!), linearToSrgb(out[2]!), lab);
    lightness.push(lab[0]!);
  }
  const mean = sum.map((s) => linearToSrgb(s / offsets.length));
  return { lightness, meanLab: [...srgbToLab(mean[0]!, mean[1]!, mean[2]!, [0, 0, 0])], assetLab: [...srgbToLab(srgb[0], srgb[1], srgb[2], [0, 0, 0])] };
}

describe('cloth shading maths on a synthetic scene (ramp + folds + a fine print)', () => {
  for (const [name, hex] of Object.entries(COLOURS)) {
    it(`${name} ${hex}: follows the band-passed luma (r ≥ 0.8), mean colour within ΔE 5`, () => {
      const s = shade(hex);
      const r = correlation(s.lightness, pixels.map((i) => band[i]!));
      const dE = deltaE76(s.meanLab, s.assetLab);
      console.log(`${name}: r = ${r.toFixed(3)}, ΔE = ${dE.toFixed(2)}, L* ${s.assetLab[0]!.toFixed(1)} → ${s.meanLab[0]!.toFixed(1)}`);
      expect(r).toBeGreaterThanOrEqual(0.8);
      expect(dE).toBeLessThanOrEqual(5);
    });
  }

  it('white stays white and black stays black: mean lightness within 10 %', () => {
    for (const hex of [COLOURS.chalkWhite, COLOURS.white, COLOURS.black]) {
      const s = shade(hex);
      expect(Math.abs(s.meanLab[0]! - s.assetLab[0]!) / s.assetLab[0]!, hex).toBeLessThanOrEqual(0.1);
    }
  });

  it('the print of the shirt underneath does not come through; its folds do', () => {
    const s = shade(COLOURS.sage);
    const withPrint = correlation(s.lightness, pixels.map((i) => scene.print[i]!));
    const withFolds = correlation(s.lightness, pixels.map((i) => scene.folds[i]!));
    console.log(`sage: r(print) = ${withPrint.toFixed(3)}, r(folds) = ${withFolds.toFixed(3)}`);
    expect(Math.abs(withPrint)).toBeLessThan(0.15);
    expect(withFolds).toBeGreaterThan(0.8);
  });

  it('a colour change under the garment (skin against grey shorts) is pattern, not a fold: it fades out', () => {
    // Stripes 5 cm wide across the picture: once grey against darker grey, once grey against skin of the same luma
    // contrast. The grey pair is a fold to the shading, the skin pair is not.
    const skin = [0.78, 0.6, 0.5];
    const k = 0.2126 * skin[0]! + 0.7152 * skin[1]! + 0.0722 * skin[2]!;
    const grey = 0.75;
    const stripes = (colour: number[]) => {
      const l = boxLookup(new Float64Array(W * H).map((_, i) => (Math.floor((i % W) / (5 / CM_PER_PX)) % 2 ? 1 : 0)), W, H);
      return (x: number, y: number, box: number, out: number[]) => {
        const t = l(x, y, box);
        for (let c = 0; c < 3; c++) out[c] = grey * (1 - t) + colour[c]! * t;
        return out;
      };
    };
    const sum = (look: ReturnType<typeof stripes>): number => pixels.reduce((s, i) => s + Math.abs(clothOffset(look, (i % W) + 0.5, Math.floor(i / W) + 0.5, CM_PER_PX, 0.7)), 0);
    const achromatic = sum(stripes([k, k, k]));
    const chromatic = sum(stripes(skin));
    console.log(`stripes: |offset| grey/grey ${achromatic.toFixed(1)}, grey/skin ${chromatic.toFixed(1)}`);
    expect(chromatic).toBeLessThan(achromatic / 3);
  });

  it("the shopper's bare skin under the garment carries no folds (a knee under a skirt); their clothes' folds still do", () => {
    // The left half grey shorts with the scene's folds; the right half a bare leg: skin, lit from one side (its own
    // roundness: a luma wave as deep as the folds) against a dark wooden wall of the skin's own hue in the stripes
    // between. A skin sample (a wrist) reads the same skin, a little darker; a second (the nose) reads hair: no skin.
    const skin = [0.84, 0.72, 0.58];
    const wall = [0.45, 0.32, 0.22];
    const periodPx = 6 / CM_PER_PX;
    const rgbOf = (x: number, y: number, out: number[]): number[] => {
      if (x < W / 2) {
        const l = 0.42 + scene.folds[Math.floor(y) * W + Math.floor(x)]!;
        out[0] = out[1] = l;
        out[2] = 0.93 * l;
        return out;
      }
      const onLeg = Math.floor(x / periodPx) % 2 === 0;
      const shade = 1 + 0.15 * Math.sin((2 * Math.PI * x) / periodPx);
      for (let c = 0; c < 3; c++) out[c] = (onLeg ? skin[c]! : wall[c]!) * shade;
      return out;
    };
    const channels = [0, 1, 2].map((c) => boxLookup(new Float64Array(W * H).map((_, i) => rgbOf(i % W, Math.floor(i / W), [0, 0, 0])[c]!), W, H));
    const look = (x: number, y: number, box: number, out: number[]): number[] => {
      for (let c = 0; c < 3; c++) out[c] = channels[c]!(x, y, box);
      return out;
    };
    const samples = [skin.map((v) => 0.85 * v), [0.12, 0.1, 0.09]];
    const mean = (x0: number, x1: number, gated: boolean): number => {
      let sum = 0;
      let n = 0;
      for (let y = MARGIN; y < H - MARGIN; y += 3) {
        for (let x = x0; x < x1; x += 3) {
          sum += Math.abs(clothOffset(look, x + 0.5, y + 0.5, CM_PER_PX, 0.5, undefined, '2d', undefined, gated ? samples : []));
          n++;
        }
      }
      return sum / n;
    };
    const reachPx = Math.round((1.5 * CLOTH_SHADING.foldCoarseCm) / CM_PER_PX);
    const legs = [mean(W / 2 + reachPx, W - MARGIN, false), mean(W / 2 + reachPx, W - MARGIN, true)];
    const shorts = [mean(MARGIN, W / 2 - reachPx, false), mean(MARGIN, W / 2 - reachPx, true)];
    console.log(`bare legs: mean |dL| ${legs[0]!.toFixed(4)} → ${legs[1]!.toFixed(4)} with the skin samples; grey shorts' folds ${shorts[0]!.toFixed(4)} → ${shorts[1]!.toFixed(4)}`);
    expect(legs[0]).toBeGreaterThan(0.01);
    expect(legs[1]).toBeLessThan(legs[0]! / 4);
    expect(shorts[1]).toBeCloseTo(shorts[0]!, 6);
  });

  it('the edge of one garment over another (white tee over grey shorts) prints no line; a soft fold still transfers', () => {
    // One picture of a white shirt: its hem over grey shorts across the middle (a hard luma step of 0.4, one hue) and
    // a soft fold (a valley 0.1 deep, 3 cm wide) down its upper half, far from the hem. The 3D garment's shading
    // (folds only, no room light) along a line across the hem and along one across the fold.
    const hemY = H / 2;
    const foldX = W / 2;
    const sigmaPx = 1.5 / CM_PER_PX;
    const picture = new Float64Array(W * H).map((_, i) => {
      const x = i % W;
      const y = Math.floor(i / W);
      return y < hemY ? 0.85 - 0.1 * Math.exp(-((x - foldX) ** 2) / (2 * sigmaPx * sigmaPx)) : 0.45;
    });
    const look = greyLookup(picture, W, H);
    const offset = (x: number, y: number): number => clothOffset(look, x + 0.5, y + 0.5, CM_PER_PX, 0.65, undefined, '3d');
    const reachPx = Math.round((2 * CLOTH_SHADING.foldCoarseCm) / CM_PER_PX);
    const acrossHem = Array.from({ length: 2 * reachPx + 1 }, (_, k) => offset(W / 4, hemY - reachPx + k));
    const foldRow = hemY - reachPx - 10;
    const xs = Array.from({ length: W - 2 * MARGIN }, (_, k) => MARGIN + k);
    const acrossFold = xs.map((x) => offset(x, foldRow));
    const hemPeak = Math.max(...acrossHem.map(Math.abs));
    const foldPeak = Math.max(...acrossFold.map(Math.abs));
    const foldBand = referenceBand({ ...lumaScene(W, H, CM_PER_PX), luma: picture }, CM_PER_PX);
    const r = correlation(acrossFold, xs.map((x) => foldBand[foldRow * W + x]!));
    console.log(`hem: peak |dL| ${hemPeak.toFixed(4)}; fold: peak |dL| ${foldPeak.toFixed(4)}, r = ${r.toFixed(3)}`);
    // The hem's step is 4× the fold's depth: band-passed as the fold is, it printed stronger than the fold (1.8× on
    // the shading before the luma step), the strongest line on a skirt; what is left is faint flanks at the coarse
    // blur's reach (0.35×).
    expect(hemPeak).toBeLessThan(foldPeak / 2);
    expect(r).toBeGreaterThanOrEqual(0.8);
    expect(foldPeak).toBeGreaterThan(0.02);
  });

  it('the room light: a darker cloth under the garment (white tee over grey shorts) is no shadow; a real light gradient and shadow are', () => {
    // One light over the whole picture — brighter to the right (1.3 : 1 across 45 cm) and a soft shadow (30 % deep,
    // σ 8 cm) on the left — on a white shirt whose hem lies over grey shorts across the middle. The 2D garment's
    // lightness offset well away from the hem (past the fold band's reach), over the shirt against over the shorts,
    // must be what the light gives, not the shorts' grey.
    const hemY = H / 2;
    const light = (x: number, y: number): number => (0.87 + (0.26 * x) / W) * (1 - 0.3 * Math.exp(-((x - W / 4) ** 2 + (y - hemY) ** 2) / (2 * (8 / CM_PER_PX) ** 2)));
    const reflectance = (y: number): number => (y < hemY ? 0.85 : 0.45);
    const picture = new Float64Array(W * H).map((_, i) => reflectance(Math.floor(i / W)) * light(i % W, Math.floor(i / W)));
    const look = greyLookup(picture, W, H);
    const mean = picture.reduce((a, b) => a + b, 0) / picture.length;
    const field = roomLightLookup(look, W, H, CM_PER_PX);
    const offset = (x: number, y: number): number => clothOffset(look, x + 0.5, y + 0.5, CM_PER_PX, mean, undefined, '2d', field);
    const reachPx = Math.round((1.5 * CLOTH_SHADING.foldCoarseCm) / CM_PER_PX);
    const rowMean = (y0: number, y1: number, x0: number, x1: number): number => {
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y += 2) {
        for (let x = x0; x < x1; x += 2) {
          sum += offset(x, y);
          n++;
        }
      }
      return sum / n;
    };
    // Over the shirt and over the shorts, on the right (out of the shadow): the same light, so the same offset.
    const shirt = rowMean(hemY - reachPx - 20, hemY - reachPx, W / 2, W - MARGIN);
    const shorts = rowMean(hemY + reachPx, hemY + reachPx + 20, W / 2, W - MARGIN);
    // Along a row over the shirt: the offset follows the light (gradient and shadow).
    const row = hemY - reachPx - 10;
    const xs = Array.from({ length: W - 2 * MARGIN }, (_, k) => MARGIN + k);
    const r = correlation(xs.map((x) => offset(x, row)), xs.map((x) => light(x, row)));
    const span = offset(W - MARGIN, row) - offset(W / 4, row);
    console.log(`room light: shirt ${shirt.toFixed(4)} vs shorts ${shorts.toFixed(4)}; along the shirt r(light) ${r.toFixed(3)}, shadow → right ${span.toFixed(4)}`);
    // Read from the coarse luma, the shorts' grey (0.85 → 0.45) made the garment 0.052 darker over them (0.031 over
    // the shirt, −0.022 over the shorts); the light's own change between the two rows here is under 1 %.
    expect(Math.abs(shirt - shorts)).toBeLessThan(0.005);
    expect(r).toBeGreaterThan(0.9);
    // The light from the shadow to the right edge along that row rises 1.32×: at the light term's gain (0.2 × the
    // mean luma 0.58 × 0.32, softly limited), 0.031.
    expect(span).toBeGreaterThan(0.025);
  });

  it('black cannot get darker than black, white no lighter than white, whatever the picture', () => {
    const out = [0, 0, 0];
    for (const dL of [-5, -0.3, 0.3, 5]) {
      shadeLab(0, 0, 0, dL, out);
      expect(Math.max(...out)).toBeLessThan(1e-6);
      shadeLab(1, 1, 1, dL, out);
      if (dL > 0) expect(Math.min(...out)).toBeGreaterThan(1 - 1e-6);
    }
  });
});
