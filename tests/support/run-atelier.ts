import { vi } from 'vitest';
import { main } from '../../src/cli/index';

/**
 * Runs the `atelier` command line in-process and captures what it prints: its exit code, stdout and stderr (not
 * shown while it runs). `process.exitCode` is cleared before and after, so a failing command does not fail the run.
 */
export async function runAtelier(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
