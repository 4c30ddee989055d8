import { describe, expect, it } from 'vitest';
import { syntheticHand } from '../../../tools/synth/hands';
import { isOpenPalm, OPEN_PALM_HOLD_MS, OpenPalmDetector, PINCH_CLOSED_PALMS, PINCH_MAX_HAND_SPEED_PALMS_PER_S, PINCH_OPEN_PALMS, PinchDetector, pinchPalms } from './hand-gestures';

describe('pinch', () => {
  /** A 30 fps clock for the detectors (the pinch reads the hand's speed). */
  let nowMs = 0;
  const tick = (): number => (nowMs += 33);
  /** The hand held up open and still for the speed span (four frames), as a shopper aims before pinching. */
  const aim = (d: PinchDetector, o: Parameters<typeof syntheticHand>[0] = {}): void => {
    for (let i = 0; i < 4; i++) expect(d.update(syntheticHand({ pinchPalms: 0.8, ...o }), 1, tick())).toBe(false);
  };

  it('measures thumb tip to index tip in palm lengths, whatever the hand’s size in the picture', () => {
    expect(pinchPalms(syntheticHand({ pinchPalms: 0.1, palm: 0.05 }), 1)).toBeCloseTo(0.1, 6);
    expect(pinchPalms(syntheticHand({ pinchPalms: 0.1, palm: 0.2 }), 1)).toBeCloseTo(0.1, 6);
  });

  it('clicks once when the tips close, and only again after they clearly open (hysteresis)', () => {
    const d = new PinchDetector();
    const at = (palms: number) => d.update(syntheticHand({ pinchPalms: palms }), 1, tick());
    aim(d);
    expect(at(PINCH_CLOSED_PALMS - 0.05)).toBe(true);
    expect(d.isClosed).toBe(true);
    // Jitter around the closing threshold, even beyond it, is still the same pinch.
    expect(at(PINCH_CLOSED_PALMS + 0.05)).toBe(false);
    expect(at(PINCH_CLOSED_PALMS - 0.05)).toBe(false);
    expect(at((PINCH_CLOSED_PALMS + PINCH_OPEN_PALMS) / 2)).toBe(false);
    expect(d.isClosed).toBe(true);
    expect(at(PINCH_OPEN_PALMS + 0.05)).toBe(false);
    expect(d.isClosed).toBe(false);
    expect(at(0.1)).toBe(true);
  });

  it('a fist is not a pinch: the thumb resting on a curled index does not click', () => {
    const d = new PinchDetector();
    // Seen open and still first, so that only the fist guard can hold the click back.
    aim(d, { fingers: [true, false, false, false] });
    // All four fingers curled onto the palm, the thumb tip beside the index tip: close by distance alone.
    const fist = syntheticHand({ fingers: [false, false, false, false], pinchPalms: 0.1 });
    expect(pinchPalms(fist, 1)).toBeLessThan(PINCH_CLOSED_PALMS);
    expect(d.update(fist, 1, tick())).toBe(false);
    expect(d.isClosed).toBe(false);
    // The same hand with the index reaching out to the thumb pinches.
    expect(d.update(syntheticHand({ fingers: [true, false, false, false], pinchPalms: 0.1 }), 1, tick())).toBe(true);
  });

  it('releases when the hand is lost', () => {
    const d = new PinchDetector();
    aim(d);
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(true);
    d.update(null, 1, tick());
    expect(d.isClosed).toBe(false);
    // Back in view open: it must be seen for the speed span again before a close clicks.
    expect(d.update(syntheticHand({ pinchPalms: 0.8 }), 1, tick())).toBe(false);
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(false);
    aim(d);
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(true);
  });

  it('a hand that comes into view already closed has not clicked: the click is the closing movement', () => {
    const d = new PinchDetector();
    // A runner's fist swinging up into view, thumb against the index: closed from its first frame, then lost.
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(false);
    expect(d.update(syntheticHand({ pinchPalms: 0.05 }), 1, tick())).toBe(false);
    d.update(null, 1, tick());
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(false);
    // Half open is not open: tips between the thresholds do not arm it either.
    expect(d.update(syntheticHand({ pinchPalms: (PINCH_CLOSED_PALMS + PINCH_OPEN_PALMS) / 2 }), 1, tick())).toBe(false);
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(false);
    // Opened, then closed: that is a click.
    aim(d, { pinchPalms: PINCH_OPEN_PALMS + 0.05 });
    expect(d.update(syntheticHand({ pinchPalms: 0.1 }), 1, tick())).toBe(true);
  });

  it('reads x and z in frame-width units: on a wide frame the same hand pinches the same', () => {
    const aspect = 16 / 9;
    const h = syntheticHand({ pinchPalms: 0.2 });
    // Squeeze the hand's x by the aspect, as a 16:9 frame shows it.
    const squeezed = { ...h, landmarks: h.landmarks.map((p) => ({ ...p, x: 0.5 + (p.x - 0.5) / aspect })) };
    expect(pinchPalms(squeezed, aspect)).toBeCloseTo(0.2, 6);
  });
  it('a hand swinging past does not click: the close must come from a hand nearly still', () => {
    const d = new PinchDetector();
    const palm = 0.1;
    // A third of a palm length per 30 fps frame: 10 palms/s (≈ 1 m/s), an arm swinging while walking.
    let x = 0.2;
    const swing = (pinch: number): boolean => d.update(syntheticHand({ pinchPalms: pinch, palm, x: (x += palm / 3) }), 1, tick());
    for (let i = 0; i < 4; i++) expect(swing(0.8)).toBe(false);
    expect(swing(0.1)).toBe(false);
    // Opens again and slows onto the button: a tenth of a palm per frame (3 palms/s, ≈ 30 cm/s). Then it clicks.
    expect(PINCH_MAX_HAND_SPEED_PALMS_PER_S).toBeGreaterThan(3);
    for (let i = 0; i < 4; i++) expect(d.update(syntheticHand({ pinchPalms: 0.8, palm, x: (x += palm / 10) }), 1, tick())).toBe(false);
    expect(d.update(syntheticHand({ pinchPalms: 0.1, palm, x: (x += palm / 10) }), 1, tick())).toBe(true);
  });

  it('frames arriving bunched do not turn jitter into speed', () => {
    const d = new PinchDetector();
    aim(d);
    // 4 mm of jitter (0.04 palm) delivered 2 ms after the last frame: 20 palms/s frame to frame, still over the span.
    expect(d.update(syntheticHand({ pinchPalms: 0.1, x: 0.5 + 0.004 }), 1, (nowMs += 2))).toBe(true);
  });
});

describe('open palm', () => {
  it('knows an open hand from a fist, a pointing finger and a tucked thumb', () => {
    expect(isOpenPalm(syntheticHand(), 1)).toBe(true);
    expect(isOpenPalm(syntheticHand({ fingers: [false, false, false, false] }), 1)).toBe(false);
    expect(isOpenPalm(syntheticHand({ fingers: [true, false, false, false] }), 1)).toBe(false);
    expect(isOpenPalm(syntheticHand({ thumbOut: false }), 1)).toBe(false);
  });

  it('goes back once after the palm is held still for the hold time', () => {
    const d = new OpenPalmDetector();
    const open = syntheticHand();
    expect(d.update(open, 1, 0)).toBe(false);
    expect(d.update(open, 1, OPEN_PALM_HOLD_MS / 2)).toBe(false);
    expect(d.progress).toBeCloseTo(0.5, 2);
    expect(d.update(open, 1, OPEN_PALM_HOLD_MS)).toBe(true);
    // Held on: nothing more until the hand closes.
    expect(d.update(open, 1, 3 * OPEN_PALM_HOLD_MS)).toBe(false);
    d.update(syntheticHand({ fingers: [false, false, false, false] }), 1, 3 * OPEN_PALM_HOLD_MS + 30);
    d.update(open, 1, 4 * OPEN_PALM_HOLD_MS);
    expect(d.update(open, 1, 5 * OPEN_PALM_HOLD_MS)).toBe(true);
  });

  it('does not go back while the open hand moves (pointing with an open hand)', () => {
    const d = new OpenPalmDetector();
    for (let t = 0; t <= 3 * OPEN_PALM_HOLD_MS; t += 33) {
      // Sweeping across the mirror at two palm lengths per second (≈ 20 cm/s, a slow pointing move).
      expect(d.update(syntheticHand({ x: 0.2 + (t / 1000) * 2 * 0.1 }), 1, t)).toBe(false);
    }
  });
});
