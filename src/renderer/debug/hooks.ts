import type { Camera } from '../camera/camera.svelte';
import type { MirrorScene } from '../scene/mirror-scene';
import type { PoseStream } from '../tracking/pose-stream.svelte';
import type { PoseFrame } from '../../shared/pose';
import type { FitSample, Fitting, WornSummary } from '../tryon/fitting';
import type { OutfitSlot } from '../../shared/outfit';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import type { BodyBoxPx, Framing, ViewRectPx } from '../scene/framing';
import { loadGarment3dUrl } from '../tryon/garment3d-loader';

/** Pixels of the displayed mirror and of the raw camera frame, captured in the same task (same video frame). */
export interface SnapshotPair {
  widthPx: number;
  heightPx: number;
  /** RGBA of the WebGL canvas, downscaled. */
  display: number[];
  /**
   * RGBA of the part of the camera frame the display shows (the framing's view; not mirrored), downscaled to the
   * same size. Where the view reaches past the frame these pixels are transparent (0, 0, 0, 0).
   */
  camera: number[];
  videoTimeS: number;
  /** The view shown, camera px: display pixel (x, y) shows camera pixel (view.x + (1 − x/w)·view.w, …). */
  view: ViewRectPx;
  frameWidthPx: number;
  frameHeightPx: number;
}

/** The framing's state, for the e2e checks of what the display shows. */
export interface FramingDebug {
  /** The part of the camera frame shown now, camera px (not mirrored). */
  view: ViewRectPx;
  frameWidthPx: number;
  frameHeightPx: number;
  tracking: boolean;
  moving: boolean;
  enabled: boolean;
  /** The body box the framing keeps on screen (camera px, head top estimated). */
  body: BodyBoxPx;
}

export interface AtelierDebug {
  cameraState(): string;
  /** Pose frames received that had a person in them. */
  trackedFrames(): number;
  latestPose(): PoseFrame | null;
  /** The debug overlay's latency: capture of the newest pose's frame → its pose received, ms. */
  poseLatencyMs(): number;
  engineState(): string | null;
  fitSamples(): FitSample[];
  snapshotPair(widthPx: number, heightPx: number): Promise<SnapshotPair | null>;
  /**
   * Loads a GLB from `url` and wears it in 3D in `slots` (@default the top, as a tee), as the mirror wears a product in
   * its own (`pieceOf`: chinos are a bottom, a dress both), at `garmentCm` (its size's chart row, as the shop passes
   * it; @default the GLB's own measurements); resolves to the error message, or null when it is worn.
   */
  wear3d(url: string, opts?: { slots?: OutfitSlot[]; garmentCm?: GarmentMeasurementsCm | null }): Promise<string | null>;
  wearingKind(): '2d' | '3d' | null;
  /** The outfit worn, innermost first, with each layer's render order. */
  outfit(): WornSummary[];
  framing(): FramingDebug;
  /** The store light: updates that read the camera picture on the frame, and re-estimates the light worker answered. */
  storeLight(): { frameReads: number; workerAnswers: number };
}

declare global {
  interface Window {
    __atelierDebug?: AtelierDebug;
  }
}

/**
 * Test-only hooks, installed when the page is opened with `?e2e`: they let Playwright compare what the mirror
 * shows with what the camera sees. Nothing here leaves memory.
 */
export function installDebugHooks(deps: { scene: MirrorScene; camera: Camera; poses: PoseStream; fitting: Fitting; framing: Framing }): void {
  const grab = (source: CanvasImageSource, w: number, h: number, from?: ViewRectPx): number[] => {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    // A source rectangle reaching past the image is clipped, and the destination with it (HTML canvas spec).
    if (from) ctx.drawImage(source, from.xPx, from.yPx, from.widthPx, from.heightPx, 0, 0, w, h);
    else ctx.drawImage(source, 0, 0, w, h);
    return Array.from(ctx.getImageData(0, 0, w, h).data);
  };
  window.__atelierDebug = {
    cameraState: () => deps.camera.state.kind,
    trackedFrames: () => deps.poses.trackedFrames,
    latestPose: () => deps.poses.latest,
    poseLatencyMs: () => deps.poses.latencyMs,
    engineState: () => deps.poses.status?.state ?? null,
    fitSamples: () => [...deps.fitting.fitSamples()],
    async wear3d(url, opts = {}) {
      try {
        deps.fitting.wear3d(await loadGarment3dUrl(url, `e2e-${url.split('/').at(-1)!.slice(0, 12)}`), opts);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    },
    wearingKind: () => deps.fitting.wearingKind,
    outfit: () => deps.fitting.outfit,
    framing: () => ({
      view: { ...deps.scene.shownView },
      frameWidthPx: deps.camera.video.videoWidth,
      frameHeightPx: deps.camera.video.videoHeight,
      tracking: deps.framing.tracking,
      moving: deps.framing.moving,
      enabled: deps.framing.enabled,
      body: { ...deps.framing.body },
    }),
    storeLight: () => ({ ...deps.fitting.light.counts }),
    async snapshotPair(w, h) {
      const video = deps.camera.video;
      if (!video.videoWidth) return null;
      // Freeze the stream so the texture and the reference grab see the same frame (a live stream's current
      // frame can change between two reads in one task).
      video.pause();
      await new Promise((r) => requestAnimationFrame(r));
      try {
        // Render and read back in one task: without preserveDrawingBuffer the canvas is only readable now.
        deps.scene.uploadCurrentVideoFrame();
        deps.scene.render();
        const view = { ...deps.scene.shownView };
        return {
          widthPx: w,
          heightPx: h,
          display: grab(deps.scene.canvas, w, h),
          camera: grab(video, w, h, view),
          videoTimeS: video.currentTime,
          view,
          frameWidthPx: video.videoWidth,
          frameHeightPx: video.videoHeight,
        };
      } finally {
        await video.play();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Landmark track replay (e2e): `?e2e&track=<name>` feeds a recorded or synthesised landmark track
// (`e2e/fixtures/tracks/<name>.json`, served to the page by the test) into the pose stream instead of the engine.

/** A track as the fixtures hold it (see `tools/synth/tracks.ts`). */
export interface ReplayTrack {
  name: string;
  frames: Array<{ tMs: number; landmarks: PoseFrame['landmarks']; worldLandmarks: PoseFrame['worldLandmarks']; hands?: PoseFrame['hands'] }>;
}

/**
 * Stands in for the engine's pose stream: plays tracks in real time; between tracks it repeats the last frame of
 * the last one (a person holding still), so the shopper session stays alive. Test-only.
 */
export class PoseReplay {
  private readonly listeners = new Set<(p: PoseFrame) => void>();
  private frameId = 1;
  private holdFrame: ReplayTrack['frames'][number] | null = null;
  private readonly holdTimer: ReturnType<typeof setInterval>;
  private playing: Promise<void> = Promise.resolve();
  private busy = false;

  constructor() {
    this.holdTimer = setInterval(() => {
      if (!this.busy && this.holdFrame) this.emit(this.holdFrame);
    }, 100);
  }

  /** `api` with its pose stream replaced by this replay (everything else untouched). */
  wrap<A extends { pose: { subscribe: (cb: (p: PoseFrame) => void) => () => void } }>(api: A): A {
    return {
      ...api,
      pose: {
        subscribe: (cb: (p: PoseFrame) => void) => {
          this.listeners.add(cb);
          return () => this.listeners.delete(cb);
        },
      },
    };
  }

  /** @param capturedMs when the track's camera took the frame (its own clock laid on ours); now for a held frame. */
  private emit(f: ReplayTrack['frames'][number] | null, capturedMs = performance.now()): void {
    const pose: PoseFrame = {
      frameId: this.frameId++,
      timestampMs: capturedMs,
      landmarks: f?.landmarks ?? [],
      worldLandmarks: f?.worldLandmarks ?? [],
      presence: f ? 0.99 : 0,
      mask: null,
      stagesMs: {},
      provider: 'replay',
      ...(f?.hands ? { hands: f.hands } : {}),
    };
    for (const l of this.listeners) l(pose);
  }

  /** Plays `track` after whatever is playing; resolves when it has been played. `leave`: nobody afterwards. */
  play(track: ReplayTrack, opts: { leave?: boolean } = {}): Promise<void> {
    this.playing = this.playing.then(async () => {
      this.busy = true;
      const t0 = performance.now();
      for (const f of track.frames) {
        const wait = t0 + f.tMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        this.emit(f, t0 + f.tMs);
      }
      this.holdFrame = opts.leave ? null : (track.frames[track.frames.length - 1] ?? null);
      if (opts.leave) this.emit(null);
      this.busy = false;
    });
    return this.playing;
  }

  dispose(): void {
    clearInterval(this.holdTimer);
    this.listeners.clear();
  }
}

/** Shopper-side state the e2e reads (extends `AtelierDebug`). */
export interface ShopperDebug {
  sessionState(): string;
  cursor(): { active: boolean; xNorm: number; yNorm: number; target: string | null; progress: number; pinching: boolean; backProgress: number };
  backViewFrames(): number;
  /** Size of the newest back-view frame kept in memory, or null when none is kept. */
  backViewFrameSize(): { widthPx: number; heightPx: number } | null;
  /** Plays a track (a fixture name under /__e2e/tracks/, or a track object). */
  playTrack(track: string | ReplayTrack, opts?: { leave?: boolean }): Promise<void>;
  /** Raises the right hand to point at the element with this test id and holds it (a synthesised track). */
  pointAt(testId: string, holdMs?: number): Promise<void>;
  /**
   * Raises the right hand to point at the element with this test id, the hand stage's landmarks with it: the index
   * finger points, and from `pinchFromMs` to `pinchToMs` into the track the thumb pinches it (none if unset); with
   * `openPalm` the whole hand is open instead.
   */
  handAt(testId: string, opts: { holdMs: number; pinchFromMs?: number; pinchToMs?: number; openPalm?: boolean }): Promise<void>;
  /** The saved looks' items (what each look's QR code links to). */
  looks(): Array<{ items: Array<{ productId: string; sku: string }> }>;
}

declare global {
  interface Window {
    __atelierShopper?: ShopperDebug;
  }
}

export function installShopperHooks(hooks: ShopperDebug): void {
  window.__atelierShopper = hooks;
}

/** Loads a fixture track the e2e test serves at `/__e2e/tracks/<name>.json`. */
export async function fetchTrack(name: string): Promise<ReplayTrack> {
  const res = await fetch(`/__e2e/tracks/${encodeURIComponent(name)}.json`);
  if (!res.ok) throw new Error(`track ${name}: HTTP ${res.status}`);
  return (await res.json()) as ReplayTrack;
}
