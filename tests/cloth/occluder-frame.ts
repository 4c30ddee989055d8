/**
 * What the occluder's render tests (occluder-feather-render, occluder-outline-render) draw on: the mirror clip's
 * frame 60 pose at the mirror's screen size, the shopper's shirt and a skin of the same luma, and the hand the pose
 * holds in front of the body there.
 */
import { expect } from 'vitest';
import { armInFront, createOcclusionRegions, occlusionRegions, type OcclusionRegions } from '../../src/renderer/scene/occlusion-regions';
import { loadClipTrack } from '../helpers/clip-tracks';

export const frame = loadClipTrack('mirror-run').frames.find((f) => f.index === 60)!;
export const DISPLAY = { widthPx: 1080, heightPx: 1920 };
/** The shirt, and a skin of the same luma (the cloth's shading reads the picture's luma: it stays the same). */
export const SHIRT = [200, 200, 200];
export const SKIN = [238, 187, 162];

/** Frame 60's occlusion regions and the side (0 left, 1 right) whose hand is in front of the body, checked there. */
export function handInFront(): { regions: OcclusionRegions; side: 0 | 1 } {
  const regions = createOcclusionRegions();
  occlusionRegions(frame.landmarksPx, frame.worldM, regions);
  const side = ([0, 1] as const).find((s) => armInFront(s === 0 ? 'left' : 'right', frame.landmarksPx, frame.worldM) && regions.radiiPx[2 * s + 1]! > 0);
  expect(side, 'a hand in front of the body on frame 60').toBeDefined();
  return { regions, side: side! };
}
