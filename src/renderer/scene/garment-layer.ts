import * as THREE from 'three';
import type { GarmentAsset } from '../../shared/garment';
import type { GarmentSilhouette } from '../../shared/garment-silhouette';
import { NecklineEdge } from '../garment/neckline-edge';
import { GarmentRig, type BodyInput, type FitReport, type RigOptions } from '../garment/rig';
import { warmGarmentRigOnce } from '../garment/warm-garment-rig';
import { isBottom } from '../garment/true-size';
import type { RoomLightUniforms } from '../cloth/room-light-texture';
import { CLOTH_SHADING, CLOTH_SHADING_PARS, createClothUniforms, DEFAULT_REFERENCE_LUMA, glslFloat as f, updateClothUniforms, type ClothUniforms } from '../cloth/cloth-shading';
import { personEverywhereUniforms, type PersonMaskTexture } from './person-mask-texture';
import { HemMotion2d } from '../cloth/sim-hem-2d';

/**
 * The back view's garment facts: a back neckline lies this far below the high point of the shoulder (a bodice
 * block's back neck depth, ≈ 2 cm; the front's is ≈ 7–8 cm), and a shirt's placket (or a jacket's button stand) is
 * about 3.5 cm wide. Fabric for the front opening is taken this far outside the high points.
 */
export const BACK_NECK_DROP_CM = 2;
export const FRONT_BAND_HALF_CM = 1.75;
const BESIDE_NECK_CM = 1.5;


const vertexShader = /* glsl */ `
  attribute float clip;
  attribute float clipTurned;
  // The shopper turned round (the fit's back view), whichever back picture is drawn.
  uniform float turned;
  varying vec2 vUv;
  varying vec2 vFramePx;
  varying float vClip;
  void main() {
    // The rig's uvs assume a texture flipped on upload; an ImageBitmap is never flipped, so flip here.
    vUv = vec2(uv.x, 1.0 - uv.y);
    vFramePx = position.xy;
    // Seen from behind, the parts' cuts are the back view's (GarmentMesh.clipsTurned).
    vClip = turned > 0.5 ? clipTurned : clip;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

// The garment picture shaded by the cloth module (folds and light from the camera picture, in Oklab with limits),
// with an anti-aliased edge of a fixed width on the body and, just past the edge where the person mask says
// "person" (collar, cuffs, hem, under the arms, a shirt under a jacket), a soft contact shadow on the shopper.
const fragmentShader = /* glsl */ `
  uniform sampler2D garmentMap;
  uniform float opacity;
  uniform float featherPx;
  // The contact shadow's reach as a mip level of the garment picture (see GarmentLayer.update).
  uniform float shadowLod;
  uniform float shadowOpacity;
  // The back view (see GarmentLayer.update): 1 when the shopper has their back to the mirror.
  uniform float backView;
  // Picture uv (x right, y down): centre front x, half the high points' distance, back neckline y, chest line y.
  uniform vec4 backNeck;
  // Picture uv: half the centre-front band's width (placket, buttons, zip), where beside the neck opening the fabric
  // is sampled from, and the lowest row an opening is filled down to (the waist: below it a hem's curve is air).
  uniform vec3 backBand;
  varying vec2 vUv;
  varying vec2 vFramePx;
  // How far inside its own cloth (GarmentMesh.clips): the torso draws only its own, a sleeve only its own.
  varying float vClip;
  ${CLOTH_SHADING_PARS}
  // The garment's back, derived from its front picture: the centre-front band replaced by the fabric beside it
  // (reflected across the band's edge), and the front neck opening (or a jacket's open front) filled with the fabric
  // on either side of it, from the back neckline down.
  // Moved lookups keep the derivatives of the fragment's own uv, so the mip level does not jump where they move.
  vec4 garmentTexel(vec2 uv) {
    vec2 gx = dFdx(uv);
    vec2 gy = dFdy(uv);
    vec4 g = textureGrad(garmentMap, uv, gx, gy);
    if (backView < 0.5 || uv.y < backNeck.z) return g;
    float dx = uv.x - backNeck.x;
    if (abs(dx) < backBand.x) {
      g = textureGrad(garmentMap, vec2(backNeck.x + (dx < 0.0 ? -1.0 : 1.0) * (2.0 * backBand.x - abs(dx)), uv.y), gx, gy);
    }
    if (g.a < 0.5 && abs(dx) < backNeck.y && uv.y < backBand.z) {
      vec4 l = textureGrad(garmentMap, vec2(backNeck.x - backBand.y, uv.y), gx, gy);
      vec4 r = textureGrad(garmentMap, vec2(backNeck.x + backBand.y, uv.y), gx, gy);
      if (l.a > 0.5 && r.a > 0.5) g = vec4(0.5 * (l.rgb + r.rgb), 1.0);
      else g = vec4(textureGrad(garmentMap, vec2(uv.x, backNeck.w), gx, gy).rgb, 1.0);
    }
    return g;
  }
  void main() {
    vec4 g = garmentTexel(vUv);
    // Camera pixels per screen pixel here: the edge widths are on the body, drawn at least one screen pixel wide.
    float cameraPerScreen = max(length(fwidth(vFramePx)) * 0.7071, 1e-3);
    float featherScreen = max(1.0, featherPx / cameraPerScreen);
    // The picture's alpha as a distance to its edge in screen pixels (alpha is 0.5 on the edge).
    float edgeDist = (g.a - 0.5) / max(fwidth(g.a), 1e-4);
    // A sleeve's copy ends where its own cloth does (an anti-aliased cut): the torso's cloth it takes in near the
    // shoulder is drawn by the torso, and casts no shadow on it.
    float clipA = clamp(vClip / max(fwidth(vClip), 1e-4) + 0.5, 0.0, 1.0);
    float a = clipA * clamp(edgeDist / featherScreen + 0.5, 0.0, 1.0);
    // The alpha blurred over the shadow's reach (a coarser mip level): how near the garment is. The level is the
    // fit's, not the fragment's own derivatives': a trouser leg's strip runs on past its hem with its rows fanned out
    // (transparent), and there the uv's stretch picked far coarser levels triangle by triangle — thin dark whiskers
    // under the hem on bare legs.
    float near = textureLod(garmentMap, vUv, shadowLod).a;
    vec2 frameUv = vFramePx / clothFramePx;
    float person = personMaskAt(frameUv) > 0.5 ? 1.0 : 0.0;
    float shadow = clipA * shadowOpacity * person * smoothstep(0.0, 0.5, near);
    float outA = a + (1.0 - a) * shadow;
    if (outA * opacity < 0.004) discard;
    vec3 rgb = vec3(0.0);
    if (a > 0.0) {
      float dL = clothOffset(vFramePx) - ${f(CLOTH_SHADING.edgeShade)} * (1.0 - near);
      // The garment's picture was taken in white light: in the room's, it takes the room's colour.
      rgb = clothShadeLab(g.rgb, dL) * clothTint;
    }
    // Garment over its shadow (black): colour = garment's share of the coverage.
    gl_FragColor = vec4(rgb * (a / max(outA, 1e-4)), outA * opacity);
    #include <colorspace_fragment>
  }
`;

/**
 * One worn 2D garment in the mirror's world (camera pixels): the rig's mesh in a BufferGeometry, redrawn from
 * the landmarks every frame without allocating. Owns its geometry, material and texture.
 */
export class GarmentLayer {
  /** The parts drawn under the shopper's own forearms (torso, upper sleeves, legs): parts with z ≤ 0. */
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  /**
   * The parts drawn over them (lower sleeves, z > 0): the same vertices and material, drawn after the occluder
   * (render order {@link GarmentLayer.FRONT_ORDER}). Add it to the scene beside `object`.
   */
  readonly front: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  /** Render order of `object`; an occluder of the shopper's arms goes between it and `front`. */
  static readonly BACK_ORDER = 10;
  static readonly FRONT_ORDER = 12;
  /** Where `front` is drawn while the shopper faces the mirror (see {@link GarmentLayer.setRenderOrders}). */
  private frontOrder = GarmentLayer.FRONT_ORDER;
  readonly rig: GarmentRig;
  private readonly positionAttr: THREE.BufferAttribute;
  /** Rewritten by the rig where a bent limb's crook reads its cloth from the segments (GarmentRig.uvsChanged). */
  private readonly uvAttr: THREE.BufferAttribute;
  private readonly texture: THREE.Texture;
  /** The picture's texels per garment-picture pixel (the anchors' unit): 1 unless the picture was loaded scaled. */
  private readonly texelsPerImagePx: number;
  /** The garment's own back picture (same framing as the front), drawn when the shopper turns round; null: derived. */
  private readonly backTexture: THREE.Texture | null;
  /** The cloth shading's uniforms (shared by reference with the material's). */
  private readonly cloth: ClothUniforms;
  /** Report of the last fit (owned by the rig). */
  lastFit: FitReport | null = null;
  /** Where the back view's neck and centre front are in the picture (null: a bottom, drawn as is from behind). */
  private readonly backPicture: BackPicture | null;
  /**
   * Both sleeves run past the elbow and are drawn over the forearms (`front`): the shopper's forearms are inside
   * them, so the occluder need not redraw the picture's forearms for this garment.
   */
  readonly sleevesCoverForearms: boolean;
  /** A dress's or skirt's hem moved by the cloth worker; null for other garments or with cloth motion off. */
  readonly hem: HemMotion2d | null;
  /** A top's neckline as the last fit drew it (the neck's occluder ends there); null for bottoms or unmeasured pictures. */
  private readonly neckline: NecklineEdge | null;

  constructor(
    readonly asset: GarmentAsset,
    image: TexImageSource,
    videoTexture: THREE.Texture,
    /** The worn size's measurements and the picture's silhouette (see RigOptions). */
    fit: Pick<RigOptions, 'measurements' | 'silhouette'> = {},
    /**
     * The person mask (borrowed): folds are taken and the contact shadow falls only where the shopper is. Null: a
     * person everywhere (as PersonMaskTexture without a mask).
     */
    mask: PersonMaskTexture | null = null,
    /**
     * The garment's back picture (owned from here on, as `image`): same size and framing as the front, drawn as seen
     * through the front (see shared/garment.ts `back`). Null: the back is derived from the front in the shader.
     */
    backImage: TexImageSource | null = null,
    /** The room's light on the shopper (StoreLight's `roomLight.uniforms`, shared). Null: an evenly lit room. */
    roomLight: RoomLightUniforms | null = null,
  ) {
    // The fit runs every frame: V8 is given its types and branches now, not on the shopper's first frames (issue
    // 14.5). Before this garment's own rig is made: the warm-up settles the rig's objects' shapes (a field first
    // holding 0, then a fraction, changes its object's shape, and code compiled for the old one is thrown away when
    // an object made earlier is met).
    warmGarmentRigOnce(asset, fit);
    this.rig = new GarmentRig(asset, fit);
    this.backPicture = backPictureOf(asset, fit.silhouette ?? null);
    this.hem = HemMotion2d.create(asset, this.rig.mesh);
    const necklinePx = fit.silhouette?.necklinePx;
    this.neckline = !isBottom(asset.category) && necklinePx && necklinePx.length >= 2 ? new NecklineEdge(this.rig.mesh, necklinePx) : null;
    const geometry = new THREE.BufferGeometry();
    this.positionAttr = new THREE.BufferAttribute(this.rig.mesh.positions, 3);
    this.positionAttr.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.positionAttr);
    this.uvAttr = new THREE.BufferAttribute(this.rig.mesh.uvs, 2);
    this.uvAttr.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('uv', this.uvAttr);
    geometry.setAttribute('clip', new THREE.BufferAttribute(this.rig.mesh.clips, 1));
    geometry.setAttribute('clipTurned', new THREE.BufferAttribute(this.rig.mesh.clipsTurned, 1));
    geometry.setIndex(new THREE.BufferAttribute(this.rig.mesh.indices, 1));
    this.texture = new THREE.Texture(image as HTMLImageElement);
    const imageWidth = (image as { width?: number }).width;
    this.texelsPerImagePx = imageWidth && asset.image.widthPx > 0 ? imageWidth / asset.image.widthPx : 1;
    this.texture.colorSpace = THREE.SRGBColorSpace;
    this.texture.needsUpdate = true;
    this.backTexture = backImage ? new THREE.Texture(backImage as HTMLImageElement) : null;
    if (this.backTexture) {
      this.backTexture.colorSpace = THREE.SRGBColorSpace;
      this.backTexture.needsUpdate = true;
    }
    this.cloth = createClothUniforms(videoTexture, mask ? mask.uniforms : personEverywhereUniforms(), '2d', roomLight ?? undefined);
    const material = new THREE.ShaderMaterial({
      uniforms: {
        ...this.cloth,
        garmentMap: { value: this.texture },
        opacity: { value: 1 },
        featherPx: { value: CLOTH_SHADING.featherCm / CLOTH_SHADING.fallbackCmPerPx },
        shadowLod: { value: 0 },
        shadowOpacity: { value: CLOTH_SHADING.shadowOpacity },
        backView: { value: 0 },
        turned: { value: 0 },
        backNeck: { value: new THREE.Vector4() },
        backBand: { value: new THREE.Vector3() },
      },
      vertexShader,
      fragmentShader,
      transparent: true,
      depthTest: false,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    this.object = new THREE.Mesh(geometry, material);
    this.object.frustumCulled = false;
    this.object.renderOrder = GarmentLayer.BACK_ORDER;
    this.object.visible = false;
    // Long sleeves: each has an elbow and a cuff past it, and the rig draws what lies past the elbow in front (one
    // strip's `:fore` block, or the lower sleeve part of a garment without a measured silhouette).
    const a = asset.anchorsPx;
    this.sleevesCoverForearms = !!(a.leftElbow && a.leftCuff && a.rightElbow && a.rightCuff) && this.rig.mesh.parts.some((p) => p.z > 0 && p.indexCount > 0);
    // Indices are sorted by part z: everything from the first part in front of the torso on is the front mesh.
    const split = this.rig.mesh.parts.find((p) => p.z > 0)?.firstIndex ?? this.rig.mesh.indices.length;
    const frontGeometry = new THREE.BufferGeometry();
    frontGeometry.setAttribute('position', this.positionAttr);
    frontGeometry.setAttribute('uv', geometry.getAttribute('uv'));
    frontGeometry.setAttribute('clip', geometry.getAttribute('clip'));
    frontGeometry.setAttribute('clipTurned', geometry.getAttribute('clipTurned'));
    frontGeometry.setIndex(geometry.getIndex());
    frontGeometry.setDrawRange(split, this.rig.mesh.indices.length - split);
    geometry.setDrawRange(0, split);
    this.front = new THREE.Mesh(frontGeometry, material);
    this.front.frustumCulled = false;
    this.front.renderOrder = GarmentLayer.FRONT_ORDER;
    this.front.visible = false;
  }

  /**
   * Fits the garment to the body (landmarks in camera pixels, world landmarks, the body's cm per pixel; borrowed)
   * and shows it; `null` hides it (nobody present). A fit that folds the mesh means the shopper is turned away: the
   * garment fades instead of drawing inside out.
   *
   * Facing is read from the shoulders: seen from the front, the wearer's left shoulder is on the image's right
   * (as on the garment's photo). A few folded triangles with the shopper facing the mirror are a sleeve crossing
   * the body, drawn as is; shoulders in the wrong order mean their back is turned.
   */
  update(body: BodyInput | null, frameWidthPx: number, frameHeightPx: number, referenceLuma = DEFAULT_REFERENCE_LUMA, nowMs: number | null = null): void {
    if (!body) {
      this.object.visible = false;
      this.front.visible = false;
      return;
    }
    const report = this.rig.fit(body);
    this.lastFit = report;
    // Seam for the cloth (issue 14.3): the hem follows the simulated skirt after the rig's fit (`nowMs`: the pose's time).
    if (this.hem && nowMs !== null) this.hem.apply(this.rig, body, this.rig.mesh.positions, nowMs);
    this.neckline?.update();
    this.positionAttr.needsUpdate = true;
    if (this.rig.uvsChanged) this.uvAttr.needsUpdate = true;
    const u = this.object.material.uniforms;
    updateClothUniforms(this.cloth, frameWidthPx, frameHeightPx, body.cmPerPx, referenceLuma, body.landmarksPx);
    if (body.cmPerPx > 0) {
      u.featherPx!.value = CLOTH_SHADING.featherCm / body.cmPerPx;
      // The reach in the picture's texels at the fit's scale (its finer direction: a level no finer than the old
      // per-fragment choice made where the cloth is drawn undistorted).
      const reachImagePx = CLOTH_SHADING.shadowCm / body.cmPerPx / Math.max(Math.min(report.acrossPxPerImagePx, report.alongPxPerImagePx), 1e-6);
      u.shadowLod!.value = Math.log2(Math.max(reachImagePx * this.texelsPerImagePx, 1));
    }
    // Turned round, the rig draws the garment mirrored (the wearer's left on the picture's left) and the garment's own
    // back picture is drawn, or without one the shader derives a back from the front. A fit that still folds is a
    // garment caught half-way (side on, shoulders crossing): faded, not inside out.
    const ownBack = report.backView && this.backTexture !== null;
    u.garmentMap!.value = ownBack ? this.backTexture : this.texture;
    const derived = report.backView && !ownBack && this.backPicture !== null;
    u.backView!.value = derived ? 1 : 0;
    u.turned!.value = report.backView ? 1 : 0;
    if (derived) this.updateBack(report);
    // From behind, a forearm across the body reaches forward, behind it: the lower sleeves go under the torso too.
    // Facing the mirror they stay where the outfit put them, after the occluder: drawn before it (the fixed
    // FRONT_ORDER under an outfit's occluder at 20), the shopper's forearm was redrawn over the sleeve and a long
    // sleeve stopped at a bent elbow.
    this.front.renderOrder = report.backView ? this.object.renderOrder - 0.5 : this.frontOrder;
    u.opacity!.value = report.backView && report.foldedTriangles > 0 ? 0.25 : 1;
    this.object.visible = true;
    this.front.visible = true;
  }

  /** The back view's uniforms for this fit's scale (the picture's cm per pixel). */
  private updateBack(report: FitReport): void {
    const b = this.backPicture!;
    const u = this.object.material.uniforms;
    const cmPerImagePx = report.acrossPxPerImagePx * report.cmPerPx;
    const cmPerImagePxDown = report.alongPxPerImagePx * report.cmPerPx;
    const { widthPx: w, heightPx: h } = this.asset.image;
    (u.backNeck!.value as THREE.Vector4).set(b.centreXPx / w, b.hpsHalfWidthPx / w, (b.hpsYPx + BACK_NECK_DROP_CM / cmPerImagePxDown) / h, b.chestYPx / h);
    (u.backBand!.value as THREE.Vector3).set(FRONT_BAND_HALF_CM / cmPerImagePx / w, (b.hpsHalfWidthPx + BESIDE_NECK_CM / cmPerImagePx) / w, b.waistYPx / h);
  }

  /**
   * The render orders of the parts under the shopper's forearms (`object`) and over them (`front`, facing the
   * mirror): an outfit puts every garment's front after its occluder of the forearms and hands.
   */
  setRenderOrders(back: number, front: number): void {
    this.object.renderOrder = back;
    this.frontOrder = front;
    this.front.renderOrder = front;
  }

  /**
   * The neckline the neck's occluder ends at (camera pixels, as the last fit drew the picture's; borrowed until the
   * next fit), or null: a bottom, a picture without one, hidden, or seen from behind (the picture's front neckline is
   * not where the back's cloth begins).
   */
  get neckEdge(): NecklineEdge | null {
    if (!this.neckline || this.neckline.count < 2 || !this.object.visible || this.lastFit?.backView) return null;
    return this.neckline;
  }

  /** The contact shadow on the shopper: on in the mirror; off for `atelier tryon`'s coverage pass (garment only). */
  set contactShadow(on: boolean) {
    this.object.material.uniforms.shadowOpacity!.value = on ? CLOTH_SHADING.shadowOpacity : 0;
  }

  dispose(): void {
    this.hem?.dispose();
    this.front.geometry.dispose();
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.texture.dispose();
    (this.texture.image as { close?: () => void } | null)?.close?.();
    this.backTexture?.dispose();
    (this.backTexture?.image as { close?: () => void } | null | undefined)?.close?.();
  }

  /** Which picture the last fit drew: the garment's own back, a back derived from the front, or the front. */
  get drawnSide(): 'front' | 'ownBack' | 'derivedBack' {
    const u = this.object.material.uniforms;
    if (u.garmentMap!.value === this.backTexture && this.backTexture) return 'ownBack';
    return u.backView!.value === 1 ? 'derivedBack' : 'front';
  }
}

/** A top's front details in its picture, px: what its back view replaces. */
interface BackPicture {
  centreXPx: number;
  hpsHalfWidthPx: number;
  hpsYPx: number;
  /** A row of the torso that is fabric across the centre front (half-way shoulders → waist). */
  chestYPx: number;
  /** The waist line: a front opening is filled down to it, no lower. */
  waistYPx: number;
}

/**
 * Where a top's centre front, neck opening and chest lie in its picture; null for bottoms (their back differs from
 * the front only by pockets, drawn as is) and pictures without neck and shoulder anchors.
 */
function backPictureOf(asset: GarmentAsset, silhouette: GarmentSilhouette | null): BackPicture | null {
  const a = asset.anchorsPx;
  if (!a.neck || !a.leftShoulder || !a.rightShoulder) return null;
  const shoulderY = (a.leftShoulder[1] + a.rightShoulder[1]) / 2;
  const waistY = a.leftWaist && a.rightWaist ? (a.leftWaist[1] + a.rightWaist[1]) / 2 : a.neck[1] + 2 * Math.abs(a.leftShoulder[0] - a.rightShoulder[0]);
  // Without a measured silhouette: the high points a third of the way from the centre to the shoulder points, at
  // the neck anchor's height (a crew neck's proportions).
  const span = Math.abs(a.leftShoulder[0] - a.rightShoulder[0]);
  return {
    centreXPx: a.neck[0],
    hpsHalfWidthPx: silhouette?.hpsHalfWidthPx ?? span / 6,
    hpsYPx: silhouette?.hpsYPx ?? a.neck[1],
    chestYPx: (shoulderY + waistY) / 2,
    waistYPx: waistY,
  };
}
