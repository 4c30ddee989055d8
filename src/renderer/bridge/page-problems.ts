import { scrubProblemText, type PageProblem } from '../../shared/page-problem';

export interface WatchProblemsOptions {
  page: PageProblem['page'];
  /** How long repeats of a problem already reported are folded before their count is sent. @default 30000 */
  foldMs?: number;
  /** Distinct problems reported one by one; past this they are only counted, in one "more problems" report. @default 40 */
  maxDistinct?: number;
  /** Timer, replaceable in tests. @default setTimeout */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

type Problem = Omit<PageProblem, 'count' | 'page'>;

/** The page's watcher's intake (set by {@link watchPageProblems}); null where none runs (tests, `atelier tryon`'s page). */
let intake: ((problem: Problem) => void) | null = null;

/**
 * Reports a failure the page's own code caught and carried on past — a frame stage that threw (the garment is no
 * longer drawn), the cloth worker that would not start (hems hang still): the window never sees those, so its
 * watcher would not either. Folded with the page's other problems; a no-op when no watcher runs.
 * @param where what failed, for the log (`frame stage garments`).
 */
export function reportCaught(where: string, error: unknown): void {
  intake?.({ kind: 'error', message: scrubProblemText(describeReason(error)), source: scrubProblemText(where) });
}

/** `file:line:col`, the file's query dropped (`scrubProblemText`); undefined when the browser gave no file. */
function where(file: string | undefined, line?: number, col?: number): string | undefined {
  if (!file) return undefined;
  // Scrubbed before the line is added: a query's scrub runs to the end of the text.
  return `${scrubProblemText(file)}${line ? `:${line}` : ''}${line && col ? `:${col}` : ''}`;
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === 'string' ? reason : JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}

/** What an event on the window says went wrong; null for an event that is not a page problem. */
export function problemOf(e: Event): Problem | null {
  if (e.type === 'securitypolicyviolation') {
    const v = e as SecurityPolicyViolationEvent;
    const blocked = v.blockedURI || 'inline';
    return {
      kind: 'csp',
      message: scrubProblemText(`refused ${blocked} by ${v.effectiveDirective || v.violatedDirective}`),
      ...optionalSource(where(v.sourceFile, v.lineNumber, v.columnNumber)),
    };
  }
  if (e.type === 'unhandledrejection') {
    return { kind: 'rejection', message: scrubProblemText(describeReason((e as PromiseRejectionEvent).reason)) };
  }
  if (e.type === 'error') {
    const err = e as ErrorEvent;
    // A resource that failed to load fires a plain Event at its element, not an ErrorEvent at the window.
    if (typeof err.message !== 'string') return null;
    const message = err.message || (err.error === undefined ? 'error' : describeReason(err.error));
    return { kind: 'error', message: scrubProblemText(message), ...optionalSource(where(err.filename, err.lineno, err.colno)) };
  }
  return null;
}

function optionalSource(source: string | undefined): { source?: string } {
  return source === undefined ? {} : { source };
}

/**
 * Reports the page's uncaught errors, unhandled rejections and CSP violations to the shell (`app.reportProblem`),
 * and what its code caught and carried on past ({@link reportCaught}): a kiosk's console is read by no one. The
 * first of each distinct problem goes at once; its repeats (a failing frame loop throws 30 times a second) are
 * folded into one report with their count every `foldMs`. Returns the function that stops watching.
 */
export function watchPageProblems(target: EventTarget, report: (p: PageProblem) => void, opts: WatchProblemsOptions): () => void {
  const foldMs = opts.foldMs ?? 30_000;
  const maxDistinct = opts.maxDistinct ?? 40;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const folded = new Map<string, { problem: Problem; repeats: number }>();
  let timerSet = false;
  let stopped = false;

  const send = (problem: Problem, count: number): void => {
    try {
      report({ ...problem, page: opts.page, count });
    } catch {
      // The bridge is down: the problem is lost, as the console's would be; never throw from an error handler.
    }
  };
  const flush = (): void => {
    timerSet = false;
    if (stopped) return;
    for (const entry of folded.values()) {
      if (entry.repeats > 0) send(entry.problem, entry.repeats);
      entry.repeats = 0;
    }
  };
  const take = (found: Problem): void => {
    let problem = found;
    let key = `${problem.kind}|${problem.message}|${problem.source ?? ''}`;
    if (!folded.has(key) && folded.size >= maxDistinct) {
      problem = { kind: 'error', message: `more distinct problems than the ${maxDistinct} reported one by one` };
      key = 'overflow';
    }
    const entry = folded.get(key);
    if (!entry) {
      folded.set(key, { problem, repeats: 0 });
      send(problem, 1);
      return;
    }
    entry.repeats++;
    if (!timerSet) {
      timerSet = true;
      setTimer(flush, foldMs);
    }
  };
  const onEvent = (e: Event): void => {
    const problem = problemOf(e);
    if (problem) take(problem);
  };
  const types = ['error', 'unhandledrejection', 'securitypolicyviolation'];
  for (const t of types) target.addEventListener(t, onEvent);
  intake = take;
  return () => {
    stopped = true;
    if (intake === take) intake = null;
    for (const t of types) target.removeEventListener(t, onEvent);
  };
}
