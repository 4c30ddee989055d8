import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, type PersonMaskInput } from './leg-silhouette';
import { LimbPath } from './limb';
import { MAX_SLEEVE_OUTER_CM, SleeveOuterSide } from './sleeve-sides';

/**
 * The wearer's left sleeve on an arm hanging straight down the picture from the shoulder (200, 100) to the elbow
 * (200, 300), the other shoulder at (100, 100): outwards is +x. The strip: 11 rows 20 px apart, 3 columns, 20 px
 * half-width, its cloth filling 0.75 of it on the outer side (15 px). Drawn as fitted (camera px = picture px).
 */
const COLUMNS = 2;
const ROWS = 10;
const HALF_PX = 20;
const CLOTH_SHARE = 0.75;
/** 0.2 cm a camera px: the outer edge is put at most 45 px from the path. */
const CM_PER_PX = 0.2;
const NO_ARMS = new Float64Array(5 * ARM_CAPSULES).fill(-1e4);
const gridCount = (ROWS + 1) * (COLUMNS + 1);
const alongPx = new Float64Array(gridCount);
const acrossPx = new Float64Array(gridCount);
for (let r = 0; r <= ROWS; r++) {
  for (let c = 0; c <= COLUMNS; c++) {
    alongPx[r * (COLUMNS + 1) + c] = 20 * r;
    acrossPx[r * (COLUMNS + 1) + c] = ((2 * c) / COLUMNS - 1) * HALF_PX;
  }
}
const strip = { columns: COLUMNS, gridCount, alongPx, acrossPx, halfPx: new Float64Array(gridCount).fill(HALF_PX), clothOuter: new Float64Array(gridCount).fill(CLOTH_SHARE) };
const knots = Float64Array.of(0, 200);

function landmarks(): Float64Array {
  const lm = new Float64Array(66).fill(-1e4);
  lm.set([200, 100], 2 * L.leftShoulder);
  lm.set([100, 100], 2 * L.rightShoulder);
  return lm;
}

/** A 400 × 400 mask whose person covers, on every row, the x spans given (end exclusive). */
function maskOf(...spans: Array<[number, number]>): PersonMaskInput {
  const data = new Uint8Array(400 * 400);
  for (let y = 0; y < 400; y++) for (const [a, b] of spans) for (let x = a; x < b; x++) data[y * 400 + x] = 255;
  return { mask: { widthPx: 400, heightPx: 400, data }, frameWidthPx: 400, frameHeightPx: 400 };
}

/** x of each row's vertex in `column` after fitting to `mask` (the elbow `elbowPx` down the path). */
function rowXs(mask: PersonMaskInput, column: number, elbowPx = 200, of: typeof strip = strip): number[] {
  const path = new LimbPath();
  path.set(200, 100, 0, 0, 200, 300, false);
  const sides = new SleeveOuterSide(of);
  sides.fit(mask, path, knots, knots, 2, elbowPx, 'left', landmarks(), CM_PER_PX, 1, NO_ARMS);
  const p = new Float64Array(2);
  const xs: number[] = [];
  for (let r = 0; r <= ROWS; r++) {
    const k = r * (COLUMNS + 1) + column;
    path.point(alongPx[k]!, sides.across(k, acrossPx[k]!, HALF_PX), sides.half(k, HALF_PX), p, 0);
    xs.push(p[0]!);
  }
  return xs;
}

/** The outer column's x when the cloth's edge lies at `edgeX` (the strip stretched by 1 / the cloth's share). */
const stripEdgeFor = (edgeX: number): number => 200 + (edgeX - 200) / CLOTH_SHARE;
const near = (xs: number[], x: number): void => {
  for (const v of xs) expect(Math.abs(v - x), `${v}`).toBeLessThanOrEqual(1);
};

describe('SleeveOuterSide', () => {
  it("puts the sleeve's cloth edge on the arm's outline in the mask, the inner side as cut", () => {
    // His arm in his own sleeve reaches 30 px out from the path: the cloth's edge (15 px out) moves there.
    near(rowXs(maskOf([150, 230]), 0), stripEdgeFor(230));
    near(rowXs(maskOf([150, 230]), 1), 200);
    near(rowXs(maskOf([150, 230]), 2), 180);
  });

  it("past the side seam (the hem crossing the strip) stretches only the cloth: the strip beyond it is carried out beside it", () => {
    // The last three rows' cloth fills 0.35 of the outer half (7 px): the hem's slant. Stretching those rows whole to
    // put their edge on the arm (30 px out) would stretch the strip's outer part by 4.3 × where the row above's is
    // 2 ×, and the cloth between the rows with it (a flap out past the arm).
    const clothOuter = new Float64Array(gridCount).fill(CLOTH_SHARE);
    clothOuter.fill(0.35, 8 * (COLUMNS + 1));
    const hemmed = { ...strip, clothOuter };
    const xs = rowXs(maskOf([150, 230]), 0, 200, hemmed);
    near(xs.slice(0, 8), stripEdgeFor(230));
    // Its cloth's edge on the arm (230), the 13 px of strip beyond it as cut: 243, not 200 + 30 / 0.35 = 286.
    near(xs.slice(8), 230 + (HALF_PX - 0.35 * HALF_PX));
  });

  it('keeps the cut where the mask lies inside the cloth, or runs on past the bound (someone beside him)', () => {
    expect(MAX_SLEEVE_OUTER_CM / CM_PER_PX).toBe(45);
    near(rowXs(maskOf([190, 210]), 0), 220);
    near(rowXs(maskOf([150, 400]), 0), 220);
  });

  it('stops at the mask\u2019s edge: the room beyond an arm stays open up to the next thing in the mask', () => {
    near(rowXs(maskOf([150, 225], [235, 260]), 0), stripEdgeFor(225));
  });

  it('leaves the rows below the elbow as cut, easing back at most 45° a row', () => {
    const xs = rowXs(maskOf([150, 230]), 0, 100);
    near(xs.slice(0, 6), stripEdgeFor(230));
    // The cloth's edge 15 px out at row 10; rows 6…9 come back to it no faster than 20 px a row.
    expect(xs[10]).toBeCloseTo(220, 5);
    for (let r = 6; r <= 10; r++) expect(CLOTH_SHARE * (xs[r - 1]! - xs[r]!)).toBeLessThanOrEqual(20 + 1e-9);
  });
});
