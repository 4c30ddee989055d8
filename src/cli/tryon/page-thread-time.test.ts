import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PageThread } from './page-thread-time';

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('the render page thread by the scheduler’s count', () => {
  it('finds a renderer child process and reads its CPU time and run-queue wait', async () => {
    expect(PageThread.find()).toBeNull();
    // A busy child whose command line says it is a renderer (as Chromium's do: `--type=renderer`).
    const child = spawn('sh', ['-c', 'while :; do :; done', '--type=renderer'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const thread = PageThread.find();
    expect(thread).not.toBeNull();
    const a = thread!.now()!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const b = thread!.now()!;
    expect(b.cpuMs).toBeGreaterThan(a.cpuMs);
    expect(b.waitMs).toBeGreaterThanOrEqual(a.waitMs);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(thread!.now()).toBeNull();
  });
});
