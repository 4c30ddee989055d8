import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor, type ProductSpec } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT, SLEEVE_LAY_DEG } from '../../src/core/demo/layout';
import { draftTop } from '../../src/core/demo/pattern/draft-top';
import { WAIST_FROM_SHOULDER } from '../../src/shared/garment';
import { PoseLandmark as L } from '../../src/shared/pose';
import { draftSkirt } from '../../src/core/demo/pattern/draft-skirt';
import { draftTrousers, xAtY } from '../../src/core/demo/pattern/draft-trousers';
import { draftFor, hasSkirtPattern, hasTopPattern, hasTrouserPattern, patternLayout, SAMPLE_SIZE, skirtDraftFor, trousersDraftFor } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
const patternMade = PRODUCTS.filter(hasTopPattern);
const skirts = PRODUCTS.filter(hasSkirtPattern);
const trousers = PRODUCTS.filter(hasTrouserPattern);

/** A pattern-made product's picture at the sample size: alpha lookup and its asset. */
async function picture(p: ProductSpec) {
  const { asset, png } = await buildGarment2d(p, 0);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const alpha = (x: number, y: number): number => data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3]!;
  return { asset, alpha, width: info.width, height: info.height };
}

describe('demo garments from sewing patterns', () => {
  it('tees come from FreeSewing Teagan and shirts from Simon, keeping their product ids', () => {
    expect(patternMade.filter((p) => p.sewingPattern === 'teagan').map((p) => p.id)).toEqual(expect.arrayContaining(['tee-everyday', 'tee-breton']));
    expect(patternMade.filter((p) => p.sewingPattern === 'simon').map((p) => p.id)).toEqual(expect.arrayContaining(['shirt-oxford', 'shirt-gingham']));
  });

  it('drafts each size for a standard body whose chest lies in that size’s range of the store’s body chart', () => {
    for (const category of ['tshirt', 'shirt'] as const) {
      const run = sizeRun(category);
      const chart = bodyChartFor(category);
      for (const size of SIZES) {
        const range = chart.find((r) => r.size === size)!.cm.chest!;
        expect(run[size].chest! / 10, `${category} ${size}`).toBeGreaterThanOrEqual(range.min);
        expect(run[size].chest! / 10, `${category} ${size}`).toBeLessThanOrEqual(range.max);
      }
    }
  });

  it('the size chart is the drafted garment’s: every size from its own draft, ease over the body as a regular fit has', () => {
    for (const p of patternMade) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      for (const size of SIZES) {
        const m = draftFor(p, size).measurementsCm;
        expect(chart[size]!.chest, `${p.id} ${size}`).toBe(Math.round(m.chest));
        expect(chart[size]!.length, `${p.id} ${size}`).toBe(Math.round(m.length));
        // A regular-fit tee or shirt has 6–16 cm of ease round the chest.
        const easeCm = m.chest - run[size].chest! / 10;
        expect(easeCm, `${p.id} ${size} chest ease`).toBeGreaterThan(6);
        expect(easeCm, `${p.id} ${size} chest ease`).toBeLessThan(16);
      }
      // Short sleeves 15–30 cm from the cap, long ones 55–75 cm with the cuff.
      const sleeve = chart.M!.sleeve!;
      const [minCm, maxCm] = p.shape.sleeves === 'short' ? [15, 30] : [55, 75];
      expect(sleeve, `${p.id} sleeve`).toBeGreaterThan(minCm);
      expect(sleeve, `${p.id} sleeve`).toBeLessThan(maxCm);
    }
  });

  it('the picture is the drafted front at the mannequin’s scale: its width at the waist and its hem where the pattern puts them', async () => {
    for (const id of ['tee-everyday', 'shirt-oxford']) {
      const p = patternMade.find((x) => x.id === id)!;
      const draft = draftFor(p, SAMPLE_SIZE);
      const { asset, alpha, width } = await picture(p);
      const a = asset.anchorsPx;
      // The pattern's shoulder point lies on the top of the shoulder, above the shoulder joint anchor.
      const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
      const rowOf = (yMm: number): number => shoulderTopYPx + ((yMm - draft.front.shoulder[1]) / 10) * PX_PER_CM;
      const cx = width / 2;
      const run = clothRun(alpha, cx);
      const waistRow = rowOf(draft.front.waist[1]);
      const drafted = (2 * widthAt(draft.frontHalf, draft.front.waist[1])) / 10;
      expect(Math.abs(run(waistRow) / PX_PER_CM - drafted), `${id} front at the waist`).toBeLessThan(0.02 * drafted + 0.5);
      // The hem: the lowest cloth in the centre column is the pattern's hem, and the hem anchors sit on it.
      let bottom = Math.round(waistRow);
      while (alpha(cx, bottom + 1) > 128) bottom++;
      expect(Math.abs(bottom - rowOf(draft.front.cfHem[1])), `${id} hem row`).toBeLessThan(3);
      expect(Math.abs(a.leftHem![1] - bottom), `${id} hem anchor`).toBeLessThan(3);
    }
  });

  it('the pencil skirt comes from FreeSewing Penelope, each size drafted for a standard body whose hip lies in that size’s range', () => {
    expect(skirts.filter((p) => p.sewingPattern === 'penelope').map((p) => p.id)).toEqual(['skirt-pencil']);
    const run = sizeRun('skirt');
    const chart = bodyChartFor('skirt');
    for (const size of SIZES) {
      const range = chart.find((r) => r.size === size)!.cm.hip!;
      expect(run[size].seat! / 10, size).toBeGreaterThanOrEqual(range.min);
      expect(run[size].seat! / 10, size).toBeLessThanOrEqual(range.max);
    }
  });

  it('the skirt’s size chart is its drafts’: waist and hip round the sewn pieces with a pencil skirt’s close fit, length growing with the size', () => {
    for (const p of skirts) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      let lastLength = 0;
      for (const size of SIZES) {
        const m = skirtDraftFor(p, size).measurementsCm;
        expect(chart[size], `${p.id} ${size}`).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length) });
        // A pencil skirt sits close: 0–3 cm of ease at the waist, 0–5 cm round the hip (Penelope trues its waist
        // seam to the band by iteration, to within a few millimetres).
        const waistEase = m.waist - run[size].waist! / 10;
        const hipEase = m.hip - run[size].seat! / 10;
        expect(waistEase, `${p.id} ${size} waist ease`).toBeGreaterThan(-0.5);
        expect(waistEase, `${p.id} ${size} waist ease`).toBeLessThan(3);
        expect(hipEase, `${p.id} ${size} hip ease`).toBeGreaterThanOrEqual(0);
        expect(hipEase, `${p.id} ${size} hip ease`).toBeLessThan(5);
        // Knee length: the body's waist-to-knee plus the waistband.
        expect(m.length, `${p.id} ${size} length`).toBeCloseTo(run[size].waistToKnee! / 10 + skirtDraftFor(p, size).waistbandMm / 10, 5);
        expect(m.length).toBeGreaterThan(lastLength);
        lastLength = m.length;
      }
    }
  });

  it('the skirt’s picture is the sewn front: its waist seam at the body’s waist, its width at the seat line and its hem where the pattern puts them', async () => {
    for (const p of skirts) {
      const draft = skirtDraftFor(p, SAMPLE_SIZE);
      const layout = patternLayout(p);
      const { asset, alpha, width } = await picture(p);
      const a = asset.anchorsPx;
      // The waist anchor is the pattern's side waist, on the body's natural waist (as every garment's waist anchor).
      const y = (i: number): number => layout.mannequinPx[2 * i + 1]!;
      const bodyWaistPx = y(L.leftShoulder) + WAIST_FROM_SHOULDER * (y(L.leftHip) - y(L.leftShoulder));
      const waistSeamPx = a.leftWaist![1] - (draft.front.waist[1] / 10) * PX_PER_CM;
      expect(Math.abs(waistSeamPx - bodyWaistPx), `${p.id} waist seam`).toBeLessThan(1);
      const rowOf = (yMm: number): number => waistSeamPx + (yMm / 10) * PX_PER_CM;
      const cx = width / 2;
      const run = clothRun(alpha, cx);
      const seatY = draft.front.seat[1];
      const drafted = (2 * widthAt(draft.frontHalf, seatY)) / 10;
      expect(Math.abs(run(rowOf(seatY)) / PX_PER_CM - drafted), `${p.id} front at the seat`).toBeLessThan(0.02 * drafted + 0.5);
      let bottom = Math.round(rowOf(seatY));
      while (alpha(cx, bottom + 1) > 128) bottom++;
      expect(Math.abs(bottom - rowOf(draft.front.cfHem[1])), `${p.id} hem row`).toBeLessThan(3);
      for (const hem of [a.leftHem!, a.rightHem!]) expect(Math.abs(hem[1] - bottom), `${p.id} hem anchor`).toBeLessThan(3);
      // The hem anchors are the hem's corners.
      expect(Math.abs(a.leftHem![0] - a.rightHem![0]) / PX_PER_CM, `${p.id} hem width`).toBeCloseTo((2 * draft.front.hem[0]) / 10, 1);
    }
  });

  it('a short sleeve’s cuff anchor is the centre of the drafted sleeve’s end', async () => {
    const { asset, alpha } = await picture(patternMade.find((x) => x.id === 'tee-everyday')!);
    const [x, y] = asset.anchorsPx.leftCuff!;
    const d = [Math.sin((SLEEVE_LAY_DEG * Math.PI) / 180), Math.cos((SLEEVE_LAY_DEG * Math.PI) / 180)] as const;
    expect(alpha(x - 6 * d[0], y - 6 * d[1])).toBeGreaterThan(200);
    expect(alpha(x + 6 * d[0], y + 6 * d[1])).toBe(0);
  });

  it('the jeans come from FreeSewing Titan, each size drafted for a standard body whose seat lies in that size’s hip range', () => {
    expect(trousers.map((p) => [p.id, p.sewingPattern])).toEqual([['jeans-straight', 'titan']]);
    // chino-slim and shorts-bermuda stay drawn (the 2D rig's coverage floors are tuned on them).
    expect(PRODUCTS.filter((p) => p.category === 'trousers' && !hasTrouserPattern(p)).map((p) => p.id)).toEqual(['chino-slim', 'shorts-bermuda']);
    const run = sizeRun('trousers');
    const chart = bodyChartFor('trousers');
    for (const size of SIZES) {
      const { hip, waist } = chart.find((r) => r.size === size)!.cm;
      expect(run[size].seat! / 10, size).toBeGreaterThanOrEqual(hip!.min);
      expect(run[size].seat! / 10, size).toBeLessThanOrEqual(hip!.max);
      // The series' waists lie within 1 cm of the chart's waist ranges: one body per size fits both girths.
      expect(run[size].waist! / 10, size).toBeGreaterThanOrEqual(waist!.min - 1);
      expect(run[size].waist! / 10, size).toBeLessThanOrEqual(waist!.max + 1);
    }
  });

  it('the jeans’ size chart is their drafts’: waist, hip, outseam, inseam and leg opening of every size, a regular fit round the seat', () => {
    for (const p of trousers) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      let last = { hip: 0, inseam: 0 };
      for (const size of SIZES) {
        const m = trousersDraftFor(p, size).measurementsCm;
        expect(chart[size], `${p.id} ${size}`).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), inseam: Math.round(m.inseam), legOpening: Math.round(m.legOpening) });
        // Titan's seat ease (2 %) and a mid-rise waist, between the body's waist and its seat.
        const hipEase = m.hip - run[size].seat! / 10;
        expect(hipEase, `${p.id} ${size} hip ease`).toBeGreaterThan(0);
        expect(hipEase, `${p.id} ${size} hip ease`).toBeLessThan(6);
        expect(m.waist, `${p.id} ${size} waist`).toBeGreaterThan(run[size].waist! / 10);
        expect(m.waist, `${p.id} ${size} waist`).toBeLessThan(m.hip);
        // A full-length leg: the inseam at least the body's, the rise (outseam less inseam) 15–35 cm.
        expect(m.inseam, `${p.id} ${size} inseam`).toBeGreaterThanOrEqual(run[size].inseam! / 10);
        expect(m.length - m.inseam, `${p.id} ${size} rise`).toBeGreaterThan(15);
        expect(m.length - m.inseam, `${p.id} ${size} rise`).toBeLessThan(35);
        expect(m.hip).toBeGreaterThan(last.hip);
        expect(m.inseam).toBeGreaterThan(last.inseam);
        last = m;
      }
    }
  });

  it('the jeans’ picture is the sewn front as worn: widths at the seat, knee and hem, crotch, knee and hem where the pattern puts them', async () => {
    for (const p of trousers) {
      const draft = trousersDraftFor(p, SAMPLE_SIZE);
      const d = draft.points;
      const layout = patternLayout(p);
      const { asset, alpha, width } = await picture(p);
      const a = asset.anchorsPx;
      // The pattern's seat line lies on the hip joints (where the rig measures a bottom's hip).
      const hipPx = layout.mannequinPx[2 * L.leftHip + 1]!;
      const rowOf = (yMm: number): number => hipPx + ((yMm - d.seatOut[1]) / 10) * PX_PER_CM;
      const cx = width / 2;
      const run = clothRun(alpha, cx);
      const seatCm = (2 * (d.cfSeat[0] - d.seatOut[0])) / 10;
      expect(Math.abs(run(rowOf(d.seatOut[1])) / PX_PER_CM - seatCm), `${p.id} front at the seat`).toBeLessThan(0.02 * seatCm + 0.5);
      // Each leg at the knee and just above the hem: the front leg's drafted width, centred on the leg's anchors.
      for (const [yMm, anchor] of [[d.knee[1], a.leftKnee!], [d.hem[1] - 5, a.leftAnkle!]] as const) {
        const legCm = (xAtY(draft.inseam, yMm) - xAtY(draft.outseam, yMm)) / 10;
        expect(Math.abs(clothRun(alpha, anchor[0])(rowOf(yMm)) / PX_PER_CM - legCm), `${p.id} leg at ${yMm} mm`).toBeLessThan(0.02 * legCm + 0.5);
      }
      // The crotch point is the lowest cloth on the centre line; the pelvis part ends there (the rig's seat depth).
      let crotch = Math.round(rowOf(d.seatOut[1]));
      while (alpha(cx, crotch + 1) > 128) crotch++;
      expect(Math.abs(crotch - rowOf(d.fork[1])), `${p.id} crotch`).toBeLessThan(3);
      const pelvis = asset.parts.find((x) => x.name === 'pelvis')!;
      expect(Math.abs(pelvis.quadPx[2][1] - rowOf(d.fork[1])), `${p.id} pelvis bottom`).toBeLessThan(1);
      // Knee anchors on the knee line, ankle anchors on the hem; the waist anchors at the band's top corners, a 1 cm
      // seam allowance inside its top edge and the side seam.
      expect(Math.abs(a.leftKnee![1] - rowOf(d.knee[1])), `${p.id} knee anchor`).toBeLessThan(1);
      let hem = Math.round(rowOf(d.knee[1]));
      while (alpha(a.leftAnkle![0], hem + 1) > 128) hem++;
      expect(Math.abs(hem - rowOf(d.hem[1])), `${p.id} hem row`).toBeLessThan(3);
      expect(Math.abs(a.leftAnkle![1] - hem), `${p.id} ankle anchor`).toBeLessThan(3);
      expect(Math.abs(a.leftWaist![1] - rowOf(d.waistOut[1] - draft.waistbandMm) - PX_PER_CM), `${p.id} waist anchor`).toBeLessThan(1);
      expect(alpha(a.leftWaist![0], a.leftWaist![1])).toBeGreaterThan(200);
      let side = Math.round(a.leftWaist![0]);
      while (alpha(side + 1, a.leftWaist![1]) > 128) side++;
      expect(Math.abs(side - a.leftWaist![0] - PX_PER_CM), `${p.id} waist anchor inside the side seam`).toBeLessThan(2);
    }
  });

  it('a body without the measurements a design needs is refused with a one-line reason', () => {
    expect(() => draftTrousers('titan', { seat: 1000 })).toThrow(/FreeSewing titan/);
    expect(() => draftTop('teagan', { chest: 1000 })).toThrow(/FreeSewing teagan/);
    expect(() => draftSkirt('penelope', { waist: 700 })).toThrow(/FreeSewing penelope/);
  });
});

/** Width in pixels of the cloth run through column `cx` on row `y`. */
function clothRun(alpha: (x: number, y: number) => number, cx: number): (y: number) => number {
  return (y) => {
    let l = cx;
    let r = cx;
    while (alpha(l - 1, y) > 128) l--;
    while (alpha(r + 1, y) > 128) r++;
    return r - l + 1;
  };
}
