import * as THREE from 'three';
import type { ViewRectPx } from './framing';

const vertexShader = /* glsl */ `
  varying vec2 vFramePx;
  void main() {
    vFramePx = position.xy;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

// Outside the camera picture: the picture's outer strip reflected at its nearest edge and stretched outwards, taken
// from a small, blurred copy of the frame (bilinear upsampling of a 48-texel-wide copy is a wide, smooth blur), and
// dimmed towards the store's dark backdrop the further out it lies: a continuation of the room's colours and light
// instead of a black band. Only the strip is reflected, never the middle of the picture: a wide band would
// otherwise show blurred ghosts of the shopper beside them.
const fragmentShader = /* glsl */ `
  uniform sampler2D blurMap;
  uniform vec2 frameSizePx;
  varying vec2 vFramePx;
  void main() {
    vec2 outside = max(-vFramePx, vFramePx - frameSizePx);
    float distPx = max(outside.x, outside.y);
    if (distPx <= 0.0) discard;
    vec2 stripPx = 0.12 * frameSizePx;
    // Reflect about the nearest edge, at most the strip's width into the picture.
    vec2 q = vFramePx;
    q = mix(q, min(-q, stripPx), step(q, vec2(0.0)));
    q = mix(q, frameSizePx - min(q - frameSizePx, stripPx), step(frameSizePx, q));
    vec2 uv = clamp(q / frameSizePx, 0.0, 1.0);
    vec3 colour = texture2D(blurMap, vec2(uv.x, 1.0 - uv.y)).rgb;
    float fade = smoothstep(0.0, 0.6 * min(frameSizePx.x, frameSizePx.y), distPx);
    gl_FragColor = vec4(colour * mix(0.75, 0.3, fade), 1.0);
    #include <colorspace_fragment>
  }
`;

// The small copy: each texel averages a 4×4 grid over its footprint of the video (so no detail aliases through),
// decoded to linear light like the background's own sampling.
const downsampleVertex = /* glsl */ `
  varying vec2 vUv;
  void main() {
    vUv = uv;
    gl_Position = vec4(position.xy, 0.0, 1.0);
  }
`;
const downsampleFragment = /* glsl */ `
  uniform sampler2D videoMap;
  uniform vec2 texelUv;
  varying vec2 vUv;
  void main() {
    vec3 sum = vec3(0.0);
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < 4; i++) {
        vec2 o = (vec2(float(i), float(j)) - 1.5) / 4.0 * texelUv;
        sum += sRGBTransferEOTF(texture2D(videoMap, vUv + o)).rgb;
      }
    }
    gl_FragColor = vec4(sum / 16.0, 1.0);
  }
`;

/** Width of the small blurred copy, texels (its height follows the frame's aspect). */
const BLUR_WIDTH_TEXELS = 48;

/**
 * Fills the part of the view that lies outside the camera frame (when the framing zooms out further than the
 * picture reaches) with a blurred, dimmed reflection of the picture. One quad sized to the view each frame, behind
 * the camera picture; fragments inside the frame are discarded, so it costs nothing while the view is inside.
 * Lives in the mirror's world (camera pixels). Owns its geometry and material; borrows the video texture.
 */
export class FrameExtension {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  private readonly corners: THREE.BufferAttribute;
  private readonly blurTarget = new THREE.WebGLRenderTarget(BLUR_WIDTH_TEXELS, BLUR_WIDTH_TEXELS, {
    type: THREE.HalfFloatType,
    depthBuffer: false,
  });
  private readonly blurScene = new THREE.Scene();
  private readonly blurCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly blurQuad: THREE.Mesh<THREE.PlaneGeometry, THREE.ShaderMaterial>;

  constructor(videoTexture: THREE.Texture) {
    this.blurTarget.texture.minFilter = THREE.LinearFilter;
    this.blurTarget.texture.magFilter = THREE.LinearFilter;
    this.blurQuad = new THREE.Mesh(
      new THREE.PlaneGeometry(2, 2),
      new THREE.ShaderMaterial({
        uniforms: { videoMap: { value: videoTexture }, texelUv: { value: new THREE.Vector2(1, 1) } },
        vertexShader: downsampleVertex,
        fragmentShader: downsampleFragment,
        depthTest: false,
        depthWrite: false,
      }),
    );
    this.blurQuad.frustumCulled = false;
    this.blurScene.add(this.blurQuad);
    const geometry = new THREE.BufferGeometry();
    this.corners = new THREE.BufferAttribute(new Float32Array(12), 3);
    this.corners.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.corners);
    geometry.setIndex([0, 1, 2, 0, 2, 3]);
    const material = new THREE.ShaderMaterial({
      uniforms: { blurMap: { value: this.blurTarget.texture }, frameSizePx: { value: new THREE.Vector2(1, 1) } },
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
    (this.object.material.uniforms.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    const p = this.corners.array as Float32Array;
    p[0] = x0; p[1] = y0;
    p[3] = x1; p[4] = y0;
    p[6] = x1; p[7] = y1;
    p[9] = x0; p[10] = y1;
    for (let i = 2; i < 12; i += 3) p[i] = -600;
    this.corners.needsUpdate = true;
    const hTexels = Math.max(8, Math.round((BLUR_WIDTH_TEXELS * frameHeightPx) / frameWidthPx));
    if (this.blurTarget.height !== hTexels) this.blurTarget.setSize(BLUR_WIDTH_TEXELS, hTexels);
    (this.blurQuad.material.uniforms.texelUv!.value as THREE.Vector2).set(1 / BLUR_WIDTH_TEXELS, 1 / hTexels);
  }

  /** Before the frame is rendered: refreshes the small blurred copy of the picture (only while a band shows). */
  prepare(renderer: THREE.WebGLRenderer): void {
    if (!this.object.visible) return;
    const previous = renderer.getRenderTarget();
    renderer.setRenderTarget(this.blurTarget);
    renderer.render(this.blurScene, this.blurCamera);
    renderer.setRenderTarget(previous);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.blurQuad.geometry.dispose();
    this.blurQuad.material.dispose();
    this.blurTarget.dispose();
  }
}
