/** What the registry needs of a button: whether it is still in the page. */
export interface Target {
  readonly isConnected: boolean;
}

/**
 * The buttons the hand cursor has hit, named for the dwell selector (which tracks targets by name, frame to frame):
 * one name per element for as long as it is in the page. An element the page has dropped (a panel folded away, the
 * session's panels torn down) loses its entry at the next new hit and can no longer be pressed; {@link clear} at the
 * session's end forgets them all. Holds the elements it names (strongly) until then.
 */
export class HitTargets<E extends Target> {
  private ids = new WeakMap<E, string>();
  private readonly els = new Map<string, E>();
  private nextId = 1;

  /** The name of `el`, hit now; the first hit of an element drops the entries of elements no longer in the page. */
  name(el: E): string {
    let id = this.ids.get(el);
    if (id && this.els.has(id)) return id;
    if (!id) {
      id = `t${this.nextId++}`;
      this.ids.set(el, id);
    }
    // A new target is rare (the cursor entering another button), so sweeping here costs nothing per frame.
    for (const [key, known] of this.els) if (!known.isConnected) this.els.delete(key);
    this.els.set(id, el);
    return id;
  }

  /** The element named `id` if it is still in the page, else null (a target torn down under the cursor). */
  get(id: string): E | null {
    const el = this.els.get(id);
    if (!el) return null;
    if (el.isConnected) return el;
    this.els.delete(id);
    return null;
  }

  /** How many elements are named now. */
  get size(): number {
    return this.els.size;
  }

  /** The session ended: none of its buttons may be pressed, and the next session's names start afresh. */
  clear(): void {
    this.els.clear();
    this.ids = new WeakMap();
    this.nextId = 1;
  }
}
