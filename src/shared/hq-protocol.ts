import * as v from 'valibot';
import { CatalogKeySchema } from './catalog';
import { SettingsPatchSchema } from './admin';

/**
 * What a mirror and `atelier hq` say to each other over HTTP (docs/hq.md): enrollment, the analytics outbox's
 * batches and the heartbeat. The catalog itself travels as the ordinary feed (docs/catalog-feed.md).
 */

/** Events in one batch at most. @default 500 */
export const HQ_MAX_BATCH_EVENTS = 500;

export const EnrollRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.trim(), v.minLength(4, 'code is too short'), v.maxLength(32, 'code is too long')),
  /** The mirror's name in the fleet view (e.g. "Fitting room 2"). */
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), 'mirror'),
});
export const EnrollResponseSchema = v.object({ mirrorId: v.string(), storeId: v.string(), token: v.string() });
export type EnrollResponse = v.InferOutput<typeof EnrollResponseSchema>;

/**
 * Kinds of anonymous event: `tryon` (a garment worn, with how long), `look_saved` (a look saved or its QR code
 * shown: the visit's conversion).
 */
export const HqEventKindSchema = v.picklist(['tryon', 'look_saved']);
export type HqEventKind = v.InferOutput<typeof HqEventKindSchema>;

export const HqEventSchema = v.strictObject({
  /** Made by the mirror when the event is written to its outbox; HQ stores each id once. */
  id: v.pipe(v.string(), v.uuid('not a UUID')),
  kind: HqEventKindSchema,
  /** Random per shopper visit; never a person. */
  sessionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a session id')),
  sku: v.nullable(CatalogKeySchema),
  occurredAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  durationMs: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 3600_000))),
});
export type HqEvent = v.InferOutput<typeof HqEventSchema>;

export const HqEventBatchSchema = v.strictObject({
  events: v.pipe(v.array(HqEventSchema), v.maxLength(HQ_MAX_BATCH_EVENTS, `at most ${HQ_MAX_BATCH_EVENTS} events per batch`)),
});
export type HqEventBatch = v.InferOutput<typeof HqEventBatchSchema>;

export const HqIngestResultSchema = v.object({
  /** Stored now. */
  accepted: v.number(),
  /** Already stored by an earlier send of the same ids. */
  duplicates: v.number(),
  /** Refused for good (too old, in the future): the mirror drops them and logs why. */
  rejected: v.array(v.object({ id: v.string(), reason: v.string() })),
});
export type HqIngestResult = v.InferOutput<typeof HqIngestResultSchema>;

export const HeartbeatSchema = v.strictObject({
  /** Atelier's version on the mirror. */
  version: v.pipe(v.string(), v.maxLength(40)),
  uptimeS: v.pipe(v.number(), v.minValue(0)),
  engineState: v.pipe(v.string(), v.maxLength(40)),
  engineFps: v.pipe(v.number(), v.minValue(0)),
  lastSyncAt: v.nullable(v.pipe(v.string(), v.maxLength(40))),
  lastSyncError: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  diskFreeMB: v.nullable(v.number()),
  /** Events waiting in the mirror's outbox. */
  outboxPending: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** `/healthz`'s problems, one line each. */
  problems: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(20)),
});
export type Heartbeat = v.InferOutput<typeof HeartbeatSchema>;

/**
 * Settings HQ pushes to a store's mirrors: the admin screen's settings that make sense chain-wide (language,
 * session timeout, model size, provider, debug overlay) — never a machine's camera or network.
 */
export const RemoteSettingsSchema = v.strictObject({
  language: SettingsPatchSchema.entries.language,
  idleTimeoutS: SettingsPatchSchema.entries.idleTimeoutS,
  modelSize: SettingsPatchSchema.entries.modelSize,
  ep: SettingsPatchSchema.entries.ep,
  debugOverlay: SettingsPatchSchema.entries.debugOverlay,
});
export type RemoteSettings = v.InferOutput<typeof RemoteSettingsSchema>;

/** HQ's answer to a heartbeat: its clock, and the store's pushed settings with their version (null: none). */
export const HeartbeatAnswerSchema = v.object({
  serverTime: v.string(),
  settings: v.nullable(v.object({ version: v.number(), patch: RemoteSettingsSchema })),
});
