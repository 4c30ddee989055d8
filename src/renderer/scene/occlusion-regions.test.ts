import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { armKeyWeightAt, occluderAlphaAt, ownTopWeightAt } from './key-weight-at';
import { aboveHipLine, KEY_DARK_SUM, keyChromaDistance, addNeckEdge, armInFront, isOutlineBlend, keyReferences, capsuleEdgeAlpha, ellipseInsidePx, ownTopEdgeAlpha, PERSON_MASK_SOFT, personMaskAlpha, REGION_EDGE_SOFT_OF_SHOULDERS, regionAt, shoulderBreadthPx, FOREARM_RADIUS_OF_SHOULDERS, createOcclusionRegions, featheredKey, HEAD_HALF_WIDTH_OF_SHOULDERS, headBottomAt, headRegionAlpha, inHeadRegion, insideTorso, KEY_FEATHER_PX, KEY_GRADIENT_STEP_PX, KEY_MARGIN_CHROMA, NECK_BASE_HALF_WIDTH_OF_SHOULDERS, NECK_HALF_WIDTH_OF_SHOULDERS, neckHalfWidthAt, NOT_CLOTH_CHROMA, occlusionKeyMargin, occlusionKeyWeight, occlusionRegions, ownTopKeyWeight, ownTopVote, ownTopWithPath, WRIST_IN_FRONT_M } from './occlusion-regions';
import { chromaDistance, isSkinLike } from '../../shared/skin-chroma';
import { seededNoise } from '../../../tests/helpers/seeded-noise';

/**
 * COCO 338's black jacket as the photo has it on its flat parts: a warm black of (10, 7.5, 7) levels, its brightness
 * varying by ≈ 5 levels (std; 6–10 with the folds) on all three channels together, the channels apart by ≈ 2–4
 * (std of r − g 3.8, of b − g 1.7: JPEG's chroma is coarser than its luma), clipped at 0.
 */
const DARK_JACKET = [10, 7, 7];
function darkJacketPixel(noise: Float32Array, i: number): number[] {
  const luma = 8 * noise[4 * i]!;
  return DARK_JACKET.map((c, k) => Math.max(0, Math.round(c + luma + 4 * noise[4 * i + 1 + k]!)));
}

/** A person facing the camera, arms hanging at their sides (camera pixels; the wearer's left on the image right). */
function standing(): { px: Float64Array; world: Float64Array } {
  const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const world = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const put = (i: number, x: number, y: number, zM = 0): void => {
    px[2 * i] = x;
    px[2 * i + 1] = y;
    world[3 * i] = (x - 640) / 400;
    world[3 * i + 1] = (y - 500) / 400;
    world[3 * i + 2] = zM;
  };
  put(L.leftEar, 670, 180);
  put(L.rightEar, 610, 180);
  put(L.leftShoulder, 720, 300);
  put(L.rightShoulder, 560, 300);
  put(L.leftElbow, 740, 420);
  put(L.rightElbow, 540, 420);
  put(L.leftWrist, 745, 530);
  put(L.rightWrist, 535, 530);
  put(L.leftIndex, 748, 560);
  put(L.leftPinky, 742, 560);
  put(L.rightIndex, 532, 560);
  put(L.rightPinky, 538, 560);
  put(L.leftHip, 690, 500);
  put(L.rightHip, 590, 500);
  return { px, world };
}

describe('occlusion regions', () => {
  it("sizes the regions by the shoulders' breadth, not their foreshortened width, when the shopper stands side on", () => {
    const { px, world } = standing();
    // Face on: the picture's 160 px (the world's breadth at the torso's scale is the same here).
    expect(shoulderBreadthPx(px, world)).toBeCloseTo(160, 9);
    expect(shoulderBreadthPx(px, null)).toBeCloseTo(160, 9);
    // Turned side on: the picture's shoulders 8 px apart, the world's 0.4 m over a 0.5 m torso, as before.
    const side = px.slice();
    side[2 * L.leftShoulder] = 644;
    side[2 * L.rightShoulder] = 636;
    // The world's shoulders 0.4 m apart over a 0.5 m torso, the picture's torso 200 px.
    expect(shoulderBreadthPx(side, world)).toBeCloseTo((200 * 0.4) / 0.5, 9);
    expect(shoulderBreadthPx(side, null), 'no world: the picture is all there is').toBeCloseTo(8, 9);
    // A forearm held across the front side on is redrawn as wide as a forearm, not as a line.
    side[2 * L.rightElbow] = 636;
    side[2 * L.rightWrist] = 700;
    side[2 * L.rightWrist + 1] = 420;
    const w = world.slice();
    w[3 * L.rightWrist + 2] = -0.3;
    const r = createOcclusionRegions();
    occlusionRegions(side, w, r);
    expect(r.radiiPx[2]).toBeCloseTo(FOREARM_RADIUS_OF_SHOULDERS * shoulderBreadthPx(side, w), 4);
    expect(r.radiiPx[2]).toBeGreaterThan(15);
  });

  it('arms at the sides are not in front of the torso: only the head region is on', () => {
    const { px, world } = standing();
    expect(armInFront('left', px, world)).toBe(false);
    expect(armInFront('right', px, world)).toBe(false);
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect([...r.radiiPx]).toEqual([0, 0, 0, 0]);
    expect(r.head[0]).toBe(640);
    expect(r.head[2]).toBeCloseTo(0.3 * 160, 6);
    // The cut line sits between the ears and the shoulder line, above the shoulder seam.
    expect(r.headBottomPx).toBeGreaterThan(180);
    expect(r.headBottomPx).toBeLessThan(300);
    expect(r.boundsPx[1]).toBeLessThan(180);
  });

  it('a wrist well in front of the shoulder (world z) turns that arm on, whatever the image says', () => {
    const { px, world } = standing();
    world[3 * L.leftWrist + 2] = -(WRIST_IN_FRONT_M + 0.05);
    expect(armInFront('left', px, world)).toBe(true);
    expect(armInFront('right', px, world)).toBe(false);
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect(r.radiiPx[0]).toBeGreaterThan(0);
    expect(r.radiiPx[1]).toBeGreaterThan(0);
    expect(r.radiiPx[2]).toBe(0);
    // The hand capsule runs past the knuckles towards the fingertips.
    expect(r.capsules[7]).toBeGreaterThan(560);
    expect(r.boundsPx[2]).toBeGreaterThan(745);
    // A garment with long sleeves keeps its sleeve over the forearm: only the hand is redrawn.
    occlusionRegions(px, world, r, { forearms: false });
    expect(r.radiiPx[0]).toBe(0);
    expect(r.radiiPx[1]).toBeGreaterThan(0);
    // Only 3D garments worn (their arm stand-ins hide the cloth behind the hand by depth): neither is redrawn.
    occlusionRegions(px, world, r, { forearms: false, hands: false });
    expect([...r.radiiPx]).toEqual([0, 0, 0, 0]);
  });

  it('a forearm across the belly is in front even with no depth', () => {
    const { px } = standing();
    px[2 * L.rightWrist] = 690;
    px[2 * L.rightWrist + 1] = 460;
    expect(armInFront('right', px, null)).toBe(true);
  });

  it("the hands' pass over long sleeves: the hands alone, each from its wrist on (no forearm behind the cuff, no head)", () => {
    const { px } = standing();
    px[2 * L.rightWrist] = 690;
    px[2 * L.rightWrist + 1] = 460;
    const all = createOcclusionRegions();
    occlusionRegions(px, null, all, { forearms: false });
    const over = createOcclusionRegions();
    occlusionRegions(px, null, over, { forearms: false, pass: 'over-sleeves' });
    const hand = 3;
    const r = over.radiiPx[hand]!;
    expect(r).toBeGreaterThan(0);
    expect(over.radiiPx[hand]).toBe(all.radiiPx[hand]);
    // The same far end; the near end a radius on from the wrist, so the round end reaches back to the wrist itself.
    const c = (o: typeof all, i: number): number => o.capsules[4 * hand + i]!;
    expect([c(over, 2), c(over, 3)]).toEqual([c(all, 2), c(all, 3)]);
    expect(Math.hypot(c(over, 0) - 690, c(over, 1) - 460)).toBeCloseTo(Math.min(r, Math.hypot(c(all, 2) - 690, c(all, 3) - 460)), 3);
    expect([c(all, 0), c(all, 1)]).toEqual([690, 460]);
    expect(over.radiiPx[2]).toBe(0);
    expect(all.head[2]).toBeGreaterThan(0);
    expect(over.head[2]).toBe(0);
    expect(over.chin[2]).toBe(0);
  });

  it('with the back to the mirror, a forearm across the torso reaches forward behind the body: not in front', () => {
    const { px, world } = standing();
    // Turned round: the wearer's left shoulder and hip on the picture's left, the right forearm across the back.
    [px[2 * L.leftShoulder], px[2 * L.rightShoulder]] = [px[2 * L.rightShoulder]!, px[2 * L.leftShoulder]!];
    [px[2 * L.leftHip], px[2 * L.rightHip]] = [px[2 * L.rightHip]!, px[2 * L.leftHip]!];
    px[2 * L.rightWrist] = 640;
    px[2 * L.rightWrist + 1] = 460;
    expect(armInFront('right', px, null)).toBe(false);
    // A wrist nearer the camera than the shoulder (a hand behind the back) still is.
    world[3 * L.rightWrist + 2] = -(WRIST_IN_FRONT_M + 0.05);
    expect(armInFront('right', px, world)).toBe(true);
  });

  it('the torso test holds for either winding (facing or turned away)', () => {
    const { px } = standing();
    expect(insideTorso(px, 640, 400)).toBe(true);
    expect(insideTorso(px, 800, 400)).toBe(false);
    [px[2 * L.leftShoulder], px[2 * L.rightShoulder]] = [px[2 * L.rightShoulder]!, px[2 * L.leftShoulder]!];
    [px[2 * L.leftHip], px[2 * L.rightHip]] = [px[2 * L.rightHip]!, px[2 * L.leftHip]!];
    expect(insideTorso(px, 640, 400)).toBe(true);
  });

  it("the shopper's own top is in front of a worn bottom above the hip line only when asked (no garment top worn)", () => {
    const { px, world } = standing();
    px[2 * L.leftKnee] = 690;
    px[2 * L.leftKnee + 1] = 700;
    px[2 * L.rightKnee] = 590;
    px[2 * L.rightKnee + 1] = 700;
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r);
    expect([...r.ownTopLine]).toEqual([0, 0, 0, 0]);
    expect(aboveHipLine(r, 640, 400)).toBe(false);
    occlusionRegions(px, world, r, { ownTop: true });
    // Just above the hips (the waistband's place) is in the region, just below is not; the bounds reach the hem.
    expect(aboveHipLine(r, 640, 495)).toBe(true);
    expect(aboveHipLine(r, 640, 505)).toBe(false);
    expect(r.boundsPx[3]).toBeGreaterThanOrEqual(500);
    expect(r.boundsPx[0]).toBeLessThanOrEqual(560);
    // The thighs are sampled a quarter of the way down as the own bottom's colour (the last two samples).
    const n = r.samplesPx.length;
    expect([...r.samplesPx.slice(n - 4)]).toEqual([690, 550, 590, 550]);
  });

  it('reaches no higher above the hip line than the bottoms drawn under it, and their soft edge', () => {
    const { px, world } = standing();
    const r = createOcclusionRegions();
    // The own top alone (no forearms, hands or head): the bounds are the region's.
    occlusionRegions(px, world, r, { forearms: false, hands: false, ownTop: true, pass: 'over-sleeves' });
    const shoulderW = Math.hypot(px[2 * L.leftShoulder]! - px[2 * L.rightShoulder]!, px[2 * L.leftShoulder + 1]! - px[2 * L.rightShoulder + 1]!);
    // No bottoms named: up to the shoulders (y 300), as before.
    expect(r.ownTopReachPx).toBe(Infinity);
    expect(aboveHipLine(r, 640, 320)).toBe(true);
    expect(r.boundsPx[1]).toBeCloseTo(300 - shoulderW, 3);
    // A bottom whose waistband rises 40 px above the hip line (y 500) at its highest, its legs far below.
    const bottom = new Float32Array([600, 470, 0, 640, 460, 0, 680, 470, 0, 620, 800, 0, 660, 800, 0]);
    occlusionRegions(px, world, r, { forearms: false, hands: false, ownTop: true, pass: 'over-sleeves', ownTopOverPx: [bottom] });
    const top = 460 - r.edgeSoftPx / 2;
    expect(r.ownTopReachPx).toBeCloseTo(40 + r.edgeSoftPx / 2, 3);
    expect(aboveHipLine(r, 640, top + 1)).toBe(true);
    expect(ownTopEdgeAlpha(r, 640, top + 1)).toBe(1);
    expect(aboveHipLine(r, 640, top - 1)).toBe(false);
    expect(ownTopEdgeAlpha(r, 640, top - 1)).toBe(0);
    // The hip line's soft edge below is as before; the box ends a shoulder width above the reach.
    expect(ownTopEdgeAlpha(r, 640, 500)).toBeCloseTo(0.5, 6);
    expect(r.boundsPx[1]).toBeCloseTo(top - shoulderW, 3);
    expect(r.boundsPx[3]).toBeCloseTo(500 + shoulderW, 3);
  });

  it('keys the own top against the own bottom: the top and the skin are in front, the own waistband is not', () => {
    const skin = [200, 150, 120];
    // A white T-shirt (lit and shaded) over grey shorts.
    const tees = [[230, 230, 228], [215, 214, 210], [150, 148, 140], [225, 224, 222]];
    const shorts = [[120, 120, 122], [110, 111, 112]];
    expect(ownTopKeyWeight([228, 228, 226], skin, tees, shorts)).toBe(1);
    expect(ownTopKeyWeight([118, 118, 120], skin, tees, shorts)).toBe(0);
    expect(ownTopKeyWeight([205, 152, 118], skin, tees, shorts)).toBe(1);
    // A blue shirt tucked into black jeans: the jeans' waistband above the hip line stays under the garment.
    const shirts = [[90, 120, 200], [80, 110, 190], [70, 95, 170], [85, 115, 195]];
    const jeans = [[30, 30, 35], [25, 26, 30]];
    expect(ownTopKeyWeight([28, 28, 33], skin, shirts, jeans)).toBe(0);
    expect(ownTopKeyWeight([86, 116, 196], skin, shirts, jeans)).toBe(1);
  });

  it('votes with its neighbourhood: a shadow inside the own top is top, the waistband edge keeps its own key', () => {
    // A fold's shadow keyed as bottom, surrounded by top on the whole ring: top.
    expect(ownTopVote(0, [1, 1, 1, 1, 1, 1, 1, 1])).toBe(1);
    // Six of eight agree (three quarters): still top; a light speck on the own waistband, ring all bottom: bottom.
    expect(ownTopVote(0, [1, 1, 1, 1, 1, 1, 0, 0])).toBeGreaterThan(0.5);
    expect(ownTopVote(1, [0, 0, 0, 0, 0, 0, 0, 0])).toBe(0);
    // On the edge between the top's hem (above) and the waistband (below) half the ring is each: the pixel decides.
    expect(ownTopVote(1, [1, 1, 1, 1, 0, 0, 0, 0])).toBe(1);
    expect(ownTopVote(0, [1, 1, 1, 0, 0, 0, 0, 0])).toBe(0);
    // Ring samples off the person are left out by the caller: none left, the pixel decides.
    expect(ownTopVote(0.3, [])).toBe(0.3);
  });

  it('sizes the vote to the body: a sixth-ish of the shoulder width, off with the region', () => {
    const { px, world } = standing();
    const r = createOcclusionRegions();
    occlusionRegions(px, world, r, { ownTop: true });
    const shoulderW = Math.hypot(px[2 * L.leftShoulder]! - px[2 * L.rightShoulder]!, px[2 * L.leftShoulder + 1]! - px[2 * L.rightShoulder + 1]!);
    expect(r.ownTopVoteRadiusPx).toBeCloseTo(0.15 * shoulderW, 3);
    // The hands' vote: half a forearm's radius.
    expect(r.armVoteRadiusPx).toBeCloseTo(0.065 * shoulderW, 3);
    occlusionRegions(px, world, r);
    expect(r.ownTopVoteRadiusPx).toBe(0);
  });
});

describe("the own-top key on a picture: a print or shadow inside the shopper's top, their own waistband", () => {
  // A synthetic camera picture: a white T-shirt over grey shorts, the hip line at y = 200 (its normal up), the person
  // everywhere in x 40..160. The ring vote's radius is 12 px (0.15 of an 80 px shoulder width).
  const W = 200;
  const H = 300;
  const HIP_Y = 200;
  const white = [232, 231, 228];
  const grey = [118, 118, 122];
  const skin = [205, 150, 120];
  const picture = (hemYPx: number, print?: { x: number; y: number; r: number; rgb: number[] }): Uint8Array => {
    const rgba = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let c = y < 30 ? skin : y < hemYPx ? white : grey;
        if (print && Math.hypot(x - print.x, y - print.y) < print.r) c = print.rgb;
        rgba.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
      }
    }
    return rgba;
  };
  const regions = (): ReturnType<typeof createOcclusionRegions> => {
    const r = createOcclusionRegions();
    r.ownTopLine.set([100, HIP_Y, 0, -1]);
    r.ownTopVoteRadiusPx = 12;
    // Face samples on the skin (y < 30), the torso's four on the top, the thighs' two on the shorts.
    const samples = [...Array(8).fill(0).flatMap(() => [100, 15]), 95, 10, 100, 12, 105, 10, 80, 60, 120, 60, 80, 100, 120, 100, 80, 260, 120, 260];
    r.samplesPx.set(samples);
    return r;
  };
  const isPerson = (x: number, y: number): boolean => x >= 40 && x < 160 && y >= 0 && y < H;

  it("a dark print on the top, wider than the ring vote's reach, stays the shopper's top (no garment specks through it)", () => {
    // A 30 cm chest print (3 ring radii across) in a grey as near the shorts' as a print can be.
    const print = { x: 100, y: 130, r: 36, rgb: [112, 113, 118] };
    const rgba = picture(230, print);
    const r = regions();
    let bottom = 0;
    let total = 0;
    for (let y = print.y - print.r + 2; y < print.y + print.r - 2; y += 2) {
      for (let x = print.x - print.r + 2; x < print.x + print.r - 2; x += 2) {
        if (Math.hypot(x - print.x, y - print.y) > print.r - 2) continue;
        total++;
        if (ownTopWeightAt(rgba, W, H, isPerson, r, x, y) < 0.5) bottom++;
      }
    }
    expect(bottom, `${bottom} of ${total} print pixels let the garment through`).toBe(0);
  });

  it('the own waistband showing above the hip line (a top riding up) stays under the garment, and the top over it in front', () => {
    const rgba = picture(170);
    const r = regions();
    for (const x of [50, 100, 150]) {
      for (const y of [176, 185, 195]) expect(ownTopWeightAt(rgba, W, H, isPerson, r, x, y), `waistband ${x},${y}`).toBeLessThan(0.5);
      for (const y of [60, 120, 160]) expect(ownTopWeightAt(rgba, W, H, isPerson, r, x, y), `top ${x},${y}`).toBeGreaterThanOrEqual(0.5);
    }
  });

  it("a side of the top in shade, as grey as the shorts down to the hip line, stays the top; the waistband across the body stays under", () => {
    // The top's side beyond x 136 in shade down to its hem (as mirror frame 30's left side: the garment showed through
    // it in a strip), a ring radius wide, so neither the ring nor the path down finds the lit top.
    const shaded = [126, 124, 118];
    const rgba = picture(230);
    for (let y = 60; y < 230; y++) for (let x = 136; x < 160; x++) rgba.set([...shaded, 255], 4 * (y * W + x));
    const r = regions();
    for (const x of [140, 150, 158]) {
      for (const y of [80, 130, 190, 198]) expect(ownTopWeightAt(rgba, W, H, isPerson, r, x, y), `shade ${x},${y}`).toBeGreaterThanOrEqual(0.5);
    }
    // The same shade with the top riding up over the waistband: the band across the body stays under the garment.
    const riding = picture(170);
    for (let y = 60; y < 170; y++) for (let x = 136; x < 160; x++) riding.set([...shaded, 255], 4 * (y * W + x));
    for (const x of [50, 100, 150]) for (const y of [176, 185, 195]) expect(ownTopWeightAt(riding, W, H, isPerson, r, x, y), `waistband ${x},${y}`).toBeLessThan(0.5);
  });

  it('beside the own top, off the person above the hip line, the picture covers the bottom garment; below it nothing does', () => {
    const rgba = picture(230);
    const r = regions();
    r.edgeSoftPx = 4;
    // The person mask: 1 on the person (x 40..160), 0 off it, a soft edge of a few pixels (as the shader reads it).
    const maskAt = (x: number): number => Math.min(1, Math.max(0, (Math.min(x - 40, 160 - x) + 2) / 4));
    // Off the person: above the hip line drawn over the garment, below it not; on the hip line half.
    expect(occluderAlphaAt(rgba, W, H, maskAt, r, 180, 150)).toBe(1);
    expect(occluderAlphaAt(rgba, W, H, maskAt, r, 180, 260)).toBe(0);
    expect(occluderAlphaAt(rgba, W, H, maskAt, r, 180, HIP_Y)).toBeCloseTo(0.5, 6);
    // The own waistband showing above the hip line (a top riding up) stays under the garment on the person, and the
    // garment fades in across the mask's soft edge beside it.
    const riding = picture(170);
    expect(occluderAlphaAt(riding, W, H, maskAt, r, 100, 185)).toBe(0);
    const edge = occluderAlphaAt(riding, W, H, maskAt, r, 160, 185);
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(1);
    expect(edge).toBeCloseTo(1 - personMaskAlpha(maskAt(160)), 6);
  });

  it('a shopper seen from the waist up: the own bottom is off the picture, so all of the person above the hip line is their top', () => {
    // A dark jacket, its lower half in shadow, down to the picture's bottom edge; the hips and thighs below the edge.
    const rgba = picture(H);
    for (let y = 30; y < H; y++) for (let x = 0; x < W; x++) rgba.set(y < 150 ? [92, 64, 52] : [70, 48, 40], 4 * (y * W + x));
    const r = regions();
    r.ownTopLine.set([100, H + 40, 0, -1]);
    const n = r.samplesPx.length;
    r.samplesPx.set([80, H + 70, 120, H + 70], n - 4);
    let bottom = 0;
    for (let y = 40; y < H; y += 4) for (let x = 44; x < 160; x += 4) if (ownTopWeightAt(rgba, W, H, isPerson, r, x, y) < 0.5) bottom++;
    expect(bottom, 'pixels of the jacket that let the garment through').toBe(0);
  });

  it('a hand in front of the own shorts between the waistband and the hip line does not count as the top', () => {
    // A hand over the lower half of the waistband's path to the hip line at x = 100: the waistband stays under.
    const rgba = picture(170, { x: 100, y: 195, r: 7, rgb: skin });
    expect(ownTopWeightAt(rgba, W, H, isPerson, regions(), 100, 174)).toBeLessThan(0.5);
    expect(ownTopWithPath(0, [0, 1, 0, 0])).toBe(0);
    expect(ownTopWithPath(0, [0, 1, 1, 0])).toBe(1);
    expect(ownTopWithPath(0.7, [])).toBe(0.7);
  });
});

describe("the hands' key on a picture: the shopper's own sleeve in front, a finger across their shirt", () => {
  // A white shirt (the torso's cloth), skin at the top left where the hand's samples are; the arm vote's ring is 6 px
  // (0.065 of a 92 px shoulder width).
  const W = 200;
  const H = 200;
  const shirt = [230, 230, 228];
  const skin = [205, 150, 120];
  const regions = (): ReturnType<typeof createOcclusionRegions> => {
    const r = createOcclusionRegions();
    r.armVoteRadiusPx = 6;
    r.samplesPx.set([10, 10, 12, 10, 10, 12, 12, 12], 0);
    r.samplesPx.set([30, 180, 60, 180, 140, 180, 170, 180], 2 * (2 * 4 + 3));
    return r;
  };
  const picture = (paint: (x: number, y: number) => number[] | null): Uint8Array => {
    const rgba = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const c = x < 20 && y < 20 ? skin : (paint(x, y) ?? shirt);
        rgba.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
      }
    }
    return rgba;
  };
  const everywhere = (): boolean => true;

  it("an own dark sleeve over the wrist is in front as one piece, not specked with garment where its lit threads turn grey", () => {
    // A brown jacket sleeve, one pixel in seven (a lit thread, a sheen) greyer: nearer the white shirt's chromaticity.
    const inSleeve = (x: number, y: number): boolean => x >= 50 && x < 150 && y >= 80 && y < 120;
    const rgba = picture((x, y) => (inSleeve(x, y) ? ((x * 7 + y * 3) % 7 === 0 ? [96, 90, 86] : [88, 60, 48]) : null));
    const r = regions();
    let specks = 0;
    let total = 0;
    // Where the whole ring (6 px) lies on the sleeve. Four rows in, the ring's lower samples read the shirt below the
    // sleeve (bilinearly, as the shader's videoAt does): the grey row at y = 84 scores 0.31 there, and scored 0.5 —
    // the bound's very edge — only while this mirror read the ring's samples at the nearest pixel, unlike the shader.
    for (let y = 86; y < 114; y++) {
      for (let x = 56; x < 144; x++) {
        total++;
        if (armKeyWeightAt(rgba, W, H, everywhere, r, 0, x + 0.5, y + 0.5) < 0.5) specks++;
      }
    }
    expect(specks, `${specks} of ${total} sleeve pixels show the garment`).toBe(0);
  });

  it('a finger narrower than the ring stays in front, and the shirt beside it stays under the garment', () => {
    const rgba = picture((x) => (x >= 100 && x < 108 ? skin : null));
    const r = regions();
    for (const y of [60, 100, 140]) {
      for (const x of [101, 104, 106]) expect(armKeyWeightAt(rgba, W, H, everywhere, r, 0, x + 0.5, y + 0.5), `finger ${x},${y}`).toBeGreaterThanOrEqual(0.5);
      for (const x of [96, 111]) expect(armKeyWeightAt(rgba, W, H, everywhere, r, 0, x + 0.5, y + 0.5), `shirt ${x},${y}`).toBeLessThan(0.5);
    }
  });

  it("the camera's blur across his outline (a warm background into his white shirt) is not skin in front; a fist's rim is", () => {
    // Off the person left of x 100 (a wooden cupboard), his white shirt from x 104, the camera's blur between: the
    // ramp's colours are mixes of the two, skin-coloured near the wood (mirror frame 110: (174, 121, 97)).
    const wood = [152, 100, 60];
    const mix = (t: number): number[] => wood.map((w, c) => Math.round(w + t * (shirt[c]! - w)));
    const ramp = (x: number): number[] | null => (x < 100 ? wood : x < 104 ? mix((x - 99) / 5) : null);
    const onPerson = (x: number): boolean => x >= 101;
    const isPerson = (x: number): boolean => onPerson(Math.floor(x));
    const blurred = picture((x) => ramp(x));
    const r = regions();
    // Without the blend's rule the key takes the ramp's warm end for skin.
    const skinRef = new Float64Array(3);
    const clothRef = new Float64Array(3);
    expect(keyReferences(blurred, W, r, 0, skinRef, clothRef)).toBe(true);
    expect(occlusionKeyWeight(mix(0.4), skinRef, clothRef), 'the mix alone keys as skin').toBeGreaterThanOrEqual(0.5);
    for (const y of [60, 100, 140]) for (const x of [101, 102]) expect(armKeyWeightAt(blurred, W, H, isPerson, r, 0, x + 0.5, y + 0.5), `blend ${x},${y}`).toBe(0);
    // With a 3D garment worn the rule is off (its arm stand-ins keep the arms in front): keyed as the colour says.
    const off = { ...r, outlineBlends: false };
    expect(armKeyWeightAt(blurred, W, H, isPerson, off, 0, 101.5, 100.5), 'blend, 3D').toBeGreaterThanOrEqual(0.5);
    // A fist against the same cupboard: its rim's inner neighbour is skin, so the rim stays in front.
    const fist = picture((x) => (x < 100 ? wood : x < 103 ? wood.map((w, c) => Math.round(w + ((x - 99) / 4) * (skin[c]! - w))) : x < 140 ? skin : null));
    for (const x of [101, 102, 110]) expect(armKeyWeightAt(fist, W, H, isPerson, r, 0, x + 0.5, 100.5), `fist ${x}`).toBeGreaterThanOrEqual(0.5);
    // A finger 8 px wide along the outline, between the cupboard and the shirt: in front.
    const finger = picture((x) => (x < 100 ? wood : x < 108 ? skin : null));
    for (const x of [101, 104, 106]) expect(armKeyWeightAt(finger, W, H, isPerson, r, 0, x + 0.5, 100.5), `finger ${x}`).toBeGreaterThanOrEqual(0.5);
  });

  it('a blend is a pixel on the colour line between a neighbour off the person and one on it that is not skin', () => {
    const wood = [152, 100, 60];
    const blend = [174, 121, 97];
    expect(isOutlineBlend(blend, wood, shirt, false, true, 0)).toBe(true);
    expect(isOutlineBlend(blend, shirt, wood, true, false, 0)).toBe(true);
    // Both neighbours on the person, or both off it: no outline between them.
    expect(isOutlineBlend(blend, wood, shirt, true, true, 0)).toBe(false);
    expect(isOutlineBlend(blend, wood, shirt, false, false, 0)).toBe(false);
    // The neighbour on the person is skin: a hand's rim.
    expect(isOutlineBlend(blend, wood, skin, false, true, 0.9)).toBe(false);
    // Off the line: skin between a grey-blue wall and the shirt is no mix of them.
    expect(isOutlineBlend(skin, [90, 100, 120], shirt, false, true, 0)).toBe(false);
    // Past either end, or no edge to blend across.
    expect(isOutlineBlend([120, 70, 30], wood, shirt, false, true, 0)).toBe(false);
    expect(isOutlineBlend(wood, wood, [160, 110, 70], false, true, 0)).toBe(false);
  });

  it('a hand whose samples show no skin (the pose put it in front of a turned back) redraws nothing', () => {
    // Her blue jacket where the hand's samples are, and across the arm's region; the torso's samples on the white.
    const jacket = [118, 159, 200];
    const rgba = picture((x, y) => (x >= 40 && x < 160 && y >= 40 && y < 160 ? jacket : null));
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) rgba.set([...jacket, 255], 4 * (y * W + x));
    const r = regions();
    const skinRef = new Float64Array(3);
    const clothRef = new Float64Array(3);
    expect(keyReferences(rgba, W, r, 0, skinRef, clothRef)).toBe(false);
    for (const [x, y] of [[60, 60], [100, 100], [150, 150]] as const) expect(armKeyWeightAt(rgba, W, H, everywhere, r, 0, x + 0.5, y + 0.5), `jacket ${x},${y}`).toBe(0);
    // The same picture with skin under one of the four samples keys the jacket in front ("not the shirt").
    rgba.set([...skin, 255], 4 * (12 * W + 12));
    expect(keyReferences(rgba, W, r, 0, skinRef, clothRef)).toBe(true);
    expect(armKeyWeightAt(rgba, W, H, everywhere, r, 0, 100.5, 100.5)).toBeGreaterThan(0.5);
  });

  it('takes skin of every tone for skin and a grey or blue sleeve for none (the hands sampled on the shared pictures)', () => {
    // The most saturated sample of each hand the pose saw on the mirror clip and the COCO photos: from a pale hand
    // under warm light (COCO 536) to dark skin in shadow (COCO 474).
    const hands = [[97, 62, 41], [216, 162, 131], [119, 85, 57], [178, 114, 78], [131, 75, 52], [139, 117, 120], [110, 68, 72], [133, 93, 101], [112, 94, 90], [82, 55, 26], [62, 40, 19], [101, 76, 54], [45, 34, 30]];
    for (const c of hands) expect(isSkinLike(c), `${c}`).toBe(true);
    // The street frame's unseen hands (a grey top, a blue jacket), a white shirt, a black one, a green sleeve.
    for (const c of [[174, 177, 188], [132, 173, 214], [230, 230, 228], [20, 20, 22], [60, 120, 70], [164, 160, 159]]) expect(isSkinLike(c), `${c}`).toBe(false);
  });
});

/** Landmarks in camera pixels, x, y per landmark: the head's, shoulders' and hips' as given, the rest at 0. */
function headPose(at: ReadonlyArray<readonly [number, number, number]>): Float64Array {
  const px = new Float64Array(66);
  for (const [i, x, y] of at) {
    px[2 * i] = x;
    px[2 * i + 1] = y;
  }
  return px;
}

describe('the head region against a garment’s neck edge', () => {
  /** Frontal pose in camera pixels: ears at y 100, shoulders at y 230 (the old cut at 85 %: y 210.5), mouth at 128. */
  const pose = (): Float64Array =>
    headPose([[L.leftEar, 230, 100], [L.rightEar, 160, 100], [L.nose, 195, 107], [L.mouthLeft, 210, 128], [L.mouthRight, 180, 128], [L.leftShoulder, 295, 230], [L.rightShoulder, 95, 230], [L.leftHip, 270, 500], [L.rightHip, 120, 500]]);

  it('ends at the collar’s top edge where one runs, at the edge’s end past it, at the fixed cut without one', () => {
    const r = createOcclusionRegions();
    occlusionRegions(pose(), null, r);
    expect(r.headBottomPx).toBeCloseTo(210.5, 5);
    // A collar's front: its sides up at y 175 either side of the neck, its V at the centre front down at y 225.
    const edge = [150, 175, 175, 190, 195, 225, 215, 190, 240, 175];
    addNeckEdge(r, edge, 5);
    expect(headBottomAt(r, 195)).toBeGreaterThan(215);
    expect(headBottomAt(r, 160)).toBeLessThan(185);
    // The neck over the collar's side is behind it now, in front above it; past the collar's ends the end holds
    // (the collar's side stands there: the fixed cut 35 px lower bit a slot out of it beside the neck).
    expect(inHeadRegion(r, 160, 195)).toBe(false);
    expect(inHeadRegion(r, 160, 170)).toBe(true);
    // (the edge's last sample lies a little inside its end, at 175.6).
    expect(Math.abs(headBottomAt(r, 252) - 175)).toBeLessThan(1);
    expect(Math.abs(headBottomAt(r, 137) - 175)).toBeLessThan(1);
    const bare = createOcclusionRegions();
    occlusionRegions(pose(), null, bare);
    expect(headBottomAt(bare, 252)).toBeCloseTo(bare.headBottomPx, 5);
  });

  it('below the chin is no wider than a neck, tapering in from the jaw and out a little to the shoulders', () => {
    const r = createOcclusionRegions();
    occlusionRegions(pose(), null, r);
    // Shoulders 200 px apart: the neck 40 px either side of its axis under the chin, 48 at the shoulder line; the
    // head ellipse (60 px either side) everywhere before. The axis runs from the mouth's centre (195) to the
    // shoulders' (195).
    const shoulderW = 200;
    expect(neckHalfWidthAt(r, 128)).toBeCloseTo(HEAD_HALF_WIDTH_OF_SHOULDERS * shoulderW, 3);
    const chinY = r.chin[1]! + r.chin[3]!;
    expect(neckHalfWidthAt(r, chinY)).toBeCloseTo(NECK_HALF_WIDTH_OF_SHOULDERS * shoulderW, 3);
    expect(neckHalfWidthAt(r, 230)).toBeCloseTo(NECK_BASE_HALF_WIDTH_OF_SHOULDERS * shoulderW, 3);
    // Under the chin (y 160: 40 px each side, then 0.5 of the soft edge) a point 50 px off the axis is beside the neck
    // (the old box took it in: inside the head ellipse, above the cut); 30 px off is the neck.
    const y = 160;
    expect(neckHalfWidthAt(r, y)).toBeLessThan(45);
    expect(inHeadRegion(r, 195 + 50, y)).toBe(false);
    expect(inHeadRegion(r, 195 - 50, y)).toBe(false);
    expect(headRegionAlpha(r, 195 + 30, y)).toBe(1);
    // Above the mouth line the face and hair keep the ellipse's full width.
    expect(inHeadRegion(r, 195 + 50, 120)).toBe(true);
  });

  it('has a soft edge where it meets a collar and at the neck’s sides', () => {
    const r = createOcclusionRegions();
    occlusionRegions(pose(), null, r);
    addNeckEdge(r, [140, 200, 250, 200], 2);
    const soft = r.neckSoftPx;
    expect(soft).toBeGreaterThan(2);
    const at = (x: number, y: number): number => headRegionAlpha(r, x, y);
    // Up from the collar's edge at y 200: 0 on it, rising through the soft edge, whole above it.
    expect(at(195, 200)).toBe(0);
    expect(at(195, 200 - soft / 2)).toBeGreaterThan(0.2);
    expect(at(195, 200 - soft / 2)).toBeLessThan(0.8);
    expect(at(195, 200 - 1.5 * soft)).toBe(1);
    // Across the neck's side at y 185.
    const half = neckHalfWidthAt(r, 185);
    expect(at(195 + half - soft / 2, 185)).toBeGreaterThan(0.2);
    expect(at(195 + half - soft / 2, 185)).toBeLessThan(0.8);
    expect(at(195 + half, 185)).toBe(0);
  });

  it('of two garments, the higher edge wins', () => {
    const r = createOcclusionRegions();
    occlusionRegions(pose(), null, r);
    addNeckEdge(r, [140, 200, 250, 200], 2);
    addNeckEdge(r, [140, 190, 250, 190], 2);
    expect(headBottomAt(r, 195)).toBeCloseTo(190, 3);
  });

  it('keeps the chin in front below a collar edge: a bent head’s chin reaches under the edge', () => {
    const px = pose();
    // Head bent: the nose 8 px over the mouth, the mouth at y 246, ears at 198, shoulders at 265 (frame 120).
    px[2 * L.nose + 1] = 238;
    px[2 * L.mouthLeft + 1] = 246;
    px[2 * L.mouthRight + 1] = 246;
    px[2 * L.leftEar + 1] = 198;
    px[2 * L.rightEar + 1] = 198;
    px[2 * L.leftShoulder + 1] = 265;
    px[2 * L.rightShoulder + 1] = 265;
    const r = createOcclusionRegions();
    occlusionRegions(px, null, r);
    addNeckEdge(r, [150, 250, 195, 252, 240, 250], 3);
    // 10 px under the mouth, below the collar's edge: the chin.
    expect(inHeadRegion(r, 195, 256)).toBe(true);
    // Below the chin (2 × the nose's 8 px under the mouth, y 262) past its outline's soft edge, the collar is in front;
    // on the outline the chin shows at half (the hard cut's line).
    expect(headRegionAlpha(r, 195, 262)).toBeCloseTo(0.5, 2);
    expect(headRegionAlpha(r, 195, 264)).toBeLessThan(0.5);
    expect(inHeadRegion(r, 195, 262 + r.edgeSoftPx / 2 + 0.01)).toBe(false);
  });
});

describe('the face against a collar edge', () => {
  it('is in front down to the mouth line wherever a collar’s side rises beside it', () => {
    const px = headPose([[L.leftEar, 216, 198], [L.rightEar, 147, 198], [L.nose, 189, 238], [L.mouthLeft, 199, 246], [L.mouthRight, 175, 246], [L.leftShoulder, 276, 259], [L.rightShoulder, 90, 271], [L.leftHip, 260, 560], [L.rightHip, 110, 560]]);
    const r = createOcclusionRegions();
    occlusionRegions(px, null, r);
    // The collar's sides up at y 215 beside the cheeks (a bent head, frame 120), its front at 255.
    addNeckEdge(r, [130, 215, 187, 255, 240, 215], 3);
    expect(inHeadRegion(r, 150, 235)).toBe(true);
    expect(headBottomAt(r, 140)).toBeCloseTo(r.mouthYPx, 5);
  });
});

describe("the hands' key on a dark top (COCO 338: a black jacket, specks of it drawn over the garment)", () => {
  const skin = [196, 132, 104];
  const jacket = DARK_JACKET;
  const noise = seededNoise(4 * 4000, 338);
  const jacketPixel = (i: number): number[] => darkJacketPixel(noise, i);

  it('keeps the noise of a near-black top behind the garment, where raw chromaticity put 4 in 5 of its pixels in front', () => {
    let inFront = 0;
    let rawInFront = 0;
    for (let i = 0; i < 4000; i++) {
      const px = jacketPixel(i);
      if (occlusionKeyWeight(px, skin, jacket) >= 0.5) inFront++;
      // The rule before the dark lift: the same two tests on the raw chromaticity.
      const toCloth = chromaDistance(px, jacket);
      if (toCloth - chromaDistance(px, skin) > 0 || toCloth > (NOT_CLOTH_CHROMA[0] + NOT_CLOTH_CHROMA[1]) / 2) rawInFront++;
    }
    console.log(`near-black jacket, keyed in front: raw chromaticity ${rawInFront} of 4000, lifted ${inFront}`);
    expect(rawInFront / 4000, 'raw chromaticity: the specks').toBeGreaterThan(0.5);
    // What strays is single pixels: the shader's neighbourhood vote and feathered edge (key-weight-at.ts) keep them
    // under the garment, as tests/cloth/dark-top-key-render.test.ts measures on the photo.
    expect(inFront / 4000).toBeLessThan(0.05);
  });

  it('still puts a dark sleeve of another colour in front of a dark top, and lit skin in front of it', () => {
    const navyTop = [8, 10, 28];
    expect(occlusionKeyWeight([40, 12, 12], skin, navyTop), 'a dark red sleeve').toBe(1);
    expect(occlusionKeyWeight([150, 98, 76], skin, navyTop), 'a hand in shade').toBe(1);
    expect(occlusionKeyWeight([196, 132, 104], skin, jacket), 'the hand').toBe(1);
  });

  it('keys every colour brighter than the lift as the raw chromaticity does', () => {
    let checked = 0;
    for (let r = 0; r <= 255; r += 17) {
      for (let g = 0; g <= 255; g += 17) {
        for (let b = 0; b <= 255; b += 17) {
          if (r + g + b < KEY_DARK_SUM) continue;
          expect(keyChromaDistance([r, g, b], skin)).toBeCloseTo(chromaDistance([r, g, b], skin), 12);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3500);
  });
});

describe("the hands' key, feathered (issue 14.1: no jaggies at 1080 × 1920)", () => {
  const skin = [205, 150, 120];
  const shirt = [230, 230, 228];

  it('is the hard key through its soft band: the larger of the two tests, as their smoothsteps were', () => {
    const smooth = (e0: number, e1: number, x: number): number => {
      const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
      return t * t * (3 - 2 * t);
    };
    let checked = 0;
    for (let r = 0; r <= 255; r += 15) {
      for (let g = 0; g <= 255; g += 15) {
        for (let b = 0; b <= 255; b += 15) {
          const toCloth = keyChromaDistance([r, g, b], shirt);
          const hard = Math.max(smooth(-KEY_MARGIN_CHROMA, KEY_MARGIN_CHROMA, toCloth - keyChromaDistance([r, g, b], skin)), smooth(NOT_CLOTH_CHROMA[0], NOT_CLOTH_CHROMA[1], toCloth));
          expect(occlusionKeyWeight([r, g, b], skin, shirt)).toBeCloseTo(hard, 12);
          if (hard > 0.02 && hard < 0.98) checked++;
        }
      }
    }
    expect(checked, 'colours inside the soft band').toBeGreaterThan(100);
  });

  it('rises monotonically from 0 to 1 across one camera pixel centred on the key line, and is 0 or 1 outside it', () => {
    // A margin that grows 4 band widths a camera pixel (a skin-to-shirt edge): the line is at distance 0.
    const perPx = 4;
    const at = (distancePx: number): number => {
      const m = (d: number): number => perPx * d;
      const h = KEY_GRADIENT_STEP_PX;
      return featheredKey(m(distancePx), m(distancePx + h), m(distancePx - h), m(distancePx), m(distancePx));
    };
    let last = -1;
    for (let d = -2; d <= 2; d += 0.01) {
      const a = at(d);
      expect(a, `distance ${d.toFixed(2)} px`).toBeGreaterThanOrEqual(last);
      if (d <= -KEY_FEATHER_PX / 2) expect(a).toBe(0);
      if (d >= KEY_FEATHER_PX / 2 + 1e-3) expect(a).toBe(1);
      last = a;
    }
    expect(at(0.001)).toBeCloseTo(0.5, 2);
    expect(at(0.25)).toBeGreaterThan(0.7);
    expect(at(-0.25)).toBeLessThan(0.3);
    // The same distance whatever the edge's direction: the margin's gradient is its length.
    const g = Math.hypot(4, 2) / 2;
    expect(featheredKey(1, 3, -1, 2, 0)).toBeCloseTo(featheredKey(1, 1 + g, 1 - g, 1, 1), 12);
  });

  it('keeps a tie (skin and cloth references alike, a flat margin of 0) behind the garment', () => {
    expect(featheredKey(0, 0, 0, 0, 0)).toBe(0);
    expect(occlusionKeyMargin(shirt, shirt, shirt)).toBe(0);
  });

  it("puts the fist's edge where its outline runs between camera pixels, soft across most of a camera pixel", () => {
    // A fist's edge across a row of the shirt at x = 100.3 (the camera averages each pixel: the one it crosses is a
    // mix), under a picture wide enough for the ring vote.
    const W = 200;
    const H = 40;
    for (const edgeX of [100.3, 100.5, 100.8]) {
      const rgba = new Uint8Array(W * H * 4);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const f = Math.min(1, Math.max(0, x + 1 - edgeX));
          const c = x < 5 && y < 5 ? skin : skin.map((s, k) => Math.round(f * shirt[k]! + (1 - f) * s));
          rgba.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
        }
      }
      const r = createOcclusionRegions();
      r.armVoteRadiusPx = 0;
      r.samplesPx.set([2, 2, 3, 2, 2, 3, 3, 3], 0);
      r.samplesPx.set([150, 20, 160, 20, 170, 20, 180, 20], 2 * (2 * 4 + 3));
      // Along the row, a twentieth of a camera pixel at a time (the mirror's screen has 2.6 pixels to one).
      const step = 1 / 20;
      let crossing = Number.NaN;
      let from = Number.NaN;
      let to = Number.NaN;
      let prev = 1;
      for (let x = 97; x < 104; x += step) {
        const a = armKeyWeightAt(rgba, W, H, () => true, r, 0, x, 20.5);
        expect(a, `x ${x.toFixed(2)}`).toBeLessThanOrEqual(prev + 1e-12);
        // Each level's crossing interpolated between the two steps it falls between.
        if (prev >= 0.9 && a < 0.9) from = x - step * ((0.9 - a) / (prev - a));
        if (prev >= 0.5 && a < 0.5) crossing = x - step * ((0.5 - a) / (prev - a));
        if (prev >= 0.1 && a < 0.1) to = x - step * ((0.1 - a) / (prev - a));
        prev = a;
      }
      // The key's line: where the bilinear picture is half skin, half shirt by the key (the mixed pixel's own colour
      // is nearer one side): within a quarter of a camera pixel of the outline, never snapped to a pixel's edge.
      expect(Math.abs(crossing - edgeX), `edge at ${edgeX}: crossing at ${crossing.toFixed(3)}`).toBeLessThan(0.25);
      // Feathered: from 0.9 down to 0.1 over more than 0.4 camera px (a screen pixel); the hard key's alpha ramp
      // (smoothstep 0.5 → 0.75 of the weight) took 0.03 px, a step at every screen pixel's size.
      expect(to - from, `edge at ${edgeX}: 0.9 → 0.1 over`).toBeGreaterThan(0.4);
      expect(to - from, `edge at ${edgeX}: 0.9 → 0.1 over`).toBeLessThan(1.2);
    }
  });
});

describe("the regions' own outlines, soft where they are guesses", () => {
  /** The standing person with the right forearm across the belly (its capsules on) and the own-top region on. */
  const across = (): ReturnType<typeof createOcclusionRegions> => {
    const { px } = standing();
    px[2 * L.rightWrist] = 690;
    px[2 * L.rightWrist + 1] = 460;
    px[2 * L.leftKnee] = 690;
    px[2 * L.leftKnee + 1] = 700;
    px[2 * L.rightKnee] = 590;
    px[2 * L.rightKnee + 1] = 700;
    const r = createOcclusionRegions();
    occlusionRegions(px, null, r, { ownTop: true });
    return r;
  };

  it('soften across about a centimetre (a fortieth of the shoulders), centred where the hard cut was', () => {
    const r = across();
    expect(r.edgeSoftPx).toBeCloseTo(REGION_EDGE_SOFT_OF_SHOULDERS * 160, 6);
    const soft = r.edgeSoftPx;
    // The right forearm (capsule 2) from the elbow (540, 420) to the wrist (690, 460): across it at its middle.
    const [ax, ay, bx, by] = r.capsules.subarray(8, 12);
    const len = Math.hypot(bx! - ax!, by! - ay!);
    const nx = -(by! - ay!) / len, ny = (bx! - ax!) / len;
    const mx = (ax! + bx!) / 2, my = (ay! + by!) / 2;
    const radius = r.radiiPx[2]!;
    const at = (d: number): number => capsuleEdgeAlpha(r, 2, mx + d * nx, my + d * ny);
    expect(at(radius)).toBeCloseTo(0.5, 6);
    expect(at(radius - soft / 2)).toBeCloseTo(1, 9);
    expect(at(radius + soft / 2)).toBeCloseTo(0, 9);
    for (let d = radius - soft; d < radius + soft; d += 0.25) expect(at(d + 0.25)).toBeLessThanOrEqual(at(d));
    // The hard cut's inside (distance < radius) is exactly where the soft edge is over one half.
    for (const d of [radius - 0.01, radius + 0.01]) expect(at(d) > 0.5).toBe(d < radius);
    // The hip line: 0.5 on it, the old region (aboveHipLine) where it is over a half.
    expect(ownTopEdgeAlpha(r, 640, 500)).toBeCloseTo(0.5, 6);
    for (const y of [499, 501]) expect(ownTopEdgeAlpha(r, 640, y) > 0.5).toBe(aboveHipLine(r, 640, y));
    expect(ownTopEdgeAlpha(r, 640, 500 + soft / 2)).toBeCloseTo(0, 9);
    expect(ownTopEdgeAlpha(r, 640, 500 - soft / 2)).toBeCloseTo(1, 9);
  });

  it("measures an ellipse's inside in camera pixels: exact on its outline and along its axes", () => {
    const e = [100, 50, 40, 20];
    expect(ellipseInsidePx(e, 140, 50)).toBeCloseTo(0, 9);
    expect(ellipseInsidePx(e, 100, 70)).toBeCloseTo(0, 9);
    const rim = [100 + 40 * Math.cos(0.7), 50 + 20 * Math.sin(0.7)];
    expect(ellipseInsidePx(e, rim[0]!, rim[1]!)).toBeCloseTo(0, 9);
    // Along an axis the distance to the outline, to first order: 2 px inside at either axis' end.
    expect(ellipseInsidePx(e, 138, 50)).toBeCloseTo(2, 1);
    expect(ellipseInsidePx(e, 100, 68)).toBeCloseTo(2, 1);
    expect(ellipseInsidePx(e, 142, 50)).toBeCloseTo(-2, 1);
    // Deep inside, the centre included, it is far inside.
    expect(ellipseInsidePx(e, 100, 50)).toBeGreaterThan(20);
  });

  it("softens the head ellipse's rim above the mouth, with the hard cut's line at a half", () => {
    const { px } = standing();
    px.set([640, 200], 2 * L.nose);
    px.set([630, 215], 2 * L.mouthRight);
    px.set([650, 215], 2 * L.mouthLeft);
    const r = createOcclusionRegions();
    occlusionRegions(px, null, r);
    const h = r.head;
    // The ellipse's top (the hair) straight above its centre.
    const topY = h[1]! - h[3]!;
    expect(headRegionAlpha(r, h[0]!, topY)).toBeCloseTo(0.5, 6);
    expect(headRegionAlpha(r, h[0]!, topY + r.edgeSoftPx / 2)).toBeCloseTo(1, 9);
    expect(headRegionAlpha(r, h[0]!, topY - r.edgeSoftPx / 2)).toBeCloseTo(0, 9);
    // The bounds hold the soft band's outer half.
    expect(r.boundsPx[1]).toBeLessThanOrEqual(topY - r.edgeSoftPx / 2);
  });

  it('keys a point by the region whose edge is highest there: deep in a hand inside the hip line’s soft band is the hand’s', () => {
    const r = across();
    // Move the hip line through the right hand's capsule: a point on the line, deep in the hand.
    const [hx, hy] = [r.capsules[12]!, r.capsules[13]!];
    r.ownTopLine.set([hx, hy, 0, -1]);
    const at = regionAt(r, hx, hy);
    expect(ownTopEdgeAlpha(r, hx, hy)).toBeCloseTo(0.5, 6);
    expect(at.region).toBe(1);
    expect(at.alpha).toBe(1);
    // Well above the line, outside every capsule: the own top's, all of it.
    expect(regionAt(r, 640, 330)).toEqual({ region: 3, edge: 1, alpha: 1 });
    // Far outside everything (below the hip line, off the head and arms): none.
    expect(regionAt(r, 5, 790).region).toBe(-1);
  });

  it("softens the person mask's 0.5 line across half a mask pixel's ramp", () => {
    expect(personMaskAlpha(0.5)).toBe(0.5);
    expect(personMaskAlpha(0.5 - PERSON_MASK_SOFT)).toBe(0);
    expect(personMaskAlpha(0.5 + PERSON_MASK_SOFT)).toBe(1);
    expect(personMaskAlpha(0.45)).toBeLessThan(0.5);
    expect(personMaskAlpha(0.55)).toBeGreaterThan(0.5);
  });

  it("draws, on a flat skin picture, the capsule's soft outline times the mask's soft edge (occluderAlphaAt)", () => {
    const W = 1000;
    const H = 800;
    const skin = [205, 150, 120];
    const shirt = [230, 230, 228];
    const r = across();
    r.ownTopLine.fill(0);
    // Skin everywhere but on the torso's cloth samples: the key is in front all round the forearm.
    const cloth = r.samplesPx.subarray(2 * (2 * 4 + 3), 2 * (2 * 4 + 3 + 4));
    const rgba = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let c = skin;
        for (let k = 0; k < 4; k++) if (Math.abs(x + 0.5 - cloth[2 * k]!) < 3 && Math.abs(y + 0.5 - cloth[2 * k + 1]!) < 3) c = shirt;
        rgba.set([c[0]!, c[1]!, c[2]!, 255], 4 * (y * W + x));
      }
    }
    const [ax, ay, bx, by] = r.capsules.subarray(8, 12);
    const len = Math.hypot(bx! - ax!, by! - ay!);
    const nx = -(by! - ay!) / len, ny = (bx! - ax!) / len;
    // A point on the forearm's lower outline, 40 % of the way to the wrist (clear of the hand's capsule).
    const x = ax! + 0.4 * (bx! - ax!) + r.radiiPx[2]! * nx;
    const y = ay! + 0.4 * (by! - ay!) + r.radiiPx[2]! * ny;
    expect(regionAt(r, x, y).region).toBe(1);
    expect(occluderAlphaAt(rgba, W, H, () => 1, r, x, y)).toBeCloseTo(0.5, 3);
    expect(occluderAlphaAt(rgba, W, H, () => 0.5, r, x, y)).toBeCloseTo(0.25, 3);
    expect(occluderAlphaAt(rgba, W, H, () => 0.2, r, x, y)).toBe(0);
    expect(occluderAlphaAt(rgba, W, H, () => 1, r, x + r.edgeSoftPx * nx, y + r.edgeSoftPx * ny)).toBe(0);
  });
});
