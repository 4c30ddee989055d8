import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './index';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** `atelier [flags] config` in-process: the effective `framing` setting. */
async function framingWith(dataDir: string, ...flags: string[]): Promise<boolean> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true));
  try {
    expect(await main(['--data-dir', dataDir, ...flags, 'config'])).toBe(0);
  } finally {
    o.mockRestore();
  }
  return (JSON.parse(out) as { config: { framing: boolean } }).config.framing;
}

describe('--no-framing', () => {
  it('turns framing off over the file, and its absence leaves the file alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-framing-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ framing: true }));
    expect(await framingWith(dir, '--no-framing')).toBe(false);
    expect(await framingWith(dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ framing: false }));
    expect(await framingWith(dir)).toBe(false);
  });
});
