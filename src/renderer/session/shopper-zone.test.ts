import { describe, expect, it } from 'vitest';
import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';
import { shopperZone } from './shopper-zone';

/** A standing body: centre x, top (head) and bottom (ankles) y, shoulder half-width, all normalised; 9:16 frame. */
function body(opts: { cx?: number; top?: number; bottom?: number; shoulderHalf?: number; facing?: 1 | -1; hidden?: number[] } = {}): NormalizedLandmark[] {
  const { cx = 0.5, top = 0.1, bottom = 0.9, shoulderHalf = 0.17, facing = 1, hidden = [] } = opts;
  const h = bottom - top;
  const lms: NormalizedLandmark[] = Array.from({ length: 33 }, () => ({ x: cx, y: top + h * 0.5, z: 0, visibility: 0.9, presence: 0.9 }));
  const set = (i: number, dx: number, fy: number) => (lms[i] = { x: cx + dx * facing, y: top + h * fy, z: 0, visibility: 0.9, presence: 0.9 });
  set(PoseLandmark.nose, 0, 0.05);
  // The person's left side is on the image's right when they face the camera.
  set(PoseLandmark.leftShoulder, shoulderHalf, 0.18);
  set(PoseLandmark.rightShoulder, -shoulderHalf, 0.18);
  set(PoseLandmark.leftHip, shoulderHalf * 0.6, 0.5);
  set(PoseLandmark.rightHip, -shoulderHalf * 0.6, 0.5);
  set(PoseLandmark.leftAnkle, shoulderHalf * 0.5, 1);
  set(PoseLandmark.rightAnkle, -shoulderHalf * 0.5, 1);
  for (const i of hidden) lms[i] = { ...lms[i]!, visibility: 0.1 };
  return lms;
}
const PORTRAIT = 9 / 16;

describe('shopperZone', () => {
  it('a shopper facing the mirror, large and centred, is in the zone', () => {
    expect(shopperZone(body(), PORTRAIT)).toBe('facing');
  });
  it('their back to the mirror reads as turned', () => {
    expect(shopperZone(body({ facing: -1 }), PORTRAIT)).toBe('turned');
  });
  it('a distant person is small, a person at the edge off-centre, a walker side-on', () => {
    expect(shopperZone(body({ top: 0.4, bottom: 0.7, shoulderHalf: 0.06 }), PORTRAIT)).toBe('small');
    expect(shopperZone(body({ cx: 0.9 }), PORTRAIT)).toBe('off-centre');
    expect(shopperZone(body({ shoulderHalf: 0.02 }), PORTRAIT)).toBe('side-on');
    expect(shopperZone(body({ hidden: [PoseLandmark.rightShoulder] }), PORTRAIT)).toBe('side-on');
  });
  it('a shopper so close that the legs leave the frame still counts (torso-based height)', () => {
    const close = body({ top: 0.05, bottom: 2.2, shoulderHalf: 0.35, hidden: [PoseLandmark.leftAnkle, PoseLandmark.rightAnkle] });
    expect(shopperZone(close, PORTRAIT)).toBe('facing');
  });
  it('no pose is nobody', () => {
    expect(shopperZone([], PORTRAIT)).toBe('nobody');
  });
});
