import { describe, expect, it } from 'vitest';
import { POSE_CONNECTIONS } from '../../shared/pose';
import { poseOverlaySvg } from './overlay';

const landmark = (x: number, y: number, visibility = 1) => ({ x, y, z: 0, visibility, presence: 1 });

describe('poseOverlaySvg', () => {
  it('draws every bone and point in image pixels', () => {
    const lms = Array.from({ length: 33 }, (_, i) => landmark(i / 32, 0.5));
    const svg = poseOverlaySvg(lms, 320, 200);
    expect(svg.match(/<line /g)).toHaveLength(POSE_CONNECTIONS.length);
    expect(svg.match(/<circle /g)).toHaveLength(33);
    expect(svg).toContain('cx="320.0" cy="100.0"');
    expect(svg).toContain('width="320" height="200"');
  });

  it('draws points below visibility 0.5 hollow and their bones dashed', () => {
    const lms = Array.from({ length: 33 }, (_, i) => landmark(0.5, 0.5, i === 0 ? 0.2 : 0.9));
    const svg = poseOverlaySvg(lms, 100, 100);
    expect(svg.match(/fill="none"/g)).toHaveLength(1);
    // bones touching the nose (0): 0-1 and 0-4
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
  });
});
