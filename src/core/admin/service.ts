import { publicConfig, type Config, type ConfigInput } from '../../shared/config-schema';
import type { AdminSettings, CatalogChange, SettingsPatch } from '../../shared/admin';
import { ApiError } from '../../shared/contract-kit';
import { ConfigError, saveConfig, validateConfig, mergeConfig } from '../config';
import type { CoreServices } from '../services';
import { StaffAccounts } from './accounts';
import { AuditLog } from './audit';
import { TryOnAnalytics } from './analytics';
import { CatalogEditor } from './catalog-edit';
import { KioskCodes } from './kiosk-codes';
import { RateWindow } from './login-guard';
import { StaffCalls, type CalledFor } from './staff-calls';
import { StoreMedia } from './store-media';

/** Internal (not contract) event the web shell listens to, to open or close the admin listener. */
import { CONFIG_CHANGED } from '../events';
export { CONFIG_CHANGED };

/**
 * Everything behind the `admin.*` channels for one process, built on first use over the catalog database.
 * One per CoreServices (see `adminOf`).
 */
export class AdminService {
  readonly audit: AuditLog;
  readonly accounts: StaffAccounts;
  readonly editor: CatalogEditor;
  readonly analytics: TryOnAnalytics;
  /** One-time codes the kiosk's own screen shows (first-run setup, unlock). */
  readonly kioskCodes = new KioskCodes();
  /** Try-on events per mirror connection: a real shopper finishes a few per minute. */
  readonly tryOnRate = new RateWindow(30, 60_000);
  /** The shoppers' open "call staff" requests (in memory), published to every staff screen. */
  readonly staffCalls: StaffCalls;
  /** Staff calls per mirror connection: a shopper asks a few times a visit at most. */
  readonly staffCallRate = new RateWindow(10, 60_000);
  /** The store's pictures and clips for the attract loop. */
  readonly media: StoreMedia;

  constructor(private readonly s: CoreServices) {
    this.audit = new AuditLog(s.catalog.db);
    this.accounts = new StaffAccounts(s.catalog.db, this.audit, Date.now, () => s.loaded.config.security.minPinDigits);
    this.editor = new CatalogEditor(s.catalog);
    this.analytics = new TryOnAnalytics(s.catalog.db);
    this.media = new StoreMedia(s.catalog.db, s.catalog.assets);
    this.staffCalls = new StaffCalls({ publish: (calls) => s.events.publish('staff.onCalls', calls) });
  }

  /** The product, colour and size of `sku`, from the catalog; null for an unknown SKU. */
  calledFor(sku: string): CalledFor | null {
    const row = this.s.catalog.db.prepare('SELECT p.id FROM variants v JOIN products p ON p.pk = v.product_pk WHERE v.sku = ?').get(sku) as { id: string } | undefined;
    const product = row ? this.s.catalog.product(row.id) : null;
    const variant = product?.variants.find((x) => x.sku === sku);
    if (!product || !variant) return null;
    return { sku, productId: product.id, productName: product.name, colour: variant.colour, size: variant.size };
  }

  /** Tells every running mirror that the catalog changed, so it reloads what it shows (no restart). */
  catalogChanged(productIds: string[]): void {
    const change: CatalogChange = { productIds, at: new Date().toISOString() };
    this.s.events.publish('catalog.onChange', change);
  }

  settings(): AdminSettings {
    const c = this.s.loaded.config;
    return {
      cameraDeviceId: c.camera.deviceId,
      orientation: c.orientation,
      modelSize: c.modelSize,
      ep: c.ep,
      language: c.language,
      idleTimeoutS: c.idleTimeoutS,
      debugOverlay: c.debugOverlay,
      webAdmin: { enabled: c.admin.enabled, host: c.admin.host, port: c.admin.port },
      productUrlPattern: c.productUrlPattern,
      camera: { widthPx: c.camera.widthPx, heightPx: c.camera.heightPx, frameRate: c.camera.frameRate, rotationDeg: c.camera.rotationDeg },
      attract: { items: c.attract.items, pictureS: c.attract.pictureS },
    };
  }

  /**
   * Saves to config.json and applies at once: the running config is replaced, renderers get `app.onConfig`, the
   * web shell re-binds its admin listener. Values from flags/env stay overridden by the new file values in memory.
   */
  saveSettings(patch: SettingsPatch): { before: AdminSettings; after: AdminSettings } {
    const before = this.settings();
    const input: ConfigInput = {};
    if (patch.cameraDeviceId !== undefined || patch.camera) input.camera = { ...patch.camera, ...(patch.cameraDeviceId !== undefined ? { deviceId: patch.cameraDeviceId } : {}) };
    if (patch.productUrlPattern !== undefined) input.productUrlPattern = patch.productUrlPattern;
    if (patch.attract) {
      for (const item of patch.attract.items) {
        if (!this.media.has(item.sha256)) throw new ApiError('bad_request', `attract loop: no uploaded file ${item.sha256.slice(0, 12)}…: upload it first`);
      }
      input.attract = patch.attract;
    }
    if (patch.orientation) input.orientation = patch.orientation;
    if (patch.modelSize) input.modelSize = patch.modelSize;
    if (patch.ep) input.ep = patch.ep;
    if (patch.language) input.language = patch.language;
    if (patch.idleTimeoutS !== undefined) input.idleTimeoutS = patch.idleTimeoutS;
    if (patch.debugOverlay !== undefined) input.debugOverlay = patch.debugOverlay;
    if (patch.webAdmin) {
      if (patch.webAdmin.enabled && patch.webAdmin.port === this.s.loaded.config.port) {
        throw new ApiError('bad_request', `port ${patch.webAdmin.port} is the mirror's own port: choose another`);
      }
      input.admin = patch.webAdmin;
    }
    let next: Config;
    try {
      next = validateConfig(mergeConfig(this.s.loaded.config, input), 'settings');
      saveConfig(this.s.loaded.dataDir, input);
    } catch (e) {
      if (e instanceof ConfigError) throw new ApiError('bad_request', e.message);
      throw new ApiError('unavailable', `could not save the settings: ${(e as Error).message}`);
    }
    this.s.loaded.config = next;
    this.s.events.publish('app.onConfig', publicConfig(next));
    this.s.events.publish(CONFIG_CHANGED, next);
    return { before, after: this.settings() };
  }
}

const instances = new WeakMap<CoreServices, AdminService>();

/** The AdminService of `s`, created on first use. */
export function adminOf(s: CoreServices): AdminService {
  let a = instances.get(s);
  if (!a) instances.set(s, (a = new AdminService(s)));
  return a;
}
