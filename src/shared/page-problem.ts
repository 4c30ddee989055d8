import * as v from 'valibot';

/** Longest message or source a report carries; longer ones are cut by the page, refused by the shell. */
export const PROBLEM_TEXT_MAX_CHARS = 400;

/**
 * A problem a page (the mirror, the admin screen) ran into that only its own console would otherwise show: an
 * uncaught error, an unhandled promise rejection, or a Content Security Policy violation. The page reports it on
 * `app.reportProblem`; the shell logs it at error level and counts it in health (`renderer`), where staff and
 * monitors see it. A kiosk has no one reading its DevTools: a 3D garment drawn white because the policy refused its
 * textures was visible nowhere else (2026-12).
 */
export const PageProblemSchema = v.strictObject({
  kind: v.picklist(['error', 'rejection', 'csp']),
  /** Which screen: the mirror or the admin screen. */
  page: v.picklist(['mirror', 'admin']),
  /** One line, as the page saw it (scrubbed of data: and blob: contents by `scrubProblemText`). */
  message: v.pipe(v.string(), v.maxLength(PROBLEM_TEXT_MAX_CHARS)),
  /** Where: `script.js:12:5`; for `csp` the violated directive and the blocked URL (`connect-src blob:`). */
  source: v.optional(v.pipe(v.string(), v.maxLength(PROBLEM_TEXT_MAX_CHARS))),
  /** The same problem this many times since the page's last report of it (the page folds repeats). */
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
});
export type PageProblem = v.InferOutput<typeof PageProblemSchema>;

/**
 * `text` as one line a log may keep: the contents of data: URLs (a picture inlined into a URL could be a camera
 * frame — no picture of a shopper is ever written down) and blob: URLs' ids dropped, a URL's query and fragment
 * dropped (tokens travel there), whitespace runs folded, cut to `PROBLEM_TEXT_MAX_CHARS`.
 */
export function scrubProblemText(text: string): string {
  const scrubbed = text
    .replace(/data:[^\s'"<>)]*/gi, 'data:…')
    .replace(/blob:[^\s'"<>)]*/gi, 'blob:…')
    .replace(/(https?|wss?|atelier-asset):\/\/[^\s'"<>)?#]*[?#][^\s'"<>)]*/gi, (url) => url.replace(/[?#].*$/, '?…'))
    .replace(/\s+/g, ' ')
    .trim();
  return scrubbed.length > PROBLEM_TEXT_MAX_CHARS ? `${scrubbed.slice(0, PROBLEM_TEXT_MAX_CHARS - 1)}…` : scrubbed;
}

/** The report as one log line: `mirror csp ×3: Refused to connect … (connect-src blob:…)`. */
export function pageProblemLine(p: PageProblem): string {
  const times = p.count > 1 ? ` ×${p.count}` : '';
  return `${p.page} ${p.kind}${times}: ${p.message}${p.source ? ` (${p.source})` : ''}`;
}
