import * as v from 'valibot';
import { ModelSize, ExecutionProvider, Orientation, Language } from './config-schema';
import { event, invoke, send, type ApiOf, type ContractShape } from './contract-kit';
import { PoseFrameSchema } from './pose';
import * as catalog from './catalog';

/**
 * THE contract between the renderer and everything behind it (Electron main + inference process, or the web
 * shell). Each channel is declared once here; `window.atelier` is `AtelierApi`, derived from this table, and every
 * message is validated where it is received. Add a channel here, implement it in `src/core/api/handlers.ts`, and
 * both shells expose it.
 */

// strictObject: an array or an object with stray keys is a bad request, not an empty one.
const Empty = v.optional(v.strictObject({}), {});

export const AppInfoSchema = v.object({
  name: v.string(),
  version: v.string(),
  shell: v.picklist(['electron', 'web']),
  platform: v.string(),
  dataDir: v.string(),
  /** Prefix that turns a catalog asset's sha256 into a URL the renderer can fetch. */
  assetBase: v.string(),
});
export type AppInfo = v.InferOutput<typeof AppInfoSchema>;

export const PublicConfigSchema = v.object({
  camera: v.object({ deviceId: v.string(), widthPx: v.number(), heightPx: v.number() }),
  orientation: Orientation,
  modelSize: ModelSize,
  ep: ExecutionProvider,
  engine: v.picklist(['auto', 'native', 'browser']),
  language: Language,
  idleTimeoutS: v.number(),
  debugOverlay: v.boolean(),
});

export const HealthSchema = v.object({
  status: v.picklist(['ok', 'degraded']),
  uptimeS: v.number(),
  shell: v.picklist(['electron', 'web']),
  engine: v.object({
    state: v.picklist(['stopped', 'starting', 'running', 'restarting', 'failed', 'absent']),
    provider: v.nullable(v.string()),
    fps: v.number(),
    lastError: v.nullable(v.string()),
  }),
  errors: v.number(),
});
export type Health = v.InferOutput<typeof HealthSchema>;

export const EngineStatusSchema = v.object({
  state: v.picklist(['stopped', 'starting', 'running', 'restarting', 'failed', 'absent']),
  provider: v.nullable(v.string()),
  /** Why other providers were not used, e.g. `cuda: libraries not installed`. */
  providerNotes: v.array(v.string()),
  modelSize: ModelSize,
  lastError: v.nullable(v.string()),
  restarts: v.number(),
});
export type EngineStatus = v.InferOutput<typeof EngineStatusSchema>;

/**
 * A camera frame for the engine: RGBA, downscaled by the renderer. `data` is transferred (Electron MessagePort)
 * or sent as one binary WebSocket message (web shell): the sender must not touch it afterwards.
 */
export const CameraFrameSchema = v.object({
  frameId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  timestampMs: v.pipe(v.number(), v.finite()),
  widthPx: v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(4096)),
  heightPx: v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(4096)),
  data: v.instance(Uint8Array),
});
export type CameraFrame = v.InferOutput<typeof CameraFrameSchema>;

export const contract = {
  app: {
    info: invoke(Empty, AppInfoSchema),
    config: invoke(Empty, PublicConfigSchema),
    health: invoke(Empty, HealthSchema),
  },
  engine: {
    /** Latest engine state; emitted on every change. */
    onStatus: event(EngineStatusSchema),
    /** Camera frames in; the engine keeps only the newest one while busy. */
    submitFrame: send(CameraFrameSchema),
  },
  pose: {
    /** One PoseFrame per processed camera frame. */
    subscribe: event(PoseFrameSchema),
  },
  catalog: {
    browse: invoke(catalog.BrowseRequestSchema, catalog.ProductPageSchema),
    search: invoke(catalog.SearchRequestSchema, catalog.ProductPageSchema),
    product: invoke(catalog.ProductRequestSchema, catalog.ProductSchema),
    categories: invoke(Empty, v.array(catalog.CategorySchema)),
    syncStatus: invoke(Empty, catalog.SyncStatusSchema, 'staff'),
    /** Sync now from `url` or the last feed synced; resolves when the new catalog is live. */
    sync: invoke(catalog.SyncRequestSchema, catalog.SyncResultSchema, 'staff'),
  },
} satisfies ContractShape;

export type Contract = typeof contract;
/** The API the renderer sees as `window.atelier`. */
export type AtelierApi = ApiOf<Contract>;
