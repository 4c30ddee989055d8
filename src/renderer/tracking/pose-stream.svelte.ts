import type { AtelierApi, EngineStatus } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';

/**
 * The renderer's view of the engine: the newest pose frames (raw, for interpolation), inference fps and
 * camera-to-landmark latency, and the engine's status. Large arrays live in `$state.raw` so Svelte does not
 * proxy every landmark.
 */
export class PoseStream {
  latest = $state.raw<PoseFrame | null>(null);
  previous = $state.raw<PoseFrame | null>(null);
  status = $state.raw<EngineStatus | null>(null);
  /** Pose frames per second, over the last second. */
  fps = $state(0);
  /** Capture → landmarks-received latency of the newest frame, ms. */
  latencyMs = $state(0);
  /** Frames received with a person in them since start (tests read this). */
  trackedFrames = 0;
  private arrivalsMs: number[] = [];
  private readonly offs: Array<() => void> = [];

  constructor(api: AtelierApi, onPose?: (pose: PoseFrame) => void) {
    this.offs.push(
      api.pose.subscribe((pose) => {
        const now = performance.now();
        this.previous = this.latest;
        this.latest = pose;
        this.latencyMs = now - pose.timestampMs;
        if (pose.landmarks.length > 0) this.trackedFrames++;
        this.arrivalsMs.push(now);
        while (this.arrivalsMs.length > 0 && now - this.arrivalsMs[0]! > 1000) this.arrivalsMs.shift();
        this.fps = this.arrivalsMs.length;
        onPose?.(pose);
      }),
      api.engine.onStatus((s) => (this.status = s)),
    );
  }

  dispose(): void {
    this.offs.forEach((off) => off());
  }
}
