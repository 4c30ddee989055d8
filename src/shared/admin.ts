import * as v from 'valibot';
import { GARMENT_MEASUREMENTS } from './garment-measurements';
import { TuckSchema } from './outfit';
import { AnchorsSchema, AssetRefSchema, CatalogKeySchema, CategoryIdSchema, CurrencySchema, LangTagSchema, Sha256Schema } from './catalog';
import { AttractItemSchema, CameraRotation, ExecutionProvider, Language, ModelSize, Orientation, ProductUrlPattern } from './config-schema';

/**
 * Schemas of the staff admin API (`admin.*` in the contract): accounts and sessions, catalog editing, garment
 * uploads, audit log, analytics, settings. Messages are written for the staff member who will read them.
 */

/** A staff sign-in id: lower-case letters, digits, `.`, `_`, `-`; 2–32 characters. */
export const StaffIdSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'the staff id must be 2–32 letters or digits (. _ - allowed)'),
);

/**
 * A new PIN of 6–12 digits, or a password of 8–128 characters; the accounts service also applies the configured
 * minimum (`security.minPinDigits`, 6–12). Sign-in takes any string: shorter PINs of older accounts still work.
 */
export const SecretSchema = v.pipe(
  v.string(),
  v.maxLength(128, 'is longer than 128 characters'),
  v.check((s) => (/^\d+$/.test(s) ? s.length >= 6 && s.length <= 12 : s.length >= 8), 'a PIN needs 6–12 digits; a password at least 8 characters'),
);

export const StaffRoleSchema = v.picklist(['staff', 'manager']);
export type StaffRole = v.InferOutput<typeof StaffRoleSchema>;

const DisplayName = v.pipe(v.string(), v.trim(), v.minLength(1, 'the name is empty'), v.maxLength(60, 'the name is longer than 60 characters'));

/** A one-time code shown on the kiosk's screen: 6 digits. */
export const KioskCodeInputSchema = v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, 'the code shown on the mirror has 6 digits'));

export const SetupRequestSchema = v.strictObject({
  id: StaffIdSchema,
  displayName: DisplayName,
  pin: SecretSchema,
  code: KioskCodeInputSchema,
  /** The store's product-link pattern for look QR codes; empty: set later on the settings screen (no QR until then). */
  productUrlPattern: v.optional(ProductUrlPattern),
});

/** What a kiosk code is for: it is valid for that one purpose only. */
export const KioskCodePurposeSchema = v.picklist(['setup', 'unlock']);
export type KioskCodePurpose = v.InferOutput<typeof KioskCodePurposeSchema>;
export const KioskCodeRequestSchema = v.strictObject({ purpose: KioskCodePurposeSchema });
export const KioskCodeSchema = v.object({
  /** 6 digits, to be shown on the kiosk's screen and typed back. */
  code: v.string(),
  /** Seconds until it stops working. */
  expiresInS: v.number(),
});
export type KioskCode = v.InferOutput<typeof KioskCodeSchema>;
export const UnlockRequestSchema = v.strictObject({
  id: StaffIdSchema,
  pin: v.pipe(v.string(), v.minLength(1, 'enter the PIN'), v.maxLength(128)),
  code: KioskCodeInputSchema,
});
export const LoginRequestSchema = v.strictObject({
  id: StaffIdSchema,
  // Not SecretSchema: a wrong-shaped PIN is just a wrong PIN (and counts towards the lock-out).
  pin: v.pipe(v.string(), v.minLength(1, 'enter the PIN'), v.maxLength(128)),
});

export const SessionInfoSchema = v.object({
  userId: v.string(),
  displayName: v.string(),
  role: StaffRoleSchema,
  /** ISO 8601; the session may end sooner after 15 minutes without a call. */
  expiresAt: v.string(),
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;

export const WhoAmISchema = v.object({
  /** No manager account exists yet: the first-run setup must be shown. */
  needsSetup: v.boolean(),
  session: v.nullable(SessionInfoSchema),
  /** Digits a new PIN needs here (config `security.minPinDigits`, 6–12), for the PIN pad's hint. */
  minPinDigits: v.number(),
});
export type WhoAmI = v.InferOutput<typeof WhoAmISchema>;

export const StaffUserSchema = v.object({
  id: v.string(),
  displayName: v.string(),
  role: StaffRoleSchema,
  createdAt: v.string(),
  disabled: v.boolean(),
  /** Seconds left of a lock-out after wrong PINs; 0 when not locked. */
  lockedForS: v.number(),
});
export type StaffUser = v.InferOutput<typeof StaffUserSchema>;

export const CreateUserRequestSchema = v.strictObject({ id: StaffIdSchema, displayName: DisplayName, role: StaffRoleSchema, pin: SecretSchema });
export const UpdateUserRequestSchema = v.strictObject({
  id: StaffIdSchema,
  displayName: v.optional(DisplayName),
  role: v.optional(StaffRoleSchema),
  pin: v.optional(SecretSchema),
  disabled: v.optional(v.boolean()),
  /** Clears a lock-out. */
  unlock: v.optional(v.boolean()),
});
export const ChangePinRequestSchema = v.strictObject({ currentPin: v.pipe(v.string(), v.maxLength(128)), newPin: SecretSchema });

// ---------------------------------------------------------------------------------------------------------------
// Catalog editing

const Text = (max: number, what: string) => v.pipe(v.string(), v.trim(), v.maxLength(max, `${what} is longer than ${max} characters`));
const NonEmpty = (max: number, what: string) => v.pipe(Text(max, what), v.minLength(1, `${what} is empty`));
const Count = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be a whole number`), v.minValue(0, `${what} must not be negative`));

export const EditVariantSchema = v.strictObject({
  sku: CatalogKeySchema,
  colour: NonEmpty(64, 'the colour'),
  size: NonEmpty(32, 'the size'),
  /** Minor units (CNY 299.00 → 29900). */
  priceMinor: v.pipe(Count('the price'), v.maxValue(100_000_000_00, 'the price is implausibly high')),
  currency: CurrencySchema,
  stock: v.pipe(Count('the stock'), v.maxValue(1_000_000, 'the stock is implausibly high')),
  /**
   * An uploaded garment image (see `admin.uploadAsset`) with its anchors, or none; optionally its back picture (also
   * uploaded; the same size as the front, drawn as seen through the front so the same anchors fit it).
   */
  asset2d: v.optional(v.nullable(v.strictObject({ sha256: Sha256Schema, anchors: AnchorsSchema, back: v.optional(Sha256Schema) })), null),
  /** An uploaded, validated GLB, or none. */
  asset3d: v.optional(v.nullable(Sha256Schema), null),
});
export type EditVariant = v.InferOutput<typeof EditVariantSchema>;

export const EditProductSchema = v.strictObject({
  id: CatalogKeySchema,
  name: NonEmpty(200, 'the name'),
  brand: Text(100, 'the brand'),
  categoryId: CategoryIdSchema,
  description: v.optional(Text(4000, 'the description'), ''),
  tags: v.optional(v.array(NonEmpty(40, 'a tag')), []),
  variants: v.pipe(
    v.array(EditVariantSchema),
    v.minLength(1, 'a product needs at least one variant'),
    v.check((vs) => new Set(vs.map((x) => x.sku)).size === vs.length, 'two variants have the same SKU'),
  ),
  /**
   * The garment's measurements per size in cm (sizes must be the variants'; values are checked on save with a
   * reason per cell). Omitted: the stored chart is kept.
   */
  garmentChart: v.optional(
    v.record(
      v.pipe(v.string(), v.minLength(1, 'a size is empty'), v.maxLength(32, 'a size is longer than 32 characters')),
      v.record(v.picklist(GARMENT_MEASUREMENTS, 'not a garment measurement'), v.number('a measurement must be a number of centimetres')),
    ),
  ),
  /** How a top is worn over a bottom; null: the garment kind's default. Omitted: the stored value is kept. */
  tuck: v.optional(v.nullable(TuckSchema)),
  /**
   * The name in other languages: `{ "zh-CN": "日常圆领T恤" }`; an empty text removes that language. Omitted: kept.
   */
  names: v.optional(v.record(LangTagSchema, Text(200, 'a translated name'))),
  /** The variants' colours in other languages (the store's word for that colour on every product). */
  colourNames: v.optional(v.record(LangTagSchema, v.record(NonEmpty(64, 'the colour'), Text(64, 'a translated colour')))),
});
export type EditProduct = v.InferOutput<typeof EditProductSchema>;

export const SaveProductRequestSchema = v.strictObject({
  product: EditProductSchema,
  /** true: the id must be new; false: the product must exist. */
  create: v.boolean(),
});
export const ProductIdRequestSchema = v.strictObject({ id: CatalogKeySchema });
const PriceMinor = v.pipe(Count('the price'), v.maxValue(100_000_000_00, 'the price is implausibly high'));
const Stock = v.pipe(Count('the stock'), v.maxValue(1_000_000, 'the stock is implausibly high'));
export const SetVariantRequestSchema = v.strictObject({
  sku: CatalogKeySchema,
  priceMinor: v.optional(PriceMinor),
  stock: v.optional(Stock),
});
/**
 * One price and/or stock for several variants of a product — all of them or a selection — in one audited
 * transaction (a price change is not typed into every size's row).
 */
export const SetVariantsRequestSchema = v.strictObject({
  productId: CatalogKeySchema,
  skus: v.pipe(
    v.array(CatalogKeySchema),
    v.minLength(1, 'choose at least one variant'),
    v.maxLength(500, 'more than 500 variants at once'),
    v.check((skus) => new Set(skus).size === skus.length, 'a variant is chosen twice'),
  ),
  /** Minor units (CNY 299.00 → 29900). */
  priceMinor: v.optional(PriceMinor),
  stock: v.optional(Stock),
});

/** Largest garment file accepted. @default 3 MiB (the bridge's message limit is a 1280×720 RGBA frame) */
export const MAX_ASSET_BYTES = 3 * 1024 * 1024;

export const UploadAssetRequestSchema = v.strictObject({
  kind: v.picklist(['2d', '3d']),
  /** The file's bytes (copied across the bridge). */
  data: v.pipe(v.instance(Uint8Array), v.check((d) => d.length > 0 && d.length <= MAX_ASSET_BYTES, `the file must be 1 byte to ${MAX_ASSET_BYTES / 1024 / 1024} MiB`)),
});
/** A picture or clip of the store's own for the attract loop (checked by content; see core/admin/store-media.ts). */
export const UploadMediaRequestSchema = v.strictObject({
  data: v.pipe(v.instance(Uint8Array), v.check((d) => d.length > 0 && d.length <= MAX_ASSET_BYTES, `the file must be 1 byte to ${MAX_ASSET_BYTES / 1024 / 1024} MiB`)),
});

export const UploadAssetResultSchema = v.object({
  asset: AssetRefSchema,
  widthPx: v.nullable(v.number()),
  heightPx: v.nullable(v.number()),
  /** 3D: bones found in the skin (the mirror needs HUMANOID_BONES). */
  bones: v.array(v.string()),
});
export type UploadAssetResult = v.InferOutput<typeof UploadAssetResultSchema>;

export const CatalogChangeSchema = v.object({
  /** Products created, edited or deleted; empty when the whole catalog may have changed (import, sync). */
  productIds: v.array(v.string()),
  at: v.string(),
});
export type CatalogChange = v.InferOutput<typeof CatalogChangeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Import / export

/** What a catalog file is in: ours (docs/catalog-csv.md, docs/catalog-feed.md) or a store's (docs/catalog-formats.md). */
export const IMPORT_FORMATS = ['atelier', 'shopify', 'google'] as const;
export const ImportRequestSchema = v.strictObject({
  /** The file's kind by its name; the format inside is detected from its content unless `importFormat` says. */
  format: v.picklist(['csv', 'json', 'tsv', 'txt', 'xml']),
  text: v.pipe(v.string(), v.maxLength(20 * 1024 * 1024, 'the file is larger than 20 MiB')),
  replace: v.optional(v.boolean(), false),
  dryRun: v.optional(v.boolean(), false),
  /** @default 'auto' */
  importFormat: v.optional(v.picklist(['auto', ...IMPORT_FORMATS]), 'auto'),
  /** The store's ISO 4217 currency, for files without one (Shopify's). */
  currency: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'the currency must be a 3-letter code such as CNY'))),
  /** Stock of a variant "in stock" without a quantity. @default 1 */
  defaultStock: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
});
export const ImportReportSchema = v.object({
  rowsRead: v.number(),
  rowsImported: v.number(),
  rowsRejected: v.number(),
  inserted: v.number(),
  updated: v.number(),
  unchanged: v.number(),
  deleted: v.number(),
  dryRun: v.boolean(),
  problems: v.array(v.object({ row: v.number(), field: v.string(), reason: v.string() })),
  /** New categories that joined a stored one of the same name (docs/catalog-csv.md): imported, not rejected. */
  categoriesJoined: v.optional(
    v.array(v.object({ row: v.number(), categoryId: v.string(), name: v.string(), into: v.object({ id: v.string(), name: v.string() }) })),
    [],
  ),
  /** Store formats only (docs/catalog-formats.md). */
  format: v.optional(v.picklist(['shopify', 'google'])),
  skipped: v.optional(v.array(v.object({ row: v.number(), field: v.string(), reason: v.string() }))),
  /** Picture URLs a store file names: kept as links, no picture yet. */
  pictures: v.optional(v.array(v.object({ productId: v.string(), colour: v.string(), url: v.string() }))),
  unpublishedProducts: v.optional(v.number()),
});
export type ImportReportView = v.InferOutput<typeof ImportReportSchema>;
export const ExportRequestSchema = v.strictObject({ format: v.picklist(['csv', 'json']) });
export const TextFileSchema = v.object({ fileName: v.string(), mime: v.string(), text: v.string() });

export const SyncSettingsSchema = v.strictObject({ feedUrl: v.nullable(v.pipe(v.string(), v.url('the feed URL is not a URL'))) });

// ---------------------------------------------------------------------------------------------------------------
// Audit log

export const AuditQuerySchema = v.strictObject({
  userId: v.optional(v.pipe(v.string(), v.maxLength(32))),
  /** Prefix of the action, e.g. `product.` or `login`. */
  action: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** Substring of the target (a product id, a SKU, a staff id). */
  target: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** ISO 8601 bounds, inclusive. */
  from: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  to: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 100),
});
export type AuditQuery = v.InferOutput<typeof AuditQuerySchema>;
export const AuditEntrySchema = v.object({
  id: v.number(),
  at: v.string(),
  userId: v.nullable(v.string()),
  action: v.string(),
  target: v.nullable(v.string()),
  details: v.unknown(),
  /** The caller's network address (null on the kiosk itself and the command line). */
  address: v.optional(v.nullable(v.string())),
  /** Where the action came from: kiosk, tablet (web admin), lan (the mirror port from another machine), cli, system. */
  via: v.optional(v.nullable(v.string())),
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;
export const AuditPageSchema = v.object({ items: v.array(AuditEntrySchema), total: v.number() });

// ---------------------------------------------------------------------------------------------------------------
// Analytics (anonymous: a random per-visit id and the SKU tried; no image, face or identity)

export const TryOnEventSchema = v.strictObject({
  /** Random per shopper visit, made by the mirror; never a person. */
  sessionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a session id')),
  sku: CatalogKeySchema,
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60 * 60_000)),
});
export type TryOnEvent = v.InferOutput<typeof TryOnEventSchema>;

/** A shopper saved a look (its QR code shown): the visit's conversion, per item of the outfit. */
export const LookSavedEventSchema = v.strictObject({
  sessionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a session id')),
  skus: v.pipe(v.array(CatalogKeySchema), v.minLength(1), v.maxLength(8)),
  savedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type LookSavedEvent = v.InferOutput<typeof LookSavedEventSchema>;

export const AnalyticsQuerySchema = v.strictObject({
  from: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  to: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});
export type AnalyticsQuery = v.InferOutput<typeof AnalyticsQuerySchema>;
export const AnalyticsSchema = v.object({
  totalTryOns: v.number(),
  sessions: v.number(),
  avgDurationMs: v.number(),
  perProduct: v.array(v.object({ productId: v.string(), name: v.string(), count: v.number(), avgDurationMs: v.number() })),
  perCategory: v.array(v.object({ categoryId: v.string(), count: v.number() })),
  /** `YYYY-MM-DD` (UTC). */
  perDay: v.array(v.object({ day: v.string(), count: v.number() })),
  /** Visits by hour of day 0–23 (UTC). */
  sessionsPerHour: v.array(v.object({ hour: v.number(), sessions: v.number() })),
  /** Products tried in the same visit, most frequent first. */
  triedTogether: v.array(v.object({ a: v.string(), b: v.string(), count: v.number() })),
});
export type Analytics = v.InferOutput<typeof AnalyticsSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Settings

/** The camera's capture settings besides the device (applied live: the mirror restarts its camera). */
export const CameraSettingsSchema = v.strictObject({
  widthPx: v.pipe(v.number(), v.integer('the width must be a whole number of pixels'), v.minValue(160, 'the width must be 160–7680 px'), v.maxValue(7680, 'the width must be 160–7680 px')),
  heightPx: v.pipe(v.number(), v.integer('the height must be a whole number of pixels'), v.minValue(120, 'the height must be 120–4320 px'), v.maxValue(4320, 'the height must be 120–4320 px')),
  frameRate: v.pipe(v.number(), v.integer('the frame rate must be a whole number'), v.minValue(5, 'the frame rate must be 5–60'), v.maxValue(60, 'the frame rate must be 5–60')),
  rotationDeg: CameraRotation,
});
export type CameraSettings = v.InferOutput<typeof CameraSettingsSchema>;

export const AdminSettingsSchema = v.object({
  cameraDeviceId: v.string(),
  orientation: Orientation,
  modelSize: ModelSize,
  ep: ExecutionProvider,
  language: Language,
  idleTimeoutS: v.number(),
  debugOverlay: v.boolean(),
  webAdmin: v.object({ enabled: v.boolean(), host: v.string(), port: v.number() }),
  /** Empty: not set, no QR code on the mirror. */
  productUrlPattern: v.string(),
  camera: CameraSettingsSchema,
  attract: v.object({ items: v.array(AttractItemSchema), pictureS: v.number() }),
});
export type AdminSettings = v.InferOutput<typeof AdminSettingsSchema>;
export const SettingsPatchSchema = v.strictObject({
  cameraDeviceId: v.optional(v.pipe(v.string(), v.maxLength(256))),
  orientation: v.optional(Orientation),
  modelSize: v.optional(ModelSize),
  ep: v.optional(ExecutionProvider),
  language: v.optional(Language),
  idleTimeoutS: v.optional(v.pipe(v.number(), v.minValue(1, 'the session ends at least 1 s after the shopper left'), v.maxValue(10, 'the session ends at most 10 s after the shopper left'))),
  debugOverlay: v.optional(v.boolean()),
  webAdmin: v.optional(
    v.strictObject({
      enabled: v.boolean(),
      host: v.pipe(v.string(), v.trim(), v.minLength(1, 'the address is empty'), v.maxLength(64)),
      port: v.pipe(v.number(), v.integer(), v.minValue(1, 'the port must be 1–65535'), v.maxValue(65535, 'the port must be 1–65535')),
    }),
  ),
  productUrlPattern: v.optional(ProductUrlPattern),
  camera: v.optional(CameraSettingsSchema),
  attract: v.optional(
    v.strictObject({
      items: v.pipe(v.array(AttractItemSchema), v.maxLength(20, 'at most 20 pictures or clips in the attract loop')),
      pictureS: v.pipe(v.number(), v.minValue(2, 'show each picture 2–60 s'), v.maxValue(60, 'show each picture 2–60 s')),
    }),
  ),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;
