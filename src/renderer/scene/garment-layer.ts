import * as THREE from 'three';
import type { GarmentAsset } from '../../shared/garment';
import { PoseLandmark } from '../../shared/pose';
import { GarmentRig, type BodyInput, type FitReport, type RigOptions } from '../garment/rig';

/**
 * How strongly the store's light on the shopper shades the garment: 0 = pasted on, 1 = the garment takes the
 * full local luminance of the picture under it. The picture under a garment is the shopper's own clothes, so a
 * partial, blurred transfer carries the light and the big folds without printing their clothes' pattern.
 */
const SHADING_STRENGTH = 0.55;
/** Radius of the blur over the video luminance, in camera pixels. */
const SHADING_BLUR_PX = 10;
const LEFT_SHOULDER = PoseLandmark.leftShoulder;
const RIGHT_SHOULDER = PoseLandmark.rightShoulder;

const vertexShader = /* glsl */ `
  varying vec2 vUv;
  varying vec2 vFramePx;
  void main() {
    // The rig's uvs assume a texture flipped on upload; an ImageBitmap is never flipped, so flip here.
    vUv = vec2(uv.x, 1.0 - uv.y);
    vFramePx = position.xy;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

// The garment colour times the video's local (blurred) luminance relative to the frame's mid-grey, so the
// garment darkens where the shopper is in shadow and brightens under a spotlight.
const fragmentShader = /* glsl */ `
  uniform sampler2D garmentMap;
  uniform sampler2D videoMap;
  uniform vec2 frameSizePx;
  uniform float strength;
  uniform float blurPx;
  uniform float opacity;
  varying vec2 vUv;
  varying vec2 vFramePx;
  float luma(vec2 px) {
    vec2 uv = vec2(px.x / frameSizePx.x, 1.0 - px.y / frameSizePx.y);
    return dot(texture2D(videoMap, uv).rgb, vec3(0.2126, 0.7152, 0.0722));
  }
  void main() {
    vec4 g = texture2D(garmentMap, vUv);
    if (g.a < 0.02) discard;
    float l = 0.0;
    l += luma(vFramePx);
    l += luma(vFramePx + vec2(blurPx, 0.0));
    l += luma(vFramePx - vec2(blurPx, 0.0));
    l += luma(vFramePx + vec2(0.0, blurPx));
    l += luma(vFramePx - vec2(0.0, blurPx));
    l /= 5.0;
    float shade = clamp(l / 0.45, 0.55, 1.35);
    vec3 rgb = g.rgb * mix(1.0, shade, strength);
    gl_FragColor = vec4(rgb, g.a * opacity);
    #include <colorspace_fragment>
  }
`;

/**
 * One worn 2D garment in the mirror's world (camera pixels): the rig's mesh in a BufferGeometry, redrawn from
 * the landmarks every frame without allocating. Owns its geometry, material and texture.
 */
export class GarmentLayer {
  /** The parts drawn under the shopper's own forearms (torso, upper sleeves, legs): parts with z ≤ 0. */
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  /**
   * The parts drawn over them (lower sleeves, z > 0): the same vertices and material, drawn after the occluder
   * (render order {@link GarmentLayer.FRONT_ORDER}). Add it to the scene beside `object`.
   */
  readonly front: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  /** Render order of `object`; an occluder of the shopper's arms goes between it and `front`. */
  static readonly BACK_ORDER = 10;
  static readonly FRONT_ORDER = 12;
  readonly rig: GarmentRig;
  private readonly positionAttr: THREE.BufferAttribute;
  private readonly texture: THREE.Texture;
  /** Report of the last fit (owned by the rig). */
  lastFit: FitReport | null = null;

  constructor(
    readonly asset: GarmentAsset,
    image: TexImageSource,
    videoTexture: THREE.Texture,
    /** The worn size's measurements and the picture's silhouette (see RigOptions). */
    fit: Pick<RigOptions, 'measurements' | 'silhouette'> = {},
  ) {
    this.rig = new GarmentRig(asset, fit);
    const geometry = new THREE.BufferGeometry();
    this.positionAttr = new THREE.BufferAttribute(this.rig.mesh.positions, 3);
    this.positionAttr.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.positionAttr);
    geometry.setAttribute('uv', new THREE.BufferAttribute(this.rig.mesh.uvs, 2));
    geometry.setIndex(new THREE.BufferAttribute(this.rig.mesh.indices, 1));
    this.texture = new THREE.Texture(image as HTMLImageElement);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    this.texture.needsUpdate = true;
    const material = new THREE.ShaderMaterial({
      uniforms: {
        garmentMap: { value: this.texture },
        videoMap: { value: videoTexture },
        frameSizePx: { value: new THREE.Vector2(1, 1) },
        strength: { value: SHADING_STRENGTH },
        blurPx: { value: SHADING_BLUR_PX },
        opacity: { value: 1 },
      },
      vertexShader,
      fragmentShader,
      transparent: true,
      depthTest: false,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    this.object = new THREE.Mesh(geometry, material);
    this.object.frustumCulled = false;
    this.object.renderOrder = GarmentLayer.BACK_ORDER;
    this.object.visible = false;
    // Indices are sorted by part z: everything from the first part in front of the torso on is the front mesh.
    const split = this.rig.mesh.parts.find((p) => p.z > 0)?.firstIndex ?? this.rig.mesh.indices.length;
    const frontGeometry = new THREE.BufferGeometry();
    frontGeometry.setAttribute('position', this.positionAttr);
    frontGeometry.setAttribute('uv', geometry.getAttribute('uv'));
    frontGeometry.setIndex(geometry.getIndex());
    frontGeometry.setDrawRange(split, this.rig.mesh.indices.length - split);
    geometry.setDrawRange(0, split);
    this.front = new THREE.Mesh(frontGeometry, material);
    this.front.frustumCulled = false;
    this.front.renderOrder = GarmentLayer.FRONT_ORDER;
    this.front.visible = false;
  }

  /**
   * Fits the garment to the body (landmarks in camera pixels, world landmarks, the body's cm per pixel; borrowed)
   * and shows it; `null` hides it (nobody present). A fit that folds the mesh means the shopper is turned away: the
   * garment fades instead of drawing inside out.
   *
   * Facing is read from the shoulders: seen from the front, the wearer's left shoulder is on the image's right
   * (as on the garment's photo). A few folded triangles with the shopper facing the mirror are a sleeve crossing
   * the body, drawn as is; shoulders in the wrong order mean their back is turned.
   */
  update(body: BodyInput | null, frameWidthPx: number, frameHeightPx: number): void {
    if (!body) {
      this.object.visible = false;
      this.front.visible = false;
      return;
    }
    const report = this.rig.fit(body);
    this.lastFit = report;
    this.positionAttr.needsUpdate = true;
    const u = this.object.material.uniforms;
    (u.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    const lm = body.landmarksPx;
    const facingAway = lm[2 * LEFT_SHOULDER]! < lm[2 * RIGHT_SHOULDER]!;
    u.opacity!.value = facingAway && report.foldedTriangles > 0 ? 0.25 : 1;
    this.object.visible = true;
    this.front.visible = true;
  }

  dispose(): void {
    this.front.geometry.dispose();
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.texture.dispose();
    (this.texture.image as { close?: () => void } | null)?.close?.();
  }
}
