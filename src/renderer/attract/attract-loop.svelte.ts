import type { AttractItem } from '../../shared/config-schema';

/**
 * Which of the store's attract pictures or clips is shown: a picture for `pictureS` seconds, a clip until it ends
 * (or fails to play), then the next, looping. Pictures of the next item are preloaded by the component. One timer,
 * cleared by `stop()`.
 */
export class AttractLoop {
  index = $state(0);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly items: readonly AttractItem[],
    private readonly pictureS: number,
  ) {}

  get current(): AttractItem | null {
    return this.items[this.index % Math.max(1, this.items.length)] ?? null;
  }

  get following(): AttractItem | null {
    return this.items.length > 1 ? (this.items[(this.index + 1) % this.items.length] ?? null) : null;
  }

  /** Starts the current item's clock (a clip calls `next()` itself when it ends). */
  start(): void {
    this.clear();
    const item = this.current;
    if (item && item.kind === 'image' && this.items.length > 1) this.timer = setTimeout(() => this.next(), this.pictureS * 1000);
  }

  /** The next item (a clip ended or could not play; a picture's time is up). */
  next(): void {
    if (this.items.length === 0) return;
    this.index = (this.index + 1) % this.items.length;
    this.start();
  }

  stop(): void {
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
