/** A named stage of the frame, run in insertion order: camera → interpolate → fit → render → overlay. */
export type FrameStage = (nowMs: number) => void;

/**
 * The one requestAnimationFrame loop of the mirror. Stages are named so the debug overlay can time them and so
 * a newcomer can read the frame's order in one place. A stage that throws is reported once and the loop goes on.
 */
export class FrameLoop {
  private readonly stages: Array<{ name: string; run: FrameStage }> = [];
  private handle = 0;
  private running = false;
  /** Last duration of each stage in ms (read by the debug overlay). */
  readonly stageMs = new Map<string, number>();
  private readonly failed = new Set<string>();
  /** Rendered frames per second, updated every second. */
  fps = 0;
  private framesThisSecond = 0;
  private secondStartMs = 0;

  add(name: string, run: FrameStage): void {
    this.stages.push({ name, run });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = (nowMs: number): void => {
      if (!this.running) return;
      for (const stage of this.stages) {
        const t0 = performance.now();
        try {
          stage.run(nowMs);
        } catch (e) {
          if (!this.failed.has(stage.name)) console.error(`frame stage ${stage.name} failed`, e);
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
