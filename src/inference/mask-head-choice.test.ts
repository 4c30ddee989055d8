import { describe, expect, it } from 'vitest';
import { chooseMaskHead } from './pose-models-ort';

/** Burns about `ms` of CPU on this thread (a busy loop: CPU time, as the choice measures). */
async function burn(ms: number): Promise<void> {
  const c0 = process.cpuUsage();
  let x = 0;
  while ((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000 < ms) x += Math.sqrt(x + 1);
  if (x < 0) throw new Error('unreachable');
}

describe('chooseMaskHead', () => {
  it('keeps the way of running the mask that costs less CPU, either way round', async () => {
    expect(await chooseMaskHead(() => burn(4), () => burn(1))).toBe('split');
    expect(await chooseMaskHead(() => burn(1), () => burn(4))).toBe('whole');
  });

  it('runs both in alternating rounds (a load change on a shared machine hits both alike)', async () => {
    const order: string[] = [];
    await chooseMaskHead(async () => void order.push('w'), async () => void order.push('s'));
    expect(order.join('')).toBe('wwwsss'.repeat(4));
  });
});
