import type { AtelierApi } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';
import { BackViewBuffer } from '../backview/back-view';
import { FacingTracker } from '../backview/facing';
import { LookBook, type Look } from '../looks/looks';
import type { MirrorStage } from './mirror-stage.svelte';
import type { TryOnSession } from './try-on-session.svelte';

/**
 * Height of the back view's frames kept in memory, px (never stored): the replay fills about two thirds of a
 * 1920 px tall mirror, and smaller frames (320 px wide were tried) are visibly blurred when stretched to it.
 */
const BACKVIEW_HEIGHT_PX = 720;
/** The back view's ring keeps about 8 frames a second: smooth enough to see the garment turn. */
const BACKVIEW_EVERY_MS = 125;
/** Width of a saved look's picture, px: the looks tray's thumbnail and the QR code's page. */
const LOOK_WIDTH_PX = 480;

/**
 * Pictures of the shopper, in memory only and forgotten when the session ends: the back view (frames kept while
 * their back is turned, replayed when they face the mirror again) and saved looks (the outfit's picture and items).
 */
export class ShopperPictures {
  backViewReady = $state(false);
  /** The back view being replayed (borrowed from the ring until closed), or null. */
  replayFrames = $state.raw<ImageBitmap[] | null>(null);
  looks = $state.raw<Look[]>([]);
  /** A saved look waiting for the shopper to say which look it replaces (the tray is full). */
  pendingLook = $state.raw<{ pictureUrl: string; items: Look['items'] } | null>(null);
  /** Frames in the back view's ring and the newest one (e2e reads them). */
  readonly backView = new BackViewBuffer<ImageBitmap>({ close: (b) => b.close() });
  readonly lookBook = new LookBook((url) => URL.revokeObjectURL(url));
  private readonly facing = new FacingTracker();
  /** A small copy of the composed mirror picture, taken right after it was rendered (the canvas keeps no buffer). */
  private readonly grabCanvas = document.createElement('canvas');
  private lastGrabMs = 0;
  private saveLookRequested = false;

  constructor(
    private readonly api: AtelierApi,
    private readonly stage: MirrorStage,
    private readonly tryOn: TryOnSession,
  ) {}

  /** Follows which way the shopper faces; returns whether their back is turned. */
  observeFacing(landmarks: PoseFrame['landmarks'], nowMs: number): boolean {
    const away = this.facing.update(landmarks, nowMs);
    if (this.backView.facing(away, nowMs)) this.backViewReady = true;
    return away;
  }

  /** Saves the outfit's look on the next rendered frame. */
  saveLook(): void {
    this.saveLookRequested = true;
  }

  showBackView(): void {
    this.replayFrames = this.backView.replay;
    this.backViewReady = false;
  }

  closeBackView(): void {
    this.replayFrames = null;
    this.backView.dropReplay();
  }

  replaceLook(lookId: number): void {
    if (!this.pendingLook) return;
    this.lookBook.add(this.pendingLook.pictureUrl, this.pendingLook.items, lookId);
    this.pendingLook = null;
    this.looks = this.lookBook.looks;
  }

  dropPendingLook(): void {
    if (this.pendingLook) URL.revokeObjectURL(this.pendingLook.pictureUrl);
    this.pendingLook = null;
  }

  /** The frame-loop stage after render: the look asked for, and the back view's ring. */
  stageCapture(nowMs: number): void {
    if (!this.tryOn.active) return;
    if (this.saveLookRequested) {
      this.saveLookRequested = false;
      this.captureLook();
    }
    if (nowMs - this.lastGrabMs < BACKVIEW_EVERY_MS) return;
    this.lastGrabMs = nowMs;
    const c = this.stage.grabFrame(this.grabCanvas, { maxHeightPx: BACKVIEW_HEIGHT_PX });
    if (c) void createImageBitmap(c).then((b) => (this.tryOn.active ? this.backView.push(b, performance.now()) : b.close()));
  }

  private captureLook(): void {
    const c = this.stage.grabFrame(this.grabCanvas, { maxWidthPx: LOOK_WIDTH_PX });
    // The look is the whole outfit: every item is in its picture and in its QR code.
    const items = this.tryOn.outfit.items.map((i) => ({ productId: i.productId, sku: i.sku, name: i.name, colour: i.colour, names: i.names, colourNames: i.colourNames }));
    if (!c || items.length === 0) return;
    c.toBlob((blob) => {
      if (!blob || !this.tryOn.active) return;
      const pictureUrl = URL.createObjectURL(blob);
      // A full tray never drops a look by itself: the shopper chooses which one the new look replaces.
      if (this.lookBook.full) {
        this.dropPendingLook();
        this.pendingLook = { pictureUrl, items };
        return;
      }
      this.lookBook.add(pictureUrl, items);
      this.looks = this.lookBook.looks;
      const sessionId = this.tryOn.sessionId;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp sent once, not UI state
      if (sessionId) void this.api.admin.recordLookSaved({ sessionId, skus: items.map((i) => i.sku), savedAt: new Date().toISOString() }).catch(() => {});
    });
  }

  /** Forgets every picture of the shopper. */
  clear(): void {
    this.facing.reset();
    this.backView.clear();
    this.backViewReady = false;
    this.replayFrames = null;
    this.lookBook.clear();
    this.looks = [];
    this.dropPendingLook();
  }
}
