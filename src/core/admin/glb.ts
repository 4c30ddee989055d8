/**
 * Checks that a GLB is something the mirror can wear: a binary glTF 2.0 whose JSON chunk has a skinned mesh
 * (a mesh with JOINTS_0/WEIGHTS_0 attributes used by a node with a skin) and whose skin's joints name the humanoid
 * bones the renderer solves (see `src/core/demo/model3d.ts`). Reads only the header and the JSON chunk.
 */

/** glTF 2.0 binary container constants (Khronos glTF 2.0 spec, "GLB File Format Specification"). */
const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"

export interface GlbCheck {
  ok: boolean;
  /** One line per problem, for the staff member uploading the file. */
  problems: string[];
  /** Joint names of the first skin. */
  bones: string[];
}

interface GltfJson {
  asset?: { version?: string };
  nodes?: Array<{ name?: string; mesh?: number; skin?: number }>;
  meshes?: Array<{ primitives?: Array<{ attributes?: Record<string, number> }> }>;
  skins?: Array<{ joints?: number[] }>;
}

/**
 * @param data The file's bytes (borrowed, not kept).
 * @param requiredBones Bone names every skin must contain.
 */
export function checkGlb(data: Uint8Array, requiredBones: readonly string[]): GlbCheck {
  const fail = (p: string): GlbCheck => ({ ok: false, problems: [p], bones: [] });
  if (data.length < 20) return fail('not a GLB file (too short)');
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (dv.getUint32(0, true) !== GLB_MAGIC) return fail('not a GLB file (no glTF header)');
  if (dv.getUint32(4, true) !== 2) return fail(`glTF container version ${dv.getUint32(4, true)} is not supported (need 2)`);
  if (dv.getUint32(8, true) > data.length) return fail('the GLB file is truncated');
  const jsonLen = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== CHUNK_JSON || 20 + jsonLen > data.length) return fail('the GLB has no JSON chunk');
  let gltf: GltfJson;
  try {
    gltf = JSON.parse(new TextDecoder().decode(data.subarray(20, 20 + jsonLen))) as GltfJson;
  } catch {
    return fail('the GLB JSON chunk is not valid JSON');
  }
  const problems: string[] = [];
  if (!gltf.asset?.version?.startsWith('2.')) problems.push('not glTF 2.0');
  const nodes = gltf.nodes ?? [];
  const skinnedNode = nodes.find((n) => n.mesh !== undefined && n.skin !== undefined);
  if (!skinnedNode) problems.push('no skinned mesh: a node with both a mesh and a skin is needed');
  const mesh = skinnedNode ? gltf.meshes?.[skinnedNode.mesh!] : undefined;
  if (skinnedNode && !mesh?.primitives?.some((p) => p.attributes?.JOINTS_0 !== undefined && p.attributes?.WEIGHTS_0 !== undefined)) {
    problems.push('the skinned mesh has no JOINTS_0/WEIGHTS_0 (no skin weights)');
  }
  const skin = skinnedNode ? gltf.skins?.[skinnedNode.skin!] : undefined;
  const bones = (skin?.joints ?? []).map((j) => nodes[j]?.name ?? `#${j}`);
  if (skinnedNode && bones.length === 0) problems.push('the skin has no joints');
  const missing = requiredBones.filter((b) => !bones.includes(b));
  if (skinnedNode && bones.length > 0 && missing.length > 0) problems.push(`missing bones: ${missing.join(', ')}`);
  return { ok: problems.length === 0, problems, bones };
}
