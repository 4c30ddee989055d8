import { describe, expect, it } from 'vitest';
import type { StaffCall } from '../../shared/staff-call';
import { StaffCalls } from './staff-calls';

const tee = { sku: 'AT-TEE01-NVY-M', productId: 'tee-everyday', productName: 'Everyday Crew Tee', colour: 'Navy', size: 'M' };

describe('staff calls', () => {
  it('a call is published waiting, acknowledged once by name, and gone when the shopper cancels', () => {
    const published: StaffCall[][] = [];
    const calls = new StaffCalls({ publish: (c) => published.push(c) });
    const c = calls.call(tee);
    expect(c).toMatchObject({ state: 'waiting', productName: 'Everyday Crew Tee', size: 'M', colour: 'Navy', by: null });
    expect(published.at(-1)).toEqual([c]);
    // Asking again for the same product does not make a second call.
    expect(calls.call(tee).id).toBe(c.id);
    expect(calls.list()).toHaveLength(1);
    expect(calls.acknowledge(c.id, 'Sam Staff')).toMatchObject({ state: 'coming', by: 'Sam Staff' });
    // A second staff member answering keeps the first on the way.
    expect(calls.acknowledge(c.id, 'Lee Staff').by).toBe('Sam Staff');
    expect(published.at(-1)![0]!.state).toBe('coming');
    calls.cancel(c.id);
    expect(published.at(-1)).toEqual([]);
    expect(() => calls.acknowledge(c.id, 'Sam Staff')).toThrow(/no longer open/);
  });

  it('drops calls nobody answered after 10 minutes and answered ones after 3, and caps the open calls', () => {
    let now = 0;
    const calls = new StaffCalls({ publish: () => {}, now: () => now, maxOpen: 2 });
    const waiting = calls.call(tee);
    const other = calls.call(null);
    expect(() => calls.call({ ...tee, sku: 'X' })).toThrow(/too many/);
    calls.acknowledge(other.id, 'Sam');
    now = 3 * 60_000 + 1;
    expect(calls.list().map((c) => c.id)).toEqual([waiting.id]);
    now = 10 * 60_000 + 1;
    expect(calls.list()).toEqual([]);
  });
});
