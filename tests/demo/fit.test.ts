import { beforeAll, describe, expect, it } from 'vitest';
import { BEND_OF_SEGMENT } from '../../src/renderer/garment/limb';
import { GarmentRig, type FitReport } from '../../src/renderer/garment/rig';
import { sleeveOverTorso } from '../../src/renderer/garment/sleeve-over-torso';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { demoChart } from '../fixtures/garment-charts';
import { loadClipTrack, type ClipFrame, type ClipTrack } from '../helpers/clip-tracks';
import { DEMO_GARMENT_IDS, loadDemoGarment, type DemoGarment } from '../helpers/demo-garments';
import { rasterizeGarment } from '../helpers/rasterize-garment';

/**
 * Every demo garment, as the catalog serves it, fitted by the 2D rig to every kept frame of the real landmark tracks
 * of the shared clips (mirror_run.mp4: running in place; video.avi: the street), then drawn by a software rasteriser:
 * what the shopper would see is checked, not the rig's own numbers.
 */
const tracks: ClipTrack[] = [loadClipTrack('mirror-run'), loadClipTrack('street')];
const garments = new Map<string, DemoGarment>();

beforeAll(async () => {
  for (const id of DEMO_GARMENT_IDS) garments.set(id, await loadDemoGarment(id));
});

function fitOn(rig: GarmentRig, frame: ClipFrame): FitReport {
  const cmPerPx = bodyCmPerPx(frame.landmarksPx, frame.worldM);
  expect(cmPerPx, `frame ${frame.index}: body scale`).not.toBeNull();
  return rig.fit({ landmarksPx: frame.landmarksPx, worldM: frame.worldM, cmPerPx: cmPerPx! });
}

/** Coverage of the given parts only (all parts when omitted). */
function coverage(rig: GarmentRig, g: DemoGarment, track: ClipTrack, parts?: (name: string) => boolean): Uint8Array {
  const ranges = rig.mesh.parts.filter((p) => !parts || parts(p.name));
  const indices = new Uint32Array(ranges.reduce((s, r) => s + r.indexCount, 0));
  let o = 0;
  for (const r of ranges) {
    indices.set(rig.mesh.indices.subarray(r.firstIndex, r.firstIndex + r.indexCount), o);
    o += r.indexCount;
  }
  return rasterizeGarment({ ...rig.mesh, indices }, g.texture, track.widthPx, track.heightPx);
}

/**
 * Number of 8-connected components of covered pixels, ignoring specks under `minPx` and slivers under `minThickPx`
 * thick (area over the longer side of the bounding box): a line thinner than a pixel — a slip's 1.5 cm strap on a
 * walker 2 px a cm away, seen from the side — is sampled by pixel centres into dashes; its cloth is not a gap.
 */
function components(mask: Uint8Array, w: number, h: number, minPx = 30, minThickPx = 2): number {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen[i]) continue;
    let size = 0;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    seen[i] = 1;
    stack.push(i);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % w;
      const y = (p - x) / w;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    if (size >= minPx && size / (Math.max(x1 - x0, y1 - y0) + 1) >= minThickPx) count++;
  }
  return count;
}

/** Covered run through (x, y) along the row: [left, right] in px, or null when (x, y) is not covered. */
function rowRun(mask: Uint8Array, w: number, x: number, y: number): [number, number] | null {
  const xi = Math.round(x);
  const row = Math.round(y) * w;
  if (!mask[row + xi]) return null;
  let l = xi;
  let r = xi;
  while (l > 0 && mask[row + l - 1]) l--;
  while (r < w - 1 && mask[row + r + 1]) r++;
  return [l, r + 1];
}

/**
 * The covered run across row `y` through column `x`, edge to edge across an open front (a blazer's V between its
 * lapels leaves the centre bare): out to the cloth either side when `x` is bare.
 */
function frontRun(mask: Uint8Array, w: number, x: number, y: number): [number, number] | null {
  const through = rowRun(mask, w, x, y);
  if (through) return through;
  const row = Math.round(y) * w;
  let l = Math.round(x);
  let r = l;
  while (l > 0 && !mask[row + l]) l--;
  while (r < w - 1 && !mask[row + r]) r++;
  const left = rowRun(mask, w, l, y);
  const right = rowRun(mask, w, r, y);
  return left && right ? [left[0], right[1]] : null;
}

/**
 * A drawn top's length in px: its covered pixels between its drawn shoulder anchors (across the shoulder line),
 * from the highest to the lowest down the body (perpendicular to the shoulder line).
 */
function drawnLengthPx(mask: Uint8Array, w: number, rig: GarmentRig): number {
  const s = new Float64Array(4);
  rig.warpedAnchor('leftShoulder', s.subarray(0, 2));
  rig.warpedAnchor('rightShoulder', s.subarray(2, 4));
  const span = Math.hypot(s[0]! - s[2]!, s[1]! - s[3]!);
  const ux = (s[0]! - s[2]!) / span;
  const uy = (s[1]! - s[3]!) / span;
  // Down the body: the shoulder line's normal (the wearer's left is on the picture's right, so it points down).
  const dx = -uy;
  const dy = ux;
  const mx = (s[0]! + s[2]!) / 2;
  const my = (s[1]! + s[3]!) / 2;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = (i % w) + 0.5 - mx;
    const y = Math.floor(i / w) + 0.5 - my;
    if (Math.abs(x * ux + y * uy) > span / 2) continue;
    const down = x * dx + y * dy;
    top = Math.min(top, down);
    bottom = Math.max(bottom, down);
  }
  return bottom - top;
}

const lmPt = (f: ClipFrame, i: number): [number, number] => [f.landmarksPx[2 * i]!, f.landmarksPx[2 * i + 1]!];
const dist = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

describe('the body scale (cm per pixel) from the tracked body', () => {
  it('gives the mirror clip\'s shopper adult proportions in every frame', () => {
    for (const track of tracks) {
      for (const f of track.frames) {
        const cmPerPx = bodyCmPerPx(f.landmarksPx, f.worldM)!;
        const shoulderCm = dist(lmPt(f, L.leftShoulder), lmPt(f, L.rightShoulder)) * cmPerPx;
        const torsoCm = dist(lmPt(f, L.leftShoulder), lmPt(f, L.leftHip)) * cmPerPx;
        // Shoulder joints 28–45 cm apart, shoulder to hip 40–60 cm: a person, however near the camera.
        if (track.name === 'mirror-run') expect(shoulderCm, `${track.name} ${f.index}`).toBeGreaterThan(28);
        expect(shoulderCm, `${track.name} ${f.index}`).toBeLessThan(48);
        expect(torsoCm, `${track.name} ${f.index}`).toBeGreaterThan(38);
        expect(torsoCm, `${track.name} ${f.index}`).toBeLessThan(62);
      }
    }
  });
});

describe('every demo garment on every frame of the shared clips', () => {
  it('never folds a triangle and keeps sleeves and legs on their limbs', () => {
    const failures: string[] = [];
    for (const id of DEMO_GARMENT_IDS) {
      const g = garments.get(id)!;
      const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
      const at = new Float64Array(2);
      for (const track of tracks) {
        for (const f of track.frames) {
          const report = fitOn(rig, f);
          // Seen from the back (the street clip's walker), a front picture can only be drawn mirrored, and the
          // mirror fades it (GarmentLayer): folds there are expected; facing the camera there must be none.
          const facing = f.landmarksPx[2 * L.leftShoulder]! > f.landmarksPx[2 * L.rightShoulder]!;
          if (!facing) continue;
          if (report.foldedTriangles !== 0) failures.push(`${id} ${track.name}#${f.index}: ${report.foldedTriangles} folded`);
          for (const side of ['left', 'right'] as const) {
            const shoulder = lmPt(f, L[`${side}Shoulder`]);
            const elbow = lmPt(f, L[`${side}Elbow`]);
            const wrist = lmPt(f, L[`${side}Wrist`]);
            if (rig.warpedAnchor(`${side}Cuff`, at) && rig.warpedAnchor(`${side}Elbow`, at.subarray(0, 0))) {
              rig.warpedAnchor(`${side}Cuff`, at);
              // A long sleeve ends at the wrist (within a tenth of the forearm).
              const forearm = dist(elbow, wrist);
              if (dist(at, wrist) > 0.1 * forearm + 2) failures.push(`${id} ${track.name}#${f.index}: ${side} cuff ${dist(at, wrist).toFixed(1)} px from the wrist`);
            } else if (rig.warpedAnchor(`${side}Cuff`, at)) {
              // A short sleeve ends on the upper arm, at most a quarter of it past the elbow (on the mirror clip; the
              // street walker's arms swing towards the camera, where a 20 cm sleeve can reach past a foreshortened elbow).
              const upper = dist(shoulder, elbow);
              const along = ((at[0]! - shoulder[0]) * (elbow[0] - shoulder[0]) + (at[1]! - shoulder[1]) * (elbow[1] - shoulder[1])) / (upper * upper);
              if (track.name === 'mirror-run' && !(along > 0.1 && along < 1.1)) failures.push(`${id} ${track.name}#${f.index}: ${side} short cuff at ${along.toFixed(2)} of the upper arm`);
            }
            if (rig.warpedAnchor(`${side}Knee`, at)) {
              const knee = lmPt(f, L[`${side}Knee`]);
              // On the knee, give or take the rounded bend the strip takes there: a bend h long each side cuts the
              // corner by (h / 2) · sin(θ / 2), θ the knee's turn; h is BEND_OF_SEGMENT of the shorter segment, at
              // least the leg's half-width (LimbPath).
              const hip = lmPt(f, L[`${side}Hip`]);
              const ankleLm = lmPt(f, L[`${side}Ankle`]);
              const turn = Math.acos(Math.max(-1, Math.min(1, ((knee[0] - hip[0]) * (ankleLm[0] - knee[0]) + (knee[1] - hip[1]) * (ankleLm[1] - knee[1])) / (dist(hip, knee) * dist(knee, ankleLm)))));
              const q = g.asset.parts.find((p) => p.name === `${side}Leg`)!.quadPx;
              const halfPx = (Math.max(dist(q[0], q[3]), dist(q[1], q[2])) / 2) * report.acrossPxPerImagePx * 1.2;
              const gap = (Math.max(BEND_OF_SEGMENT * Math.min(dist(hip, knee), dist(knee, ankleLm)), halfPx) / 2) * Math.sin(turn / 2);
              if (dist(at, knee) > gap + 1) failures.push(`${id} ${track.name}#${f.index}: ${side} knee ${dist(at, knee).toFixed(1)} px off`);
              rig.warpedAnchor(`${side}Ankle`, at);
              const ankle = lmPt(f, L[`${side}Ankle`]);
              const leg = dist(lmPt(f, L[`${side}Hip`]), knee) + dist(knee, ankle);
              if (dist(at, ankle) > 0.08 * leg) failures.push(`${id} ${track.name}#${f.index}: ${side} hem ${dist(at, ankle).toFixed(1)} px from the ankle`);
            }
          }
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('draws one piece of cloth (no gaps between torso, sleeves and legs), legs centred on the knees', () => {
    const failures: string[] = [];
    for (const id of DEMO_GARMENT_IDS) {
      const g = garments.get(id)!;
      const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
      for (const track of tracks) {
        // Every 4th kept frame: rasterising is the slow part.
        for (const f of track.frames.filter((_, i) => i % 4 === 0)) {
          fitOn(rig, f);
          const mask = coverage(rig, g, track);
          const n = components(mask, track.widthPx, track.heightPx);
          if (n !== 1) failures.push(`${id} ${track.name}#${f.index}: ${n} separate pieces`);
          // A dress or skirt long enough to reach the knees spreads over both legs, however far apart the running
          // legs are: each knee's x is under the skirt at the knee's height or, for a knee raised past it, the hem's.
          if ((g.asset.category === 'dress' || g.asset.category === 'skirt') && track.name === 'mirror-run' && (demoChart(g.productId).M!.length ?? 0) >= 60) {
            const hem = new Float64Array(4);
            rig.warpedAnchor('leftHem', hem.subarray(0, 2));
            rig.warpedAnchor('rightHem', hem.subarray(2, 4));
            const hemY = Math.min(hem[1]!, hem[3]!) - 4;
            for (const knee of [L.leftKnee, L.rightKnee]) {
              const [x, y] = lmPt(f, knee);
              if (!mask[Math.round(Math.min(y, hemY)) * track.widthPx + Math.round(x)]) failures.push(`${id} ${track.name}#${f.index}: knee ${knee} not under the skirt`);
            }
          }
          // Leg centring on the mirror clip (the street walker's legs are a few pixels wide and seen from the back).
          if (g.asset.category !== 'trousers' || track.name !== 'mirror-run') continue;
          const legs = coverage(rig, g, track, (name) => name.endsWith('Leg'));
          for (const side of ['left', 'right'] as const) {
            const knee = lmPt(f, L[`${side}Knee`]);
            const run = rowRun(legs, track.widthPx, knee[0], knee[1]);
            if (!run) {
              failures.push(`${id} ${track.name}#${f.index}: ${side} knee not covered`);
              continue;
            }
            const off = Math.abs((run[0] + run[1]) / 2 - knee[0]) / (run[1] - run[0]);
            // The knee within the middle of its trouser leg (a bent knee shifts the row's run a little).
            if (off > 0.2) failures.push(`${id} ${track.name}#${f.index}: ${side} leg off-centre by ${(off * 100).toFixed(0)} % of its width`);
          }
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // Rasterising 13 garments over ~50 frames takes ~25 s on a shared 2-core machine.
  }, 120_000);
});

describe('tops on the shopper\'s shoulders and arms (mirror clip, every 4th kept frame)', () => {
  const TOPS = DEMO_GARMENT_IDS.filter((id) => !/^(chino|jeans|skirt)-/.test(id));
  const mirror = (): ClipTrack => tracks[0]!;

  it('sit on the shoulders: as wide as the shoulder joints at least, cloth above the shoulder landmarks, the high point of the shoulder where a neck meets the shoulders', () => {
    const failures: string[] = [];
    const track = mirror();
    for (const id of TOPS) {
      const g = garments.get(id)!;
      const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
      for (const f of track.frames.filter((_, i) => i % 4 === 0)) {
        const report = fitOn(rig, f);
        const torso = coverage(rig, g, track, (name) => name === 'torso');
        const s = new Float64Array(4);
        rig.warpedAnchor('leftShoulder', s.subarray(0, 2));
        rig.warpedAnchor('rightShoulder', s.subarray(2, 4));
        const joints = dist(lmPt(f, L.leftShoulder), lmPt(f, L.rightShoulder));
        if (dist(s.subarray(0, 2), s.subarray(2, 4)) < joints - 1) failures.push(`${id}#${f.index}: shoulders ${dist(s.subarray(0, 2), s.subarray(2, 4)).toFixed(0)} px apart, the shopper's joints ${joints.toFixed(0)} px`);
        // Over each shoulder joint the cloth reaches above it: the shoulder's top (acromion and deltoid) lies ~4–6 cm
        // above the joint's centre, so at least 3 cm of cloth there (a sleeveless dress's strap sits further in).
        if (g.asset.anchorsPx.leftCuff) {
          for (const joint of [L.leftShoulder, L.rightShoulder]) {
            const [x, y] = lmPt(f, joint);
            let topY = Infinity;
            for (let yy = 0; yy < track.heightPx && topY === Infinity; yy++) if (torso[yy * track.widthPx + Math.round(x)]) topY = yy;
            const aboveCm = (y - topY) * report.cmPerPx;
            if (!(aboveCm >= 3)) failures.push(`${id}#${f.index}: cloth ${aboveCm.toFixed(1)} cm above shoulder joint ${joint}`);
          }
        }
        // The garment's top (its high point of the shoulder, or a collar a little higher) 5–13 cm above the shoulder
        // line: the base of the neck is ~0.05 of stature (≈ 8–9 cm) above the shoulder joints.
        const lineY = (lmPt(f, L.leftShoulder)[1] + lmPt(f, L.rightShoulder)[1]) / 2;
        let garmentTopY = Infinity;
        for (let i = 0; i < torso.length; i++) {
          if (torso[i]) {
            garmentTopY = Math.floor(i / track.widthPx);
            break;
          }
        }
        const topCm = (lineY - garmentTopY) * report.cmPerPx;
        if (!(topCm > 5 && topCm < 13)) failures.push(`${id}#${f.index}: garment top ${topCm.toFixed(1)} cm above the shoulder line`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('draw a sleeve of an arm in front of the body, or hanging along it, as one tube over the torso, shoulder to elbow to cuff', () => {
    const failures: string[] = [];
    const track = mirror();
    let inFront = 0;
    for (const id of TOPS.filter((t) => garments.get(t)!.asset.anchorsPx.leftCuff)) {
      const g = garments.get(id)!;
      const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
      for (const f of track.frames.filter((_, i) => i % 4 === 0)) {
        fitOn(rig, f);
        for (const side of ['left', 'right'] as const) {
          const front = sleeveOverTorso(side, f.landmarksPx, f.worldM);
          const over = coverage(rig, g, track, (name) => name.startsWith(`${side}Sleeve:`));
          const under = coverage(rig, g, track, (name) => name === `${side}Sleeve`);
          const overPx = over.reduce((a, b) => a + b, 0);
          const underPx = under.reduce((a, b) => a + b, 0);
          if (front) {
            inFront++;
            // All of it over the torso, in one piece, from the shoulder down the upper arm.
            if (underPx > 0) failures.push(`${id}#${f.index} ${side}: ${underPx} px of the sleeve still under the torso`);
            if (components(over, track.widthPx, track.heightPx) !== 1) failures.push(`${id}#${f.index} ${side}: the sleeve over the torso is in pieces`);
            const [sx, sy] = lmPt(f, L[`${side}Shoulder`]);
            const [ex, ey] = lmPt(f, L[`${side}Elbow`]);
            // Half-way down the upper arm under a long sleeve; a fifth of the way under a short one.
            const k = g.asset.anchorsPx[`${side}Elbow`] ? 0.5 : 0.2;
            const at = Math.round(sy + k * (ey - sy)) * track.widthPx + Math.round(sx + k * (ex - sx));
            if (!over[at]) failures.push(`${id}#${f.index} ${side}: upper arm not under the sleeve`);
          } else if (g.asset.anchorsPx[`${side}Elbow`] && overPx > 0 && underPx === 0) {
            failures.push(`${id}#${f.index} ${side}: an arm held out or back lost the sleeve's upper part`);
          }
        }
      }
    }
    // The clip's runner brings a fist in front of the chest in many frames.
    expect(inFront).toBeGreaterThan(10);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000);
});

describe('true size', () => {
  const frameOf = (): { track: ClipTrack; f: ClipFrame } => {
    const track = tracks[0]!;
    return { track, f: track.frames[15]! };
  };

  it.each(['tee-everyday-wht', 'shirt-oxford-blu', 'blazer-check-gry', 'dress-floral-rse'])('%s: rendered chest XL ÷ S is the chart\'s ratio within 3 percent', (id) => {
    const g = garments.get(id)!;
    const chart = demoChart(g.productId);
    const { track, f } = frameOf();
    const widths: number[] = [];
    for (const size of ['S', 'XL']) {
      const rig = new GarmentRig(g.asset, { measurements: chart[size]!, silhouette: g.silhouette });
      fitOn(rig, f);
      const torso = coverage(rig, g, track, (name) => name === 'torso');
      // The chest: half-way between the drawn shoulders and the drawn waist, on the garment's centre line.
      const p = new Float64Array(8);
      rig.warpedAnchor('leftShoulder', p.subarray(0, 2));
      rig.warpedAnchor('rightShoulder', p.subarray(2, 4));
      rig.warpedAnchor('leftWaist', p.subarray(4, 6));
      rig.warpedAnchor('rightWaist', p.subarray(6, 8));
      const run = frontRun(torso, track.widthPx, (p[0]! + p[2]! + p[4]! + p[6]!) / 4, (p[1]! + p[3]! + p[5]! + p[7]!) / 4);
      expect(run, `${size}: chest not covered`).not.toBeNull();
      widths.push(run![1] - run![0]);
    }
    const rendered = widths[1]! / widths[0]!;
    const charted = chart.XL!.chest! / chart.S!.chest!;
    expect(Math.abs(rendered / charted - 1), `rendered ${rendered.toFixed(3)}, chart ${charted.toFixed(3)}`).toBeLessThan(0.03);
    expect(widths[0]).toBeLessThan(widths[1]!);
  });

  it.each(['tee-everyday-wht', 'shirt-oxford-blu', 'jacket-denim-ind', 'dress-floral-rse', 'dress-slip-emr', 'skirt-aline-nvy', 'skirt-pleated-red'])(
    '%s: rendered length in cm is the chart\'s (less what the front hides over the shoulder) within 5 percent, and S is shorter than XL',
    (id) => {
      const g = garments.get(id)!;
      const chart = demoChart(g.productId);
      const { track, f } = frameOf();
      const lengths: number[] = [];
      for (const size of ['S', 'M', 'XL']) {
        const rig = new GarmentRig(g.asset, { measurements: chart[size]!, silhouette: g.silhouette });
        const report = fitOn(rig, f);
        let lengthPx: number;
        if (g.asset.category === 'skirt') {
          // A skirt's chart length runs from the waistband (its waist anchors) to the hem.
          const p = new Float64Array(8);
          rig.warpedAnchor('leftWaist', p.subarray(0, 2));
          rig.warpedAnchor('rightWaist', p.subarray(2, 4));
          rig.warpedAnchor('leftHem', p.subarray(4, 6));
          rig.warpedAnchor('rightHem', p.subarray(6, 8));
          lengthPx = dist([(p[0]! + p[2]!) / 2, (p[1]! + p[3]!) / 2], [(p[4]! + p[6]!) / 2, (p[5]! + p[7]!) / 2]);
        } else {
          // A top's from the high point of the shoulder to the hem's lowest point: the drawn torso's extent down the
          // body, between the drawn shoulders (the sleeves are not the torso), read off the rendered pixels.
          lengthPx = drawnLengthPx(coverage(rig, g, track, (name) => name === 'torso'), track.widthPx, rig);
        }
        const lengthCm = lengthPx * report.cmPerPx;
        // Seen from the front, a top shows its length less the part of its front that curves over the shoulder to
        // the chest (FRONT_DROP_OF_ARMHOLE): a few cm, never more than a tenth of it.
        const seenCm = chart[size]!.length! - report.overShoulderCm;
        expect(report.overShoulderCm, size).toBeLessThan(0.1 * chart[size]!.length!);
        if (g.asset.category !== 'skirt') expect(report.overShoulderCm, size).toBeGreaterThan(2);
        expect(Math.abs(lengthCm / seenCm - 1), `${size}: ${lengthCm.toFixed(1)} cm drawn, chart ${chart[size]!.length} cm less ${report.overShoulderCm.toFixed(1)} over the shoulder`).toBeLessThan(0.05);
        lengths.push(lengthCm);
      }
      expect(lengths[0]).toBeLessThan(lengths[2]!);
    },
  );

  it('trouser hems are the leg opening wide at the body scale, and no leg is wider than its flat opening', () => {
    for (const id of ['jeans-straight-mid', 'chino-slim-khk']) {
      const g = garments.get(id)!;
      const m = demoChart(g.productId).M!;
      const { track, f } = frameOf();
      const rig = new GarmentRig(g.asset, { measurements: m, silhouette: g.silhouette });
      const report = fitOn(rig, f);
      const legs = coverage(rig, g, track, (name) => name.endsWith('Leg'));
      const at = new Float64Array(2);
      rig.warpedAnchor('leftAnkle', at);
      const knee = lmPt(f, L.leftKnee);
      // Just above the hem, along the shin.
      const x = at[0]! + 0.06 * (knee[0] - at[0]!);
      const y = at[1]! + 0.06 * (knee[1] - at[1]!);
      const run = rowRun(legs, track.widthPx, x, y)!;
      const hemCm = (run[1] - run[0]) * report.cmPerPx;
      expect(Math.abs(hemCm / (m.legOpening! / Math.PI) - 1), `${id}: hem ${hemCm.toFixed(1)} cm wide`).toBeLessThan(0.12);
      const kneeRun = rowRun(legs, track.widthPx, knee[0], knee[1])!;
      expect((kneeRun[1] - kneeRun[0]) * report.cmPerPx, `${id}: knee width`).toBeLessThan(m.legOpening! / 2 * 1.15);
    }
  });

  it('without a chart the garment is a regular fit for the shopper: wider than their shoulders\' joints, narrower than twice', () => {
    const g = garments.get('tee-everyday-wht')!;
    const { f } = frameOf();
    const rig = new GarmentRig(g.asset, { measurements: null, silhouette: g.silhouette });
    const report = fitOn(rig, f);
    const chestPx = g.silhouette.chestWidthPx! * report.acrossPxPerImagePx;
    const jointsPx = dist(lmPt(f, L.leftShoulder), lmPt(f, L.rightShoulder));
    expect(chestPx).toBeGreaterThan(0.8 * jointsPx);
    expect(chestPx).toBeLessThan(1.5 * jointsPx);
    // As long as its anchors say: the tee's waist on the shopper's waist, so its hem about at their hips (up to 8 % of
    // the torso above them: seen from the front, the part of the length that curves over the shoulder is hidden).
    const hem = new Float64Array(4);
    rig.warpedAnchor('leftHem', hem.subarray(0, 2));
    rig.warpedAnchor('rightHem', hem.subarray(2, 4));
    const hipY = (lmPt(f, L.leftHip)[1] + lmPt(f, L.rightHip)[1]) / 2;
    const torsoPx = hipY - (lmPt(f, L.leftShoulder)[1] + lmPt(f, L.rightShoulder)[1]) / 2;
    const hemY = (hem[1]! + hem[3]!) / 2;
    expect(hemY).toBeGreaterThan(hipY - 0.08 * torsoPx);
    expect(hemY).toBeLessThan(hipY + 0.3 * torsoPx);
  });
});
