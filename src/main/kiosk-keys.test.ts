import { describe, expect, it } from 'vitest';
import { isEscapeKey, type KeyInput } from './kiosk-keys';

function key(k: string, mods: Partial<Pick<KeyInput, 'control' | 'alt' | 'meta' | 'shift'>> = {}, type = 'keyDown'): KeyInput {
  return { type, key: k, control: false, alt: false, meta: false, shift: false, ...mods };
}

describe('kiosk keys', () => {
  it('swallows the combinations that close, reload, navigate or open devtools', () => {
    const blocked: KeyInput[] = [
      key('F4', { alt: true }),
      key('w', { control: true }),
      key('W', { control: true, shift: true }),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('I', { control: true, shift: true }),
      key('J', { control: true, shift: true }),
      key('q', { control: true }),
      key('n', { control: true }),
      key('t', { control: true }),
      key('p', { control: true }),
      key('=', { control: true }),
      key('-', { control: true }),
      key('0', { control: true }),
      key('Tab', { control: true }),
      key('F5'),
      key('F11'),
      key('F12'),
      key('F1'),
      key('ArrowLeft', { alt: true }),
      key('Alt', { alt: true }),
      key('i', { meta: true, alt: true }),
      key('BrowserBack'),
      key('BrowserRefresh'),
      key('F12', {}, 'keyUp'),
    ];
    for (const k of blocked) expect(isEscapeKey(k), JSON.stringify(k)).toBe(true);
  });

  it('lets typing, the PIN pad and text editing through', () => {
    const allowed: KeyInput[] = [
      key('1'),
      key('a'),
      key('A', { shift: true }),
      key('Enter'),
      key('Backspace'),
      key('Escape'),
      key('Tab'),
      key('ArrowDown'),
      key(' '),
      key('v', { control: true }),
      key('c', { control: true }),
      key('a', { control: true }),
      key('z', { control: true }),
      key('好'),
    ];
    for (const k of allowed) expect(isEscapeKey(k), JSON.stringify(k)).toBe(false);
  });

  it('ignores non-key input', () => {
    expect(isEscapeKey({ ...key('F12'), type: 'mouseDown' })).toBe(false);
  });
});
