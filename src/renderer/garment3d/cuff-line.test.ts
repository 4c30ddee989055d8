import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { CUFF_ABOVE_WRIST_OF_FOREARM, cuffLinePx, cutPastCuff } from './cuff-line';

/** 33 landmarks at the origin but the right elbow and wrist (camera pixels). */
function landmarks(elbow: [number, number], wrist: [number, number]): Float64Array {
  const px = new Float64Array(66);
  px.set(elbow, 2 * L.rightElbow);
  px.set(wrist, 2 * L.rightWrist);
  px.set([300, 100], 2 * L.leftElbow);
  px.set([300, 180], 2 * L.leftWrist);
  return px;
}

describe('cuffLinePx', () => {
  it('runs just before the wrist, square to the forearm as the picture shows it, pointing on to the hand', () => {
    // The mirror clip's frame 120: the right elbow (50, 397), the wrist (97, 446).
    const line = cuffLinePx(landmarks([50.3, 397.5], [96.9, 446.1]), 'right', new THREE.Vector4());
    expect(line.x).toBeCloseTo(96.9 - CUFF_ABOVE_WRIST_OF_FOREARM * 46.6);
    expect(line.y).toBeCloseTo(446.1 - CUFF_ABOVE_WRIST_OF_FOREARM * 48.6);
    // Short of the wrist by about a centimetre on a forearm of ≈ 25 cm.
    expect(CUFF_ABOVE_WRIST_OF_FOREARM).toBeGreaterThanOrEqual(0.03);
    expect(CUFF_ABOVE_WRIST_OF_FOREARM).toBeLessThanOrEqual(0.06);
    expect(Math.hypot(line.z, line.w)).toBeCloseTo(1);
    expect(line.z).toBeCloseTo(46.6 / Math.hypot(46.6, 48.6), 3);
    // The elbow is behind the line, a knuckle past the wrist in front of it.
    expect((50.3 - line.x) * line.z + (397.5 - line.y) * line.w).toBeLessThan(0);
    expect((110.1 - line.x) * line.z + (438.1 - line.y) * line.w).toBeGreaterThan(0);
  });

  it('takes each arm’s own landmarks', () => {
    const line = cuffLinePx(landmarks([50, 400], [100, 450]), 'left', new THREE.Vector4());
    expect([line.x, line.y, line.z, line.w]).toEqual([300, 180 - CUFF_ABOVE_WRIST_OF_FOREARM * 80, 0, 1]);
  });

  it('cuts nothing where the forearm has no length in the picture', () => {
    const line = cuffLinePx(landmarks([97, 446], [97, 446]), 'right', new THREE.Vector4());
    expect([line.z, line.w]).toEqual([0, 0]);
  });
});

describe('cutPastCuff', () => {
  const shader = (): THREE.WebGLProgramParametersWithUniforms =>
    ({ uniforms: {}, vertexShader: '', fragmentShader: '#include <common>\nvoid main() {\n#include <clipping_planes_fragment>\n}' }) as unknown as THREE.WebGLProgramParametersWithUniforms;

  it('discards past the line and shows the cloth’s inside, after the material’s own shader changes, in a program of its own', () => {
    const material = new THREE.MeshBasicMaterial();
    const own: string[] = [];
    material.onBeforeCompile = (s) => {
      own.push('called');
      s.fragmentShader = s.fragmentShader.replace('#include <common>', '#include <common>\nvarying vec2 vFramePx;');
    };
    material.customProgramCacheKey = () => 'fabric';
    const line = new THREE.Vector4(10, 20, 0, 1);
    cutPastCuff(material, line);
    const s = shader();
    material.onBeforeCompile(s, {} as THREE.WebGLRenderer);
    expect(own).toEqual(['called']);
    expect(s.fragmentShader).toContain('varying vec2 vFramePx;');
    expect(s.fragmentShader).toContain('uniform vec4 cuffLinePx;');
    expect(s.fragmentShader).toMatch(/#include <clipping_planes_fragment>\nif \(dot\(vFramePx - cuffLinePx\.xy, cuffLinePx\.zw\) > 0\.0\) discard;/);
    expect(s.uniforms.cuffLinePx!.value).toBe(line);
    expect(material.defines).toHaveProperty('CLOTH_INSIDE_SHOWN');
    expect(material.customProgramCacheKey()).not.toBe('fabric');
  });
});
