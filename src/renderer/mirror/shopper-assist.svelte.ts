import type { AtelierApi } from '../../shared/contract';
import type { PublicConfig } from '../../shared/config-schema';
import type { Recommendation } from '../../shared/recommend-api';
import { locale } from '../i18n/locale.svelte';
import { StaffCallController } from '../shop/staff-call.svelte';
import type { MirrorStage } from './mirror-stage.svelte';
import { ShopperPictures } from './shopper-pictures.svelte';
import { SizeAssist } from './size-assist.svelte';
import { TouchlessInput } from './touchless-input.svelte';
import type { TryOnSession } from './try-on-session.svelte';

/** A staff call as the shopper bar describes it. */
interface CallSummary {
  productId: string | null;
  productName: string | null;
  colour: string | null;
  size: string | null;
}

/**
 * What helps the shopper beyond trying on: touchless control, size advice, recommendations (complete the look,
 * also tried), the back view and saved looks, calling staff, and the store's settings they depend on (product
 * link, attract loop). Everything of the shopper is forgotten when the session ends.
 */
export class ShopperAssist {
  readonly touchless = new TouchlessInput();
  readonly size: SizeAssist;
  readonly pictures: ShopperPictures;
  /** The session's "call staff" request (cancelled when the session ends). */
  readonly staffCalls: StaffCallController;
  completeLook = $state.raw<Recommendation[]>([]);
  alsoTried = $state.raw<Recommendation[]>([]);
  /** The store's product-link pattern; empty until staff set it (then no QR code is offered). */
  urlPattern = $state('');
  /** The attract screen's loop of the store's own pictures and clips (admin settings, applied live). */
  attract = $state.raw<PublicConfig['attract']>({ items: [], pictureS: 6 });
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly api: AtelierApi,
    stage: MirrorStage,
    private readonly tryOn: TryOnSession,
  ) {
    this.size = new SizeAssist(api, tryOn.shop);
    this.pictures = new ShopperPictures(api, stage, tryOn);
    this.staffCalls = new StaffCallController(api);
    this.offs.push(
      stage.onPose(({ pose, aspect, captureMs }) => {
        if (tryOn.active && pose.landmarks.length > 0) this.onShopperPose(pose.landmarks, pose.worldLandmarks, aspect, captureMs, pose.hands ?? []);
      }),
      stage.loop.add('capture', (nowMs) => this.pictures.stageCapture(nowMs)),
      stage.loop.add('advice', (nowMs) => this.size.stage(nowMs, tryOn.active)),
      tryOn.onEnd(() => this.wipe()),
      api.app.onConfig((c) => this.applyConfig(c)),
    );
    void api.app
      .config({})
      .then((c) => this.applyConfig(c))
      .catch(() => {});
    // Recommendations follow the product and colour being looked at.
    $effect(() => {
      const id = tryOn.shop.product?.id;
      const colour = tryOn.shop.colour ?? undefined;
      if (!id) {
        this.completeLook = [];
        this.alsoTried = [];
        return;
      }
      let live = true;
      void api.shopper
        .completeLook(colour ? { productId: id, colour, limit: 4 } : { productId: id, limit: 4 })
        .then((r) => live && (this.completeLook = r))
        .catch(() => {});
      void api.shopper
        .alsoTried({ productId: id, limit: 4 })
        .then((r) => live && (this.alsoTried = r))
        .catch(() => {});
      return () => {
        live = false;
      };
    });
  }

  private onShopperPose(
    landmarks: Parameters<TouchlessInput['onPose']>[0],
    world: Parameters<SizeAssist['measure']>[0],
    aspect: number,
    capturedMs: number,
    hands: Parameters<TouchlessInput['onPose']>[3],
  ): void {
    // An open palm with nothing to close puts the product away.
    const swipe = this.touchless.onPose(landmarks, aspect, capturedMs, hands, () => this.tryOn.shop.closeProduct());
    if (swipe !== 0) void this.tryOn.step(swipe);
    const away = this.pictures.observeFacing(landmarks, capturedMs);
    if (!away) this.size.measure(world, landmarks);
  }

  private applyConfig(c: PublicConfig): void {
    this.urlPattern = c.productUrlPattern;
    if (JSON.stringify(c.attract) !== JSON.stringify(this.attract)) this.attract = c.attract;
  }

  /** Shows a recommended product in its colour and wears it. */
  async pick(r: Recommendation): Promise<void> {
    await this.tryOn.shop.selectProduct(r.productId);
    this.tryOn.shop.selectColour(r.colour);
    await this.tryOn.tryOn();
  }

  /** The product a staff call is about, in the shopper's language (name · colour · size), or null. */
  describeCall(c: CallSummary): string | null {
    if (!c.productName) return null;
    // The product shown is the called-for one: its name and colour in the shopper's language.
    const shown = this.tryOn.shop.product;
    const p = shown?.id === c.productId ? shown : null;
    return `${p ? locale.name(p.name, p.names) : c.productName} · ${p && c.colour ? locale.colour(c.colour, p.colourNames) : c.colour} · ${c.size}`;
  }

  /** Everything of the shopper's session is forgotten. */
  wipe(): void {
    this.staffCalls.end();
    this.touchless.reset();
    this.size.reset();
    this.pictures.clear();
    this.completeLook = [];
    this.alsoTried = [];
  }

  dispose(): void {
    this.offs.forEach((off) => off());
    this.staffCalls.dispose();
    this.wipe();
  }
}
