import { reportCaught } from '../bridge/page-problems';

/**
 * The frame's stages, in the order they run: the session's clock → framing (pan/zoom) → interpolate landmarks and
 * fit the garment → skeleton overlay → render → grab the rendered picture (back view, looks) → size advice →
 * panels that draw on their own (back-view replay, debug overlay). The camera's video texture updates itself.
 * Listed once here so the order reads in one place, whichever controller adds the stage.
 */
export const FRAME_STAGES = ['session', 'framing', 'fit', 'overlay', 'render', 'capture', 'advice', 'replay', 'debug'] as const;
export type FrameStageName = (typeof FRAME_STAGES)[number];
export type FrameStage = (nowMs: number) => void;

/**
 * The one requestAnimationFrame loop of the mirror: every per-frame job is a named stage here (no timers of its
 * own), so the debug overlay can time them. A stage that throws is reported once and the loop goes on.
 */
export class FrameLoop {
  private readonly stages: Array<{ name: FrameStageName; run: FrameStage }> = [];
  private handle = 0;
  private running = false;
  /** Last duration of each stage in ms (read by the debug overlay). */
  readonly stageMs = new Map<string, number>();
  private readonly failed = new Set<string>();
  /** Rendered frames per second, updated every second. */
  fps = 0;
  private framesThisSecond = 0;
  private secondStartMs = 0;

  /** Adds a stage at its place in `FRAME_STAGES` (after stages of the same name); returns its removal. */
  add(name: FrameStageName, run: FrameStage): () => void {
    const entry = { name, run };
    const rank = FRAME_STAGES.indexOf(name);
    const at = this.stages.findIndex((s) => FRAME_STAGES.indexOf(s.name) > rank);
    this.stages.splice(at < 0 ? this.stages.length : at, 0, entry);
    return () => {
      const i = this.stages.indexOf(entry);
      if (i >= 0) this.stages.splice(i, 1);
    };
  }

  /** Stage names in the order they run (tests read this). */
  get order(): FrameStageName[] {
    return this.stages.map((s) => s.name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = (nowMs: number): void => {
      if (!this.running) return;
      // A copy: a stage may remove itself (a panel closing) while the frame runs.
      for (const stage of [...this.stages]) {
        const t0 = performance.now();
        try {
          stage.run(nowMs);
        } catch (e) {
          if (!this.failed.has(stage.name)) console.error(`frame stage ${stage.name} failed`, e);
          reportCaught(`frame stage ${stage.name}`, e);
          this.failed.add(stage.name);
        }
        this.stageMs.set(stage.name, performance.now() - t0);
      }
      this.framesThisSecond++;
      if (nowMs - this.secondStartMs >= 1000) {
        this.fps = (this.framesThisSecond * 1000) / (nowMs - this.secondStartMs);
        this.framesThisSecond = 0;
        this.secondStartMs = nowMs;
      }
      this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.handle);
  }
}
