import type { Logger } from './log';
import { RateWindow } from './admin/login-guard';
import { pageProblemLine, scrubProblemText, type PageProblem } from '../shared/page-problem';

/** Reports one address may make per minute; the pages fold repeats, so more is a broken or hostile client. */
const REPORTS_PER_MINUTE = 30;
/**
 * How long a report keeps health `degraded` (a line in `problems`, which HQ's fleet view shows too): long enough
 * for a monitor polling every few minutes to see it, short enough that one error does not mark a mirror for the day.
 */
export const PAGE_PROBLEM_RECENT_MS = 10 * 60_000;

/**
 * Where the pages' problems (`app.reportProblem`) end up: one error line each in the shell's log (`mod: page`, with
 * who sent it), counted for health. Whatever a client sends is scrubbed again here — the page's own scrub is not
 * trusted — and each address is held to `REPORTS_PER_MINUTE`; what is over is counted, not written.
 */
export class PageProblemLog {
  private reports = 0;
  private dropped = 0;
  private last: string | null = null;
  /** When the reports of the last {@link PAGE_PROBLEM_RECENT_MS} were written, oldest first. */
  private readonly recentAt: number[] = [];
  private readonly rate: RateWindow;

  /** `log`: the shell's logger for pages (`mod: page`). */
  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = new RateWindow(REPORTS_PER_MINUTE, 60_000, now);
  }

  /** `origin` and `address` as the dispatcher's call context gives them (`ws:127.0.0.1`, `127.0.0.1`). */
  record(problem: PageProblem, origin: string, address = 'local'): void {
    if (!this.rate.take(address)) {
      this.dropped++;
      return;
    }
    const p: PageProblem = {
      ...problem,
      message: scrubProblemText(problem.message),
      ...(problem.source === undefined ? {} : { source: scrubProblemText(problem.source) }),
    };
    const line = pageProblemLine(p);
    this.reports++;
    this.last = line;
    this.forgetOld();
    this.recentAt.push(this.now());
    this.log.error({ origin, page: p.page, kind: p.kind, count: p.count, dropped: this.dropped }, line);
  }

  /** Health's `pages` field: reports since start, the last one, and those of the last {@link PAGE_PROBLEM_RECENT_MS}. */
  health(): { reports: number; recent: number; last: string | null } {
    this.forgetOld();
    return { reports: this.reports, recent: this.recentAt.length, last: this.last };
  }

  /** Drops the reports older than {@link PAGE_PROBLEM_RECENT_MS} (a kiosk whose health nobody reads keeps no more). */
  private forgetOld(): void {
    const since = this.now() - PAGE_PROBLEM_RECENT_MS;
    while (this.recentAt.length > 0 && this.recentAt[0]! <= since) this.recentAt.shift();
  }
}
