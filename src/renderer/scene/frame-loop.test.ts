import { describe, expect, it } from 'vitest';
import { FrameLoop } from './frame-loop';

describe('FrameLoop', () => {
  it('runs stages in the frame order whatever order controllers add them in', () => {
    const loop = new FrameLoop();
    loop.add('render', () => {});
    loop.add('session', () => {});
    loop.add('advice', () => {});
    loop.add('fit', () => {});
    loop.add('capture', () => {});
    expect(loop.order).toEqual(['session', 'fit', 'render', 'capture', 'advice']);
  });

  it('removes exactly the stage it added', () => {
    const loop = new FrameLoop();
    const a = (): void => {};
    const offA = loop.add('debug', a);
    loop.add('debug', () => {});
    offA();
    offA();
    expect(loop.order).toEqual(['debug']);
  });
});
