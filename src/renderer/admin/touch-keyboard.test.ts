import { describe, expect, it } from 'vitest';
import { backspaceIn, typeInto } from './touch-keyboard.svelte';

describe('on-screen keyboard typing', () => {
  it('types at the caret, over a selection, or at the end of a field without one', () => {
    expect(typeInto('sm', 1, 1, 'a')).toEqual({ value: 'sam', caret: 2 });
    expect(typeInto('sXXm', 1, 3, 'a')).toEqual({ value: 'sam', caret: 2 });
    expect(typeInto('34', null, null, '9')).toEqual({ value: '349', caret: 3 });
  });

  it('deletes the selection or the character before the caret, a whole emoji or CJK character at once', () => {
    expect(backspaceIn('sam', 3, 3)).toEqual({ value: 'sa', caret: 2 });
    expect(backspaceIn('sam', 0, 3)).toEqual({ value: '', caret: 0 });
    expect(backspaceIn('sam', 0, 0)).toEqual({ value: 'sam', caret: 0 });
    expect(backspaceIn('a😀', 3, 3)).toEqual({ value: 'a', caret: 1 });
    expect(backspaceIn('349', null, null)).toEqual({ value: '34', caret: 2 });
  });
});
