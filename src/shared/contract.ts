import * as v from 'valibot';
import { ModelSize, ExecutionProvider, Orientation, Language, CameraRotation, AttractItemSchema } from './config-schema';
import { channelsOf, event, invoke, send, type ApiOf, type ChannelNames, type ContractShape, type EventSpec, type SendSpec } from './contract-kit';
import { PoseFrameSchema } from './pose';
import * as catalog from './catalog';
import { SizeChartRequestSchema, SizeChartSchema } from './sizing-api';
import { RecommendRequestSchema, RecommendationsSchema } from './recommend-api';
import * as admin from './admin';
import * as staffCall from './staff-call';
import { PageProblemSchema } from './page-problem';

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
  /** Prefix that turns a catalog asset's sha256 into a URL the renderer can fetch. */
  assetBase: v.string(),
});
export type AppInfo = v.InferOutput<typeof AppInfoSchema>;

export const PublicConfigSchema = v.object({
  camera: v.object({ deviceId: v.string(), widthPx: v.number(), heightPx: v.number(), frameRate: v.number(), rotationDeg: CameraRotation }),
  orientation: Orientation,
  modelSize: ModelSize,
  ep: ExecutionProvider,
  engine: v.picklist(['auto', 'native', 'browser']),
  language: Language,
  idleTimeoutS: v.number(),
  debugOverlay: v.boolean(),
  productUrlPattern: v.string(),
  framing: v.boolean(),
  clothMotion: v.boolean(),
  attract: v.object({ items: v.array(AttractItemSchema), pictureS: v.number() }),
});

const EngineState = v.picklist(['stopped', 'starting', 'running', 'restarting', 'failed', 'absent']);

/** What `/healthz` and `app.health` answer: enough for staff or a remote monitor to see what is wrong. */
export const HealthSchema = v.object({
  /** `degraded` whenever `problems` is not empty. */
  status: v.picklist(['ok', 'degraded']),
  uptimeS: v.number(),
  shell: v.picklist(['electron', 'web']),
  /** The shell's own process; `rssMB` is its resident memory. */
  pid: v.number(),
  rssMB: v.number(),
  engine: v.object({
    state: EngineState,
    provider: v.nullable(v.string()),
    /** Pose frames per second over the last second (native engine only). */
    fps: v.number(),
    lastError: v.nullable(v.string()),
    restarts: v.number(),
    /** The inference process, while one runs (fault tests and monitors kill or watch it). */
    pid: v.nullable(v.number()),
    /** The warm spare that takes over if the engine dies (config `engineStandby`). */
    standby: v.picklist(['none', 'starting', 'ready']),
  }),
  catalog: v.object({
    products: v.number(),
    /** ISO 8601. */
    lastSyncAt: v.nullable(v.string()),
    lastAttemptAt: v.nullable(v.string()),
    /** The last failed sync or catalog write, one line (`disk full: …`); null once one succeeds. */
    lastError: v.nullable(v.string()),
  }),
  storage: v.object({
    /** Free space for the data directory in MiB; null where the platform cannot say. */
    freeMB: v.nullable(v.number()),
    /** Below the configured minimum (`health.minFreeMB`). */
    low: v.boolean(),
  }),
  /** What the pages (mirror, admin screen) reported on `app.reportProblem` since start; also in `errors`. */
  pages: v.object({
    reports: v.number(),
    /** Reports of the last 10 minutes: while any, `problems` has a line for them (health is `degraded`). */
    recent: v.number(),
    /** The last report as its log line (`mirror csp: Refused to connect …`); null before the first. */
    last: v.nullable(v.string()),
  }),
  /** Error-level log lines since start. */
  errors: v.number(),
  /** One line per thing staff should act on; empty when all is well. */
  problems: v.array(v.string()),
});
export type Health = v.InferOutput<typeof HealthSchema>;

export const EngineStatusSchema = v.object({
  state: EngineState,
  provider: v.nullable(v.string()),
  /** Why other providers were not used, e.g. `cuda: libraries not installed`. */
  providerNotes: v.array(v.string()),
  modelSize: ModelSize,
  lastError: v.nullable(v.string()),
  restarts: v.number(),
});
export type EngineStatus = v.InferOutput<typeof EngineStatusSchema>;

/**
 * A camera frame for the engine: RGBA, downscaled by the renderer. `data` is copied, never transferred, on its way
 * to the native engine (Electron: by `contextBridge` and by IPC's structured clone; web shell: into one binary
 * WebSocket message), and transferred to the browser engine's worker: the sender must not touch it afterwards.
 */
export const CameraFrameSchema = v.object({
  frameId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  timestampMs: v.pipe(v.number(), v.finite()),
  widthPx: v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(4096)),
  heightPx: v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(4096)),
  data: v.instance(Uint8Array),
  /**
   * Whether the sender draws anything the person mask serves (a worn garment's occlusion, the debug view). `false`:
   * the engine skips the mask (the landmark model's segmentation head, or the selfie model) for this frame and sends
   * `mask: null` — an empty mirror or a shopper browsing without a garment does not pay for it (issue 18.3).
   * Absent: the mask is wanted, as before this field existed.
   */
  needsMask: v.optional(v.boolean()),
});
export type CameraFrame = v.InferOutput<typeof CameraFrameSchema>;

export const contract = {
  app: {
    info: invoke(Empty, AppInfoSchema),
    config: invoke(Empty, PublicConfigSchema),
    /** Operations data (pids, memory, errors): staff only; `/healthz` serves monitors on loopback. */
    health: invoke(Empty, HealthSchema, 'staff'),
    /** Ends the kiosk: the only way out, behind a manager's PIN. The Electron shell quits; the web shell refuses. */
    quit: invoke(Empty, v.object({ quitting: v.boolean() }), 'manager'),
    /** The configuration after a manager changed a setting (applied live). */
    onConfig: event(PublicConfigSchema),
    /**
     * A page's uncaught error, unhandled rejection or CSP violation, for the shell's log and health: a kiosk's console
     * is read by no one. Any page may report; rate-limited per address (what is over is counted, not logged). An
     * invoke, not a send: a page's first problems come before its bridge is open, and invokes wait for it.
     */
    reportProblem: invoke(PageProblemSchema, Empty),
  },
  engine: {
    /** Latest engine state; emitted on every change. */
    onStatus: event(EngineStatusSchema),
    /**
     * Camera frames in; the engine keeps only the newest one while busy. One mirror feeds an engine at a time: a
     * second one gets a `busy` error until the first has been idle for a few seconds or has gone.
     */
    submitFrame: send(CameraFrameSchema),
  },
  pose: {
    /**
     * One PoseFrame per processed camera frame, to the mirror that sent that frame only (never broadcast, never a
     * pose from before this page's own frames).
     */
    subscribe: event(PoseFrameSchema, { lossy: true, routed: true }),
  },
  catalog: {
    browse: invoke(catalog.BrowseRequestSchema, catalog.ProductPageSchema),
    search: invoke(catalog.SearchRequestSchema, catalog.ProductPageSchema),
    product: invoke(catalog.ProductRequestSchema, catalog.ProductSchema),
    categories: invoke(Empty, v.array(catalog.CategorySchema)),
    syncStatus: invoke(Empty, catalog.SyncStatusSchema, 'staff'),
    /** Sync now from `url` or the last feed synced; resolves when the new catalog is live. */
    sync: invoke(catalog.SyncRequestSchema, catalog.SyncResultSchema, 'staff'),
    /** The catalog changed (staff edit, import, sync): a running mirror reloads what it shows. */
    onChange: event(admin.CatalogChangeSchema),
  },
  /** The staff admin screen. Sign-in channels are open to anyone; the rest check the session's role. */
  admin: {
    whoami: invoke(Empty, admin.WhoAmISchema),
    /** First run only, on the kiosk's own screen with the code it shows: creates the manager account and signs it in. */
    setup: invoke(admin.SetupRequestSchema, admin.SessionInfoSchema),
    login: invoke(admin.LoginRequestSchema, admin.SessionInfoSchema),
    /** A one-time code for the kiosk's screen to show (first-run setup, unlocking a locked-out account). Kiosk only. */
    kioskCode: invoke(admin.KioskCodeRequestSchema, admin.KioskCodeSchema),
    /** At the kiosk: signs in a locked-out account with its PIN and the code shown on screen, and clears the lock. */
    unlock: invoke(admin.UnlockRequestSchema, admin.SessionInfoSchema),
    logout: invoke(Empty, Empty),
    changePin: invoke(admin.ChangePinRequestSchema, Empty, 'staff'),
    users: invoke(Empty, v.array(admin.StaffUserSchema), 'manager'),
    createUser: invoke(admin.CreateUserRequestSchema, admin.StaffUserSchema, 'manager'),
    updateUser: invoke(admin.UpdateUserRequestSchema, admin.StaffUserSchema, 'manager'),
    saveProduct: invoke(admin.SaveProductRequestSchema, catalog.ProductSchema, 'staff'),
    deleteProduct: invoke(admin.ProductIdRequestSchema, Empty, 'staff'),
    setVariant: invoke(admin.SetVariantRequestSchema, catalog.ProductSchema, 'staff'),
    /** Price and/or stock of several variants of one product, one transaction, one audit row. */
    setVariants: invoke(admin.SetVariantsRequestSchema, catalog.ProductSchema, 'staff'),
    uploadAsset: invoke(admin.UploadAssetRequestSchema, admin.UploadAssetResultSchema, 'staff'),
    importCatalog: invoke(admin.ImportRequestSchema, admin.ImportReportSchema, 'staff'),
    exportCatalog: invoke(admin.ExportRequestSchema, admin.TextFileSchema, 'staff'),
    setSyncSettings: invoke(admin.SyncSettingsSchema, catalog.SyncStatusSchema, 'manager'),
    /** Runs a sync and tells running mirrors when the new catalog is live. */
    runSync: invoke(catalog.SyncRequestSchema, catalog.SyncResultSchema, 'staff'),
    audit: invoke(admin.AuditQuerySchema, admin.AuditPageSchema, 'manager'),
    analytics: invoke(admin.AnalyticsQuerySchema, admin.AnalyticsSchema, 'staff'),
    analyticsCsv: invoke(admin.AnalyticsQuerySchema, admin.TextFileSchema, 'staff'),
    settings: invoke(Empty, admin.AdminSettingsSchema, 'manager'),
    saveSettings: invoke(admin.SettingsPatchSchema, admin.AdminSettingsSchema, 'manager'),
    /** A picture or clip for the attract loop, checked and stored; add it to `attract.items` with saveSettings. */
    uploadMedia: invoke(admin.UploadMediaRequestSchema, AttractItemSchema, 'manager'),
    /**
     * The mirror records a finished try-on (anonymous: a per-visit random id, the SKU, when, how long). Only from the
     * connection feeding the engine (the mirror itself), rate-limited.
     */
    recordTryOn: invoke(admin.TryOnEventSchema, Empty),
    /** The mirror records a saved look (for HQ's conversion figures, when enrolled); same rules as `recordTryOn`. */
    recordLookSaved: invoke(admin.LookSavedEventSchema, Empty),
  },
  /** Shopper features: size advice's chart and recommendations (try-ons are recorded by `admin.recordTryOn`). */
  shopper: {
    /** The size chart for a product (its brand and category); null when the store has none. */
    sizeChart: invoke(SizeChartRequestSchema, SizeChartSchema),
    /** "Others who tried this also tried": time-decayed co-tries, attributes for new products. */
    alsoTried: invoke(RecommendRequestSchema, RecommendationsSchema),
    /** "Complete the look": complementary categories in colours that go with the one worn. */
    completeLook: invoke(RecommendRequestSchema, RecommendationsSchema),
  },
  /** "Call staff": the shopper asks on the mirror, staff answer on the staff screen or a tablet. */
  staff: {
    /** The mirror's own session only: a call with what the shopper has selected (product, colour, size). */
    call: invoke(staffCall.CallStaffRequestSchema, staffCall.StaffCallSchema),
    /** The shopper cancelled, or their session ended (mirror only). */
    cancel: invoke(staffCall.StaffCallIdSchema, Empty),
    calls: invoke(Empty, staffCall.StaffCallsSchema, 'staff'),
    /** "I'm coming": the mirror shows that someone is on the way. */
    acknowledge: invoke(staffCall.StaffCallIdSchema, staffCall.StaffCallSchema, 'staff'),
    /** Every open call, after each change (new, answered, cancelled, expired). */
    onCalls: event(staffCall.StaffCallsSchema),
  },
} satisfies ContractShape;

export type Contract = typeof contract;
/** The API the renderer sees as `window.atelier`. */
export type AtelierApi = ApiOf<Contract>;

/** Every push channel's wire name (`catalog.onChange`). */
export type EventChannel = ChannelNames<Contract, EventSpec>;
/** Every fire-and-forget channel's wire name (`engine.submitFrame`). */
export type SendChannel = ChannelNames<Contract, SendSpec>;

const EVENT_CHANNELS: ReadonlySet<string> = new Set(channelsOf(contract).filter((c) => c.spec.kind === 'event').map((c) => c.name));
/** Whether a name received from outside is one of the contract's push channels. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && EVENT_CHANNELS.has(name);
}
