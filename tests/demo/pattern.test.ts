import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor, type ProductSpec } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT, SLEEVE_LAY_DEG } from '../../src/core/demo/layout';
import { draftTop } from '../../src/core/demo/pattern/draft-top';
import { WAIST_FROM_SHOULDER } from '../../src/shared/garment';
import { PoseLandmark as L } from '../../src/shared/pose';
import { draftSkirt, pleatsFor, SKIRT_PATTERNS } from '../../src/core/demo/pattern/draft-skirt';
import { draftTrousers, xAtY } from '../../src/core/demo/pattern/draft-trousers';
import { draftFor, hasSkirtPattern, hasTopPattern, hasTrouserPattern, patternLayout, SAMPLE_SIZE, skirtDraftFor, trousersDraftFor } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';
import { silhouetteAt } from '../../src/core/demo/drape/draw-drape';
import { productDrape } from '../../src/core/demo/drape/product-drape';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
const patternMade = PRODUCTS.filter(hasTopPattern);
const skirts = PRODUCTS.filter(hasSkirtPattern);
const trousers = PRODUCTS.filter(hasTrouserPattern);
const fullLength = trousers.filter((p) => p.id !== 'shorts-bermuda');

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
    for (const p of skirts.filter((x) => x.sewingPattern === 'penelope')) {
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
      const nearHemY = draft.front.hem[1] - 10;
      const drape = productDrape(p)?.skirt;
      if (drape) {
        // A flared skirt is the cloth solver's drape (drape.test.ts) hung from its waist seam: at the seat line and
        // near the hem the picture is as wide as the drape's silhouette, its lowest centre cloth the drape's, and
        // near the hem it is narrower than the flat pattern (the flare hangs in flutes) and wider than the waist.
        const outer = (y: number): number => {
          let l = 0;
          let r = width - 1;
          while (l < r && alpha(l, y) <= 128) l++;
          while (r > l && alpha(r, y) <= 128) r--;
          return r - l + 1;
        };
        const waistYPx = layout.marks.waistSeam![1];
        for (const yMm of [seatY, nearHemY]) {
          const row = Math.round(rowOf(yMm));
          const sil = silhouetteAt(drape, row + 0.5 - waistYPx)!;
          expect(Math.abs(outer(row) - (sil[1] - sil[0])), `${p.id} draped at ${yMm.toFixed(0)} mm`).toBeLessThan(3);
        }
        const row = Math.round(rowOf(nearHemY));
        expect(outer(row) / PX_PER_CM, `${p.id} draped hem`).toBeLessThan((2 * widthAt(draft.frontHalf, nearHemY)) / 10);
        expect(outer(row) / PX_PER_CM, `${p.id} draped hem`).toBeGreaterThan(draft.measurementsCm.waist / 2);
        let bottom = Math.round(rowOf(seatY));
        while (alpha(cx, bottom + 1) > 128) bottom++;
        const offset = cx - (layout.mannequinPx[2 * 11]! + layout.mannequinPx[2 * 12]!) / 2;
        let drapedBottom = Math.round(waistYPx);
        for (;;) {
          const span = silhouetteAt(drape, drapedBottom + 1.5 - waistYPx);
          if (!span || span[0] > offset || span[1] < offset) break;
          drapedBottom++;
        }
        expect(Math.abs(bottom - drapedBottom), `${p.id} draped hem row`).toBeLessThan(3);
      } else {
        const drafted = (2 * widthAt(draft.frontHalf, seatY)) / 10;
        expect(Math.abs(run(rowOf(seatY)) / PX_PER_CM - drafted), `${p.id} front at the seat`).toBeLessThan(0.02 * drafted + 0.5);
        let bottom = Math.round(rowOf(seatY));
        while (alpha(cx, bottom + 1) > 128) bottom++;
        expect(Math.abs(bottom - rowOf(draft.front.cfHem[1])), `${p.id} hem row`).toBeLessThan(3);
        // The width just above the hem (at the side's hem corner, which an A-line's spread lifts above the centre's).
        const atHem = (2 * widthAt(draft.frontHalf, nearHemY)) / 10;
        expect(Math.abs(run(rowOf(nearHemY)) / PX_PER_CM - atHem), `${p.id} front near the hem`).toBeLessThan(0.02 * atHem + 0.5);
      }
      // The waist: the band's width at its side's middle, the sewn waist seam's.
      expect(Math.abs(run(rowOf(draft.front.waist[1] - draft.waistbandMm / 2)) / PX_PER_CM - (2 * draft.front.waist[0]) / 10), `${p.id} band`).toBeLessThan(0.02 * ((2 * draft.front.waist[0]) / 10) + 0.5);
      for (const hem of [a.leftHem!, a.rightHem!]) expect(Math.abs(hem[1] - rowOf(draft.front.hem[1])), `${p.id} hem anchor`).toBeLessThan(3);
      // The hem anchors are the hem's corners.
      expect(Math.abs(a.leftHem![0] - a.rightHem![0]) / PX_PER_CM, `${p.id} hem width`).toBeCloseTo((2 * draft.front.hem[0]) / 10, 1);
    }
    // Three skirts drawn from their drapes (≈ 3 s of CPU each) and their pictures checked: room for a loaded machine.
  }, 120_000);

  it('the A-line is Penelope’s block with the side dart closed and the hem spread: same waist, the flare the dart’s angle gives, chart from the drafts', () => {
    expect(skirts.filter((p) => p.sewingPattern === 'penelopeALine').map((p) => p.id)).toEqual(['skirt-aline']);
    const p = skirts.find((x) => x.id === 'skirt-aline')!;
    const chart = demoGarmentChart(p);
    const run = sizeRun(p.category);
    let lastHip = 0;
    for (const size of SIZES) {
      const aLine = skirtDraftFor(p, size);
      const pencil = draftSkirt('penelope', run[size]);
      const m = aLine.measurementsCm;
      expect(chart[size], size).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length) });
      // Closing a dart by turning the piece keeps every seam's length: the waist is the pencil block's (to the few
      // millimetres the side waist's rise adds along the seam), the length too; one dart per piece is left sewn.
      expect(Math.abs(m.waist - pencil.measurementsCm.waist), `${size} waist`).toBeLessThan(1);
      expect(m.length, `${size} length`).toBeCloseTo(pencil.measurementsCm.length, 6);
      expect(aLine.frontDarts.length, `${size} darts`).toBe(pencil.frontDarts.length - 1);
      // The spread: wider than the pencil's seat already 18 cm below the waist (the slash starts at the dart tip) and far
      // wider at the hem — an A-line's hem is 15–50 % wider than its block's.
      expect(m.hip, `${size} hip`).toBeGreaterThan(pencil.measurementsCm.hip);
      const hemRatio = aLine.front.hem[0] / pencil.front.hem[0];
      expect(hemRatio, `${size} hem flare`).toBeGreaterThan(1.15);
      expect(hemRatio, `${size} hem flare`).toBeLessThan(1.5);
      // The side's hem corner rises as the spread turns it (before the hem is trued), never below the centre's.
      expect(aLine.front.hem[1], `${size} hem corner`).toBeLessThan(aLine.front.cfHem[1]);
      expect(m.hip).toBeGreaterThan(lastHip);
      lastHip = m.hip;
    }
  });

  it('the A-line’s spread is the closed dart’s angle: the opening at the hem is 2·H·sin(θ/2)', () => {
    const body = sizeRun('skirt').M;
    const pencil = draftSkirt('penelope', body);
    const aLine = draftSkirt('penelopeALine', body);
    // Read the side dart off Penelope's own front piece and predict where the side's hem corner lands.
    const front = new (SKIRT_PATTERNS.penelope.design)({ measurements: { ...body } }).draft().parts[0]!['penelope.front']!.points;
    const darts = [1, 2].filter((i) => front[`dart${i}Start`]).map((i) => ({ s: front[`dart${i}Start`]!, e: front[`dart${i}End`]!, tip: front[`dart${i}Middle`]! }));
    const side = darts.reduce((a, b) => ((a.s.x + a.e.x) / 2 > (b.s.x + b.e.x) / 2 ? a : b));
    const theta = 2 * Math.atan(Math.abs(side.e.x - side.s.x) / 2 / (side.tip.y - (side.s.y + side.e.y) / 2));
    const tipX = (side.s.x + side.e.x) / 2;
    // The pencil's side hem corner (its x with no intake at the hem), turned about the tip by θ.
    const [dx, dy] = [pencil.front.hem[0] - tipX, pencil.front.hem[1] - side.tip.y];
    const expected: [number, number] = [tipX + Math.cos(theta) * dx + Math.sin(theta) * dy, side.tip.y - Math.sin(theta) * dx + Math.cos(theta) * dy];
    expect(aLine.front.hem[0]).toBeCloseTo(expected[0], 6);
    expect(aLine.front.hem[1]).toBeCloseTo(expected[1], 6);
  });

  it('the pleated mini is Penelope’s block in knife pleats: pleat count and depth from the hip, the waist/hip difference sewn into the pleats, chart from the drafts', () => {
    expect(skirts.filter((p) => p.sewingPattern === 'penelopePleated').map((p) => p.id)).toEqual(['skirt-pleated']);
    const p = skirts.find((x) => x.id === 'skirt-pleated')!;
    const chart = demoGarmentChart(p);
    const run = sizeRun(p.category);
    for (const size of SIZES) {
      const d = skirtDraftFor(p, size);
      const m = d.measurementsCm;
      const pencil = draftSkirt('penelope', run[size]);
      expect(chart[size], size).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length) });
      expect(m.waist, size).toBeCloseTo(pencil.measurementsCm.waist, 6);
      expect(m.hip, size).toBeCloseTo(pencil.measurementsCm.hip, 6);
      // Mid-thigh: 70 % of the waist-to-knee, plus the band.
      expect(m.length, size).toBeCloseTo((0.7 * run[size].waistToKnee! + d.waistbandMm) / 10, 6);
      const pl = d.pleats!;
      expect(pl.count % 2, size).toBe(0);
      expect(pl.count * pl.faceMm, size).toBeCloseTo(m.hip * 10, 6);
      expect(pl.count * pl.faceAtWaistMm, size).toBeCloseTo(m.waist * 10, 6);
      expect(pl.depthMm, size).toBeCloseTo(2 * pl.faceMm, 6);
      // Faces of 3.5–4.5 cm (the nearest even count to 4 cm ones), stitched down to the seat line.
      expect(pl.faceMm, size).toBeGreaterThan(35);
      expect(pl.faceMm, size).toBeLessThan(45);
      expect(pl.stitchedToMm, size).toBe(d.front.seat[1]);
      expect(d.frontDarts, size).toEqual([]);
    }
    expect(() => pleatsFor(700, 800, 200)).toThrow(/hip .* larger than its waist/);
  });

  it('only the pleated skirt\'s picture says it is pleated (its pleats open over what the 2D rig encloses)', async () => {
    for (const p of skirts) expect((await buildGarment2d(p, 0)).asset.pleated ?? false, p.id).toBe(p.sewingPattern === 'penelopePleated');
  });

  it('a short sleeve’s cuff anchor is the centre of the drafted sleeve’s end', async () => {
    const { asset, alpha } = await picture(patternMade.find((x) => x.id === 'tee-everyday')!);
    const [x, y] = asset.anchorsPx.leftCuff!;
    const d = [Math.sin((SLEEVE_LAY_DEG * Math.PI) / 180), Math.cos((SLEEVE_LAY_DEG * Math.PI) / 180)] as const;
    expect(alpha(x - 6 * d[0], y - 6 * d[1])).toBeGreaterThan(200);
    expect(alpha(x + 6 * d[0], y + 6 * d[1])).toBe(0);
  });

  it('the jeans come from FreeSewing Titan, each size drafted for a standard body whose seat lies in that size’s hip range', () => {
    expect(trousers.map((p) => [p.id, p.sewingPattern])).toEqual([['chino-slim', 'titanSlim'], ['jeans-straight', 'titan'], ['shorts-bermuda', 'titanBermuda']]);
    expect(PRODUCTS.filter((p) => p.category === 'trousers' && !hasTrouserPattern(p))).toEqual([]);
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

  it('the jeans’ and chino’s size chart is their drafts’: waist, hip, outseam, inseam and leg opening of every size, a regular fit round the seat', () => {
    for (const p of fullLength) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      let last = { hip: 0, inseam: 0 };
      for (const size of SIZES) {
        const m = trousersDraftFor(p, size).measurementsCm;
        expect(chart[size], `${p.id} ${size}`).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), inseam: Math.round(m.inseam), legOpening: Math.round(m.legOpening * 2) / 2 });
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

  it('the jeans’ and chino’s picture is the sewn front as worn: widths at the seat, knee and hem, crotch, knee and hem where the pattern puts them', async () => {
    for (const p of fullLength) {
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

  it('the slim chino is Titan’s jeans block tapered below the knee: the same body above it, a leg opening 12 % over the heel', () => {
    const chino = trousers.find((p) => p.id === 'chino-slim')!;
    const jeans = trousers.find((p) => p.id === 'jeans-straight')!;
    const run = sizeRun('trousers');
    let lastOpening = 0;
    for (const size of SIZES) {
      const c = trousersDraftFor(chino, size);
      const j = trousersDraftFor(jeans, size);
      expect(c.measurementsCm.waist, size).toBeCloseTo(j.measurementsCm.waist, 6);
      expect(c.measurementsCm.hip, size).toBeCloseTo(j.measurementsCm.hip, 6);
      expect(c.points.knee, size).toEqual(j.points.knee);
      expect(c.measurementsCm.legOpening, size).toBeCloseTo((run[size].heel! * 1.12) / 10, 6);
      // Narrower than the straight leg, and the taper runs from the knee: above it the seams are the block's.
      expect(c.measurementsCm.legOpening, size).toBeLessThan(j.measurementsCm.legOpening);
      expect(xAtY(c.outseam, c.points.knee[1] - 50), size).toBeCloseTo(xAtY(j.outseam, j.points.knee[1] - 50), 6);
      expect(c.points.hemIn[0] - c.points.hemOut[0], size).toBeLessThan(c.points.kneeIn[0] - c.points.kneeOut[0]);
      expect(c.make).toEqual({ pockets: 'slant', crease: true, hem: 'blind' });
      expect(c.measurementsCm.legOpening).toBeGreaterThan(lastOpening);
      lastOpening = c.measurementsCm.legOpening;
    }
  });

  it('the Bermuda shorts are Titan cut 1 in above the knee: the chart from the drafts, an inseam of 10–13 in, the hem a pattern point', () => {
    const p = trousers.find((x) => x.id === 'shorts-bermuda')!;
    const chart = demoGarmentChart(p);
    const run = sizeRun(p.category);
    let lastInseam = 0;
    for (const size of SIZES) {
      const d = trousersDraftFor(p, size);
      const m = d.measurementsCm;
      expect(chart[size], size).toEqual({ waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), inseam: Math.round(m.inseam), legOpening: Math.round(m.legOpening * 2) / 2 });
      expect(d.points.hem[1], size).toBeCloseTo(d.points.knee[1] - 25, 6);
      expect(d.points.hem[0], size).toBe(d.points.knee[0]);
      expect(d.outseam[d.outseam.length - 1], size).toEqual(d.points.hemOut);
      expect(d.inseam[d.inseam.length - 1], size).toEqual(d.points.hemIn);
      expect(m.inseam * 10, size).toBeLessThan(run[size].inseam!);
      expect(m.inseam / 2.54, `${size} inseam in inches`).toBeGreaterThan(10);
      expect(m.inseam / 2.54, `${size} inseam in inches`).toBeLessThan(15);
      // The opening round the thigh just above the knee: wider than the knee's block width, narrower than the hip.
      expect(m.legOpening, size).toBeGreaterThan(run[size].knee! / 10);
      expect(m.legOpening, size).toBeLessThan(m.hip / 2);
      expect(m.inseam).toBeGreaterThan(lastInseam);
      lastInseam = m.inseam;
    }
  });

  it('the Bermuda shorts’ picture is the sewn front as worn: widths at the seat and hem, crotch and hem where the pattern puts them, legs as the shorts rig reads them', async () => {
    const p = trousers.find((x) => x.id === 'shorts-bermuda')!;
    const draft = trousersDraftFor(p, SAMPLE_SIZE);
    const d = draft.points;
    const layout = patternLayout(p);
    const { asset, alpha, width } = await picture(p);
    const a = asset.anchorsPx;
    const hipPx = layout.mannequinPx[2 * L.leftHip + 1]!;
    const rowOf = (yMm: number): number => hipPx + ((yMm - d.seatOut[1]) / 10) * PX_PER_CM;
    const cx = width / 2;
    const seatCm = (2 * (d.cfSeat[0] - d.seatOut[0])) / 10;
    expect(Math.abs(clothRun(alpha, cx)(rowOf(d.seatOut[1])) / PX_PER_CM - seatCm), 'front at the seat').toBeLessThan(0.02 * seatCm + 0.5);
    let crotch = Math.round(rowOf(d.seatOut[1]));
    while (alpha(cx, crotch + 1) > 128) crotch++;
    expect(Math.abs(crotch - rowOf(d.fork[1])), 'crotch').toBeLessThan(3);
    // Just above the hem each leg is the front's drafted width less the crotch extension the front view hides there.
    const hemLeg = Math.abs(layout.marks.hemInLeft![0] - layout.marks.hemOutLeft![0]) / PX_PER_CM;
    const legX = (layout.marks.hemInLeft![0] + layout.marks.hemOutLeft![0]) / 2;
    expect(Math.abs(clothRun(alpha, legX)(rowOf(d.hem[1] - 5)) / PX_PER_CM - hemLeg), 'leg above the hem').toBeLessThan(0.02 * hemLeg + 0.5);
    let hem = Math.round(rowOf(d.hem[1] - 5));
    while (alpha(legX, hem + 1) > 128) hem++;
    expect(Math.abs(hem - rowOf(d.hem[1])), 'hem row').toBeLessThan(3);
    // Knee anchors on the pattern's knee line, ankle anchors on the block's floor (the body's, below the hem); the
    // legs are limbs hip → knee → ankle whose cloth ends at the hem.
    expect(Math.abs(a.leftKnee![1] - rowOf(d.knee[1])), 'knee anchor').toBeLessThan(1);
    expect(Math.abs(a.leftAnkle![1] - rowOf(d.floor[1])), 'ankle anchor').toBeLessThan(1);
    expect(alpha(a.leftKnee![0], a.leftKnee![1])).toBe(0);
    const legs = asset.parts.filter((x) => x.mapping === 'limb').map((x) => [x.name, x.anchors]);
    expect(legs).toEqual([['leftLeg', ['leftHip', 'leftKnee', 'leftAnkle']], ['rightLeg', ['rightHip', 'rightKnee', 'rightAnkle']]]);
    const leftLeg = asset.parts.find((x) => x.name === 'leftLeg')!;
    expect(Math.min(leftLeg.quadPx[1][1], leftLeg.quadPx[2][1])).toBeGreaterThan(hem);
    expect(Math.abs(a.leftWaist![1] - rowOf(d.waistOut[1] - draft.waistbandMm) - PX_PER_CM), 'waist anchor').toBeLessThan(1);
  });

  it('the demo bottoms are the same bytes twice', async () => {
    for (const id of ['chino-slim', 'shorts-bermuda', 'skirt-aline', 'skirt-pleated']) {
      const p = PRODUCTS.find((x) => x.id === id)!;
      const [a, b] = [await buildGarment2d(p, 0), await buildGarment2d(p, 0)];
      expect(Buffer.compare(a.png, b.png), id).toBe(0);
      expect(JSON.stringify(a.asset)).toBe(JSON.stringify(b.asset));
    }
  });

  it('a body without the measurements a design needs is refused with a one-line reason', () => {
    expect(() => draftTrousers('titan', { seat: 1000 })).toThrow(/FreeSewing titan/);
    expect(() => draftTop('teagan', { chest: 1000 })).toThrow(/FreeSewing teagan/);
    expect(() => draftSkirt('penelope', { waist: 700 })).toThrow(/FreeSewing penelope/);
    expect(() => draftSkirt('penelopeALine', { waist: 700 })).toThrow(/FreeSewing penelopeALine/);
    // A tapered leg needs the heel girth its hem must pass over.
    const noHeel = Object.fromEntries(Object.entries(sizeRun('trousers').M).filter(([k]) => k !== 'heel'));
    expect(() => draftTrousers('titanSlim', noHeel)).toThrow(/heel/);
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
