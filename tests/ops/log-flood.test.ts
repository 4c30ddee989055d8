import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, LOGS_DIR } from '../../src/core/log';
import { logLines } from './log-lines';

/**
 * A client that sends bad messages as fast as it can makes the bridge log one warning each. Without a limit,
 * 100 MB of logs (10 rolled files) were rotated away within minutes, taking the useful lines with them. Repeats of
 * one message are limited per window; what was dropped is counted in one line when the window ends.
 */
describe('log flooding', () => {
  it('repeats of one message are capped per window and counted; other lines still get through', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-flood-'));
    let now = 0;
    const log = createLogger('t', { dataDir, level: 'info', repeatLimit: { perWindow: 10, windowMs: 60_000, now: () => now } });
    await log.fileReady;
    log.info('mirror started');
    for (let i = 0; i < 50_000; i++) log.warn({ channel: `x${i}`, origin: 'ws:10.0.0.66' }, 'bad request');
    log.error({ err: new Error('camera lost') }, 'camera failed');
    now = 61_000;
    log.warn({ channel: 'y' }, 'bad request');
    await new Promise((r) => setTimeout(r, 50));
    const lines = logLines(dataDir);
    const msgs = lines.map((l) => l.msg);
    expect(msgs.filter((m) => m === 'bad request')).toHaveLength(11);
    expect(msgs).toContain('mirror started');
    expect(msgs).toContain('camera failed');
    expect(lines.find((l) => String(l.msg).startsWith('log: dropped'))).toMatchObject({ msg: 'log: dropped 49990 repeats of "bad request" in the last 60 s', level: 40 });
    const bytes = fs.readdirSync(path.join(dataDir, LOGS_DIR)).reduce((n, f) => n + fs.statSync(path.join(dataDir, LOGS_DIR, f)).size, 0);
    expect(bytes).toBeLessThan(10_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
