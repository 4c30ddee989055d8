import type { AtelierApi } from '../../shared/contract';
import { fabricOf } from '../../shared/fabric';
import { pieceOf, type OutfitSlot } from '../../shared/outfit';
import { locale } from '../i18n/locale.svelte';
import { PanelDock, type PanelDockOptions } from '../layout/panel-dock';
import { ScrollMemory } from '../layout/scroll-memory';
import { ShopperSession } from '../session/shopper-session';
import { shopperZone } from '../session/shopper-zone';
import { Outfit, type OutfitItem } from '../shop/outfit.svelte';
import { Shop } from '../shop/shop.svelte';
import { loadCatalogGarment } from '../tryon/garment-loader';
import { disposeLoadedGarment3d, loadCatalogGarment3d } from '../tryon/garment3d-loader';
import { GarmentSwitch } from '../tryon/garment-switch';
import type { KioskSettings } from './kiosk-settings.svelte';
import type { MirrorStage } from './mirror-stage.svelte';

/**
 * The shopper's visit and what they wear: the session's lifecycle (attract ↔ active, from the shopper zone and
 * the session clock), the shop being browsed, the outfit put on and taken off (2D or 3D, at the size's chart
 * measurements), the panels folding away while something is worn, and the anonymous try-on log.
 */
export class TryOnSession {
  /** The UI's view of the lifecycle: the session's grace period while the shopper steps out still shows it. */
  state = $state<'attract' | 'active'>('attract');
  garmentError = $state<string | null>(null);
  /** Wear the 3D version of garments that have one (a toggle on the product panel). */
  view3d = $state(false);
  /** While a garment is worn the shop folds into a slim bar, so the panels leave the shopper visible. */
  panelsCollapsed = $state(false);
  readonly shop: Shop;
  /** What the shopper wears: one garment per slot (top, bottom, outerwear). */
  readonly outfit = new Outfit();
  readonly dock: PanelDock;
  /** Where the panels rebuilt on each unfold were scrolled (the rail is kept whole and keeps its own). */
  readonly panelScroll = new ScrollMemory();
  private readonly session: ShopperSession;
  /** The latest garment asked for in a slot wins over slower loads of earlier ones. */
  private readonly switching = new GarmentSwitch<OutfitSlot>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not UI state
  private readonly endListeners = new Set<() => void>();
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly api: AtelierApi,
    private readonly settings: KioskSettings,
    private readonly stage: MirrorStage,
    /** The panels' fold clock (the e2e build shortens it). */
    dockOpts: PanelDockOptions = {},
  ) {
    this.dock = new PanelDock((c) => (this.panelsCollapsed = c), dockOpts);
    this.shop = new Shop(api);
    // Staff edits reach the mirror at once (admin screen → catalog.onChange), no reload.
    this.offs.push(api.catalog.onChange(() => void this.shop.refresh()));
    this.session = new ShopperSession({
      leaveAfterMs: settings.idleTimeoutS * 1000,
      onStart: () => void this.shop.load(),
      onEnd: () => this.end(),
    });
    this.offs.push(
      stage.onPose(({ pose, aspect, nowMs }) => {
        this.session.observe(shopperZone(pose.landmarks, aspect), nowMs);
        this.sync();
      }),
      // The session's clock runs on the frame loop: with no pose frames (engine down) the zone still empties; a
      // busy engine (a frame out, not hung) is not an empty zone.
      stage.loop.add('session', (nowMs) => {
        this.session.tick(nowMs, stage.awaitingPoseSinceMs);
        this.dock.tick(nowMs);
        this.sync();
      }),
    );
    $effect(() => this.dock.setWearing(this.outfit.items.length > 0, performance.now()));
    // Switching colour (or 2D/3D) while wearing puts the new one on; so does another size, drawn at its own chart
    // measurements.
    $effect(() => {
      const v = this.shop.variant;
      const sha = (this.view3d && v?.asset3d ? v.asset3d.sha256 : v?.asset2d?.sha256) ?? null;
      const wornSku = this.outfit.of(this.shop.product?.id)?.sku;
      if (this.wearingSha && sha && (sha !== this.wearingSha || (v && v.sku !== wornSku))) void this.tryOn();
    });
  }

  /** The asset of the selected product as worn now, or null when it is not part of the outfit. */
  get wearingSha(): string | null {
    return this.outfit.of(this.shop.product?.id)?.sha256 ?? null;
  }

  get active(): boolean {
    return this.state === 'active';
  }

  /** The visit's id while a shopper is there (analytics are keyed by it, never by a person). */
  get sessionId(): string | null {
    return this.session.sessionId;
  }

  /** Calls `fn` when the shopper has left (after the outfit came off), to forget what was theirs. */
  onEnd(fn: () => void): () => void {
    this.endListeners.add(fn);
    return () => this.endListeners.delete(fn);
  }

  private sync(): void {
    this.state = this.session.active ? 'active' : 'attract';
  }

  /** The shopper pressed "I'm done". */
  done(): void {
    this.session.done(performance.now());
    this.sync();
  }

  private end(): void {
    // The shopper left: take the outfit off and forget everything of theirs.
    this.logWorn(this.outfit.clear());
    for (const fn of this.endListeners) fn();
    this.state = 'attract';
    // A garment still loading was the last shopper's choice: it must not appear on the next one.
    this.switching.cancel();
    this.stage.fitting?.takeOff();
    this.stage.fitting?.reset();
    this.stage.framing.reset();
    this.dock.reset();
    this.panelScroll.clear();
    this.garmentError = null;
    this.shop.clear();
    // The next shopper starts in the store's language, not the last one's.
    locale.reset();
  }

  /** Puts the selected variant on. */
  async tryOn(): Promise<void> {
    const variant = this.shop.variant;
    const product = this.shop.product;
    const fitting = this.stage.fitting;
    if (!variant?.asset2d || !product || !fitting) return;
    const use3d = this.view3d && variant.asset3d !== null;
    const sha = use3d ? variant.asset3d!.sha256 : variant.asset2d.sha256;
    // The garment goes into its slots (a top, a bottom, outerwear; a dress is both top and bottom), replacing only
    // what is worn there, drawn at its size's chart measurements.
    const piece = pieceOf(product, variant);
    const wearOpts = { slots: piece.slots, tuck: piece.tuck, garmentCm: product.garmentChart[variant.size] ?? null, fabric: fabricOf(product) };
    try {
      // Only the shopper's latest choice for a slot is worn: a slower load of an earlier one is discarded when it
      // lands, and so is one landing after the session ended.
      const active = (): boolean => this.active;
      const worn = use3d
        ? await this.switching.load(
            piece.slots,
            () => loadCatalogGarment3d(variant.asset3d!, this.settings.assetBase),
            (garment) => fitting.wear3d(garment, wearOpts),
            disposeLoadedGarment3d,
            active,
          )
        : await this.switching.load(
            piece.slots,
            () => loadCatalogGarment(variant.asset2d!, product.categoryId, this.settings.assetBase),
            (garment) => fitting.wear(garment, wearOpts),
            (garment) => {
              garment.image.close();
              garment.backImage?.close();
            },
            active,
          );
      if (!worn) return;
      this.logWorn(
        this.outfit.putOn({
          productId: product.id,
          sku: variant.sku,
          name: product.name,
          colour: variant.colour,
          size: variant.size,
          names: product.names,
          colourNames: product.colourNames,
          sha256: sha,
          slots: piece.slots,
          tuck: piece.tuck,
          startedAtMs: Date.now(),
        }),
      );
      this.garmentError = null;
    } catch (e) {
      this.garmentError = (e as Error).message;
    }
  }

  /** Takes the selected product off (the rest of the outfit stays on). */
  takeOff(): void {
    const product = this.shop.product;
    const item = product ? this.outfit.takeOff(product.id) : null;
    if (!item) return;
    this.switching.cancel(item.slots);
    this.logWorn([item]);
    for (const slot of item.slots) this.stage.fitting?.takeOffSlot(slot);
  }

  /** Shows the next (`step` 1) or previous (−1) product of the rail, and wears it if something is worn. */
  async step(step: number): Promise<void> {
    const list = this.shop.products;
    if (list.length === 0) return;
    const i = list.findIndex((p) => p.id === this.shop.product?.id);
    const next = list[(i + step + list.length) % list.length]!;
    await this.shop.selectProduct(next.id);
    if (this.outfit.items.length > 0) await this.tryOn();
  }

  /** Logs garments coming off (anonymous: visit id, SKU, start, duration). */
  private logWorn(items: readonly OutfitItem[]): void {
    const sessionId = this.session.sessionId;
    if (!sessionId) return;
    for (const worn of items) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp sent once, not UI state
      const startedAt = new Date(worn.startedAtMs).toISOString();
      void this.api.admin.recordTryOn({ sessionId, sku: worn.sku, startedAt, durationMs: Math.round(Date.now() - worn.startedAtMs) }).catch(() => {});
    }
  }

  dispose(): void {
    this.offs.forEach((off) => off());
    this.endListeners.clear();
  }
}
