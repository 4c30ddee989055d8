import * as THREE from 'three';
import type { HemBand } from './own-hem-cover-layer';
import { overlayMesh } from './overlay-mesh';

const GLSL_TYPE = ['', 'float', 'vec2', 'vec3', 'vec4'];

/** The varying a band's extra attribute reaches the fragment shader as: `bandAlong` → `vBandAlong`. */
export function bandVarying(attribute: string): string {
  return `v${attribute[0]!.toUpperCase()}${attribute.slice(1)}`;
}

/** The vertex shader: camera px in, each band attribute passed on unchanged. */
function bandVertexShader(extras: Readonly<Record<string, number>>): string {
  const names = Object.entries(extras);
  return /* glsl */ `
  attribute vec4 band;
  ${names.map(([n, size]) => `attribute ${GLSL_TYPE[size]} ${n};\n  varying ${GLSL_TYPE[size]} ${bandVarying(n)};`).join('\n  ')}
  varying vec2 vFramePx;
  varying vec4 vBand;
  void main() {
    vFramePx = position.xy;
    vBand = band;
    ${names.map(([n]) => `${bandVarying(n)} = ${n};`).join('\n    ')}
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;
}

/**
 * The mesh of a cover of the shopper's own clothes (their shorts, their top): one quad per side of the body over that
 * side's band, camera px, each vertex carrying its band's origin and axis (`band`, vec4) and the cover's own
 * per-band values (`extras`: attribute name → size), the same at its four corners. Shows only on frames whose update
 * drew a band, and only while enabled. Owns its geometry and material.
 */
export class BandOverlay {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  private readonly positions: THREE.BufferAttribute;
  private readonly bands: THREE.BufferAttribute;
  private readonly extras: ReadonlyArray<readonly [string, THREE.BufferAttribute]>;
  private on = true;
  /** Whether this frame's update drew bands (kept while the layer is switched off). */
  private drawing = false;

  /**
   * @param shader its uniforms must hold `frameSizePx` (vec2, the camera picture's size in px); its fragment shader
   *   reads `vFramePx` (the fragment's camera px), `vBand` and each extra attribute as {@link bandVarying} of its name.
   */
  constructor(shader: { uniforms: Record<string, THREE.IUniform>; fragmentShader: string }, renderOrder: number, extras: Readonly<Record<string, number>>, pass: 'transparent' | 'opaque' = 'transparent') {
    const geometry = new THREE.BufferGeometry();
    this.positions = new THREE.BufferAttribute(new Float32Array(8 * 3), 3).setUsage(THREE.DynamicDrawUsage);
    this.bands = new THREE.BufferAttribute(new Float32Array(8 * 4), 4).setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.positions);
    geometry.setAttribute('band', this.bands);
    this.extras = Object.entries(extras).map(([name, size]) => {
      const attribute = new THREE.BufferAttribute(new Float32Array(8 * size), size).setUsage(THREE.DynamicDrawUsage);
      geometry.setAttribute(name, attribute);
      return [name, attribute] as const;
    });
    // The first side's quad, then the second's: in one draw, the second blends over the first.
    geometry.setIndex([0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7]);
    this.object = overlayMesh(geometry, { ...shader, vertexShader: bandVertexShader(extras) }, renderOrder, pass);
  }

  /** Off for `atelier tryon`'s coverage pass (the garment's alone): hides the layer at once, and on shows it again. */
  set enabled(on: boolean) {
    this.on = on;
    this.object.visible = on && this.drawing;
  }

  /** A new frame: nothing drawn until {@link show}. */
  begin(): void {
    this.drawing = false;
    this.object.visible = false;
  }

  /**
   * Side `k`'s quad over `band`, with its extra values (by attribute name, each its attribute's size); null: nothing
   * drawn there (a degenerate quad at the origin). Allocation-free.
   */
  setBand(k: 0 | 1, band: HemBand | null, extras: Readonly<Record<string, ArrayLike<number>>>): void {
    const p = this.positions.array as Float32Array;
    const b = this.bands.array as Float32Array;
    for (let c = 0; c < 4; c++) {
      const i = 4 * k + c;
      p[3 * i] = band ? band.cornersPx[2 * c]! : 0;
      p[3 * i + 1] = band ? band.cornersPx[2 * c + 1]! : 0;
      p[3 * i + 2] = 5;
      if (!band) continue;
      b[4 * i] = band.originPx[0]!;
      b[4 * i + 1] = band.originPx[1]!;
      b[4 * i + 2] = band.axis[0]!;
      b[4 * i + 3] = band.axis[1]!;
      for (const [name, attribute] of this.extras) {
        const values = extras[name]!;
        const a = attribute.array as Float32Array;
        for (let j = 0; j < attribute.itemSize; j++) a[attribute.itemSize * i + j] = values[j]!;
      }
    }
  }

  /** Shows this frame's bands over a camera picture of this size (when enabled). */
  show(frameWidthPx: number, frameHeightPx: number): void {
    (this.object.material.uniforms.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    this.positions.needsUpdate = true;
    this.bands.needsUpdate = true;
    for (const [, attribute] of this.extras) attribute.needsUpdate = true;
    this.drawing = true;
    this.object.visible = this.on;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }
}
