import * as THREE from 'three';
import { POSE_CONNECTIONS as BONES, type NormalizedLandmark } from '../../shared/pose';


/**
 * The debug skeleton, drawn in the mirror's world (camera pixels). One preallocated vertex buffer, updated in
 * place each frame: no allocation on the render path. Owns its geometry and material.
 */
export class SkeletonLayer {
  readonly object: THREE.LineSegments;
  private readonly positions: Float32Array;
  private readonly attribute: THREE.BufferAttribute;

  constructor() {
    this.positions = new Float32Array(BONES.length * 2 * 3);
    const geometry = new THREE.BufferGeometry();
    this.attribute = new THREE.BufferAttribute(this.positions, 3);
    this.attribute.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.attribute);
    this.object = new THREE.LineSegments(
      geometry,
      new THREE.LineBasicMaterial({ color: 0x39ff88, depthTest: false, transparent: true, opacity: 0.9 }),
    );
    this.object.renderOrder = 1000;
    this.object.frustumCulled = false;
    this.object.visible = false;
  }

  /**
   * @param landmarks normalised to the camera frame (borrowed); empty hides the skeleton.
   * @param frameWidthPx camera frame size, to convert to world pixels.
   */
  update(landmarks: readonly NormalizedLandmark[], frameWidthPx: number, frameHeightPx: number, visible: boolean): void {
    if (!visible || landmarks.length < 33) {
      this.object.visible = false;
      return;
    }
    let i = 0;
    for (const [a, b] of BONES) {
      const pa = landmarks[a]!;
      const pb = landmarks[b]!;
      this.positions[i++] = pa.x * frameWidthPx;
      this.positions[i++] = pa.y * frameHeightPx;
      this.positions[i++] = 10;
      this.positions[i++] = pb.x * frameWidthPx;
      this.positions[i++] = pb.y * frameHeightPx;
      this.positions[i++] = 10;
    }
    this.attribute.needsUpdate = true;
    this.object.visible = true;
  }

  dispose(): void {
    this.object.geometry.dispose();
    (this.object.material as THREE.Material).dispose();
  }
}
