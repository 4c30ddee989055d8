/**
 * The render page of `atelier tryon` (headless Chromium, driven by src/cli/tryon): the mirror's own MirrorScene and
 * Fitting — not a copy — showing one still frame at a time instead of the camera video. Each frame is drawn as the
 * mirror shows it, then (when the CLI wants masks or figures) once more for the garment's own coverage (camera picture hidden, the occluder
 * writing "no garment" where the shopper's arms and hair are redrawn over it). Both are read back, turned upright
 * and unmirrored to line up with the input picture, and posted to the CLI as raw bytes.
 */
import * as THREE from 'three';
import { MirrorScene } from '../scene/mirror-scene';
import { POSE_LANDMARK_COUNT, PoseLandmark } from '../../shared/pose';
import { bodyCmPerPx } from '../../shared/sizing';
import {
  TRYON_FRAME_PATH,
  TRYON_RESULT_PATH,
  tryOnResultLayout,
  type TryOnAnchorFit,
  type TryOnFrameMessage,
  type TryOnJob,
  type TryOnPageApi,
  type TryOnPageFit,
} from '../../shared/tryon';
import { decodeWire } from '../../shared/wire';
import { Fitting } from './fitting';
import { loadCatalogGarment } from './garment-loader';
import { loadCatalogGarment3d } from './garment3d-loader';
import { pieceOf } from '../../shared/outfit';

declare global {
  interface Window {
    atelierTryOn?: TryOnPageApi;
  }
}

/** Blending that writes (0, 0, 0, 0): the occluder's pixels are "shopper in front", not garment, in the coverage pass. */
function eraseBlending(m: THREE.Material): () => void {
  const saved = { blending: m.blending, src: m.blendSrc, dst: m.blendDst, srcA: m.blendSrcAlpha, dstA: m.blendDstAlpha };
  m.blending = THREE.CustomBlending;
  m.blendSrc = THREE.ZeroFactor;
  m.blendDst = THREE.ZeroFactor;
  m.blendSrcAlpha = THREE.ZeroFactor;
  m.blendDstAlpha = THREE.ZeroFactor;
  return () => {
    m.blending = saved.blending;
    m.blendSrc = saved.src;
    m.blendDst = saved.dst;
    m.blendSrcAlpha = saved.srcA;
    m.blendDstAlpha = saved.dstA;
  };
}

class TryOnRenderer {
  private readonly frameTexture = new THREE.VideoFrameTexture();
  private readonly scene: MirrorScene;
  private readonly fitting: Fitting;
  private readonly coverageTarget: THREE.WebGLRenderTarget;
  private readonly coverageRgba: Uint8Array;
  private readonly savedClear = new THREE.Color();
  /** Composite then (when asked for) coverage: the body posted back. */
  private readonly result: Uint8Array<ArrayBuffer>;
  private readonly landmarksPx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  private readonly worldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  private shown: VideoFrame | null = null;
  private readonly point = new Float64Array(4);

  constructor(
    canvas: HTMLCanvasElement,
    private readonly job: TryOnJob,
  ) {
    const { widthPx: w, heightPx: h } = job;
    const { widthPx: dw, heightPx: dh } = job.display ?? job;
    this.scene = new MirrorScene(canvas, this.frameTexture);
    // One canvas pixel per display pixel: without a display the cover fit is the identity and the read-back is the
    // input's size.
    this.scene.renderer.setPixelRatio(1);
    this.scene.resize(dw, dh);
    this.fitting = new Fitting(this.scene.world, this.scene.videoTexture);
    this.fitting.light.synchronous = !job.liveLight;
    this.coverageTarget = new THREE.WebGLRenderTarget(job.coverage ? w : 1, job.coverage ? h : 1, { depthBuffer: true });
    this.coverageRgba = new Uint8Array(job.coverage ? w * h * 4 : 0);
    const { compositeBytes, coverageBytes } = tryOnResultLayout(job);
    this.result = new Uint8Array(compositeBytes + coverageBytes);
  }

  /** Puts the job's garments on in turn, each in its slots as the mirror wears it (`pieceOf`: 3D chinos are a bottom, a blazer outerwear, a shirt tucked in). */
  async load(): Promise<void> {
    const { assetBase } = this.job;
    for (const g of this.job.garments) {
      const { slots, tuck } = pieceOf(g, g.mode === '2d' ? { asset2d: g.garment } : null);
      const wearOpts = { slots, tuck, garmentCm: g.garmentCm, fabric: g.fabric };
      if (g.mode === '3d') this.fitting.wear3d(await loadCatalogGarment3d(g.garment, assetBase, undefined, g.garmentCm), wearOpts);
      else this.fitting.wear(await loadCatalogGarment(g.garment, g.categoryId, assetBase), wearOpts);
    }
  }

  /** The frame {@link prepare} fetched, until {@link finish} draws it. */
  private current: { index: number; pose: TryOnFrameMessage['pose']; frame: VideoFrame; t0: number; stageMs: number } | null = null;

  /** Fetches frame `index`, shows its picture and takes in its pose: everything before the mirror's frame stage. */
  async prepare(index: number): Promise<void> {
    const res = await fetch(`${TRYON_FRAME_PATH}${index}`);
    if (!res.ok) throw new Error(`frame ${index}: HTTP ${res.status}`);
    const { pose, rgba } = decodeWire(await res.arrayBuffer()) as TryOnFrameMessage;
    const t0 = performance.now();
    const { widthPx: w, heightPx: h } = this.job;
    const frame = new VideoFrame(rgba, { format: 'RGBA', codedWidth: w, codedHeight: h, timestamp: Math.round(pose.timestampMs * 1000) });
    this.frameTexture.setFrame(frame);
    // A still is staged once and drawn at once: the world mirrored before the garments are fitted into it.
    this.scene.fitToSource();
    this.fitting.onPose(pose, w, h);
    this.current?.frame.close();
    this.current = { index, pose, frame, t0, stageMs: 0 };
  }

  /**
   * The mirror's frame stage on the prepared frame (the garments fitted, the light and the occluder updated), alone
   * in its task: the CLI reads the page thread's CPU time around this call (`--json`'s `stageThread`).
   */
  stage(): void {
    const cur = this.current;
    if (!cur) throw new Error('stage(): no frame prepared');
    const tStage = performance.now();
    this.fitting.stage(cur.pose.timestampMs);
    cur.stageMs = performance.now() - tStage;
  }

  /** Draws the prepared, staged frame, posts its pictures back and returns its figures. */
  async finish(index: number): Promise<TryOnPageFit> {
    const cur = this.current;
    if (cur?.index !== index) throw new Error(`finish(${index}): frame ${cur?.index ?? 'none'} is the one prepared`);
    this.current = null;
    const { pose, frame, t0, stageMs } = cur;
    const { widthPx: w, heightPx: h } = this.job;

    // Pass 1: the mirror's picture, read from the canvas right after drawing (it keeps no buffer).
    const { compositeBytes } = tryOnResultLayout(this.job);
    let drawMs = 0;
    if (compositeBytes > 0) {
      const tDraw = performance.now();
      this.renderComposite(this.result.subarray(0, compositeBytes));
      drawMs = performance.now() - tDraw;
    }
    if (this.job.coverage) this.renderCoverage(this.result.subarray(compositeBytes));
    this.shown?.close();
    this.shown = frame;

    const fit = this.figures(pose, w, h);
    fit.renderMs = performance.now() - t0;
    fit.stageMs = stageMs;
    fit.stageSpansMs = { ...this.fitting.stageSpansMs };
    fit.drawMs = drawMs;
    fit.clothStepMs = this.fitting.clothStepMs;
    fit.lightWorkerMs = this.fitting.light.workerMs;
    const post = await fetch(`${TRYON_RESULT_PATH}${index}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: this.result });
    if (!post.ok) throw new Error(`frame ${index}: result not accepted (HTTP ${post.status})`);
    // The light's re-estimate from this frame reaches the next one, as on the mirror, on every run alike.
    await this.fitting.light.settled();
    return fit;
  }

  /**
   * Pass 1 into `out`: the mirror's picture at the canvas's size, upright, unmirrored. `drawMs` counts until it is read
   * back: `gl.finish` returns before a software GL has drawn (SwiftShader: 15 ms to finish, then 300 ms in the read).
   */
  private renderComposite(out: Uint8Array): void {
    const { widthPx: dw, heightPx: dh } = this.job.display ?? this.job;
    this.scene.render();
    const gl = this.scene.renderer.getContext();
    gl.readPixels(0, 0, dw, dh, gl.RGBA, gl.UNSIGNED_BYTE, out);
    // GL rows are bottom first and the mirror is mirrored: reversing the pixel order turns the picture by 180°,
    // which is exactly upright and unmirrored.
    new Uint32Array(out.buffer, out.byteOffset, dw * dh).reverse();
  }

  /**
   * Pass 2: the garment's alpha alone — background hidden, target cleared to transparent, the occluder erasing
   * where the shopper's arms and hair are drawn over the garment — into `out` (255 = garment), upright, unmirrored.
   */
  private renderCoverage(out: Uint8Array): void {
    const { widthPx: w, heightPx: h } = this.job;
    const r = this.scene.renderer;
    const occluders = this.fitting.wornOccluders;
    const restores = occluders.map((o) => eraseBlending(o.object.material));
    for (const o of occluders) o.inFrontFromAlpha = 0.5;
    r.getClearColor(this.savedClear);
    const clearAlpha = r.getClearAlpha();
    this.scene.background.visible = false;
    this.fitting.setGarmentsAlone(true);
    r.setRenderTarget(this.coverageTarget);
    r.setClearColor(0x000000, 0);
    r.clear();
    r.render(this.scene.scene, this.scene.camera);
    r.readRenderTargetPixels(this.coverageTarget, 0, 0, w, h, this.coverageRgba);
    r.setRenderTarget(null);
    r.setClearColor(this.savedClear, clearAlpha);
    this.scene.background.visible = true;
    this.fitting.setGarmentsAlone(false);
    for (const restore of restores) restore();
    for (const o of occluders) o.inFrontFromAlpha = 0;
    const n = w * h;
    for (let i = 0, j = n - 1; i < n; i++, j--) out[j] = this.coverageRgba[4 * i + 3]! >= 128 ? 255 : 0;
  }

  /** Anchor targets and where the drawn garment put them; centimetres per pixel from the tracked body (`bodyCmPerPx`). */
  private figures(pose: TryOnFrameMessage['pose'], w: number, h: number): TryOnPageFit {
    const fit: TryOnPageFit = { drawn: false, anchors: [], cmPerPx: null, foldedTriangles: 0, renderMs: 0, stageMs: 0, stageSpansMs: { light: 0, lightPictureRead: 0, garments: 0, occluder: 0 }, drawMs: 0, clothStepMs: 0, lightWorkerMs: 0 };
    if (pose.landmarks.length < POSE_LANDMARK_COUNT) return fit;
    const px = this.landmarksPx;
    pose.landmarks.forEach((l, i) => {
      px[2 * i] = l.x * w;
      px[2 * i + 1] = l.y * h;
    });
    if (pose.worldLandmarks.length >= POSE_LANDMARK_COUNT) {
      pose.worldLandmarks.forEach((l, i) => this.worldM.set([l.x, l.y, l.z], 3 * i));
      fit.cmPerPx = bodyCmPerPx(px, this.worldM, w, h);
    }
    const anchor = (name: string, tx: number, ty: number, lx: number, ly: number): TryOnAnchorFit => ({
      name,
      targetPx: [tx, ty],
      landedPx: [lx, ly],
      errorPx: Math.hypot(lx - tx, ly - ty),
    });
    const layer = this.fitting.garmentLayer;
    const layer3d = this.fitting.garment3dLayer;
    if (layer?.lastFit && layer.object.visible) {
      fit.drawn = true;
      fit.foldedTriangles = layer.lastFit.foldedTriangles;
      const targets = layer.rig.anchorTargetsPx;
      layer.rig.anchorNames.forEach((name, k) => {
        if (!layer.rig.warpedAnchor(name, this.point)) return;
        fit.anchors.push(anchor(name, targets[2 * k]!, targets[2 * k + 1]!, this.point[0]!, this.point[1]!));
      });
    } else if (layer3d?.object.visible && layer3d.shoulderJointsPx(this.point)) {
      fit.drawn = true;
      const sides = [
        ['leftShoulder', PoseLandmark.leftShoulder],
        ['rightShoulder', PoseLandmark.rightShoulder],
      ] as const;
      sides.forEach(([name, l], k) => fit.anchors.push(anchor(name, px[2 * l]!, px[2 * l + 1]!, this.point[2 * k]!, this.point[2 * k + 1]!)));
    }
    return fit;
  }
}

let renderer: TryOnRenderer | null = null;
window.atelierTryOn = {
  async setup(job) {
    renderer = new TryOnRenderer(document.querySelector('canvas')!, job);
    await renderer.load();
  },
  async prepare(index) {
    if (!renderer) throw new Error('setup() first');
    await renderer.prepare(index);
  },
  stage() {
    if (!renderer) throw new Error('setup() first');
    renderer.stage();
  },
  async finish(index) {
    if (!renderer) throw new Error('setup() first');
    return renderer.finish(index);
  },
};
