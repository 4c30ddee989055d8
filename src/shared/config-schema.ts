import * as v from 'valibot';

/**
 * The one typed configuration of Atelier. Stored as `config.json` in the data directory, overridable by
 * environment variables (`ATELIER_*`) and CLI flags, in that order of precedence (flags win).
 * Lives in `shared` because the renderer shows and (through the admin screen) edits part of it.
 */
export const ModelSize = v.picklist(['lite', 'full', 'heavy']);
export type ModelSize = v.InferOutput<typeof ModelSize>;

export const ExecutionProvider = v.picklist(['auto', 'cuda', 'dml', 'cpu']);
export type ExecutionProvider = v.InferOutput<typeof ExecutionProvider>;

export const Orientation = v.picklist(['portrait', 'landscape']);
export type Orientation = v.InferOutput<typeof Orientation>;

export const Language = v.picklist(['en', 'zh-CN']);
export type Language = v.InferOutput<typeof Language>;

const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));

/** Degrees clockwise the camera picture is turned to stand upright (a camera mounted on its side: 90 or 270). */
export const CAMERA_ROTATIONS = [0, 90, 180, 270] as const;
export const CameraRotation = v.picklist(CAMERA_ROTATIONS, 'the camera rotation must be 0, 90, 180 or 270 degrees');
export type CameraRotation = v.InferOutput<typeof CameraRotation>;

/**
 * The store's product page pattern for the QR code of a saved look: empty (not set: no QR code is shown), or an
 * http(s) address with `{productId}` and/or `{sku}` to fill in.
 */
export const ProductUrlPattern = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(500, 'the product link pattern is longer than 500 characters'),
  v.check(
    (s) => s === '' || (/^https?:\/\/[^\s/]+/i.test(s) && /\{(productId|sku)\}/.test(s) && !/\s/.test(s)),
    'the product link must be an http(s) address with {productId} or {sku} in it, e.g. https://shop.example/p/{productId}?sku={sku}',
  ),
);

/** A picture or a clip of the store's own, shown while nobody is at the mirror (uploaded through the asset intake). */
export const AttractItemSchema = v.strictObject({
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'not an asset hash')),
  kind: v.picklist(['image', 'video']),
  mime: v.pipe(v.string(), v.maxLength(64)),
});
export type AttractItem = v.InferOutput<typeof AttractItemSchema>;

export const ConfigSchema = v.strictObject({
  /** Address the web shell binds to. Only loopback unless a manager chooses otherwise. @default '127.0.0.1' */
  host: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
  /** TCP port of the web shell; 0 picks a free one. @default 7480 */
  port: v.optional(Port, 7480),
  camera: v.optional(
    v.strictObject({
      /** MediaDevices deviceId; empty picks the first camera. @default '' */
      deviceId: v.optional(v.string(), ''),
      /** Requested capture width in pixels. @default 1280 */
      widthPx: v.optional(v.pipe(v.number(), v.integer(), v.minValue(160), v.maxValue(7680)), 1280),
      /** Requested capture height in pixels. @default 720 */
      heightPx: v.optional(v.pipe(v.number(), v.integer(), v.minValue(120), v.maxValue(4320)), 720),
      /** Requested frames per second (the camera may give fewer). @default 30 */
      frameRate: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, 'the frame rate must be 5–60'), v.maxValue(60, 'the frame rate must be 5–60')), 30),
      /** Degrees clockwise to turn the picture upright: 90 or 270 for a camera mounted on its side. @default 0 */
      rotationDeg: v.optional(CameraRotation, 0),
    }),
    {},
  ),
  /** How the display is mounted: a tall mirror is a landscape panel rotated to portrait. @default 'portrait' */
  orientation: v.optional(Orientation, 'portrait'),
  /** BlazePose landmark model size. @default 'full' */
  modelSize: v.optional(ModelSize, 'full'),
  /** ONNX Runtime execution provider; `auto` tries CUDA, then DirectML, then CPU. @default 'auto' */
  ep: v.optional(ExecutionProvider, 'auto'),
  /** Pose engine: native (ONNX Runtime in its own process) or browser (tasks-vision in the renderer). @default 'auto' */
  engine: v.optional(v.picklist(['auto', 'native', 'browser']), 'auto'),
  /** Shopper-facing language. @default 'en' */
  language: v.optional(Language, 'en'),
  /**
   * Seconds after the shopper left the mirror's zone before their session ends and everything of it is wiped
   * (stepping back in meanwhile resumes it). @default 2.5
   */
  idleTimeoutS: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(10)), 2.5),
  /** Electron only: real kiosk mode (full screen, no window chrome). @default true */
  kiosk: v.optional(v.boolean(), true),
  /**
   * Whole-body framing: once a shopper is tracked, a smooth digital pan/zoom keeps them on screen from head to feet;
   * off, the mirror always shows the cover-fitted camera picture. @default true
   */
  framing: v.optional(v.boolean(), true),
  /**
   * Cloth motion: dress and skirt hems simulated as cloth (src/renderer/cloth/sim-*.ts, a worker); off on a
   * low-power kiosk, garments then hang as drawn. Applies to garments put on after the change. @default true
   */
  clothMotion: v.optional(v.boolean(), true),
  /** Show the debug overlay (skeleton, fps, provider, latency). @default false */
  debugOverlay: v.optional(v.boolean(), false),
  /**
   * The store's product page, for the QR code of a saved look: `{productId}` and `{sku}` are filled in. Asked for at
   * first-run setup; empty (no placeholder shop) hides the QR code until it is set. @default ''
   */
  productUrlPattern: v.optional(ProductUrlPattern, ''),
  /** The attract screen's loop of the store's own pictures and clips (set on the admin screen). */
  attract: v.optional(
    v.strictObject({
      /** Shown in this order, looping; empty: the plain attract screen. @default [] */
      items: v.optional(v.pipe(v.array(AttractItemSchema), v.maxLength(20, 'at most 20 pictures or clips in the attract loop')), []),
      /** Seconds each picture is shown (a clip plays to its end). @default 6 */
      pictureS: v.optional(v.pipe(v.number(), v.minValue(2, 'show each picture 2–60 s'), v.maxValue(60, 'show each picture 2–60 s')), 6),
    }),
    {},
  ),
  /**
   * The web shell's staff admin screen (`/admin`) for a tablet on the store network: off unless a manager turns it
   * on, and then served on its own address so the mirror's port can stay on loopback.
   */
  admin: v.optional(
    v.strictObject({
      /** @default false */
      enabled: v.optional(v.boolean(), false),
      /** Address the admin listener binds to (e.g. the store-network interface). @default '127.0.0.1' */
      host: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
      /** TCP port of the admin listener; 0 picks a free one. @default 7482 */
      port: v.optional(Port, 7482),
    }),
    {},
  ),
  /**
   * Keep a second inference process loaded and warm, switched to within a frame when the active one dies (a
   * crash costs ~0.1 s of tracking instead of a multi-second restart). Costs that process's memory (~200 MB).
   * @default true
   */
  engineStandby: v.optional(v.boolean(), true),
  health: v.optional(
    v.strictObject({
      /** Answer `/healthz` to other machines (a store's monitoring); off, only loopback may ask. @default false */
      remote: v.optional(v.boolean(), false),
      /** Free space in MiB under which health reports the disk as low. @default 500 */
      minFreeMB: v.optional(v.pipe(v.number(), v.minValue(0)), 500),
    }),
    {},
  ),
  /**
   * The chain's `atelier hq` (docs/hq.md), used once this mirror is enrolled (`atelier enroll <hq-url> <code>`):
   * catalog sync from HQ's feed, analytics outbox sends and heartbeats.
   */
  hq: v.optional(
    v.strictObject({
      /** Seconds between catalog syncs from HQ. @default 300 */
      syncIntervalS: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(86_400)), 300),
      /** Seconds between heartbeats (HQ lists a mirror as silent after three missed). @default 60 */
      heartbeatIntervalS: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(3600)), 60),
      /** Seconds between sends of the analytics outbox while HQ answers. @default 30 */
      sendIntervalS: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(3600)), 30),
    }),
    {},
  ),
  /** Sign-in and network rules of the shells. */
  security: v.optional(
    v.strictObject({
      /** Digits a new staff PIN needs at least (existing shorter PINs still sign in). @default 6 */
      minPinDigits: v.optional(v.pipe(v.number(), v.integer(), v.minValue(6), v.maxValue(12)), 6),
      /**
       * Extra names the web shell answers to in the `Host` header (a tablet that reaches the admin screen by a DNS
       * name). Loopback names, the bound address and this machine's own addresses are always allowed; any other name
       * is refused (DNS rebinding). @default []
       */
      allowedHosts: v.optional(v.array(v.pipe(v.string(), v.nonEmpty(), v.maxLength(253))), []),
    }),
    {},
  ),
});

export type Config = v.InferOutput<typeof ConfigSchema>;
export type ConfigInput = v.InferInput<typeof ConfigSchema>;

/** The part of the config the renderer is allowed to see. */
export type PublicConfig = Pick<
  Config,
  'camera' | 'orientation' | 'modelSize' | 'ep' | 'engine' | 'language' | 'idleTimeoutS' | 'debugOverlay' | 'productUrlPattern' | 'framing' | 'clothMotion' | 'attract'
>;

export function publicConfig(c: Config): PublicConfig {
  return {
    camera: c.camera,
    orientation: c.orientation,
    modelSize: c.modelSize,
    ep: c.ep,
    engine: c.engine,
    language: c.language,
    idleTimeoutS: c.idleTimeoutS,
    debugOverlay: c.debugOverlay,
    productUrlPattern: c.productUrlPattern,
    framing: c.framing,
    clothMotion: c.clothMotion,
    attract: c.attract,
  };
}
