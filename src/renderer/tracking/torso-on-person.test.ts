import { describe, expect, it } from 'vitest';
import type { PersonMaskInput } from '../garment/leg-silhouette';
import { PoseLandmark as L, POSE_LANDMARK_COUNT } from '../../shared/pose';
import { TORSO_ON_PERSON_TO_HIDE, TORSO_ON_PERSON_TO_SHOW, TorsoOnPerson } from './torso-on-person';

const W = 200;
const H = 400;

/** Shoulders at y 100 (x 70, 130), hips at y 200 (x 80, 120). */
function pose(): Float64Array {
  const px = new Float64Array(2 * POSE_LANDMARK_COUNT);
  px.set([70, 100], 2 * L.leftShoulder);
  px.set([130, 100], 2 * L.rightShoulder);
  px.set([80, 200], 2 * L.leftHip);
  px.set([120, 200], 2 * L.rightHip);
  return px;
}

/** A frame-spanning mask: the person where `on(x, y)`. */
function mask(on: (x: number, y: number) => boolean): PersonMaskInput {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (on(x, y)) data[y * W + x] = 255;
  return { mask: { widthPx: W, heightPx: H, data }, frameWidthPx: W, frameHeightPx: H };
}

const wholeTorso = mask((x, y) => x >= 60 && x <= 140 && y >= 90 && y <= 210);
/** Only the torso's left two fifths are the person (the pose's right side lies on somebody else). */
const leftPart = mask((x, y) => x >= 60 && x <= 95 && y >= 90 && y <= 210);
/** The torso's left four fifths. */
const mostly = mask((x, y) => x >= 60 && x <= 115 && y >= 90 && y <= 210);

describe('the torso on the person (TorsoOnPerson)', () => {
  it('lets garments hang on a pose whose torso lies on the person mask', () => {
    const torso = new TorsoOnPerson();
    expect(torso.check(pose(), wholeTorso)).toBe(true);
    expect(torso.share).toBe(1);
  });

  it('hides them on a pose whose torso lies mostly off it, and draws them again once it is back on', () => {
    const torso = new TorsoOnPerson();
    expect(torso.check(pose(), leftPart)).toBe(false);
    expect(torso.share).toBeLessThan(TORSO_ON_PERSON_TO_HIDE);
    // Between the bounds the last answer holds, either way.
    expect(torso.check(pose(), mostly)).toBe(false);
    expect(torso.share).toBeGreaterThanOrEqual(TORSO_ON_PERSON_TO_HIDE);
    expect(torso.share).toBeLessThan(TORSO_ON_PERSON_TO_SHOW);
    expect(torso.check(pose(), wholeTorso)).toBe(true);
    expect(torso.check(pose(), mostly)).toBe(true);
    // A new person starts drawn.
    torso.check(pose(), leftPart);
    torso.reset();
    expect(torso.check(pose(), mostly)).toBe(true);
  });

  it('judges nothing without a mask, nor a torso outside a placed mask’s square', () => {
    const torso = new TorsoOnPerson();
    expect(torso.check(pose(), null)).toBe(true);
    // A 50 × 50 mask over the frame's bottom quarter only (all background), below the torso.
    const below: PersonMaskInput = {
      mask: { widthPx: 50, heightPx: 50, data: new Uint8Array(50 * 50), frameFromMask: [1, 0, 0, 0, 0.25, 0.75] },
      frameWidthPx: W,
      frameHeightPx: H,
    };
    expect(torso.check(pose(), below)).toBe(true);
    expect(torso.share).toBeNaN();
  });
});
