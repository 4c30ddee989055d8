import type { Contract } from '../../shared/contract';
import { publicConfig } from '../../shared/config-schema';
import { ELECTRON_ASSET_BASE, WEB_ASSET_PATH } from '../../shared/asset-url';
import { ApiError, type HandlersOf, type SendersOf } from '../../shared/contract-kit';
import type { CoreServices } from '../services';
import { adminOf } from '../admin/service';
import { collectHealth } from '../health';
import type { CallContext } from './dispatch';
import { createAdminHandlers } from './admin-handlers';
import { createShopperHandlers } from './shopper-handlers';
import { createStaffCallHandlers } from './staff-call-handlers';

const APP_VERSION = '0.1.0';

/**
 * Fire-and-forget channels: camera frames go to the inference host, which keeps only the newest, tagged with the
 * sending peer so the pose goes back to it alone. A second mirror is refused (`busy`) while one holds the engine.
 */
export function createSenders(s: CoreServices): SendersOf<Contract, CallContext> {
  return {
    'engine.submitFrame': (frame, ctx) => {
      const peer = ctx.peer ?? 'local';
      s.poses.claim(peer);
      s.engine?.submitFrame(frame, peer);
    },
  };
}

/** The implementation of every invoke channel of the contract, over the core services. */
export function createHandlers(s: CoreServices): HandlersOf<Contract, CallContext> {
  return {
    ...createAdminHandlers(s),
    shopper: createShopperHandlers(s),
    staff: createStaffCallHandlers(s),
    app: {
      info: () => ({
        name: 'Atelier',
        version: APP_VERSION,
        shell: s.shell,
        platform: `${process.platform}-${process.arch}`,
        assetBase: s.shell === 'web' ? WEB_ASSET_PATH : ELECTRON_ASSET_BASE,
      }),
      config: () => publicConfig(s.loaded.config),
      health: () => collectHealth(s),
      reportProblem: (problem, ctx) => {
        s.pageProblems.record(problem, ctx.origin, ctx.address);
        return {};
      },
      // Only the Electron shell can end the kiosk; it replaces this handler (src/main/app.ts).
      quit: () => {
        throw new ApiError('unavailable', `the ${s.shell} shell cannot be quit from the mirror`);
      },
    },
    catalog: {
      browse: (q) => s.catalog.browse(q),
      search: (q) => s.catalog.search(q),
      product: ({ id }) => {
        const p = s.catalog.product(id);
        if (!p) throw new ApiError('not_found', `no product ${id}`);
        return p;
      },
      categories: () => s.catalog.categories(),
      syncStatus: () => s.catalog.syncStatus(),
      // A staff sync can replace the whole catalog: audited like admin.runSync (who, from where, what changed).
      sync: async ({ url }, ctx) => {
        const audit = adminOf(s).audit;
        try {
          const r = await s.catalog.sync(url, ctx.signal ? { signal: ctx.signal } : {});
          audit.write(ctx.userId ?? null, 'sync.run', url ?? null, r, ctx.origin);
          return r;
        } catch (e) {
          audit.write(ctx.userId ?? null, 'sync.failed', url ?? null, { error: (e as Error).message }, ctx.origin);
          throw new ApiError('unavailable', (e as Error).message);
        }
      },
    },
  };
}
