import type { AtelierApi } from '../../shared/contract';
import type { ModelSize, PublicConfig } from '../../shared/config-schema';
import type { CameraOptions } from '../camera/camera.svelte';
import type { EngineSetting } from '../engine/select-engine';
import { locale } from '../i18n/locale.svelte';
import { setClothMotion } from '../cloth/sim-client';

/**
 * The mirror's settings as staff set them (`app.config`, changed live through `app.onConfig`). App owns one and
 * provides it through the kiosk context; the mirror reads it there instead of through props.
 */
export class KioskSettings {
  camera = $state.raw<CameraOptions | null>(null);
  orientation = $state<'portrait' | 'landscape'>('portrait');
  debug = $state(false);
  /** Where catalog images and garment assets are served from. */
  assetBase = $state('');
  /** How long the shopper's zone stays empty before the session ends, s. @default 20 */
  idleTimeoutS = $state(20);
  engine = $state<EngineSetting>('auto');
  modelSize = $state<ModelSize>('full');
  /** Whole-body framing (pan/zoom that follows the shopper); off: the cover-fitted camera picture. */
  framing = $state(true);
  /** The key under which the mirror remounts: any camera or engine change restarts camera and engine. */
  readonly mountKey = $derived(`${JSON.stringify(this.camera)}|${this.engine}|${this.modelSize}`);

  constructor(
    readonly api: AtelierApi,
    /** `?debug` forces the overlay on whatever the settings say. */
    private readonly urlDebug: boolean,
  ) {
    this.debug = urlDebug;
  }

  apply(c: PublicConfig): void {
    this.idleTimeoutS = c.idleTimeoutS;
    locale.setStoreDefault(c.language);
    this.orientation = c.orientation;
    this.debug = this.urlDebug || c.debugOverlay;
    this.engine = c.engine;
    this.modelSize = c.modelSize;
    this.framing = c.framing;
    setClothMotion(c.clothMotion);
    // Any camera setting (device, resolution, frame rate, rotation) restarts the camera: the mirror remounts with it.
    const next = { deviceId: c.camera.deviceId, widthPx: c.camera.widthPx, heightPx: c.camera.heightPx, frameRate: c.camera.frameRate, rotationDeg: c.camera.rotationDeg };
    if (JSON.stringify(next) !== JSON.stringify(this.camera)) this.camera = next;
  }
}
