import type { GarmentMeasurement, GarmentMeasurementsCm, GarmentSizeChart } from '../../shared/garment-measurements';
import { CHART_MEASUREMENTS_OF } from '../../shared/product-chart';
import { PoseLandmark as L } from '../../shared/pose';
import { SIZES, type ProductSpec } from './catalog';
import { CM_PER_UNIT, layoutGarment, PX_PER_UNIT, type Layout } from './layout';
import { hasPattern, patternChart, patternLayout } from './pattern/pattern-product';
import { widthAt } from './polygon';

/**
 * The demo garments' size charts, measured on their own pictures so chart and picture agree: the flat layout is
 * drawn on a size-M mannequin, so its outline at chest, waist and hip, its length and its sleeve, read in body
 * units and turned into centimetres, are size M's finished measurements; the other sizes follow the grading a
 * standard size run uses (e.g. a tee's chest 96/102/108/114/120 cm for S–XXL).
 */

export { CM_PER_UNIT };
const CM_PER_PX = CM_PER_UNIT / PX_PER_UNIT;

/** Where the chest is measured: this far below the shoulder joints, in body units (just under the armpit). */
const CHEST_BELOW_SHOULDER_UNITS = 0.9;
/** The natural waist, as a fraction shoulder → hip joint (the same as the garment bindings'). */
const WAIST_FROM_SHOULDER = 0.7;

/**
 * Change per size step, cm, as common CN/EU ready-to-wear grading: girths 6 cm a size (4 cm for a leg opening),
 * lengths 2 cm for tops and dresses, 1 cm for outseam and inseam, sleeves 1 cm (long) or 0.5 cm (short).
 */
function gradeCm(m: GarmentMeasurement, spec: ProductSpec): number {
  switch (m) {
    case 'chest':
    case 'waist':
    case 'hip':
      return 6;
    case 'legOpening':
      return 2;
    case 'length':
      return spec.category === 'trousers' ? 1 : spec.category === 'skirt' ? 1 : 2;
    case 'sleeve':
      return spec.shape.sleeves === 'long' ? 1 : 0.5;
    case 'inseam':
      return 1;
  }
}

/** Size M's measurements of a demo garment, in cm, read off its flat layout. */
export function measureLayoutCm(spec: ProductSpec, layout: Layout = hasPattern(spec) ? patternLayout(spec) : layoutGarment(spec.shape)): GarmentMeasurementsCm {
  const y = (i: number): number => layout.mannequinPx[2 * i + 1]!;
  const shoulderY = y(L.leftShoulder);
  const hipY = y(L.leftHip);
  const main = layout.pieces.find((p) => p.name === 'torso' || p.name === 'skirt' || p.name === 'trousers')!;
  const girth = (atY: number): number => 2 * widthAt(main.polygon, atY) * CM_PER_PX;
  const ys = main.polygon.map((p) => p[1]);
  const topY = Math.min(...ys);
  const bottomY = Math.max(...ys);
  const out: GarmentMeasurementsCm = {};
  for (const m of CHART_MEASUREMENTS_OF[spec.category]) {
    if (m === 'chest') out.chest = girth(shoulderY + CHEST_BELOW_SHOULDER_UNITS * PX_PER_UNIT);
    else if (m === 'waist') out.waist = spec.category === 'trousers' || spec.category === 'skirt' ? girth(topY + 0.05 * PX_PER_UNIT) : girth(shoulderY + WAIST_FROM_SHOULDER * (hipY - shoulderY));
    else if (m === 'hip') out.hip = girth(hipY);
    else if (m === 'length') out.length = (bottomY - topY) * CM_PER_PX;
    else if (m === 'sleeve') {
      const sleeve = layout.pieces.find((p) => p.name === 'leftSleeve');
      const cuff = layout.marks.leftCuff;
      if (sleeve && cuff) out.sleeve = Math.hypot(cuff[0] - sleeve.polygon[0]![0], cuff[1] - sleeve.polygon[0]![1]) * CM_PER_PX;
    } else if (m === 'inseam') {
      const crotch = layout.marks.crotch;
      const hemIn = layout.marks.hemInLeft;
      if (crotch && hemIn) out.inseam = (hemIn[1] - crotch[1]) * CM_PER_PX;
    } else if (m === 'legOpening') {
      const a = layout.marks.hemOutLeft;
      const b = layout.marks.hemInLeft;
      if (a && b) out.legOpening = 2 * Math.hypot(a[0] - b[0], a[1] - b[1]) * CM_PER_PX;
    }
  }
  return out;
}

/**
 * The demo product's garment size chart for every size it is sold in. A pattern-made product's comes from its
 * pattern drafted for each size (pattern/pattern-product.ts); a drawn one's is size M as measured on its picture
 * (rounded to whole cm, half cm for sleeves), the others graded from it.
 */
export function demoGarmentChart(spec: ProductSpec): GarmentSizeChart {
  if (hasPattern(spec)) return patternChart(spec);
  const m = measureLayoutCm(spec);
  const mIndex = SIZES.indexOf('M');
  const chart: GarmentSizeChart = {};
  SIZES.forEach((size, i) => {
    const row: GarmentMeasurementsCm = {};
    for (const [k, cm] of Object.entries(m) as Array<[GarmentMeasurement, number]>) {
      const graded = cm + (i - mIndex) * gradeCm(k, spec);
      row[k] = k === 'sleeve' ? Math.round(graded * 2) / 2 : Math.round(graded);
    }
    chart[size] = row;
  });
  return chart;
}

