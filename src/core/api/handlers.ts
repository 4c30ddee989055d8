import type { Contract } from '../../shared/contract';
import { publicConfig } from '../../shared/config-schema';
import type { HandlersOf } from '../../shared/contract-kit';
import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';

const APP_VERSION = '0.1.0';

/** The implementation of every invoke channel of the contract, over the core services. */
export function createHandlers(s: CoreServices): HandlersOf<Contract, CallContext> {
  return {
    app: {
      info: () => ({
        name: 'Atelier',
        version: APP_VERSION,
        shell: s.shell,
        platform: `${process.platform}-${process.arch}`,
        dataDir: s.loaded.dataDir,
      }),
      config: () => publicConfig(s.loaded.config),
      health: () => ({
        status: s.engineStatus.state === 'running' || s.engineStatus.state === 'absent' ? 'ok' : 'degraded',
        uptimeS: Math.round((Date.now() - s.startedAtMs) / 1000),
        shell: s.shell,
        engine: {
          state: s.engineStatus.state,
          provider: s.engineStatus.provider,
          fps: 0,
          lastError: s.engineStatus.lastError,
        },
        errors: s.errorCount,
      }),
    },
  };
}
