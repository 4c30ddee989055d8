import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { createHandSkinUniforms, setHandSamples } from './unseen-hands';

/** A body facing the camera, arms hanging (camera px; the wearer's left on the picture's right), world depth 0. */
function standing(): { px: Float64Array; world: Float64Array } {
  const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const world = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const put = (i: number, x: number, y: number): void => {
    px.set([x, y], 2 * i);
    world.set([(x - 640) / 400, (y - 500) / 400, 0], 3 * i);
  };
  put(L.leftShoulder, 720, 300);
  put(L.rightShoulder, 560, 300);
  put(L.leftHip, 700, 560);
  put(L.rightHip, 580, 560);
  for (const [side, x] of [['left', 760], ['right', 520]] as const) {
    const at = (name: string): number => L[`${side}${name}` as keyof typeof L] as number;
    put(at('Elbow'), x, 420);
    put(at('Wrist'), x, 530);
    put(at('Thumb'), x - 6, 545);
    put(at('Index'), x, 555);
    put(at('Pinky'), x + 6, 550);
  }
  return { px, world };
}

describe('the hands the arms’ stand-ins are keyed by', () => {
  const u = createHandSkinUniforms({ value: new THREE.Texture() }, { value: new THREE.Vector2(1280, 720) });

  it('samples each hand at its wrist, thumb, index and pinky, the wearer’s left first', () => {
    const { px, world } = standing();
    setHandSamples(u, px, world);
    expect(u.handSamplesPx.value.map((v) => [v.x, v.y])).toEqual([
      [760, 530], [754, 545], [760, 555], [766, 550],
      [520, 530], [514, 545], [520, 555], [526, 550],
    ]);
  });

  it('keys only an arm in front of the torso: arms hanging at the sides keep their stand-ins whatever the hands show', () => {
    const { px, world } = standing();
    setHandSamples(u, px, world);
    expect(u.handKeyed.value.toArray()).toEqual([0, 0]);
    // The left wrist 30 cm nearer the camera than its shoulder: reaching forward.
    world[3 * L.leftWrist + 2] = -0.3;
    setHandSamples(u, px, world);
    expect(u.handKeyed.value.toArray()).toEqual([1, 0]);
  });
});
