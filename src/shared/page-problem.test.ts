import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TEXT_MAX_CHARS, PageProblemSchema, pageProblemLine, scrubProblemText } from './page-problem';

describe('page problems', () => {
  it('drops what a URL carries besides where it points: data: contents, blob: ids, queries', () => {
    expect(scrubProblemText('Refused to load data:image/jpeg;base64,/9j/4AAQSkZJRg== by img-src')).toBe('Refused to load data:… by img-src');
    expect(scrubProblemText("fetch('blob:http://127.0.0.1:7481/0b1c-22') failed")).toBe("fetch('blob:…') failed");
    expect(scrubProblemText('GET http://127.0.0.1:7481/admin?token=abc#x 500')).toBe('GET http://127.0.0.1:7481/admin?… 500');
    expect(scrubProblemText('at http://127.0.0.1:7481/assets/index-3f.js:12:5')).toBe('at http://127.0.0.1:7481/assets/index-3f.js:12:5');
  });

  it('folds a multi-line message to one line and cuts it at the limit', () => {
    expect(scrubProblemText('TypeError: x\n    at f (a.js:1:2)\n')).toBe('TypeError: x at f (a.js:1:2)');
    const long = scrubProblemText('e'.repeat(5000));
    expect(long).toHaveLength(PROBLEM_TEXT_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('accepts a report as the page sends it and refuses anything else', () => {
    const ok = { kind: 'csp', page: 'mirror', message: 'refused blob by connect-src', count: 1 };
    expect(v.safeParse(PageProblemSchema, ok).success).toBe(true);
    for (const bad of [
      { ...ok, kind: 'warning' },
      { ...ok, page: 'elsewhere' },
      { ...ok, count: 0 },
      { ...ok, count: 1.5 },
      { ...ok, message: 'x'.repeat(PROBLEM_TEXT_MAX_CHARS + 1) },
      { ...ok, frame: 'data:image/png;base64,AAAA' },
      [ok],
      null,
    ]) {
      expect(v.safeParse(PageProblemSchema, bad).success, JSON.stringify(bad)?.slice(0, 80)).toBe(false);
    }
  });

  it('reads as one log line with its count and place', () => {
    expect(pageProblemLine({ kind: 'csp', page: 'mirror', message: 'refused blob by connect-src', source: 'index.js:3:1', count: 3 })).toBe(
      'mirror csp ×3: refused blob by connect-src (index.js:3:1)',
    );
    expect(pageProblemLine({ kind: 'error', page: 'admin', message: 'TypeError: x is undefined', count: 1 })).toBe('admin error: TypeError: x is undefined');
  });
});
