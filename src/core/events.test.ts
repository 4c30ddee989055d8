import { describe, expect, it } from 'vitest';
import { EventHub } from './events';

describe('EventHub', () => {
  it('delivers a channel its own payload type, replays the last one, and isolates a throwing listener', () => {
    const errors: string[] = [];
    const hub = new EventHub((channel) => errors.push(channel));
    hub.publish('catalog.onChange', { productIds: ['p1'], at: '2026-01-01T00:00:00.000Z' });
    const seen: string[][] = [];
    hub.subscribe('catalog.onChange', (c) => seen.push(c.productIds), true);
    hub.subscribe('catalog.onChange', () => {
      throw new Error('broken renderer');
    });
    hub.publish('catalog.onChange', { productIds: ['p2'], at: '2026-01-01T00:00:01.000Z' });
    expect(seen).toEqual([['p1'], ['p2']]);
    expect(errors).toEqual(['catalog.onChange']);
  });

  it('is typed from the contract: a wrong payload or an unknown channel does not compile', () => {
    const hub = new EventHub();
    // @ts-expect-error catalog.onChange carries a CatalogChange, not a string
    hub.publish('catalog.onChange', 'changed');
    // @ts-expect-error no such channel in the contract
    hub.subscribe('catalog.onChanged', () => {});
    expect(hub.listenerCount('catalog.onChange')).toBe(0);
  });
});
