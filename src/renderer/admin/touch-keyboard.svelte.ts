/**
 * The on-screen keyboard of the kiosk's own touch screen (a kiosk browser has no OS keyboard): it follows the focused
 * text field of the admin screen and types into it as a hardware keyboard would — `input` events as it types,
 * `change` when the field is left or "Done" is pressed — so the screens' bindings and handlers work unchanged. A
 * staff tablet uses its own OS keyboard; this is not mounted there.
 *
 * Fields marked `data-keyboard="pinpad"` are typed on the PIN pad instead; `data-keyboard="off"` opts a field out.
 */

export type KeyboardLayout = 'letters' | 'symbols' | 'digits';
type Field = HTMLInputElement | HTMLTextAreaElement;

/** Input types a keyboard types into (no checkboxes, files, colours, dates). */
const TEXT_TYPES = new Set(['text', 'search', 'password', 'number', 'email', 'url', 'tel', '']);

/** The field the keyboard should type into for `el`, or null. */
export function keyboardFieldOf(el: EventTarget | null): Field | null {
  if (el instanceof HTMLTextAreaElement) return el.readOnly || el.disabled ? null : el;
  if (!(el instanceof HTMLInputElement)) return null;
  if (!TEXT_TYPES.has(el.getAttribute('type') ?? '') || el.readOnly || el.disabled) return null;
  const mode = el.dataset.keyboard;
  return mode === 'pinpad' || mode === 'off' ? null : el;
}

/** The layout a field starts on: digits for numbers (prices, stock, codes), letters otherwise. */
export function layoutFor(el: Field): KeyboardLayout {
  const mode = el.getAttribute('inputmode');
  return el.getAttribute('type') === 'number' || mode === 'numeric' || mode === 'decimal' ? 'digits' : 'letters';
}

/**
 * `value` after typing `text` over the selection `[start, end)` (the caret when equal); fields without a selection
 * API (type=number) type at the end. Pure.
 */
export function typeInto(value: string, start: number | null, end: number | null, text: string): { value: string; caret: number } {
  const s = start ?? value.length;
  const e = end ?? value.length;
  return { value: value.slice(0, s) + text + value.slice(e), caret: s + text.length };
}

/** `value` after a backspace at the selection: the selection, or the character before the caret. Pure. */
export function backspaceIn(value: string, start: number | null, end: number | null): { value: string; caret: number } {
  const s = start ?? value.length;
  const e = end ?? value.length;
  if (s !== e) return { value: value.slice(0, s) + value.slice(e), caret: s };
  if (s === 0) return { value, caret: 0 };
  const from = s - (Array.from(value.slice(0, s)).at(-1)?.length ?? 1);
  return { value: value.slice(0, from) + value.slice(s), caret: from };
}

export class TouchKeyboard {
  /** The field being typed into; null hides the keyboard. */
  target = $state.raw<Field | null>(null);
  layout = $state<KeyboardLayout>('letters');
  shift = $state(false);
  /** Staff may hide the keyboard for this visit (a hardware keyboard is plugged in); the header brings it back. */
  enabled = $state(true);
  /** The target's value changed since it was focused: `change` is due when it is left. */
  private edited = false;

  /** Follows focus inside `root`; returns the detach function. */
  attach(root: HTMLElement): () => void {
    // Focus moves since attach: a focus-out applied late must not undo a focus that came after it.
    let moves = 0;
    const onFocusIn = (e: FocusEvent) => {
      moves++;
      this.focus(keyboardFieldOf(e.target));
    };
    const onFocusOut = (e: FocusEvent) => {
      const next = keyboardFieldOf(e.relatedTarget);
      const left = e.target;
      const at = ++moves;
      // Applied after the event, not in it: when Svelte removes the focused field in its own update (the sign-in form
      // swapped for the signed-in screen), the browser fires focusout right then, where state may not be written
      // (Svelte's state_unsafe_mutation: the unlock at the kiosk threw it, 2026-12).
      queueMicrotask(() => {
        if (left === this.target) this.leave();
        if (!next && moves === at) this.target = null;
      });
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
    };
  }

  /** Shows the keyboard for `field` (null hides it) and keeps the field in view above it. */
  focus(field: Field | null): void {
    if (field !== this.target) this.leave();
    this.target = this.enabled ? field : null;
    if (!this.target) return;
    this.layout = layoutFor(this.target);
    this.shift = false;
    // After the keyboard has taken its place at the bottom: the field must not sit under it.
    requestAnimationFrame(() => field?.scrollIntoView({ block: 'center', inline: 'nearest' }));
  }

  /** Types one key: a character, `back`, `shift`, `space`, `symbols`, `letters` or `done`. */
  press(key: string): void {
    const el = this.target;
    if (!el) return;
    if (key === 'shift') return void (this.shift = !this.shift);
    if (key === 'symbols' || key === 'letters') return void (this.layout = key);
    if (key === 'done') {
      this.leave();
      el.blur();
      this.target = null;
      return;
    }
    const selectable = el.getAttribute('type') !== 'number';
    const start = selectable ? el.selectionStart : null;
    const end = selectable ? el.selectionEnd : null;
    const text = key === 'space' ? ' ' : this.shift ? key.toUpperCase() : key;
    const next = key === 'back' ? backspaceIn(el.value, start, end) : typeInto(el.value, start, end, text);
    if (el instanceof HTMLInputElement && el.maxLength > 0 && next.value.length > el.maxLength) return;
    el.value = next.value;
    if (selectable) el.setSelectionRange(next.caret, next.caret);
    this.edited = true;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    if (this.shift && key !== 'back') this.shift = false;
  }

  /** Hides the keyboard for the rest of this admin visit, or brings it back. */
  toggle(): void {
    this.enabled = !this.enabled;
    if (!this.enabled) {
      this.leave();
      this.target = null;
    }
  }

  /** The target is being left: a field typed into gets its `change`, as after typing on a hardware keyboard. */
  private leave(): void {
    if (this.edited && this.target) this.target.dispatchEvent(new Event('change', { bubbles: true }));
    this.edited = false;
  }
}
