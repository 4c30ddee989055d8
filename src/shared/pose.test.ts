import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { describeIssues } from './contract-kit';
import { PoseFrameSchema, type PoseFrame } from './pose';

const pose = (mask: unknown): unknown => ({ frameId: 1, timestampMs: 0, landmarks: [], worldLandmarks: [], presence: 1, mask, stagesMs: {}, provider: 'cpu' });
const placement = [0.5, 0, 0.25, 0, 0.5, 0.25];

describe('PersonMaskSchema', () => {
  it('takes a frame-spanning mask and a mask placed over the ROI', () => {
    expect(v.safeParse(PoseFrameSchema, pose({ widthPx: 4, heightPx: 2, data: new Uint8Array(8) })).success).toBe(true);
    const parsed = v.safeParse(PoseFrameSchema, pose({ widthPx: 128, heightPx: 128, data: new Uint8Array(128 * 128), frameFromMask: placement }));
    expect(parsed.success).toBe(true);
    expect((parsed.output as PoseFrame).mask?.frameFromMask).toEqual(placement);
  });

  it.each([
    ['data shorter than its size', { widthPx: 128, heightPx: 128, data: new Uint8Array(100), frameFromMask: placement }, /mask data holds 100 bytes, expected .* 16384/],
    ['data longer than its size', { widthPx: 2, heightPx: 2, data: new Uint8Array(5) }, /mask data holds 5 bytes, expected .* 4/],
    ['a placement that squeezes it to a line', { widthPx: 2, heightPx: 2, data: new Uint8Array(4), frameFromMask: [1, 2, 0, 2, 4, 0] }, /frameFromMask is not invertible/],
    ['a placement of five numbers', { widthPx: 2, heightPx: 2, data: new Uint8Array(4), frameFromMask: [1, 0, 0, 1, 0] }, /mask\.frameFromMask/],
    ['a placement with NaN', { widthPx: 2, heightPx: 2, data: new Uint8Array(4), frameFromMask: [1, 0, Number.NaN, 0, 1, 0] }, /mask\.frameFromMask\.2/],
    ['data that is not bytes', { widthPx: 2, heightPx: 2, data: [0, 0, 0, 0] }, /mask\.data/],
  ])('refuses a mask with %s, saying what is wrong', (_, mask, message) => {
    const parsed = v.safeParse(PoseFrameSchema, pose(mask));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.issues!).join('; ')).toMatch(message);
  });
});
