import * as THREE from 'three';

/**
 * Adds position morph targets (offsets from the rest position, before skinning) to a skinned mesh's geometry after
 * any it has — the GLB's own, or another fit's (the torso's sides, the sleeves') — keeping their influences.
 * @returns the index of the first added target in `mesh.morphTargetInfluences`.
 */
export function appendMorphTargets(mesh: THREE.SkinnedMesh, targets: readonly THREE.BufferAttribute[]): number {
  const g = mesh.geometry;
  const own = g.morphAttributes.position ?? [];
  // Absolute targets (a glTF's are relative; three.js's own may not be) would be read as offsets once mixed.
  if (own.length > 0 && !g.morphTargetsRelative) throw new Error(`${mesh.name}: its morph targets are absolute positions, not offsets`);
  const kept = mesh.morphTargetInfluences?.slice() ?? [];
  g.morphAttributes.position = [...own, ...targets];
  // three.js reads a target's normal offsets beside its positions when any target has them: none for ours.
  const normals = g.morphAttributes.normal;
  if (normals) g.morphAttributes.normal = [...normals, ...targets.map((t) => new THREE.BufferAttribute(new Float32Array(t.array.length), 3))];
  g.morphTargetsRelative = true;
  mesh.updateMorphTargets();
  kept.forEach((w, k) => (mesh.morphTargetInfluences![k] = w));
  return own.length;
}
