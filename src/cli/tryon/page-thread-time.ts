/**
 * The render page's main thread as Linux's scheduler counts it (`/proc/<pid>/task/<pid>/schedstat`: nanoseconds run
 * on a CPU, and waited for one while ready to run). The page's own stage timings are `performance.now()` spans, wall
 * clock: on a loaded machine a frame's spans include the time the thread waited behind other work. `atelier tryon
 * --json` reports both per frame so the stage's own cost can be told from the machine's (issue 14.5,
 * scripts/cloth/bench.ts). Unknown (null) off Linux or when the page's process is not found.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time and run-queue wait of the page's main thread, ms, over some span. */
export interface PageThreadTime {
  cpuMs: number;
  waitMs: number;
}

export class PageThread {
  private constructor(private readonly schedstat: string) {}

  /**
   * The page's renderer process among `rootPid`'s descendants: of the renderers that are not Chromium's own UI, the
   * one that has run the most (the page, once its garment is loaded; Chromium may keep a spare that has not), or null.
   */
  static find(rootPid = process.pid): PageThread | null {
    let pids: number[];
    try {
      pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
    } catch {
      return null;
    }
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const pid of pids) {
      const stat = readOr(`/proc/${pid}/stat`);
      // Fields after the command's closing parenthesis: state, ppid, …, utime (12th), stime (13th).
      const f = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!f) continue;
      parent.set(pid, Number(f[1]));
      ticks.set(pid, Number(f[11]) + Number(f[12]));
    }
    const under = (pid: number): boolean => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === rootPid) return true;
      return false;
    };
    let best: number | null = null;
    for (const pid of parent.keys()) {
      const cmdline = readOr(`/proc/${pid}/cmdline`) ?? '';
      // Chromium's own WebUI has a renderer of its own (and may have run more than the page by then).
      if (!under(pid) || !cmdline.includes('--type=renderer') || cmdline.includes('--top-chrome-webui') || cmdline.includes('--extension-process')) continue;
      if (best === null || ticks.get(pid)! > ticks.get(best)!) best = pid;
    }
    return best === null ? null : new PageThread(`/proc/${best}/task/${best}/schedstat`);
  }

  /** The thread's totals so far, ms (null once it is gone). */
  now(): PageThreadTime | null {
    const [cpuNs, waitNs] = (readOr(this.schedstat) ?? '').split(' ').map(Number);
    return cpuNs === undefined || waitNs === undefined || Number.isNaN(cpuNs) || Number.isNaN(waitNs) ? null : { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
  }
}

function readOr(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
