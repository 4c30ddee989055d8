/**
 * The 3D garment's material (issue 14 point 2): three.js's MeshPhysicalMaterial with sheen, the fabric's
 * procedural normal and roughness maps, lit by the scene's lights (the store light), plus two things of the mirror
 * injected into its shaders: the cloth shading's fold transfer from the camera picture (the same GLSL as the 2D
 * garments, on the cloth's albedo before lighting), the person mask cutting away the cloth's inside where the
 * shopper's body is in front of it (looking into the neck, a hem, a sleeve end), and the wearer's body shading the
 * cloth from the room's diffuse light (body-occlusion.ts).
 */
import * as THREE from 'three';
import type { FabricKind } from '../../shared/fabric';
import { BODY_BOUNCE_ALBEDO, BODY_OCCLUSION_PARS, type BodyOcclusionUniforms } from './body-occlusion';
import { CLOTH_SHADING_PARS, glslFloat, type ClothUniforms } from './cloth-shading';
import { FABRIC_LOOKS, FABRIC_TILE_PX, fabricMaps } from './fabric-maps';
import { HEM_NORMAL_MAIN, HEM_VERTEX_MAIN, HEM_VERTEX_PARS, type HemUniforms } from './sim-hem-3d';
import { WRINKLE_FRAGMENT_PARS, WRINKLE_NORMAL_MAIN, WRINKLE_VERTEX_MAIN, wrinkleVertexPars, type WrinkleUniforms } from '../garment3d/compression-wrinkles';

/** The maps of each fabric, made once per page (a few hundred kB in all) and shared by every garment. */
const cache = new Map<FabricKind, { normal: THREE.DataTexture; roughness: THREE.DataTexture }>();

function mapsOf(kind: FabricKind): { normal: THREE.DataTexture; roughness: THREE.DataTexture } {
  let maps = cache.get(kind);
  if (!maps) {
    const m = fabricMaps(kind);
    const texture = (data: Uint8Array): THREE.DataTexture => {
      const t = new THREE.DataTexture(data, FABRIC_TILE_PX, FABRIC_TILE_PX, THREE.RGBAFormat);
      t.wrapS = t.wrapT = THREE.RepeatWrapping;
      t.magFilter = THREE.LinearFilter;
      t.minFilter = THREE.LinearMipmapLinearFilter;
      t.generateMipmaps = true;
      t.colorSpace = THREE.NoColorSpace;
      t.needsUpdate = true;
      return t;
    };
    maps = { normal: texture(m.normal), roughness: texture(m.roughness) };
    cache.set(kind, maps);
  }
  return maps;
}

/** What the injected shader code reads besides the cloth shading's uniforms (shared by reference). */
export interface FabricMaterialInputs {
  /** The cloth shading's uniforms (with the person mask). */
  cloth: ClothUniforms;
  /** Scene → camera-frame pixels (the inverse of the mirror's world matrix). */
  frameFromScene: THREE.IUniform<THREE.Matrix4>;
  /** +1 when the mesh's normals point out of the cloth, −1 when a tool wrote them inwards. */
  normalSign: number;
  /** A skirt that moves with the simulated cloth (sim-hem-3d.ts): its offsets added after skinning. */
  hem?: HemUniforms | null;
  /** The wearer's body as capsules (body-occlusion.ts), shading the cloth from the room's diffuse light. */
  body: BodyOcclusionUniforms;
  /**
   * The garment's own fold map (the GLB's normal texture: its creases, at the scale of a fold) on the geometry's
   * `foldUv` attribute, under the weave's normal map.
   */
  foldMap?: THREE.Texture | null;
  /** Compression wrinkles by joint angle (garment3d/compression-wrinkles.ts), with the skin slots they cover. */
  wrinkles?: { uniforms: WrinkleUniforms; slots: number } | null;
  /**
   * How far the cloth's depth is drawn towards the camera, metres: a garment over another of an outfit (a blazer
   * over a shirt) wins the depth test where the two meshes cross (`Garment3dLayer.setOutfitLayer`). 0 alone.
   */
  layerLiftM?: THREE.IUniform<number>;
  /**
   * The cloth's print (a woven check, the GLB's base-colour texture on its own uv channel, tiling): the cloth's
   * colour, `colour` then only its ground for the sheen. Borrowed.
   */
  print?: THREE.Texture | null;
}

/**
 * The fold map's normal, added to the weave-perturbed normal: the tangent frame from the fold uv's own screen
 * derivatives (each axis normalised on its own: the map's slopes are per metre of cloth along u and along v).
 */
const FOLD_NORMAL_MAIN = `
{
  vec3 q0 = dFdx(-vViewPosition);
  vec3 q1 = dFdy(-vViewPosition);
  vec2 st0 = dFdx(vFoldUv);
  vec2 st1 = dFdy(vFoldUv);
  vec3 fN = nonPerturbedNormal;
  vec3 q1perp = cross(q1, fN);
  vec3 q0perp = cross(fN, q0);
  vec3 fT = q1perp * st0.x + q0perp * st1.x;
  vec3 fB = q1perp * st0.y + q0perp * st1.y;
  float lt = length(fT);
  float lb = length(fB);
  if (lt > 0.0 && lb > 0.0) {
    vec3 fold = texture2D(foldMap, vFoldUv).xyz * 2.0 - 1.0;
    // glTF's normal texture: +y up the image, towards −v.
    normal = normalize(normal + fT / lt * fold.x - fB / lb * fold.y);
  }
}`;

/**
 * The room seen in the cloth's gloss. The store light is a LightProbe and a key light, no environment map, and
 * three.js reflects only an environment map: without one a cloth's specular is the key light's one small highlight,
 * and a black satin (diffuse albedo ≈ 1 %) showed its folds not at all, where in a shop they read by the room they
 * mirror: a fold facing up reflects the lit ceiling, one facing down the floor (a 4 %+ Fresnel reflection). The
 * probe's irradiance in the mirror direction over π is the room's radiance there as a very rough lobe sees it
 * (order-2 harmonics hold no detail finer), through the same split-sum specular as an environment map's. The probe is
 * the light that makes a white shirt white (mean 1); the room a mirror shows is as bright as the camera sees it, so
 * it is scaled by the picture's mean (the cloth shading's reference luma, decoded to linear light): a black cloth
 * stays black and its folds show.
 */
const ROOM_GLOSS_MAIN = `
#if defined( USE_LIGHT_PROBES ) && !defined( USE_ENVMAP ) && defined( RE_IndirectSpecular )
  radiance += getLightProbeIrradiance( lightProbe, reflect( -geometryViewDir, geometryNormal ) ) * RECIPROCAL_PI
    * pow( clothReferenceLuma, 2.2 );
#endif`;

/**
 * A fabric material in `colour` (linear, as three.js's Color holds it). The caller owns it (dispose); the maps are
 * the shared cache's.
 */
export function createFabricMaterial(kind: FabricKind, colour: THREE.Color, inputs: FabricMaterialInputs): THREE.MeshPhysicalMaterial {
  const look = FABRIC_LOOKS[kind];
  const maps = mapsOf(kind);
  const print = inputs.print ?? null;
  const material = new THREE.MeshPhysicalMaterial({
    // A print carries the cloth's colours itself (three.js multiplies the base colour into it).
    color: print ? new THREE.Color(1, 1, 1) : colour,
    map: print,
    roughness: 1,
    roughnessMap: maps.roughness,
    normalMap: maps.normal,
    normalScale: new THREE.Vector2(look.normalScale, look.normalScale),
    metalness: 0,
    sheen: look.sheen,
    sheenRoughness: look.sheenRoughness,
    sheenColor: colour.clone().lerp(new THREE.Color(1, 1, 1), look.sheenWhite),
    specularIntensity: look.specularIntensity,
    side: THREE.DoubleSide,
  });
  material.name = `atelier-fabric-${kind}`;
  const normalSign = { value: inputs.normalSign };
  const foldMap = inputs.foldMap ?? null;
  const wrinkles = inputs.wrinkles ?? null;
  material.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, inputs.cloth, inputs.body, { clothFrameFromScene: inputs.frameFromScene, clothNormalSign: normalSign }, inputs.hem ?? {}, wrinkles?.uniforms ?? {});
    if (foldMap) shader.uniforms.foldMap = { value: foldMap };
    shader.fragmentShader = shader.fragmentShader.replace('#include <lights_fragment_maps>', `#include <lights_fragment_maps>\n${ROOM_GLOSS_MAIN}`);
    if (foldMap) {
      shader.vertexShader = shader.vertexShader
        .replace('#include <common>', '#include <common>\nattribute vec2 foldUv;\nvarying vec2 vFoldUv;')
        .replace('#include <uv_vertex>', '#include <uv_vertex>\nvFoldUv = foldUv;');
      shader.fragmentShader = shader.fragmentShader
        .replace('#include <common>', '#include <common>\nuniform sampler2D foldMap;\nvarying vec2 vFoldUv;')
        .replace('#include <normal_fragment_maps>', `#include <normal_fragment_maps>\n${FOLD_NORMAL_MAIN}`);
    }
    if (wrinkles) {
      shader.vertexShader = shader.vertexShader
        .replace('#include <common>', `#include <common>\n${wrinkleVertexPars(wrinkles.slots)}`)
        .replace('#include <project_vertex>', `${WRINKLE_VERTEX_MAIN}\n#include <project_vertex>`);
      shader.fragmentShader = shader.fragmentShader
        .replace('#include <common>', `#include <common>\n${WRINKLE_FRAGMENT_PARS}`)
        .replace('#include <normal_fragment_maps>', `#include <normal_fragment_maps>\n${WRINKLE_NORMAL_MAIN}`);
    }
    // vClothSkirt: 1 on a skirt round both legs (set by the hem's vertex code), 0 elsewhere.
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nuniform mat4 clothFrameFromScene;\nvarying vec2 vFramePx;\nvarying vec3 vClothWorld;\nvarying float vClothSkirt;')
      .replace('#include <begin_vertex>', '#include <begin_vertex>\nvClothSkirt = 0.0;');
    if (inputs.hem) {
      shader.vertexShader = shader.vertexShader
        .replace('#include <skinning_pars_vertex>', `#include <skinning_pars_vertex>\n${HEM_VERTEX_PARS}`)
        .replace('#include <skinnormal_vertex>', `#include <skinnormal_vertex>\n${HEM_NORMAL_MAIN}`)
        .replace('#include <skinning_vertex>', `#include <skinning_vertex>\n${HEM_VERTEX_MAIN}`);
    }
    shader.vertexShader = shader.vertexShader
      .replace(
        '#include <project_vertex>',
        '#include <project_vertex>\nvClothWorld = (modelMatrix * vec4(transformed, 1.0)).xyz;\nvFramePx = (clothFrameFromScene * vec4(vClothWorld, 1.0)).xy;',
      );
    if (inputs.layerLiftM) {
      // In view space (camera pixels: the garment's model matrix scales metres to them), towards the camera.
      shader.uniforms.clothLayerLiftM = inputs.layerLiftM;
      shader.vertexShader = shader.vertexShader
        .replace('#include <common>', '#include <common>\nuniform float clothLayerLiftM;')
        .replace(
          '#include <project_vertex>',
          '#include <project_vertex>\nmvPosition.z += clothLayerLiftM * length((modelViewMatrix * vec4(1.0, 0.0, 0.0, 0.0)).xyz);\ngl_Position = projectionMatrix * mvPosition;',
        );
    }
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>\nuniform float clothNormalSign;\nvarying vec2 vFramePx;\nvarying vec3 vClothWorld;\nvarying float vClothSkirt;\n${CLOTH_SHADING_PARS}\n${BODY_OCCLUSION_PARS}`)
      .replace(
        '#include <clipping_planes_fragment>',
        `#include <clipping_planes_fragment>
        // The cloth's inside, where the shopper's body is: the camera picture shows through (not where the material
        // says its inside is cloth: CLOTH_INSIDE_SHOWN, a long sleeve's lining seen through its cuff, garment3d/cuff-line.ts).
        #ifndef CLOTH_INSIDE_SHOWN
        if ((normalize(vNormal) * clothNormalSign).z < 0.0 && personMaskAt(vFramePx / clothFramePx) > 0.5) discard;
        #endif`,
      )
      .replace('#include <color_fragment>', '#include <color_fragment>\ndiffuseColor.rgb = clothShadeLab(diffuseColor.rgb, clothOffset(vFramePx));')
      .replace(
        '#include <aomap_fragment>',
        `#include <aomap_fragment>
        // The wearer's own body keeps part of the room's diffuse light off the cloth (the key light's direct part
        // stays), seen from the cloth's smooth surface (the weave's normals would print the ribs into it). What the
        // body blocks is not black: it is cloth or skin lit by the same room, one bounce of the cloth's own colour
        // no lighter than skin (BODY_BOUNCE_ALBEDO).
        // A skirt's outside (its front faces, as the mesh winds them) never sees the legs and trunk end it hangs round.
        float clothOutside = (clothNormalSign > 0.0) == gl_FrontFacing ? 1.0 : 0.0;
        float clothVisible = clothBodyVisibility(vClothWorld, normalize((vec4(nonPerturbedNormal, 0.0) * viewMatrix).xyz) * clothNormalSign, vClothSkirt * clothOutside);
        reflectedLight.indirectDiffuse *= mix(min(diffuseColor.rgb, vec3(${glslFloat(BODY_BOUNCE_ALBEDO)})), vec3(1.0), clothVisible);
        reflectedLight.indirectSpecular *= clothVisible;
        #ifdef USE_SHEEN
        sheenSpecularIndirect *= clothVisible;
        #endif`,
      );
  };
  material.customProgramCacheKey = () => `atelier-fabric${inputs.hem ? '-hem' : ''}${inputs.layerLiftM ? '-lift' : ''}${foldMap ? '-fold' : ''}${wrinkles ? `-wrinkle${wrinkles.slots}` : ''}`;
  return material;
}

/**
 * Texture coordinates for the fabric maps, in metres of the bind pose divided by the tile's size: each vertex is
 * projected along the axis its normal points most along (a box projection), so the weave keeps its size on every
 * part of the garment. Replaces the geometry's `uv`.
 */
export function setFabricUvs(geometry: THREE.BufferGeometry, tileM: number): void {
  const pos = geometry.getAttribute('position');
  const nor = geometry.getAttribute('normal');
  if (!pos) return;
  const uv = new Float32Array(pos.count * 2);
  for (let i = 0; i < pos.count; i++) {
    const x = pos.getX(i);
    const y = pos.getY(i);
    const z = pos.getZ(i);
    const nx = Math.abs(nor?.getX(i) ?? 0);
    const ny = Math.abs(nor?.getY(i) ?? 0);
    const nz = Math.abs(nor?.getZ(i) ?? 1);
    const [u, v] = nx >= ny && nx >= nz ? [z, y] : ny >= nz ? [x, z] : [x, y];
    uv[2 * i] = u / tileM;
    uv[2 * i + 1] = v / tileM;
  }
  geometry.setAttribute('uv', new THREE.BufferAttribute(uv, 2));
}
