/**
 * Issue 14's "Cloth" check for 3D garments: the demo slip dress's GLB worn by the mirror's own 3D layer
 * (src/renderer/scene/garment3d-layer.ts, posed and placed on a landmark track as in the product), its skirt found
 * and simulated by the same Jolt cloth as the 2D hem (src/renderer/cloth/sim-skirt-3d.ts → sim-hem.ts).
 * - On someone swaying side to side (tests/fixtures/tracks/sway.json) the hem lags the hips (the best
 *   cross-correlation's lag > 0) and settles after they stop.
 * - On the real mirror clip's track looped for 10,000 solver steps with tracking jumps injected, no NaN, no vertex
 *   farther than 1.5 skirt lengths from its pin, no blow-up, every jump a reset.
 * - Only a skirt is simulated: trousers (hems on the lower legs) and a tee (hem above the hips) have none.
 * - The skirt is a tube round both legs, not a panel before them: at rest every ring of it from the hips down
 *   encloses both legs' capsules (thighs above the knees, shins below), and worn on the mirror clip the simulated hem
 *   still goes round both knees.
 */
import * as THREE from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { HemCloth } from '../../src/renderer/cloth/sim-hem';
import { loadJolt, type JoltModule } from '../../src/renderer/cloth/sim-jolt';
import { SHANK_RADIUS_M, SKIRT_COLUMNS, SKIRT_ROWS, THIGH_RADIUS_M } from '../../src/renderer/cloth/sim-skirt';
import { Skirt3d } from '../../src/renderer/cloth/sim-skirt-3d';
import type { Garment3dLayer } from '../../src/renderer/scene/garment3d-layer';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { loadClipTrack, type ClipFrame, type ClipTrack } from '../helpers/clip-tracks';
import { clothMeshes, wearDemo } from '../garment3d/posed-garment';
import { soakWithJumps } from './jump-soak';
import { SWAY_STOP_S, swayResponse } from './sway-response';

const HEM_ROW = SKIRT_ROWS - 1;
const product = (id: string) => {
  const p = PRODUCTS.find((q) => q.id === id);
  if (!p) throw new Error(`no demo product ${id}`);
  return p;
};

let J: JoltModule;
let layer: Garment3dLayer;
let scene: THREE.Group;
let skirt: Skirt3d;
beforeAll(async () => {
  J = await loadJolt();
  ({ layer, scene } = await wearDemo(product('dress-slip')));
  const found = Skirt3d.find(clothMeshes(scene));
  if (!found) throw new Error('the slip dress has no skirt');
  skirt = found;
});
afterAll(() => layer?.dispose());

/** The body's scale of a track, cm per pixel: its first frame's (the mirror smooths it; a constant is the limit). */
const scaleOf = (track: ClipTrack): number => {
  const cm = bodyCmPerPx(track.frames[0]!.landmarksPx, track.frames[0]!.worldM);
  if (!cm) throw new Error(`${track.name}: no body scale`);
  return cm;
};

/** Poses the layer on a frame and steps the cloth to `timeS`. */
function stepFrame(cloth: HemCloth, f: ClipFrame, track: ClipTrack, cmPerPx: number, timeS: number): ReturnType<HemCloth['step']> {
  layer.update(f.landmarksPx, f.worldM, track.widthPx, track.heightPx, cmPerPx);
  if (!layer.object.visible) throw new Error(`frame ${f.index}: the garment is not drawn`);
  skirt.update(layer.object, layer.object.position, layer.scalePxPerM);
  return cloth.step({ timeS, pinsM: skirt.pinsM, capsulesM: skirt.capsulesM, axes: skirt.axes });
}

describe('3D skirt cloth (the slip dress on the mirror’s 3D layer)', () => {
  it('finds the skirt: a tube from the hips to the hem, every vertex below the hips on the grid', () => {
    const { restM } = skirt.spec;
    const lengthM = restM[3 * HEM_ROW * SKIRT_COLUMNS + 1]! - restM[1]!;
    const mesh = skirt.mesh;
    const pos = mesh.geometry.getAttribute('position');
    let moving = 0;
    let hemRows = 0;
    for (let i = 0; i < pos.count; i++) {
      if (skirt.vertexGrid[3 * i + 2] !== 1) continue;
      moving++;
      if (skirt.vertexGrid[3 * i + 1]! > HEM_ROW - 1e-3) hemRows++;
    }
    console.log(`slip dress: skirt ${(-lengthM * 100).toFixed(0)} cm below the hips, ${moving} of ${pos.count} vertices follow the cloth (${hemRows} on the hem)`);
    expect(-lengthM).toBeGreaterThan(0.4);
    expect(moving).toBeGreaterThan(pos.count / 4);
    expect(hemRows).toBeGreaterThan(8);
  });

  it('is a tube round both legs at rest: every ring from the hips to the hem encloses both legs’ capsules', () => {
    const { restM } = skirt.spec;
    const { bones, boneInverses } = skirt.mesh.skeleton;
    const joint = (name: string): THREE.Vector3 => {
      const i = bones.findIndex((b) => b.name === name);
      if (i < 0) throw new Error(`no bone ${name}`);
      return new THREE.Vector3().setFromMatrixPosition(boneInverses[i]!.clone().invert());
    };
    let worst = Infinity;
    for (const side of ['left', 'right'] as const) {
      const hip = joint(`${side}UpperLeg`);
      const knee = joint(`${side}LowerLeg`);
      const ankle = joint(`${side}Foot`);
      for (let r = 0; r < SKIRT_ROWS; r++) {
        const y = restM[3 * r * SKIRT_COLUMNS + 1]!;
        // From the crotch down (a thigh's radius under the hip joint): above it the capsule's top stands in for the
        // pelvis, whose girth the skirt's hip is cut to, not for a leg.
        if (y > hip.y - THIGH_RADIUS_M) continue;
        // The leg's axis at this height: on the thigh above the knee, on the shin below it.
        const [a, b, radiusM] = y >= knee.y ? [hip, knee, THIGH_RADIUS_M] : [knee, ankle, SHANK_RADIUS_M];
        const t = (y - a.y) / (b.y - a.y);
        const centre: [number, number] = [a.x + t * (b.x - a.x), a.z + t * (b.z - a.z)];
        const ring = Array.from({ length: SKIRT_COLUMNS }, (_, c): [number, number] => [restM[3 * (r * SKIRT_COLUMNS + c)]!, restM[3 * (r * SKIRT_COLUMNS + c) + 2]!]);
        const clearanceM = insideClearance(ring, centre);
        worst = Math.min(worst, clearanceM - radiusM);
        // Round the thighs a close skirt rests on them (the capsule's 8 cm is a mean thigh, 50 cm round; under a fitted
        // hip the flesh gives): within 1 cm of the capsule. Round the shins it hangs clear.
        const needM = y >= knee.y ? radiusM - 0.01 : radiusM;
        expect(clearanceM, `${side} leg in ring ${r} (y ${y.toFixed(2)} m): ${(clearanceM * 100).toFixed(1)} cm from its axis to the cloth, the leg ${(radiusM * 100).toFixed(1)} cm`).toBeGreaterThanOrEqual(needM);
      }
    }
    console.log(`slip skirt at rest: the tightest ring clears a leg's capsule by (negative: rests on it) ${(worst * 100).toFixed(1)} cm`);
  });

  it('worn on the mirror clip, the simulated hem goes round both knees in every frame', async () => {
    const track = loadClipTrack('mirror-run');
    const cm = scaleOf(track);
    // Its own layer: the shared one's pose filters would carry this clip into the sway check.
    const worn = await wearDemo(product('dress-slip'));
    const own = Skirt3d.find(clothMeshes(worn.scene))!;
    const cloth = new HemCloth(J, own.spec);
    let frames = 0;
    let worst = Infinity;
    try {
      track.frames.forEach((f, i) => {
        worn.layer.update(f.landmarksPx, f.worldM, track.widthPx, track.heightPx, cm);
        own.update(worn.layer.object, worn.layer.object.position, worn.layer.scalePxPerM);
        cloth.step({ timeS: i / track.fps, pinsM: own.pinsM, capsulesM: own.capsulesM, axes: own.axes });
        const hem = Array.from({ length: SKIRT_COLUMNS }, (_, c): [number, number] => [cloth.positionsM[3 * (HEM_ROW * SKIRT_COLUMNS + c)]!, cloth.positionsM[3 * (HEM_ROW * SKIRT_COLUMNS + c) + 2]!]);
        // Each thigh capsule's lower end (the knee), seen from above: inside the hem's ring.
        for (const k of [0, 2]) {
          const knee: [number, number] = [own.capsulesM[7 * k + 3]!, own.capsulesM[7 * k + 5]!];
          const clearanceM = insideClearance(hem, knee);
          worst = Math.min(worst, clearanceM);
          expect(clearanceM, `frame ${f.index}: ${k === 0 ? 'left' : 'right'} knee outside the hem`).toBeGreaterThan(0);
        }
        frames++;
      });
    } finally {
      cloth.dispose();
      worn.layer.dispose();
    }
    console.log(`slip skirt on ${frames} frames of the mirror clip: the hem clears the knees by ${(worst * 100).toFixed(1)} cm at the least`);
    expect(frames).toBeGreaterThan(30);
  });

  it('trousers and a tee have no skirt', async () => {
    for (const id of ['chino-slim', 'tee-everyday']) {
      const worn = await wearDemo(product(id));
      try {
        expect(Skirt3d.find(clothMeshes(worn.scene)), id).toBeNull();
      } finally {
        worn.layer.dispose();
      }
    }
  });

  it.each(['sway', 'sway-stop'] as const)('the hem lags the hips while swaying and settles after the person stops (%s track)', (name) => {
    const track = loadClipTrack(name);
    const cm = scaleOf(track);
    const cloth = new HemCloth(J, skirt.spec);
    const { bestLag, hipSwingM, swingM, afterS, endS } = swayResponse(track, cloth, (f, timeS) => stepFrame(cloth, f, track, cm, timeS), skirt.pinsM);
    const stopS = SWAY_STOP_S;
    console.log(
      `${name}: 3D hem lags the hips by ${bestLag} frames (${((bestLag / track.fps) * 1000).toFixed(0)} ms); hips sway ${(hipSwingM * 100).toFixed(1)} cm; hem off its carried rest ${(swingM * 100).toFixed(1)} cm while swaying, ${(afterS(stopS + 0.5) * 100).toFixed(1)} cm from 0.5 s after the stop, ${(afterS(stopS + 1) * 100).toFixed(1)} cm from 1 s (${(afterS(stopS + 1) / swingM).toFixed(2)}), ${(afterS(endS - 0.1) * 100).toFixed(2)} cm at the end`,
    );
    // The body did sway (the layer put the skirt on the moving hips)…
    expect(hipSwingM).toBeGreaterThan(0.08);
    expect(bestLag).toBeGreaterThan(0);
    expect(swingM).toBeGreaterThan(0.02);
    // …and the hem settles within 1 s, as the issue asks (under a tenth of its swing): today's slip rests on the
    // thighs, which carry it, so it swings 3.0 cm and is 0.2 cm off 1 s after the stop (0.06; 0.07 on sway-stop.json;
    // docs/cloth.md, "The air as plates"). The 2D A-line, standing off the legs, does not (hem-sim.test.ts).
    expect(afterS(stopS + 1)).toBeLessThan(swingM / 10);
    expect(afterS(endS - 0.1)).toBeLessThan(0.0075);
  });

  it('never goes NaN or farther than 1.5 skirt lengths from its pin over 10,000 steps with tracking jumps', () => {
    const track = loadClipTrack('mirror-run');
    const cm = scaleOf(track);
    const cloth = new HemCloth(J, skirt.spec);
    const { restM } = skirt.spec;
    const reachM = 1.5 * (restM[1]! - restM[3 * HEM_ROW * SKIRT_COLUMNS + 1]!);
    soakWithJumps('3D', track, cloth, (f, timeS) => stepFrame(cloth, f, track, cm, timeS), skirt.pinsM, reachM);
  });
});

/**
 * The distance from `p` to the nearest edge of the closed polygon `ring` (x, z), positive when `p` is inside it,
 * negative outside (even–odd rule).
 */
function insideClearance(ring: ReadonlyArray<readonly [number, number]>, p: readonly [number, number]): number {
  let inside = false;
  let nearest = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, az] = ring[j]!;
    const [bx, bz] = ring[i]!;
    if (az > p[1] !== bz > p[1] && p[0] < ax + ((p[1] - az) * (bx - ax)) / (bz - az)) inside = !inside;
    const ex = bx - ax;
    const ez = bz - az;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * ex + (p[1] - az) * ez) / (ex * ex + ez * ez)));
    nearest = Math.min(nearest, Math.hypot(p[0] - ax - t * ex, p[1] - az - t * ez));
  }
  return inside ? nearest : -nearest;
}
