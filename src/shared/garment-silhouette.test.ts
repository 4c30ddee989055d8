import { describe, expect, it } from 'vitest';
import { measureSilhouette, NECKLINE_SAMPLES, opaqueRunPx } from './garment-silhouette';

/** A 200 × 300 picture: a 100 px wide torso (x 50..150), a sleeve beside it (x 160..190) not touching. */
function picture(): Uint8Array {
  const a = new Uint8Array(200 * 300);
  for (let y = 20; y < 280; y++) {
    for (let x = 50; x < 150; x++) a[y * 200 + x] = 255;
    for (let x = 160; x < 190; x++) a[y * 200 + x] = 255;
  }
  return a;
}

describe('garment silhouette', () => {
  it('measures the opaque run through a point, and 0 outside the garment', () => {
    const a = picture();
    expect(opaqueRunPx(a, 200, 300, 100, 100, 1, 0)).toBeCloseTo(100, 0);
    expect(opaqueRunPx(a, 200, 300, 155, 100, 1, 0)).toBe(0);
    expect(opaqueRunPx(a, 200, 300, 100, 100, 0, 1)).toBeCloseTo(260, 0);
  });

  it('reads the chest across the garment\'s own axis, not the sleeve beside it', () => {
    const s = measureSilhouette(
      { image: { file: 'x', widthPx: 200, heightPx: 300 }, anchorsPx: { leftShoulder: [140, 40], rightShoulder: [60, 40], leftWaist: [140, 200], rightWaist: [60, 200], leftHip: [130, 260], rightHip: [70, 260] } },
      picture(),
    );
    expect(s.chestWidthPx).toBeCloseTo(100, 0);
    expect(s.hipWidthPx).toBeCloseTo(100, 0);
    expect(s.legOpeningWidthPx).toBeNull();
  });

  it('reads a jacket\'s chest edge to edge across its open front, and below a deep armhole where the sleeves part', () => {
    // A 300 × 300 jacket: a 140 px torso (x 80..220) from y 20, with a V open to y 150 at the centre (14 px wide at
    // the chest point), and sleeves joined to it down to the underarm at y 130 (the chest point, y 110, is above it).
    const W = 300;
    const a = new Uint8Array(W * 300);
    for (let y = 20; y < 260; y++) {
      for (let x = 80; x < 220; x++) {
        const vHalf = y < 150 ? ((150 - y) / 130) * 40 : 0;
        if (Math.abs(x + 0.5 - 150) >= vHalf) a[y * W + x] = 255;
      }
      if (y < 130) for (const [x0, x1] of [[20, 80], [220, 280]] as const) for (let x = x0; x < x1; x++) a[y * W + x] = 255;
    }
    const s = measureSilhouette(
      { image: { file: 'x', widthPx: W, heightPx: 300 }, anchorsPx: { leftShoulder: [200, 40], rightShoulder: [100, 40], leftWaist: [200, 180], rightWaist: [100, 180] } },
      a,
    );
    expect(s.chestWidthPx).toBeCloseTo(140, 0);
  });

  /**
   * A 300 × 200 top, shoulder anchors at (90, 60) and (210, 60), neck at (150, 40): a shoulder line rising from
   * y 50 at the anchors to y 30 at x 120 / 180 (the high points of the shoulder), then `neck` between them.
   */
  function top(neck: 'open' | 'collar', armhole = false): Uint8Array {
    const W = 300;
    const a = new Uint8Array(W * 200);
    for (let x = 40; x < 260; x++) {
      const fromCentre = Math.abs(x + 0.5 - 150);
      let topY = fromCentre >= 30 ? Math.round(30 + (20 * (fromCentre - 30)) / 30) : neck === 'open' ? 40 : 10;
      // A sleeveless armhole: the edge climbs steeply from the side seam to the shoulder line.
      if (armhole && fromCentre > 55) topY = Math.round(50 + 8 * (fromCentre - 55));
      for (let y = Math.max(0, topY); y < 180 + (fromCentre < 20 ? 8 : 0); y++) a[y * W + x] = 255;
    }
    return a;
  }
  const topAnchors: Record<'neck' | 'leftShoulder' | 'rightShoulder' | 'leftWaist' | 'rightWaist' | 'leftHem' | 'rightHem', [number, number]> = {
    neck: [150, 40],
    leftShoulder: [210, 60],
    rightShoulder: [90, 60],
    leftWaist: [200, 140],
    rightWaist: [100, 140],
    leftHem: [200, 180],
    rightHem: [100, 180],
  };

  it('finds the high point of the shoulder beside the neckline, not the collar above it, and the hem\'s lowest point', () => {
    for (const neck of ['open', 'collar'] as const) {
      const s = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top(neck));
      expect(s.hpsYPx, neck).toBeCloseTo(30, 0);
      // The high points at x 120 and 180 (± a column where the edge is flat): 30 px either side of the centre.
      expect(Math.abs(s.hpsHalfWidthPx! - 30), neck).toBeLessThanOrEqual(1);
      // The hem dips 8 px lower at the centre (a shirt's tails): the length runs to the lowest point.
      expect(s.hemYPx, neck).toBe(188);
    }
    const sleeveless = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top('open', true));
    expect(sleeveless.hpsYPx).toBeCloseTo(30, 0);
  });

  it("reads how far the top edge stands above each shoulder anchor, where the shopper's own shoulder top is read", () => {
    // The shoulder line falls 20 px over 30 columns out to the anchors (x 90, 210; y 60): at the anchor's column and
    // 6, 12, 18 px in (0.05–0.15 of the anchors' 120 px) it stands 10, 14, 18, 22 px above — the median 16.
    const s = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top('open'));
    expect(s.shoulderTopPx!.left).toBeCloseTo(16, 0);
    expect(s.shoulderTopPx!.right).toBeCloseTo(16, 0);
    // A sleeveless armhole: no cloth above the anchor in its own column, the three further in read 14, 18, 22.
    const sleeveless = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top('open', true));
    expect(sleeveless.shoulderTopPx!.left).toBeCloseTo(18, 0);
    // A slip's low neckline: no cloth above the anchors at all — no reading, the try-on keeps its default.
    const low = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: { ...topAnchors, leftShoulder: [210, 20], rightShoulder: [90, 20] } }, top('open'));
    expect(low.shoulderTopPx!.left).toBeNaN();
    expect(measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: { leftHip: [200, 100], rightHip: [100, 100] } }, top('open')).shoulderTopPx).toBeNull();
  });

  it('reads the neckline across the neck opening, between the high points: a crew neck\'s dip, a collar standing up', () => {
    const open = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top('open')).necklinePx!;
    expect(open.length).toBe(NECKLINE_SAMPLES);
    // Left to right from one high point (x ≈ 120) to the other (≈ 180): on the shoulder line at the ends, down in
    // the opening (y 40) between.
    expect(open[0]![0]).toBeLessThan(open[NECKLINE_SAMPLES - 1]![0]);
    expect(Math.abs(open[0]![0] - 120)).toBeLessThanOrEqual(1);
    expect(open[0]![1]).toBeLessThanOrEqual(31);
    expect(open[NECKLINE_SAMPLES >> 1]).toEqual([150, 40]);
    const collar = measureSilhouette({ image: { file: 'x', widthPx: 300, heightPx: 200 }, anchorsPx: topAnchors }, top('collar')).necklinePx!;
    expect(collar[NECKLINE_SAMPLES >> 1]).toEqual([150, 10]);
  });

  it('finds where a leg\'s cloth ends along hip → knee → ankle: the hem of shorts on the thigh', () => {
    const W = 100;
    const H = 400;
    const alpha = new Uint8Array(W * H);
    for (let y = 0; y < 150; y++) for (let x = 50; x < 70; x++) alpha[y * W + x] = 255;
    const s = measureSilhouette({ image: { file: 'x', widthPx: W, heightPx: H }, anchorsPx: { leftHip: [60, 10], leftKnee: [60, 200], leftAnkle: [60, 380] } }, alpha);
    // Rows 10…149 are cloth: 139.5 px from the hip along the leg (half-pixel steps).
    expect(s.legHemAlongPx).toBeCloseTo(139.5, 0);
  });

  it("reads where a trouser leg's cloth lies either side of its path: the inseam slanting in below the crotch", () => {
    // A 200 × 300 picture of trousers: the seat (x 20…180) down to the crotch at y 60; below it each leg's outer side
    // straight at x 180 (left leg) and its inseam slanting from the centre (x 100) at y 60 to x 120 at y 260.
    const W = 200;
    const H = 300;
    const alpha = new Uint8Array(W * H);
    for (let y = 0; y < 260; y++) {
      const inseam = y < 60 ? 100 : 100 + (20 * (y - 60)) / 200;
      for (let x = 20; x < 180; x++) if (Math.abs(x + 0.5 - 100) >= inseam - 100) alpha[y * W + x] = 255;
    }
    const s = measureSilhouette({ image: { file: 'x', widthPx: W, heightPx: H }, anchorsPx: { leftHip: [140, 20], rightHip: [60, 20], leftKnee: [140, 140], leftAnkle: [140, 290] } }, alpha);
    const e = s.legEdgesPx!;
    // Within a pixel (the walk steps half a pixel, and the inseam is drawn on whole pixels).
    const near = (values: Float64Array, alongPx: number, px: number): void => expect(Math.abs(values[Math.round(alongPx / e.stepPx)]! - px), `${alongPx} px down`).toBeLessThanOrEqual(1);
    // From the hip line to the crotch the inner side reaches the centre line (40 px in), no further: the seat beyond it
    // is the other leg's.
    near(e.inner, 20, 40);
    // At the knee (y 140) the inseam is at x 108, and by the hem (y 248) at x 118.8: 32 and 21 px in.
    near(e.inner, 120, 32);
    near(e.inner, 228, 21.2);
    // The outer side is straight, 40 px out all the way.
    near(e.outer, 20, 40);
    near(e.outer, 228, 40);
    // Below the hem (y 260) the path is bare.
    expect(e.inner.at(-1)).toBe(0);
  });

  it("reads how far a sleeve's cloth reaches out from its anchors' path, away from the other shoulder", () => {
    // A 200 × 300 picture: the left sleeve hangs straight down from the shoulder anchor (140, 20) to the elbow
    // (140, 220), its cloth x 120…170 (30 px out, away from the right shoulder at x 60; 20 px in), ending at y 200.
    const W = 200;
    const H = 300;
    const alpha = new Uint8Array(W * H);
    for (let y = 0; y < 200; y++) for (let x = 120; x < 170; x++) alpha[y * W + x] = 255;
    const s = measureSilhouette({ image: { file: 'x', widthPx: W, heightPx: H }, anchorsPx: { leftShoulder: [140, 20], rightShoulder: [60, 20], leftElbow: [140, 220] } }, alpha);
    const e = s.sleeveOuterPx!;
    expect(Math.abs(e.outer[0]! - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(e.outer[Math.round(160 / e.stepPx)]! - 30)).toBeLessThanOrEqual(1);
    // And 20 px in, towards the other shoulder.
    expect(Math.abs(e.inner[0]! - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(e.inner[Math.round(160 / e.stepPx)]! - 20)).toBeLessThanOrEqual(1);
    // Past the cloth's end the path is bare.
    expect(e.outer.at(-1)).toBe(0);
    expect(e.inner.at(-1)).toBe(0);
  });

  it("reads a top's side seams below the armpit, not the sleeves joining the run above it", () => {
    // A 300 × 300 top: its torso x 100…199 from y 20 down to y 279; a short sleeve on each side standing 60 px out
    // from it down to y 115.
    const W = 300;
    const H = 300;
    const alpha = new Uint8Array(W * H);
    for (let y = 20; y < 280; y++) for (let x = 100; x < 200; x++) alpha[y * W + x] = 255;
    for (let y = 20; y < 116; y++) {
      for (let d = 0; d < 60; d++) {
        alpha[y * W + 99 - d] = 255;
        alpha[y * W + 200 + d] = 255;
      }
    }
    const s = measureSilhouette({ image: { file: 'x', widthPx: W, heightPx: H }, anchorsPx: { leftShoulder: [190, 20], rightShoulder: [110, 20], leftWaist: [190, 200], rightWaist: [110, 200] } }, alpha);
    const e = s.torsoEdgesPx!;
    // From the chest line (y 110, half-way from the shoulder to the waist anchors) down.
    expect(e.fromYPx).toBe(110);
    const row = (y: number): number => (y - e.fromYPx) / e.stepPx;
    // At y 110 and 114 the sleeves still join the run: that is no side seam.
    expect(e.left[row(110)]).toBeNaN();
    expect(e.right[row(114)]).toBeNaN();
    // Below the armpit the seams: 50 px either side of the centre line (x 150), down to the hem; none below it.
    expect(e.left[row(150)]).toBe(50);
    expect(e.right[row(150)]).toBe(50);
    expect(e.left[row(278)]).toBe(50);
    expect(e.left.at(-1)).toBeNaN();
  });

  it("reads an open front's side seams past the gap between its fronts", () => {
    const W = 200;
    const H = 200;
    const alpha = new Uint8Array(W * H);
    for (let y = 0; y < 180; y++) for (let x = 40; x < 160; x++) if (Math.abs(x + 0.5 - 100) > 10) alpha[y * W + x] = 255;
    const s = measureSilhouette({ image: { file: 'x', widthPx: W, heightPx: H }, anchorsPx: { leftShoulder: [150, 10], rightShoulder: [50, 10], leftWaist: [150, 120], rightWaist: [50, 120] } }, alpha);
    const e = s.torsoEdgesPx!;
    expect(e.left[5]).toBe(60);
    expect(e.right[5]).toBe(60);
  });

  it('refuses an alpha channel of the wrong size', () => {
    expect(() => measureSilhouette({ image: { file: 'x', widthPx: 200, heightPx: 300 }, anchorsPx: {} }, new Uint8Array(10))).toThrow(/expected 60000/);
  });
});
