import type { AtelierApi } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';
import { MeasurementAverager, recommendSize, type SizeAdvice, type SizeChart } from '../../shared/sizing';
import type { Shop } from '../shop/shop.svelte';

/** How often the size advice is recomputed as measurements accumulate, ms (a frame-loop stage). */
const ADVICE_EVERY_MS = 700;

/**
 * Size advice: the shopper's body measured from the pose (facing the mirror only), the product's size chart, the
 * size it suggests (selected unless sold out, then the nearest in stock is offered), refined by a stated height.
 */
export class SizeAssist {
  chart = $state.raw<SizeChart | null>(null);
  advice = $state.raw<SizeAdvice | null>(null);
  /** The height the shopper typed in, cm; null: estimated from the pose. */
  heightCm = $state<number | null>(null);
  /** The advised size when it is sold out in the colour shown, with the nearest size in stock. */
  readonly soldOut = $derived.by(() => {
    const advice = this.advice;
    if (!advice || advice.stated.from !== advice.stated.to) return null;
    const v = this.shop.colourVariants.find((x) => x.size === advice.size);
    return v && v.stock === 0 ? { size: advice.size, nearest: this.shop.nearestInStock(advice.size) } : null;
  });
  private readonly measures = new MeasurementAverager();
  private lastAdviceMs = 0;

  constructor(
    api: AtelierApi,
    private readonly shop: Shop,
  ) {
    // The product's size chart follows the product being looked at.
    $effect(() => {
      const id = shop.product?.id;
      if (!id) {
        this.chart = null;
        return;
      }
      let live = true;
      void api.shopper
        .sizeChart({ productId: id })
        .then((c) => live && (this.chart = c))
        .catch(() => live && (this.chart = null));
      return () => {
        live = false;
      };
    });
  }

  /** Adds one frame's measurements (only while the shopper faces the mirror). */
  measure(world: PoseFrame['worldLandmarks'], landmarks: PoseFrame['landmarks']): void {
    if (world.length > 0) this.measures.add(world, landmarks);
  }

  /** The frame-loop stage: refreshes the advice about every 0.7 s while `active`. */
  stage(nowMs: number, active: boolean): void {
    if (nowMs - this.lastAdviceMs < ADVICE_EVERY_MS) return;
    this.lastAdviceMs = nowMs;
    const body = active ? this.measures.result(this.heightCm ?? undefined) : null;
    const advice = body && this.chart ? recommendSize(body, this.chart) : null;
    this.advice = advice;
    // One size stated: select it, unless it is sold out (then the advice says so and offers the nearest).
    if (advice && advice.stated.from === advice.stated.to) {
      const v = this.shop.colourVariants.find((x) => x.size === advice.size);
      if (v && v.stock > 0) this.shop.suggestSize(advice.size);
    }
  }

  reset(): void {
    this.measures.clear();
    this.advice = null;
    this.heightCm = null;
  }
}
