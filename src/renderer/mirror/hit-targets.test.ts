import { describe, expect, it } from 'vitest';
import { HitTargets } from './hit-targets';

/** A button as the page holds it: in the page until its panel is torn down. */
const button = (): { isConnected: boolean } => ({ isConnected: true });

describe('HitTargets', () => {
  it('names an element the same for as long as it is in the page, and elements apart', () => {
    const targets = new HitTargets();
    const [a, b] = [button(), button()];
    const id = targets.name(a);
    expect(targets.name(a)).toBe(id);
    expect(targets.name(b)).not.toBe(id);
    expect(targets.get(id)).toBe(a);
  });

  it('drops the elements the page dropped at the next new hit, and will not hand one back', () => {
    const targets = new HitTargets();
    const folded = [button(), button(), button()];
    const ids = folded.map((el) => targets.name(el));
    for (const el of folded) el.isConnected = false;
    // Torn down under the cursor: no longer pressable by its name.
    expect(targets.get(ids[0]!)).toBeNull();
    targets.name(button());
    expect(targets.size).toBe(1);
  });

  it('forgets every element at the session end; the next session names afresh', () => {
    const targets = new HitTargets();
    const kept = button();
    const id = targets.name(kept);
    targets.name(button());
    targets.clear();
    expect(targets.size).toBe(0);
    expect(targets.get(id)).toBeNull();
    // The same element hit again after the end is a new target of the new session (its name is not the old one's).
    const again = targets.name(kept);
    expect(targets.get(again)).toBe(kept);
    expect(targets.size).toBe(1);
  });
});
