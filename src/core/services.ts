import fs from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from './config';
import { CATALOG_DB_FILE } from './catalog/db';
import { EventHub } from './events';
import { createLogger, type Logger } from './log';
import type { EngineStatus } from '../shared/contract';
import type { EngineInit } from '../shared/engine-protocol';
import { InferenceHost, type SpawnEngine } from './inference-host';
import { seedDemoCatalog } from './demo/seed';
import { Catalog, type CatalogOpenOptions } from './catalog/catalog';
import { PoseRouter } from './pose-router';
import { collectHealth } from './health';
import { HqLink } from './hq/link';
import { adminOf } from './admin/service';
import { readLink } from './hq/outbox';
import { PageProblemLog } from './page-problems';

export type ShellKind = 'electron' | 'web';

/**
 * The Node services both shells run: configuration, the event hub that feeds renderers, and (added by their
 * issues) the catalog, the inference host, admin sessions. One instance per process; `close()` releases all.
 */
export interface CoreServices {
  readonly shell: ShellKind;
  readonly loaded: LoadedConfig;
  readonly events: EventHub;
  readonly log: Logger;
  readonly startedAtMs: number;
  /** Errors logged since start (shown by health). */
  errorCount: number;
  engineStatus: EngineStatus;
  /** Hands each pose frame to the one mirror whose frame it answers, and leases the engine to one mirror. */
  readonly poses: PoseRouter;
  /** The inference process owner; null when this shell runs no native engine (models missing, tests). */
  readonly engine: InferenceHost | null;
  /** The catalog cache of `loaded.dataDir`, opened on first use. */
  readonly catalog: Catalog;
  /** The pages' own errors and CSP violations (`app.reportProblem`), logged and counted for health. */
  readonly pageProblems: PageProblemLog;
  /** The link to the chain's `atelier hq` (outbox, heartbeat, catalog sync); null while this mirror is not enrolled. */
  readonly hq: HqLink | null;
  close(): Promise<void>;
}

export interface CoreServicesOptions {
  shell: ShellKind;
  loaded: LoadedConfig;
  log?: Logger;
  /** Starts the native engine with this spawner; without it the engine is `absent`. */
  engine?: { spawn: SpawnEngine; modelsDir: string };
  /** Options for opening the catalog (fault tests simulate a full disk through its hooks). */
  catalog?: CatalogOpenOptions;
  /** Folder of the generated demo collection; an empty catalog is seeded from it at start. */
  demoDir?: string;
}

export function createCoreServices(opts: CoreServicesOptions): CoreServices {
  // Every error-level line counts towards health's `errors`; the shells' loggers also write rotated files.
  const log = opts.log ?? createLogger(`atelier-${opts.shell}`, { dataDir: opts.loaded.dataDir, onError: () => services.errorCount++ });
  const closers: Array<() => Promise<void> | void> = [];
  let catalog: Catalog | null = null;
  const services: CoreServices = {
    shell: opts.shell,
    loaded: opts.loaded,
    log,
    startedAtMs: Date.now(),
    errorCount: 0,
    events: new EventHub((channel, err) => {
      if (opts.log) services.errorCount++;
      log.error({ channel, err }, 'event listener failed');
    }),
    engineStatus: {
      state: 'absent',
      provider: null,
      providerNotes: [],
      modelSize: opts.loaded.config.modelSize,
      lastError: null,
      restarts: 0,
    },
    // A new mirror taking the engine over must not start from the previous one's tracked person.
    poses: new PoseRouter(() => services.engine?.reset()),
    engine: null,
    hq: null,
    pageProblems: new PageProblemLog(log.child({ mod: 'page' })),
    get catalog() {
      if (!catalog) {
        catalog = Catalog.open(opts.loaded.dataDir, { periodicCheckpoint: true, ...opts.catalog });
        closers.push(() => catalog?.close());
      }
      return catalog;
    },
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
  services.events.publish('engine.onStatus', services.engineStatus);
  if (opts.demoDir) {
    try {
      const report = seedDemoCatalog(services.catalog, opts.demoDir);
      if (report) log.info({ products: report.rowsImported, problems: report.problems.length }, 'catalog: seeded the demo collection');
    } catch (err) {
      log.error({ err }, 'catalog: could not seed the demo collection');
    }
  }
  startHqLink(services, closers);
  if (opts.engine) {
    const init: EngineInit = {
      modelsDir: opts.engine.modelsDir,
      modelSize: opts.loaded.config.modelSize,
      ep: opts.loaded.config.ep,
      mask: 'pose',
      absentAfterFrames: 15,
      hands: 'lite',
    };
    const host = new InferenceHost({
      spawn: opts.engine.spawn,
      standby: opts.loaded.config.engineStandby,
      init,
      log: log.child({ mod: 'inference-host' }),
      onPose: (pose, peer) => services.poses.deliver(pose, peer),
      onStatus: (status) => {
        services.engineStatus = status;
        services.events.publish('engine.onStatus', status);
      },
    });
    (services as { engine: InferenceHost | null }).engine = host;
    host.start();
    closers.push(() => host.stop());
  }
  return services;
}

/** Version reported to HQ in heartbeats (package.json's). */
const APP_VERSION = '0.1.0';

/** Starts the HQ link when this data directory's mirror is enrolled (`atelier enroll`); a fresh mirror has none. */
function startHqLink(services: CoreServices, closers: Array<() => Promise<void> | void>): void {
  // A data directory without a catalog yet cannot be enrolled: do not open (create) one just to ask.
  if (!fs.existsSync(path.join(services.loaded.dataDir, CATALOG_DB_FILE))) return;
  let enrolled = false;
  try {
    enrolled = readLink(services.catalog.db) !== null;
  } catch (err) {
    // A catalog that does not open is health's to report (catalog problem); the link just stays off.
    services.log.warn({ err }, 'hq: could not read the enrollment');
  }
  if (!enrolled) return;
  const c = services.loaded.config.hq;
  const link = new HqLink({
    catalog: services.catalog,
    log: services.log.child({ mod: 'hq-link' }),
    syncIntervalS: c.syncIntervalS,
    heartbeatIntervalS: c.heartbeatIntervalS,
    sendIntervalS: c.sendIntervalS,
    applySettings: (patch) => {
      const admin = adminOf(services);
      const { before, after } = admin.saveSettings(patch);
      // No origin: the audit log records it as done by the system, on HQ's behalf (target 'hq').
      admin.audit.write(null, 'settings.update', 'hq', { before, after });
    },
    onCatalogChanged: () => services.events.publish('catalog.onChange', { productIds: [], at: new Date().toISOString() }),
    heartbeat: () => {
      const h = collectHealth(services);
      return {
        version: APP_VERSION,
        uptimeS: h.uptimeS,
        engineState: h.engine.state,
        engineFps: h.engine.fps,
        lastSyncAt: h.catalog.lastSyncAt,
        lastSyncError: h.catalog.lastError?.slice(0, 500) ?? null,
        diskFreeMB: h.storage.freeMB,
        problems: h.problems.slice(0, 20).map((p) => p.slice(0, 500)),
      };
    },
  });
  (services as { hq: HqLink | null }).hq = link;
  link.start();
  closers.push(() => link.stop());
}
