import fs from 'node:fs';
import type { Health } from '../shared/contract';
import type { CoreServices } from './services';

const MIB = 1024 * 1024;

/** Free bytes for `dir`'s file system, or null where statfs is not available. Injected by tests. */
export type FreeSpace = (dir: string) => number | null;

export const statfsFreeSpace: FreeSpace = (dir) => {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
};

/** Catalog part of health; the database itself failing to answer is a problem to report, not a crash. */
function catalogHealth(s: CoreServices): { catalog: Health['catalog']; problem: string | null } {
  try {
    const st = s.catalog.syncStatus();
    const catalog = { products: st.products, lastSyncAt: st.lastSuccessAt, lastAttemptAt: st.lastAttemptAt, lastError: st.lastError };
    return { catalog, problem: st.lastError ? `catalog: ${st.lastError}` : null };
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    return { catalog: { products: 0, lastSyncAt: null, lastAttemptAt: null, lastError: message }, problem: `catalog: ${message}` };
  }
}

/**
 * The health report both shells serve (`app.health`, `/healthz`): uptime, memory, the engine's state and fps,
 * the last catalog sync, free disk and error count — and, in `problems`, one line per thing staff should act on.
 * The mirror keeps running in every degraded state; this is how it says so.
 */
export function collectHealth(s: CoreServices, freeSpace: FreeSpace = statfsFreeSpace): Health {
  const problems: string[] = [];
  const e = s.engineStatus;
  if (e.state !== 'running' && e.state !== 'absent') {
    problems.push(`pose engine ${e.state}${e.lastError ? `: ${e.lastError}` : ''}`);
  }
  const { catalog, problem } = catalogHealth(s);
  if (problem) problems.push(problem);
  const freeBytes = freeSpace(s.loaded.dataDir);
  const freeMB = freeBytes === null ? null : Math.floor(freeBytes / MIB);
  const low = freeMB !== null && freeMB < s.loaded.config.health.minFreeMB;
  if (low) problems.push(`disk almost full: ${freeMB} MiB free for ${s.loaded.dataDir}`);
  const pages = s.pageProblems.health();
  if (pages.recent > 0) problems.push(`pages reported ${pages.recent} problem${pages.recent === 1 ? '' : 's'} in the last 10 minutes; the last: ${pages.last}`);
  return {
    status: problems.length === 0 ? 'ok' : 'degraded',
    uptimeS: Math.round((Date.now() - s.startedAtMs) / 1000),
    shell: s.shell,
    pid: process.pid,
    rssMB: Math.round(process.memoryUsage.rss() / MIB),
    engine: {
      state: e.state,
      provider: e.provider,
      fps: s.engine?.fps ?? 0,
      lastError: e.lastError,
      restarts: e.restarts,
      pid: s.engine?.pid ?? null,
      standby: s.engine?.standbyState ?? 'none',
    },
    catalog,
    storage: { freeMB, low },
    pages,
    errors: s.errorCount,
    problems,
  };
}

/** Loopback addresses, as Node reports a socket's remote address (IPv4, IPv6, IPv4-mapped IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
