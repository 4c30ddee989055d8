/**
 * The wearer's body shading their own clothes from the room's light (issue 14 point 2, look): the inside of a
 * trouser leg faces the other leg, the crotch both thighs, a tee's sides the arms hanging beside them, a sleeve's
 * underside the chest. A store's light is mostly diffuse (the LightProbe of the store light carries ≥ 40 % of it):
 * without this, every part of a garment that faces sideways gets as much of it as its front, and a pair of
 * trousers reads as two flat, evenly lit cut-outs. The body is the solved skeleton's limbs and trunk as capsules
 * (anthropometric radii); each blocks its share of the cosine-weighted sky a cloth point sees, and the cloth's
 * diffuse room light (not the key light's direct part) keeps what is left, and gets the blocked part back once
 * bounced off what blocked it (the occluding leg or trunk is the same garment or bare skin, lit by the same room: a
 * khaki crease is a darker khaki, a white tee's side under a bare arm greys) — ambient occlusion with one bounce,
 * as three.js's aoMap applies it, but of a body that moves.
 *
 * GLSL for the fabric material's fragment shader and a TypeScript mirror of the same maths (the checks compare it
 * with rays cast at capsules, and apply it to the demo garments in Node).
 */
import * as THREE from 'three';
import { HUMANOID_BONES } from '../../shared/humanoid';
import { SHANK_RADIUS_M, THIGH_RADIUS_M } from './sim-skirt';

/** Upper arm and forearm radii, metres (ANSUR II: relaxed biceps circumference ≈ 31 cm, forearm ≈ 27 cm). */
const UPPER_ARM_RADIUS_M = 0.05;
const FOREARM_RADIUS_M = 0.043;
/**
 * The trunk from the hips to the neck as one round capsule, metres: the mean of half the chest's breadth and half
 * its depth (ANSUR II: ≈ 33 and 24 cm): it sees the sleeves' undersides and the arms' insides.
 */
const TRUNK_RADIUS_M = 0.14;

/**
 * The most light the body's parts bounce back onto the cloth they shade, linear reflectance: they are the garment
 * itself (its own colour) or bare skin, whose diffuse reflectance across the visible is ≈ 0.35–0.45 for light skin
 * and less for darker (spectrophotometer surveys of skin): a white garment's crease beside a
 * bare arm is lit by the arm, not by another white surface.
 */
export const BODY_BOUNCE_ALBEDO = 0.4;

/** The capsules: from bone, to bone, radius (metres). */
export const BODY_CAPSULES: ReadonlyArray<readonly [(typeof HUMANOID_BONES)[number], (typeof HUMANOID_BONES)[number], number]> = [
  ['hips', 'neck', TRUNK_RADIUS_M],
  ['leftUpperArm', 'leftLowerArm', UPPER_ARM_RADIUS_M],
  ['leftLowerArm', 'leftHand', FOREARM_RADIUS_M],
  ['rightUpperArm', 'rightLowerArm', UPPER_ARM_RADIUS_M],
  ['rightLowerArm', 'rightHand', FOREARM_RADIUS_M],
  ['leftUpperLeg', 'leftLowerLeg', THIGH_RADIUS_M],
  ['leftLowerLeg', 'leftFoot', SHANK_RADIUS_M],
  ['rightUpperLeg', 'rightLowerLeg', THIGH_RADIUS_M],
  ['rightLowerLeg', 'rightFoot', SHANK_RADIUS_M],
];
export const BODY_CAPSULE_COUNT = BODY_CAPSULES.length;
/**
 * The capsules a skirt hangs round: the legs, and the trunk, which starts at the hip joints with a rounded end as
 * deep as its radius (14 cm): inside the skirt, down between the thighs. From a skirt's outside no ray reaches them
 * without passing through the skirt again, so they shade only its inside. Counted on its outside, the trunk's end
 * darkened every fold wall facing up into it (the tops of the slip dress's flutes, ≈ 15 cm below the hips) to
 * blotches and curved streaks mid-skirt. What is left out with it: the torso above the waist seen past the skirt's
 * own flare (a small cone near the zenith of an upward-facing fold wall).
 */
export const BODY_CAPSULES_IN_SKIRT: readonly boolean[] = BODY_CAPSULES.map(([from]) => from === 'hips' || from.endsWith('UpperLeg') || from.endsWith('LowerLeg'));
/** GLSL: whether capsule `k` is one a skirt hangs round ({@link BODY_CAPSULES_IN_SKIRT}). */
const IN_SKIRT_GLSL = BODY_CAPSULES_IN_SKIRT.flatMap((inSkirt, k) => (inSkirt ? [`k == ${k}`] : [])).join(' || ');
const FROM = BODY_CAPSULES.map(([from]) => HUMANOID_BONES.indexOf(from));
const TO = BODY_CAPSULES.map(([, to]) => HUMANOID_BONES.indexOf(to));

/** The uniforms of {@link BODY_OCCLUSION_PARS} (shared by reference with the material). */
export interface BodyOcclusionUniforms {
  [name: string]: THREE.IUniform;
  /** Per capsule: start (xyz, world units) and radius (w, world units). */
  clothBodyA: THREE.IUniform<THREE.Vector4[]>;
  /** Per capsule: end (world units). */
  clothBodyB: THREE.IUniform<THREE.Vector3[]>;
  /** 1 while the capsules are the body's, 0 before the first pose (nothing occludes). */
  clothBodyOn: THREE.IUniform<number>;
}

export function createBodyOcclusionUniforms(): BodyOcclusionUniforms {
  return {
    clothBodyA: { value: Array.from({ length: BODY_CAPSULE_COUNT }, () => new THREE.Vector4()) },
    clothBodyB: { value: Array.from({ length: BODY_CAPSULE_COUNT }, () => new THREE.Vector3()) },
    clothBodyOn: { value: 0 },
  };
}

const scratch = new THREE.Vector3();
/**
 * Sets the capsules from the posed skeleton (allocation-free).
 * @param bones the skeleton's bones in {@link HUMANOID_BONES} order, world matrices up to date (read, not updated).
 * @param worldUnitsPerM world units per metre of the body (the garment's drawn scale).
 */
export function updateBodyOcclusion(u: BodyOcclusionUniforms, bones: readonly THREE.Object3D[], worldUnitsPerM: number): void {
  for (let k = 0; k < BODY_CAPSULE_COUNT; k++) {
    const radiusM = BODY_CAPSULES[k]![2];
    const a = u.clothBodyA.value[k]!;
    scratch.setFromMatrixPosition(bones[FROM[k]!]!.matrixWorld);
    a.set(scratch.x, scratch.y, scratch.z, radiusM * worldUnitsPerM);
    u.clothBodyB.value[k]!.setFromMatrixPosition(bones[TO[k]!]!.matrixWorld);
  }
  u.clothBodyOn.value = worldUnitsPerM > 0 ? 1 : 0;
}

/** GLSL (fragment): the capsules' uniforms and `clothBodyVisibility(worldPosition, worldNormal)`, 0..1. */
export const BODY_OCCLUSION_PARS = /* glsl */ `
  uniform vec4 clothBodyA[${BODY_CAPSULE_COUNT}];
  uniform vec3 clothBodyB[${BODY_CAPSULE_COUNT}];
  uniform float clothBodyOn;
  // The antiderivative of 2 sqrt(1 - y²) / pi: the cosine-weighted share of a lune's strip up to axial sine y.
  float clothStrip(float y) {
    return (y * sqrt(max(1.0 - y * y, 0.0)) + asin(clamp(y, -1.0, 1.0))) / 3.14159265;
  }
  // The share of the cosine-weighted sky above (p, n) a limb (a cylinder a–b of radius r) blocks. Seen from p, the
  // cylinder at distance d from its axis fills the lune of half-angle asin(r / d) round the axis; projected onto the
  // disc of the cosine-weighted hemisphere that is |x| ≤ (r / d) sqrt(1 − y²), y the directions' sine along the axis,
  // cut at the sines towards its two ends: (r / d)(F(y₂) − F(y₁)) of the hemisphere when the cloth faces the axis;
  // times the cosine between the normal and the middle of the limb's span as the cloth turns away from it. Its round
  // ends (the joints) are spheres, (r / d)² times the cosine each; the three block the sky as independent parts.
  float clothSphereOcclusion(vec3 p, vec3 n, vec3 c, float r) {
    vec3 d = c - p;
    float dist2 = max(dot(d, d), 1e-8);
    return max(dot(n, d), 0.0) * inversesqrt(dist2) * min(r * r / dist2, 1.0);
  }
  float clothCapsuleOcclusion(vec3 p, vec3 n, vec3 a, vec3 b, float r) {
    vec3 ab = b - a;
    float len = max(length(ab), 1e-4);
    vec3 axis = ab / len;
    float u = dot(p - a, axis);
    vec3 toward = a + u * axis - p;
    float dist = max(length(toward), 1e-4);
    toward /= dist;
    float lo = atan(-u, dist);
    float hi = atan(len - u, dist);
    float mid = 0.5 * (lo + hi);
    float cosT = max(dot(n, toward * cos(mid) + axis * sin(mid)), 0.0);
    float side = cosT * min(r / dist, 1.0) * (clothStrip(sin(hi)) - clothStrip(sin(lo)));
    return 1.0 - (1.0 - side) * (1.0 - clothSphereOcclusion(p, n, a, r)) * (1.0 - clothSphereOcclusion(p, n, b, r));
  }
  // onSkirt: 1 on the outside of a skirt that hangs round the legs and the trunk's end (they shade nothing there).
  float clothBodyVisibility(vec3 p, vec3 n, float onSkirt) {
    float visible = 1.0;
    for (int k = 0; k < ${BODY_CAPSULE_COUNT}; k++) {
      float seen = ${IN_SKIRT_GLSL} ? 1.0 - onSkirt : 1.0;
      visible *= 1.0 - seen * clamp(clothCapsuleOcclusion(p, n, clothBodyA[k].xyz, clothBodyB[k], clothBodyA[k].w), 0.0, 1.0);
    }
    return mix(1.0, visible, clothBodyOn);
  }
`;

// ---- The TypeScript mirror ----

/**
 * {@link BODY_OCCLUSION_PARS}' `clothCapsuleOcclusion`: the share of the cosine-weighted hemisphere above point `p`
 * (normal `n`, unit) that the capsule a–b of radius `r` blocks (any one length unit).
 */
export function capsuleOcclusion(p: readonly number[], n: readonly number[], a: readonly number[], b: readonly number[], r: number): number {
  const ab = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
  const len = Math.max(Math.hypot(ab[0]!, ab[1]!, ab[2]!), 1e-4);
  const axis = ab.map((x) => x / len);
  const u = (p[0]! - a[0]!) * axis[0]! + (p[1]! - a[1]!) * axis[1]! + (p[2]! - a[2]!) * axis[2]!;
  const toward = [0, 1, 2].map((k) => a[k]! + u * axis[k]! - p[k]!);
  const dist = Math.max(Math.hypot(toward[0]!, toward[1]!, toward[2]!), 1e-4);
  const lo = Math.atan2(-u, dist);
  const hi = Math.atan2(len - u, dist);
  const mid = 0.5 * (lo + hi);
  let cosT = 0;
  for (let k = 0; k < 3; k++) cosT += n[k]! * ((toward[k]! / dist) * Math.cos(mid) + axis[k]! * Math.sin(mid));
  const side = Math.max(cosT, 0) * Math.min(r / dist, 1) * (strip(Math.sin(hi)) - strip(Math.sin(lo)));
  return 1 - (1 - side) * (1 - sphereOcclusion(p, n, a, r)) * (1 - sphereOcclusion(p, n, b, r));
}

/** {@link BODY_OCCLUSION_PARS}' `clothSphereOcclusion`: a sphere's share, exact while it is above the horizon. */
function sphereOcclusion(p: readonly number[], n: readonly number[], c: readonly number[], r: number): number {
  const d = [c[0]! - p[0]!, c[1]! - p[1]!, c[2]! - p[2]!];
  const dist2 = Math.max(d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2, 1e-8);
  return (Math.max(n[0]! * d[0]! + n[1]! * d[1]! + n[2]! * d[2]!, 0) / Math.sqrt(dist2)) * Math.min((r * r) / dist2, 1);
}

/** {@link BODY_OCCLUSION_PARS}' `clothStrip`. */
function strip(y: number): number {
  return (y * Math.sqrt(Math.max(1 - y * y, 0)) + Math.asin(Math.min(1, Math.max(-1, y)))) / Math.PI;
}

/**
 * {@link BODY_OCCLUSION_PARS}' `clothBodyVisibility` over capsules given as [a, b, radius], in {@link BODY_CAPSULES}'
 * order when `onSkirt` (a skirt's outside: the capsules it hangs round are left out).
 */
export function bodyVisibility(p: readonly number[], n: readonly number[], capsules: ReadonlyArray<readonly [readonly number[], readonly number[], number]>, onSkirt = false): number {
  let visible = 1;
  for (const [k, [a, b, r]] of capsules.entries()) {
    if (onSkirt && BODY_CAPSULES_IN_SKIRT[k]) continue;
    visible *= 1 - Math.min(1, Math.max(0, capsuleOcclusion(p, n, a, b, r)));
  }
  return visible;
}
