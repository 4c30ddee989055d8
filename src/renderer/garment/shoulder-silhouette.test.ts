import { describe, expect, it } from 'vitest';
import type { GarmentAsset } from '../../shared/garment';
import type { GarmentSilhouette } from '../../shared/garment-silhouette';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, armCapsulesPx, type PersonMaskInput } from './leg-silhouette';
import { GarmentRig } from './rig';
import { MAX_SHOULDER_LIFT_CM, ShoulderLift, shoulderTopAbovePx } from './shoulder-silhouette';

/** The body's scale: 0.3 cm per px (shoulder joints 120 px = 36 cm apart). */
const CM_PER_PX = 0.3;
const W = 400;
const H = 500;

/** A shopper facing the camera, arms hanging: shoulder joints at y 150, hips at y 350. */
function body(edit?: (set: (i: number, x: number, y: number) => void) => void): Float64Array {
  const px = new Float64Array(66);
  const set = (i: number, x: number, y: number): void => {
    px[2 * i] = x;
    px[2 * i + 1] = y;
  };
  set(L.nose, 200, 60);
  set(L.leftShoulder, 260, 150);
  set(L.rightShoulder, 140, 150);
  set(L.leftElbow, 275, 240);
  set(L.rightElbow, 125, 240);
  set(L.leftWrist, 280, 320);
  set(L.rightWrist, 120, 320);
  for (const [i, x] of [[L.leftIndex, 282], [L.leftPinky, 278], [L.rightIndex, 118], [L.rightPinky, 122]] as const) set(i, x, 340);
  set(L.leftHip, 240, 350);
  set(L.rightHip, 160, 350);
  set(L.leftKnee, 240, 450);
  set(L.rightKnee, 160, 450);
  set(L.leftAnkle, 240, 500);
  set(L.rightAnkle, 160, 500);
  edit?.(set);
  return px;
}

/** A person mask at the frame's resolution with frame-px rectangles [x0, y0, x1, y1) filled. */
function maskOf(...rects: Array<[number, number, number, number]>): PersonMaskInput {
  const data = new Uint8Array(W * H);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = 255;
  return { mask: { widthPx: W, heightPx: H, data }, frameWidthPx: W, frameHeightPx: H };
}

/** Head and neck, the torso with the arms beside it; each shoulder's top `leftTopPx` / `rightTopPx` above its joint. */
function shopper(leftTopPx: number, rightTopPx: number, ...more: Array<[number, number, number, number]>): PersonMaskInput {
  return maskOf([170, 20, 230, 150], [200, 150 - leftTopPx, 300, 360], [100, 150 - rightTopPx, 200, 360], ...more);
}

const capsules = (lm: Float64Array): Float64Array => {
  const c = new Float64Array(5 * ARM_CAPSULES);
  armCapsulesPx(lm, CM_PER_PX, c);
  return c;
};
const MAX_PX = 10 / CM_PER_PX;
const top = (mask: PersonMaskInput, lm: Float64Array, side: 'left' | 'right'): number => shoulderTopAbovePx(mask, lm, side, 0, -1, MAX_PX, capsules(lm));
/** The lift of one fit from scratch, cm, for a garment whose own shoulder top lies 4.5 cm above the joint. */
/** Within one 1 px step of the scan (0.3 cm). */
const near = (cm: number | undefined, want: number): void => expect(Math.abs(cm! - want)).toBeLessThanOrEqual(CM_PER_PX);
const liftOf = (mask: PersonMaskInput | null, lm: Float64Array = body()): number[] => Array.from(new ShoulderLift().update(mask, lm, CM_PER_PX, 0, -1, [4.5, 4.5], capsules(lm)));

describe('the shoulders\' tops in the person mask', () => {
  it('reads each shoulder\'s top above its joint, each on its own side (height and tilt)', () => {
    const lm = body();
    const mask = shopper(20, 26);
    // Within the scan's 1 px step.
    expect(Math.abs(top(mask, lm, 'left') - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(top(mask, lm, 'right') - 26)).toBeLessThanOrEqual(1);
    // 20 px × 0.3 = 6 cm, 1.5 above the garment's 4.5; 26 px = 7.8 cm, 3.3 above.
    const [l, r] = liftOf(mask, lm);
    near(l, 1.5);
    near(r, 3.3);
  });

  it('never lowers a seam: shoulders lower than the garment\'s own top leave it where the cut puts it', () => {
    expect(liftOf(shopper(10, 12))).toEqual([0, 0]);
  });

  it('without a mask the garment stays as cut', () => {
    expect(liftOf(null)).toEqual([0, 0]);
    expect(top(maskOf(), body(), 'left')).toBeNaN();
  });

  it('caps the lift: something thick lying on the shoulder (a knit, hair) raises the seam at most MAX_SHOULDER_LIFT_CM', () => {
    // 31 px = 9.3 cm above the joint: 4.8 cm over the garment's top, capped.
    const [l, r] = liftOf(shopper(31, 20));
    expect(l).toBe(MAX_SHOULDER_LIFT_CM);
    near(r, 1.5);
  });

  it('hair falling from the head onto a shoulder gives no reading there: the mask goes on up past any shoulder', () => {
    // Long hair: a band from the head down onto the left shoulder, over the columns read.
    const [l, r] = liftOf(shopper(20, 26, [230, 20, 270, 150]));
    expect(l).toBe(0);
    near(r, 3.3);
  });

  it('a mask bled into the background above a shoulder gives no reading there', () => {
    const [l] = liftOf(shopper(20, 26, [200, 0, 400, 150]));
    expect(l).toBe(0);
  });

  it('an arm raised beside the head gives no reading on its side', () => {
    // The left upper arm up beside the head: elbow above the shoulder, the arm in the mask up past the head.
    const lm = body((set) => {
      set(L.leftElbow, 285, 70);
      set(L.leftWrist, 270, 0);
      set(L.leftIndex, 268, -10);
      set(L.leftPinky, 272, -10);
    });
    const mask = shopper(20, 26, [255, 0, 300, 150]);
    expect(top(mask, lm, 'left')).toBeNaN();
    expect(liftOf(mask, lm)[0]).toBe(0);
  });

  it('a hand resting on a shoulder is not read as its top', () => {
    // Right hand on the left shoulder: the wrist and knuckles over the columns read, the fist 10 px proud of the shoulder.
    const lm = body((set) => {
      set(L.rightElbow, 200, 200);
      set(L.rightWrist, 240, 140);
      set(L.rightIndex, 262, 136);
      set(L.rightPinky, 258, 136);
    });
    const mask = shopper(20, 26, [225, 110, 285, 150]);
    expect(top(mask, lm, 'left')).toBeNaN();
  });

  it('smooths the lift over fits: a jump in the mask is followed a third of the way each fit', () => {
    const lm = body();
    const lift = new ShoulderLift();
    const c = capsules(lm);
    near(lift.update(shopper(20, 20), lm, CM_PER_PX, 0, -1, [4.5, 4.5], c)[0]!, 1.5);
    const next = lift.update(shopper(26, 20), lm, CM_PER_PX, 0, -1, [4.5, 4.5], c)[0]!;
    // A third of the 1.8 cm jump, not all of it.
    expect(next - 1.5).toBeGreaterThan(0.3);
    expect(next - 1.5).toBeLessThan(1);
    for (let k = 0; k < 20; k++) lift.update(shopper(26, 20), lm, CM_PER_PX, 0, -1, [4.5, 4.5], c);
    near(lift.liftCm[0]!, 3.3);
  });
});

/** A hand-made tee: one spline torso, anchors where its joints are (shoulders 120 px apart, as the body's). */
const TEE: GarmentAsset = {
  formatVersion: 1,
  id: 'tee',
  category: 'tshirt',
  image: { file: 'tee.png', widthPx: 200, heightPx: 300 },
  anchorsPx: { neck: [100, 15], leftShoulder: [160, 30], rightShoulder: [40, 30], leftWaist: [150, 200], rightWaist: [50, 200], leftHem: [155, 280], rightHem: [45, 280] },
  parts: [{ name: 'torso', mapping: 'tps', anchors: ['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'], quadPx: [[20, 5], [180, 5], [180, 290], [20, 290]], z: 0 }],
  colours: { name: 't', primary: '#000000', secondary: '#000000' },
};

describe('a 2D top on the shoulders\' tops (GarmentRig)', () => {
  const fit = (personMask: PersonMaskInput | null): GarmentRig => {
    const rig = new GarmentRig(TEE, { cellPx: 20 });
    rig.fit({ landmarksPx: body(), worldM: null, cmPerPx: CM_PER_PX, personMask });
    return rig;
  };
  const anchorY = (rig: GarmentRig, name: 'leftShoulder' | 'rightShoulder' | 'leftHem'): number => rig.anchorTargetsPx[2 * rig.anchorNames.indexOf(name) + 1]!;

  it('raises each shoulder seam by its own lift, and nothing below the shoulders', () => {
    const plain = fit(null);
    const lifted = fit(shopper(24, 30));
    // The rig's tops stand 5.5 cm (18.3 px) above the joints where the mask is read: 5.7 and 11.7 px of lift, within
    // the scan's step.
    expect(Math.abs(anchorY(plain, 'leftShoulder') - anchorY(lifted, 'leftShoulder') - (24 - 5.5 / CM_PER_PX))).toBeLessThanOrEqual(1);
    expect(Math.abs(anchorY(plain, 'rightShoulder') - anchorY(lifted, 'rightShoulder') - (30 - 5.5 / CM_PER_PX))).toBeLessThanOrEqual(1);
    expect(anchorY(lifted, 'leftHem')).toBe(anchorY(plain, 'leftHem'));
  });

  it("raises a picture whose own shoulder top stands lower (a set-in sleeve's bodice) by that much more", () => {
    // The same tee, its picture's top edge read 15 px or 10 px above the shoulder anchors (GarmentSilhouette.shoulderTopPx).
    const fitWith = (topPx: number): { rig: GarmentRig; along: number } => {
      const silhouette: GarmentSilhouette = { chestWidthPx: null, hipWidthPx: null, legOpeningWidthPx: null, shoulderTopPx: { left: topPx, right: topPx } };
      const rig = new GarmentRig(TEE, { cellPx: 20, silhouette });
      const report = rig.fit({ landmarksPx: body(), worldM: null, cmPerPx: CM_PER_PX, personMask: shopper(16, 16) });
      return { rig, along: report.alongPxPerImagePx };
    };
    const high = fitWith(15);
    const low = fitWith(10);
    expect(low.along).toBe(high.along);
    // Both lifted (neither at the cut nor at the lift's bound), the lower one by its 5 picture px at the fit's scale.
    for (const { rig } of [high, low]) {
      const lift = anchorY(fit(null), 'leftShoulder') - anchorY(rig, 'leftShoulder');
      expect(lift).toBeGreaterThan(1);
      expect(lift).toBeLessThan(MAX_SHOULDER_LIFT_CM / CM_PER_PX - 1);
    }
    for (const side of ['leftShoulder', 'rightShoulder'] as const) {
      expect(Math.abs(anchorY(high.rig, side) - anchorY(low.rig, side) - 5 * high.along)).toBeLessThanOrEqual(0.5);
    }
  });

  it('draws the top as cut where the shoulders are no higher than its own (the same mesh as without a mask)', () => {
    expect(Array.from(fit(shopper(10, 12)).mesh.positions)).toEqual(Array.from(fit(null).mesh.positions));
  });
});
