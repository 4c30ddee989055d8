import { describe, expect, it } from 'vitest';
import { coverFit } from '../../shared/cover-fit';
import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';
import { Framing, bodyBoxPx, headTopPx, type BodyBoxPx } from './framing';

/**
 * A person standing upright facing the camera: the top of their head (the truth the framing must keep on screen,
 * which no landmark marks) at `headTopPx`, soles at `headTopPx + heightPx`, centred on `centreXPx`. Heights of the
 * joints as fractions of stature (Drillis & Contini, in Winter's "Biomechanics", fig. 4.1); widths typical.
 */
function standing(frameW: number, frameH: number, centreXPx: number, headTop: number, heightPx: number, noisePx = 0, seed = 1): NormalizedLandmark[] {
  let s = seed;
  const rand = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const at = (dxOfH: number, heightOfH: number): NormalizedLandmark => ({
    x: (centreXPx + dxOfH * heightPx + rand() * 2 * noisePx) / frameW,
    y: (headTop + (1 - heightOfH) * heightPx + rand() * 2 * noisePx) / frameH,
    z: 0,
    visibility: 0.98,
    presence: 0.99,
  });
  const lm: NormalizedLandmark[] = Array.from({ length: 33 }, () => at(0, 0.53));
  const set = (i: number, dx: number, h: number): void => void (lm[i] = at(dx, h));
  set(PoseLandmark.nose, 0, 0.915);
  for (const [i, dx] of [[PoseLandmark.leftEyeInner, 0.009], [PoseLandmark.leftEye, 0.017], [PoseLandmark.leftEyeOuter, 0.026]] as const) {
    set(i, dx, 0.936);
    set(i + 3, -dx, 0.936);
  }
  set(PoseLandmark.leftEar, 0.043, 0.925);
  set(PoseLandmark.rightEar, -0.043, 0.925);
  set(PoseLandmark.mouthLeft, 0.014, 0.9);
  set(PoseLandmark.mouthRight, -0.014, 0.9);
  const pairs: Array<[number, number, number, number]> = [
    [PoseLandmark.leftShoulder, PoseLandmark.rightShoulder, 0.107, 0.818],
    [PoseLandmark.leftElbow, PoseLandmark.rightElbow, 0.13, 0.63],
    [PoseLandmark.leftWrist, PoseLandmark.rightWrist, 0.13, 0.485],
    [PoseLandmark.leftPinky, PoseLandmark.rightPinky, 0.13, 0.44],
    [PoseLandmark.leftIndex, PoseLandmark.rightIndex, 0.125, 0.435],
    [PoseLandmark.leftThumb, PoseLandmark.rightThumb, 0.12, 0.46],
    [PoseLandmark.leftHip, PoseLandmark.rightHip, 0.05, 0.53],
    [PoseLandmark.leftKnee, PoseLandmark.rightKnee, 0.045, 0.285],
    [PoseLandmark.leftAnkle, PoseLandmark.rightAnkle, 0.045, 0.039],
    [PoseLandmark.leftHeel, PoseLandmark.rightHeel, 0.045, 0.012],
    [PoseLandmark.leftFootIndex, PoseLandmark.rightFootIndex, 0.05, 0.004],
  ];
  for (const [l, r, dx, h] of pairs) {
    set(l, dx, h);
    set(r, -dx, h);
  }
  return lm;
}

const FPS = 60;
/** Steps the framing for `seconds` at 60 fps from `t0Ms`, feeding `pose()` at 15 pose frames a second. */
function run(f: Framing, t0Ms: number, seconds: number, pose: (tMs: number) => NormalizedLandmark[], onFrame?: (tMs: number) => void): number {
  let t = t0Ms;
  for (let i = 0; i < seconds * FPS; i++) {
    t = t0Ms + (i * 1000) / FPS;
    if (i % 4 === 0) f.observe(pose(t), t);
    f.step(t);
    onFrame?.(t);
  }
  return t;
}

/** The part of the frame the view shows (a view larger than the frame shows all of it on that axis). */
function shown(f: Framing, frameW: number, frameH: number): { l: number; t: number; r: number; b: number } {
  const v = f.view;
  return { l: Math.max(0, v.xPx), t: Math.max(0, v.yPx), r: Math.min(frameW, v.xPx + v.widthPx), b: Math.min(frameH, v.yPx + v.heightPx) };
}

describe('head top estimate', () => {
  it('puts the crown above the eyes by about a head-half, never below the true crown', () => {
    const lm = standing(1280, 720, 640, 100, 500);
    const top = headTopPx(lm, 1280, 720);
    // Truth: 100 px. The estimate errs upwards (more headroom), by at most 2 % of the body height.
    expect(top).toBeLessThanOrEqual(100 + 0.005 * 500);
    expect(top).toBeGreaterThan(100 - 0.02 * 500);
  });

  it('survives a head turned sideways (ears close together)', () => {
    const lm = standing(1280, 720, 640, 100, 500);
    lm[PoseLandmark.leftEar] = { ...lm[PoseLandmark.leftEar]!, x: lm[PoseLandmark.nose]!.x + 0.002 };
    lm[PoseLandmark.rightEar] = { ...lm[PoseLandmark.rightEar]!, x: lm[PoseLandmark.nose]!.x - 0.002 };
    expect(headTopPx(lm, 1280, 720)).toBeLessThanOrEqual(100 + 0.01 * 500);
  });

  it('body box spans crown to soles, clipped to the frame', () => {
    const box: BodyBoxPx = { leftPx: 0, topPx: 0, rightPx: 0, bottomPx: 0 };
    expect(bodyBoxPx(standing(1280, 720, 640, 100, 500), 1280, 720, box)).toBe(true);
    expect(box.bottomPx).toBeCloseTo(100 + 500 * 0.996, 0);
    expect(box.topPx).toBeLessThan(101);
    expect(box.rightPx - box.leftPx).toBeCloseTo(0.26 * 500, 0);
    // Feet predicted below the frame: the box stops at the frame's edge.
    expect(bodyBoxPx(standing(1280, 720, 640, 300, 600), 1280, 720, box)).toBe(true);
    expect(box.bottomPx).toBe(720);
    expect(bodyBoxPx([], 1280, 720, box)).toBe(false);
  });
});

describe('Framing', () => {
  it('shows the cover-fitted full frame while nobody is there', () => {
    const f = new Framing();
    f.setGeometry(1280, 720, 1080, 1920);
    run(f, 0, 2, () => []);
    const c = coverFit(1280, 720, 1080, 1920);
    expect(f.view.xPx).toBeCloseTo(c.xPx, 6);
    expect(f.view.yPx).toBeCloseTo(c.yPx, 6);
    expect(f.view.widthPx).toBeCloseTo(c.widthPx, 6);
    expect(f.view.heightPx).toBeCloseTo(c.heightPx, 6);
  });

  // Every camera aspect on both display orientations; people small and large, centred and off to one side.
  const cameras = [
    { name: '16:9', w: 1280, h: 720 },
    { name: '4:3', w: 1280, h: 960 },
    { name: '9:16 (rotated camera)', w: 720, h: 1280 },
    { name: 'mirror clip 412×960', w: 412, h: 960 },
  ];
  const displays = [
    { name: 'portrait 1080×1920', w: 1080, h: 1920 },
    { name: 'landscape 1920×1080', w: 1920, h: 1080 },
  ];
  for (const cam of cameras) {
    for (const disp of displays) {
      it(`keeps the whole body on screen with a margin: ${cam.name} camera, ${disp.name} display`, () => {
        for (const [centreOf, topOf, heightOf] of [
          [0.5, 0.02, 0.96], // fills the frame's height, crown near the edge
          [0.3, 0.1, 0.8],
          [0.7, 0.25, 0.5], // far away, off to the side
        ] as const) {
          const f = new Framing();
          f.setGeometry(cam.w, cam.h, disp.w, disp.h);
          const top = topOf * cam.h;
          const height = heightOf * cam.h;
          const pose = standing(cam.w, cam.h, centreOf * cam.w, top, height);
          run(f, 0, 4, () => pose);
          const s = shown(f, cam.w, cam.h);
          const margin = Math.min(0.03 * height, top);
          expect(s.t, `crown on screen (${centreOf}, ${topOf}, ${heightOf})`).toBeLessThanOrEqual(top - margin + 0.5);
          expect(s.b, 'feet on screen').toBeGreaterThanOrEqual(Math.min(cam.h, top + height + 0.03 * height) - 0.5);
          expect(s.l).toBeLessThanOrEqual(centreOf * cam.w - 0.13 * height);
          expect(s.r).toBeGreaterThanOrEqual(centreOf * cam.w + 0.13 * height);
          // The body is framed, not lost in a far-away full frame: it fills a good part of the view's height — three
          // quarters, with the 8 % margins above the estimated crown and below the feet (unless the zoom-in limit stops it).
          const maxZoomH = Math.min(cam.h, cam.w / (disp.w / disp.h)) / 1.5;
          expect(height / f.view.heightPx).toBeGreaterThan(Math.min(0.75, (height / maxZoomH) * 0.99));
          // Where the view is smaller than the frame, it stays inside the frame.
          if (f.view.widthPx <= cam.w) expect(f.view.xPx).toBeGreaterThanOrEqual(-1e-6);
          if (f.view.heightPx <= cam.h) expect(f.view.yPx).toBeGreaterThanOrEqual(-1e-6);
          expect(f.moving).toBe(false);
        }
      });
    }
  }

  it('zooms out beyond the cover fit for a tall person (portrait clip on a portrait display) and centres the frame', () => {
    const f = new Framing();
    f.setGeometry(412, 960, 1080, 1920);
    run(f, 0, 4, () => standing(412, 960, 206, 20, 900));
    // Cover fit would show 732 px of the 960: the whole height is shown instead, the frame centred across.
    expect(f.view.heightPx).toBeCloseTo(960, 0);
    expect(f.view.xPx + f.view.widthPx / 2).toBeCloseTo(206, 3);
  });

  it('does not move at all while a shopper stands still (landmark jitter stays inside the dead zone)', () => {
    const f = new Framing();
    f.setGeometry(1280, 720, 1080, 1920);
    let seed = 1;
    // BlazePose jitters by a few pixels on a still person.
    const t = run(f, 0, 4, () => standing(1280, 720, 700, 60, 620, 3, seed++));
    const x0 = f.view.xPx;
    const h0 = f.view.heightPx;
    let maxMovePx = 0;
    run(f, t, 10, () => standing(1280, 720, 700, 60, 620, 3, seed++), () => {
      maxMovePx = Math.max(maxMovePx, Math.abs(f.view.xPx - x0), Math.abs(f.view.heightPx - h0));
    });
    expect(maxMovePx).toBe(0);
  });

  it('follows a shopper who steps aside, within its speed and zoom limits, without overshooting', () => {
    const f = new Framing();
    f.setGeometry(1280, 720, 1080, 1920);
    const t = run(f, 0, 3, () => standing(1280, 720, 400, 60, 620));
    let prevCx = f.view.xPx + f.view.widthPx / 2;
    let prevH = f.view.heightPx;
    let maxPanPerFrame = 0;
    let maxZoomPerFrame = 0;
    let maxCx = 0;
    // They step 500 px to the side in half a second and stay there.
    run(f, t, 4, (tMs) => standing(1280, 720, 400 + 500 * Math.min(1, (tMs - t) / 500), 60, 620), () => {
      const cx = f.view.xPx + f.view.widthPx / 2;
      maxPanPerFrame = Math.max(maxPanPerFrame, Math.abs(cx - prevCx) / prevH);
      maxZoomPerFrame = Math.max(maxZoomPerFrame, Math.abs(Math.log(f.view.heightPx / prevH)));
      maxCx = Math.max(maxCx, cx);
      prevCx = cx;
      prevH = f.view.heightPx;
    });
    expect(maxPanPerFrame).toBeLessThanOrEqual(0.9 / FPS + 1e-9);
    expect(maxZoomPerFrame).toBeLessThanOrEqual(0.6 / FPS + 1e-9);
    const s = shown(f, 1280, 720);
    expect(s.l).toBeLessThan(900 - 0.13 * 620);
    expect(s.r).toBeGreaterThan(900 + 0.13 * 620);
    // The view stops at the frame's right edge: no glide past the target.
    expect(maxCx).toBeLessThanOrEqual(f.view.xPx + f.view.widthPx / 2 + 1e-6);
  });

  it('holds the view through a short tracking gap, then returns to the full frame when the shopper has left', () => {
    const f = new Framing();
    f.setGeometry(1280, 720, 1080, 1920);
    let t = run(f, 0, 3, () => standing(1280, 720, 400, 60, 620));
    const framed = { ...f.view };
    t = run(f, t, 1, () => []);
    expect(f.view).toEqual(framed);
    run(f, t, 5, () => []);
    const c = coverFit(1280, 720, 1080, 1920);
    expect(f.tracking).toBe(false);
    expect(f.view.xPx).toBeCloseTo(c.xPx, 0);
    expect(f.view.heightPx).toBeCloseTo(c.heightPx, 0);
  });

  it('turned off, always shows the cover-fitted full frame', () => {
    const f = new Framing();
    f.enabled = false;
    f.setGeometry(412, 960, 1080, 1920);
    run(f, 0, 2, () => standing(412, 960, 206, 20, 900));
    const c = coverFit(412, 960, 1080, 1920);
    expect(f.view.yPx).toBeCloseTo(c.yPx, 6);
    expect(f.view.heightPx).toBeCloseTo(c.heightPx, 6);
  });

  it('maps camera pixels to the mirrored screen and back', () => {
    const f = new Framing();
    f.setGeometry(1280, 720, 1080, 1920);
    run(f, 0, 3, () => standing(1280, 720, 400, 60, 620));
    const v = f.view;
    const s = f.toScreen(v.xPx, v.yPx, { xNorm: 0, yNorm: 0 });
    // The view's top-left in the camera picture is the screen's top-right: the mirror flips x.
    expect(s.xNorm).toBeCloseTo(1, 9);
    expect(s.yNorm).toBeCloseTo(0, 9);
    const c = f.toCamera(0.25, 0.75, { xPx: 0, yPx: 0 });
    const back = f.toScreen(c.xPx, c.yPx, { xNorm: 0, yNorm: 0 });
    expect(back.xNorm).toBeCloseTo(0.25, 9);
    expect(back.yNorm).toBeCloseTo(0.75, 9);
  });
});
