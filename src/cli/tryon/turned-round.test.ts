import { describe, expect, it } from 'vitest';
import type { PoseFrame } from '../../shared/pose';
import { turnedRound } from './turned-round';

describe('turnedRound', () => {
  it("swaps each joint's side and keeps where it is (the nose stays), leaving the input as it was", () => {
    const landmarks = Array.from({ length: 33 }, (_, i) => ({ x: i, y: 2 * i, z: 0, visibility: 1, presence: 1 }));
    const worldLandmarks = Array.from({ length: 33 }, (_, i) => ({ x: i, y: 0, z: 0, visibility: 1 }));
    const pose = { landmarks, worldLandmarks } as unknown as PoseFrame;
    const t = turnedRound(pose);
    expect(t.landmarks[0]!.x).toBe(0);
    // Shoulders 11 ↔ 12, hips 23 ↔ 24, eyes 2 ↔ 5.
    expect([t.landmarks[11]!.x, t.landmarks[12]!.x, t.landmarks[23]!.x, t.landmarks[24]!.x, t.landmarks[2]!.x, t.landmarks[5]!.x]).toEqual([12, 11, 24, 23, 5, 2]);
    expect(t.worldLandmarks[11]!.x).toBe(12);
    expect(pose.landmarks[11]!.x).toBe(11);
    // The own sleeves' ends are the wearer's sides too.
    expect(turnedRound({ ...pose, ownSleeves: { left: 0.6, right: null } }).ownSleeves).toEqual({ left: null, right: 0.6 });
    expect(t.ownSleeves).toBeUndefined();
    // So are the own hems, on the legs and of the top over the bottoms.
    expect(turnedRound({ ...pose, ownLegHems: { left: 0.8, right: null } }).ownLegHems).toEqual({ left: null, right: 0.8 });
    expect(turnedRound({ ...pose, ownTopHems: { left: 1.02, right: 1.15 } }).ownTopHems).toEqual({ left: 1.15, right: 1.02 });
    expect(t.ownTopHems).toBeUndefined();
    // Nobody present: nothing to swap.
    expect(turnedRound({ landmarks: [], worldLandmarks: [] } as unknown as PoseFrame).landmarks).toEqual([]);
  });
});
