/**
 * The 1€ filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass whose cut-off rises with speed, so a still hand
 * gives a still cursor and a moving one a cursor without lag.
 */
export interface OneEuroOptions {
  /** Cut-off at rest, Hz. Lower = steadier. @default 1.2 */
  minCutoffHz?: number;
  /** How fast the cut-off rises with speed (per unit/s). @default 2 */
  beta?: number;
  /** Cut-off of the speed estimate, Hz. @default 1 */
  derivativeCutoffHz?: number;
}

const alpha = (cutoffHz: number, dtS: number): number => {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtS);
};

export class OneEuroFilter {
  private x: number | null = null;
  private dx = 0;
  private lastMs = 0;
  private readonly minCutoffHz: number;
  private readonly beta: number;
  private readonly dCutoffHz: number;

  constructor(opts: OneEuroOptions = {}) {
    this.minCutoffHz = opts.minCutoffHz ?? 1.2;
    this.beta = opts.beta ?? 2;
    this.dCutoffHz = opts.derivativeCutoffHz ?? 1;
  }

  filter(value: number, nowMs: number): number {
    if (this.x === null) {
      this.x = value;
      this.lastMs = nowMs;
      return value;
    }
    const dtS = Math.max(1e-3, (nowMs - this.lastMs) / 1000);
    this.lastMs = nowMs;
    const dx = (value - this.x) / dtS;
    this.dx += alpha(this.dCutoffHz, dtS) * (dx - this.dx);
    const cutoff = this.minCutoffHz + this.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dtS) * (value - this.x);
    return this.x;
  }

  reset(): void {
    this.x = null;
    this.dx = 0;
  }
}
