import * as THREE from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { ProductSpec } from './catalog';
import { HUMANOID_BONES, type HumanoidBone } from '../../shared/humanoid';

/**
 * The demo's 3D garments: simple tailored tubes built in code, skinned to a humanoid skeleton and exported as GLB
 * with three.js's GLTFExporter (run in Node). Skeleton in metres, glTF axes (y up, +z towards the viewer), bind
 * pose = T-pose, the wearer's left along +x. Bone names follow the VRM humanoid set so the renderer can solve
 * rotations from landmark directions by name.
 */

/** Joint positions of the bind pose (metres, world), for a 1.70 m adult. */
const JOINTS: Record<HumanoidBone, [number, number, number]> = {
  hips: [0, 0.95, 0],
  spine: [0, 1.08, 0],
  chest: [0, 1.25, 0],
  neck: [0, 1.45, 0],
  head: [0, 1.55, 0],
  leftShoulder: [0.05, 1.4, 0],
  leftUpperArm: [0.19, 1.4, 0],
  leftLowerArm: [0.46, 1.4, 0],
  leftHand: [0.71, 1.4, 0],
  rightShoulder: [-0.05, 1.4, 0],
  rightUpperArm: [-0.19, 1.4, 0],
  rightLowerArm: [-0.46, 1.4, 0],
  rightHand: [-0.71, 1.4, 0],
  leftUpperLeg: [0.1, 0.92, 0],
  leftLowerLeg: [0.1, 0.5, 0],
  leftFoot: [0.1, 0.08, 0],
  rightUpperLeg: [-0.1, 0.92, 0],
  rightLowerLeg: [-0.1, 0.5, 0],
  rightFoot: [-0.1, 0.08, 0],
};
const PARENT: Record<HumanoidBone, HumanoidBone | null> = {
  hips: null, spine: 'hips', chest: 'spine', neck: 'chest', head: 'neck',
  leftShoulder: 'chest', leftUpperArm: 'leftShoulder', leftLowerArm: 'leftUpperArm', leftHand: 'leftLowerArm',
  rightShoulder: 'chest', rightUpperArm: 'rightShoulder', rightLowerArm: 'rightUpperArm', rightHand: 'rightLowerArm',
  leftUpperLeg: 'hips', leftLowerLeg: 'leftUpperLeg', leftFoot: 'leftLowerLeg',
  rightUpperLeg: 'hips', rightLowerLeg: 'rightUpperLeg', rightFoot: 'rightLowerLeg',
};

function buildSkeleton(): { root: THREE.Bone; bones: THREE.Bone[]; index: (b: HumanoidBone) => number } {
  const bones = HUMANOID_BONES.map((name) => {
    const bone = new THREE.Bone();
    bone.name = name;
    return bone;
  });
  const byName = (n: HumanoidBone): THREE.Bone => bones[HUMANOID_BONES.indexOf(n)]!;
  for (const name of HUMANOID_BONES) {
    const parent = PARENT[name];
    const p = JOINTS[name];
    const q: readonly [number, number, number] = parent ? JOINTS[parent] : [0, 0, 0];
    byName(name).position.set(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    if (parent) byName(parent).add(byName(name));
  }
  return { root: byName('hips'), bones, index: (b) => HUMANOID_BONES.indexOf(b) };
}

/** A ring of cloth: centre, the plane it lies in (u, v unit vectors), radii along u and v. */
interface Ring {
  centre: THREE.Vector3;
  u: THREE.Vector3;
  v: THREE.Vector3;
  ru: number;
  rv: number;
  /** Skin weights for a vertex at angle `a` on this ring (up to 4 bones). */
  weights: (a: number) => Array<[HumanoidBone, number]>;
}

const SEGMENTS = 32;

class ClothBuilder {
  readonly positions: number[] = [];
  readonly skinIndex: number[] = [];
  readonly skinWeight: number[] = [];
  readonly indices: number[] = [];
  constructor(private readonly index: (b: HumanoidBone) => number) {}

  /** Joins consecutive rings into a tube (open at both ends). */
  tube(rings: readonly Ring[]): void {
    const first = this.positions.length / 3;
    for (const r of rings) {
      for (let s = 0; s < SEGMENTS; s++) {
        const a = (2 * Math.PI * s) / SEGMENTS;
        const p = r.centre.clone().addScaledVector(r.u, Math.cos(a) * r.ru).addScaledVector(r.v, Math.sin(a) * r.rv);
        this.positions.push(p.x, p.y, p.z);
        const w = r.weights(a);
        const total = w.reduce((sum, [, x]) => sum + x, 0);
        for (let k = 0; k < 4; k++) {
          const term = w[k];
          this.skinIndex.push(term ? this.index(term[0]) : 0);
          this.skinWeight.push(term ? term[1] / total : 0);
        }
      }
    }
    for (let i = 0; i + 1 < rings.length; i++) {
      for (let s = 0; s < SEGMENTS; s++) {
        const a = first + i * SEGMENTS + s;
        const b = first + i * SEGMENTS + ((s + 1) % SEGMENTS);
        const c = a + SEGMENTS;
        const d = b + SEGMENTS;
        this.indices.push(a, c, b, b, c, d);
      }
    }
  }

  geometry(): THREE.BufferGeometry {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(this.positions, 3));
    g.setAttribute('skinIndex', new THREE.Uint16BufferAttribute(this.skinIndex, 4));
    g.setAttribute('skinWeight', new THREE.Float32BufferAttribute(this.skinWeight, 4));
    g.setIndex(this.indices);
    g.computeVertexNormals();
    return g;
  }
}

const X = new THREE.Vector3(1, 0, 0);
const Z = new THREE.Vector3(0, 0, 1);
const lerpW = (a: HumanoidBone, b: HumanoidBone, t: number): Array<[HumanoidBone, number]> => [[a, 1 - t], [b, t]];
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Torso cross-sections from `y0` up to the shoulders: half-width and half-depth by height. */
function torsoRings(y0: number, y1: number, halfWidth: (y: number) => number, halfDepth: (y: number) => number, legSplit: boolean): Ring[] {
  const rings: Ring[] = [];
  const n = Math.max(2, Math.round((y1 - y0) / 0.04));
  for (let i = 0; i <= n; i++) {
    const y = y0 + ((y1 - y0) * i) / n;
    rings.push({
      centre: new THREE.Vector3(0, y, 0),
      u: X,
      v: Z,
      ru: halfWidth(y),
      rv: halfDepth(y),
      weights: (a) => {
        if (y >= 1.25) return lerpW('chest', 'neck', clamp01((y - 1.38) / 0.08));
        if (y >= 1.08) return lerpW('spine', 'chest', (y - 1.08) / 0.17);
        if (y >= 0.92 || !legSplit) return lerpW('hips', 'spine', clamp01((y - 0.95) / 0.13));
        // Below the hips a skirt follows the thigh on its side, blending to the hips at the front and back.
        const side = Math.cos(a) >= 0 ? 'leftUpperLeg' : 'rightUpperLeg';
        const down = clamp01((0.92 - y) / 0.3);
        return [['hips', 1 - down * Math.abs(Math.cos(a))], [side, down * Math.abs(Math.cos(a)) + 1e-3]];
      },
    });
  }
  return rings;
}

/** A limb tube along `dir` from `start`, radius by distance, skinned to `upper`/`lower` split at `jointAt`. */
function limbRings(start: THREE.Vector3, dir: THREE.Vector3, length: number, radius: (d: number) => number, parent: HumanoidBone, upper: HumanoidBone, lower: HumanoidBone, jointAt: number): Ring[] {
  const u = dir.clone().cross(Z).normalize();
  if (u.lengthSq() === 0) u.copy(X);
  const v = dir.clone().cross(u).normalize();
  const rings: Ring[] = [];
  const n = Math.max(2, Math.round(length / 0.04));
  for (let i = 0; i <= n; i++) {
    const d = (length * i) / n;
    rings.push({
      centre: start.clone().addScaledVector(dir, d),
      u,
      v,
      ru: radius(d),
      rv: radius(d) * 0.92,
      weights: () => {
        if (d < 0.05) return lerpW(parent, upper, clamp01(d / 0.05));
        const t = clamp01((d - (jointAt - 0.04)) / 0.08);
        return lerpW(upper, lower, t);
      },
    });
  }
  return rings;
}

function garmentScene(p: ProductSpec, colourHex: string): THREE.Group {
  const { root, bones, index } = buildSkeleton();
  const cloth = new ClothBuilder(index);
  const ease = p.shape.ease * 0.1;
  if (p.category === 'trousers') {
    cloth.tube(torsoRings(0.82, 1.02, (y) => 0.17 + ease + (1.02 - y) * 0.1, () => 0.12 + ease, false));
    for (const side of [1, -1] as const) {
      const start = new THREE.Vector3(side * 0.1, 0.86, 0);
      const [up, low, foot] = side === 1 ? (['leftUpperLeg', 'leftLowerLeg', 'leftFoot'] as const) : (['rightUpperLeg', 'rightLowerLeg', 'rightFoot'] as const);
      void foot;
      cloth.tube(limbRings(start, new THREE.Vector3(0, -1, 0), 0.8, (d) => 0.085 + ease - d * 0.03, 'hips', up, low, 0.36));
    }
  } else {
    const isDress = p.category === 'dress';
    const bottom = isDress ? 0.95 - 0.42 * p.shape.length : 0.86;
    const flare = isDress ? p.shape.flare * 0.12 : 0;
    cloth.tube(
      torsoRings(
        bottom,
        1.44,
        (y) => (y > 1.1 ? 0.17 + ease : y > 0.92 ? 0.15 + ease : 0.17 + ease + (0.92 - y) * (flare / 0.4)),
        (y) => (y > 1.1 ? 0.11 + ease : 0.1 + ease + (y < 0.92 ? (0.92 - y) * (flare / 0.6) : 0)),
        isDress,
      ),
    );
    if (p.shape.sleeves !== 'none') {
      const length = p.shape.sleeves === 'long' ? 0.55 : 0.17;
      for (const side of [1, -1] as const) {
        const [up, low] = side === 1 ? (['leftUpperArm', 'leftLowerArm'] as const) : (['rightUpperArm', 'rightLowerArm'] as const);
        cloth.tube(limbRings(new THREE.Vector3(side * 0.15, 1.4, 0), new THREE.Vector3(side, 0, 0), length, (d) => 0.065 + ease - d * 0.03, 'chest', up, low, 0.31));
      }
    }
  }
  const material = new THREE.MeshStandardMaterial({ color: new THREE.Color(colourHex), roughness: 0.85, metalness: 0, side: THREE.DoubleSide });
  material.name = `${p.id}-fabric`;
  const mesh = new THREE.SkinnedMesh(cloth.geometry(), material);
  mesh.name = p.id;
  const group = new THREE.Group();
  group.name = `${p.id}-garment`;
  group.add(root);
  group.add(mesh);
  group.updateMatrixWorld(true);
  mesh.bind(new THREE.Skeleton(bones));
  return group;
}

/**
 * Node has Blob but no FileReader, which GLTFExporter's binary path uses. Installed only for the duration of one
 * export and removed afterwards, so nothing else in the process sees a fake browser API.
 */
class NodeFileReader {
  result: ArrayBuffer | null = null;
  onloadend: (() => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((buffer) => {
      this.result = buffer;
      this.onloadend?.();
    });
  }
}

/** Exports one colourway of a 3D product as GLB bytes (a new buffer the caller owns). */
export async function exportGarmentGlb(p: ProductSpec, colour: ProductSpec['colourways'][number]): Promise<Uint8Array> {
  const scene = garmentScene(p, colour.primary);
  const g = globalThis as { FileReader?: unknown };
  const had = 'FileReader' in g;
  const previous = g.FileReader;
  if (!had) g.FileReader = NodeFileReader;
  try {
    const result = await new GLTFExporter().parseAsync(scene, { binary: true, onlyVisible: false });
    if (!(result instanceof ArrayBuffer)) throw new Error('GLTFExporter did not return binary output');
    return new Uint8Array(result);
  } finally {
    if (!had) delete g.FileReader;
    else g.FileReader = previous;
    scene.traverse((o) => {
      if (o instanceof THREE.Mesh) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    });
  }
}
