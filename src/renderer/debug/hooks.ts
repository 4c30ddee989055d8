import type { Camera } from '../camera/camera.svelte';
import type { MirrorScene } from '../scene/mirror-scene';
import type { PoseStream } from '../tracking/pose-stream.svelte';
import type { PoseFrame } from '../../shared/pose';
import type { FitSample, Fitting } from '../tryon/fitting';

/** Pixels of the displayed mirror and of the raw camera frame, captured in the same task (same video frame). */
export interface SnapshotPair {
  widthPx: number;
  heightPx: number;
  /** RGBA of the WebGL canvas, downscaled. */
  display: number[];
  /** RGBA of the camera frame as the camera delivers it (not mirrored), downscaled to the same size. */
  camera: number[];
  videoTimeS: number;
}

export interface AtelierDebug {
  cameraState(): string;
  /** Pose frames received that had a person in them. */
  trackedFrames(): number;
  latestPose(): PoseFrame | null;
  engineState(): string | null;
  fitSamples(): FitSample[];
  snapshotPair(widthPx: number, heightPx: number): Promise<SnapshotPair | null>;
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
export function installDebugHooks(deps: { scene: MirrorScene; camera: Camera; poses: PoseStream; fitting: Fitting }): void {
  const grab = (source: CanvasImageSource, w: number, h: number): number[] => {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(source, 0, 0, w, h);
    return Array.from(ctx.getImageData(0, 0, w, h).data);
  };
  window.__atelierDebug = {
    cameraState: () => deps.camera.state.kind,
    trackedFrames: () => deps.poses.trackedFrames,
    latestPose: () => deps.poses.latest,
    engineState: () => deps.poses.status?.state ?? null,
    fitSamples: () => [...deps.fitting.fitSamples()],
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
        return {
          widthPx: w,
          heightPx: h,
          display: grab(deps.scene.canvas, w, h),
          camera: grab(video, w, h),
          videoTimeS: video.currentTime,
        };
      } finally {
        await video.play();
      }
    },
  };
}
