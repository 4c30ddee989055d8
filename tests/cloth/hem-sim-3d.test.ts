/**
 * Issue 14's "Cloth" check for 3D garments: the demo slip dress's GLB worn by the mirror's own 3D layer
 * (src/renderer/scene/garment3d-layer.ts, posed and placed on a landmark track as in the product), its skirt found
 * and simulated by the same Jolt cloth as the 2D hem (src/renderer/cloth/sim-skirt-3d.ts → sim-hem.ts).
 * - On someone swaying side to side (tests/fixtures/tracks/sway.json) the hem lags the hips (the best
 *   cross-correlation's lag > 0) and settles after they stop.
 * - On the real mirror clip's track looped for 10,000 solver steps with tracking jumps injected, no NaN, no vertex
 *   farther than 1.5 skirt lengths from its pin, no blow-up, every jump a reset.
 * - Only a skirt is simulated: trousers (hems on the lower legs) and a tee (hem above the hips) have none.
 */
import type * as THREE from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { HemCloth } from '../../src/renderer/cloth/sim-hem';
import { loadJolt, type JoltModule } from '../../src/renderer/cloth/sim-jolt';
import { SKIRT_COLUMNS, SKIRT_ROWS } from '../../src/renderer/cloth/sim-skirt';
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

  it('the hem lags the hips while swaying and settles after the person stops', () => {
    const track = loadClipTrack('sway');
    const cm = scaleOf(track);
    const cloth = new HemCloth(J, skirt.spec);
    const { bestLag, hipSwingM, swingM, afterS, endS } = swayResponse(track, cloth, (f, timeS) => stepFrame(cloth, f, track, cm, timeS), skirt.pinsM);
    const stopS = SWAY_STOP_S;
    console.log(
      `3D hem lags the hips by ${bestLag} frames (${((bestLag / track.fps) * 1000).toFixed(0)} ms); hips sway ${(hipSwingM * 100).toFixed(1)} cm; hem off its carried rest ${(swingM * 100).toFixed(1)} cm while swaying, ${(afterS(stopS + 0.5) * 100).toFixed(1)} cm from 0.5 s after the stop, ${(afterS(stopS + 1) * 100).toFixed(1)} cm from 1 s, ${(afterS(endS - 0.1) * 100).toFixed(2)} cm at the end`,
    );
    // The body did sway (the layer put the skirt on the moving hips)…
    expect(hipSwingM).toBeGreaterThan(0.08);
    expect(bestLag).toBeGreaterThan(0);
    expect(swingM).toBeGreaterThan(0.02);
    // …and the hem settles as the 2D one does (hem-sim.test.ts): under a third 1 s after the stop, within 1 cm at the end.
    expect(afterS(stopS + 1)).toBeLessThan(swingM / 3);
    expect(afterS(endS - 0.1)).toBeLessThan(0.01);
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
