import { describe, expect, it } from 'vitest';
import type { TorsoEdges } from '../../shared/garment-silhouette';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, type PersonMaskInput } from './leg-silhouette';
import { IN_LINE_CM, MAX_SIDE_WIDENING_CM, MAX_SIDE_WIDENING_TO_ARM_CM, takeRowsInLine, TorsoSides, UPPER_ARM_HALF_BREADTH_CM } from './torso-sides';

/**
 * A torso part's grid: x 0…200 (the centre line at x 100, the wearer's left towards +x), y 100…300, 20 px cells; its
 * cloth's side seams 60 px either side of the centre line (x 40 and x 160, on grid columns) on every row. Fitted as
 * drawn (camera px = picture px).
 */
const COLUMNS = 10;
const ROWS = 10;
const restPx = new Float64Array((COLUMNS + 1) * (ROWS + 1) * 2);
for (let r = 0; r <= ROWS; r++) {
  for (let c = 0; c <= COLUMNS; c++) {
    restPx[2 * (r * (COLUMNS + 1) + c)] = 20 * c;
    restPx[2 * (r * (COLUMNS + 1) + c) + 1] = 100 + 20 * r;
  }
}
const edges: TorsoEdges = { fromYPx: 100, stepPx: 4, left: new Float64Array(51).fill(60), right: new Float64Array(51).fill(60) };
/** 0.2 cm a camera px: the widening is at most 20 px, the upper arm's capsule 25 px round its axis. */
const CM_PER_PX = 0.2;
const NO_ARMS = new Float64Array(5 * ARM_CAPSULES).fill(-1e4);

function fitted(): Float32Array {
  const out = new Float32Array(restPx.length * 1.5);
  for (let k = 0; k < restPx.length / 2; k++) {
    out[3 * k] = restPx[2 * k]!;
    out[3 * k + 1] = restPx[2 * k + 1]!;
  }
  return out;
}

/** A 400 × 400 mask whose person covers, on every row, the x spans given (end exclusive). */
function maskOf(...spans: Array<[number, number]>): PersonMaskInput {
  const data = new Uint8Array(400 * 400);
  for (let y = 0; y < 400; y++) for (const [a, b] of spans) for (let x = a; x < b; x++) data[y * 400 + x] = 255;
  return { mask: { widthPx: 400, heightPx: 400, data }, frameWidthPx: 400, frameHeightPx: 400 };
}

/** Landmarks far out of the picture (no upper arm stops a scan), or with the wearer's left upper arm hanging at `armX`. */
function landmarks(armX: number | null = null): Float64Array {
  const lm = new Float64Array(66).fill(-1e4);
  if (armX !== null) {
    lm.set([armX, 60], 2 * L.leftShoulder);
    lm.set([armX, 380], 2 * L.leftElbow);
  }
  return lm;
}

/** x of vertex (row, column) after the fit. */
const xAt = (out: Float32Array, row: number, column: number): number => out[3 * (row * (COLUMNS + 1) + column)]!;
/** Within a pixel: the mask's edge is read where it crosses one half between pixel samples (personExtentPx). */
const near = (x: number, px: number, what = ''): void => expect(Math.abs(x - px), `${what} at ${x}`).toBeLessThanOrEqual(1);

/** A mask whose person covers, on the rows from `fromY` down, other x spans than above. */
function maskChanging(fromY: number, above: Array<[number, number]>, below: Array<[number, number]>): PersonMaskInput {
  const data = new Uint8Array(400 * 400);
  for (let y = 0; y < 400; y++) for (const [a, b] of y < fromY ? above : below) for (let x = a; x < b; x++) data[y * 400 + x] = 255;
  return { mask: { widthPx: 400, heightPx: 400, data }, frameWidthPx: 400, frameHeightPx: 400 };
}

/** A mask whose person covers, on each row y, the x spans `spansAt(y)` gives. */
function maskRows(spansAt: (y: number) => Array<[number, number]>): PersonMaskInput {
  const data = new Uint8Array(400 * 400);
  for (let y = 0; y < 400; y++) for (const [a, b] of spansAt(y)) for (let x = a; x < b; x++) data[y * 400 + x] = 255;
  return { mask: { widthPx: 400, heightPx: 400, data }, frameWidthPx: 400, frameHeightPx: 400 };
}

function fit(mask: PersonMaskInput, lm = landmarks(), extra: { edgesToFoot?: boolean; hangFromYPx?: number; edges?: TorsoEdges } = {}): Float32Array {
  const sides = new TorsoSides({ restPx, columns: COLUMNS, rows: ROWS, centreXPx: 100, towardsLeft: 1, edges, ...extra });
  const out = fitted();
  sides.fit(out, 0, mask, lm, CM_PER_PX, NO_ARMS);
  return out;
}

describe('TorsoSides', () => {
  it("moves each side seam onto the person mask's side, stretching the row linearly from the centre line", () => {
    // His shirt reaches 10 px past each seam (x 30…170).
    const out = fit(maskOf([30, 170]));
    for (const row of [0, 5, 10]) {
      near(xAt(out, row, 8), 170, `row ${row}: the left seam`);
      near(xAt(out, row, 2), 30, `row ${row}: the right seam`);
      // Two thirds of the way to the seam moves two thirds as far; the centre line stays; past the seam moves with it.
      near(xAt(out, row, 7), 140 + 20 / 3);
      expect(xAt(out, row, 5)).toBeCloseTo(100, 5);
      near(xAt(out, row, 10), 210);
    }
  });

  it('leaves the room between the torso and an arm held away from it open: no tent across the gap', () => {
    // His torso x 30…170, the background x 170…185, his arm x 185…205.
    const out = fit(maskOf([30, 170], [185, 205]));
    near(xAt(out, 5, 8), 170);
  });

  it('stops at a hanging upper arm pressed to his side (its sleeve is drawn over it)', () => {
    // His torso x 30…170 and his upper arm against it, x 170…220, round its axis at x 195.
    const armPressed = maskOf([30, 220]);
    expect(UPPER_ARM_HALF_BREADTH_CM / CM_PER_PX).toBe(25);
    near(xAt(fit(armPressed, landmarks(195)), 5, 8), 170);
    // Without the arm's landmarks the run goes on past the bound: that side keeps its cut rather than cover the arm.
    expect(xAt(fit(armPressed), 5, 8)).toBe(160);
  });

  it("encloses a loose shirt further where it runs out to a hanging arm, not where it runs out to the mask's edge", () => {
    // His loose T-shirt reaches 30 px past the seam (6 cm: a fitted dress's waist over it), his hanging upper arm
    // pressed to it beyond, round its axis at x 215.
    expect(MAX_SIDE_WIDENING_TO_ARM_CM / CM_PER_PX).toBe(40);
    near(xAt(fit(maskOf([30, 240]), landmarks(215)), 5, 8), 190);
    // The same 30 px of person ending at the background (no arm there): past the bound, the cut is kept.
    expect(xAt(fit(maskOf([30, 190])), 5, 8)).toBe(160);
    // A sliver of background between the shirt and the arm (the masks' soft edges meeting) is not room beside him.
    near(xAt(fit(maskOf([30, 190], [193, 240]), landmarks(218)), 5, 8), 190);
    // An arm further out than the reach to an arm (the seam 45 px from it) keeps the cut too.
    expect(xAt(fit(maskOf([30, 260]), landmarks(230)), 5, 8)).toBe(160);
  });

  it('keeps the cut where the mask runs on past the bound (someone beside him), or lies inside the cloth', () => {
    expect(MAX_SIDE_WIDENING_CM / CM_PER_PX).toBe(20);
    expect(xAt(fit(maskOf([30, 400])), 5, 8)).toBe(160);
    near(xAt(fit(maskOf([30, 400])), 5, 2), 30);
    const inside = fit(maskOf([50, 150]));
    expect(Array.from(inside)).toEqual(Array.from(fitted()));
  });

  it("hangs a top's hem on down from the widest it covered where his hips or shorts below it run past the bound", () => {
    // His tee reaches 10 px past each seam down to y 250; below, his shorts are wider than the bound (x 0…400).
    const shorts = maskChanging(250, [[30, 170]], [[0, 400]]);
    // A top: from its waist (y 200) down, the rows past the bound keep the row above's widening.
    const hung = fit(shorts, landmarks(), { hangFromYPx: 200 });
    for (const row of [5, 7, 8, 10]) near(xAt(hung, row, 8), 170, `row ${row}`);
    // Without it (as before, and a dress's sides: its skirt's enclosure hangs it) they step back in to the cut.
    const cut = fit(shorts);
    expect(xAt(cut, 10, 8)).toBe(160);
    // Above the waist a row past the bound keeps its cut either way (an arm pressed to his chest, someone beside him).
    const beside = maskChanging(150, [[30, 170]], [[0, 400]]);
    expect(xAt(fit(beside, landmarks(), { hangFromYPx: 200 }), 3, 8)).toBe(160);
  });

  it("carries a fitted waist's seam past the bound onto his shirt's side where that side runs on in line above and below", () => {
    // The cloth's sides 45 px from the centre line from y 172 to 228 (a fitted waist: x 55 and 145), 60 elsewhere;
    // his shirt's sides straight at x 30 and 170. The waist rows need 25 px (5 cm), past the 20 px bound.
    const waisted = new Float64Array(51).fill(60).fill(45, 18, 33);
    const waist: TorsoEdges = { ...edges, left: waisted, right: Float64Array.from(waisted) };
    expect(25 * CM_PER_PX).toBeGreaterThan(MAX_SIDE_WIDENING_CM);
    const out = fit(maskOf([30, 170]), landmarks(), { edges: waist });
    // Rows 4–6 (y 180…220) are the waist: their seams (x 145, 55) land on his sides; past the seam the row moves whole.
    for (const row of [4, 5, 6]) {
      near(xAt(out, row, 8), 160 + 25, `left, row ${row}`);
      near(xAt(out, row, 2), 40 - 25, `right, row ${row}`);
    }
    // A bag pressed to his left side at the waist stands 1.6 cm past his outline there: that side keeps its cut.
    expect(8 * CM_PER_PX).toBeGreaterThan(IN_LINE_CM);
    const bag = fit(maskRows((y) => (y >= 170 && y < 230 ? [[30, 178]] : [[30, 170]])), landmarks(), { edges: waist });
    for (const row of [4, 5, 6]) {
      expect(xAt(bag, row, 8), `left, row ${row}`).toBe(160);
      near(xAt(bag, row, 2), 40 - 25, `right, row ${row}`);
    }
  });

  it('takes a row past the bound only where it lies in line with the rows above and below that found his outline', () => {
    // Five rows down a vertical seam at x 100, scanning to +x; rows 1–3 found the mask's edge past the bound.
    const seam = Float64Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? 100 : 20 * (k >> 1)));
    const dir = Float64Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? 1 : 0));
    const run = (add: number[], far: number[]): number[] => {
      const a = Float64Array.from(add);
      takeRowsInLine(a, Float64Array.from(far), seam, dir, 4, CM_PER_PX);
      return Array.from(a);
    };
    // In line with the rows either side (10 px out at rows 0 and 4, x 110; 5 px of leeway): all three taken.
    expect(run([10, -1, -1, -1, 10], [-1, 10, 12, 8, -1])).toEqual([10, 10, 12, 8, 10]);
    // Row 2's edge stands 20 px (4 cm) past that line: it keeps its cut; the rows beside it are taken.
    expect(run([10, -1, -1, -1, 10], [-1, 10, 30, 8, -1])).toEqual([10, 10, -1, 8, 10]);
    // Row 0 has no row above it that found an edge: nothing to judge it by. Row 3 found none (0: at its cut).
    expect(run([-1, 10, -1, 0, 10], [40, -1, 12, -1, -1])).toEqual([-1, 10, 12, 0, 10]);
  });

  it("moves the grid's foot below the cloth's hem with the last side read (a top's edges run to the picture's foot)", () => {
    // The cloth's sides are read down to y 280; the foot row (y 300) is past the hem.
    const short: TorsoEdges = { ...edges, left: new Float64Array(51).fill(60).fill(Number.NaN, 46), right: new Float64Array(51).fill(60).fill(Number.NaN, 46) };
    const tee = fit(maskOf([30, 170]), landmarks(), { edges: short, edgesToFoot: true });
    near(xAt(tee, 10, 8), 170, 'the foot');
    // A dress's sides stop at its hip anchors: the rows below are its skirt's.
    expect(xAt(fit(maskOf([30, 170]), landmarks(), { edges: short }), 10, 8)).toBe(160);
  });
});
