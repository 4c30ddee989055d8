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

describe('OwnSleevesSchema', () => {
  const withSleeves = (ownSleeves: unknown): unknown => ({ ...(pose(null) as object), ownSleeves });

  it('takes where each own sleeve ends (a share of the upper arm, or null), and a frame without it', () => {
    const parsed = v.safeParse(PoseFrameSchema, withSleeves({ left: 0.62, right: null }));
    expect(parsed.success).toBe(true);
    expect((parsed.output as PoseFrame).ownSleeves).toEqual({ left: 0.62, right: null });
    expect(v.safeParse(PoseFrameSchema, pose(null)).success).toBe(true);
  });

  it.each([
    ['a share past the elbow', { left: 1.5, right: null }, /ownSleeves\.left/],
    ['a negative share', { left: null, right: -0.1 }, /ownSleeves\.right/],
    ['NaN', { left: Number.NaN, right: 0.5 }, /ownSleeves\.left/],
    ['an arm missing', { left: 0.5 }, /ownSleeves\.right/],
    ['text', { left: 'elbow', right: 0.5 }, /ownSleeves\.left/],
  ])('refuses own sleeves with %s, saying where', (_, ownSleeves, message) => {
    const parsed = v.safeParse(PoseFrameSchema, withSleeves(ownSleeves));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.issues!).join('; ')).toMatch(message);
  });
});

describe('OwnLegHemsSchema', () => {
  const withHems = (ownLegHems: unknown): unknown => ({ ...(pose(null) as object), ownLegHems });

  it('takes where each own hem ends on the leg (0 hip, 1 knee, 2 ankle, or null), and a frame without it', () => {
    const parsed = v.safeParse(PoseFrameSchema, withHems({ left: 0.95, right: 1.2 }));
    expect(parsed.success).toBe(true);
    expect((parsed.output as PoseFrame).ownLegHems).toEqual({ left: 0.95, right: 1.2 });
    expect(v.safeParse(PoseFrameSchema, withHems({ left: null, right: null })).success).toBe(true);
  });

  it.each([
    ['a place past the ankle', { left: 2.5, right: null }, /ownLegHems\.left/],
    ['a negative place', { left: null, right: -0.1 }, /ownLegHems\.right/],
    ['Infinity', { left: Number.POSITIVE_INFINITY, right: 0.5 }, /ownLegHems\.left/],
    ['a leg missing', { right: 0.9 }, /ownLegHems\.left/],
  ])('refuses own leg hems with %s, saying where', (_, ownLegHems, message) => {
    const parsed = v.safeParse(PoseFrameSchema, withHems(ownLegHems));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.issues!).join('; ')).toMatch(message);
  });
});

describe('OwnTopHemsSchema', () => {
  const withHems = (ownTopHems: unknown): unknown => ({ ...(pose(null) as object), ownTopHems });

  it('takes where the own top ends on each side of the torso (0 shoulders, 1 hips, or null), and a frame without it', () => {
    const parsed = v.safeParse(PoseFrameSchema, withHems({ left: 1.08, right: null }));
    expect(parsed.success).toBe(true);
    expect((parsed.output as PoseFrame).ownTopHems).toEqual({ left: 1.08, right: null });
    expect(v.safeParse(PoseFrameSchema, withHems({ left: null, right: null })).success).toBe(true);
    expect(v.safeParse(PoseFrameSchema, withHems({ left: 0, right: 2 })).success, 'the ends of the range').toBe(true);
    expect((v.parse(PoseFrameSchema, pose(null)) as PoseFrame).ownTopHems).toBeUndefined();
  });

  it.each([
    ['a place past twice the torso', { left: 2.5, right: null }, /ownTopHems\.left/],
    ['a negative place', { left: null, right: -0.1 }, /ownTopHems\.right/],
    ['Infinity', { left: Number.POSITIVE_INFINITY, right: 1 }, /ownTopHems\.left/],
    ['NaN', { left: 1, right: Number.NaN }, /ownTopHems\.right/],
    ['a side missing', { left: 1.1 }, /ownTopHems\.right/],
  ])('refuses own top hems with %s, saying where', (_, ownTopHems, message) => {
    const parsed = v.safeParse(PoseFrameSchema, withHems(ownTopHems));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.issues!).join('; ')).toMatch(message);
  });
});
