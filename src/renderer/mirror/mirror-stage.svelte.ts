import type { PoseFrame } from '../../shared/pose';
import { Camera } from '../camera/camera.svelte';
import { BrowserPoseEngine } from '../engine/browser-pose-engine';
import { routeEngine, type EngineRouter } from '../engine/engine-router';
import { PoseReplay, fetchTrack } from '../debug/hooks';
import { FrameLoop } from '../scene/frame-loop';
import { Framing } from '../scene/framing';
import { MirrorScene } from '../scene/mirror-scene';
import { SkeletonLayer } from '../scene/skeleton-layer';
import { FramePump } from '../tracking/frame-pump';
import { PoseStream } from '../tracking/pose-stream.svelte';
import { captureTimeMs } from '../tracking/capture-time';
import { Fitting } from '../tryon/fitting';
import type { KioskSettings } from './kiosk-settings.svelte';

/** A pose frame with the geometry of the frame its landmarks are normalised to. */
export interface StagePose {
  pose: PoseFrame;
  /** Width ÷ height of the frame the landmarks are normalised to. */
  aspect: number;
  /** When the pose arrived (`performance.now()`). */
  nowMs: number;
  /** When its frame was captured, on the same clock (captureTimeMs): what gestures are timed on. */
  captureMs: number;
}

/** e2e only (`?e2e`, in the e2e build): what the page was opened with. */
export interface StageTestMode {
  /** `?e2e&track=<name>`: a landmark track replaces the engine's pose stream. */
  trackName: string | null;
}

/**
 * The mirror's picture: camera, pose engine (native or browser, frames pumped to it), framing, the three.js scene
 * with the garment fitting and skeleton overlay, and the one frame loop every per-frame job runs on. Other
 * controllers listen to its poses (`onPose`) and add their stages to `loop`.
 */
export class MirrorStage {
  readonly camera: Camera;
  readonly poses: PoseStream;
  readonly framing = new Framing();
  readonly loop = new FrameLoop();
  /** e2e only: the landmark replay standing in for the engine, or null. */
  readonly replay: PoseReplay | null;
  scene: MirrorScene | null = null;
  /** The garment fitting; null until the stage is mounted on its canvas. */
  fitting: Fitting | null = null;
  private readonly router: EngineRouter;
  private readonly pump: FramePump;
  private readonly skeleton = new SkeletonLayer();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not UI state
  private readonly listeners = new Set<(p: StagePose) => void>();
  private displayWidthPx = 0;
  private displayHeightPx = 0;

  constructor(
    private readonly settings: KioskSettings,
    readonly testMode: StageTestMode | null,
  ) {
    this.camera = new Camera(settings.camera!);
    // Native engine, or the in-browser one when configured or when the native one cannot run (engine: auto).
    const modelSize = settings.modelSize;
    this.router = routeEngine(settings.api, settings.engine, () => new BrowserPoseEngine({ modelSize }));
    // The mask only while a garment is worn (or the debug view shows the engine's whole output): an empty mirror or a
    // shopper browsing spares the engine the segmentation head (issue 18.3). A garment put on gets a mask with the
    // next frame answered, one camera frame later.
    this.pump = new FramePump(this.camera.video, this.router.api, { needsMask: () => this.settings.debug || (this.fitting?.needsMask ?? false) });
    this.replay = __ATELIER_E2E__ && testMode?.trackName ? new PoseReplay() : null;
    const poseApi = this.replay ? this.replay.wrap(this.router.api) : this.router.api;
    this.poses = new PoseStream(poseApi, (pose) => this.receive(pose));
    $effect(() => {
      this.framing.enabled = settings.framing;
    });
  }

  /** Since when the engine has had a camera frame it has not answered, ms (`performance.now()`), or null. */
  get awaitingPoseSinceMs(): number | null {
    return this.pump.awaitingSinceMs;
  }

  /** Calls `fn` with each pose frame after the fitting and framing have seen it; returns the unsubscribe. */
  onPose(fn: (p: StagePose) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private receive(pose: PoseFrame): void {
    this.pump.acknowledge(pose);
    // A replayed track is normalised to its own 16:9 frame; the camera's size only matters for the live engine.
    const w = this.replay ? 1280 : this.camera.video.videoWidth;
    const h = this.replay ? 720 : this.camera.video.videoHeight;
    this.fitting?.onPose(pose, w, h);
    const nowMs = performance.now();
    this.framing.observe(pose.landmarks, nowMs);
    const p = { pose, aspect: w / Math.max(1, h), nowMs, captureMs: captureTimeMs(pose, nowMs) };
    for (const fn of this.listeners) fn(p);
  }

  /**
   * Builds the scene on `canvas`, sized to `host`, adds the picture's stages to the loop and starts camera, engine
   * and loop. Returns the teardown of what it made.
   */
  mount(canvas: HTMLCanvasElement, host: HTMLElement): () => void {
    const s = new MirrorScene(canvas, this.camera.video);
    this.scene = s;
    s.world.add(this.skeleton.object);
    const f = new Fitting(s.world, s.videoTexture, this.testMode !== null || this.settings.debug);
    this.fitting = f;
    s.setView(this.framing.view);
    const resize = (): void => {
      this.displayWidthPx = host.clientWidth;
      this.displayHeightPx = host.clientHeight;
      s.resize(this.displayWidthPx, this.displayHeightPx);
    };
    const resizeObserver = new ResizeObserver(resize);
    resizeObserver.observe(host);
    this.camera.video.addEventListener('loadedmetadata', resize);
    resize();
    const video = this.camera.video;
    this.loop.add('framing', (nowMs) => {
      this.framing.setGeometry(video.videoWidth, video.videoHeight, this.displayWidthPx, this.displayHeightPx);
      this.framing.step(nowMs);
    });
    this.loop.add('fit', (nowMs) => f.stage(nowMs));
    this.loop.add('overlay', () => {
      this.skeleton.update(this.poses.latest?.landmarks ?? [], video.videoWidth, video.videoHeight, this.settings.debug);
    });
    this.loop.add('render', () => s.render());
    this.loop.start();
    const replay = this.replay;
    // (`__ATELIER_E2E__` first: the product build drops the replay's code as dead.)
    if (__ATELIER_E2E__ && replay && this.testMode?.trackName) {
      // Landmarks come from the track: the engine gets no frames.
      void fetchTrack(this.testMode.trackName).then((t) => replay.play(t));
      void this.camera.start();
    } else {
      void this.camera.start().then(() => this.pump.start());
    }
    return () => {
      this.loop.stop();
      this.pump.stop();
      this.poses.dispose();
      this.router.dispose();
      this.replay?.dispose();
      resizeObserver.disconnect();
      video.removeEventListener('loadedmetadata', resize);
      this.camera.stop();
      this.skeleton.dispose();
      f.dispose();
      s.dispose();
      this.listeners.clear();
    };
  }

  /**
   * A small copy of the composed mirror picture, drawn into `into` (resized to fit the limits); null before the
   * first render. Call right after the render stage: the canvas keeps no drawing buffer.
   */
  grabFrame(into: HTMLCanvasElement, limit: { maxWidthPx?: number; maxHeightPx?: number }): HTMLCanvasElement | null {
    const canvas = this.scene?.canvas;
    if (!canvas?.width || !canvas.height) return null;
    const k = Math.min(1, (limit.maxWidthPx ?? Infinity) / canvas.width, (limit.maxHeightPx ?? Infinity) / canvas.height);
    into.width = Math.round(canvas.width * k);
    into.height = Math.round(canvas.height * k);
    into.getContext('2d')!.drawImage(canvas, 0, 0, into.width, into.height);
    return into;
  }
}
