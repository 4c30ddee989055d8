/**
 * A skirt's hip anchors are the skirt's own sides at the hip line, not the mannequin's hip joints: the 2D layer pins
 * its hem cloth round them (fittedSkirtSizeM in renderer/cloth/sim-hem-2d.ts), so pinned on the joints the A-line's
 * tube was 19.3 cm across at M, inside the shopper's thighs. Each pattern-made skirt at M, fitted by the rig, in the
 * pictures' cm:
 * - on the sway track's body, square to the camera: the tube round the hip anchors encloses both thighs (their joint
 *   centres, shared/hip-joint-centre.ts, plus the 2D hem's thigh radius either side). Only there: the rig draws a
 *   turned skirt as its flat picture turned (narrower by the hips' foreshortening), while a thigh seen from any side
 *   is as wide, so on a turned body the two widths do not compare;
 * - on every 10th frame of the real mirror and street clips' tracks too: the hips no narrower than the fitted
 *   waistband (the pattern's side waist points) — a skirt widens from its waist to its hips.
 */
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { hasSkirtPattern, skirtDraftFor } from '../../src/core/demo/pattern/pattern-product';
import { fittedSkirtSizeM } from '../../src/renderer/cloth/sim-hem-2d';
import { THIGH_GIRTH_M } from '../../src/renderer/cloth/sim-skirt';
import { GarmentRig } from '../../src/renderer/garment/rig';
import { hipJointCentreAt } from '../../src/shared/hip-joint-centre';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx, CIRCUMFERENCE_OF_FRONT_WIDTH } from '../../src/shared/sizing';
import { loadClipTrack } from '../helpers/clip-tracks';
import { loadDemoGarment } from '../helpers/demo-garments';

/** One colourway of each pattern-made skirt (their colourways share one layout). */
const SKIRTS = ['skirt-aline-nvy', 'skirt-pleated-red', 'skirt-pencil-chr'] as const;

describe("pattern-made skirts' hip anchors", () => {
  it.each(SKIRTS)('%s at M: pinned round the thighs, at least as wide as its waistband, on the sway, mirror and street tracks', async (id) => {
    const g = await loadDemoGarment(id);
    const spec = PRODUCTS.find((p) => p.id === g.productId);
    if (!spec || !hasSkirtPattern(spec)) throw new Error(`${id}: no skirt pattern`);
    const measurements = demoGarmentChart(spec).M;
    const draft = skirtDraftFor(spec, 'M');
    const waistA = new Float64Array(2);
    const waistB = new Float64Array(2);
    const lines: string[] = [];
    for (const name of ['sway', 'mirror-run', 'street'] as const) {
      const track = loadClipTrack(name);
      const frames = name === 'sway' ? track.frames.slice(0, 1) : track.frames.filter((_, k) => k % 10 === 0);
      let worstSpareCm = Infinity;
      let checked = 0;
      for (const f of frames) {
        const cmPerPx = bodyCmPerPx(f.landmarksPx, f.worldM);
        if (!cmPerPx) continue;
        const rig = new GarmentRig(g.asset, { measurements, silhouette: g.silhouette });
        rig.fit({ landmarksPx: f.landmarksPx, worldM: f.worldM, cmPerPx });
        const skirt = fittedSkirtSizeM(rig, cmPerPx / 100, new Float64Array(2));
        if (!skirt || !rig.warpedAnchor('leftWaist', waistA) || !rig.warpedAnchor('rightWaist', waistB)) throw new Error(`${id} on ${name} frame ${f.index}: no skirt anchors`);
        const hipsCm = 2 * skirt.hipHalfM * 100;
        const lm = f.landmarksPx;
        const jointsCm = Math.hypot(
          hipJointCentreAt(lm[2 * L.leftHip]!, lm[2 * L.rightHip]!) - hipJointCentreAt(lm[2 * L.rightHip]!, lm[2 * L.leftHip]!),
          hipJointCentreAt(lm[2 * L.leftHip + 1]!, lm[2 * L.rightHip + 1]!) - hipJointCentreAt(lm[2 * L.rightHip + 1]!, lm[2 * L.leftHip + 1]!),
        ) * cmPerPx;
        const thighsCm = jointsCm + (2 * THIGH_GIRTH_M * 100) / (2 * Math.PI);
        const waistCm = Math.hypot(waistA[0]! - waistB[0]!, waistA[1]! - waistB[1]!) * cmPerPx;
        if (name === 'sway') expect(hipsCm, `sway frame ${f.index}: the hips' tube inside the thighs`).toBeGreaterThan(thighsCm);
        expect(hipsCm, `${name} frame ${f.index}: hips narrower than the waistband`).toBeGreaterThanOrEqual(waistCm);
        worstSpareCm = Math.min(worstSpareCm, hipsCm - waistCm);
        checked++;
        if (name === 'sway') {
          lines.push(
            `sway: hips ${hipsCm.toFixed(1)} cm (the draft's hip ${draft.measurementsCm.hip.toFixed(1)} cm / ${CIRCUMFERENCE_OF_FRONT_WIDTH} = ${(draft.measurementsCm.hip / CIRCUMFERENCE_OF_FRONT_WIDTH).toFixed(1)}), waistband ${waistCm.toFixed(1)} (${draft.measurementsCm.waist.toFixed(1)} / ${CIRCUMFERENCE_OF_FRONT_WIDTH} = ${(draft.measurementsCm.waist / CIRCUMFERENCE_OF_FRONT_WIDTH).toFixed(1)}), thighs ${thighsCm.toFixed(1)}`,
          );
        }
      }
      expect(checked, `${name}: frames with a body scale`).toBeGreaterThan(0);
      lines.push(`${name}: ${checked} frames, the hips at least ${worstSpareCm.toFixed(1)} cm wider than the waistband`);
    }
    console.log(`${id} at M: ${lines.join('; ')}`);
  });
});
