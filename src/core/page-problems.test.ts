import { describe, expect, it } from 'vitest';
import { PAGE_PROBLEM_RECENT_MS, PageProblemLog } from './page-problems';
import type { Logger } from './log';

/** A logger that keeps what was written at error level. */
function recordingLog(): { log: Logger; lines: Array<{ fields: Record<string, unknown>; msg: string }> } {
  const lines: Array<{ fields: Record<string, unknown>; msg: string }> = [];
  const log = { error: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) } as unknown as Logger;
  return { log, lines };
}

describe('PageProblemLog', () => {
  it('logs each report as one error line with who sent it, and counts it for health', () => {
    const { log, lines } = recordingLog();
    const pages = new PageProblemLog(log);
    expect(pages.health()).toEqual({ reports: 0, recent: 0, last: null });
    pages.record({ kind: 'csp', page: 'mirror', message: 'refused blob by connect-src', source: 'three.js:40:2', count: 2 }, 'ws:127.0.0.1', '127.0.0.1');
    expect(lines).toEqual([
      { fields: { origin: 'ws:127.0.0.1', page: 'mirror', kind: 'csp', count: 2, dropped: 0 }, msg: 'mirror csp ×2: refused blob by connect-src (three.js:40:2)' },
    ]);
    expect(pages.health()).toEqual({ reports: 1, recent: 1, last: 'mirror csp ×2: refused blob by connect-src (three.js:40:2)' });
  });

  it('counts a report as recent for ten minutes, then only in the total', () => {
    const { log } = recordingLog();
    let now = 1_000_000;
    const pages = new PageProblemLog(log, () => now);
    pages.record({ kind: 'error', page: 'admin', message: 'x', count: 1 }, 'ipc:1');
    now += PAGE_PROBLEM_RECENT_MS - 1;
    pages.record({ kind: 'error', page: 'admin', message: 'y', count: 1 }, 'ipc:1');
    expect(pages.health()).toMatchObject({ reports: 2, recent: 2 });
    now += 1;
    expect(pages.health()).toMatchObject({ reports: 2, recent: 1, last: 'admin error: y' });
    now += PAGE_PROBLEM_RECENT_MS;
    expect(pages.health()).toMatchObject({ reports: 2, recent: 0 });
  });

  it('scrubs again what a client sent, never trusting the page to have done it', () => {
    const { log, lines } = recordingLog();
    new PageProblemLog(log).record({ kind: 'error', page: 'mirror', message: 'bad frame data:image/png;base64,iVBORw0KGgo\nnext', count: 1 }, 'ipc:1');
    expect(lines[0]!.msg).toBe('mirror error: bad frame data:… next');
  });

  it('holds each address to 30 reports a minute; the rest are counted, not written', () => {
    const { log, lines } = recordingLog();
    let now = 0;
    const pages = new PageProblemLog(log, () => now);
    const p = { kind: 'error' as const, page: 'mirror' as const, message: 'x', count: 1 };
    for (let i = 0; i < 100; i++) pages.record(p, 'ws:10.0.0.9', '10.0.0.9');
    pages.record(p, 'ws:127.0.0.1', '127.0.0.1');
    expect(lines).toHaveLength(31);
    expect(pages.health().reports).toBe(31);
    now = 61_000;
    pages.record(p, 'ws:10.0.0.9', '10.0.0.9');
    expect(lines).toHaveLength(32);
    expect(lines[31]!.fields.dropped).toBe(70);
  });
});
