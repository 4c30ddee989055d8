import * as THREE from 'three';
import type { ViewRectPx } from './framing';

const vertexShader = /* glsl */ `
  varying vec2 vFramePx;
  void main() {
    vFramePx = position.xy;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

// Outside the camera picture: the picture itself, scaled to cover the whole view, heavily blurred and dimmed —
// the familiar backdrop of a portrait video on a wide screen: the room's colours and light continue beside the
// shopper, without any detail (a blurred copy of the shopper is an unrecognisable soft glow, not a ghost).
const fragmentShader = /* glsl */ `
  uniform sampler2D blurMap;
  uniform vec2 blurSizeTexels;
  uniform vec2 frameSizePx;
  uniform vec4 viewPx;
  varying vec2 vFramePx;
  void main() {
    vec2 outside = max(-vFramePx, vFramePx - frameSizePx);
    float distPx = max(outside.x, outside.y);
    if (distPx <= 0.0) discard;
    // The frame scaled about the view's centre until it covers the view.
    vec2 centrePx = viewPx.xy + 0.5 * viewPx.zw;
    float cover = max(viewPx.z / frameSizePx.x, viewPx.w / frameSizePx.y);
    vec2 uv = clamp((vFramePx - centrePx) / (cover * frameSizePx) + 0.5, 0.0, 1.0);
    // Smoothstep between texels (bilinear alone shows the tiny map's grid as creases).
    vec2 t = uv * blurSizeTexels + 0.5;
    vec2 i = floor(t);
    vec2 f = t - i;
    f = f * f * (3.0 - 2.0 * f);
    uv = (i + f - 0.5) / blurSizeTexels;
    vec3 colour = texture2D(blurMap, vec2(uv.x, 1.0 - uv.y)).rgb;
    float fade = smoothstep(0.0, 0.6 * min(frameSizePx.x, frameSizePx.y), distPx);
    gl_FragColor = vec4(colour * mix(0.5, 0.3, fade), 1.0);
    #include <colorspace_fragment>
  }
`;

// A downscale step: each texel averages a 4×4 grid over its footprint in the source (two steps: video → 64 texels
// wide → 16, so the tiny map is a true average and does not flicker as the shopper moves). The first step decodes
// the video's sRGB like the background's own sampling; later steps are linear already.
const downsampleVertex = /* glsl */ `
  varying vec2 vUv;
  void main() {
    vUv = uv;
    gl_Position = vec4(position.xy, 0.0, 1.0);
  }
`;
const downsampleFragment = /* glsl */ `
  uniform sampler2D sourceMap;
  uniform vec2 texelUv;
  uniform bool decodeSrgb;
  varying vec2 vUv;
  void main() {
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < 4; i++) {
        vec2 o = (vec2(float(i), float(j)) - 1.5) / 4.0 * texelUv;
        vec4 c = texture2D(sourceMap, vUv + o);
        sum += decodeSrgb ? sRGBTransferEOTF(c).rgb : c.rgb;
      }
    }
    gl_FragColor = vec4(sum / 16.0, 1.0);
  }
`;

/** Widths of the two downscaled copies, texels (heights follow the frame's aspect). */
const STEP_WIDTHS_TEXELS = [64, 16] as const;

/**
 * Fills the part of the view that lies outside the camera frame (when the framing zooms out further than the
 * picture reaches) with a blurred, dimmed reflection of the picture. One quad sized to the view each frame, behind
 * the camera picture; fragments inside the frame are discarded, so it costs nothing while the view is inside.
 * Lives in the mirror's world (camera pixels). Owns its geometry and material; borrows the video texture.
 */
export class FrameExtension {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  private readonly corners: THREE.BufferAttribute;
  private readonly targets = STEP_WIDTHS_TEXELS.map(
    (w) => new THREE.WebGLRenderTarget(w, w, { type: THREE.HalfFloatType, depthBuffer: false, minFilter: THREE.LinearFilter, magFilter: THREE.LinearFilter }),
  );
  private readonly stepScene = new THREE.Scene();
  private readonly stepCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly stepQuad: THREE.Mesh<THREE.PlaneGeometry, THREE.ShaderMaterial>;

  constructor(private readonly videoTexture: THREE.Texture) {
    this.stepQuad = new THREE.Mesh(
      new THREE.PlaneGeometry(2, 2),
      new THREE.ShaderMaterial({
        uniforms: { sourceMap: { value: videoTexture }, texelUv: { value: new THREE.Vector2(1, 1) }, decodeSrgb: { value: true } },
        vertexShader: downsampleVertex,
        fragmentShader: downsampleFragment,
        depthTest: false,
        depthWrite: false,
      }),
    );
    this.stepQuad.frustumCulled = false;
    this.stepScene.add(this.stepQuad);
    const geometry = new THREE.BufferGeometry();
    this.corners = new THREE.BufferAttribute(new Float32Array(12), 3);
    this.corners.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.corners);
    geometry.setIndex([0, 1, 2, 0, 2, 3]);
    const material = new THREE.ShaderMaterial({
      uniforms: {
        blurMap: { value: this.targets[1]!.texture },
        blurSizeTexels: { value: new THREE.Vector2(1, 1) },
        frameSizePx: { value: new THREE.Vector2(1, 1) },
        viewPx: { value: new THREE.Vector4() },
      },
      vertexShader,
      fragmentShader,
      depthTest: false,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    this.object = new THREE.Mesh(geometry, material);
    this.object.frustumCulled = false;
    // Behind the camera picture (-1000), which covers the frame itself.
    this.object.renderOrder = -1001;
    this.object.visible = false;
  }

  /** Sizes the quad to the view; hidden when the view lies inside the frame. Allocation-free. */
  update(view: ViewRectPx, frameWidthPx: number, frameHeightPx: number): void {
    const x0 = view.xPx;
    const y0 = view.yPx;
    const x1 = view.xPx + view.widthPx;
    const y1 = view.yPx + view.heightPx;
    // Half a pixel of slack: a view that ends on the frame's edge shows no band.
    const inside = x0 >= -0.5 && y0 >= -0.5 && x1 <= frameWidthPx + 0.5 && y1 <= frameHeightPx + 0.5;
    this.object.visible = !inside;
    if (inside) return;
    const u = this.object.material.uniforms;
    (u.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    (u.viewPx!.value as THREE.Vector4).set(x0, y0, view.widthPx, view.heightPx);
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      const h = Math.max(4, Math.round((STEP_WIDTHS_TEXELS[i]! * frameHeightPx) / frameWidthPx));
      if (t.height !== h) t.setSize(STEP_WIDTHS_TEXELS[i]!, h);
    }
    const last = this.targets[this.targets.length - 1]!;
    (u.blurSizeTexels!.value as THREE.Vector2).set(last.width, last.height);
    const p = this.corners.array as Float32Array;
    p[0] = x0; p[1] = y0;
    p[3] = x1; p[4] = y0;
    p[6] = x1; p[7] = y1;
    p[9] = x0; p[10] = y1;
    for (let i = 2; i < 12; i += 3) p[i] = -600;
    this.corners.needsUpdate = true;
  }

  /** Before the frame is rendered: refreshes the blurred copy of the picture (only while a band shows). */
  prepare(renderer: THREE.WebGLRenderer): void {
    if (!this.object.visible) return;
    const previous = renderer.getRenderTarget();
    const u = this.stepQuad.material.uniforms;
    let source: THREE.Texture = this.videoTexture;
    for (const target of this.targets) {
      u.sourceMap!.value = source;
      u.decodeSrgb!.value = source === this.videoTexture;
      (u.texelUv!.value as THREE.Vector2).set(1 / target.width, 1 / target.height);
      renderer.setRenderTarget(target);
      renderer.render(this.stepScene, this.stepCamera);
      source = target.texture;
    }
    renderer.setRenderTarget(previous);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.stepQuad.geometry.dispose();
    this.stepQuad.material.dispose();
    for (const t of this.targets) t.dispose();
  }
}
