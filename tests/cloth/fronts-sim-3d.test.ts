/**
 * Issue 14 point 3 for an open jacket: the demo blazer's GLB worn by the mirror's own 3D layer (posed and placed on
 * landmark tracks as in the product, no GPU), its two front panels below the break simulated by the same Jolt cloth
 * as the skirts (src/renderer/cloth/sim-fronts-3d.ts → sim-hem.ts).
 * - At rest the fronts hang open: their inner edges at least the buttoned overlap apart, all the way down.
 * - When the torso turns (the standing pose turned ±25° about the spine, 0.6 Hz) and when the body sways (the sway
 *   track), the fronts' free edges lag the torso (the best cross-correlation's lag > 0).
 * - No free vertex ever passes into the trunk or thigh capsules.
 * - On the real mirror clip's track looped for 10,000 solver steps with tracking jumps: no NaN, no vertex farther than
 *   1.5 panel lengths from its pin, no blow-up, every jump a reset.
 */
import type * as THREE from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { JACKET_FRONT_OVERLAP_M } from '../../src/core/demo/model3d';
import { FRONT_PANEL_COLUMNS, FRONT_ROWS, Fronts3d } from '../../src/renderer/cloth/sim-fronts-3d';
import { HemCloth, type HemInput } from '../../src/renderer/cloth/sim-hem';
import { hemNormalTurn } from '../../src/renderer/cloth/sim-hem-3d';
import { loadJolt, type JoltModule } from '../../src/renderer/cloth/sim-jolt';
import { Skirt3d } from '../../src/renderer/cloth/sim-skirt-3d';
import type { Garment3dLayer } from '../../src/renderer/scene/garment3d-layer';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { loadClipTrack, type ClipFrame, type ClipTrack } from '../helpers/clip-tracks';
import { clothMeshes, wearDemo } from '../garment3d/posed-garment';
import { soakWithJumps } from './jump-soak';
import { SWAY_STOP_S } from './sway-response';

const K = FRONT_PANEL_COLUMNS;
const HEM_ROW = FRONT_ROWS - 1;
const product = (id: string) => {
  const p = PRODUCTS.find((q) => q.id === id);
  if (!p) throw new Error(`no demo product ${id}`);
  return p;
};

let J: JoltModule;
let layer: Garment3dLayer;
let fronts: Fronts3d;
beforeAll(async () => {
  J = await loadJolt();
  let scene: THREE.Group;
  ({ layer, scene } = await wearDemo(product('blazer-check')));
  const found = Fronts3d.find(clothMeshes(scene));
  if (!found) throw new Error('the blazer has no open fronts');
  fronts = found;
});
afterAll(() => layer?.dispose());

const scaleOf = (track: ClipTrack): number => {
  const cm = bodyCmPerPx(track.frames[0]!.landmarksPx, track.frames[0]!.worldM);
  if (!cm) throw new Error(`${track.name}: no body scale`);
  return cm;
};

/** Poses the layer on a frame and reads the fronts' pins, capsules and axes. */
function pose(f: ClipFrame, track: ClipTrack, cmPerPx: number): void {
  layer.update(f.landmarksPx, f.worldM, track.widthPx, track.heightPx, cmPerPx);
  if (!layer.object.visible) throw new Error(`frame ${f.index}: the garment is not drawn`);
  fronts.update(layer.object, layer.object.position, layer.scalePxPerM);
}

/** Deepest any free cloth vertex lies inside a capsule, metres (negative: clear of them all). */
function deepestInCapsules(cloth: HemCloth, capsulesM: ArrayLike<number>): number {
  let worst = -Infinity;
  for (let i = cloth.columns; i < cloth.columns * cloth.rows; i++) {
    const c = i % cloth.columns;
    if (c === 0 || c === cloth.columns - 1) continue; // the side seams are sewn on
    const px = cloth.positionsM[3 * i]!, py = cloth.positionsM[3 * i + 1]!, pz = cloth.positionsM[3 * i + 2]!;
    for (let k = 0; k < capsulesM.length / 7; k++) {
      const o = 7 * k;
      const ax = capsulesM[o]!, ay = capsulesM[o + 1]!, az = capsulesM[o + 2]!;
      const dx = capsulesM[o + 3]! - ax, dy = capsulesM[o + 4]! - ay, dz = capsulesM[o + 5]! - az;
      const t = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy + (pz - az) * dz) / (dx * dx + dy * dy + dz * dz || 1)));
      const d = Math.hypot(px - ax - t * dx, py - ay - t * dy, pz - az - t * dz);
      worst = Math.max(worst, capsulesM[o + 6]! - d);
    }
  }
  return worst;
}

/**
 * How far `follower` lags `leader` at their common frequency `hz`, ms: the difference of their phases there (each
 * signal projected on a sine and cosine of `hz` over frames [from, to), a whole number of periods or near it). A
 * frame-step cross-correlation cannot see a lag under one frame (33 ms), and a stiff front lags by less.
 */
function phaseLagMs(leader: readonly number[], follower: readonly number[], hz: number, fps: number, from: number, to: number): number {
  const phase = (xs: readonly number[]): number => {
    const m = xs.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    let s = 0;
    let c = 0;
    for (let k = from; k < to; k++) {
      const w = 2 * Math.PI * hz * (k / fps);
      s += (xs[k]! - m) * Math.sin(w);
      c += (xs[k]! - m) * Math.cos(w);
    }
    return Math.atan2(c, s);
  };
  let d = phase(leader) - phase(follower);
  d = Math.atan2(Math.sin(d), Math.cos(d));
  return (d / (2 * Math.PI * hz)) * 1000;
}

/** The middle of the two panels' inner (front) edges on `row`, metres. */
function innerEdges(cloth: HemCloth, row: number): { left: number[]; right: number[] } {
  const at = (c: number): number[] => [0, 1, 2].map((k) => cloth.positionsM[3 * (row * cloth.columns + c) + k]!);
  return { left: at(K - 1), right: at(K) };
}

describe('3D open jacket fronts (the blazer on the mirror’s 3D layer)', () => {
  it('finds the fronts below the break: two panels, their side seams held, every front vertex below the break on the grid', () => {
    const { spec } = fronts;
    expect(spec.columns).toBe(2 * K);
    expect(spec.panelColumns).toBe(K);
    const pos = fronts.mesh.geometry.getAttribute('position');
    let moving = 0;
    for (let i = 0; i < pos.count; i++) if (fronts.vertexGrid[3 * i + 2] === 1) moving++;
    const lengthM = fronts.breakYM - fronts.hemYM;
    console.log(`blazer: fronts ${(lengthM * 100).toFixed(0)} cm from the break to the hem, ${moving} of ${pos.count} vertices follow the cloth`);
    expect(lengthM).toBeGreaterThan(0.25);
    expect(moving).toBeGreaterThan(100);
    // The left panel lies on the wearer's left (+x), the right one on the right; both in front of the body's axis.
    expect(spec.restM[3 * (K - 1)]!).toBeGreaterThan(0);
    expect(spec.restM[3 * K]!).toBeLessThan(0);
    for (let c = 0; c < spec.columns; c++) expect(spec.held![HEM_ROW * spec.columns + c], `column ${c}`).toBe(c === 0 || c === spec.columns - 1 ? 1 : 0);
  });

  it('a front’s normal turns with its own panel only (the shader’s samples are clamped to the vertex’s panel)', () => {
    const { restM, columns, rows } = fronts.spec;
    const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    // The left panel swung 10 cm forward at its hem; the right panel thrown about wildly.
    const own = new Float32Array(restM.length);
    const wild = new Float32Array(restM.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const i = 3 * (r * columns + c);
        if (c < K) own[i + 2] = wild[i + 2] = (0.1 * r) / (rows - 1);
        else wild.set([0.3 * Math.sin(c * r), -0.2, 0.4 * Math.cos(c + r)], i);
      }
    }
    const n = [0, 0, 1];
    // On the left panel's front edge, half way down.
    const a = hemNormalTurn(restM, own, columns, rows, identity, K - 1, 2.5, n, [0, 0, 0], K);
    const b = hemNormalTurn(restM, wild, columns, rows, identity, K - 1, 2.5, n, [0, 0, 0], K);
    const turnedDeg = (Math.acos(Math.min(1, a[2]!)) * 180) / Math.PI;
    console.log(`left front's edge normal turned ${turnedDeg.toFixed(1)}° by its own swing; the other panel moves it ${Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!).toExponential(1)}`);
    expect(turnedDeg).toBeGreaterThan(3);
    for (let k = 0; k < 3; k++) expect(b[k]!).toBeCloseTo(a[k]!, 6);
  });

  it('the slip dress has no fronts and is still a skirt', async () => {
    const worn = await wearDemo(product('dress-slip'));
    try {
      expect(Fronts3d.find(clothMeshes(worn.scene))).toBeNull();
      expect(Skirt3d.find(clothMeshes(worn.scene))).not.toBeNull();
    } finally {
      worn.layer.dispose();
    }
  });

  it('hangs open at rest: the inner edges at least the buttoned overlap apart, and clear of the body', () => {
    const track = loadClipTrack('sway');
    const cm = scaleOf(track);
    const still = track.frames.at(-1)!;
    const cloth = new HemCloth(J, fronts.spec);
    try {
      let deepest = -Infinity;
      for (let k = 0; k < 90; k++) {
        pose(still, track, cm);
        cloth.step({ timeS: k / 30, pinsM: fronts.pinsM, capsulesM: fronts.capsulesM, axes: fronts.axes });
        deepest = Math.max(deepest, deepestInCapsules(cloth, fronts.capsulesM));
      }
      const gaps = Array.from({ length: FRONT_ROWS }, (_, r) => {
        const { left, right } = innerEdges(cloth, r);
        return Math.hypot(left[0]! - right[0]!, left[2]! - right[2]!);
      });
      console.log(`fronts at rest: inner edges ${gaps.map((g) => (g * 100).toFixed(1)).join(', ')} cm apart (break → hem; buttoned overlap ${JACKET_FRONT_OVERLAP_M * 100} cm); deepest into a capsule ${(deepest * 100).toFixed(1)} cm`);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(JACKET_FRONT_OVERLAP_M - 0.002);
      expect(deepest).toBeLessThan(0.01);
    } finally {
      cloth.dispose();
    }
  });

  it('the fronts lag the torso’s turn and come to rest after it stops, never passing into the body', () => {
    const track = loadClipTrack('sway');
    const cm = scaleOf(track);
    pose(track.frames.at(-1)!, track, cm);
    const pins0 = Float32Array.from(fronts.pinsM);
    const capsules0 = Float32Array.from(fronts.capsulesM);
    const axes0 = Float32Array.from(fronts.axes);
    // The turn's axis: the trunk's middle (the two trunk capsules' lower ends).
    const cx = (capsules0[0]! + capsules0[7]!) / 2;
    const cz = (capsules0[2]! + capsules0[9]!) / 2;
    const fps = 30;
    const turnRad = (25 * Math.PI) / 180;
    const turnS = SWAY_STOP_S;
    const endS = turnS + 2.25;
    const pins = new Float32Array(pins0.length);
    const capsules = Float32Array.from(capsules0);
    const axes = new Float32Array(9);
    const turn = (src: Float32Array, dst: Float32Array, at: number, cos: number, sin: number, about: boolean): void => {
      const x = src[at]! - (about ? cx : 0);
      const z = src[at + 2]! - (about ? cz : 0);
      dst[at] = (about ? cx : 0) + x * cos + z * sin;
      dst[at + 1] = src[at + 1]!;
      dst[at + 2] = (about ? cz : 0) - x * sin + z * cos;
    };
    const cloth = new HemCloth(J, fronts.spec);
    const torso: number[] = [];
    const edge: number[] = [];
    let deepest = -Infinity;
    let swing = 0;
    let after1s = 0;
    try {
      for (let k = 0; k * (1 / fps) <= endS; k++) {
        const t = k / fps;
        // The turn stops at a turning point (as one does) and holds there.
        const th = turnRad * Math.sin(2 * Math.PI * 0.6 * Math.min(t, turnS));
        const cos = Math.cos(th);
        const sin = Math.sin(th);
        for (let i = 0; i < pins.length; i += 3) turn(pins0, pins, i, cos, sin, true);
        for (let c = 0; c < capsules0.length / 7; c++) {
          turn(capsules0, capsules, 7 * c, cos, sin, true);
          turn(capsules0, capsules, 7 * c + 3, cos, sin, true);
        }
        for (let a = 0; a < 9; a += 3) turn(axes0, axes, a, cos, sin, false);
        const input: HemInput = { timeS: t, pinsM: pins, capsulesM: capsules, axes };
        cloth.step(input);
        deepest = Math.max(deepest, deepestInCapsules(cloth, capsules));
        // The hem's free front edges: their angle round the turn's axis.
        // The torso as the cloth has it (its pinned row, after the body's low-pass) and the hem's free front edges:
        // their angles round the turn's axis.
        const angle = (row: number): number => {
          const { left, right } = innerEdges(cloth, row);
          return (Math.atan2(left[0]! - cx, left[2]! - cz) + Math.atan2(right[0]! - cx, right[2]! - cz)) / 2;
        };
        edge.push(angle(HEM_ROW));
        torso.push(angle(0));
        let worst = 0;
        for (let i = 0; i < cloth.offsetsM.length / 3; i++) worst = Math.max(worst, Math.hypot(cloth.offsetsM[3 * i]!, cloth.offsetsM[3 * i + 1]!, cloth.offsetsM[3 * i + 2]!));
        if (t > 1 && t < turnS) swing = Math.max(swing, worst);
        if (t >= turnS + 1) after1s = Math.max(after1s, worst);
      }
    } finally {
      cloth.dispose();
    }
    const lagMs = phaseLagMs(torso, edge, 0.6, fps, fps, Math.round(turnS * fps));
    console.log(
      `turning ±25° at 0.6 Hz: the fronts' hem edges lag the torso by ${lagMs.toFixed(1)} ms; off their carried rest ${(swing * 100).toFixed(1)} cm while turning, ${(after1s * 100).toFixed(1)} cm from 1 s after the stop; deepest into a capsule ${(deepest * 100).toFixed(1)} cm`,
    );
    expect(lagMs).toBeGreaterThan(0);
    expect(swing).toBeGreaterThan(0.01);
    expect(after1s).toBeLessThan(swing / 2);
    expect(deepest).toBeLessThan(0.01);
  });

  it('the fronts lag the body swaying side to side (the recorded sway track)', () => {
    const track = loadClipTrack('sway');
    const cm = scaleOf(track);
    const cloth = new HemCloth(J, fronts.spec);
    const pinX: number[] = [];
    const edgeX: number[] = [];
    let deepest = -Infinity;
    try {
      track.frames.forEach((f, k) => {
        pose(f, track, cm);
        cloth.step({ timeS: k / track.fps, pinsM: fronts.pinsM, capsulesM: fronts.capsulesM, axes: fronts.axes });
        deepest = Math.max(deepest, deepestInCapsules(cloth, fronts.capsulesM));
        // The torso as the cloth has it (the pinned row's front edges, after the body's low-pass) and the hem's.
        const top = innerEdges(cloth, 0);
        pinX.push((top.left[0]! + top.right[0]!) / 2);
        const { left, right } = innerEdges(cloth, HEM_ROW);
        edgeX.push((left[0]! + right[0]!) / 2);
      });
    } finally {
      cloth.dispose();
    }
    const lagMs = phaseLagMs(pinX, edgeX, 0.6, track.fps, track.fps, Math.round(SWAY_STOP_S * track.fps));
    console.log(`swaying: the fronts' hem edges lag the torso by ${lagMs.toFixed(0)} ms; deepest into a capsule ${(deepest * 100).toFixed(1)} cm`);
    expect(lagMs).toBeGreaterThan(0);
    expect(deepest).toBeLessThan(0.01);
  });

  it('never goes NaN or farther than 1.5 panel lengths from its pin over 10,000 steps with tracking jumps', () => {
    const track = loadClipTrack('mirror-run');
    const cm = scaleOf(track);
    const cloth = new HemCloth(J, fronts.spec);
    const reachM = 1.5 * (fronts.breakYM - fronts.hemYM);
    soakWithJumps(
      '3D fronts',
      track,
      cloth,
      (f, timeS) => {
        pose(f, track, cm);
        return cloth.step({ timeS, pinsM: fronts.pinsM, capsulesM: fronts.capsulesM, axes: fronts.axes });
      },
      fronts.pinsM,
      reachM,
    );
  });
});
