import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { B, HUMANOID_BONES } from './humanoid';
import { bendWithSleeve } from './sleeve-elbow-blend';
import { HAND_SKIN_GLSL, type HandSkinUniforms } from './unseen-hands';

/**
 * Radii of the arm stand-ins as shares of the skeleton's half shoulder breadth: an upper arm ≈ 28 cm round, a
 * forearm ≈ 20 cm, a hand ≈ 8 cm wide (the reference adult's 0.17 m half breadth). On the slim side: where a
 * stand-in is wider than the arm, the camera picture round the arm shows through the garment.
 */
const UPPER_ARM_RADIUS_OF_HALF_BREADTH = 0.26;
const FOREARM_RADIUS_OF_HALF_BREADTH = 0.19;
/**
 * The hand: a stand-in no bigger than the fist the tracker sees. A hand is ≈ 8 cm broad (ANSUR II: women 7.8, men
 * 8.9) and thinner than that, so a round stand-in of 3.4 cm radius (0.2 of the 0.17 m half breadth) stays inside
 * it seen from the back, the palm or the knuckles; BlazePose puts the knuckles (its index and pinky landmarks on a
 * closed hand) ≈ 6 cm past the wrist, so the stand-in's axis runs 3 cm past the wrist (a share of the forearm) and
 * its round end stops at the knuckles. Larger, it showed the camera picture round the fist — the shopper's own
 * top — as a pale disc on the garment.
 */
const HAND_RADIUS_OF_HALF_BREADTH = 0.2;
/** The hand stand-in's axis past the wrist joint, as a share of the forearm's length (0.2 m on the reference body). */
const HAND_LENGTH_OF_FOREARM = 0.15;
/**
 * The neck: ≈ 34–40 cm round for adults (ANSUR II: women ≈ 33, men ≈ 39), a radius of ≈ 0.35 of the half shoulder
 * breadth (6 cm on the reference adult's 0.17 m), on the slim side like the arms. It hides the back of a crew neck,
 * which a camera in front never sees behind the neck; the collar's front and sides stay in front of it.
 */
const NECK_RADIUS_OF_HALF_BREADTH = 0.32;
/**
 * The tops of the shoulders, from the neck's base out over the trapezius, as thick as the neck (the trapezius there
 * is thicker, ≈ 12–14 cm front to back, so on the slim side): its top lies ≈ 5 cm above the joints' line, under the
 * shoulder's own top, which falls from ≈ 8 cm above it at the side neck point to ≈ 3.5 cm at the shoulder point (see
 * src/core/demo/model3d.ts). It hides a strap's back half where it runs down behind the shoulder (the trunk's round
 * top, as narrow as the neck, leaves the shoulders out), which a camera in front never sees. It stops
 * {@link SHOULDER_TOP_REACH_OF_NECK_TO_JOINT} of the way to the shoulder joint: further out the shoulder's top drops
 * below the stand-in's (reaching the joint, it cut through a tee's shoulder seam).
 */
const SHOULDER_TOP_RADIUS_OF_HALF_BREADTH = NECK_RADIUS_OF_HALF_BREADTH;
/**
 * How far out the shoulders' stand-in reaches, as a share of the neck → shoulder joint line: its round end then stays
 * ≥ 1 cm under the shoulder's top slope (8 → 3.5 cm above the joints) on the reference adult, under a tee's shoulder
 * seam; a slip dress's strap runs at ≈ 0.6 of the way.
 */
const SHOULDER_TOP_REACH_OF_NECK_TO_JOINT = 0.6;
/**
 * The trunk, from the hip joints (its round bottom ends there) up to the upper chest, its round top as narrow as
 * the neck at its base: an elliptic section of 0.75 × 0.5 of the half shoulder breadth (12.8 × 8.5 cm half axes on the reference adult's
 * 0.17 m; adults' chest is ≈ 32 cm broad and 24 cm deep, ANSUR II), so on the slim side like the arms and its
 * front stays behind any garment's front. It hides what a camera never sees behind the body: the back half of a
 * slip dress's straps and the back of a bodice through a V neckline.
 */
const TRUNK_HALF_WIDTH_OF_HALF_BREADTH = 0.75;
const TRUNK_HALF_DEPTH_OF_HALF_BREADTH = 0.5;
/**
 * The upper chest and shoulder blades, as a band across the trunk at the underarms: its axis 0.5 of the half shoulder
 * breadth under the shoulder joints (8.5 cm on the reference adult; a top's underarm lies 8 cm under them,
 * model3d.ts), 0.45 of it round (7.65 cm: from 1 cm to 16 cm under the joints), its round ends 0.9 of it out (15.3 cm:
 * an adult's chest is ≈ 32 cm broad there, so a little on the slim side). The trunk's round top is as narrow as the
 * neck and its sides 12.8 cm out and 8.5 cm deep, so with the body turned a little (the runner of the mirror clip, on
 * every frame) a slip dress's back — its back strap down the shoulder blade, its back bodice's top, higher at the
 * side than the front's V — showed past it as a thin black sliver on the shopper's T-shirt, where the chest hides
 * it. Its front, 7.65 cm ahead of the spine's line (5.65 with the depth bias) at most, stays behind the chest's.
 */
const UNDERARM_BAND_BELOW_SHOULDER_OF_HALF_BREADTH = 0.5;
const UNDERARM_BAND_HALF_WIDTH_OF_HALF_BREADTH = 0.9;
const UNDERARM_BAND_RADIUS_OF_HALF_BREADTH = 0.45;

/**
 * How far behind their own surface the stand-ins write depth, metres: cloth grazing an arm (a sleeve's crook pinched
 * onto it by linear-blend skinning between the demo's rings 4 cm apart, which the stand-in's matching bend,
 * sleeve-elbow-blend.ts, follows only ring to ring) stays drawn, while cloth behind the arm — at least the arm's
 * thickness behind its front, ≈ 6 cm for a forearm — is hidden as before. On the mirror clip's frame 60 the bent
 * elbow's bare pixels inside the 3D oxford's sleeve: 383 before, 94 with the bend alone, 85 with this bias alone,
 * 7 with both (`jiti scripts/fit/elbow-holes.ts`).
 */
const STAND_IN_DEPTH_BIAS_M = 0.02;
/**
 * The stand-ins' polygon offset factor (depth pushed back by this many times its slope across a pixel): 1, the
 * least that takes COCO 241's dotted sleeve off (31 → 7 odd pixels, as without stand-ins: 8).
 */
const STAND_IN_SLOPE_OFFSET = 1;
/** The stand-ins' vertex attribute naming the hand a forearm or hand belongs to: 0 none, 1 the wearer's left, 2 right. */
const HAND_ATTRIBUTE = 'standInHand';

/**
 * Depth-only stand-ins for the shopper's arms, hands, neck, shoulders' tops and trunk, skinned to the garment's own skeleton: drawn before the
 * garment, they write depth but no colour, so cloth behind an arm (a bodice's side, a skirt behind a hand) fails
 * the depth test and the camera picture — the real arm — shows there, while cloth round the arm (a sleeve, wider
 * than the arm) stays in front. Arms swung behind the body are behind the cloth, as they are in the camera.
 *
 * @param garment the garment's skinned mesh whose skeleton and bind matrix the stand-ins share (borrowed).
 * @param bindJointsM the skeleton's bind joints, model space metres, interleaved x, y, z per bone.
 * @param halfBreadthM the skeleton's half shoulder breadth (metres), which sizes the arms.
 * @param hands whether the hands get a stand-in. Not under long sleeves: BlazePose's depth guess puts a fist held at
 *   the chest in front of its cuff, pointing at the camera, and the hand's stand-in then hid the cuff's opening —
 *   the camera picture's forearm showed there, inside an open ring, beside the picture's fist (the mirror clip's frame
 *   120). Their second pass ends each sleeve at the picture's wrist instead (cuff-line.ts), and the occluder draws
 *   the picture's hand past it. @default true
 * @param handSkin the camera picture and the hands' sample points (unseen-hands.ts): an arm in front of the body is
 *   drawn only while one of its hand's samples can be skin. Without it, always.
 * @returns a new mesh (the caller adds it next to `garment` and disposes its geometry and material).
 */
export function createBodyStandIns(garment: THREE.SkinnedMesh, bindJointsM: ArrayLike<number>, halfBreadthM: number, hands = true, handSkin?: HandSkinUniforms): THREE.SkinnedMesh {
  const joint = (b: number): THREE.Vector3 => new THREE.Vector3(bindJointsM[3 * b], bindJointsM[3 * b + 1], bindJointsM[3 * b + 2]);
  const slot = (b: number): number => {
    const i = garment.skeleton.bones.findIndex((bone) => bone.name === HUMANOID_BONES[b]);
    if (i < 0) throw new RangeError(`the skeleton has no ${HUMANOID_BONES[b]}`);
    return i;
  };
  // Model space → the garment mesh's local space, where its bind matrix expects vertices.
  const toMesh = garment.matrixWorld.clone().invert();
  const parts: THREE.BufferGeometry[] = [];
  /**
   * A capsule between two bind joints, skinned to `bone` — or, for a trunk whose bones bend along it, each vertex to
   * the bone of the segment its bind height falls in (`boneAtHeight`). `depthScale` flattens it front to back.
   * `elbow`: an arm's upper arm, forearm and hand bones, to bend it at the elbow as the sleeve round it bends (bendWithSleeve).
   */
  const capsule = (
    from: THREE.Vector3,
    to: THREE.Vector3,
    radiusM: number,
    bone: number,
    depthScale = 1,
    boneAtHeight?: (yM: number) => number,
    elbow?: readonly [number, number, number],
    hand = 0,
  ): void => {
    const axis = to.clone().sub(from);
    const length = axis.length();
    const g = new THREE.CapsuleGeometry(radiusM, Math.max(1e-3, length), 4, 12);
    if (depthScale !== 1) g.scale(1, 1, depthScale);
    g.applyQuaternion(new THREE.Quaternion().setFromUnitVectors(new THREE.Vector3(0, 1, 0), axis.normalize()));
    g.translate((from.x + to.x) / 2, (from.y + to.y) / 2, (from.z + to.z) / 2);
    const heightsM = Float32Array.from({ length: g.getAttribute('position').count }, (_, i) => g.getAttribute('position').getY(i));
    g.applyMatrix4(toMesh);
    g.deleteAttribute('uv');
    const n = g.getAttribute('position').count;
    const index = new Uint16Array(4 * n);
    const weight = new Float32Array(4 * n);
    const s = slot(bone);
    for (let i = 0; i < n; i++) {
      index[4 * i] = boneAtHeight ? slot(boneAtHeight(heightsM[i]!)) : s;
      weight[4 * i] = 1;
    }
    if (elbow) {
      const elbowM = joint(elbow[1]).applyMatrix4(toMesh);
      const alongArm = joint(elbow[2]).applyMatrix4(toMesh).sub(elbowM).normalize();
      bendWithSleeve(garment, slot(elbow[0]), slot(elbow[1]), elbowM, alongArm, g.getAttribute('position').array, index, weight);
    }
    g.setAttribute('skinIndex', new THREE.BufferAttribute(index, 4));
    g.setAttribute('skinWeight', new THREE.BufferAttribute(weight, 4));
    g.setAttribute(HAND_ATTRIBUTE, new THREE.BufferAttribute(new Float32Array(n).fill(hand), 1));
    parts.push(g);
  };
  for (const [side, [upper, lower, hand]] of ([[B.leftUpperArm, B.leftLowerArm, B.leftHand], [B.rightUpperArm, B.rightLowerArm, B.rightHand]] as const).entries()) {
    const shoulder = joint(upper);
    const elbow = joint(lower);
    const wrist = joint(hand);
    const fingers = wrist.clone().addScaledVector(wrist.clone().sub(elbow), HAND_LENGTH_OF_FOREARM);
    // Its round end's tip on the shoulder joint, not its centre: centred there, the end stood a radius (4.4 cm on the
    // reference adult) above the joint, higher than the shoulder's top at the shoulder point (3.5 cm, model3d.ts),
    // and with the arm hanging it cut a disc out of the top of a tee's shoulder (COCO 241: the shopper's own dark
    // shirt seen through it).
    const upperArmRadiusM = UPPER_ARM_RADIUS_OF_HALF_BREADTH * halfBreadthM;
    // The whole arm is keyed by its hand's samples (1 left, 2 right; unseen-hands.ts).
    capsule(shoulder.clone().lerp(elbow, upperArmRadiusM / shoulder.distanceTo(elbow)), elbow, upperArmRadiusM, upper, 1, undefined, [upper, lower, hand], side + 1);
    capsule(elbow, wrist, FOREARM_RADIUS_OF_HALF_BREADTH * halfBreadthM, lower, 1, undefined, [upper, lower, hand], side + 1);
    if (hands) capsule(wrist, fingers, HAND_RADIUS_OF_HALF_BREADTH * halfBreadthM, hand, 1, undefined, undefined, side + 1);
  }
  // The neck, from the shoulders' centre up to the head joint (ear level), with the neck bone.
  capsule(joint(B.neck), joint(B.head), NECK_RADIUS_OF_HALF_BREADTH * halfBreadthM, B.neck);
  // The shoulders' tops, on the chest's frame as the shoulder bones are (pose-solver.ts), as a strap is.
  for (const upper of [B.leftUpperArm, B.rightUpperArm]) {
    capsule(joint(B.neck), joint(B.neck).lerp(joint(upper), SHOULDER_TOP_REACH_OF_NECK_TO_JOINT), SHOULDER_TOP_RADIUS_OF_HALF_BREADTH * halfBreadthM, B.chest);
  }
  // The trunk, from the hip joints to halfway between the chest joint and the neck's base, so its round top reaches
  // the shoulder blades' top where a strap runs over to the back, narrowing at the neck to the neck's own size;
  // bending with the spine: each vertex follows the bone whose segment its bind height is in.
  const trunkRadiusM = TRUNK_HALF_WIDTH_OF_HALF_BREADTH * halfBreadthM;
  const spineY = joint(B.spine).y;
  const chestY = joint(B.chest).y;
  const upperChest = joint(B.chest).lerp(joint(B.neck), 0.5);
  // Its round bottom ends at the hip joints: below them a trouser's crotch and a skirt's front lie close to the
  // body's middle, and the stand-in would cut holes in them.
  capsule(joint(B.hips).add(new THREE.Vector3(0, trunkRadiusM, 0)), upperChest, trunkRadiusM, B.spine, TRUNK_HALF_DEPTH_OF_HALF_BREADTH / TRUNK_HALF_WIDTH_OF_HALF_BREADTH, (y) =>
    y < spineY ? B.hips : y < chestY ? B.spine : B.chest,
  );
  // The upper chest, across from side to side, bending with the spine as the trunk does.
  const bandRadiusM = UNDERARM_BAND_RADIUS_OF_HALF_BREADTH * halfBreadthM;
  const bandY = joint(B.leftUpperArm).y - UNDERARM_BAND_BELOW_SHOULDER_OF_HALF_BREADTH * halfBreadthM;
  const bandEndX = UNDERARM_BAND_HALF_WIDTH_OF_HALF_BREADTH * halfBreadthM - bandRadiusM;
  const bandCentre = joint(B.chest);
  capsule(new THREE.Vector3(bandCentre.x - bandEndX, bandY, bandCentre.z), new THREE.Vector3(bandCentre.x + bandEndX, bandY, bandCentre.z), bandRadiusM, B.chest, 1, (y) =>
    y < spineY ? B.hips : y < chestY ? B.spine : B.chest,
  );
  const geometry = mergeGeometries(parts)!;
  for (const g of parts) g.dispose();
  // Also pushed back by its depth's slope across a pixel (polygon offset, factor 1): where the camera sees a stand-in
  // at a grazing angle — its round top along a side-on arm — a few millimetres of it through a sleeve that linear-blend
  // skinning has pulled in over the shoulder are centimetres along the view, past any bias along the view that still
  // hides cloth behind the arm; the sleeve showed dotted lines of the camera picture there (COCO 241, side-on).
  const material = new THREE.MeshBasicMaterial({
    colorWrite: false,
    depthWrite: true,
    depthTest: true,
    side: THREE.DoubleSide,
    polygonOffset: true,
    polygonOffsetFactor: STAND_IN_SLOPE_OFFSET,
    polygonOffsetUnits: 0,
  });
  // The bias in view space (camera pixels: the garment's model matrix scales metres to them), away from the camera.
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader.replace('#include <project_vertex>', `#include <project_vertex>
      mvPosition.z -= ${STAND_IN_DEPTH_BIAS_M.toFixed(4)} * length((modelViewMatrix * vec4(1.0, 0.0, 0.0, 0.0)).xyz);
      gl_Position = projectionMatrix * mvPosition;`);
    if (!handSkin) return;
    Object.assign(shader.uniforms, handSkin);
    shader.vertexShader = `attribute float ${HAND_ATTRIBUTE};\nvarying float vStandInHand;\n${shader.vertexShader}`.replace('#include <begin_vertex>', `#include <begin_vertex>
      vStandInHand = ${HAND_ATTRIBUTE};`);
    shader.fragmentShader = `varying float vStandInHand;\n${HAND_SKIN_GLSL}\n${shader.fragmentShader}`.replace('void main() {', `void main() {
      if (vStandInHand > 0.5 && !handSeen(vStandInHand > 1.5 ? 1 : 0)) discard;`);
  };
  const mesh = new THREE.SkinnedMesh(geometry, material);
  mesh.name = 'body-stand-ins';
  mesh.frustumCulled = false;
  mesh.bind(garment.skeleton, garment.bindMatrix);
  return mesh;
}

