import type { Logger } from './log';
import { RateWindow } from './admin/login-guard';
import { pageProblemLine, scrubProblemText, type PageProblem } from '../shared/page-problem';

/** Reports one address may make per minute; the pages fold repeats, so more is a broken or hostile client. */
const REPORTS_PER_MINUTE = 30;

/**
 * Where the pages' problems (`app.reportProblem`) end up: one error line each in the shell's log (`mod: page`, with
 * who sent it), counted for health. Whatever a client sends is scrubbed again here — the page's own scrub is not
 * trusted — and each address is held to `REPORTS_PER_MINUTE`; what is over is counted, not written.
 */
export class PageProblemLog {
  private reports = 0;
  private dropped = 0;
  private last: string | null = null;
  private readonly rate: RateWindow;

  /** `log`: the shell's logger for pages (`mod: page`). */
  constructor(
    private readonly log: Logger,
    now: () => number = Date.now,
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
    this.log.error({ origin, page: p.page, kind: p.kind, count: p.count, dropped: this.dropped }, line);
  }

  /** Health's `pages` field. */
  health(): { reports: number; last: string | null } {
    return { reports: this.reports, last: this.last };
  }
}
