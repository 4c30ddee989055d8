import * as THREE from 'three';
import { coverFit } from '../../shared/cover-fit';
import { FrameExtension } from './frame-extension';
import type { ViewRectPx } from './framing';

/**
 * The full-screen mirror: the camera video as a mirrored background, and `world`, a group in camera-pixel
 * coordinates (x right, y down, origin top-left of the camera frame) in which garments and overlays are placed.
 * The whole world is mirrored once, here, so nothing else has to think about it. What part of the frame is shown
 * is the view: the cover-fitted frame by default, or the framing's pan/zoom (`setView`); where the view reaches
 * past the frame, a blurred extension of the picture fills the band.
 *
 * Owns the WebGL renderer, the video texture and the background mesh; `dispose()` frees them.
 */
export class MirrorScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  /** Orthographic camera in camera-pixel units; its frustum is the view (the part of the frame shown). */
  readonly camera = new THREE.OrthographicCamera(0, 1, 0, 1, -1000, 1000);
  /** Mirrored, camera-pixel space. Children use (xPx, yPx) of the camera frame directly. */
  readonly world = new THREE.Group();
  /** The camera picture as a texture (garments sample it for shading; occluders redraw from it). */
  readonly videoTexture: THREE.VideoTexture<HTMLVideoElement> | THREE.VideoFrameTexture;
  /** The camera picture's plane (`atelier tryon` hides it for the garment-coverage pass). */
  readonly background: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  private readonly extension: FrameExtension;
  /** The framing's view (borrowed, read at every render), or null for the cover-fitted frame. */
  private view: ViewRectPx | null = null;
  private readonly coverView: ViewRectPx = { xPx: 0, yPx: 0, widthPx: 1, heightPx: 1 };
  private videoWidthPx = 0;
  private videoHeightPx = 0;
  private displayWidthPx = 0;
  private displayHeightPx = 0;

  /**
   * @param source the live camera, or a {@link THREE.VideoFrameTexture} whose frames the caller sets one at a time
   *   (`atelier tryon` renders still frames with it). Both are video textures, so the picture's colour handling (and
   *   the occluder's redraw of it) is the same. A frame texture is borrowed: the caller sets, closes and disposes it.
   */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly source: HTMLVideoElement | THREE.VideoFrameTexture,
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: false, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.outputColorSpace = THREE.SRGBColorSpace;
    this.videoTexture = source instanceof THREE.VideoFrameTexture ? source : new THREE.VideoTexture(source);
    this.videoTexture.colorSpace = THREE.SRGBColorSpace;
    // Mipmaps: the cloth shading reads the picture's luma blurred at a few centimetres on the body from its mip
    // levels (renderer/cloth/cloth-shading.ts); the background, drawn magnified, looks the same.
    this.videoTexture.minFilter = THREE.LinearMipmapLinearFilter;
    this.videoTexture.magFilter = THREE.LinearFilter;
    this.videoTexture.generateMipmaps = true;
    this.background = new THREE.Mesh(
      new THREE.PlaneGeometry(1, 1),
      new THREE.MeshBasicMaterial({ map: this.videoTexture, depthTest: false, depthWrite: false, side: THREE.DoubleSide }),
    );
    this.background.renderOrder = -1000;
    this.extension = new FrameExtension(this.videoTexture);
    this.world.add(this.background, this.extension.object);
    this.scene.add(this.world);
  }

  /** Call when the canvas or the video size changes. */
  resize(displayWidthPx: number, displayHeightPx: number): void {
    this.displayWidthPx = Math.max(1, Math.round(displayWidthPx));
    this.displayHeightPx = Math.max(1, Math.round(displayHeightPx));
    this.renderer.setSize(this.displayWidthPx, this.displayHeightPx, false);
    this.layout();
  }

  /** Size of the picture shown, camera pixels (0 before the first frame). */
  private get sourceWidthPx(): number {
    return this.source instanceof THREE.VideoFrameTexture ? ((this.source.image as VideoFrame | null)?.displayWidth ?? 0) : this.source.videoWidth;
  }

  private get sourceHeightPx(): number {
    return this.source instanceof THREE.VideoFrameTexture ? ((this.source.image as VideoFrame | null)?.displayHeight ?? 0) : this.source.videoHeight;
  }

  private layout(): void {
    const vw = this.sourceWidthPx;
    const vh = this.sourceHeightPx;
    if (!vw || !vh || !this.displayWidthPx) return;
    this.videoWidthPx = vw;
    this.videoHeightPx = vh;
    // Background plane covers the frame in camera pixels: centre (vw/2, vh/2). World y points down (image
    // convention), plane geometry y points up: the negative y scale keeps the image's top at the top.
    this.background.scale.set(vw, -vh, 1);
    this.background.position.set(vw / 2, vh / 2, -500);
    // Mirror about the frame's vertical centre line; flip y so +y is down like image coordinates.
    this.world.scale.set(-1, -1, 1);
    this.world.position.set(vw, vh, 0);
    const rect = coverFit(vw, vh, this.displayWidthPx, this.displayHeightPx);
    this.coverView.xPx = rect.xPx;
    this.coverView.yPx = rect.yPx;
    this.coverView.widthPx = rect.widthPx;
    this.coverView.heightPx = rect.heightPx;
    this.applyView();
  }

  /**
   * Shows `view` (camera px, not mirrored; the display's aspect ratio) from now on; it is read again at every
   * render, so the framing may update it in place. null: the cover-fitted full frame.
   */
  setView(view: ViewRectPx | null): void {
    this.view = view;
  }

  /** The part of the camera frame shown now (camera px; borrowed). */
  get shownView(): ViewRectPx {
    return this.view ?? this.coverView;
  }

  private applyView(): void {
    const v = this.shownView;
    const vw = this.videoWidthPx;
    const vh = this.videoHeightPx;
    // After the world transform, camera-pixel (x, y) lands at (vw - x, vh - y) in scene units.
    this.camera.left = vw - (v.xPx + v.widthPx);
    this.camera.right = vw - v.xPx;
    this.camera.bottom = vh - (v.yPx + v.heightPx);
    this.camera.top = vh - v.yPx;
    this.camera.updateProjectionMatrix();
    this.extension.update(v, vw, vh);
  }

  /** Renders one frame. Re-lays out when the camera's resolution changed (e.g. after a reconnect). */
  /**
   * Lays the world out again when the picture's size changed (the first frame): call after a new frame and before
   * anything reads the world's transform (a 3D garment's cloth reads the camera picture through it), or it is still
   * the identity — unmirrored — until the first render. `render` does it too.
   */
  fitToSource(): void {
    if (this.sourceWidthPx !== this.videoWidthPx || this.sourceHeightPx !== this.videoHeightPx) this.layout();
  }

  render(): void {
    this.fitToSource();
    if (this.view && this.videoWidthPx) this.applyView();
    this.extension.prepare(this.renderer);
    this.renderer.render(this.scene, this.camera);
  }

  /** Uploads the video's current frame now instead of on its next frame callback (tests compare exact frames). */
  uploadCurrentVideoFrame(): void {
    this.videoTexture.needsUpdate = true;
  }

  dispose(): void {
    if (!(this.source instanceof THREE.VideoFrameTexture)) this.videoTexture.dispose();
    this.background.geometry.dispose();
    this.background.material.dispose();
    this.extension.dispose();
    this.renderer.dispose();
  }
}
