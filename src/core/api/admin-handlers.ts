import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from '../../shared/contract';
import { ApiError, type HandlersOf } from '../../shared/contract-kit';
import type { Principal } from '../admin/accounts';
import { adminOf } from '../admin/service';
import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';
import { hqSyncHeaders, recordLookSaved } from '../hq/outbox';
import { isMirrorCaller } from './mirror-caller';

type AdminHandlers = HandlersOf<Pick<Contract, 'admin'>, CallContext>['admin'];

/** The signed-in caller; the dispatcher has already refused callers below the channel's role. */
function who(ctx: CallContext): Principal {
  if (!ctx.userId || ctx.role === 'shopper') throw new ApiError('unauthorized', 'staff sign-in required');
  return { userId: ctx.userId, role: ctx.role };
}

/** Binds a new session to the caller, or refuses where only the web admin's sign-in form may (cookie shells). */
function bindable(ctx: CallContext): (token: string) => void {
  const bind = ctx.session?.bind;
  if (!bind) throw new ApiError('forbidden', 'sign in through the admin page of this address');
  return bind;
}

/** Refuses a caller that is not the kiosk's own screen (Electron, or the mirror page on this machine's loopback). */
function atKiosk(ctx: CallContext, why: string): void {
  if (!ctx.kiosk) throw new ApiError('forbidden', why);
}

/** The `admin.*` channels over the AdminService of `s` (see `src/core/admin/`). */
export function createAdminHandlers(s: CoreServices): { admin: AdminHandlers } {
  const a = () => adminOf(s);
  return {
    admin: {
      whoami: (_q, ctx) => ({
        needsSetup: a().accounts.needsSetup(),
        session: a().accounts.info(ctx.session?.token() ?? null),
        minPinDigits: s.loaded.config.security.minPinDigits,
      }),
      setup: async ({ id, displayName, pin, code, productUrlPattern }, ctx) => {
        atKiosk(ctx, 'first-run setup is done on the mirror\'s own screen');
        const bind = bindable(ctx);
        if (!a().accounts.needsSetup()) throw new ApiError('conflict', 'the store is already set up: sign in instead');
        a().accounts.checkNewSecret(pin);
        if (!a().kioskCodes.consume('setup', code)) throw new ApiError('forbidden', 'that is not the code shown on the mirror: use the code on screen now');
        const { token, info } = await a().accounts.setup(id, displayName, pin);
        bind(token);
        // The store's product-link pattern is asked for here (no placeholder shop): empty leaves the QR code off.
        if (productUrlPattern) {
          const { before, after } = a().saveSettings({ productUrlPattern });
          a().audit.write(id, 'settings.update', null, { before, after }, ctx.origin);
        }
        return info;
      },
      login: async ({ id, pin }, ctx) => {
        const bind = bindable(ctx);
        const { token, info } = await a().accounts.login(id, pin, ctx.origin, ctx.address ?? ctx.origin);
        ctx.session?.clear();
        bind(token);
        return info;
      },
      kioskCode: ({ purpose }, ctx) => {
        atKiosk(ctx, 'codes are shown on the mirror\'s own screen only');
        if (purpose === 'setup' && !a().accounts.needsSetup()) throw new ApiError('conflict', 'the store is already set up: sign in instead');
        return a().kioskCodes.issue(purpose);
      },
      unlock: async ({ id, pin, code }, ctx) => {
        atKiosk(ctx, 'an account is unlocked on the mirror\'s own screen');
        const bind = bindable(ctx);
        if (!a().kioskCodes.consume('unlock', code)) throw new ApiError('forbidden', 'that is not the code shown on the mirror: use the code on screen now');
        const { token, info } = await a().accounts.unlockAtKiosk(id, pin, ctx.origin, ctx.address ?? ctx.origin);
        ctx.session?.clear();
        bind(token);
        return info;
      },
      logout: (_q, ctx) => {
        a().accounts.logout(ctx.session?.token() ?? null);
        ctx.session?.clear();
        return {};
      },
      changePin: async ({ currentPin, newPin }, ctx) => {
        await a().accounts.changeOwnPin(who(ctx), currentPin, newPin);
        return {};
      },
      users: () => a().accounts.list(),
      createUser: (u, ctx) => a().accounts.create(who(ctx), u),
      updateUser: async (u, ctx) => {
        const by = who(ctx);
        if (u.id === by.userId && (u.disabled || (u.role && u.role !== by.role))) {
          throw new ApiError('conflict', 'you cannot disable or demote your own account');
        }
        return a().accounts.update(by, u);
      },
      saveProduct: async ({ product, create }, ctx) => {
        const by = who(ctx);
        const before = s.catalog.product(product.id);
        const outcome = await a().editor.save(product, create);
        a().audit.write(
          by.userId,
          create ? 'product.create' : 'product.update',
          product.id,
          { outcome, before: before ? summarise(before) : null, after: summarise(product) },
          ctx.origin,
        );
        a().catalogChanged([product.id]);
        return s.catalog.product(product.id)!;
      },
      deleteProduct: ({ id }, ctx) => {
        const by = who(ctx);
        const before = s.catalog.product(id);
        a().editor.delete(id);
        a().audit.write(by.userId, 'product.delete', id, { before: before ? summarise(before) : null }, ctx.origin);
        a().catalogChanged([id]);
        return {};
      },
      setVariant: ({ sku, priceMinor, stock }, ctx) => {
        const by = who(ctx);
        // The audit row is written inside the edit's transaction: both happen or neither.
        const { productId } = a().editor.setVariant(sku, { priceMinor, stock }, (change) =>
          a().audit.write(by.userId, priceMinor !== undefined ? 'variant.price' : 'variant.stock', sku, { productId: change.productId, before: change.before[0], after: change.after }, ctx.origin),
        );
        a().catalogChanged([productId]);
        return s.catalog.product(productId)!;
      },
      setVariants: ({ productId, skus, priceMinor, stock }, ctx) => {
        const by = who(ctx);
        a().editor.setVariants(productId, skus, { priceMinor, stock }, (change) =>
          a().audit.write(by.userId, 'variants.bulk', productId, { skus: change.before.map((x) => x.sku), before: change.before, after: change.after }, ctx.origin),
        );
        a().catalogChanged([productId]);
        return s.catalog.product(productId)!;
      },
      uploadAsset: async ({ kind, data }, ctx) => {
        const by = who(ctx);
        const r = await a().editor.upload(kind, data);
        a().audit.write(by.userId, 'asset.upload', r.asset.sha256, { kind, sizeBytes: r.asset.sizeBytes, mime: r.asset.mime }, ctx.origin);
        return r;
      },
      importCatalog: ({ format, text, replace, dryRun, importFormat, currency, defaultStock }, ctx) => {
        const by = who(ctx);
        // The catalog's importer reads files; a private temp file keeps one importer for the CLI and the screen.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-import-'));
        const file = path.join(dir, `import.${format}`);
        try {
          fs.writeFileSync(file, text);
          const r = s.catalog.importFile(file, { replace, dryRun, baseDir: dir, format: importFormat, ...(currency ? { currency } : {}), ...(defaultStock !== undefined ? { defaultStock } : {}) });
          if (r.refused && !dryRun) throw new ApiError('bad_request', r.refused);
          if (!dryRun) {
            a().audit.write(by.userId, 'catalog.import', null, { format: r.format ?? format, replace, imported: r.rowsImported, rejected: r.rowsRejected, removed: r.deleted }, ctx.origin);
            if (r.inserted + r.updated + r.deleted > 0) a().catalogChanged([]);
          }
          return r;
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError('bad_request', (e as Error).message);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
      exportCatalog: ({ format }, ctx) => {
        a().audit.write(who(ctx).userId, 'catalog.export', null, { format }, ctx.origin);
        const day = new Date().toISOString().slice(0, 10);
        return format === 'csv'
          ? { fileName: `catalog-${day}.csv`, mime: 'text/csv', text: s.catalog.exportCsv() }
          : { fileName: `catalog-${day}.json`, mime: 'application/json', text: s.catalog.exportJson() };
      },
      setSyncSettings: ({ feedUrl }, ctx) => {
        s.catalog.db.prepare('UPDATE sync_state SET feed_url = ?, etag = NULL, cursor = NULL WHERE id = 1').run(feedUrl);
        a().audit.write(who(ctx).userId, 'sync.settings', feedUrl, null, ctx.origin);
        return s.catalog.syncStatus();
      },
      runSync: async ({ url }, ctx) => {
        const by = who(ctx);
        try {
          const headers = hqSyncHeaders(s.catalog.db, url ?? s.catalog.syncStatus().feedUrl);
          const r = await s.catalog.sync(url, { ...(ctx.signal ? { signal: ctx.signal } : {}), ...(headers ? { headers } : {}) });
          a().audit.write(by.userId, 'sync.run', url ?? null, r, ctx.origin);
          if (r.itemsChanged > 0) a().catalogChanged([]);
          return r;
        } catch (e) {
          a().audit.write(by.userId, 'sync.failed', url ?? null, { error: (e as Error).message }, ctx.origin);
          throw new ApiError('unavailable', (e as Error).message);
        }
      },
      audit: (q) => a().audit.query(q),
      analytics: (q) => a().analytics.summary(q),
      analyticsCsv: (q) => ({ fileName: `tryons-${new Date().toISOString().slice(0, 10)}.csv`, mime: 'text/csv', text: a().analytics.csv(q) }),
      settings: () => a().settings(),
      saveSettings: (patch, ctx) => {
        const { before, after } = a().saveSettings(patch);
        a().audit.write(who(ctx).userId, 'settings.update', null, { before, after }, ctx.origin);
        return after;
      },
      uploadMedia: async ({ data }, ctx) => {
        const item = await a().media.admit(data);
        a().audit.write(who(ctx).userId, 'media.upload', item.sha256, { kind: item.kind, mime: item.mime, sizeBytes: data.length }, ctx.origin);
        return item;
      },
      recordTryOn: (e, ctx) => {
        // Only the mirror itself: the connection feeding the engine; when none does (Electron's own port, the browser
        // engine, a replayed track), the kiosk's own screen. Never another connection while a mirror is tracking.
        if (!isMirrorCaller(s, ctx)) throw new ApiError('forbidden', 'try-ons are recorded by the mirror\'s own session only');
        if (!a().tryOnRate.take(ctx.peer ?? 'local')) throw new ApiError('rate_limited', 'too many try-ons recorded: try again in a minute');
        a().analytics.record(e);
        return {};
      },
      recordLookSaved: (e, ctx) => {
        // The same rule as try-ons: only the mirror's own session, rate-limited with them.
        if (!isMirrorCaller(s, ctx)) throw new ApiError('forbidden', 'saved looks are recorded by the mirror\'s own session only');
        if (!a().tryOnRate.take(ctx.peer ?? 'local')) throw new ApiError('rate_limited', 'too many events recorded: try again in a minute');
        recordLookSaved(s.catalog.db, e);
        return {};
      },
    },
  };
}

function summarise(p: { name: string; variants: ReadonlyArray<{ sku: string; priceMinor: number; stock: number }> }) {
  return { name: p.name, variants: p.variants.map((x) => [x.sku, x.priceMinor, x.stock]) };
}
