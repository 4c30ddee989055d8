import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, LOGS_DIR } from '../../src/core/log';
import { logLines } from './log-lines';

const CHILD_DIR = path.resolve('node_modules/.cache/atelier-ops-tests');
const CHILD = path.join(CHILD_DIR, 'crash-log-child.mjs');
const dirs: string[] = [];
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-log-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  fs.mkdirSync(CHILD_DIR, { recursive: true });
  await build({
    input: path.resolve('tests/ops/crash-log-child.ts'),
    platform: 'node',
    external: [/^node:/, 'pino', 'pino-roll'],
    output: { file: CHILD, format: 'esm' },
    logLevel: 'silent',
  });
}, 60_000);
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('logging', () => {
  it('writes JSON lines to rotated files under <dataDir>/logs and counts errors', async () => {
    const dataDir = tmp();
    let errors = 0;
    const log = createLogger('t', { dataDir, level: 'info', onError: () => errors++ });
    expect(await log.fileReady).toBe(path.join(dataDir, LOGS_DIR));
    log.info({ n: 1 }, 'hello file');
    log.error('went wrong');
    log.fatal('went very wrong');
    log.warn('only a warning');
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toBe(2);
    const lines = logLines(dataDir);
    expect(lines.map((l) => l.msg)).toEqual(['hello file', 'went wrong', 'went very wrong', 'only a warning']);
    expect(lines[0]).toMatchObject({ name: 't', n: 1, level: 30 });
    expect(fs.readdirSync(path.join(dataDir, LOGS_DIR))).toContain('atelier.1.log');
  });

  it('a folder it cannot create leaves the logger on stderr, not broken', async () => {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, LOGS_DIR), 'a file where the folder should be');
    const log = createLogger('t', { dataDir, level: 'silent' });
    expect(await log.fileReady).toBeNull();
    expect(() => log.info('fine')).not.toThrow();
  });

  it('a shell process logs unhandled rejections and uncaught exceptions to its files, then exits 1', () => {
    const dataDir = tmp();
    const r = spawnSync(process.execPath, [CHILD, dataDir], { encoding: 'utf8', timeout: 20_000, cwd: path.resolve('.') });
    expect(r.status).toBe(1);
    const lines = logLines(dataDir);
    const msgs = lines.map((l) => String(l.msg));
    expect(msgs).toContain('child started');
    const rejection = lines.find((l) => l.msg === 'unhandled promise rejection');
    expect(rejection?.err).toMatchObject({ message: 'nobody awaited this' });
    const crash = lines.find((l) => String(l.msg).startsWith('uncaught exception'));
    expect(crash).toMatchObject({ level: 60, err: { message: 'boom in a timer' } });
    expect(msgs).not.toContain('still alive after 5 s (should not happen)');
  });
});
