import type { LoadedConfig } from './config';
import { EventHub } from './events';
import { createLogger, type Logger } from './log';
import type { EngineStatus } from '../shared/contract';

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
  close(): Promise<void>;
}

export interface CoreServicesOptions {
  shell: ShellKind;
  loaded: LoadedConfig;
  log?: Logger;
}

export function createCoreServices(opts: CoreServicesOptions): CoreServices {
  const log = opts.log ?? createLogger(`atelier-${opts.shell}`);
  const closers: Array<() => Promise<void> | void> = [];
  const services: CoreServices = {
    shell: opts.shell,
    loaded: opts.loaded,
    log,
    startedAtMs: Date.now(),
    errorCount: 0,
    events: new EventHub((channel, err) => {
      services.errorCount++;
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
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
  services.events.publish('engine.onStatus', services.engineStatus);
  return services;
}
